"""Finding and reading the policy section of a config file.

Two places, in this order (the first found is used, they are never merged):

1. ``.iho-ready.yaml`` next to the manifest;
2. ``[tool.iho-ready]`` in the nearest ``pyproject.toml`` at or above the manifest's
   folder, looking no higher than the repository root (the folder holding ``.git``).
   With no repository around the manifest, only its own folder is looked at: a shared
   ``/tmp/pyproject.toml`` must not be able to change what a check reports.

A config file that is a symlink leading outside the repository is refused without
being read, so its target's content can never appear in an error message.

Keys mirror the ``check`` options (see :mod:`iho_ready.policy`). Every problem is a
located diagnostic, so a bad config file gives ``FILE:LINE:COL`` and exit code 2.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .limits import MAX_DEPTH, MAX_NUMBER_DIGITS
from .loading import validate
from .policy import PolicyConfig, code_problem
from .safe_files import check_path, refuse_outside, repository_root
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
    """The nearest ``pyproject.toml`` at or above the manifest's folder, within its repository.

    Without a repository (no ``.git`` at or above the folder), only the manifest's own
    folder is looked at.
    """
    start = Path(os.path.abspath(manifest)).parent
    root = repository_root(start)
    for candidate in (start, *start.parents):
        if os.path.lexists(candidate / "pyproject.toml"):
            return candidate / "pyproject.toml"
        if os.path.realpath(candidate) == str(root):
            return None
    return None


def load_config(manifest: str) -> LoadedConfig:
    """The policy config that applies to *manifest* (empty when there is none).

    Raises :class:`~iho_ready.diagnostics.InputError` for a config file that cannot be read
    or is invalid, including unknown finding codes, and for one that is a symlink leading
    outside the repository (or, with no repository, outside the manifest's folder).
    """
    check_path(manifest)  # a path no file system can hold is an [io] error, not an exception later
    folder = Path(manifest).parent
    root = repository_root(folder)
    beside = folder / CONFIG_NAME
    if os.path.lexists(beside):
        shown = beside.as_posix()
        refuse_outside(beside, shown, root, "config file")
        return LoadedConfig(_load_yaml(str(beside), shown), shown)
    pyproject = find_pyproject(manifest)
    if pyproject is not None:
        shown = display_path(pyproject)
        refuse_outside(pyproject, shown, root, "config file")
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
    too_deep = toml_too_deep(text)
    if too_deep is not None:
        raise InputError([Diagnostic(shown, *too_deep, f"arrays and inline tables are nested more than {MAX_DEPTH} "
                                     f"levels deep; iho-ready reads at most {MAX_DEPTH}", "limit")])
    try:
        data = tomllib.loads(text)
    except RecursionError:  # pragma: no cover - toml_too_deep stops this first; kept as a backstop
        raise InputError([Diagnostic(shown, 1, 1, "arrays and inline tables are nested too deeply", "limit")]) from None
    except ValueError as e:
        if not isinstance(e, tomllib.TOMLDecodeError):  # Python refuses integers of over 4,300 digits
            line, column = _long_number_at(text)
            raise InputError([Diagnostic(shown, line, column, f"a number is longer than {MAX_NUMBER_DIGITS:,} "
                                         "digits; iho-ready reads at most that many", "limit")]) from None
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


def _long_number_at(text: str) -> tuple[int, int]:
    """(line, column) of the first run of digits too long for Python to convert (4,300), or (1, 1)."""
    found = re.search(rf"[0-9][0-9_]{{{sys.get_int_max_str_digits()},}}", text)
    if found is None:  # pragma: no cover - tomllib fails only on such a run
        return 1, 1
    start = found.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def toml_too_deep(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """The (line, column) where TOML arrays and inline tables first nest deeper than *limit*.

    tomllib parses nested values recursively, so thousands of ``[`` would exhaust the
    Python stack; this scan is a plain loop. It skips strings and comments, and counts
    ``[`` and ``{`` only where a value can start (after ``=``, ``[``, ``{`` or ``,``), so
    table headers such as ``[[tool.x]]`` are not nesting. Returns None when within *limit*.
    """
    depth = 0
    line, column = 1, 0
    in_value = False  # a '[' here opens an array (after '='), not a table header
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        column += 1
        if char == "\n":
            line, column = line + 1, 0
            if depth == 0:
                in_value = False
        elif char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            column -= 1
            continue
        elif char in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else char
            j = i + len(quote)
            while j < n:
                if text[j] == "\\" and quote[0] == '"':
                    j += 2
                    continue
                if text.startswith(quote, j) or (len(quote) == 1 and text[j] == "\n"):
                    break
                j += 1
            chunk = text[i:j + len(quote)]
            newlines = chunk.count("\n")
            if newlines:
                line += newlines
                column = len(chunk) - chunk.rfind("\n") - 1
            else:
                column += len(chunk) - 1
            i = j + len(quote)
            continue
        elif char == "=":
            in_value = True
        elif char in "[{" and (in_value or depth > 0):
            depth += 1
            if depth > limit:
                return line, column
        elif char in "]}" and depth > 0:
            depth -= 1
        i += 1
    return None


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
