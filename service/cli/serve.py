"""``linkwright serve``: the HTTP API under gunicorn (or Flask's dev server with --dev)."""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec
from typing import TYPE_CHECKING

import click

from service.cli.context import CliContext, no_index_message

if TYPE_CHECKING:
    from service.settings import Settings

APP = "service.http.app:create_app()"


@click.command()
@click.option("--bind", help="host:port [default: $LINKWRIGHT_BIND, $PORT, or 127.0.0.1:8000].")
@click.option("--workers", type=click.IntRange(min=1), help="gunicorn workers [default: 2].")
@click.option("--dev", is_flag=True, help="Run Flask's development server (one process).")
@click.pass_obj
def serve(obj: CliContext, bind: str | None, workers: int | None, dev: bool) -> None:
    """Serve the HTTP API (see /openapi.json once it runs)."""
    settings = obj.settings
    if not settings.index.exists():
        click.echo(
            f"warning: {no_index_message(settings.index, Exception())}; "
            "serving with /readyz = 503 until then",
            err=True,
        )
    if dev:
        from service.http.gunicorn_conf import default_bind

        run_dev_server(settings, bind or default_bind())
        return
    argv = [sys.executable, "-m", "gunicorn", "-c", gunicorn_conf_path()]
    if bind:
        argv += ["--bind", bind]
    if workers:
        argv += ["--workers", str(workers)]
    # Workers build their own Settings from the environment: hand the --index choice on.
    env = {**os.environ, "LINKWRIGHT_INDEX": str(settings.index)}
    os.execvpe(sys.executable, [*argv, APP], env)


def gunicorn_conf_path() -> str:
    """Where ``service/http/gunicorn_conf.py`` is installed."""
    spec = find_spec("service.http.gunicorn_conf")
    if spec is None or spec.origin is None:
        raise click.ClickException("service.http.gunicorn_conf is not installed")
    return spec.origin


def run_dev_server(settings: Settings, bind: str) -> None:
    """Flask's development server, no reloader (models load once)."""
    import logging

    from service.http.app import create_app

    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"expected host:port, got {bind!r}", param_hint="--bind")
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    app.run(host=host, port=int(port), debug=False, use_reloader=False, threaded=True)
