"""Small facts about HTML elements, shared by the HTML reader and inline Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from html.parser import HTMLParser

#: Elements whose start begins a new block (and whose end closes it).
BLOCK_ELEMENTS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "ul",
    }
)  # fmt: skip

#: Elements that never have content or an end tag.
VOID_ELEMENTS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr",
    }
)  # fmt: skip

#: Elements whose content is not prose at all, or is never shown as markup (``title``,
#: ``textarea``, ``iframe`` …), or is a control a link cannot go in (``button``, ``select``),
#: or is shown only where the element itself fails ("Your browser does not support the
#: video tag": ``video``, ``audio``, ``canvas``, ``object``).
SKIPPED_ELEMENTS = frozenset(
    {
        "script", "style", "template", "noscript", "svg", "math", "title", "textarea",
        "iframe", "noembed", "noframes", "xmp", "button", "select",
        "video", "audio", "canvas", "object",
    }
)  # fmt: skip

HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.tag is None:
            self.tag = (tag, dict(attrs))


def parse_start_tag(text: str) -> tuple[str, dict[str, str | None]] | None:
    """Parse one start tag (``<a href="/x" rel=nofollow>``) into its name and attributes.

    Returns:
        ``(name, attributes)`` with the name lower-cased and attribute values decoded,
        or ``None`` when ``text`` does not start with a start tag.
    """
    reader = _TagReader()
    reader.feed(text)
    reader.close()
    return reader.tag


class OpenElements:
    """The stack of open elements, counted so that "is any X open?" costs O(1)."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._counts: Counter[str] = Counter()

    def push(self, name: str) -> None:
        """Open an element."""
        self._names.append(name)
        self._counts[name] += 1

    def any_open(self, names: Collection[str]) -> bool:
        """Whether any element named in ``names`` is open."""
        return any(self._counts[n] for n in names)

    def close(self, name: str) -> bool:
        """Close the innermost open ``name`` and everything opened inside it.

        Returns:
            Whether such an element was open.
        """
        if not self._counts[name]:
            return False
        index = len(self._names) - 1 - self._names[::-1].index(name)
        self.truncate(index)
        return True

    def truncate(self, index: int) -> None:
        """Close the element at ``index`` and every element above it."""
        for name in self._names[index:]:
            self._counts[name] -= 1
        del self._names[index:]

    def innermost(
        self,
        names: Collection[str],
        *,
        stop: Collection[str] = frozenset(),
        limit: int | None = None,
    ) -> int | None:
        """The index of the innermost open element named in ``names``, if any.

        The search gives up at an element in ``stop`` and after ``limit`` elements.
        """
        if not self.any_open(names):
            return None
        for steps, i in enumerate(range(len(self._names) - 1, -1, -1)):
            name = self._names[i]
            if name in names:
                return i
            if name in stop or (limit is not None and steps >= limit):
                return None
        return None

    def name(self, index: int) -> str:
        """The name of the open element at ``index``."""
        return self._names[index]
