"""Template markup inside post bodies: Liquid tags, Hugo shortcodes, WordPress code.

Jekyll expands ``{% highlight c %} … {% endhighlight %}`` before Markdown or HTML is
rendered, and Hugo expands ``{{< shortcode >}}``. Neither is prose: highlight regions
are code, and the tags themselves are markup. WordPress's code plugins (SyntaxHighlighter
Evolved, Jetpack) do the same with ``[code lang="c"] … [/code]``, ``[sourcecode]``,
``[latex]`` and ``$latex … $``; MathJax and KaTeX typeset ``$$ … $$``, ``\\[ … \\]`` and
``\\( … \\)`` in a page's HTML, where a link would break the formula; and kramdown keeps
``{::comment}`` and ``{::nomarkdown}`` regions out of its Markdown. The readers blank
these spans out (keeping offsets) before parsing and add their content back as code
blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.document import Block, Segment


@dataclass(frozen=True)
class Region:
    """Text between an opening delimiter and the first closing one after it.

    Attributes:
        opener: the opening delimiter.
        closer: the closing delimiter.
        forbidden: characters the text between them may not hold: a span with one is
            not a region.
        longest: the most characters the text between them may hold.
    """

    opener: re.Pattern[str]
    closer: re.Pattern[str]
    forbidden: str = ""
    longest: int | None = None


def _region(
    opener: str, closer: str, forbidden: str = "", longest: int | None = None, flags: int = 0
) -> Region:
    return Region(re.compile(opener, flags), re.compile(closer, flags), forbidden, longest)


_HIGHLIGHT = _region(r"\{%-?\s*highlight\b[^%]*-?%\}", r"\{%-?\s*endhighlight\s*-?%\}")
#: Only where posts are WordPress content (HTML): a Markdown "[code page][ref]" is a link.
#: (No delimiter's attributes hold its brackets or braces, so one left open ends at the
#: next: each is read once.)
WORDPRESS_CODE = tuple(
    _region(rf"\[{tag}(?:\s+\w+=[^\[\]\n]*)?\]", rf"\[/{tag}\]", flags=re.IGNORECASE)
    for tag in ("sourcecode", "code", "latex")
)
#: Jetpack's inline maths: ``$latex e^{i\pi} = -1$``.
WORDPRESS_LATEX = _region(r"\$latex\s", r"\$", forbidden="\n")
#: kramdown's extensions (Jekyll's default Markdown): a comment, and raw text kramdown
#: passes through untouched, where a Markdown link would show as brackets.
KRAMDOWN_BLOCKS = tuple(
    _region(rf"\{{::{tag}\b[^{{}}\n]*\}}", rf"\{{:/(?:{tag})?\}}")
    for tag in ("comment", "nomarkdown")
)
#: MathJax's and KaTeX's default delimiters in HTML (display, then inline). A formula
#: holds no markup (``<`` is written ``&lt;``), so a span with a tag in it is not one.
HTML_MATH = (
    _region(r"\$\$", r"\$\$", forbidden="$<", longest=5000),
    _region(r"\\\[", r"\\\]", forbidden="<", longest=5000),
    _region(r"\\\(", r"\\\)", forbidden="<\n", longest=1000),
)
#: Liquid tags and Hugo shortcodes: markup on one line, blanked out but not code.
_TAGS = (
    _region(r"\{%", r"%\}", forbidden="\n"),
    _region(r"\{\{<", r">\}\}", forbidden="\n"),
    _region(r"\{\{%", r"%\}\}", forbidden="\n"),
)


@dataclass(frozen=True)
class TemplateMarkup:
    """Template spans found in a text.

    Attributes:
        masked: spans to blank out before parsing (tags and whole highlight regions).
        code_blocks: one code block per highlight region, with source offsets.
    """

    masked: tuple[tuple[int, int], ...]
    code_blocks: tuple[Block, ...]


def find_template_markup(
    source: str, start: int = 0, code_regions: tuple[Region, ...] = ()
) -> TemplateMarkup:
    """Find Liquid tags, highlight regions and Hugo shortcodes in ``source[start:]``,
    and the regions of ``code_regions`` (such as :data:`WORDPRESS_CODE`), in time
    linear in the source's length whatever it holds (a draft of 200,000 unclosed
    ``{%`` is hostile input, not a reason to scan it 100,000 times)."""
    regions = (*code_regions, _HIGHLIGHT) if "{%" in source else code_regions
    if not regions and "{{" not in source:
        return TemplateMarkup((), ())
    masked: list[tuple[int, int]] = []
    code: list[Block] = []
    tags = [_Finder(source, tag) for tag in _TAGS]
    pos = start
    found = (span for region in regions for span in _Finder(source, region).find(start))
    for begin, end, inner, inner_end in _outermost(found):
        masked.extend(_tag_spans(tags, pos, begin))
        masked.append((begin, end))
        text = source[inner:inner_end]
        if text.strip():
            code.append(Block("code", (Segment(text, inner, inner_end, False),)))
        pos = end
    masked.extend(_tag_spans(tags, pos, len(source)))
    return TemplateMarkup(tuple(masked), tuple(code))


_Found = tuple[int, int, int, int]  # the region's start and end, its content's start and end


class _Finder:
    """Finds one kind of region, for stretches of a source taken from left to right."""

    def __init__(self, source: str, region: Region) -> None:
        self.source = source
        self.region = region
        self._closers = _First(region.closer, source)
        bad = re.compile(f"[{re.escape(region.forbidden)}]") if region.forbidden else None
        self._forbidden = _First(bad, source) if bad else None

    def find(self, start: int, end: int | None = None) -> list[_Found]:
        """The regions in ``source[start:end]``, never overlapping; ``start`` must not be
        before the ``end`` of the last call."""
        end = len(self.source) if end is None else end
        out: list[_Found] = []
        pos = start
        while (m := self.region.opener.search(self.source, pos, end)) is not None:
            close = self._closers.at(m.end())
            if close is None or close.end() > end:
                break  # no later opener has a closer either
            bad = self._forbidden.at(m.end()) if self._forbidden else None
            longest = self.region.longest
            if (bad is None or bad.start() >= close.start()) and (
                longest is None or close.start() - m.end() <= longest
            ):
                out.append((m.start(), close.end(), m.end(), close.start()))
                pos = close.end()
            else:
                pos = m.start() + 1
        return out


class _First:
    """The first match of a pattern at or after a position. Asked for positions that
    never go back, it searches again only past the match it last found, so a whole
    scan reads the source about once."""

    def __init__(self, pattern: re.Pattern[str], source: str) -> None:
        self._pattern, self._source = pattern, source
        self._asked = len(source) + 1
        self._found: re.Match[str] | None = None

    def at(self, pos: int) -> re.Match[str] | None:
        if pos < self._asked or (self._found is not None and self._found.start() < pos):
            self._found = self._pattern.search(self._source, pos)
            self._asked = pos
        return self._found


def _outermost(found: Iterable[_Found]) -> list[_Found]:
    """The regions in order of their start, none inside or across an earlier one."""
    out: list[_Found] = []
    for span in sorted(found):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _tag_spans(tags: list[_Finder], start: int, end: int) -> list[tuple[int, int]]:
    return [(s[0], s[1]) for s in _outermost(s for tag in tags for s in tag.find(start, end))]
