"""A rule: an id, a default severity, a one-line summary and a pure function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from service.engine.check.context import CheckContext, LinkInfo
from service.engine.check.types import Issue, Severity

RuleFunction = Callable[[CheckContext], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A check rule. Calling it runs it: ``rule(ctx) -> Iterable[Issue]``.

    Attributes:
        about_anchor: whether it judges anchor text (``ignore_anchors`` quiets it).
    """

    id: str
    severity: Severity
    summary: str
    function: RuleFunction
    about_anchor: bool = False

    def __call__(self, ctx: CheckContext) -> Iterable[Issue]:
        return self.function(ctx)


def rule(
    rule_id: str, severity: Severity, summary: str, *, about_anchor: bool = False
) -> Callable[[RuleFunction], Rule]:
    """Declare a rule: ``@rule("self-link", "error", "...")`` over its function."""

    def wrap(function: RuleFunction) -> Rule:
        return Rule(rule_id, severity, summary, function, about_anchor)

    return wrap


def link_issue(rule_id: str, info: LinkInfo, message: str, fix: str) -> Issue:
    """An issue about one link, pointing at its anchor text."""
    link = info.link
    return Issue(rule_id, message, fix, link.start, link.end, info.text, link.href, info.key)


def quoted(text: str, limit: int = 60) -> str:
    """``"text"`` for messages, shortened to ``limit`` characters."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'
