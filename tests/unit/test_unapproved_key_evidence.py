"""A confirmed board statement is not supported by key evidence nobody has approved (issue 20).

An assessor would query a board that confirms a statement on a proposal it has not approved, so
the evaluation decides it: where a required key-evidence item of a confirmed board statement is
supported only by documents with no approval record, the statement is not ``supported``, it gets
the reason ``unapproved-key-evidence`` and the finding of that name (an error). A competency
rated met is not a board statement and keeps the warning only (``evidence-unapproved``).
"""

from __future__ import annotations

import json
import shutil

import yaml

from tests.helpers import ROOT, run_cli

CASE = ROOT / "tests" / "cases" / "findings" / "unapproved-key-evidence"
RUBRICS = ROOT / "tests" / "cases" / "finding-rubrics"


def _result(tmp_path, change=None) -> dict:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    if change is not None:
        data = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
        change(data)
        (folder / "manifest.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run = run_cli("check", folder / "manifest.yaml", "--rubrics", RUBRICS, "-f", "json", "-o", "-")
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


def _criterion(result: dict, cid: str) -> dict:
    return next(c for c in result["criteria"] if c["id"] == cid)


def test_a_confirmed_statement_on_unapproved_key_evidence_is_not_supported(tmp_path):
    result = _result(tmp_path)
    t1 = _criterion(result, "T1")
    assert t1["position"] == "meets" and t1["board_statement"]
    assert t1["supported"] is False
    assert t1["status"] != "met"
    assert {"code": "unapproved-key-evidence", "refs": ["PLAN"], "lacks": []} in t1["reasons"]
    assert result["board"]["unsupported"] == ["T1"]
    codes = {(f["code"], f["criterion"]) for f in result["findings"]}
    assert ("unapproved-key-evidence", "T1") in codes


def test_a_competency_met_on_the_same_document_keeps_the_warning_only(tmp_path):
    result = _result(tmp_path)
    assert _criterion(result, "T2")["supported"] is True
    assert not any(f["code"] == "unapproved-key-evidence" and f["criterion"] == "T2" for f in result["findings"])
    assert any(f["code"] == "evidence-unapproved" for f in result["findings"])


def test_an_approved_document_beside_the_unapproved_one_supports_it(tmp_path):
    def add_approved(data):
        data["evidence"].append({"id": "PLAN2", "title": "The plan, approved", "path": "plan.md",
                                 "approved": {"by": "Trust Board", "date": "2026-09-04"},
                                 "review_by": "2027-06-30", "supports": ["T1.E1", "T1.E2"]})

    result = _result(tmp_path, add_approved)
    assert _criterion(result, "T1")["supported"] is True
    assert not any(f["code"] == "unapproved-key-evidence" for f in result["findings"])


def test_the_paper_says_why_in_words(tmp_path):
    run = run_cli("report", CASE / "manifest.yaml", "--rubrics", RUBRICS)
    assert "It is rated confirmed, but the board cannot rely on unapproved key evidence: PLAN (The plan): " \
           "not approved" in run.out
    assert "the evidence does not yet support T1" in run.out
