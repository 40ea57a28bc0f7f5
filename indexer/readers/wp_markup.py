"""Remove WordPress-only markup from post content: Gutenberg block comments and shortcodes.

WordPress stores a post as HTML sprinkled with markup that only WordPress understands:
block delimiters (``<!-- wp:paragraph -->`` … ``<!-- /wp:paragraph -->``) and shortcodes
(``[gallery ids="1,2"]``, ``[caption …]<img …> A caption[/caption]``). Neither is prose,
so both go before the HTML reader sees the body. Used for WXR files and, later, for the
REST API's raw content.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

#: Gutenberg block delimiters (``<!-- wp:x {...} -->``, ``<!-- /wp:x -->``, ``… /-->``) and
#: the classic editor's ``<!--more-->``, ``<!--nextpage-->`` and ``<!--noteaser-->``.
#: A delimiter holds no other comment (Gutenberg writes "--" in its attributes as
#: "\u002d\u002d"), so one left open ends where the next begins (or the text does): the
#: text is read once, not once from each of 10,000 unclosed delimiters.
_WP_COMMENT = re.compile(
    r"<!--\s*(?:/?wp:|(?:more|nextpage|noteaser)\b)(?:(?!<!--)[\s\S])*?(?:-->|(?=<!--)|\Z)"
)

#: Media and embed shortcodes whose enclosed content is a URL or a player, not prose.
_DROPPED = (
    *("embed", "audio", "video", "playlist", "gallery"),  # WordPress core
    *("wpvideo", "videopress", "youtube", "vimeo", "soundcloud", "tweet", "googlemaps"),
    *("slideshow", "contact-form", "contact-field"),  # Jetpack
)

#: Shortcodes whose enclosed content is prose (the caption under an image).
_CAPTIONS = ("caption", "wp_caption")

_NAME_END = r"(?=[\s\]/])"  # a shortcode name ends at a space, ']' or '/'
#: Attributes hold no square brackets (WordPress forbids them), and WordPress does not
#: nest a shortcode in itself, so an enclosing one's content holds no tag of its name.
#: An unclosed tag then ends at the next bracket or tag: each is read once.
_ATTRS = r"[^\[\]]*"
_CONTENT = rf"(?:(?!\[\1{_NAME_END})[\s\S])*?"
_ENCLOSING_DROP = re.compile(
    rf"(?<!\[)\[({'|'.join(_DROPPED)}){_NAME_END}{_ATTRS}\]{_CONTENT}\[/\1\]", re.IGNORECASE
)
_ENCLOSING_CAPTION = re.compile(
    rf"(?<!\[)\[({'|'.join(_CAPTIONS)}){_NAME_END}({_ATTRS})\]({_CONTENT})\[/\1\]", re.IGNORECASE
)
_CAPTION_ATTR = re.compile(r"""\bcaption\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CLOSING_TAG = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def strip_wp_markup(content: str) -> str:
    """Remove block comments, ``<!--more-->``-style markers and shortcodes from content.

    Media shortcodes (``[gallery]``, ``[audio …]``, ``[embed]url[/embed]``, …) are
    dropped with whatever they enclose; ``[caption]`` keeps its inner HTML and caption
    text but loses its tags; any other enclosing shortcode (one that appears as
    ``[/name]``, as page builders write them) keeps its content and loses its tags.
    Escaped shortcodes (``[[gallery]]``) and bracketed prose (``[sic]``) are kept.

    Args:
        content: the post's ``content:encoded`` text.

    Returns:
        The HTML with WordPress markup removed and runs of blank lines collapsed.
    """
    text = _WP_COMMENT.sub("", content)
    text = _ENCLOSING_DROP.sub("", text)
    text = _ENCLOSING_CAPTION.sub(_caption_text, text)
    text = _strip_tags_named(text, (*_DROPPED, *_CAPTIONS))
    text = _strip_tags_named(text, {m.lower() for m in _CLOSING_TAG.findall(text)})
    return _BLANK_RUN.sub("\n\n", text).strip()


def _caption_text(match: re.Match[str]) -> str:
    """The replacement for one ``[caption …]…[/caption]``: its inner HTML and caption."""
    inner = match.group(3)
    attr = _CAPTION_ATTR.search(match.group(2))
    if attr is None:
        return inner
    caption = attr.group(1) if attr.group(1) is not None else attr.group(2)
    return f"{inner} {html.unescape(caption)}"


def _strip_tags_named(text: str, names: Collection[str]) -> str:
    """Remove opening, closing and self-closing shortcode tags with the given names."""
    if not names:
        return text
    alternatives = "|".join(re.escape(name) for name in sorted(names))
    pattern = re.compile(rf"(?<!\[)\[/?({alternatives}){_NAME_END}{_ATTRS}\](?!\])", re.IGNORECASE)
    return pattern.sub("", text)
