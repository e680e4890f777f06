"""What the paper tells the board and asks of it: the executive summary's points, the exceptions
in a sentence, the recommendation, and progress since the previous paper, in words.
"""

from __future__ import annotations

from ..models.outcome import Outcome
from ..models.result import (
    AssuranceResult,
    BoardSummary,
)
from ..progress import CriterionChange, Progress
from ..words import (
    READINESS_PHRASE,
    assurance_phrase,
    capitalise,
    listing,
    long_date,
    lower_first,
    number_words,
)
from .paper_words import CHANGE_PHRASE
from .view import (
    NOT_CONFIRMED_WITH,
    CriterionView,
    RubricView,
)


def exceptions_summary(exceptions: list[CriterionView], sections: dict[str, str]) -> str:
    """The exceptions in one sentence, worst first, grouped by status (from the evaluation's statuses)."""
    groups = [
        ("gap", "{ids} {verb} short without an adequate plan"),
        ("not-assessed", "{ids} {verb2} not yet assessed"),
        ("action-planned", "{ids} {verb} short with a plan in place"),
    ]
    parts = []
    for status, phrase in groups:
        ids = [v.named for v in exceptions if v.status == status]
        if ids:
            parts.append(phrase.format(ids=listing(ids), verb="falls" if len(ids) == 1 else "fall",
                                       verb2="is" if len(ids) == 1 else "are"))
    count = len(exceptions)
    noun = "criterion is an exception" if count == 1 else "criteria are exceptions"
    return (f"{capitalise(number_words(count))} {noun}: {'; '.join(parts)} "
            f"(section {sections['exceptions'].split('.')[0]}).")


def summary_points(board: BoardSummary, assurance: AssuranceResult | None, moved: Progress | None,
                    sections: dict[str, str]) -> list[str]:
    points = []
    if board.statements:
        total, confirmed = len(board.statements), len(board.confirmed)
        if confirmed == total:
            text = f"{all_of(total, 'board statement')} put forward as confirmed"
        elif confirmed:
            text = (f"Of the {number_words(total)} board statements, {number_words(confirmed)} "
                    f"{'is' if confirmed == 1 else 'are'} put forward as confirmed")
        else:
            text = f"None of the {number_words(total)} board statements is put forward as confirmed"
        if board.unsupported:
            text += f"; the evidence does not yet support {listing(board.unsupported)}"
        if board.not_confirmed:
            text += f". {capitalise(not_confirmed_sentence(board))}"
        points.append(text + f" (section {sections['statements'].split('.')[0]}).")
    if assurance is not None:
        text = (f"The evidence supports {assurance_phrase(assurance.level)}: {assurance.met} of "
                f"{assurance.criteria} criteria are met or confirmed with current evidence.")
        if assurance.overstated and assurance.stated is not None:
            text += f" The paper's author offers {assurance_phrase(assurance.stated)}, which is more."
        points.append(text)
    if moved is not None:
        points.append(progress_sentence(moved))
    return points


def all_of(total: int, noun: str, after: str = "") -> str:
    """``The one board statement is``, ``Both board statements are``, ``All nine board statements are``
    (*after* follows the noun: ``All four partners listed are``)."""
    tail = f" {after}" if after else ""
    if total == 1:
        return f"The one {noun}{tail} is"
    if total == 2:
        return f"Both {noun}s{tail} are"
    return f"All {number_words(total)} {noun}s{tail} are"


