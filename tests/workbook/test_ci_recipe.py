"""docs/ci.md's recipe for a team that keeps only the workbook: its workflow and commands, run.

The action's steps run here as the GitHub runner runs them (``tests/ci/test_ci_jobs.py``) on a
copy of the example trust that holds the workbook and the evidence, and so do the commands the
section shows.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.ci.test_ci_jobs import ACTION, DOCS, blocks, environment, load_yaml, run_action_step
from tests.helpers import EXAMPLE

SECTION = DOCS.read_text(encoding="utf-8").split("## A team that keeps only the workbook", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    """A repository holding only the workbook, the evidence, the partners' statements and the lock."""
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.schema.json").unlink()
    return folder


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "iho-ready"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m iho_ready "$@"\n')
    shim.chmod(0o755)
    return folder


def _workflow() -> dict:
    (block,) = [b for b in blocks(DOCS, "yaml") if "manifest: manifest.xlsx" in b]
    assert block in SECTION
    return load_yaml(block)


def test_the_workflow_uses_the_action_with_real_inputs_and_uploads_what_it_writes() -> None:
    action = load_yaml(ACTION.read_text(encoding="utf-8"))
    steps = _workflow()["jobs"]["iho-ready"]["steps"]
    ours = next(s for s in steps if s.get("uses", "").split("@")[0].endswith("/iho-ready"))
    assert set(ours["with"]) <= set(action["inputs"])
    upload = next(s for s in steps if "upload-artifact" in s.get("uses", ""))
    assert ours["with"]["paper"] == upload["with"]["path"]
    assert ours["with"]["dashboard"].startswith(upload["with"]["path"] + "/")


def test_the_action_checks_the_workbook_and_publishes_the_paper_and_the_dashboard(
        trust: Path, tmp_path: Path, bin_dir: Path) -> None:
    action = load_yaml(ACTION.read_text(encoding="utf-8"))
    inputs = {k: str(v) for k, v in _workflow()["jobs"]["iho-ready"]["steps"][1]["with"].items()}
    paper, _, written = run_action_step(action, "paper", inputs, tmp_path, bin_dir, cwd=trust)
    assert paper.returncode == 0, paper.stderr
    assert written == {"written": "site"}
    assert zipfile.ZipFile(trust / "site" / "board-paper.docx").read("word/document.xml")
    assert (trust / "site" / "board-paper.pdf").read_bytes().startswith(b"%PDF")
    dashboard, _, _ = run_action_step(action, "dashboard", inputs, tmp_path, bin_dir, cwd=trust)
    assert dashboard.returncode == 0, dashboard.stderr
    assert "Northshire Community Health" in (trust / "site" / "index.html").read_text()
    check, summary, _ = run_action_step(action, "check", inputs, tmp_path, bin_dir, cwd=trust)
    assert check.returncode == 1, check.stderr
    assert re.search(r"^::error file=manifest\.xlsx,line=\d+,col=\d+,", check.stdout, flags=re.M)
    assert summary.read_text().startswith("## iho-ready: Northshire Community Health NHS Foundation Trust")


def test_the_recipe_commands_run(trust: Path, bin_dir: Path) -> None:
    commands = [line[2:] for block in re.findall(r"^```console\n(.*?)^```", SECTION, flags=re.M | re.S)
                for line in block.splitlines() if line.startswith("$ iho-ready ")]
    assert len(commands) == 4
    (trust / "site").mkdir()
    for command in commands:
        done = subprocess.run(["sh", "-c", command], cwd=trust, env=environment(bin_dir), capture_output=True,
                              text=True)
        assert done.returncode in (0, 1), f"{command}: {done.stderr}"
        assert "Traceback" not in done.stderr
    assert {p.name for p in (trust / "site").iterdir()} == {"board-paper.docx", "board-paper.pdf", "index.html"}
