"""Offline reranks of eval reports: would one more signal have lifted precision@3?

Each rerank adds ``weight × signal`` to the logit of every score in a report's top-10
lists (``linkwright eval … --out DIR`` writes ``DIR/report.json``), re-sorts them and
prints precision@3 by target per weight (and precision / recall at 0.85 among the top
10); weight 0 is the report's own figure. A signal
can only reorder what the engine already suggested, so the figure bounds what building
it into the engine could do at k=3. Run it on the older splits, never to choose on the
split whose figures are reported.

    .venv/bin/python bench/rerank.py SIGNAL bench/out/tune-x bench/out/old-2014-x ...

Signals (``../shared/benchmarks/nullprogram`` is read for the ones that need posts):

- ``code``: TF-IDF cosine of the identifiers in the draft's and the post's code blocks.
- ``one-word``: -1 for a one-word anchor.
- ``top-terms``: the share of the post's 5 heaviest TF-IDF words the draft uses.
- ``linkability``: log((links the post got + 0.5) / (later indexed posts whose TF-IDF
  cosine with it is at least 0.1, + 1)).
- ``titles``: TF-IDF cosine of the draft's title and the post's (a series, "w64devkit").
- ``hubs``: for citations, -log1p(drafts of the split with the source in their top 10).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SITE = ROOT.parent / "shared" / "benchmarks" / "nullprogram"
WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
_WORD = re.compile(r"\w[\w\-]+")

Signal = Callable[[dict, str, str], float]  # (case, url, anchor) -> value


class Site:
    """nullprogram's published posts: words, code identifiers, links and dates by URL."""

    def __init__(self) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        from indexer.readers import parse_document
        from indexer.readers.site import read_site, read_site_config
        from indexer.urls import normalize_url

        origin = read_site_config(SITE).origin
        self.words: dict[str, Counter[str]] = {}
        self.titles: dict[str, Counter[str]] = {}
        self.code: dict[str, Counter[str]] = {}
        self.links: dict[str, set[str]] = {}
        self.dates: dict[str, str] = {}
        for post in read_site(SITE):
            if post.draft or post.date is None:
                continue
            url = normalize_url(post.url, origin)
            doc = parse_document(post.body, post.format)
            text = f"{post.title} {doc.prose_text}".lower()
            self.words[url] = Counter(w for w in _WORD.findall(text) if w not in STOP_WORDS)
            title = _WORD.findall(post.title.lower())
            self.titles[url] = Counter(w for w in title if w not in STOP_WORDS)
            code = " ".join(b.text for b in doc.blocks if b.kind == "code")
            self.code[url] = Counter(w.lower() for w in _IDENT.findall(code))
            self.links[url] = {normalize_url(link.href, origin) for link in doc.links}
            self.dates[url] = post.date.date().isoformat()

    def indexed(self, cutoff: str) -> list[str]:
        return sorted((u for u, d in self.dates.items() if d < cutoff), key=lambda u: self.dates[u])


def tfidf(counts: dict[str, Counter[str]], urls: list[str]) -> Callable[[Counter[str]], dict]:
    """A unit-length TF-IDF vectoriser over ``urls`` (a word in half of them counts 0)."""
    df: Counter[str] = Counter()
    for url in urls:
        df.update(counts[url].keys())
    n = len(urls)

    def vector(words: Counter[str]) -> dict[str, float]:
        v = {
            w: (1 + math.log(c)) * math.log(n / df[w])
            for w, c in words.items()
            if 0 < df.get(w, 0) < 0.5 * n
        }
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    return vector


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def cosine_signal(site: Site, counts: dict[str, Counter[str]], report: dict) -> Signal:
    """The TF-IDF cosine of the draft's ``counts`` and each indexed post's."""
    urls = site.indexed(report["cutoff"])
    vector = tfidf(counts, urls)
    posts = {u: vector(counts[u]) for u in urls}
    drafts = {c["url"]: vector(counts.get(c["url"], Counter())) for c in report["cases"]}
    return lambda case, url, anchor: cosine(drafts[case["url"]], posts.get(url, {}))


