"""Static-site template markup inside post bodies: Liquid tags and Hugo shortcodes.

Jekyll expands ``{% highlight c %} … {% endhighlight %}`` before Markdown or HTML is
rendered, and Hugo expands ``{{< shortcode >}}``. Neither is prose: highlight regions
are code, and the tags themselves are markup. The readers blank these spans out (keeping
offsets) before parsing and add the highlighted code back as code blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.document import Block, Segment

_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\b[^%]*-?%\}(?P<code>.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)
_TAG = re.compile(r"\{%[^\n]*?%\}|\{\{<[^\n]*?>\}\}|\{\{%[^\n]*?%\}\}")


@dataclass(frozen=True)
class TemplateMarkup:
    """Template spans found in a text.

    Attributes:
        masked: spans to blank out before parsing (tags and whole highlight regions).
        code_blocks: one code block per highlight region, with source offsets.
    """

    masked: tuple[tuple[int, int], ...]
    code_blocks: tuple[Block, ...]


def find_template_markup(source: str, start: int = 0) -> TemplateMarkup:
    """Find Liquid tags, highlight regions and Hugo shortcodes in ``source[start:]``."""
    if "{%" not in source and "{{" not in source:
        return TemplateMarkup((), ())
    masked: list[tuple[int, int]] = []
    code: list[Block] = []
    pos = start
    for m in _HIGHLIGHT.finditer(source, start):
        masked.extend(_tags(source, pos, m.start()))
        masked.append(m.span())
        text = m.group("code")
        if text.strip():
            seg = Segment(text, m.start("code"), m.end("code"), False)
            code.append(Block("code", (seg,)))
        pos = m.end()
    masked.extend(_tags(source, pos, len(source)))
    return TemplateMarkup(tuple(masked), tuple(code))


def _tags(source: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _TAG.finditer(source, start, end)]
