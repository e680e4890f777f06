"""Small decisions of the evaluation that no larger test pins: which actions need the board's
attention, which reasons a shortfall lists, how findings are ordered, and an evidence path that
names something other than a file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from iho_ready.app import assess
from iho_ready.evaluate import evaluate
from iho_ready.findings import EXAMPLE_MANIFEST
from iho_ready.models.result import Finding, Location
from iho_ready.rubrics import Registry
from tests.helpers import EXAMPLE
from tests.unit import test_finding_catalogue as catalogue
from tests.unit.test_finding_catalogue import run_example


def _t2_action(status: str, due: str = "2027-03-31") -> str:
    return ("{criteria: {T2: {rating: not-met, explanation: Work continues., actions: [{id: A0, status: complete}, "
            f"{{id: A1, action: Do it, owner: COO, due: {due}, status: {status}}}]}}}}}}")


@pytest.mark.parametrize(("status", "attention"), [
    ("not-started", False), ("on-track", False), ("at-risk", True), ("off-track", True), ("complete", False)])
def test_an_open_action_at_risk_or_off_track_needs_the_boards_attention(status: str, attention: bool) -> None:
    result = run_example(_t2_action(status))
    a1 = next(a for a in result.actions if a.id == "A1")
    assert (a1.attention, a1.open) == (attention, status != "complete")
    assert result.attention.at_risk == (["A1"] if attention else [])


def test_an_overdue_action_is_a_reason_naming_it() -> None:
    result = run_example("{assessment: {as_of: 2027-04-30}, " + _t2_action("on-track")[1:])
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert [(r.code, r.refs) for r in t2.reasons if r.code == "action-overdue"] == [("action-overdue", ["A1"])]
    assert next(a for a in result.actions if a.id == "A1").overdue


@pytest.mark.parametrize("rating", ["partially-met", "not-met"])
def test_a_rating_below_the_criterion_is_the_reason_rated_below(rating: str) -> None:
    result = run_example(f"{{criteria: {{T2: {{rating: {rating}, explanation: Not yet.}}}}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert t2.reasons[0].code == "rated-below"


def test_a_gap_with_no_explanation_and_no_action_lists_both_reasons_in_order() -> None:
    result = run_example("{criteria: {T2: {rating: not-met, actions: [{id: A0, status: complete}]}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    codes = [r.code for r in t2.reasons]
    assert codes == ["rated-below", "explanation-missing", "gap-without-action"]
    assert t2.unactioned and not t2.explanation_recorded


def test_an_action_with_no_owner_is_a_reason_saying_what_it_lacks() -> None:
    result = run_example("{criteria: {T2: {rating: not-met, explanation: e, actions: [{id: A0, status: complete}, "
                         "{id: A1, action: Do it, due: 2027-03-31}]}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert [(r.code, r.refs, r.lacks) for r in t2.reasons if r.code == "action-incomplete"] == [
        ("action-incomplete", ["A1"], ["owner"])]


@pytest.mark.parametrize("field", ["rubric", "criterion", "evidence", "document", "action", "partner"])
def test_findings_at_one_place_with_one_code_are_ordered_by_what_they_concern(field: str) -> None:
    here = Location(file="m.yaml", line=3, column=5)
    later, earlier, unset = (Finding.model_validate({"code": "evidence-expired", "severity": "error", "rubric": None,
                                                     "criterion": None, "location": here, "message": "m",
                                                     field: value}) for value in ("B", "A", None))
    assert sorted([later, earlier, unset], key=Finding.sort_key) == [unset, earlier, later]


def test_findings_are_ordered_by_file_line_column_then_code() -> None:
    def at(file: str, line: int, column: int, code: str) -> Finding:
        return Finding(code=code, severity="error", rubric=None, criterion=None, message="m",
                       location=Location(file=file, line=line, column=column))

    findings = [at("b.yaml", 1, 1, "a"), at("a.yaml", 9, 1, "a"), at("a.yaml", 2, 7, "a"), at("a.yaml", 2, 3, "z"),
                at("a.yaml", 2, 3, "b")]
    assert [(f.location.file, f.location.line, f.location.column, f.code) for f in
            sorted(findings, key=Finding.sort_key)] == [
        ("a.yaml", 2, 3, "b"), ("a.yaml", 2, 3, "z"), ("a.yaml", 2, 7, "a"), ("a.yaml", 9, 1, "a"),
        ("b.yaml", 1, 1, "a")]


def test_an_evidence_path_to_a_folder_cannot_count_and_says_so(tmp_path: Path) -> None:
    repo = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, repo)
    manifest = repo / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("path: evidence/strategy/medium-term-plan.md", "path: evidence/strategy", 1),
                        encoding="utf-8")
    result = assess(manifest, Registry()).result
    (doc,) = [d for d in result.documents if d.id == "MTP"]
    assert not doc.valid and doc.problems == ["evidence-file-missing"]
    (finding,) = [f for f in result.findings if f.code == "evidence-file-missing" and f.document == "MTP"]
    assert finding.message.startswith("evidence MTP: path 'evidence/strategy' ")
    assert "does not exist" not in finding.message
    line = manifest.read_text(encoding="utf-8").splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:] == "evidence/strategy"


def test_a_criterion_not_rated_is_not_assessed_and_asks_for_no_evidence() -> None:
    result = run_example("{criteria: {T1: {rating: null}}, evidence: [{supports: [T2]}]}")
    t1 = next(c for c in result.criteria if c.id == "T1")
    assert [f.code for f in result.findings if f.criterion == "T1"] == ["not-assessed"]
    assert t1.status == "not-assessed" and t1.items == []
    rated = run_example("{evidence: [{supports: [T2]}]}")
    assert "missing-evidence" in [f.code for f in rated.findings if f.criterion == "T1"]


def test_the_result_names_the_lock_file_it_was_checked_against() -> None:
    assert run_example("{}").lock == "iho-ready.lock"


def test_a_criterion_missing_from_the_manifest_is_located_at_the_criteria_key(monkeypatch) -> None:
    data = yaml.safe_load(EXAMPLE_MANIFEST)
    del data["criteria"]["T1"]
    monkeypatch.setattr("tests.unit.test_finding_catalogue.EXAMPLE_MANIFEST", yaml.safe_dump(data, sort_keys=False))
    result = run_example("{}")
    (finding,) = [f for f in result.findings if f.code == "not-assessed"]
    text = yaml.safe_dump(data, sort_keys=False).splitlines()
    assert finding.criterion == "T1"
    assert text[finding.location.line - 1][finding.location.column - 1:] == "criteria:"


def test_a_criterion_not_rated_has_no_position_and_the_board_sees_it_unrated() -> None:
    result = run_example("{criteria: {T1: {rating: null}}}")
    t1 = next(c for c in result.criteria if c.id == "T1")
    assert (t1.position, t1.rating, t1.rating_label, t1.rating_rank) == ("not-rated", None, None, None)
    assert result.board.not_rated == ["T1"] and result.board.confirmed == []
    assert t1.reasons[0].code == "not-assessed"


def test_a_board_statement_not_confirmed_gives_that_reason_first() -> None:
    result = run_example("{criteria: {T1: {rating: not-confirmed, explanation: Not yet.}}}")
    t1 = next(c for c in result.criteria if c.id == "T1")
    assert t1.reasons[0].code == "not-confirmed" and t1.position == "below"


_NOT_APPLICABLE = ("    - {id: not-met, label: Not met, meets: false, rag: red, finding: not-met, needs: explanation}\n"
                   "    - {id: not-applicable, label: Not applicable, meets: true, rag: grey, needs: justification,\n"
                   "       not_applicable: true}\n")


@pytest.mark.parametrize(("justification", "recorded"), [("", False), (", justification: We do not run it.", True)])
def test_not_applicable_is_explained_by_its_justification(monkeypatch, justification: str, recorded: bool) -> None:
    from iho_ready.findings import EXAMPLE_RUBRIC

    line = "    - {id: not-met, label: Not met, meets: false, rag: red, finding: not-met, needs: explanation}\n"
    rubric = EXAMPLE_RUBRIC.replace(line, _NOT_APPLICABLE).replace(
        "partner_statements: [icb]}", "partner_statements: [icb], allow_not_applicable: true}")
    assert rubric != EXAMPLE_RUBRIC
    monkeypatch.setattr("tests.unit.test_finding_catalogue.EXAMPLE_RUBRIC", rubric)
    result = run_example(f"{{criteria: {{T2: {{rating: not-applicable{justification}, explanation: An aside.}}}}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert (t2.position, t2.explanation_recorded, t2.items) == ("not-applicable", recorded, [])
    assert ("explanation-missing" in [f.code for f in result.findings if f.criterion == "T2"]) is not recorded


def test_a_criterion_relying_on_evidence_with_errors_counts_one_error_and_its_warnings_each() -> None:
    result = run_example("{criteria: {T2: {actions: [{id: A0, answers: []}, "
                         "{id: A1, action: Agree it, owner: CEO, due: 2026-12-15}]}}}")
    t2 = next(c for c in result.criteria if c.id == "T2")
    assert [f for f in result.findings if f.criterion == "T2"] == [] and (t2.errors, t2.warnings) == (1, 0)
    disagreed = run_example("{partners: [partners/icb.yaml, partners/pcn.yaml]}")
    t2 = next(c for c in disagreed.criteria if c.id == "T2")
    assert [f.code for f in disagreed.findings if f.criterion == "T2"] == ["partner-disagrees"]
    assert (t2.errors, t2.warnings) == (0, 1)


def test_the_result_counts_findings_by_severity() -> None:
    result = run_example("{evidence: [{review_by: 2026-09-30}], criteria: {T2: {rating: partially-met}}}")
    for severity in ("error", "warning", "info"):
        assert getattr(result.counts, severity) == sum(1 for f in result.findings if f.severity == severity)
    assert result.counts.info >= 1 and result.counts.error >= 1


def test_a_document_that_cannot_count_is_named_by_its_id_in_the_missing_evidence_message() -> None:
    result = run_example("{evidence: [{review_by: 2026-09-30}]}")
    messages = [f.message for f in result.findings if f.code == "missing-evidence" and f.evidence == "T1.E1"]
    assert messages and messages[0].endswith("; PLAN cannot count because it passed its review date (2026-09-30)")


def test_each_criterion_carries_its_sub_area_and_each_action_what_it_answers() -> None:
    outcome = assess(EXAMPLE, Registry())
    placed = outcome.loaded.placed
    areas = [(c.id, c.area) for c in outcome.result.criteria]
    assert areas == [(c.id, placed[(c.rubric, c.id)].area.id if placed[(c.rubric, c.id)].area else None)
                     for c in outcome.result.criteria]
    assert any(area for _, area in areas)
    a0 = next(a for a in run_example("{}").actions if a.id == "A0")
    assert a0.answers == ["icb.C1"]


def test_a_private_document_is_marked_private() -> None:
    docs = run_example("{evidence: [{sensitivity: private}]}").documents
    assert [(d.id, d.private) for d in docs] == [("PLAN", True)]
    assert [(d.id, d.private) for d in run_example("{}").documents] == [("PLAN", False)]


def test_with_no_lock_file_the_result_names_none() -> None:
    loaded = catalogue.load_manifest("manifest.yaml", catalogue._Rubrics(), "manifest.yaml", EXAMPLE_MANIFEST)
    catalogue._partners(loaded)
    facts = {doc.id: catalogue._facts(doc.path) for doc in loaded.manifest.evidence if doc.path}
    result = evaluate(loaded, facts, loaded.manifest.assessment.as_of, tool_version="test", lock=None,
                      lock_file="iho-ready.lock")
    assert result.lock is None


def test_the_result_is_ready_only_when_every_rubric_is() -> None:
    assert run_example("{}").ready is True
    assert run_example("{criteria: {T2: {rating: not-met, explanation: Not yet.}}}").ready is False


def test_a_system_view_row_carries_the_trusts_rating_beside_the_partners_views() -> None:
    result = run_example("{partners: [partners/icb.yaml, partners/pcn.yaml]}")
    (row,) = [r for r in result.system if r.criterion == "T2"]
    assert (row.rubric, row.rating, row.agree, row.disagree, row.split) == ("example", "Met", [], ["pcn"], True)
