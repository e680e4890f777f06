"""Short titles: every bundled criterion has one (two to five words), each rubric says they are
the encoder's words (``short_titles_by``), ``rubrics validate`` insists on that, and the paper
names criteria by id and short title where it lists them."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers import EXAMPLE_REL, ROOT, run_cli, validate_edited_rubric

RUBRICS = sorted(p for p in (ROOT / "rubrics").glob("*/*.yaml") if p.parent.name != "crosswalks")


def _criteria(node: object) -> list[dict]:
    found: list[dict] = []
    if isinstance(node, dict):
        if "statement" in node and "id" in node:
            found.append(node)
        for value in node.values():
            found += _criteria(value)
    elif isinstance(node, list):
        for value in node:
            found += _criteria(value)
    return found


@pytest.mark.parametrize("path", RUBRICS, ids=lambda p: p.parent.name)
def test_every_bundled_criterion_has_a_short_title_marked_ours(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["short_titles_by"] == "iho-ready"
    for criterion in _criteria(data["domains"]):
        words = criterion.get("short_title", "").split()
        assert 2 <= len(words) <= 5, f"{criterion['id']}: {criterion.get('short_title')!r}"


def test_a_rubric_with_short_titles_must_say_who_wrote_them(tmp_path):
    run = validate_edited_rubric(tmp_path, ROOT / "rubrics" / "nhsconfed-host-provider" / "2025.11.yaml",
                                 "\nshort_titles_by: iho-ready", "\n")
    assert run.code == 2
    assert "short_titles_by" in run.out + run.err


def test_the_paper_names_criteria_by_id_and_short_title_and_says_whose_the_titles_are():
    run = run_cli("report", EXAMPLE_REL, cwd=ROOT)
    paper = run.out
    assert "the evidence does not yet support SV2 (working with other providers), SV3 (digital and analytical " \
           "capability)" in paper
    assert "### SV1 (strategy for the IHO)\n" in paper
    assert "| SV3 (digital and analytical capability) | Shortfall" in paper
    assert "Added by iho-ready, not from the source" in paper and "the short titles that follow criteria" in paper
