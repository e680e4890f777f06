"""The trend over time and the portfolio view: pure functions over assessments already made.

``history`` reads the manifest at every commit that changed it and assesses each one;
``portfolio`` assesses several trusts' manifests. Each assessment is summarised the same
way (:func:`snapshot` of an :class:`~iho_ready.models.outcome.Outcome`, a :class:`Snapshot`),
or replaced by the located problems that stopped it, and this module puts them together.
It reads no files, runs no program and decides nothing a rule decides: readiness, gaps,
overdue actions, domain colours and partner support all come from the evaluation's
:class:`~iho_ready.models.result.CheckResult`.

The models are a public contract: ``history --format json`` and ``portfolio --format json``
print them field for field, with ``format_version``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .models.outcome import Outcome
from .models.result import READINESS_ORDER, CriterionStatus, Rag, Readiness
from .models.types import IsoDate
from .words import NOT_RATED, long_date

FORMAT_VERSION = 1
"""Version of the history and portfolio JSON formats. Bump on any incompatible change."""

EVIDENCE_NOTE = ("Each assessment is the manifest as that commit left it, on the branch's first-parent line "
                 "(merges included), judged as at its own as-of date with the evidence files, partner statements "
                 "and lock file of that commit.")
"""What ``history`` (and the dashboard's trend) says about what each point is."""


def window_note(shown: int, total: int) -> str | None:
    """The sentence saying that only the newest changes are shown, or None when all are."""
    if shown >= total:
        return None
    return (f"Showing the newest {shown:,} of {total:,} changes of the manifest; "
            "--points N shows another number (0 for all).")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)


class RatingCount(_Out):
    """How many criteria of a rubric carry one rating."""

    rating: str
    """The rating in words (``Confirmed``), or ``Not rated``."""
    count: int
    """Criteria with that rating."""
    rated: bool = True
    """False for the count of criteria not rated (``Not rated``), True for a rating."""


class RubricSnapshot(_Out):
    """One rubric's readiness in one assessment."""

    id: str
    """Rubric id."""
    version: str
    """Rubric version."""
    title: str
    """Rubric title."""
    readiness: Readiness
    """``ready``, ``plan-agreed`` or ``not-ready``."""
    criteria: int
    """Number of criteria."""
    met: int
    """Criteria met, confirmed or not applicable."""
    gaps: int
    """Criteria with a gap (with or without action)."""
    not_assessed: int
    """Criteria with no rating."""
    ratings: list[RatingCount]
    """Counts by rating, in the rating scale's order, then ``Not rated``; ratings no criterion has are left out."""


class DomainSnapshot(_Out):
    """One domain's colour in one assessment."""

    rubric: str
    """Rubric id."""
    domain: str
    """Domain id."""
    title: str
    """Domain title."""
    rag: Rag
    """Its colour (always shown with words)."""


class PartnerSupport(_Out):
    """How many partners support the application, in one assessment."""

    listed: int
    """Partner statements the manifest lists."""
    supporting: int
    """Partners whose position is supports or supports with conditions."""
    with_conditions: int
    """Of those, partners that support with conditions."""
    counting: int
    """Statements that count as evidence (signed, in date, supporting)."""


class Snapshot(_Out):
    """One assessment in a few numbers: what the trend and the portfolio show."""

    organisation: str
    """The organisation's name."""
    ods_code: str | None
    """Its ODS code, when given."""
    as_of: IsoDate
    """The date the assessment was judged at."""
    rubrics: list[RubricSnapshot]
    """Readiness per selected rubric, in manifest order."""
    domains: list[DomainSnapshot]
    """Each domain's colour (sub-areas are summarised by their domain)."""
    open_gaps: int
    """Criteria with a gap, with or without an action in hand, across the rubrics."""
    open_actions: int
    """Actions not yet complete."""
    overdue_actions: int
    """Actions due before the as-of date and not complete."""
    errors: int
    """Error findings."""
    warnings: int
    """Warning findings."""
    partners: PartnerSupport
    """Partner support."""


class BoardMeeting(_Out):
    """The meeting a manifest was written for, as that commit's manifest names it."""

    name: str
    """The meeting's name, e.g. ``Trust Board``."""
    date: IsoDate
    """The date of the meeting."""
    agenda_item: str | None
    """The public agenda item, e.g. ``PUB/26/11/8``, when given."""
    label: str
    """The meeting in words, as the outputs show it: ``Trust Board, 6 November 2026, item PUB/26/11/8``."""


class HistoryPoint(_Out):
    """The manifest as one commit left it, and what it said then."""

    commit: str
    """Full commit hash."""
    short: str
    """The first seven characters of the hash, as people quote it."""
    committed: IsoDate
    """The commit date."""
    subject: str
    """The first line of the commit message."""
    valid: bool
    """False when the manifest could not be read or trusted at that commit."""
    problems: list[str]
    """Why not, as ``FILE:LINE:COL: error: message [code]`` lines (empty when valid)."""
    snapshot: Snapshot | None
    """The assessment, when the manifest was valid."""
    meeting: BoardMeeting | None = None
    """The board meeting the manifest at that commit was written for, when it names one."""


