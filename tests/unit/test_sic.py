"""A slip in the source's own text (CP1: "at a large scale It understands") is marked ``[sic]``
wherever the paper quotes the statement, pointing to the source note, so it cannot be read as the
trust's typo; a rubric's ``sic`` must name words the statement has, and a note must explain them."""

from __future__ import annotations

from tests.helpers import EXAMPLE_REL, ROOT, run_cli, validate_edited_rubric

DESIGNATION = ROOT / "rubrics" / "nhse-iho-designation" / "2025.11.yaml"


def test_every_quotation_of_cp1_marks_the_slip_as_the_sources():
    paper = run_cli("report", EXAMPLE_REL, cwd=ROOT).out
    quoted = paper.count("contracting and procurement at a large scale")
    assert quoted == 2  # the memorandum and the detail appendix
    assert paper.count("at a large scale \\[sic: source note, Appendix A\\] It understands") == quoted
    assert "## Appendix A: Detail by domain" in paper


def test_sic_must_name_words_of_the_statement(tmp_path):
    run = validate_edited_rubric(tmp_path, DESIGNATION, 'sic: ["at a large scale"]', 'sic: ["at a larger scale"]')
    assert run.code == 2
    assert "at a larger scale" in run.out + run.err
