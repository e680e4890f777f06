"""What a company secretary needs to file the paper without editing it (issue 20): the cover
sheet's extra entries, the memorandum's declaration and signature block, a register that says
each thing once, and a glossary that says what Annex 1 is."""

from __future__ import annotations

import shutil

import yaml

from iho_ready.report.cover import purpose_choices
from tests.helpers import EXAMPLE, EXAMPLE_REL, ROOT, SEEDS, run_cli


def _paper(tmp_path=None, change=None) -> str:
    if change is None:
        return run_cli("report", EXAMPLE_REL, cwd=ROOT).out
    folder = tmp_path / "trust"
    shutil.copytree(EXAMPLE.parent, folder)  # the evidence, partner statements and lock file with it
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    change(data)
    (folder / "manifest.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return run_cli("report", folder / "manifest.yaml").out


def test_the_cover_has_the_secretarys_entries():
    paper = _paper()
    for row in ("| Presented by | Director of Strategy and Partnerships |",
                "| Executive sign-off | Chief Executive |",
                "| Purpose | Approval · Assurance (selected) · Discussion · Information |",
                "| Equality and quality impact assessment | Not applicable |",
                "| Conflicts of interest | None declared |",
                "| Alert | Four confirmed statements lack supporting evidence; action A4 is overdue. |"):
        assert row in paper, row


def test_an_entry_the_manifest_leaves_out_is_not_stated(tmp_path):
    def strip(data):
        for key in ("presented_by", "approved_by", "key_issues", "eqia", "conflicts_of_interest", "purpose"):
            data["assessment"].pop(key)

    paper = _paper(tmp_path, strip)
    for label in ("Presented by", "Executive sign-off", "Equality and quality impact assessment",
                  "Conflicts of interest", "Alert", "Advise", "Assure"):
        assert f"| {label} | Not stated |" in paper, label
    assert "None declared" not in paper
    assert "| Purpose | Not stated (Approval · Assurance · Discussion · Information) |" in paper


def test_the_purpose_row_marks_one_choice_in_words():
    assert purpose_choices("approval") == "Approval (selected) · Assurance · Discussion · Information"
    assert purpose_choices("information").count("(selected)") == 1


def test_the_memorandum_ends_with_a_declaration_signed_for_the_board():
    paper = _paper()
    memorandum = paper.split("## 3\\. Board statements", 1)[1].split("## 4\\. Exceptions", 1)[0]
    assert "| Declaration | On behalf of the board, we declare" in memorandum
    assert "| Chair | Alex Morgan |  |  |" in memorandum
    assert "| Chief executive | Sam Okafor |  |  |" in memorandum
    assert "| Meeting | Trust Board, 6 November 2026 |" in memorandum
    assert "| Minute reference |  |" in memorandum  # a blank to write in: not given yet


def test_without_names_the_signature_lines_are_blank_not_invented(tmp_path):
    def strip(data):
        data["assessment"].pop("signatories")
        data["assessment"]["meeting"]["minute_reference"] = "TB/26/112"

    paper = _paper(tmp_path, strip)
    assert "| Chair |  |  |  |" in paper
    assert "| Chief executive |  |  |  |" in paper
    assert "| Minute reference | TB/26/112 |" in paper


def test_a_document_with_no_approval_says_so_once_in_the_register():
    row = next(line for line in _paper().splitlines() if line.startswith("| SOP |"))
    assert row.endswith("| Not approved | 30 June 2027 | Not approved |"), row
    assert "Not recorded as approved" not in row


def test_the_glossary_says_what_annex_1_is_and_names_annex_2_as_the_source_does():
    glossary = _paper().split("Glossary\n", 2)[-1]
    annex_1 = next(line for line in glossary.splitlines() if line.startswith("| Annex 1 |"))
    assert "Advanced Foundation Trust Programme: guide for applicants" in annex_1
    assert "board statements" in annex_1
    annex_2 = next(line for line in glossary.splitlines() if line.startswith("| Annex 2 |"))
    # The title as the source gives it, where the seeds are at hand (beside this checkout or its worktrees').
    for seeds in (SEEDS, ROOT.parent.parent / "shared" / "seeds"):
        if (seeds / "nhse-aft-guide-annex2-iho.txt").exists():
            assert (seeds / "nhse-aft-guide-annex2-iho.txt").read_text(encoding="utf-8").splitlines()[0] in annex_2
