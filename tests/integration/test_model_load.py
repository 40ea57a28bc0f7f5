"""Loading the embedding model says nothing on stderr: no download, no progress bar."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.models


def test_loading_the_model_prints_nothing() -> None:
    code = (
        "from indexer.embedding import SentenceTransformerEmbedder\n"
        "print(SentenceTransformerEmbedder().dimension)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "384"
    assert out.stderr == ""
