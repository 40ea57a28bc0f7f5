"""The object every ``linkwright`` command receives: settings and how to build the engine.

Nothing heavy is imported here, so ``linkwright --help`` stays fast; settings are read
and the engine built only when a command needs them. Tests pass their own instance
(``CliRunner().invoke(cli, args, obj=CliContext(...))``) to inject settings or an engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from service.engine.types import SuggestionEngine
    from service.settings import Settings

EngineFactory = Callable[["Settings"], "SuggestionEngine"]


def build_engine(settings: Settings) -> SuggestionEngine:
    """The production engine factory: the one composition root."""
    from service.engine.build import build_engine as build

    return build(settings)


class CliContext:
    """Shared by all commands; built once by the root group.

    Args:
        settings: the settings; read from the environment on first use when None.
        engine_factory: builds the engine from settings (tests pass a fake's).
        index: the ``--index`` override of ``settings.index``.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        engine_factory: EngineFactory = build_engine,
        index: Path | None = None,
    ) -> None:
        self._settings = settings
        self.engine_factory = engine_factory
        self.index = index

    @property
    def settings(self) -> Settings:
        """The settings, with the ``--index`` override applied."""
        if self._settings is None:
            from service.settings import load_settings

            try:
                self._settings = load_settings()
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
        if self.index is not None and self._settings.index != self.index:
            self._settings = self._settings.model_copy(update={"index": self.index})
        return self._settings

    @property
    def index_path(self) -> Path:
        """The index directory in use."""
        return self.settings.index

    def load_engine(self) -> SuggestionEngine:
        """Build the engine, turning a missing or unusable index into a CLI message."""
        from service.engine.types import IndexUnavailable

        settings = self.settings
        try:
            return self.engine_factory(settings)
        except IndexUnavailable as exc:
            raise click.ClickException(no_index_message(settings.index, exc)) from None


def no_index_message(path: Path, exc: Exception) -> str:
    """What to tell a user whose index cannot be loaded."""
    from service.settings import Settings

    flag = "" if path == Settings.model_fields["index"].default else f" --index {path}"
    hint = f"linkwright{flag} index sample_corpus/site --sources sample_corpus/sources.yaml"
    if not path.exists() or str(exc).startswith(f"no index at {path}"):
        return f"no index at {path}: run `{hint}` (or name your own site's folder) first"
    return f"{exc}\n(build an index with e.g. `{hint}`)"