def top_terms_signal(site: Site, report: dict) -> Signal:
    urls = site.indexed(report["cutoff"])
    vector = tfidf(site.words, urls)
    top = {}
    for u in urls:
        heaviest = sorted(vector(site.words[u]).items(), key=lambda kv: -kv[1])[:5]
        total = sum(x for _, x in heaviest) or 1.0
        top[u] = [(w, x / total) for w, x in heaviest]

    def signal(case: dict, url: str, anchor: str) -> float:
        words = site.words.get(case["url"], Counter())
        return sum(x for w, x in top.get(url, []) if w in words)

    return signal


def linkability_signal(site: Site, report: dict, tau: float = 0.1) -> Signal:
    urls = site.indexed(report["cutoff"])
    vector = tfidf(site.words, urls)
    vectors = [vector(site.words[u]) for u in urls]
    value = {}
    for i, target in enumerate(urls):
        later = [j for j in range(i + 1, len(urls)) if cosine(vectors[i], vectors[j]) >= tau]
        links = sum(1 for j in later if target in site.links[urls[j]])
        value[target] = math.log((links + 0.5) / (len(later) + 1))
    return lambda case, url, anchor: value.get(url, 0.0)


def hub_signal(report: dict) -> Signal:
    seen = Counter(u for c in report["cases"] for u, _, _ in c["linkwright"]["citation"][:10])
    return lambda case, url, anchor: -math.log1p(seen[url])


def rerank(report: dict, kind: str, signal: Signal, weight: float) -> tuple[float, float, float]:
    """Precision@3 by target, and precision and recall at threshold 0.85 (of the top 10),
    after the rerank. A signal below 0 lowers scores: fewer pass 0.85, so precision
    there rises with recall falling; only precision@3 compares ranking."""
    gold_key = "gold_internal" if kind == "internal" else "gold_citations"
    at3, hits, suggested, golds = [], 0, 0, 0
    for case in report["cases"]:
        gold = case[gold_key]
        if not gold:
            continue
        rows = sorted(
            (
                (_sigmoid(_logit(score) + weight * signal(case, url, anchor)), url)
                for url, score, anchor in case["linkwright"][kind]
            ),
            reverse=True,
        )
        at3.append(sum(url in gold for _, url in rows[:3]) / 3)
        golds += len(gold)
        kept = [url for score, url in rows if score >= 0.85]
        hits, suggested = hits + sum(url in gold for url in kept), suggested + len(kept)
    return sum(at3) / len(at3), hits / max(suggested, 1), hits / max(golds, 1)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    name, folders = sys.argv[1], sys.argv[2:]
    site = Site() if name in SIGNALS else None
    for folder in folders:
        report = json.loads((Path(folder) / "report.json").read_text(encoding="utf-8"))
        kind = "citation" if name == "hubs" else "internal"
        if name == "hubs":
            signal = hub_signal(report)
        elif name == "one-word":
            signal = lambda case, url, anchor: -float(len(anchor.split()) == 1)  # noqa: E731
        elif site is not None and name in SIGNALS:
            signal = SIGNALS[name](site, report)
        else:
            sys.exit(f"unknown signal {name!r}\n\n{__doc__}")
        figures = [(w, *rerank(report, kind, signal, w)) for w in WEIGHTS]
        row = "  ".join(
            f"w {w:g}: P@3 {p3:.3f} P/R@0.85 {pd:.3f}/{rd:.3f}" for w, p3, pd, rd in figures
        )
        print(f"{Path(folder).name} ({kind}): {row}")


SIGNALS: dict[str, Callable[[Site, dict], Signal]] = {
    "code": lambda site, report: cosine_signal(site, site.code, report),
    "titles": lambda site, report: cosine_signal(site, site.titles, report),
    "top-terms": top_terms_signal,
    "linkability": linkability_signal,
}

if __name__ == "__main__":
    main()
