"""The bundled rubrics encode every criterion of the sources, verbatim, and nothing else.

Counts are derived from the source documents in ``../shared/seeds`` where they are
available (as they are in CI), and also pinned, so a dropped criterion fails either way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iho_ready.render.rubric_text import count

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
ANNEX = SEEDS / "nhse-aft-guide-annex2-iho.txt"
CONFED = SEEDS / "nhsconfed-towards-iho-2025-11.md"
needs_seeds = pytest.mark.skipif(not ANNEX.exists(), reason="source documents not beside the checkout")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _texts(rubric) -> list[str]:
    out = []
    for placed in rubric.walk():
        c = placed.criterion
        out += [c.statement, *c.points] + ([c.closing] if c.closing else [])
        for item in c.evidence:
            out += [item.text, *item.considerations]
    return out


def test_nhse_rubric_counts(registry):
    rubric = registry.get("nhse-iho-designation", "2025.11")
    board = [p for p in rubric.walk() if p.scale_id == "board-statement"]
    assert len(board) == 9
    assert [p.criterion.id for p in board] == ["SV1", "SV2", "SV3", "SV4", "CG1", "CG2", "QG1", "CP1", "FG1"]
    assert count(rubric) == (16, 24)
    assert sorted(p.criterion.id for p in rubric.walk() if p.domain.id == "TA") == [f"TA{i}" for i in range(1, 6)]
    assert "population-health-management" in {t for p in rubric.walk() for t in p.criterion.tags}


def test_confed_rubric_counts(registry):
    rubric = registry.get("nhsconfed-host-provider", "2025.11")
    assert count(rubric) == (11, 0)
    assert [d.title for d in rubric.domains] == [
        "Financial and organisational maturity", "Governance and risk management",
        "Understanding of commissioning", "Collaborative leadership", "Population health capability"]
    for placed in rubric.walk():
        assert placed.criterion.guidance is not None and "not from the source" in placed.criterion.guidance.by


@needs_seeds
def test_nhse_text_is_verbatim_from_annex_2(registry):
    source = _norm(ANNEX.read_text(encoding="utf-8"))
    missing = [t for t in _texts(registry.get("nhse-iho-designation", "2025.11")) if _norm(t) not in source]
    assert missing == []


@needs_seeds
def test_nhse_counts_match_the_source(registry):
    text = ANNEX.read_text(encoding="utf-8")
    tables = text[text.index("Assessment criteria\n"):]
    statements = re.findall(r"^(\d+)\. (?:The|It) ", tables, flags=re.M)
    rubric = registry.get("nhse-iho-designation", "2025.11")
    assert len(statements) == sum(1 for p in rubric.walk() if p.scale_id == "board-statement")
    para6 = text[text.index("6. Advanced"):text.index("7. In order")]
    top_bullets = re.findall(r"^  • ", para6, flags=re.M)
    assert len(top_bullets) == sum(1 for p in rubric.walk() if p.domain.id == "TA")


@needs_seeds
def test_confed_text_is_verbatim_and_complete(registry):
    text = CONFED.read_text(encoding="utf-8")
    section = text[text.index("### Financial and organisational maturity"):text.index("However, the current National")]
    bullets = [_norm(b) for b in re.findall(r"^- (.+)$", section, flags=re.M)]
    rubric = registry.get("nhsconfed-host-provider", "2025.11")
    assert [_norm(p.criterion.statement) for p in rubric.walk()] == bullets


def test_every_criterion_has_a_section_reference(registry):
    for rubric_id in registry.ids():
        for placed in registry.get(rubric_id).walk():
            assert placed.criterion.ref.strip()


def test_bundled_crosswalk_refers_to_real_criteria(registry):
    rubrics = [registry.get(i) for i in registry.ids()]
    (walk,) = registry.crosswalks(rubrics)
    assert walk.mappings and "not from either source" in walk.author
    assert not any(m.relationship in ("equal", "superset") for m in walk.mappings)


@needs_seeds
def test_confed_governance_rubric_is_verbatim_and_complete(registry):
    text = CONFED.read_text(encoding="utf-8")
    capabilities = text[text.index("strategic commissioning requires five core capabilities"):
                        text.index("### Examples of similar models")]
    listed = [_norm(b) for b in re.findall(r"^- \d\. (.+)$", capabilities, flags=re.M)]
    hallmarks = text[text.index("### Hallmarks of good IHO governance"):text.index("### The sequencing challenge")]
    bullets = [_norm(b) for b in re.findall(r"^- (.+)$", hallmarks, flags=re.M)]
    rubric = registry.get("nhsconfed-iho-governance", "2025.11")
    by_domain = {d.id: [_norm(c.statement) for c in d.criteria] for d in rubric.domains}
    assert by_domain["SCC"][:5] == listed and len(listed) == 5
    assert by_domain["HGV"] == bullets and len(bullets) == 5
    assert by_domain["SCC"][5] in _norm(capabilities)  # the sixth, named after the list
