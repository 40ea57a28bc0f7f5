"""`linkwright index`: build or update an index from site folders, JSONL, WXR and sources."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(path_type=Path),
    help="Curated sources (YAML or JSONL) that drafts may cite.",
)
@click.option(
    "--wxr",
    "wxr_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A WordPress export file; may be given several times.",
)
@click.option(
    "--permalink", help="Permalink rule, e.g. /blog/:year/:month/:day/ (default: from _config.yml)."
)
@click.option(
    "--origin",
    help="The site's origin, e.g. https://example.com "
    "(default: `url` in _config.yml); links to it count as internal.",
)
@click.option("--rollback", is_flag=True, help="Switch back to the previous build and exit.")
@click.pass_context
def index_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    sources_file: Path | None,
    wxr_files: tuple[Path, ...],
    permalink: str | None,
    origin: str | None,
    rollback: bool,
) -> None:
    """Build an index from PATHS: site folders (Jekyll, Hugo, Eleventy, Astro: Markdown or
    HTML with front matter), JSONL files (one post per line) or WordPress exports (.xml).
    A build is written beside the current one and switched to atomically; unchanged
    passages are not embedded again."""
    from indexer import layout
    from indexer.corpus import CorpusError
    from indexer.manifest import BadIndex

    root: Path = ctx.obj.index_path
    if rollback:
        try:
            click.echo(f"current index is now {layout.rollback(root)}")
        except BadIndex as exc:
            raise click.ClickException(str(exc)) from exc
        return
    if not paths and not wxr_files:
        raise click.UsageError("give at least one site folder, JSONL file or --wxr export")
    try:
        _build(ctx.obj.settings, root, paths, wxr_files, sources_file, permalink, origin)
    except (CorpusError, BadIndex) as exc:
        raise click.ClickException(f"{exc}\nThe index at {root} was not changed.") from exc


def _build(settings, root, paths, wxr_files, sources_file, permalink, origin) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from indexer.build import build_index
    from indexer.corpus_input import read_inputs
    from service.cli.progress import progress_bar
    from service.engine.build import build_analyser, build_index_embedder

    console = Console(stderr=True)
    posts, sources, site = read_inputs(paths, wxr_files, sources_file, permalink, origin)
    pages = f", {len(site.pages)} pages (known, not link targets)" if site.pages else ""
    console.print(f"read {len(posts)} posts{pages} and {len(sources)} sources; loading models…")
    if not site.origin:
        console.print(
            "note: the site's origin is unknown (no url: in _config.yml, baseURL in "
            "hugo.toml or --origin), so a link that names the site in full "
            "(https://…/post/) counts as outbound, not as internal"
        )
    analyser, embedder = build_analyser(settings), build_index_embedder(settings)
    with progress_bar(console) as report:
        summary = build_index(
            root,
            posts,
            sources,
            analyser=analyser,
            embedder=embedder,
            site=site,
            progress=report,
        )
    plural = "s" if summary.aliases != 1 else ""
    old_urls = f", {summary.aliases} old URL{plural} known" if summary.aliases else ""
    console.print(
        f"[bold]indexed[/bold] {summary.posts} posts ({summary.drafts} drafts kept out"
        f"{old_urls}), {summary.sources} sources, {summary.passages} passages "
        f"({summary.embedded} embedded, {summary.reused} reused; {summary.parsed} posts parsed); "
        f"{summary.internal_links} internal links ({summary.resolved_links} to indexed posts), "
        f"{summary.external_links} outbound; {summary.seconds:.1f} s -> {summary.path}"
    )