class History(_Out):
    """Every assessment the manifest's git history holds, oldest first."""

    format_version: int = FORMAT_VERSION
    """Version of this JSON format."""
    tool_version: str
    """The iho-ready version that made it."""
    manifest: str
    """The manifest path as shown."""
    since: str | None
    """The git ref the history starts after, when one was given."""
    note: str = EVIDENCE_NOTE
    """What each point is, and where its evidence was checked."""
    total: int = 0
    """How many commits of the first-parent line changed the manifest (after ``since``)."""
    limit: int | None = None
    """The most points asked for (the newest ones); None when every change was asked for."""
    window: str | None = None
    """The sentence saying only the newest changes are shown, when they are (:func:`window_note`)."""
    points: list[HistoryPoint]
    """One per commit that changed the manifest, oldest first: the newest ``limit`` of them."""


class CriterionCell(_Out):
    """One criterion's status for one trust: a cell of the portfolio's trust-by-criterion matrix."""

    rubric: str
    """Rubric id."""
    criterion: str
    """Criterion id."""
    status: CriterionStatus
    """Its status, as the trust's own evaluation decided it."""
    rag: Rag
    """Its colour (always shown with words)."""


class OpenCondition(_Out):
    """A condition of a partner's support that no action of the trust answers yet."""

    partner: str
    """The partner's name (its id when the statement gives none)."""
    condition: str
    """The condition's id within the statement."""
    text: str
    """The condition, in the partner's words."""


class IcbPosition(_Out):
    """The ICB's position on the trust's application, from the ICB's statement."""

    name: str
    """The ICB's name (its statement's id when the statement gives none)."""
    position: Literal["supports", "supports-with-conditions", "undecided", "does-not-support"] | None
    """Its position; None when the statement states none (or is missing)."""
    counts: bool
    """Whether the statement counts as evidence (signed, in date, supporting)."""


class Standing(_Out):
    """What a region compares across trusts, beyond the snapshot: each criterion, the ICB, open conditions."""

    readiness: Readiness
    """The trust's least ready rubric: it is ready only when every rubric it selects is ready."""
    criteria: list[CriterionCell]
    """Every criterion of every rubric the trust selects, in rubric order."""
    icb: IcbPosition | None
    """The ICB's statement, when the manifest lists one (the first, if it lists several)."""
    open_conditions: list[OpenCondition]
    """Partners' conditions of support that no action answers."""


class PortfolioSummary(_Out):
    """The portfolio in one line: how many trusts are at each readiness."""

    trusts: int
    """Trusts in the portfolio (one per manifest)."""
    unreadable: int
    """Trusts whose manifest could not be read."""
    ready: int
    """Trusts ready on every rubric they select."""
    plan_agreed: int
    """Trusts not ready on some rubric, but with every shortfall under an adequate plan."""
    not_ready: int
    """The other readable trusts."""


class PortfolioRow(_Out):
    """One trust's manifest in the portfolio."""

    manifest: str
    """The manifest path as shown."""
    link: str | None
    """The trust's dashboard, when a base URL was given."""
    valid: bool
    """False when the manifest could not be read or trusted."""
    problems: list[str]
    """Why not, as ``FILE:LINE:COL: error: message [code]`` lines (empty when valid)."""
    snapshot: Snapshot | None
    """The assessment, when the manifest was valid."""
    standing: Standing | None = None
    """Each criterion, the ICB's position and open conditions, when the manifest was valid."""


class Portfolio(_Out):
    """Several trusts' assessments side by side."""

    format_version: int = FORMAT_VERSION
    """Version of this JSON format."""
    tool_version: str
    """The iho-ready version that made it."""
    as_of: IsoDate | None = None
    """The one date every trust was judged at (``--as-of``); None: each at its own manifest's date."""
    summary: PortfolioSummary
    """How many trusts are at each readiness."""
    rows: list[PortfolioRow]
    """One per manifest, in the order the manifests were given (folders in path order)."""


@dataclass(frozen=True)
class Assessed:
    """What assessing one manifest gave: its snapshot, or the lines saying why there is none."""

    snapshot: Snapshot | None
    """The assessment in a few numbers (:func:`snapshot`), when the manifest could be read."""
    problems: Sequence[str] = ()
    """``FILE:LINE:COL: error: ...`` lines, when it could not."""
    meeting: BoardMeeting | None = None
    """The meeting the manifest names (:func:`meeting_of`), when it names one."""
    standing: Standing | None = None
    """What the portfolio adds (:func:`standing`), when asked for and the manifest could be read."""


