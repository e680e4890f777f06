"""Helpers for the board report tests: the example trust, editing manifests, and running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northshire-community"
GOLDEN = ROOT / "tests" / "golden"


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m iho_ready ARGS`` as a user would, through ``main()`` and its exit codes."""
    environment = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "IHO_READY_DEBUG")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "iho_ready", *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, check=False)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the example trust's evidence repository; returns its manifest."""
    target = tmp_path / "northshire"
    shutil.copytree(EXAMPLE, target)
    return target / "manifest.yaml"


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a manifest in place, failing loudly if the text to change is not there exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
