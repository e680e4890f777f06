"""Every command that reads a manifest reads a workbook: lock, history, report --since, portfolio, diff."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iho_ready.workbook import layout
from tests.helpers import EXAMPLE, run_cli


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    """The example trust keeping only its workbook, in a git repository with one commit."""
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "manifest.yaml").unlink()
    git = ["git", "-C", str(folder), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "the workbook"], check=True)
    return folder


def _rate(book: Path, criterion: str, rating: str) -> None:
    wb = load_workbook(book)
    ws = wb[layout.CRITERIA]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == criterion)
    row[3].value = rating
    wb.save(book)


def test_lock_writes_the_lock_file_beside_the_workbook(trust: Path) -> None:
    (trust / "iho-ready.lock").unlink()
    run = run_cli("lock", "manifest.xlsx", cwd=trust)
    assert run.code == 0, run.err
    locked = (trust / "iho-ready.lock").read_text()
    assert "evidence/strategy/medium-term-plan.md" in locked


def test_history_and_report_since_read_the_committed_workbooks(trust: Path) -> None:
    _rate(trust / "manifest.xlsx", "CG2", "confirmed")
    git = ["git", "-C", str(trust), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "commit", "-qam", "CG2 confirmed"], check=True)
    run = run_cli("history", "manifest.xlsx", "--format", "json", cwd=trust)
    assert run.code == 0, run.err
    points = json.loads(run.out)["points"]
    assert [p["subject"] for p in points] == ["the workbook", "CG2 confirmed"]
    assert all(p["valid"] and p["snapshot"] for p in points), points
    confirmed = [{r["rating"]: r["count"] for r in p["snapshot"]["rubrics"][0]["ratings"]}["Confirmed"]
                 for p in points]
    assert confirmed[1] == confirmed[0] + 1  # each commit's workbook read as it was then
    since = run_cli("report", "manifest.xlsx", "--since", "HEAD~1", cwd=trust)
    assert since.code == 0, since.err
    assert "CG2" in since.out


def test_portfolio_finds_the_workbook_in_a_folder_without_yaml(trust: Path) -> None:
    run = run_cli("portfolio", trust.parent, "--format", "json", cwd=trust.parent)
    assert run.code == 0, run.err
    (row,) = json.loads(run.out)["rows"]
    assert row["manifest"].endswith("manifest.xlsx")


def test_diff_compares_a_workbook_with_the_yaml_it_came_from(trust: Path, tmp_path: Path) -> None:
    _rate(trust / "manifest.xlsx", "CG2", "confirmed")
    run = run_cli("diff", EXAMPLE, trust / "manifest.xlsx")
    assert run.code in (0, 1), run.err
    assert "CG2" in run.out
