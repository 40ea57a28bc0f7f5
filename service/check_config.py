"""The check's configuration: ``linkwright.toml`` or ``pyproject.toml``, validated in one place.

The first of these found from the current directory upward is used:

- ``linkwright.toml``: its ``[check]`` table, or its top level;
- ``pyproject.toml`` with a ``[tool.linkwright]`` table: ``[tool.linkwright.check]``, or
  ``[tool.linkwright]`` itself.

Example::

    [tool.linkwright.check]
    fail_on = "warning"                 # error | warning | info | never
    words_per_link = 40                 # too-many-links above one link per 40 words
    overused_anchor_min = 3             # overused-anchor from 3 existing uses
    ignore_urls = ["/toys/*", "https://example.com/*"]
    ignore_anchors = ["here"]
    untrusted_domains = ["example.net"]   # need rel="nofollow"
    sponsored_domains = ["shop.example"]  # need rel="sponsored"

    [tool.linkwright.check.rules]
    adjacent-links = false              # off
    no-internal-link = "error"          # on, as an error

The same keys (but ``fail_on``) are the ``config`` object of ``POST /v1/check``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from service.engine.check.registry import RULES
from service.engine.check.types import SEVERITIES, CheckConfig, Severity

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "info", "never")

_INTS = {"words_per_link": (5, 100_000), "overused_anchor_min": (1, 1_000_000)}
_LISTS = ("ignore_urls", "ignore_anchors", "untrusted_domains", "sponsored_domains")
KEYS = ("rules", *_INTS, *_LISTS, "fail_on")


class ConfigError(ValueError):
    """A configuration value is wrong. The message names where and which key.

    Attributes:
        key: the dotted key (``rules.generic-anchor``), ``""`` for the whole table.
    """

    def __init__(self, where: str, key: str, problem: str) -> None:
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class LoadedConfig:
    """The check's configuration as found on disk.

    Attributes:
        check: the validated configuration.
        fail_on: the file's ``fail_on``, if set.
        path: the file it came from (None: defaults).
        table: the validated table without ``fail_on``, as ``POST /v1/check`` takes it.
    """

    check: CheckConfig = field(default_factory=CheckConfig)
    fail_on: FailOn | None = None
    path: Path | None = None
    table: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> LoadedConfig:
    """Read the first configuration from ``start`` upward (defaults when none).

    Raises:
        ConfigError: a file is not valid TOML or holds a wrong value.
    """
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "linkwright.toml"
        if own.is_file():
            data = _read_toml(own)
            if isinstance(data.get("check"), dict):
                return _loaded(own, data["check"], "[check]")
            return _loaded(own, data, "", others_allowed=True)
        project = folder / "pyproject.toml"
        if project.is_file():
            tool = _read_toml(project).get("tool", {})
            table = tool.get("linkwright") if isinstance(tool, dict) else None
            if isinstance(table, dict):
                if isinstance(table.get("check"), dict):
                    return _loaded(project, table["check"], "[tool.linkwright.check]")
                return _loaded(project, table, "[tool.linkwright]", others_allowed=True)
    return LoadedConfig()


def parse_check_config(
    data: Mapping[str, Any], where: str, *, others_allowed: bool = False, api: bool = False
) -> tuple[CheckConfig, FailOn | None]:
    """Validate a configuration table.

    Args:
        data: the table (TOML or the JSON ``config`` object).
        where: names the table in error messages, e.g. ``pyproject.toml [tool.linkwright]``.
        others_allowed: skip unknown keys holding tables (other tools' sections).
        api: the table is ``POST /v1/check``'s ``config``, which takes no ``fail_on``.

    Raises:
        ConfigError: naming the key and what is wrong with it.
    """
    if not isinstance(data, Mapping):
        raise ConfigError(where, "", "expected a table of settings")
    known = [k for k in KEYS if not (api and k == "fail_on")]
    if api and "fail_on" in data:
        raise ConfigError(
            where, "fail_on", "fail_on is for the command line; the API returns every finding"
        )
    for key, value in data.items():
        if key not in known and not (others_allowed and isinstance(value, dict)):
            raise ConfigError(where, str(key), f"unknown setting; known: {', '.join(known)}")
    disabled, severity = _rules(data.get("rules", {}), where)
    ints = {key: _int(data, key, lo, hi, where) for key, (lo, hi) in _INTS.items()}
    lists = {key: _strings(data, key, where) for key in _LISTS}
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(where, "fail_on", f"use one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    defaults = CheckConfig()
    config = CheckConfig(
        disabled=disabled,
        severity=severity,
        words_per_link=ints["words_per_link"] or defaults.words_per_link,
        overused_anchor_min=ints["overused_anchor_min"] or defaults.overused_anchor_min,
        ignore_urls=lists["ignore_urls"],
        ignore_anchors=lists["ignore_anchors"],
        untrusted_domains=tuple(_domain(d) for d in lists["untrusted_domains"]),
        sponsored_domains=tuple(_domain(d) for d in lists["sponsored_domains"]),
    )
    return config, cast("FailOn | None", fail_on)


def _loaded(
    path: Path, data: dict[str, Any], table: str, others_allowed: bool = False
) -> LoadedConfig:
    where = f"{path} {table}".rstrip()
    config, fail_on = parse_check_config(data, where, others_allowed=others_allowed)
    own = {k: v for k, v in data.items() if k in KEYS and k != "fail_on"}
    return LoadedConfig(config, fail_on, path, own)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            str(path), "", f"not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    except OSError as exc:
        raise ConfigError(str(path), "", f"cannot read it: {exc.strerror}") from None


def _rules(value: object, where: str) -> tuple[frozenset[str], dict[str, Severity]]:
    if not isinstance(value, Mapping):
        raise ConfigError(where, "rules", "expected a table of rule = true | false | severity")
    disabled: set[str] = set()
    severity: dict[str, Severity] = {}
    for name, setting in value.items():
        rule_id = str(name).replace("_", "-")
        key = f"rules.{name}"
        if rule_id not in RULES:
            raise ConfigError(where, key, f"unknown rule; rules: {', '.join(RULES)}")
        if setting is False or setting == "off":
            disabled.add(rule_id)
        elif setting in SEVERITIES:
            severity[rule_id] = cast("Severity", setting)
        elif setting is not True and setting != "on":
            raise ConfigError(
                where, key, f'use true, false, "off" or a severity ({", ".join(SEVERITIES)})'
            )
    return frozenset(disabled), severity


def _int(data: Mapping[str, Any], key: str, lo: int, hi: int, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise ConfigError(where, key, f"expected a whole number from {lo} to {hi}, not {value!r}")
    return value


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(where, key, "expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _domain(value: str) -> str:
    """``https://www.Shop.example/x`` or ``shop.example`` -> ``shop.example``."""
    host = value.lower().split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")
