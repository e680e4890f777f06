"""The cover sheet, the page furniture and the paper's opening: meeting, session, classification, FOI,
assurance in words, implications, audience note and introduction.
"""

from __future__ import annotations

from datetime import date

from ..models.outcome import Outcome
from ..words import (
    ASSURANCE_LABEL,
    EQIA_LABEL,
    PURPOSE_CHOICE,
    capitalise,
    listing,
    long_date,
    number_words,
)
from .designation import baf_line
from .paper_words import ASSURANCE_BELOW_OFFERED, ASSURANCE_NOT_OFFERED, BOARD_ASKED_TO, DECLARATION, SIGNATORIES
from .view import (
    CONFIDENTIAL_MARK,
    DEFAULT_CLASSIFICATION,
    IMPLICATIONS,
    KEY_ISSUES,
    NOT_STATED,
    SESSION_LABEL,
    Audience,
    CoverRow,
    Declaration,
    Signatory,
)


def meeting_parts(outcome: Outcome, audience: Audience) -> tuple[str | None, date | None, str | None]:
    meeting = outcome.loaded.manifest.assessment.meeting
    if meeting is None:
        return None, None, None
    item = meeting.private_agenda_item if audience == "private" and meeting.private_agenda_item \
        else meeting.agenda_item
    return meeting.name, meeting.date, item


def classification(outcome: Outcome, audience: Audience) -> str:
    return outcome.loaded.manifest.assessment.classification or DEFAULT_CLASSIFICATION[audience]


def header_line(outcome: Outcome, audience: Audience) -> str:
    name, when, item = meeting_parts(outcome, audience)
    parts = [outcome.loaded.manifest.organisation.name]
    if name:
        parts.append(f"{name}, {long_date(when)}" if when else name)
    parts.append(f"{SESSION_LABEL[audience].split(' ')[0]} session")
    if item:
        parts.append(f"Agenda item {item}")
    return " | ".join(parts)


def footer_line(outcome: Outcome, audience: Audience) -> str:
    parts = [classification(outcome, audience)]
    if audience == "private":
        parts.append("Confidential: private session")
    parts.append(f"FOI: {foi_status(outcome, audience)}")
    return " | ".join(parts)


def foi_status(outcome: Outcome, audience: Audience) -> str:
    a = outcome.loaded.manifest.assessment
    return (a.private_foi_status if audience == "private" else a.foi_status) or NOT_STATED


def cover_rows(outcome: Outcome, audience: Audience, recommendation: list[str], sections: dict[str, str],
           appendices: dict[str, str]) -> list[CoverRow]:
    manifest = outcome.loaded.manifest
    a, org = manifest.assessment, manifest.organisation
    name, when, item = meeting_parts(outcome, audience)
    rows: list[tuple[str, str | date]] = [
        ("Meeting", name or NOT_STATED),
        ("Session", SESSION_LABEL[audience]),
        ("Date of meeting", when or NOT_STATED),
        ("Agenda item", item or NOT_STATED),
        ("Report title", a.title),
        ("Trust", f"{org.name} ({org.ods_code})" if org.ods_code else org.name),
        ("Author", a.author or NOT_STATED),
        ("Executive lead", a.executive_lead or NOT_STATED),
        ("Presented by", a.presented_by or NOT_STATED),
        ("Executive sign-off", a.approved_by or NOT_STATED),
        ("Purpose", purpose_choices(a.purpose)),
        *assurance_rows(outcome),
    ]
    if a.assurance:
        rows.append(("Basis for the level offered", a.assurance))
    rows += [
        ("Previously considered by", "; ".join(a.previously_considered_by) or NOT_STATED),
        ("Strategic objectives", "; ".join(a.strategic_objectives) or NOT_STATED),
        ("Board Assurance Framework risks", "; ".join(baf_line(outcome.result) or a.baf_risks) or NOT_STATED),
        ("CQC well-led", "; ".join(a.cqc_well_led) or NOT_STATED),
        ("Equality and quality impact assessment", EQIA_LABEL[a.eqia] if a.eqia else NOT_STATED),
        ("Conflicts of interest", a.conflicts_of_interest or NOT_STATED),
        ("Recommendation", f"{recommendation_summary(recommendation, a.recommendation is not None)} See section "
                           f"{sections['recommendation'].split('.')[0]}."),
        ("Freedom of information", foi_status(outcome, audience)),
        ("Security classification", classification(outcome, audience)),
        ("Position as at", outcome.result.as_of),
    ]
    return [CoverRow(label, value) for label, value in rows]


