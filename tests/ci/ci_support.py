"""Shared constants and helpers for the CI integration tests (a unique name, so that no other
test folder's module can shadow it)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root."""
EXAMPLE = ROOT / "examples" / "northshire-community" / "manifest.yaml"
EXAMPLE_REL = "examples/northshire-community/manifest.yaml"
"""The bundled example as a CI job in this repository would name it."""

CRITERIA = ["FOM1", "FOM2", "GRM1", "GRM2", "UOC1", "UOC2", "COL1", "COL2", "PHC1", "PHC2", "PHC3"]
"""Every criterion of nhsconfed-host-provider@2025.11 (none has key-evidence items of its own)."""


@dataclass(frozen=True)
class Run:
    """What one CLI invocation did."""

    code: int
    out: str
    err: str


def write(path: Path, text: str) -> Path:
    """Write dedented *text* to *path*, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path
