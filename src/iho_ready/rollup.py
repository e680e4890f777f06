"""What the evaluation concludes from its criteria: colours, counts, readiness, assurance, the
board statements grouped, exceptions in order, what needs the board, crosswalk coverage.

Pure and part of the evaluation (only :mod:`iho_ready.evaluate` calls it): every number and
every grouping an output shows is computed here once, so no renderer ever counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .models.loaded import LoadedManifest
from .models.result import (
    ASSURANCE_ORDER,
    ActionResult,
    AreaResult,
    AssuranceResult,
    Attention,
    BoardSummary,
    CoverageRow,
    CriterionResult,
    CrosswalkCoverage,
    PartnerResult,
    PartnerSummary,
    RatingTally,
    Related,
    RubricResult,
    StatusCounts,
)
from .models.rubric import Crosswalk, Rubric


def rag(results: Sequence[CriterionResult]) -> str:
    """A group's colour: the worst of its criteria's. Red for a gap or a mandatory criterion not
    assessed; then amber for an action planned; green when any criterion is green; grey only when
    none of its criteria has a colour (each is optional and not assessed, or not applicable)."""
    colours = {r.rag for r in results}
    for colour in ("red", "amber", "green"):
        if colour in colours:
            return colour
    return "grey"


def statuses(results: Iterable[CriterionResult]) -> StatusCounts:
    """Criteria by status, one count each."""
    n = {"met": 0, "not-applicable": 0, "action-planned": 0, "gap": 0, "not-assessed": 0}
    total = 0
    for r in results:
        n[r.status] += 1
        total += 1
    return StatusCounts(criteria=total, met=n["met"], not_applicable=n["not-applicable"],
                        action_planned=n["action-planned"], gap=n["gap"], not_assessed=n["not-assessed"],
                        shortfalls=n["action-planned"] + n["gap"], met_or_not_applicable=n["met"] + n["not-applicable"])


def area_results(loaded: LoadedManifest, criteria: Sequence[CriterionResult]) -> list[AreaResult]:
    """Colour and counts per domain and sub-area, in rubric order."""
    by_domain: dict[tuple[str, str], list[CriterionResult]] = {}
    for c in criteria:
        by_domain.setdefault((c.rubric, c.domain), []).append(c)
    results = []
    for selected in loaded.rubrics:
        rubric = selected.rubric
        for domain in rubric.domains:
            mine = by_domain.get((rubric.id, domain.id), [])
            results.append(AreaResult(rubric=rubric.id, domain=domain.id, area=None, title=domain.title,
                                      rag=rag(mine), statuses=statuses(mine)))
            for area in domain.areas:
                sub = [c for c in mine if c.area == area.id]
                results.append(AreaResult(rubric=rubric.id, domain=domain.id, area=area.id, title=area.title,
                                          rag=rag(sub), statuses=statuses(sub)))
    return results


def readiness(mine: Sequence[CriterionResult]) -> str:
    """Ready: no criterion has an error. Not ready, plan agreed: every criterion with an error has an
    adequate plan (status ``action-planned``). Not ready: otherwise."""
    failing = [c for c in mine if c.errors]
    if not failing:
        return "ready"
    if all(c.status == "action-planned" for c in failing):
        return "plan-agreed"
    return "not-ready"


def rating_tallies(rubric: Rubric, mine: Sequence[CriterionResult]) -> list[RatingTally]:
    """Every level of the rubric's scales with how many of its criteria carry it, in scale order."""
    seen: dict[str, str] = {}
    for levels in rubric.scales.values():
        for level in levels:
            seen.setdefault(level.id, level.label)
    return [RatingTally(rating=rid, label=label, count=sum(1 for c in mine if c.rating == rid))
            for rid, label in seen.items()]


def rubric_result(rubric: Rubric, pinned: bool, criteria: Sequence[CriterionResult]) -> RubricResult:
    """One rubric's readiness, counts and rating tallies."""
    mine = [c for c in criteria if c.rubric == rubric.id]
    return RubricResult(id=rubric.id, version=rubric.version, title=rubric.title, status=rubric.status,
                        readiness=readiness(mine), pinned=pinned, statuses=statuses(mine),
                        ratings=rating_tallies(rubric, mine),
                        not_rated=sum(1 for c in mine if c.position == "not-rated"))


def assurance(stated: str | None, rubrics: Sequence[RubricResult], counts: StatusCounts) -> AssuranceResult:
    """The level of assurance the evidence supports, on the cover-sheet scale.

    * **Substantial**: every selected rubric is ready (no error finding against any criterion).
    * **Reasonable**: every rubric is ready or not ready with a plan agreed (every gap has an open,
      owned, dated action that is not overdue).
    * **Limited**: a rubric is not ready, but at least half the criteria are met, confirmed or not
      applicable with current evidence.
    * **No assurance**: fewer than half are.
    """
    met, total = counts.met_or_not_applicable, counts.criteria
    if all(r.readiness == "ready" for r in rubrics):
        level = "substantial"
    elif all(r.readiness in ("ready", "plan-agreed") for r in rubrics):
        level = "reasonable"
    elif 2 * met >= total:
        level = "limited"
    else:
        level = "no-assurance"
    overstated = stated is not None and ASSURANCE_ORDER[stated] > ASSURANCE_ORDER[level]
    return AssuranceResult(level=level, stated=stated, overstated=overstated, met=met,
                           criteria=total)


