"""Hypothesis strategies for valid manifests over the bundled rubrics, for any property test.

``manifests()`` draws plain data (what ``yaml.safe_dump`` writes and ``load_manifest`` accepts
without an input error): a non-empty choice of bundled rubrics pinned to a version, cover-sheet
fields, an evidence register whose ids are unique and whose ``supports`` name real criteria and
key-evidence items (qualified ``rubric:REF`` where a short id is in two chosen rubrics), criteria
rated on their own scales, and actions with ids unique across the manifest. Evidence files need
not exist: a missing file is a finding, not an input error.

Texts are drawn from letters (with accents and curly quotes), digits, spaces and punctuation,
including texts that begin with ``=``, ``+`` or ``-`` (which a spreadsheet could mistake for a
formula), but no control characters (no YAML or workbook cell may hold them).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from hypothesis import strategies as st

_ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S"),
                          exclude_characters="\u2028\u2029\x85\xa0")


def texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-empty text of one line, not all blank, that may start with a formula character."""
    body = st.text(_ALPHABET, min_size=1, max_size=max_size).filter(lambda t: t.strip() == t and t.strip())
    return st.one_of(body, st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@"]), body))


def paragraphs() -> st.SearchStrategy[str]:
    """Text that may run over several lines."""
    return st.lists(texts(20), min_size=1, max_size=3).map("\n".join)


IDS = st.from_regex(r"[A-Z][A-Z0-9-]{0,8}", fullmatch=True)
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)


@cache
def rubric_catalogue() -> dict[str, Any]:
    """Every bundled rubric's newest version: spec, criteria (id, allowed ratings) and key-evidence ids."""
    from iho_ready.rubrics import Registry

    registry = Registry()
    found = {}
    for rubric_id in registry.ids():
        rubric = registry.get(rubric_id)
        criteria = []
        for placed in rubric.walk():
            allowed = [lv.id for lv in placed.scale if not lv.not_applicable or placed.criterion.allow_not_applicable]
            criteria.append((placed.criterion.id, tuple(allowed), tuple(e.id for e in placed.criterion.evidence)))
        found[rubric_id] = {"spec": f"{rubric_id}@{rubric.version}", "criteria": criteria}
    return found


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != {} and v != []}


@st.composite
def manifests(draw: st.DrawFn, max_evidence: int = 6) -> dict[str, Any]:
    """A valid manifest as plain data (dates as ``YYYY-MM-DD`` text)."""
    catalogue = rubric_catalogue()
    chosen = draw(st.lists(st.sampled_from(sorted(catalogue)), min_size=1, max_size=len(catalogue), unique=True))
    counts: dict[str, int] = {}
    for rubric_id in chosen:
        for crit, _, items in catalogue[rubric_id]["criteria"]:
            for ref in (crit, *items):
                counts[ref] = counts.get(ref, 0) + 1

    def ref(rubric_id: str, short: str) -> str:
        return short if counts[short] == 1 else f"{rubric_id}:{short}"

    refs = sorted({ref(r, x) for r in chosen for c, _, items in catalogue[r]["criteria"] for x in (c, *items)})
    evidence = []
    for ident in draw(st.lists(IDS, max_size=max_evidence, unique=True)):
        where = draw(st.sampled_from(["path", "url", "paper"]))
        location = {"path": draw(st.from_regex(r"evidence/[a-z]{1,8}\.md", fullmatch=True)),
                    "url": "https://example.org/" + draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True)),
                    "paper": draw(texts(12))}[where]
        approved = draw(_optional(st.fixed_dictionaries({"by": texts(), "date": DATES})))
        evidence.append(_drop_none({
            "id": ident, "title": draw(texts()), where: location, "owner": draw(_optional(texts())),
            "approved": approved, "review_by": draw(_optional(DATES)),
            "sensitivity": draw(st.sampled_from([None, "public", "private"])),
            "supports": draw(st.lists(st.sampled_from(refs), max_size=3, unique=True)),
            "notes": draw(_optional(paragraphs())),
            "period": draw(_optional(st.fixed_dictionaries({"start": DATES, "end": DATES}))),
            "planning_round": draw(st.sampled_from([None, "2025/26", "2026/27"])),
        }))
    partners = draw(st.lists(st.sampled_from(["partners/icb.yaml", "partners/council.yaml"]), max_size=2,
                             unique=True))
    conditions = [f"{p.split('/')[1][:-5]}.C1" for p in partners]
    action_ids = iter(draw(st.lists(IDS, min_size=12, max_size=12, unique=True)))
    risks = [_drop_none({
        "id": ident, "title": draw(texts()), "baf": draw(_optional(texts(8))),
        "current": draw(_optional(st.integers(1, 25))), "target": draw(_optional(st.integers(1, 25))),
        "appetite": draw(_optional(texts(10))),
    }) for ident in draw(st.lists(IDS, max_size=3, unique=True))]
    risk_ids = st.lists(st.sampled_from([r["id"] for r in risks]), max_size=2, unique=True) if risks else st.just([])
    criteria: dict[str, Any] = {}
    pool = [(r, c, allowed) for r in chosen for c, allowed, _ in catalogue[r]["criteria"]]
    for rubric_id, crit, allowed in draw(st.lists(st.sampled_from(pool), max_size=4, unique=True)):
        actions = [_drop_none({
            "id": next(action_ids), "action": draw(texts()), "owner": draw(_optional(texts())),
            "due": draw(_optional(DATES)),
            "status": draw(st.sampled_from([None, "not-started", "on-track", "at-risk", "off-track", "complete"])),
            "answers": draw(st.lists(st.sampled_from(conditions), max_size=1)) if conditions else None,
            "risks": draw(risk_ids),
        }) for _ in range(draw(st.integers(0, 2)))]
        reconfirmed = draw(_optional(st.fixed_dictionaries(
            {"version": st.just("2026.04"), "date": DATES, "meeting": texts()},
            optional={"agenda_item": texts(10)})))
        entry = _drop_none({
            "rating": draw(_optional(st.sampled_from(allowed))), "commentary": draw(_optional(paragraphs())),
            "explanation": draw(_optional(texts())), "justification": draw(_optional(texts())),
            "actions": actions, "reconfirmed": reconfirmed, "risks": draw(risk_ids),
        })
        criteria[ref(rubric_id, crit)] = entry
    assessment = _drop_none({
        "title": draw(texts()), "as_of": draw(DATES), "author": draw(_optional(texts())),
        "meeting": draw(_optional(st.fixed_dictionaries({"name": texts(), "date": DATES},
                                                        optional={"agenda_item": texts(10)}))),
        "purpose": draw(st.sampled_from([None, "approval", "assurance", "discussion", "information"])),
        "assurance_level": draw(st.sampled_from([None, "substantial", "reasonable", "limited", "no-assurance"])),
        "baf_risks": draw(st.lists(texts(), max_size=2)),
        "implications": _drop_none({"risk": draw(_optional(paragraphs())), "financial": draw(_optional(texts()))}),
        "recommendation": draw(_optional(paragraphs())),
    })
    organisation = _drop_none({
        "name": draw(texts()), "ods_code": draw(_optional(st.from_regex(r"[A-Z0-9]{3}", fullmatch=True))),
        "type": draw(st.sampled_from(["acute", "community", "mental-health", "combined", "ambulance", "other"])),
        "population": draw(_optional(st.fixed_dictionaries({}, optional={
            "footprint": texts(), "size": st.integers(0, 10_000_000)}))),
    })
    return _drop_none({
        "manifest": 1, "organisation": organisation, "assessment": assessment,
        "rubrics": [catalogue[r]["spec"] for r in chosen], "partners": partners, "evidence": evidence,
        "criteria": criteria, "risks": risks, **draw(_designation(refs, "nhse-iho-designation" in chosen)),
    })


