"""How long the readers take on hostile drafts: one piece of markup repeated to the size
of the largest draft the service takes (200,000 characters), never closed.

Most of these pieces open something (a tag, a comment, a shortcode, a template tag) that
the rest of the input never closes: a reader that looks for the end again from each
opener reads the input once per opener, and a single request then holds a worker for
minutes. Prints each piece's time per format, slowest first, and the worst.

With ``--analyser``, also the time spaCy takes on one batch of each piece (the
engine's ``BATCH_CHARS``): the stretch of work the service's time budget cannot cut
short, since it is checked between batches.

    .venv/bin/python bench/hostile.py [--chars 200000] [--top 15] [--analyser]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.readers import parse_document  # noqa: E402
from indexer.readers.wp_markup import strip_wp_markup  # noqa: E402

PIECES = [
    *("<a ", "<a href='", "<a x='>'", "<https://", "<!--", "<!--x>", "</", "<?", "<!x"),
    *("<!doctype", "<![CDATA[", "<", "&", "&#", "<p>", "<li>", "<script>", "<video>"),
    *("{%", "{{<", "{{%", "{% highlight c %}", "{::comment}", "[code]", "[sourcecode]"),
    *("$latex ", "$$", "\\[", "\\(", "[caption", "[caption]", "[embed]", "<!-- wp:x "),
    *("[", "![", "[a](", "[a][", "*a", "_a", "`", "> ", "- ", "1. ", "|", "#", "~~~"),
    *(" ", "\t", "\n", " \n", "a\n", "\r\n", "\n\n", "---\n", "https://e.com "),
    *("x-", "(", ")", '"', "$", "—", "…", "a,", "/a", "x", "[code x=", "{::comment x "),
]  # fmt: skip
FORMATS = ("html", "markdown", "text")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--chars", type=int, default=200_000, help="size of each input")
    p.add_argument("--top", type=int, default=15, help="how many of the slowest to print")
    p.add_argument("--analyser", action="store_true", help="also time spaCy on one batch")
    args = p.parse_args()
    times: list[tuple[float, str, str]] = []
    for piece in PIECES:
        source = piece * (args.chars // len(piece))
        for fmt in FORMATS:
            times.append((_time(parse_document, source, fmt), fmt, piece))
        times.append((_time(strip_wp_markup, source), "wordpress", piece))
    times.sort(reverse=True)
    print(f"{len(times)} inputs of {args.chars:,} characters; the slowest:")
    for seconds, fmt, piece in times[: args.top]:
        print(f"  {seconds:7.2f} s  {fmt:9}  {piece!r}")
    print(f"worst: {times[0][0]:.2f} s ({times[0][1]}, {times[0][2]!r})")
    if args.analyser:
        analyse(args.top)


def analyse(top: int) -> None:
    from indexer.analysis import SpacyAnalyser
    from service.engine.draft import BATCH_CHARS

    analyser = SpacyAnalyser()
    analyser.sentences(["Loading the pipeline."])
    times = sorted(
        (
            (_time(analyser.sentences, [piece * (BATCH_CHARS // len(piece))]), piece)
            for piece in PIECES
        ),
        reverse=True,
    )
    print(f"spaCy on one batch of {BATCH_CHARS:,} characters; the slowest:")
    for seconds, piece in times[:top]:
        print(f"  {seconds:7.2f} s  {piece!r}")


def _time(run: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
