"""Which CPUs get bfloat16 matrix products under the default ``auto`` precision."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from indexer.embedding import native_bfloat16


def _torch(**checks: bool) -> SimpleNamespace:
    cpu = SimpleNamespace(
        **{f"_is_{name}_supported": (lambda v=v: v) for name, v in checks.items()}
    )
    return SimpleNamespace(cpu=cpu)


@pytest.mark.parametrize(
    ("checks", "native"),
    [
        ({"avx512_bf16": True, "amx_tile": False}, True),
        ({"avx512_bf16": False, "amx_tile": True}, True),
        ({"avx512_bf16": False, "amx_tile": False, "avx2": True}, False),
    ],
)
def test_native_only_with_bfloat16_hardware(checks: dict[str, bool], native: bool) -> None:
    assert native_bfloat16(_torch(**checks)) is native


def test_a_torch_without_the_checks_is_not_native() -> None:
    assert native_bfloat16(SimpleNamespace(cpu=SimpleNamespace())) is False
    assert native_bfloat16(SimpleNamespace()) is False
