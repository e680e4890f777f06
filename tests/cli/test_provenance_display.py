"""Where a user reads a criterion, the lead-in, the source, the source notes and what is ours show."""

from __future__ import annotations

import re

from tests.helpers import EXAMPLE, run_cli


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_explain_cp1_reads_as_a_whole_sentence_with_its_source():
    run = run_cli("explain", "CP1")
    assert run.code == 0, run.err
    text = _flat(run.out)
    assert "The board has assured itself that… It has the skills to deliver contracting" in text
    assert "Source: Advanced Foundation Trust Programme – guide for applicants: Annex 2" in text
    assert "Licence of the source text: The source states no licence." in text
    assert "Source note: The source runs two sentences together" in text
    assert "Ratings: Confirmed, Not confirmed (scale added by iho-ready, not from the source)" in text
    assert "Themes (added by iho-ready, not from the source): Board willingness and capability" in text
    assert "Crosswalk (iho-ready's judgement, not from either source): overlaps with nhsconfed-host-provider:UOC1" in text
    assert 'Rests on the words nhse-iho-designation: "It understands the principles' in text


def test_explain_shows_an_evidence_item_mapping_and_who_made_a_criterion():
    text = _flat(run_cli("explain", "nhsconfed-host-provider:COL2").out)
    assert "is covered in part by" not in text  # an overlap is never coverage
    assert "overlaps with nhse-iho-designation:CG1 (through CG1.E2)" in text
    assert "Guidance (added by iho-ready, not from the source)" in text
    ta1 = _flat(run_cli("explain", "TA1").out)
    assert "These will be triangulated through the review of evidence" in ta1
    assert "Made a criterion by iho-ready (the words are the source's" in ta1
    cfc = _flat(run_cli("explain", "CFC1").out)
    assert "Worded by iho-ready, not by the source" in cfc
    assert 'Rests on: "Systems will need to be explicit about the problem' in cfc


def test_rubrics_show_credits_the_authors_and_marks_the_scale_as_ours():
    text = _flat(run_cli("rubrics", "show", "nhsconfed-host-provider").out)
    assert "authors Annie Bliss, Joe Kiely, Edward Jones and Madeline Pulling" in text
    assert "you may not alter, transform or build upon this work." in text
    assert "Scale 'competency': Met (met), Partially met (partially-met), Not met (not-met) (added by iho-ready" in text
    assert "licensed MIT, and kept apart from the source text" in text
    nhse = _flat(run_cli("rubrics", "show", "nhse-iho-designation").out)
    assert "published: Not stated in the source" in nhse
    assert "Source note: The source heads this table 'IHO Assessment criteria: qualityquality governance'." in nhse
    assert nhse.count("The board has assured itself that…") == 9 + 1  # each board statement, and the scale note


def test_the_terminal_gap_analysis_prints_the_lead_in():
    run = run_cli("check", EXAMPLE, env={"NO_COLOR": "1"})
    gaps = run.out.split("Gaps\n", 1)[1]
    cg2 = gaps[gaps.index("  CG2 "):].splitlines()
    assert cg2[1].strip() == "The board has assured itself that…"
    assert cg2[2].strip().startswith("The trust understands the additional risks")


def test_the_report_prints_lead_ins_source_notes_and_the_sources_appendix(tmp_path):
    out = tmp_path / "r.md"
    assert run_cli("report", EXAMPLE, "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "> *The board has assured itself that…* The trust understands the additional risks" in text
    assert "*Source note: The second sentence is ungrammatical in the source" in text
    appendix = _flat(re.split(r"^## Appendix [A-Z]: Criteria and sources$", text, flags=re.M)[1].split("\n## ", 1)[0])
    assert "| NHS England | Not stated in the source |" in appendix
    assert ("Credit: NHS Confederation, in partnership with Browne Jacobson; authors Annie Bliss, Joe Kiely, "
            "Edward Jones and Madeline Pulling; November 2025.") in appendix
    assert ("Added by iho-ready, not from the source (licensed MIT): the rating scale Met / Partially met / "
            "Not met, the short titles that follow criteria's ids and the guidance on 11 criteria.") in appendix
    assert "making criteria of source text the source does not present as criteria: TA1" in appendix


def test_what_is_ours_about_partner_statements_and_mandatory_criteria_shows_where_it_is_read(tmp_path):
    dc1 = _flat(run_cli("explain", "DC1").out)
    assert "Partners' statements that count as evidence (added by iho-ready, not from the source): ICB" in dc1
    assert "Mandatory (decided by iho-ready, not by the source): Paragraph 4 says" in dc1
    im1 = _flat(run_cli("explain", "IM1").out)
    assert "Optional (decided by iho-ready, not by the source)" in im1
    item = _flat(run_cli("explain", "SV4.E2").out)
    assert "(added by iho-ready, not from the source): ICB, NHS trust, Primary care" in item
    assert "Source note: Key evidence SV4.E2 opens three parentheses and closes two" in item
    shown = _flat(run_cli("rubrics", "show", "nhse-iho-designation").out)
    assert "https://www.england.nhs.uk/long-read/advanced-foundation-trust-programme-guide-for-applicants-annex-2" in shown
    assert shown.count("Mandatory (decided by iho-ready, not by the source)") == 7
    out = tmp_path / "r.md"
    assert run_cli("report", EXAMPLE, "-o", out).code == 0
    appendix = _flat(re.split(r"^## Appendix [A-Z]: Criteria and sources$", out.read_text(encoding="utf-8"),
                              flags=re.M)[1].split("\n## ", 1)[0])
    assert "making TA1, TA2, TA3, TA4, TA5, DC1 and DC2 mandatory, making IM1, IM2 and IM3 optional" in appendix
    assert "which partners' statements count as evidence for SV4.E2, DC1 and DC2" in appendix


def test_crosswalk_gaps_show_in_explain_the_terminal_and_the_paper(tmp_path):
    grm1 = _flat(run_cli("explain", "GRM1").out)
    assert "no counterpart in nhse-iho-designation, a gap. Annex 2 calls the IHO model" in grm1
    check = _flat(run_cli("check", EXAMPLE, env={"NO_COLOR": "1"}).out)
    assert "nhsconfed-host-provider FOM1, FOM2 and GRM1 have no counterpart in nhse-iho-designation" in check
    out = tmp_path / "r.md"
    assert run_cli("report", EXAMPLE, "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "| FOM1 | Met or confirmed | None | No counterpart, a gap: Annex 2 asks" in text
    assert "| No counterpart | No criterion of the other set matches this one" in text
