"""Every bundled crosswalk mapping rests on words that really occur in both criteria, and says
what it claims.

``loading.review_crosswalk`` (run by ``rubrics validate`` and whenever a crosswalk is loaded)
checks that a mapping's ``source_quotes`` occur (whitespace-normalised) in the source
criterion's statement, points, closing or key-evidence items (only in the named item when the
mapping has ``source_evidence``), ``target_quotes`` likewise, and that the relationship agrees
with the rationale (``loading.relationship_problem``; the rule is in docs/rubric-format.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iho_ready.loading import load_crosswalk, relationship_problem, review_crosswalk
from iho_ready.models.rubric import Crosswalk, Mapping
from iho_ready.rubrics import bundled_dir
from tests.helpers import SEEDS, needs_seeds

BUNDLED = ["nhsconfed-prompt-questions--iho-case-for-change", "nhse-iho-designation--iho-case-for-change",
           "nhse-iho-designation--nhsconfed-host-provider", "nhse-iho-designation--nhsconfed-iho-governance",
           "nhse-iho-designation--nhsconfed-prompt-questions"]


def _bundled(registry) -> list[Crosswalk]:
    return registry.crosswalks([registry.get(i) for i in registry.ids()])


def _review(registry, walk: Crosswalk) -> list[str]:
    source, _ = load_crosswalk(bundled_dir() / "crosswalks" / f"{walk.id}.yaml")
    return [d.format() for d in review_crosswalk(source, walk, registry)]


def test_every_bundled_mapping_quotes_words_of_both_criteria_and_agrees_with_its_rationale(registry):
    walks = _bundled(registry)
    assert [w.id for w in walks] == BUNDLED
    assert [p for w in walks for p in _review(registry, w)] == []
    assert sum(len(w.mappings) for w in walks) >= 45


def test_a_quote_that_is_not_in_the_criterion_is_caught(registry):
    walk = _bundled(registry)[2]
    first = walk.mappings[0]
    invented = first.model_copy(update={"target_quotes": ["words the competency does not use"]})
    wrong_item = first.model_copy(update={"source_evidence": "SV4.E1"})
    unquoted_mapping = first.model_copy(update={"source_quotes": []})
    for bad in (invented, wrong_item, unquoted_mapping):
        tampered = walk.model_copy(update={"mappings": [bad]})
        problems = _review(registry, tampered)
        assert problems and all(p.endswith("[crosswalk-review]") for p in problems), bad


def test_evidence_level_mapping_quotes_only_its_item(registry):
    walk = _bundled(registry)[2]
    # the words of CG1.E2 are not in CG1.E1: naming the wrong item must fail
    cg1 = next(m for m in walk.mappings if m.source_evidence == "CG1.E2")
    moved = walk.model_copy(update={"mappings": [cg1.model_copy(update={"source_evidence": "CG1.E1"})]})
    assert any("these words are not in CG1.E1" in p for p in _review(registry, moved))


def _pairs(walk: Crosswalk) -> set[tuple[str, str]]:
    return {(m.source_evidence or m.source, m.target) for m in walk.mappings}


def test_the_reviewed_mappings(registry):
    questions_cfc, cfc, host, governance, questions = _bundled(registry)
    pairs = _pairs(host)
    # word-overlap mappings removed in the reviews, and the two the second review rejected
    assert not {("CG1", "GRM1"), ("TA4", "FOM2"), ("SV4", "COL2"), ("CG1.E2", "FOM2"), ("IM2", "COL1")} & pairs
    assert {("TA1", "PHC2"), ("SV4", "PHC1"), ("TA5", "GRM2"), ("CG1.E2", "COL2")} <= pairs
    relationship = {(m.source, m.target): m.relationship for m in host.mappings}
    assert relationship[("CG2", "GRM2")] == relationship[("DC2", "COL1")] == "intersect"
    assert relationship[("IM3", "GRM2")] == "subset"
    narrowed = next(m for m in host.mappings if m.source_evidence == "CG1.E2" and m.target == "COL2")
    assert "conflict resolution" not in " ".join(narrowed.target_quotes) and "narrow" in narrowed.rationale
    # estates, sub-contracting and patient voice
    assert {("CG1", "HGV5"), ("SV2.E2", "SCC5"), ("SV2", "SCC6"), ("TA5", "SCC6"), ("TA2", "HGV4")} <= \
        _pairs(governance)
    assert {("DC2", "PQ5"), ("DC1", "PQ5"), ("CP1.E3", "PQ4")} <= _pairs(questions)
    assert {("SV1.E2", "CFC1"), ("SV1.E2", "CFC2")} <= _pairs(cfc)
    assert ("PQ2", "CFC3") in _pairs(questions_cfc)
    gaps = {w.id.split("--")[1]: sorted(g.target for g in w.no_counterpart) for w in (host, governance)}
    assert gaps == {"nhsconfed-host-provider": ["FOM1", "FOM2", "GRM1"], "nhsconfed-iho-governance": ["HGV3"]}
    for walk in _bundled(registry):
        assert walk.by == "iho-ready" and walk.licence == "MIT"
        assert not any(m.relationship in ("equal", "superset") for m in walk.mappings)


def test_every_target_criterion_is_mapped_or_recorded_as_a_gap(registry):
    """No silence: a criterion of the target rubric either has a mapping or a no-counterpart note."""
    for walk in _bundled(registry):
        target = registry.get(*walk.target.split("@"))
        mapped = {m.target for m in walk.mappings}
        gaps = {g.target for g in walk.no_counterpart}
        assert not mapped & gaps, walk.id
        assert {p.criterion.id for p in target.walk()} == mapped | gaps, walk.id


@needs_seeds
def test_words_a_no_counterpart_note_quotes_are_the_sources(registry):
    text = {"nhse-iho-designation": (SEEDS / "nhse-aft-guide-annex2-iho.txt").read_text(encoding="utf-8")}
    quoted = 0
    for walk in _bundled(registry):
        seed = " ".join(text.get(walk.source.split("@")[0], "").split())
        for gap in walk.no_counterpart:
            for words in re.findall(r'"([^"]+)"', gap.note):
                assert " ".join(words.split()) in seed, (walk.id, gap.target, words)
                quoted += 1
    assert quoted >= 4


S, T = ["SV4"], ["COL1"]


@pytest.mark.parametrize(("relationship", "rationale", "agrees"), [
    ("intersect", "Both ask for backing. SV4 also covers inequalities; COL1 also asks for a track record.", True),
    ("intersect", "Both ask for backing; COL1 also asks for a track record.", False),
    ("subset", "Backing is one part of the competency. COL1 also asks for a track record.", True),
    ("subset", "SV4 also covers inequalities; COL1 adds a track record.", False),
    ("subset", "Wider stakeholder support is one part of the competency.", False),  # says nothing checkable
    ("superset", "SV4 also covers inequalities, which the competency lacks.", True),
    ("superset", "COL1 also asks for a track record.", False),
    ("equal", "Both ask for backing from system partners.", True),
    ("equal", "Both ask for backing; SV4 also covers inequalities.", False),
])
def test_the_relationship_must_agree_with_the_rationale(relationship, rationale, agrees):
    quotes = ["strong backing from system partners"]
    problem = relationship_problem(relationship, rationale, S, T, quotes, quotes)
    assert (problem is None) == agrees, problem


def test_an_equal_mapping_needs_close_quotes_on_both_sides():
    rationale = "Both ask for backing from system partners."
    close = relationship_problem("equal", rationale, S, T, ["strong backing from system partners"],
                                 ["Demonstrates strong backing from system partners"])
    far = relationship_problem("equal", rationale, S, T, ["strong backing from system partners"],
                               ["a proven track record in partnership working"])
    missing = relationship_problem("equal", rationale, S, T, ["strong backing from system partners"], [])
    assert close is None and far is not None and "no close match" in far and missing is not None


def test_an_evidence_item_id_names_its_side_in_a_rationale():
    rationale = "Narrow. CG1.E2 also asks for an appraisal; COL2 also asks for conflict resolution."
    assert relationship_problem("intersect", rationale, ["CG1", "CG1.E2"], ["COL2"], ["a"], ["b"]) is None
    assert relationship_problem("subset", rationale, ["CG1", "CG1.E2"], ["COL2"], ["a"], ["b"]) is not None


def test_mapping_model_defaults_keep_old_crosswalks_readable():
    m = Mapping(source="A1", target="B1", relationship="intersect", rationale="r")
    assert m.source_quotes == [] and m.source_evidence is None


def _mine(tmp_path: Path, mappings: str, extra: str = "") -> Path:
    (tmp_path / "crosswalks").mkdir(exist_ok=True)
    path = tmp_path / "crosswalks" / "mine.yaml"
    path.write_text("crosswalk: 1\nid: mine\nversion: '1'\ntitle: Mine\nauthor: Northshire\n"
                    "source: nhse-iho-designation@2025.11\ntarget: nhsconfed-host-provider@2025.11\n"
                    "mappings:\n" + mappings + extra, encoding="utf-8")
    return path


def test_a_crosswalk_naming_an_evidence_item_its_criterion_lacks_is_a_located_error(tmp_path):
    from tests.helpers import run_cli

    _mine(tmp_path, "  - source: CG1\n    source_evidence: CG1.E9\n    target: COL2\n"
                    "    relationship: intersect\n    rationale: Representation.\n")
    run = run_cli("explain", "CG1", "--rubrics", tmp_path)
    assert run.code == 2 and "Traceback" not in run.err
    assert "mine.yaml:10:22: error: 'CG1.E9' is not a key-evidence item of CG1" in run.err
    assert "[unknown-evidence-ref]" in run.err


def test_validate_locates_a_mislabelled_relationship_and_a_gap_that_is_also_mapped(tmp_path):
    from tests.helpers import run_cli

    path = _mine(tmp_path, "  - source: DC2\n    target: COL1\n    relationship: subset\n"
                           "    rationale: DC2 also takes in the public; COL1 also asks for a track record.\n"
                           "    source_quotes: [wider stakeholder support]\n"
                           "    target_quotes: [Demonstrates strong backing from system partners]\n",
                 "no_counterpart:\n  - {target: COL1, note: Nothing matches.}\n")
    run = run_cli("rubrics", "validate", path)
    assert run.code == 2 and "Traceback" not in run.err
    lines = run.err.splitlines()
    assert lines == [f"{path}:16:14: error: COL1 is listed as having no counterpart, but a mapping relates it; "
                     "remove one of the two [crosswalk-review]"]
    fixed = path.read_text(encoding="utf-8").replace("no_counterpart:\n  - {target: COL1, note: Nothing matches.}\n",
                                                     "no_counterpart:\n  - {target: FOM1, note: Nothing matches.}\n")
    path.write_text(fixed, encoding="utf-8")
    run = run_cli("rubrics", "validate", path)
    assert run.err.splitlines() == [f"{path}:11:19: error: subset, but the rationale says each side has something "
                                    "the other lacks (intersect) [crosswalk-review]"]
    path.write_text(fixed.replace("relationship: subset", "relationship: intersect"), encoding="utf-8")
    run = run_cli("rubrics", "validate", path)
    assert run.code == 0 and "1 mappings, 1 with no counterpart" in run.out
