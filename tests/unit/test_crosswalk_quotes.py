"""Every bundled crosswalk mapping rests on words that really occur in both criteria.

A mapping's ``source_quotes`` must occur (whitespace-normalised) in the source criterion's
statement, points, closing or key-evidence items (only in the named item when the mapping
has ``source_evidence``), and ``target_quotes`` likewise on the target side.
"""

from __future__ import annotations

from iho_ready.models.rubric import Criterion, Crosswalk, Mapping, Rubric


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2011", "-").split())


def _texts(criterion: Criterion, item_id: str | None) -> list[str]:
    if item_id is not None:
        return [t for item in criterion.evidence if item.id == item_id for t in (item.text, *item.considerations)]
    out = [criterion.statement, *criterion.points, *([criterion.closing] if criterion.closing else [])]
    for item in criterion.evidence:
        out += [item.text, *item.considerations]
    return out


def unquoted(walk: Crosswalk, rubrics: dict[str, Rubric]) -> list[str]:
    """Problems with *walk*'s quotes, one line each; empty when every quote is real."""
    problems = []
    for m in walk.mappings:
        for side, quotes, item in (("source", m.source_quotes, m.source_evidence),
                                   ("target", m.target_quotes, m.target_evidence)):
            rubric = rubrics[getattr(walk, side)]
            cid = getattr(m, side)
            criterion = next(p.criterion for p in rubric.walk() if p.criterion.id == cid)
            if item is not None and not item.startswith(cid + "."):
                problems.append(f"{m.source}->{m.target}: {side}_evidence {item} is not an item of {cid}")
            if not quotes:
                problems.append(f"{m.source}->{m.target}: no {side}_quotes")
            pool = [_norm(t) for t in _texts(criterion, item)]
            problems += [f"{m.source}->{m.target}: {side} quote not in {item or cid}: {q!r}"
                         for q in quotes if not any(_norm(q) in t for t in pool)]
    return problems


def _bundled(registry) -> tuple[list[Crosswalk], dict[str, Rubric]]:
    rubrics = {r.key: r for r in (registry.get(i) for i in registry.ids())}
    return registry.crosswalks(rubrics.values()), rubrics


def test_every_bundled_mapping_quotes_words_of_both_criteria(registry):
    walks, rubrics = _bundled(registry)
    assert [w.id for w in walks] == ["nhse-iho-designation--nhsconfed-host-provider",
                                     "nhse-iho-designation--nhsconfed-iho-governance"]
    assert [p for w in walks for p in unquoted(w, rubrics)] == []


def test_a_quote_that_is_not_in_the_criterion_is_caught(registry):
    walks, rubrics = _bundled(registry)
    walk = walks[0]
    first = walk.mappings[0]
    invented = first.model_copy(update={"target_quotes": ["words the competency does not use"]})
    wrong_item = first.model_copy(update={"source_evidence": "CG1.E2"})
    unquoted_mapping = first.model_copy(update={"source_quotes": []})
    for bad in (invented, wrong_item, unquoted_mapping):
        tampered = walk.model_copy(update={"mappings": [bad]})
        assert unquoted(tampered, rubrics), bad


def test_evidence_level_mapping_quotes_only_its_item(registry):
    walks, rubrics = _bundled(registry)
    walk = walks[0]
    # the words of CG1.E2 are not in CG1.E1: naming the wrong item must fail
    cg1 = next(m for m in walk.mappings if m.source_evidence == "CG1.E2")
    moved = walk.model_copy(update={"mappings": [cg1.model_copy(update={"source_evidence": "CG1.E1"})]})
    assert unquoted(moved, rubrics)


def _pairs(walk: Crosswalk) -> set[tuple[str, str]]:
    return {(m.source_evidence or m.source, m.target) for m in walk.mappings}


def test_the_reviewed_mappings(registry):
    walks, _ = _bundled(registry)
    host, governance = (_pairs(w) for w in walks)
    # word-overlap mappings removed in the review
    assert not {("CG1", "GRM1"), ("TA4", "FOM2"), ("SV4", "COL2")} & host
    # mappings the review added
    assert {("TA1", "PHC2"), ("SV4", "PHC1"), ("TA5", "GRM2"), ("CG1.E2", "COL2"), ("CG1.E2", "FOM2")} <= host
    assert ("CG1", "HGV5") in governance  # conflicts of interest
    for walk in walks:
        assert walk.by == "iho-ready" and walk.licence == "MIT"
        assert not any(m.relationship in ("equal", "superset") for m in walk.mappings)


def test_mapping_model_defaults_keep_old_crosswalks_valid():
    m = Mapping(source="A1", target="B1", relationship="intersect", rationale="r")
    assert m.source_quotes == [] and m.source_evidence is None


def test_a_crosswalk_naming_an_evidence_item_its_criterion_lacks_is_a_located_error(tmp_path):
    from tests.helpers import run_cli

    (tmp_path / "crosswalks").mkdir()
    (tmp_path / "crosswalks" / "mine.yaml").write_text(
        "crosswalk: 1\nid: mine\nversion: '1'\ntitle: Mine\nauthor: Northshire\n"
        "source: nhse-iho-designation@2025.11\ntarget: nhsconfed-host-provider@2025.11\n"
        "mappings:\n  - source: CG1\n    source_evidence: CG1.E9\n    target: COL2\n"
        "    relationship: intersect\n    rationale: Representation.\n", encoding="utf-8")
    run = run_cli("explain", "CG1", "--rubrics", tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    assert "mine.yaml:10:22: error: 'CG1.E9' is not a key-evidence item of CG1" in run.err
    assert "[unknown-evidence-ref]" in run.err
