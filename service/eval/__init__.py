"""Backtesting on a site that already has links: the engine against the author's own links.

Index the posts before a cutoff date, strip every link from each later post, ask the
engine (and a title-match baseline) for suggestions, and score them against the links
the author actually wrote. See ``shared/benchmarks/README.md`` for the protocol.
"""
