"""Finding and reading the policy section of a config file.

Two places, in this order (the first found is used, they are never merged):

1. ``.iho-ready.yaml`` next to the manifest;
2. ``[tool.iho-ready]`` in the nearest ``pyproject.toml`` at or above the manifest's
   folder, looking no higher than the repository root (the folder holding ``.git``).

Keys mirror the ``check`` options (see :mod:`iho_ready.policy`). Every problem is a
located diagnostic, so a bad config file gives ``FILE:LINE:COL`` and exit code 2.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .loading import validate
from .policy import PolicyConfig, code_problem
from .words import display_path

CONFIG_NAME = ".iho-ready.yaml"
"""The config file looked for next to the manifest."""

_CODE_LISTS = ("fail-on-code", "ignore-code")


@dataclass(frozen=True)
class LoadedConfig:
    """Policy defaults and the file they came from."""

    policy: PolicyConfig
    """The defaults the file sets (all None when there is no config file)."""
    file: str | None = None
    """The config file as shown to the user, or None when there is none."""


def find_pyproject(manifest: str) -> Path | None:
    """The nearest ``pyproject.toml`` at or above the manifest's folder, within its repository."""
    folder = Path(manifest).resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
        if (candidate / ".git").exists():  # a file in git worktrees, a folder otherwise
            return None
    return None


def load_config(manifest: str) -> LoadedConfig:
    """The policy config that applies to *manifest* (empty when there is none).

    Raises :class:`~iho_ready.diagnostics.InputError` for a config file that cannot be read
    or is invalid, including unknown finding codes.
    """
    beside = Path(manifest).parent / CONFIG_NAME
    if beside.is_file():
        shown = beside.as_posix()
        return LoadedConfig(_load_yaml(str(beside), shown), shown)
    pyproject = find_pyproject(manifest)
    if pyproject is not None:
        shown = display_path(pyproject)
        policy = _load_pyproject(pyproject, shown)
        if policy is not None:
            return LoadedConfig(policy, shown)
    return LoadedConfig(PolicyConfig())


def _load_yaml(path: str, shown: str) -> PolicyConfig:
    source, data = yamlsource.load(path, shown)
    if data is None:  # an empty file sets nothing
        return PolicyConfig()
    policy = validate(source, data, PolicyConfig)
    problems = [source.at(source.find((key, j))[0], problem, "schema")
                for key, codes in _code_lists(policy) for j, code in enumerate(codes)
                if (problem := code_problem(code))]
    if problems:
        raise InputError(problems)
    return policy


def _code_lists(policy: PolicyConfig) -> list[tuple[str, list[str]]]:
    return [(key, getattr(policy, key.replace("-", "_")) or []) for key in _CODE_LISTS]


_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _load_pyproject(path: Path, shown: str) -> PolicyConfig | None:
    text = yamlsource.read_text(str(path), shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        where = _TOML_ERROR_AT.search(str(e))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = _TOML_ERROR_AT.sub("", str(e)).strip()
        raise InputError([Diagnostic(shown, line, column, f"not valid TOML: {message}", "toml-syntax")]) from None
    section = data.get("tool", {}).get("iho-ready") if isinstance(data.get("tool"), dict) else None
    if section is None:
        return None
    locate = _TomlLocator(text)
    if not isinstance(section, dict):
        raise InputError([Diagnostic(shown, *locate(None), "[tool.iho-ready] must be a table of settings",
                                     "schema")])
    try:
        policy = PolicyConfig.model_validate(section)
    except ValidationError as e:
        raise InputError([Diagnostic(shown, *locate(err["loc"][0] if err["loc"] else None),
                                     _toml_message(err), "schema")
                          for err in e.errors(include_url=False)]) from None
    problems = [Diagnostic(shown, *locate(key), f"{key}[{j}]: {problem}", "schema")
                for key, codes in _code_lists(policy) for j, code in enumerate(codes)
                if (problem := code_problem(code))]
    if problems:
        raise InputError(problems)
    return policy


def _toml_message(err: ErrorDetails) -> str:
    loc = [str(p) for p in err["loc"]]
    name = "tool.iho-ready." + ".".join(loc) if loc else "tool.iho-ready"
    if err["type"] == "extra_forbidden":
        keys = [f.alias or n for n, f in PolicyConfig.model_fields.items()]
        return f"unknown key '{loc[-1]}' in [tool.iho-ready]" + (did_you_mean(loc[-1], keys)
                                                                 or f"; allowed keys: {', '.join(keys)}")
    msg = str(err["msg"])
    return f"{name}: {msg[:1].lower() + msg[1:]}"


class _TomlLocator:
    """Finds the line of a key in the ``[tool.iho-ready]`` table, for error messages.

    tomllib keeps no positions; a line search is enough for a table of a few flat keys.
    Falls back to the table header, then to the top of the file.
    """

    _HEADER = re.compile(r"""^\s*\[\s*tool\s*\.\s*(?:"iho-ready"|'iho-ready'|iho-ready)\s*\]""")

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.header = next((i for i, line in enumerate(self.lines) if self._HEADER.match(line)), None)

    def __call__(self, key: Any) -> tuple[int, int]:
        if self.header is None:
            return 1, 1
        if key is not None:
            pattern = re.compile(rf"""^(\s*)["']?{re.escape(str(key))}["']?\s*=""")
            for i in range(self.header + 1, len(self.lines)):
                if self.lines[i].lstrip().startswith("["):
                    break
                if match := pattern.match(self.lines[i]):
                    return i + 1, len(match.group(1)) + 1
        return self.header + 1, 1
