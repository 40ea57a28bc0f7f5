"""The review page of a plan: one self-contained HTML file (inline CSS, no scripts, no
network), each edit in context before and after, with its status and how to change it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path

from service.relink.planfile import Edit

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin:2rem 0 .3rem;border-bottom:1px solid #ddd}
.path{color:#666;font-size:.85rem;word-break:break-all}
.edit{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.edit.accepted{border-color:#2a7;background:#f3fbf6}.edit.rejected{opacity:.6}
.status{font-weight:600;text-transform:uppercase;font-size:.75rem;padding:.1rem .4rem;
border-radius:3px;background:#eee}.accepted .status{background:#2a7;color:#fff}
.rejected .status{background:#b33;color:#fff}
pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:.4rem .6rem;
margin:.2rem 0}
mark{background:#fde68a}ins{background:#bbf7d0;text-decoration:none}
code{font-size:.85rem}.reasons{color:#555;font-size:.85rem;margin:.3rem 0 0 1rem}
"""


def review_path(plan: Path) -> Path:
    """The review page next to a plan (``relink.jsonl`` -> ``relink.html``)."""
    return plan.with_suffix(".html") if plan.suffix else plan.with_name(plan.name + ".html")


def render(plan: Path, edits: Sequence[Edit]) -> str:
    """The review page for ``edits`` of the plan at ``plan``."""
    counts = Counter(e.status for e in edits)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("proposed", "accepted", "rejected"))
    name = escape(str(plan))
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>linkwright re-linking plan: {escape(plan.name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Re-linking plan <code>{escape(plan.name)}</code></h1>",
        f"<p>{len(edits)} proposed link(s) in {len({e.file for e in edits})} file(s): "
        f"{summary}.</p>",
        "<p>Accept or reject with <code>linkwright relink mark "
        f"{name} ID… --accept</code> (or <code>--reject</code>), then "
        f"<code>linkwright relink apply {name}</code>; "
        f"<code>linkwright relink undo {name}</code> puts every file back.</p>",
    ]
    current = None
    for e in edits:
        if e.file != current:
            current = e.file
            parts.append(
                f"<h2>{escape(e.source_title)} <small>{escape(e.source_url)}</small></h2>"
                f'<div class="path">{escape(e.file)}</div>'
            )
        parts.append(_edit(e))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _edit(e: Edit) -> str:
    before, after = escape(e.context_before), escape(e.context_after)
    reasons = "".join(
        f"<li>{escape(str(r.get('code', '')))}: {escape(str(r.get('detail', '')))} "
        f"({r.get('value', '')})</li>"
        for r in e.reasons
    )
    return (
        f'<div class="edit {e.status}" id="{escape(e.id)}">'
        f'<span class="status">{e.status}</span> <code>{escape(e.id)}</code> '
        f"&rarr; <strong>{escape(e.target_title)}</strong> "
        f"<code>{escape(e.target_url)}</code>, score {e.score:.2f}, "
        f"characters {e.start}&ndash;{e.end}"
        f"<div>Before:</div><pre>…{before}<mark>{escape(e.anchor)}</mark>{after}…</pre>"
        f"<div>After:</div><pre>…{before}<ins>{escape(e.replacement)}</ins>{after}…</pre>"
        f'<ul class="reasons">{reasons}</ul></div>'
    )
