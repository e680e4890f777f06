"""The dashboard as data: the board paper's view, plus the trend from ``history``.

:func:`build_dashboard` is pure. The dashboard says what the board paper says, in the same
words: it is built from the paper's :class:`~iho_ready.report.view.Report` (so the audience
filter, the statuses in words and the key are the paper's), and adds the trend over time
from :class:`~iho_ready.history.History`. Charts are drawn by the renderer
(:mod:`iho_ready.report.html`) from these same values; every chart has a table beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..history import EVIDENCE_NOTE, History
from ..words import READINESS_LABEL, problem_for_publication
from .view import Report


@dataclass(frozen=True)
class TrendCell:
    """One rubric's readiness at one point of the trend."""

    readiness: str | None
    """Readiness key, or None where the rubric was not selected then."""
    label: str
    """Readiness in words, or ``Not selected``."""


@dataclass(frozen=True)
class TrendRow:
    """One commit that changed the manifest, as the trend shows it."""

    commit: str | None
    """The short commit hash; None in a public dashboard (a public page names no commits)."""
    label: str
    """How the row is named: the short hash, or ``Update 3`` in a public dashboard."""
    committed: date
    subject: str | None
    """The commit's subject line; None in a public dashboard (commit messages can name private documents)."""
    meeting: str | None
    """The board meeting the manifest at that commit was written for, in words, when it names one."""
    valid: bool
    problem: str | None
    """Why the manifest could not be read at that commit, when it could not: the first problem in full
    in a private dashboard, only its code in a public one (a message can quote the manifest)."""
    as_of: date | None
    cells: list[TrendCell]
    """Readiness per rubric, in :attr:`Dashboard.trend_rubrics` order."""
    open_gaps: int | None
    overdue_actions: int | None


@dataclass(frozen=True)
class TrendWords:
    """How the trend is described: in git's words for the trust's own people, in plain words in public."""

    intro: str
    point: str
    """Heading of the column that names each point."""
    recorded: str
    """Heading of the column of the date each point was recorded."""
    unreadable: str
    """Says that a point's self-assessment could not be read (a reason follows)."""


PRIVATE_TREND = TrendWords(
    intro="Readiness at each commit that changed the manifest, oldest first.", point="Commit",
    recorded="Committed", unreadable="The manifest could not be read at this commit")
PUBLIC_TREND = TrendWords(
    intro="Readiness at each recorded update of the self-assessment, oldest first.", point="Update",
    recorded="Recorded", unreadable="The self-assessment could not be read at this update")
PUBLIC_EVIDENCE_NOTE = ("Each update is the self-assessment as the board saw it, judged as at its own as-of date "
                        "with the evidence it held then.")
""":data:`~iho_ready.history.EVIDENCE_NOTE` without git's words, for a public page."""
PUBLIC_NO_TREND = "No trend is shown: earlier versions of the self-assessment could not be read."
"""Why there is no trend, in a public page (the private reason names git and the manifest)."""


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows. Built by :func:`build_dashboard`."""

    paper: Report
    """The board paper's view: readiness, domains, system view, exceptions, actions, register, key."""
    headings: dict[str, str]
    """The paper's section and appendix headings without their numbers or letters (one page has none)."""
    summary_points: list[str]
    """The paper's executive summary, without its references to numbered sections."""
    exceptions_summary: str
    """The paper's one-sentence summary of the exceptions, likewise."""
    trend: list[TrendRow]
    """One row per commit that changed the manifest, oldest first (empty without history)."""
    trend_rubrics: list[tuple[str, str]]
    """(rubric id, title) of every rubric any point of the trend selects, in order of first use."""
    trend_note: str
    """Where the trend's evidence was checked, or why there is no trend."""
    trend_words: TrendWords = PRIVATE_TREND
    """How the trend is described (:data:`PUBLIC_TREND` in a public dashboard)."""
    private: bool = False
    """Whether this is the private version: marked so in its title and kept out of search engines."""


_NUMBER = re.compile(r"^(?:\d+\.|Appendix [A-Z]:)\s+")
_REFERENCE = re.compile(r"\s*\((?:section \d+|Appendix [A-Z])\)")


def _unnumbered(headings: dict[str, str]) -> dict[str, str]:
    """``4. Exceptions`` -> ``Exceptions``; ``Appendix D: Evidence register`` -> ``Evidence register``."""
    return {key: _NUMBER.sub("", text) for key, text in headings.items()}


def _unreferenced(text: str) -> str:
    """The paper's sentence without its pointer to a numbered section (``(section 3)``, ``(Appendix B)``)."""
    return _REFERENCE.sub("", text)


def _problem(problems: list[str], public: bool) -> str | None:
    if not problems:
        return None
    return problems[0] if not public else problem_for_publication(problems)


def _window(history: History, public: bool) -> str:
    """Which points the trend shows, in words a public page may use (updates, not commits)."""
    if not public or history.window is None:
        return history.window or ""
    return (f"Showing the newest {len(history.points):,} of {history.total:,} updates; older ones are left out "
            "(a longer window can be chosen when the page is made).")


def build_dashboard(paper: Report, history: History | None, *, no_history: str = "") -> Dashboard:
    """The dashboard for *paper*; *history* gives the trend (None, with *no_history* saying why).

    A public dashboard (``paper.audience``) leaves out commit subjects and the text of input
    problems, which can name or quote what the paper leaves out.
    """
    public = paper.audience == "public"
    words = PUBLIC_TREND if public else PRIVATE_TREND
    headings = _unnumbered(paper.appendices | paper.sections)
    points = [_unreferenced(point) for point in paper.summary_points]
    exceptions = _unreferenced(paper.exceptions_summary)
    if history is None:
        return Dashboard(paper=paper, headings=headings, summary_points=points, exceptions_summary=exceptions,
                         trend=[], trend_rubrics=[], trend_note=PUBLIC_NO_TREND if public else no_history,
                         trend_words=words, private=not public)
    rubrics: dict[str, str] = {}
    for point in history.points:
        for r in point.snapshot.rubrics if point.snapshot else []:
            rubrics.setdefault(r.id, r.title)
    rows = []
    for n, point in enumerate(history.points, start=1):
        s = point.snapshot
        found = {r.id: r.readiness for r in s.rubrics} if s else {}
        cells = [TrendCell(found.get(rid), READINESS_LABEL[found[rid]] if rid in found else "Not selected")
                 for rid in rubrics]
        rows.append(TrendRow(commit=None if public else point.short, label=f"Update {n}" if public else point.short,
                             committed=point.committed, subject=None if public else point.subject,
                             meeting=point.meeting.label if point.meeting else None,
                             valid=point.valid, problem=_problem(point.problems, public),
                             as_of=s.as_of if s else None, cells=cells,
                             open_gaps=s.open_gaps if s else None,
                             overdue_actions=s.overdue_actions if s else None))
    return Dashboard(paper=paper, headings=headings, summary_points=points, exceptions_summary=exceptions,
                     trend=rows, trend_rubrics=list(rubrics.items()),
                     trend_note=(PUBLIC_EVIDENCE_NOTE if public else EVIDENCE_NOTE)
                     + (f" {_window(history, public)}" if history.window else ""), trend_words=words,
                     private=not public)
