"""LibreOffice opens the workbook, and what it saves is still the same manifest.

Runs ``soffice --headless --convert-to xlsx`` on the example's workbook (Calc reads every sheet,
table, drop-down and protection, then writes its own .xlsx), reads the result back with openpyxl
and checks it as a manifest. Skipped only where soffice is not installed and CI is not set: in CI
(``.ci/run`` installs libreoffice-calc) it must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iho_ready.workbook import layout
from tests.helpers import EXAMPLE, run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                                reason="LibreOffice (soffice) is not installed; CI installs it")


def _findings(folder: Path, name: str) -> list[tuple[str, str]]:
    run = run_cli("check", name, "-f", "json", cwd=folder)
    assert run.code == 1, run.err
    return sorted((f["code"], f["message"]) for f in json.loads(run.out)["findings"])


def test_libreoffice_opens_the_workbook_and_its_copy_is_the_same_manifest(tmp_path: Path) -> None:
    assert SOFFICE is not None, "CI is set but LibreOffice is not installed (see .ci/run)"
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)
    out = tmp_path / "converted"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(out), str(folder / "manifest.xlsx")],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    saved = out / "manifest.xlsx"
    assert saved.is_file(), done.stdout + done.stderr
    book = load_workbook(saved)
    assert book.sheetnames == list(layout.SHEETS)
    assert book[layout.CRITERIA].data_validations.dataValidation
    assert book[layout.EVIDENCE].protection.sheet
    shutil.copy(saved, folder / "calc.xlsx")
    assert _findings(folder, "calc.xlsx") == _findings(folder, "manifest.yaml")
