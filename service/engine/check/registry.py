"""Every rule, by id, in the order reports list them."""

from __future__ import annotations

from service.engine.check import anchors, density, placement, targets
from service.engine.check.rule import Rule

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        targets.broken_internal,
        targets.redirected_link,
        targets.self_link,
        targets.missing_rel,
        anchors.generic_anchor,
        anchors.keyphrase_as_anchor,
        anchors.overused_anchor,
        placement.duplicate_target,
        placement.link_in_heading,
        placement.adjacent_links,
        density.too_many_links,
        density.no_internal_link,
    )
}
