"""The system view: partner statements read, judged, counted as evidence, and shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from iho_ready.app import assess
from iho_ready.loading import load_partner
from iho_ready.report import build_report
from iho_ready.rubrics import Registry
from tests.helpers import EXAMPLE, ROOT, run_cli


# Per test, not per module: a mutation run (CONTRIBUTING) runs, for each mutant, the tests that
# called the mutated function, and a module fixture's calls are counted to the first test only.
@pytest.fixture
def example():
    return assess(EXAMPLE, Registry())


def test_every_listed_partner_is_in_the_result_icb_first(example) -> None:
    partners = example.result.partners
    assert [p.id for p in partners] == ["icb", "primary-care", "council", "vcse", "healthwatch"]
    icb, pcc, council, vcse, healthwatch = partners
    assert (icb.valid, icb.position, icb.signed_by) == (True, "supports-with-conditions", "Chief Executive")
    assert [(c.id, c.answered_by) for c in icb.conditions] == [("C1", ["A21"]), ("C2", [])]
    assert (pcc.signed, pcc.valid, pcc.reason) == (False, False, "it is not signed")
    assert (vcse.in_date, vcse.valid) == (False, False)
    assert (healthwatch.problem, healthwatch.name) == ("missing", None)
    assert council.valid and [(v.criterion, v.agrees, v.private) for v in council.views] == [
        ("SV4", False, False), ("PHC1", True, True)]


def test_valid_statements_count_as_evidence_where_the_rubric_says(example) -> None:
    sv4 = next(c for c in example.result.criteria if c.id == "SV4")
    item = next(i for i in sv4.items if i.id == "SV4.E2")
    # ICB and council statements are signed and in date; the unsigned and expired ones cannot count.
    assert item.satisfied and item.documents == ["partner:icb", "partner:council"]
    assert {"partner:primary-care", "partner:vcse"} <= set(item.broken)


def test_the_system_view_shows_where_partners_split(example) -> None:
    rows = {r.criterion: r for r in example.result.system}
    assert rows["SV4"].split and rows["SV4"].disagree == ["council"] and rows["SV4"].agree == ["icb"]
    assert not rows["SV2"].split


def test_a_disagreement_with_a_confirmed_statement_is_a_finding_at_the_partner_line(example) -> None:
    found = [f for f in example.result.findings if f.code == "partner-disagrees"]
    assert len(found) == 1 and found[0].criterion == "SV4" and found[0].partner == "council"
    assert found[0].location.file.endswith("partners/council.yaml")
    text = (EXAMPLE.parent / "partners" / "council.yaml").read_text(encoding="utf-8").splitlines()
    assert text[found[0].location.line - 1].strip().startswith("agrees: false")


def test_private_comments_stay_out_of_public_papers(example) -> None:
    public = build_report(example, audience="public").system
    private = build_report(example, audience="private").system
    assert public is not None and private is not None
    phc1_public = next(v for v in public.views if v.criterion == "PHC1")
    phc1_private = next(v for v in private.views if v.criterion == "PHC1")
    assert "coastal wards" not in " ".join(phc1_public.views) and public.private_withheld == 1
    assert "coastal wards" in " ".join(phc1_private.views) and private.private_withheld == 0


def test_the_terminal_keeps_private_comments_out_of_ci_logs() -> None:
    run = run_cli("check", "examples/northshire-community/manifest.yaml", cwd=ROOT, env={"NO_COLOR": "1"})
    assert "System partners" in run.out and "coastal wards" not in run.out
    assert "(comment marked private)" in run.out


def test_a_manifest_without_partners_has_no_system_view(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE.parent, repo)
    manifest = repo / "manifest.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data.pop("partners")
    for entry in data["criteria"].values():
        for action in entry.get("actions", []):
            action.pop("answers", None)
    manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    outcome = assess(manifest, Registry())
    assert outcome.result.partners == [] and outcome.result.system == []
    assert build_report(outcome).system is None
    run = run_cli("check", "manifest.yaml", cwd=repo, env={"NO_COLOR": "1"})
    assert "System partners" not in run.out


@pytest.mark.parametrize("kind", ["icb", "trust", "primary-care", "local-authority", "vcse", "other"])
def test_init_writes_a_partner_statement_that_loads(tmp_path: Path, kind: str) -> None:
    run = run_cli("init", "--partner", kind, "-o", "partners/new.yaml", "--as-of", "2026-11-01", cwd=tmp_path)
    assert run.code == 0, run.err
    _, statement = load_partner(str(tmp_path / "partners" / "new.yaml"))
    assert (statement.partner.kind, statement.position, statement.signed) == (kind, "undecided", None)
    assert statement.review_by.isoformat() == "2027-05-02"


def test_init_refuses_to_replace_a_partner_statement(tmp_path: Path) -> None:
    (tmp_path / "icb.yaml").write_text("keep me\n", encoding="utf-8")
    run = run_cli("init", "--partner", "icb", "-o", "icb.yaml", cwd=tmp_path)
    assert run.code == 2 and "already exists" in run.err
    assert (tmp_path / "icb.yaml").read_text(encoding="utf-8") == "keep me\n"


def test_the_partner_schema_accepts_the_example_statements_and_rejects_a_bad_one() -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "partner-statement.schema.json").read_text(encoding="utf-8"))
    for path in sorted((EXAMPLE.parent / "partners").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as YYYY-MM-DD text, as editors see them
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"partner_statement": 1, "partner": {"name": "X", "kind": "council"},
                             "review_by": "2027-01-01", "position": "supports"}, schema)


def test_json_output_carries_partners_and_the_system_view() -> None:
    run = run_cli("check", "examples/northshire-community/manifest.yaml", "-f", "json", cwd=ROOT)
    data = json.loads(run.out)
    assert [p["id"] for p in data["partners"]] == ["icb", "primary-care", "council", "vcse", "healthwatch"]
    assert any(row["split"] for row in data["system"])
    assert {f["partner"] for f in data["findings"] if f["partner"]} == {"healthwatch", "primary-care", "vcse", "icb",
                                                                         "council"}


def test_prompt_question_answers_sit_beside_the_trusts(tmp_path: Path) -> None:
    """With the prompt questions selected, each partner's answer sits beside the trust's own."""
    repo = tmp_path / "repo"
    (repo / "partners").mkdir(parents=True)
    (repo / "partners" / "icb.yaml").write_text(
        "partner_statement: 1\n"
        "partner: {name: NHS Testshire Integrated Care Board (fictional), kind: icb}\n"
        "signed: {by: Chief Executive, date: 2026-10-01}\nreview_by: 2027-03-31\nposition: supports\n"
        "views:\n  PQ5: {agrees: false, answer: The acute trusts have not yet agreed who hosts}\n", encoding="utf-8")
    (repo / "manifest.yaml").write_text(
        "manifest: 1\norganisation: {name: Testshire Health NHS Foundation Trust (fictional), type: acute}\n"
        "assessment: {title: Readiness, as_of: 2026-10-31}\nrubrics: [nhsconfed-prompt-questions@2025.11]\n"
        "partners: [partners/icb.yaml]\ncriteria:\n"
        "  PQ5: {rating: answered, commentary: All partners agreed the trust should host}\n", encoding="utf-8")
    outcome = assess(repo / "manifest.yaml", Registry())
    row = next(v for v in build_report(outcome).system.views if v.criterion == "PQ5")
    assert row.split and row.trust_answer == "All partners agreed the trust should host"
    assert row.answers == ["NHS Testshire Integrated Care Board (fictional): The acute trusts have not yet agreed who hosts"]
    run = run_cli("check", "manifest.yaml", cwd=repo, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert "answer: The acute trusts have not yet agreed who hosts" in run.out
    assert "The trust's answer: All partners agreed the trust should host" in run.out
