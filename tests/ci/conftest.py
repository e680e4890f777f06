"""Fixtures for the CI integration tests: an in-process CLI runner and small evidence repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.ci_support import CRITERIA, Run, write
from tests.helpers import run_cli


@pytest.fixture
def cli():
    """Run ``iho-ready ARGS...`` in this process (through ``main``, so exit codes are real)."""

    def run(*args: object, cwd: Path | None = None) -> Run:
        return run_cli(*args, cwd=cwd)

    return run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An evidence repository (with ``.git``) whose manifest passes every check: exit code 0.

    Two documents: PLAN supports every criterion but PHC3, MINUTES supports PHC3. Tests
    change it to raise the findings they need.
    """
    (tmp_path / ".git").mkdir()
    write(tmp_path / "evidence" / "plan.md", "# Plan\n\nThe plan.\n")
    write(tmp_path / "evidence" / "minutes.md", "# Minutes\n\nThe minutes.\n")
    supports = ", ".join(c for c in CRITERIA if c != "PHC3")
    ratings = "".join(f"  {c}: {{rating: met}}\n" for c in CRITERIA)
    (tmp_path / "manifest.yaml").write_text(
        "manifest: 1\n"
        "organisation: {name: Testshire Community NHS Trust, type: community}\n"
        "assessment: {title: Test self-assessment, as_of: 2026-10-31}\n"
        "rubrics: [nhsconfed-host-provider@2025.11]\n"
        "evidence:\n"
        "  - id: PLAN\n"
        "    title: Plan\n"
        "    path: evidence/plan.md\n"
        "    approved: {by: Trust Board, date: 2026-09-04}\n"
        "    review_by: 2027-09-30\n"
        f"    supports: [{supports}]\n"
        "  - id: MINUTES\n"
        "    title: Minutes\n"
        "    path: evidence/minutes.md\n"
        "    approved: {by: Trust Board, date: 2026-09-04}\n"
        "    review_by: 2027-09-30\n"
        "    supports: [PHC3]\n"
        "criteria:\n" + ratings, encoding="utf-8")
    return tmp_path