MEASURES = st.fixed_dictionaries({"value": st.one_of(st.integers(0, 999), texts(8)), "date": DATES},
                                 optional={"source": texts()})


@st.composite
def _designation(draw: st.DrawFn, refs: list[str], staged: bool) -> dict[str, Any]:
    """The optional sections beyond the criteria (eligibility, stages, steps, benefits, network), some of
    them; stages and steps only with the rubric that names them, outcomes evidencing real references."""
    stages = st.sampled_from(["designation", "contract-assurance", "contract-award"])
    steps = st.sampled_from(["purpose", "functions", "governance"])
    eligibility = draw(_optional(st.fixed_dictionaries({}, optional={
        "aft": st.fixed_dictionaries({"status": st.sampled_from(["awarded", "applied"])},
                                     optional={"date": DATES, "stage": texts()}),
        "nof": st.fixed_dictionaries({"segment": st.integers(1, 5), "quarter": texts(10)}),
        "icb_support": st.fixed_dictionaries({"given": st.booleans()}, optional={"review_by": DATES}),
    })))
    outcome = st.fixed_dictionaries({"id": IDS, "outcome": texts()}, optional={
        "metric": texts(), "baseline": MEASURES, "target": MEASURES, "trajectory": st.lists(MEASURES, max_size=2),
        "owner": texts(), "evidences": st.lists(st.sampled_from(refs), max_size=2, unique=True)})
    benefits = draw(_optional(st.fixed_dictionaries({}, optional={
        "savings": texts(), "outcomes": st.lists(outcome, max_size=2, unique_by=lambda o: o["id"]),
        "shares": st.lists(st.fixed_dictionaries({"partner": texts(8)}, optional={
            "gain": st.integers(0, 100), "loss": st.integers(0, 100)}), max_size=2)})))
    network = draw(st.lists(st.fixed_dictionaries({"service": texts()}, optional={
        "in_scope": st.booleans(), "partner": texts(8), "route": st.sampled_from(["psr-2023", "other"]),
        "contract_form": texts(), "step_in": paragraphs()}), max_size=2))
    return _drop_none({
        "eligibility": eligibility, "benefits": benefits, "network": network,
        "stages": draw(st.dictionaries(stages, DATES, max_size=2)) if staged else None,
        "steps": draw(st.dictionaries(steps, DATES, max_size=2)) if staged else None,
    })
