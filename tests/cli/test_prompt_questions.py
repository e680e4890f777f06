"""The prompt questions rubric works for a system discussion, end to end."""

from __future__ import annotations

import json

import yaml

from tests.helpers import run_cli


def _manifest(tmp_path, criteria):
    (tmp_path / "notes.md").write_text("Notes of the system meeting.\n", encoding="utf-8")
    data = {
        "manifest": 1,
        "organisation": {"name": "Fixture Trust", "type": "community"},
        "assessment": {"title": "System discussion", "as_of": "2026-10-31"},
        "rubrics": ["nhsconfed-prompt-questions@2025.11"],
        "evidence": [{"id": "NOTES", "title": "Notes of the system meeting", "path": "notes.md",
                      "approved": {"by": "System partnership board", "date": "2026-10-01"},
                      "review_by": "2027-06-30", "supports": [f"PQ{i}" for i in range(1, 11)]}],
        "criteria": criteria,
    }
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_question_the_partners_answer_differently_is_a_gap_until_they_agree(tmp_path):
    answered = {f"PQ{i}": {"rating": "answered", "commentary": "ICB, trust and partners agreed."} for i in range(1, 11)}
    disagree = {**answered, "PQ5": {
        "rating": "partners-disagree", "explanation": "Primary care leaders favour a GP federation as host.",
        "actions": [{"id": "A1", "action": "Facilitated session on the host", "owner": "ICB chief executive",
                     "due": "2027-01-31"}]}}
    run = run_cli("check", _manifest(tmp_path, disagree), "--format", "json")
    result = json.loads(run.out)
    assert run.code == 1
    assert [(f["criterion"], f["message"]) for f in result["findings"] if f["severity"] == "error"] == [
        ("PQ5", "PQ5 is rated partners disagree")]
    assert result["rubrics"][0]["readiness"] == "plan-agreed"
    (tmp_path / "agreed").mkdir()
    run = run_cli("check", _manifest(tmp_path / "agreed", answered), "--format", "json")
    assert run.code == 0 and json.loads(run.out)["rubrics"][0]["readiness"] == "ready"


def test_init_writes_the_lead_in_once_above_the_statements_it_completes(tmp_path):
    out = tmp_path / "m.yaml"
    assert run_cli("init", "--rubric", "nhse-iho-designation", "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("  # The board has assured itself that…\n") == 1
    assert "  # … It has the skills to deliver contracting" in text