def not_confirmed_sentence(board: BoardSummary) -> str:
    """Which statements are not confirmed, and which of them have an explanation and a plan recorded:
    ``SV2 is not confirmed, with no explanation and no plan recorded``."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for cid in board.not_confirmed:
        groups.setdefault((cid in board.not_confirmed_explained, cid in board.not_confirmed_planned), []).append(cid)
    parts = [f"{listing(ids)} {'is' if len(ids) == 1 else 'are'} not confirmed, {NOT_CONFIRMED_WITH[key]}"
             for key, ids in groups.items()]
    return "; ".join(parts)


def previous_paper(previous: Outcome) -> str:
    a = previous.loaded.manifest.assessment
    if a.meeting is None:
        return f"the assessment as at {long_date(previous.result.as_of)}"
    text = f"{a.meeting.name}, {long_date(a.meeting.date)}"
    return text + (f", agenda item {a.meeting.agenda_item}" if a.meeting.agenda_item else "")


def progress_sentence(moved: Progress) -> str:
    """Whether readiness moved since the previous paper, in one sentence."""
    changed = [r for r in moved.readiness if r.before != r.after]
    if not changed:
        still = listing([f"{READINESS_PHRASE[r.after]} against the {r.title}" for r in moved.readiness
                         if r.after])
        return f"Readiness has not moved since {long_date(moved.as_of_before)}: the trust is still {still}."
    parts = []
    for r in changed:
        before = READINESS_PHRASE[r.before] if r.before else "not assessed"
        after = READINESS_PHRASE[r.after] if r.after else "no longer assessed"
        parts.append(f"from {before} to {after} against the {r.title}")
    return f"Readiness has moved since {long_date(moved.as_of_before)}: {listing(parts)}."


def worse_points(moved: Progress, views: dict[tuple[str, str], CriterionView]) -> list[str]:
    """What got worse, worst first: shortfalls opened, actions that slipped or were dropped."""
    out = []
    for m in moved.opened:
        reasons = " ".join(views[(m.rubric, m.criterion)].reasons) if (m.rubric, m.criterion) in views else ""
        phrase = CHANGE_PHRASE[m.board_statement]
        out.append(f"{m.criterion} was {phrase[m.status_before]} and is now {phrase[m.status_after]}. "
                   f"{reasons}".strip())
    for r in moved.ratings:
        if r not in moved.opened and r not in moved.closed and r.direction == "worse":
            out.append(rating_moved(r))
    for a in moved.slipped:
        text = f"Action {a.id} ({a.criterion}) slipped"
        if a.due_before != a.due_after:
            text += (f": due {long_date(a.due_before)}, now {long_date(a.due_after)}" if a.due_before and a.due_after
                     else "")
        out.append(text + (" and is now overdue." if a.newly_overdue else "."))
    for a in moved.dropped:
        out.append(f"Action {a.id} ({a.criterion}) is no longer in the plan and was not completed.")
    return out


def rating_moved(r: CriterionChange) -> str:
    return (f"{r.criterion}'s rating moved from {(r.rating_before or 'not rated').lower()} to "
            f"{(r.rating_after or 'not rated').lower()}.")


def better_points(moved: Progress) -> list[str]:
    out = [f"{m.criterion} was {CHANGE_PHRASE[m.board_statement][m.status_before]} and is now "
           f"{CHANGE_PHRASE[m.board_statement][m.status_after]}." for m in moved.closed]
    out += [rating_moved(r) for r in moved.ratings
            if r not in moved.opened and r not in moved.closed and r.direction == "better"]
    out += [f"Action {a.id} ({a.criterion}) is complete: {lower_first(a.action)}." for a in moved.completed]
    out += [f"Action {a.id} ({a.criterion}) is new: {lower_first(a.action)}"
            + (f", due {long_date(a.due_after)}." if a.due_after else ".") for a in moved.added]
    return out


def recommendation_asks(purpose: str | None, rubrics: list[RubricView], board: BoardSummary,
                    unactioned: list[str], overdue: list[str], ready: bool,
                    moved: Progress | None, assurance: AssuranceResult | None,
                    sections: dict[str, str]) -> list[str]:
    """What the Board is asked to do, from the paper's purpose and what the evaluation found.

    Every id it names comes from the result, so the recommendation cannot contradict the
    findings: the statements the evidence does not yet support are exactly those rated
    confirmed whose status is not met.
    """
    memo = f"section {sections['statements'].split('.')[0]}" if "statements" in sections else ""
    plan = f"section {sections['actions'].split('.')[0]}"
    readiness = listing([f"{READINESS_PHRASE[r.readiness]} against the {r.title}" for r in rubrics])
    confirmed, unrated, not_confirmed, unsupported = board.confirmed, board.not_rated, board.not_confirmed, \
        board.unsupported
    asks = []
    if purpose == "approval":
        if board.statements:
            positions = []
            if confirmed:
                positions.append(f"Confirmed for {listing(confirmed)}")
            if not_confirmed:
                positions.append(f"Not confirmed for {listing(not_confirmed)} ({memo}: "
                                 f"{not_confirmed_sentence(board)})")
            asks.append(f"approve its position on each board statement: {'; '.join(positions)}")
        if unsupported:
            them = "it" if len(unsupported) == 1 else "them"
            asks.append(f"note, before approving, that the evidence does not yet support {listing(unsupported)} "
                        f"as confirmed ({memo}), and either record what else assures {them} or approve {them} as "
                        "not confirmed")
        if unrated:
            asks.append(f"note that {listing(unrated)} {'has' if len(unrated) == 1 else 'have'} not yet been "
                        "considered")
        asks.append(f"approve the self-assessment, which finds the trust {readiness}, and the actions in {plan}")
    else:
        verb = {"discussion": "discuss", "information": "note"}.get(purpose or "", "note")
        if assurance is not None:
            asks.append(f"{verb} that the evidence supports {assurance_phrase(assurance.level)} and that the "
                        f"trust is {readiness}")
        else:
            asks.append(f"{verb} that the trust is {readiness}")
        if unsupported:
            asks.append(f"note that the evidence does not yet support board "
                        f"{'statement' if len(unsupported) == 1 else 'statements'} {listing(unsupported)} as "
                        f"confirmed ({memo})")
        if not_confirmed:
            asks.append(f"note that {not_confirmed_sentence(board)} ({memo})")
        if purpose == "assurance" and not ready:
            asks.append(f"seek assurance from the executive lead that the actions in {plan} will close the "
                        "shortfalls by their due dates")
    if unactioned:
        asks.append(f"direct the executive lead to agree actions, with owners and due dates, for "
                    f"{listing(unactioned)}, which {'has' if len(unactioned) == 1 else 'have'} a shortfall and no "
                    "open action")
    if overdue:
        one = len(overdue) == 1
        asks.append(f"request {'a revised date' if one else 'revised dates'} from the "
                    f"{'owner' if one else 'owners'} of overdue {'action' if one else 'actions'} {listing(overdue)}")
    if moved is not None:
        asks.append(f"note the progress since the assessment of {long_date(moved.as_of_before)}")
    return asks


def conditions_ask(unanswered: list[str], appendices: dict[str, str]) -> list[str]:
    """Ask the board to see that each condition of a partner's support has an action answering it."""
    if not unanswered:
        return []
    where = appendices["system"].split(":")[0] if "system" in appendices else "the system view"
    one = len(unanswered) == 1
    return [f"direct the executive lead to agree {'an action' if one else 'actions'} "
            f"answering {listing(unanswered)}, which no action yet answers ({where})"]
