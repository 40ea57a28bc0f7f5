"""Combining the evidence for a (sentence, target, anchor) into one score, with reasons.

The weights are data (``weights_v1.json``), fitted by ``bench/fit_weights.py`` on an older
split of a real site than the one quality is reported on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from service.engine.candidates import PhraseMatch
from service.engine.types import Reason

WEIGHTS_FILE = Path(__file__).with_name("weights_v1.json")
#: What tells the right place for a link to a target from the other sentences that could
#: carry it: target-level evidence (doc, best, spread, inbound, trust) is the same there.
PLACE_FEATURES = ("sem", "phrase", "anchor", "rank", "mine")
PHRASE_STRENGTH = {"title": 1.0, "keyphrase": 0.9, "anchor": 0.8, "topic": 0.6, "tag": 0.5}


@dataclass(frozen=True)
class Weights:
    """Logistic models: ``score = sigmoid(bias + sum(w[f] * feature[f]))`` per kind says
    whether to link a target; ``place`` (over :data:`PLACE_FEATURES`, both kinds) says
    which of the target's candidate sentences should carry the link. Without ``place``
    the per-kind score decides that too."""

    bias: float
    internal: dict[str, float]
    citation: dict[str, float]
    place: dict[str, float] | None = None

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Weights:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["bias"]), data["internal"], data["citation"], data.get("place"))


@dataclass(frozen=True)
class Features:
    """The evidence for one (sentence, target, anchor)."""

    sem: float
    doc: float
    phrase: float
    anchor: float
    inbound: float
    trust: float
    best: float = 0.0  # the target's best sentence similarity anywhere in the draft
    spread: float = 0.0  # share of the draft's sentences that retrieve the target
    rank: float = 0.0  # 1 / (1 + the target's rank among this sentence's candidates)
    tags: float = 0.0  # categories and tags shared with the draft (weighted Jaccard)
    age: float = 0.0  # log1p(the target's age in years when the draft is published)
    lex: float = 0.0  # cosine of the draft's and the target's word profiles (TF-IDF)
    mine: float = 0.0  # 1 when a first-person word stands just before the anchor ("my …")

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in FEATURES}


#: The features in the order of a feature matrix's columns and of the weights files.
FEATURES = tuple(f.name for f in fields(Features))
#: The columns that depend on the anchor chosen within a sentence.
ANCHOR_FIT, FIRST_PERSON = FEATURES.index("anchor"), FEATURES.index("mine")


def phrase_strength(matches: list[PhraseMatch]) -> float:
    """How strongly the site's own phrases tie these words to the target (0-1): the kind
    of phrase (a title says more than a tag), times how specific it is to the target."""
    best = 0.0
    for m in matches:
        base = PHRASE_STRENGTH.get(m.hit.origin, 0.4)
        if m.hit.origin == "anchor":
            base = min(1.0, base + 0.1 * math.log2(1 + m.hit.count))
        best = max(best, base * m.specificity)
    return best


def score(weights: Weights, kind: str, f: Features) -> float:
    w = weights.citation if kind == "citation" else weights.internal
    z = weights.bias + w.get("bias", 0.0)
    z += sum(w.get(name, 0.0) * value for name, value in f.as_dict().items())
    return 1.0 / (1.0 + math.exp(-z))


def score_many(weights: Weights, internal: np.ndarray, x: np.ndarray) -> np.ndarray:
    """:func:`score` for many candidates at once: ``x`` has one row of :data:`FEATURES`
    per candidate, ``internal`` says which rows are internal links (the rest citations)."""
    z = np.where(internal, _z(weights, weights.internal, x), _z(weights, weights.citation, x))
    return 1.0 / (1.0 + np.exp(-z))


def best_possible(weights: Weights, internal: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The highest score each row of ``x`` can reach whatever its anchor turns out to be
    (its fit a cosine, so within [-1, 1]; a first-person word before it or not): a
    candidate below the threshold even then needs no anchor work."""
    return np.max([score_many(weights, internal, v) for v in _anchor_bounds(x)], axis=0)


def place_logits(weights: Weights, x: np.ndarray) -> np.ndarray:
    """The place model's logit for each row of ``x`` (over :data:`PLACE_FEATURES`)."""
    return _linear(weights.place or {}, x, PLACE_FEATURES)


def best_possible_place(weights: Weights, x: np.ndarray) -> np.ndarray:
    """The highest logit of the place model each row of ``x`` can reach whatever its
    anchor turns out to be (as in :func:`best_possible`); for ranking a target's places
    before the anchor work."""
    return np.max([place_logits(weights, v) for v in _anchor_bounds(x)], axis=0)


def _anchor_bounds(x: np.ndarray) -> list[np.ndarray]:
    """``x`` with the anchor's own features at each corner of their range (linear models
    reach their extremes there): the fit at 1 and -1, and ``mine`` as it stands before
    the anchor is known (1 where the sentence has a first-person word at all) and 0."""
    out = []
    for fit in (1.0, -1.0):
        for mine in (x[:, FIRST_PERSON], 0.0):
            v = x.copy()
            v[:, ANCHOR_FIT] = fit
            v[:, FIRST_PERSON] = mine
            out.append(v)
    return out


def _z(weights: Weights, w: dict[str, float], x: np.ndarray) -> np.ndarray:
    return weights.bias + _linear(w, x)


def _linear(w: dict[str, float], x: np.ndarray, names: tuple[str, ...] = FEATURES) -> np.ndarray:
    """``bias + sum(w[f] * x[f])`` over the features ``names`` (the others weigh 0)."""
    vector = np.array([w.get(n, 0.0) if n in names else 0.0 for n in FEATURES])
    return w.get("bias", 0.0) + x.astype(np.float64) @ vector


def reasons(f: Features, matches: list[PhraseMatch], heading: str, kind: str) -> tuple[Reason, ...]:
    """Human-readable evidence, strongest signals first."""
    out = [
        Reason(
            "semantic",
            f"the sentence is close to {'the section ' + repr(heading) if heading else 'its text'}",
            round(f.sem, 4),
        ),
        Reason("document", "the draft as a whole is about the same topic", round(f.doc, 4)),
    ]
    seen = set()
    for m in sorted(matches, key=lambda m: -m.hit.count):
        if (m.key, m.hit.origin) in seen:
            continue
        seen.add((m.key, m.hit.origin))
        if m.hit.origin == "anchor":
            detail = f"the site already links {m.key!r} to it {m.hit.count} time(s)"
            out.append(Reason("anchor_vocabulary", detail, float(m.hit.count)))
        else:
            out.append(Reason(f"{m.hit.origin}_match", f"{m.key!r} is in its {m.hit.origin}", 1.0))
    detail = "how closely the anchor words match the target's title (cosine)"
    out.append(Reason("anchor_fit", detail, round(f.anchor, 4)))
    if f.mine > 0:
        detail = "you point at your own work just before the anchor ('my …', 'I wrote …')"
        out.append(Reason("self_reference", detail, 1.0))
    if f.lex > 0:
        detail = "the draft and the target share telling words (rarer ones count more)"
        out.append(Reason("shared_words", detail, round(f.lex, 4)))
    if f.tags > 0:
        detail = "the draft shares categories or tags with it (rarer ones count more)"
        out.append(Reason("shared_labels", detail, round(f.tags, 4)))
    if kind == "internal" and f.age > 0:
        years = round(math.expm1(f.age), 1)
        out.append(Reason("age", f"about {years} year(s) old when the draft is published", years))
    if kind == "citation":
        out.append(Reason("trust", "how much the site trusts this source", round(f.trust, 4)))
    return tuple(out)
