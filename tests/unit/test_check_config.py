"""The check's configuration: found from the current folder upward, validated by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.check_config import ConfigError, find_config, parse_check_config
from service.engine.check.types import CheckConfig


def test_defaults_without_a_file(tmp_path: Path) -> None:
    loaded = find_config(tmp_path)
    assert loaded.check == CheckConfig() and loaded.path is None and loaded.fail_on is None


def test_linkwright_toml_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "linkwright.toml").write_text(
        '[check]\nfail_on = "warning"\nwords_per_link = 60\nignore_urls = ["/toys/*"]\n'
        'sponsored_domains = ["https://www.Shop.example/"]\n'
        '[check.rules]\nadjacent-links = false\nno_internal_link = "error"\n'
    )
    (tmp_path / "pyproject.toml").write_text("[tool.linkwright.check]\nwords_per_link = 1\n")
    sub = tmp_path / "posts" / "2024"
    sub.mkdir(parents=True)
    loaded = find_config(sub)
    assert loaded.path == tmp_path / "linkwright.toml"
    assert loaded.fail_on == "warning"
    assert loaded.check.words_per_link == 60
    assert loaded.check.disabled == {"adjacent-links"}
    assert loaded.check.severity == {"no-internal-link": "error"}
    assert loaded.check.sponsored_domains == ("shop.example",)
    assert "fail_on" not in loaded.table and loaded.table["words_per_link"] == 60


def test_pyproject_tool_table_skips_other_sections(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.black]\nline-length = 88\n"
        "[tool.linkwright]\noverused_anchor_min = 5\n[tool.linkwright.relink]\nmax = 3\n"
    )
    assert find_config(tmp_path).check.overused_anchor_min == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[check]\nwords_per_link = 0\n", "[check]: words_per_link: expected a whole number"),
        ("[check.rules]\nno-such-rule = true\n", "[check]: rules.no-such-rule: unknown rule"),
        ('[check]\nfail_on = "sometimes"\n', "[check]: fail_on: use one of"),
        ("[check]\nignore_url = []\n", "[check]: ignore_url: unknown setting"),
        ("[check\n", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "linkwright.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        find_config(tmp_path)
    assert str(tmp_path / "linkwright.toml") in str(caught.value)
    assert message in str(caught.value)


def test_a_rule_setting_must_be_a_switch_or_severity() -> None:
    with pytest.raises(ConfigError, match=r"config: rules.self-link: use true, false"):
        parse_check_config({"rules": {"self-link": "loud"}}, "config")
