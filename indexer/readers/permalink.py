"""Permalink rules: Jekyll's (``/blog/:year/:month/:day/`` and the named styles) and Hugo's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote

#: Jekyll's named permalink styles.
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

_DATE_PARTS = {
    "year": "%Y",
    "short_year": "%y",
    "month": "%m",
    "short_month": "%b",
    "long_month": "%B",
    "day": "%d",
    "y_day": "%j",
    "week": "%V",
    "w_year": "%G",
    "w_day": "%u",
    "short_day": "%a",
    "long_day": "%A",
    "hour": "%H",
    "minute": "%M",
    "second": "%S",
}
_NAMES = [
    *_DATE_PARTS,
    *("i_month", "i_day", "title", "slug", "categories", "slugified_categories", "output_ext"),
]
_PLACEHOLDER = re.compile(r":(" + "|".join(sorted(_NAMES, key=len, reverse=True)) + r")(?!\w)")
_NOT_SLUG = re.compile(r"[\W_]+")  # Jekyll's default mode keeps letters and digits
_NOT_PRETTY = re.compile(r"[^\w.~!$&'()+,;=@]+")  # its "pretty" mode keeps these too
#: What Jekyll leaves unescaped in a placeholder's value (RFC 3986's path characters).
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def slugify(text: str, pretty: bool = False) -> str:
    """Jekyll's slug: runs of characters other than letters and digits become ``-``, in
    lower case; ``pretty`` (for ``:title``) also keeps ``._~!$&'()+,;=@`` and the case."""
    if pretty:
        return _NOT_PRETTY.sub("-", text).strip("-")
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def _categories(categories: Sequence[str]) -> str:
    """Jekyll's ``:categories``: each once, in lower case but not slugified, joined by
    ``/`` and escaped as a URL path ("Web Development" gives ``web%20development``)."""
    return quote("/".join(dict.fromkeys(c.lower() for c in categories)), safe=_PATH_SAFE)


def expand_permalink(
    rule: str,
    *,
    title: str,
    date: datetime | None,
    categories: Sequence[str] = (),
    output_ext: str = ".html",
) -> str:
    """Fill in a permalink rule for one post.

    Args:
        rule: a Jekyll rule (``/blog/:year/:month/:day/:title/``) or style name
            (``date``, ``pretty``, ``ordinal``, ``weekdate``, ``none``).
        title: the post's slug (front matter ``slug``, else from the file name),
            slugified as Jekyll does: keeping its case for ``:title``, not for ``:slug``.
        date: the post's date, in the site's local time, for the date placeholders.
        categories: category names for ``:categories``.
        output_ext: the extension for ``:output_ext``.

    Returns:
        The URL path, starting with ``/``, with repeated slashes collapsed.

    Raises:
        ValueError: the rule needs a date and the post has none.
    """
    pattern = STYLES.get(rule.strip(), rule.strip())

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "title":
            return slugify(title, pretty=True)
        if name == "slug":
            return slugify(title)
        if name == "categories":
            return _categories(categories)
        if name == "slugified_categories":  # each once, as for :categories
            return "/".join(dict.fromkeys(slugify(c) for c in categories))
        if name == "output_ext":
            return output_ext
        if date is None:
            raise ValueError(f"permalink {pattern!r} needs a date (:{name}) and there is none")
        if name == "i_month":
            return str(date.month)
        if name == "i_day":
            return str(date.day)
        return date.strftime(_DATE_PARTS[name])

    path = _PLACEHOLDER.sub(fill, pattern)
    return "/" + re.sub(r"/{2,}", "/", path).lstrip("/")


_HUGO_TOKENS = (
    *("year", "monthname", "month", "day", "weekdayname", "weekday", "yearday"),
    *("sections", "section", "title", "slug", "filename", "contentbasename"),
    *("slugorfilename", "slugorcontentbasename"),
)
_HUGO_PLACEHOLDER = re.compile(
    r":(" + "|".join(sorted(_HUGO_TOKENS, key=len, reverse=True)) + r")(?!\w)"
)
_HUGO_DATES = {"year": "%Y", "month": "%m", "monthname": "%B", "day": "%d", "yearday": "%j"}
_HUGO_KEEP = frozenset("./_-#+~")


def hugo_urlize(text: str) -> str:
    """A title or slug as Hugo puts it in a path: each space a ``-``, characters other
    than letters, digits and ``./_-#+~`` dropped, lower case."""
    chars = ("-" if ch.isspace() else ch for ch in text.strip())
    return "".join(ch for ch in chars if ch.isalnum() or ch in _HUGO_KEEP).lower()


def expand_hugo_permalink(
    rule: str,
    *,
    sections: Sequence[str],
    title: str,
    slug: str,
    filename: str,
    date: datetime | None,
) -> str:
    """Fill in one of Hugo's ``[permalinks]`` rules for a page.

    Args:
        rule: the rule of the page's section (``/:year/:month/:slug/``).
        sections: the folders from ``content/`` to the page (``["posts"]``).
        title: the page's title, for ``:title`` (and ``:slug`` without a slug).
        slug: its front matter ``slug``, or ``""``.
        filename: its file name without the extension (a bundle's: its folder's).
        date: its date, for the date placeholders.

    Returns:
        The URL path, starting with ``/``, with repeated slashes collapsed.

    Raises:
        ValueError: the rule needs a date and the page has none.
    """
    named = hugo_urlize(slug) if slug else ""

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        values = {
            "section": sections[0] if sections else "",
            "sections": "/".join(sections),
            "title": hugo_urlize(title),
            "slug": named or hugo_urlize(title),
            "filename": filename,
            "contentbasename": filename,
            "slugorfilename": named or filename,
            "slugorcontentbasename": named or filename,
        }
        if name in values:
            return values[name]
        if date is None:
            raise ValueError(f"permalink {rule!r} needs a date (:{name}) and there is none")
        if name == "weekday":
            return str(date.isoweekday() % 7)  # Go's time.Weekday: Sunday is 0
        if name == "weekdayname":
            return date.strftime("%A")
        return date.strftime(_HUGO_DATES[name])

    path = _HUGO_PLACEHOLDER.sub(fill, rule.strip())
    return "/" + re.sub(r"/{2,}", "/", path).lstrip("/")
