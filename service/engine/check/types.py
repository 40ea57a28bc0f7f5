"""The values of a pre-publish check: its configuration, findings and result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from service.engine.types import IndexInfo, SuggestionResult

Severity = Literal["error", "warning", "info"]

#: Severities from the most to the least serious.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: findings listed per rule in one answer; the rest are only counted.
MAX_PER_RULE = 100


def at_least(severity: Severity, floor: Severity) -> bool:
    """Whether ``severity`` is as serious as ``floor`` or more."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(floor)


@dataclass(frozen=True)
class CheckConfig:
    """What a check looks for. Every field has a default; see ``service/check_config.py``.

    Attributes:
        disabled: rule ids that do not run.
        severity: rule id -> severity, overriding the rule's default.
        words_per_link: ``too-many-links`` fires above one link per this many words.
        overused_anchor_min: ``overused-anchor`` fires when the site already uses an
            anchor for the same target at least this many times.
        ignore_urls: glob patterns (``fnmatch``) of link targets no rule reports.
        ignore_anchors: anchor texts (any case) no rule reports.
        untrusted_domains: outbound links to these domains (and subdomains) need
            ``rel="nofollow"``.
        sponsored_domains: outbound links to these need ``rel="sponsored"``.
    """

    disabled: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict, hash=False)
    words_per_link: int = 40
    overused_anchor_min: int = 3
    ignore_urls: tuple[str, ...] = ()
    ignore_anchors: tuple[str, ...] = ()
    untrusted_domains: tuple[str, ...] = ()
    sponsored_domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Issue:
    """What a rule reports: where, what is wrong, and the one-line fix.

    Attributes:
        rule: the rule id, e.g. ``"generic-anchor"``.
        message: what is wrong, in one line.
        fix: what to do about it, in one line.
        start: source offset the finding points at.
        end: source offset just past it.
        anchor: the link's text, for link findings.
        href: the link's target as written, for link findings.
        target: the link's target in normal form, for link findings.
    """

    rule: str
    message: str
    fix: str
    start: int
    end: int
    anchor: str | None = None
    href: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class Finding:
    """An :class:`Issue` with its severity and 1-based line and column."""

    rule: str
    severity: Severity
    message: str
    fix: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    anchor: str | None = None
    href: str | None = None
    target: str | None = None


@dataclass(frozen=True)
class CheckResult:
    """The answer for one draft: findings in text order, then the best missing links.

    Attributes:
        findings: what is wrong with the links already in the draft (at most
            ``MAX_PER_RULE`` of each rule).
        omitted: rule id -> findings of that rule found but not listed.
        suggestions: the engine's suggestions for it (``None`` when not asked for).
        url: the draft's own URL as the check understood it.
        keyphrase: the draft's focus keyphrase, if any.
        words: words of prose.
        links: links to pages (not bare fragments or ``mailto:``).
        internal_links: of which to the site itself.
        index: the index the check ran against.
        timing_ms: elapsed time of the check's stages.
    """

    findings: tuple[Finding, ...]
    omitted: dict[str, int]
    suggestions: SuggestionResult | None
    url: str | None
    keyphrase: str | None
    words: int
    links: int
    internal_links: int
    index: IndexInfo
    timing_ms: dict[str, float]