def exception_rank(criterion: CriterionResult) -> int:
    """Exceptions are read worst first: red (a gap without adequate action, or a mandatory
    criterion not assessed), then amber (action in hand), then optional criteria not assessed."""
    if criterion.status == "action-planned":
        return 1
    if criterion.status == "not-assessed" and not criterion.mandatory:
        return 2
    return 0


def exceptions(criteria: Sequence[CriterionResult]) -> list[CriterionResult]:
    """The exceptions, worst first (stable: rubric order within a rank)."""
    return sorted((c for c in criteria if c.exception), key=exception_rank)


def board_summary(criteria: Sequence[CriterionResult]) -> BoardSummary:
    """The board statements grouped as the paper reports them."""
    board = [c for c in criteria if c.board_statement]
    below = [c for c in board if c.position == "below"]
    return BoardSummary(
        statements=[c.id for c in board],
        confirmed=[c.id for c in board if c.position == "meets"],
        unsupported=[c.id for c in board if c.position == "meets" and not c.supported],
        not_confirmed=[c.id for c in below],
        not_confirmed_explained=[c.id for c in below if c.explanation_recorded],
        not_confirmed_unexplained=[c.id for c in below if not c.explanation_recorded],
        not_confirmed_planned=[c.id for c in below if c.open_action],
        not_confirmed_unplanned=[c.id for c in below if not c.open_action],
        not_rated=[c.id for c in board if c.position == "not-rated"],
    )


def attention(ranked: Sequence[CriterionResult], actions: Sequence[ActionResult],
              partners: Sequence[PartnerResult]) -> Attention:
    """What the board is asked to act on."""
    return Attention(
        unactioned=[c.id for c in ranked if c.unactioned],
        overdue=[a.id for a in actions if a.overdue],
        incomplete=[a.id for a in actions if a.lacks],
        at_risk=[a.id for a in actions if a.attention],
        conditions=[f"{p.id}.{c.id}" for p in partners for c in p.conditions if not c.answered_by],
    )


def coverage(walk: Crosswalk, loaded: LoadedManifest,
             criteria: Mapping[tuple[str, str], CriterionResult]) -> CrosswalkCoverage:
    """How the source rubric's criteria cover the target's. A partial relationship never implies
    full coverage: only a met ``equal`` or ``superset`` criterion covers a target in full."""
    rubrics = {s.rubric.key: s.rubric for s in loaded.rubrics}
    source, target = rubrics[walk.source], rubrics[walk.target]
    by_target: dict[str, list[Any]] = {}
    for m in walk.mappings:
        by_target.setdefault(m.target, []).append(m)
    gaps = {g.target: g.note for g in walk.no_counterpart}
    rows = []
    for placed in target.walk():
        cid = placed.criterion.id
        mappings = by_target.get(cid)
        if mappings:
            rows.append(_coverage_row(cid, mappings, source.id, target.id, criteria))
        elif cid in gaps:  # a gap the crosswalk records: shown, never silence
            rows.append(CoverageRow(target=cid, target_status=criteria[(target.id, cid)].status, related=[],
                                    coverage="no-counterpart", through=[], note=gaps[cid], no_counterpart=True))
    return CrosswalkCoverage(crosswalk=walk.id, title=walk.title, author=walk.author, source=walk.source,
                             target=walk.target, rows=rows)


def _coverage_row(target: str, mappings: list[Any], source_id: str, target_id: str,
                  criteria: Mapping[tuple[str, str], CriterionResult]) -> CoverageRow:
    related: list[Related] = []
    full: list[str] = []
    part: list[str] = []
    for m in mappings:
        src = criteria[(source_id, m.source)]
        related.append(Related(criterion=m.source, evidence=m.source_evidence, relationship=m.relationship,
                               status=src.status))
        if src.status == "met":
            (full if m.relationship in ("equal", "superset") else part).append(m.source)
    return CoverageRow(target=target, target_status=criteria[(target_id, target)].status, related=related,
                       coverage="full" if full else "partial" if part else "none", through=full or part)


def partner_summary(partners: Sequence[PartnerResult]) -> PartnerSummary:
    """The partners' statements, counted."""
    return PartnerSummary(listed=len(partners), supporting=sum(1 for p in partners if p.supports),
                          conditional=sum(1 for p in partners if p.conditional),
                          counting=sum(1 for p in partners if p.valid),
                          open_conditions=sum(1 for p in partners for c in p.conditions if not c.answered_by))
