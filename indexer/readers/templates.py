"""Template markup inside post bodies: Liquid tags, Hugo shortcodes, WordPress code.

Jekyll expands ``{% highlight c %} … {% endhighlight %}`` before Markdown or HTML is
rendered, and Hugo expands ``{{< shortcode >}}``. Neither is prose: highlight regions
are code, and the tags themselves are markup. WordPress's code plugins (SyntaxHighlighter
Evolved, Jetpack) do the same with ``[code lang="c"] … [/code]``, ``[sourcecode]``,
``[latex]`` and ``$latex … $``, and kramdown keeps ``{::comment}`` and ``{::nomarkdown}``
regions out of its Markdown. The readers blank these spans out (keeping offsets) before
parsing and add their content back as code blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.document import Block, Segment

_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\b[^%]*-?%\}(?P<code>.*?)\{%-?\s*endhighlight\s*-?%\}", re.DOTALL
)
#: Only where posts are WordPress content (HTML): a Markdown "[code page][ref]" is a link.
WORDPRESS_CODE = re.compile(
    r"\[(?P<tag>sourcecode|code|latex)(?:\s+\w+=[^\]\n]*)?\](?P<code>.*?)\[/(?P=tag)\]",
    re.DOTALL | re.IGNORECASE,
)
#: kramdown's extensions (Jekyll's default Markdown): a comment, and raw text kramdown
#: passes through untouched, where a Markdown link would show as brackets.
KRAMDOWN_BLOCKS = re.compile(
    r"\{::(?P<tag>comment|nomarkdown)\b[^}\n]*\}(?P<code>.*?)\{:/(?:(?P=tag))?\}", re.DOTALL
)
#: Jetpack's inline maths: ``$latex e^{i\pi} = -1$``.
WORDPRESS_LATEX = re.compile(r"\$latex\s(?P<code>[^$\n]*)\$")
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


def find_template_markup(
    source: str, start: int = 0, code_regions: tuple[re.Pattern[str], ...] = ()
) -> TemplateMarkup:
    """Find Liquid tags, highlight regions and Hugo shortcodes in ``source[start:]``,
    and the regions of ``code_regions`` (patterns with a ``code`` group, such as
    :data:`WORDPRESS_CODE`)."""
    patterns = (*code_regions, _HIGHLIGHT) if "{%" in source else code_regions
    if not patterns and "{{" not in source:
        return TemplateMarkup((), ())
    masked: list[tuple[int, int]] = []
    code: list[Block] = []
    pos = start
    for m in _regions(source, start, patterns):
        masked.extend(_tags(source, pos, m.start()))
        masked.append(m.span())
        text = m.group("code")
        if text.strip():
            seg = Segment(text, m.start("code"), m.end("code"), False)
            code.append(Block("code", (seg,)))
        pos = m.end()
    masked.extend(_tags(source, pos, len(source)))
    return TemplateMarkup(tuple(masked), tuple(code))


def _regions(source: str, start: int, patterns: tuple[re.Pattern[str], ...]) -> list[re.Match[str]]:
    """The code regions of every pattern, in order, none inside another's."""
    found = sorted(
        (m for p in patterns for m in p.finditer(source, start)), key=lambda m: m.start()
    )
    out: list[re.Match[str]] = []
    for m in found:
        if not out or m.start() >= out[-1].end():
            out.append(m)
    return out


def _tags(source: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _TAG.finditer(source, start, end)]
