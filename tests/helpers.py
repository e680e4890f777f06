"""Shared test helpers: paths, an in-process CLI runner, manifest builders, golden files."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_REL = "examples/northshire-community/manifest.yaml"
"""The bundled example as a CI job in this repository would name it."""
EXAMPLE = ROOT / EXAMPLE_REL
GOLDEN = Path(__file__).parent / "golden"
REGEN = bool(os.environ.get("IHO_READY_REGEN"))
"""Set IHO_READY_REGEN=1 to rewrite golden files instead of comparing (then review the diff)."""


@dataclass
class Run:
    """The outcome of one CLI invocation."""

    code: int
    out: str
    err: str


def run_cli(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``iho-ready ARGS`` in-process through the real entry point (exit-code mapping included)."""
    from iho_ready.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_argv, old_cwd, old_env = sys.argv, os.getcwd(), dict(os.environ)
    sys.argv = ["iho-ready", *map(str, args)]
    os.environ.update(env or {})
    if cwd:
        os.chdir(cwd)
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
    return Run(code, out.getvalue(), err.getvalue())


def base_manifest(**overrides) -> dict:
    """A minimal valid manifest selecting the NHS England rubric; override top-level keys."""
    data = {
        "manifest": 1,
        "organisation": {"name": "Testshire Health NHS Foundation Trust (fictional)", "type": "acute"},
        "assessment": {"title": "Readiness", "as_of": "2026-10-31"},
        "rubrics": ["nhse-iho-designation@2025.11"],
        "evidence": [],
        "criteria": {},
    }
    data.update(overrides)
    return data


def write_manifest(folder: Path, data: dict, files: list[str] = (), name: str = "manifest.yaml") -> Path:
    """Write *data* as YAML in *folder*, creating each evidence file in *files*."""
    folder.mkdir(parents=True, exist_ok=True)
    for rel in files:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("evidence\n")
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def assert_golden(name: str, actual: str) -> None:
    """Compare *actual* with ``tests/golden/NAME`` (rewrite it when IHO_READY_REGEN is set)."""
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        pytest.skip(f"regenerated {path.name}")
    assert path.exists(), f"missing golden file {path}; run IHO_READY_REGEN=1 pytest, then review the diff"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; if the change is intended, regenerate and review"


def example_line(text: str) -> int:
    """The 1-based line of the bundled example manifest that contains *text* (exactly once)."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, f"{text!r} is on lines {found} of the example"
    return found[0]


def write(path: Path, text: str) -> Path:
    """Write dedented *text* to *path*, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def validate_edited_rubric(folder: Path, rubric: Path, old: str, new: str) -> Run:
    """``rubrics validate`` on a copy of *rubric* in *folder* with its one *old* text replaced by *new*."""
    text = rubric.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = folder / "rubric.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return run_cli("rubrics", "validate", path)


def merge_fragment(base: object, fragment: object) -> object:
    """*base* with *fragment* applied: mappings merged key by key; lists of mappings with ids
    merged by id (new ids added), other lists of mappings item by item; any other list
    replaces the list.

    How the finding catalogue's example fragments apply to its example manifest
    (``iho_ready.findings``): ``evidence: [{review_by: ...}]`` changes the first document's
    review date and keeps the rest of it.
    """
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = merge_fragment(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(fragment, list) and fragment and all(
            isinstance(item, dict) and "id" in item for item in fragment) and all(
            isinstance(item, dict) and "id" in item for item in base):
        by_id = {item["id"]: item for item in fragment}
        merged_list = [merge_fragment(item, by_id.pop(item["id"])) if item["id"] in by_id else item for item in base]
        return merged_list + list(by_id.values())
    if isinstance(base, list) and isinstance(fragment, list) and fragment and all(
            isinstance(item, dict) for item in fragment):
        return [merge_fragment(base[i], item) if i < len(base) else item for i, item in enumerate(fragment)] + \
            base[len(fragment):]
    return fragment


SEEDS = ROOT.parent / "shared" / "seeds"
"""The source documents the rubrics quote (``../shared/seeds`` beside the checkout)."""
IN_CI = os.environ.get("CI") == "true"
"""Under CI the source documents must be there: tests that need them fail rather than skip."""
needs_seeds = pytest.mark.skipif(not IN_CI and not (SEEDS / "nhse-aft-guide-annex2-iho.txt").exists(),
                                 reason="source documents not beside the checkout (under CI=true this fails instead)")
"""Mark a test that reads the source documents."""