@dataclass(frozen=True)
class Commit:
    """A commit that changed the manifest, and what assessing the manifest at it gave."""

    commit: str
    committed: date
    subject: str
    assessed: Assessed


def snapshot(outcome: Outcome) -> Snapshot:
    """Summarise one assessment."""
    result, manifest = outcome.result, outcome.loaded.manifest
    rubrics = []
    for selected in outcome.loaded.rubrics:
        rubric = selected.rubric
        summary = next(r for r in result.rubrics if r.id == rubric.id)
        counts = [RatingCount(rating=t.label, count=t.count) for t in summary.ratings]
        counts.append(RatingCount(rating=NOT_RATED, count=summary.not_rated, rated=False))
        rubrics.append(RubricSnapshot(id=rubric.id, version=rubric.version, title=rubric.title,
                                      readiness=summary.readiness, criteria=summary.statuses.criteria,
                                      met=summary.statuses.met_or_not_applicable,
                                      gaps=summary.statuses.shortfalls, not_assessed=summary.statuses.not_assessed,
                                      ratings=[c for c in counts if c.count]))
    return Snapshot(
        organisation=manifest.organisation.name,
        ods_code=manifest.organisation.ods_code,
        as_of=result.as_of,
        rubrics=rubrics,
        domains=[DomainSnapshot(rubric=a.rubric, domain=a.domain, title=a.title, rag=a.rag)
                 for a in result.areas if a.area is None],
        open_gaps=result.statuses.shortfalls,
        open_actions=len(result.open_actions),
        overdue_actions=len(result.attention.overdue),
        errors=result.counts.error,
        warnings=result.counts.warning,
        partners=PartnerSupport(listed=result.partner_summary.listed, supporting=result.partner_summary.supporting,
                                with_conditions=result.partner_summary.conditional,
                                counting=result.partner_summary.counting),
    )


def meeting_of(outcome: Outcome) -> BoardMeeting | None:
    """The board meeting an assessment's manifest was written for, when it names one."""
    meeting = outcome.loaded.manifest.assessment.meeting
    if meeting is None:
        return None
    item = f", item {meeting.agenda_item}" if meeting.agenda_item else ""
    return BoardMeeting(name=meeting.name, date=meeting.date, agenda_item=meeting.agenda_item,
                        label=f"{meeting.name}, {long_date(meeting.date)}{item}")
def standing(outcome: Outcome) -> Standing:
    """What the portfolio shows of one assessment beyond its snapshot; every value is the evaluation's."""
    result = outcome.result
    icb = next((p for p in result.partners if p.kind == "icb"), None)
    return Standing(
        readiness=min((r.readiness for r in result.rubrics), key=READINESS_ORDER.__getitem__, default="ready"),
        criteria=[CriterionCell(rubric=c.rubric, criterion=c.id, status=c.status, rag=c.rag)
                  for c in result.criteria],
        icb=IcbPosition(name=icb.name or icb.id, position=icb.position, counts=icb.valid) if icb else None,
        open_conditions=[OpenCondition(partner=p.name or p.id, condition=c.id, text=c.text)
                         for p in result.partners for c in p.conditions if not c.answered_by])


def build_history(manifest: str, commits: Sequence[Commit], *, tool_version: str,
                  since: str | None = None, total: int | None = None, limit: int | None = None) -> History:
    """The history model from the commits that changed *manifest*, oldest first.

    *commits* are the newest *limit* of *total* changes (all of them when not given)."""
    points = []
    for c in commits:
        found = c.assessed.snapshot
        points.append(HistoryPoint(commit=c.commit, short=c.commit[:7], committed=c.committed, subject=c.subject,
                                   valid=found is not None, problems=list(c.assessed.problems), snapshot=found,
                                   meeting=c.assessed.meeting))
    total = len(points) if total is None else total
    return History(tool_version=tool_version, manifest=manifest, since=since, total=total, limit=limit,
                   window=window_note(len(points), total), points=points)


def build_portfolio(rows: Sequence[tuple[str, str | None, Assessed]], *, tool_version: str,
                    as_of: date | None = None) -> Portfolio:
    """The portfolio model from (manifest as shown, link or None, what assessing it gave)."""
    built = [PortfolioRow(manifest=shown, link=link, valid=assessed.snapshot is not None,
                          problems=list(assessed.problems), snapshot=assessed.snapshot, standing=assessed.standing)
             for shown, link, assessed in rows]
    levels = [r.standing.readiness for r in built if r.standing is not None]
    summary = PortfolioSummary(trusts=len(built), unreadable=sum(1 for r in built if not r.valid),
                               ready=levels.count("ready"), plan_agreed=levels.count("plan-agreed"),
                               not_ready=levels.count("not-ready"))
    return Portfolio(tool_version=tool_version, as_of=as_of, summary=summary, rows=built)