def purpose_choices(chosen: str | None) -> str:
    """The purposes in a row with the chosen one marked in words, which a screen reader reads as
    written and every font prints: ``Approval · Assurance (selected) · Discussion · Information``."""
    choices = [f"{label} (selected)" if key == chosen else label for key, label in PURPOSE_CHOICE.items()]
    row = " · ".join(choices)
    return row if chosen else f"{NOT_STATED} ({row})"


def key_issue_rows(outcome: Outcome) -> list[CoverRow]:
    """The key-issues box ("Alert, Advise, Assure"), as the author states it."""
    given = outcome.loaded.manifest.assessment.key_issues
    return [CoverRow(label, "; ".join(getattr(given, name)) or NOT_STATED) for name, label in KEY_ISSUES]


def declaration(outcome: Outcome) -> Declaration:
    """The memorandum's declaration: the meeting, the minute and who signs (a blank where not given)."""
    a = outcome.loaded.manifest.assessment
    meeting = a.meeting
    held = f"{meeting.name}, {long_date(meeting.date)}" if meeting else None
    return Declaration(DECLARATION, held, meeting.minute_reference if meeting else None,
                       [Signatory(role, getattr(a.signatories, name)) for name, role in SIGNATORIES])


def assurance_rows(outcome: Outcome) -> list[tuple[str, str]]:
    """The level the author offers and the level the evidence supports, a row each, from the result
    (the scale is explained in the paper's key)."""
    found = outcome.result.assurance
    if found is None:
        return [("Assurance level", NOT_STATED)]
    supported = f"{ASSURANCE_LABEL[found.level]}: {found.met} of {found.criteria} criteria met or confirmed " \
                "with current evidence"
    if found.overstated:
        supported += ASSURANCE_BELOW_OFFERED
    offered = ASSURANCE_LABEL[found.stated] if found.stated is not None else ASSURANCE_NOT_OFFERED
    return [("Assurance offered", offered), ("Assurance the evidence supports", supported)]


def recommendation_summary(recommendation: list[str], given: bool) -> str:
    """The recommendation in one sentence for the cover sheet: the first thing the board is asked
    (the author's own words when the manifest gives them)."""
    if not recommendation:
        return NOT_STATED
    return recommendation[0] if given else f"{BOARD_ASKED_TO[:-1]} {recommendation[0]}."


def implication_rows(outcome: Outcome) -> list[CoverRow]:
    given = outcome.loaded.manifest.assessment.implications
    return [CoverRow(label, getattr(given, name) or NOT_STATED) for name, label in IMPLICATIONS]


def audience_note(audience: Audience, hidden: int, private: int) -> str:
    if audience == "public":
        if not hidden:
            return "This version is for the public session. No evidence is marked private."
        return (f"This version is for the public session. {capitalise(number_words(hidden))} "
                f"{'document is' if hidden == 1 else 'documents are'} marked private and not listed; "
                f"{'it counts' if hidden == 1 else 'they count'} as evidence where "
                f"{'it applies' if hidden == 1 else 'they apply'}, and the private version names "
                f"{'it' if hidden == 1 else 'them'}.")
    if not private:
        return f"{CONFIDENTIAL_MARK} The public version of this paper is the same: no evidence is marked private."
    return f"{CONFIDENTIAL_MARK} The public version of this paper leaves out:"


def introduction(outcome: Outcome) -> str:
    org = outcome.loaded.manifest.organisation
    rubrics = [s.rubric.title for s in outcome.loaded.rubrics]
    text = (f"This paper reports {org.name}'s self-assessment of its readiness to hold an integrated "
            f"health organisation (IHO) contract, as at {long_date(outcome.result.as_of)}, against "
            f"{number_words(len(rubrics))} {'set' if len(rubrics) == 1 else 'sets'} of criteria: "
            f"{listing(rubrics)}.")
    pop = org.population
    if org.icb or pop:
        where = f" of {pop.footprint}" if pop and pop.footprint else ""
        size = f" (about {pop.size:,} people)" if pop and pop.size is not None else ""
        by = f", commissioned by {org.icb}" if org.icb else ""
        text += f" The contract would cover the population{where}{size}{by}."
    return text
