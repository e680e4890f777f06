"""Shared constants and helpers for the CI integration tests (a unique name, so that no other
test folder's module can shadow it)."""

from __future__ import annotations

from tests.helpers import EXAMPLE, EXAMPLE_REL, ROOT, Run, write

__all__ = ["CRITERIA", "EXAMPLE", "EXAMPLE_REL", "ROOT", "Run", "write"]

CRITERIA = ["FOM1", "FOM2", "GRM1", "GRM2", "UOC1", "UOC2", "COL1", "COL2", "PHC1", "PHC2", "PHC3"]
"""Every criterion of nhsconfed-host-provider@2025.11 (none has key-evidence items of its own)."""
