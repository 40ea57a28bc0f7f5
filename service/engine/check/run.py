"""``run_check``: a draft in, findings about its links and the best missing links out."""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Protocol

from indexer.document import Document, Format
from indexer.generic import bare_anchor
from service.engine.check.context import CheckContext, IndexLookup
from service.engine.check.registry import RULES
from service.engine.check.types import (
    MAX_PER_RULE,
    CheckConfig,
    CheckResult,
    Finding,
    Issue,
    Severity,
)
from service.engine.draft import parsed
from service.engine.index import LoadedIndex
from service.engine.types import (
    Draft,
    DraftTooLarge,
    IndexInfo,
    InvalidRequest,
    Options,
    SuggestionResult,
)


class CheckableEngine(Protocol):
    """An engine with a loaded index: what :func:`run_check` needs."""

    index: LoadedIndex
    max_draft_chars: int

    def suggest(self, draft: Draft) -> SuggestionResult: ...

    def info(self) -> IndexInfo: ...


def run_check(
    engine: CheckableEngine,
    text: str,
    format: Format = "markdown",
    url: str | None = None,
    config: CheckConfig | None = None,
    *,
    keyphrase: str | None = None,
    options: Options | None = None,
    suggest: bool = True,
    lookup: IndexLookup | None = None,
    categories: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    date: datetime | None = None,
) -> CheckResult:
    """Check the links of a draft and suggest the best missing ones.

    Args:
        engine: the engine (its index answers the rules' lookups).
        text: the draft, exactly as written; offsets index into it.
        format: ``markdown``, ``html`` or ``text``.
        url: the draft's own URL; else its front matter ``url`` or ``permalink``.
        config: which rules run and their thresholds (defaults when None).
        keyphrase: the draft's focus keyphrase; else front matter ``keyphrase`` or
            ``focus_keyphrase``.
        options: limits of the suggestions.
        suggest: whether to add the engine's suggestions.
        lookup: the index lookups (defaults to the engine's index).
        categories, tags, date: what the draft says about itself, for the suggestions
            (see :class:`~service.engine.types.Draft`); else its front matter's.

    Raises:
        InvalidRequest: the draft is empty.
        DraftTooLarge: the draft is longer than the engine accepts.
    """
    if not text.strip():
        raise InvalidRequest("the draft is empty: send the text to check")
    if len(text) > engine.max_draft_chars:
        raise DraftTooLarge(
            f"the draft has {len(text):,} characters; the limit is {engine.max_draft_chars:,}"
        )
    config = config or CheckConfig()
    started = time.perf_counter()
    document = parsed(text, format)
    url = url or _front(document, "url", "permalink") or None
    keyphrase = keyphrase or _front(document, "keyphrase", "focus_keyphrase") or None
    if lookup is None:
        from service.engine.check.lookup import LoadedIndexLookup

        lookup = LoadedIndexLookup(engine.index)
    ctx = CheckContext.build(document, url, keyphrase, config, lookup)
    findings, omitted = listed(check(ctx))
    checked = time.perf_counter()
    suggestions = None
    if suggest:
        draft = Draft(text, format, ctx.url, options or Options(), categories, tags, date)
        suggestions = engine.suggest(draft)
    done = time.perf_counter()
    page_links = ctx.page_links
    return CheckResult(
        findings=findings,
        omitted=omitted,
        suggestions=suggestions,
        url=ctx.url,
        keyphrase=ctx.keyphrase,
        words=ctx.words,
        links=len(page_links),
        internal_links=sum(li.internal for li in page_links),
        index=suggestions.index if suggestions else engine.info(),
        timing_ms={
            "check": round((checked - started) * 1000, 2),
            "suggest": round((done - checked) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        },
    )


def check(ctx: CheckContext) -> tuple[Finding, ...]:
    """Run every enabled rule over a context; findings in text order."""
    config = ctx.config
    issues = [
        issue
        for rule_id, rule in RULES.items()
        if rule_id not in config.disabled
        for issue in rule(ctx)
        if not _ignored(issue, rule.about_anchor, config)
    ]
    lines = _LineTable(ctx.text)
    order = list(RULES)
    issues.sort(key=lambda i: (i.start, order.index(i.rule)))
    return tuple(
        _finding(i, config.severity.get(i.rule, RULES[i.rule].severity), lines) for i in issues
    )


def listed(
    findings: tuple[Finding, ...], per_rule: int = MAX_PER_RULE
) -> tuple[tuple[Finding, ...], dict[str, int]]:
    """The first ``per_rule`` findings of each rule, and how many of each were left out.

    A draft of thousands of links can have thousands of findings of one rule; past the
    first hundred they tell the writer nothing new and only make the answer huge. Every
    finding of a rule has the same severity, so what is listed still fails a check
    exactly when the whole would.
    """
    seen: Counter[str] = Counter()
    kept = []
    for f in findings:
        seen[f.rule] += 1
        if seen[f.rule] <= per_rule:
            kept.append(f)
    return tuple(kept), {rule: n - per_rule for rule, n in sorted(seen.items()) if n > per_rule}


def _finding(issue: Issue, severity: Severity, lines: _LineTable) -> Finding:
    line, column = lines.position(issue.start)
    end_line, end_column = lines.position(issue.end)
    return Finding(
        rule=issue.rule,
        severity=severity,
        message=issue.message,
        fix=issue.fix,
        start=issue.start,
        end=issue.end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        anchor=issue.anchor,
        href=issue.href,
        target=issue.target,
    )


def _ignored(issue: Issue, about_anchor: bool, config: CheckConfig) -> bool:
    if about_anchor and issue.anchor is not None and config.ignore_anchors:
        key = bare_anchor(issue.anchor)
        if any(bare_anchor(a) == key for a in config.ignore_anchors):
            return True
    if issue.href is not None and config.ignore_urls:
        written = {issue.href, issue.target or issue.href}
        return any(fnmatchcase(u, p) for u in written for p in config.ignore_urls)
    return False


def _front(document: Document, *names: str) -> str:
    meta: Mapping[str, object] = document.front_matter
    for name in names:
        value = meta.get(name)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if not any(part.startswith(":") for part in value.split("/")):  # a rule, not a URL
                return value
    return ""


class _LineTable:
    """1-based line and column of offsets."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
