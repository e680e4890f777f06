"""Where each manifest field lives in the workbook: sheet names, columns, and the words people read.

The writer and the reader share this one description, so a column cannot be written under one
heading and looked for under another. These are the workbook's own words (its view constants);
the instructions sheet is built from them, so what it says each column means is what the column
holds. The cover-sheet fields are walked from the manifest models themselves, with each field's
docstring as its meaning, so a field added to the models appears on the cover sheet.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum

from pydantic import BaseModel

from ..loading import _unwrap as _bare  # a field's type without Annotated and | None


class Kind(Enum):
    """How a cell is written and read."""

    TEXT = "text"
    """Free text, stored as text (never a formula, a number or a date)."""
    DATE = "date"
    """A real date cell (shown DD/MM/YYYY)."""
    NUMBER = "number"
    """A whole number."""
    CHOICE = "choice"
    """One value from a drop-down list."""
    LIST = "list"
    """Several ids separated by commas (``SV1.E1, TA1``)."""
    LINES = "lines"
    """Several texts, one per line of the cell."""


INSTRUCTIONS = "How to fill in"
COVER = "Cover"
CRITERIA = "Criteria"
EVIDENCE = "Evidence"
ACTIONS = "Actions"
PARTNERS = "Partners"
RISKS = "Risks"
MORE = "More"
FINDINGS = "Findings"
ABOUT = "About"
SHEETS = (INSTRUCTIONS, COVER, CRITERIA, EVIDENCE, ACTIONS, RISKS, PARTNERS, MORE, FINDINGS, ABOUT)
"""Every sheet, in the order the workbook shows them."""


@dataclass(frozen=True)
class Column:
    """One column of a table sheet."""

    header: str
    """The heading in row 1; the reader finds the column by it."""
    key: tuple[str, ...]
    """Where the value goes in the manifest item (``("approved", "date")``)."""
    kind: Kind
    width: int
    """Width in characters."""
    meaning: str
    """What the column holds, for the instructions sheet."""
    editable: bool = True
    """False for columns shown for reference only (protected, never read back)."""
    choices: tuple[str, ...] = ()
    """The allowed values of a CHOICE column with one list for every row."""
    called: str = ""
    """The column in a sentence, where its heading does not read as a noun (``the review date``)."""

    @property
    def noun(self) -> str:
        """The column's heading as a noun in a sentence: ``the title``, ``the review date``."""
        return self.called or "the " + self.header[0].lower() + self.header[1:]


def _literal(model: type[BaseModel], name: str) -> tuple[str, ...]:
    return tuple(str(v) for v in typing.get_args(_bare(model.model_fields[name].annotation)))


def _meaning(model: type[BaseModel], name: str) -> str:
    return " ".join((model.model_fields[name].description or "").replace("``", "'").split())


_Tables = tuple[tuple[Column, ...], tuple[Column, ...], tuple[Column, ...], tuple[Column, ...], tuple[Column, ...]]


def _columns() -> _Tables:
    from ..models.designation import Risk
    from ..models.manifest import Action, Approval, CriterionEntry, Evidence, Period, Reconfirmation

    t, d, c, lst, n = Kind.TEXT, Kind.DATE, Kind.CHOICE, Kind.LIST, Kind.NUMBER
    risk_ids = " Ids from the Risks sheet, separated by commas."
    criteria = (
        Column("Rubric", ("rubric",), t, 22, "The rubric the criterion belongs to (for reference).", False),
        Column("Criterion", ("criterion",), t, 14, "The criterion's id, as the manifest names it (for reference).",
               False),
        Column("Statement", ("statement",), t, 60, "What the criterion asks, in the rubric's words (for reference).",
               False),
        Column("Rating", ("rating",), c, 18, _meaning(CriterionEntry, "rating")
               + " Pick it from the list: each criterion offers its own scale."),
        Column("Commentary", ("commentary",), t, 50, _meaning(CriterionEntry, "commentary")),
        Column("Explanation", ("explanation",), t, 50, _meaning(CriterionEntry, "explanation")),
        Column("Justification", ("justification",), t, 40, _meaning(CriterionEntry, "justification")),
        Column("Risks", ("risks",), lst, 16, "The risks that bear on the criterion." + risk_ids),
        Column("Reconfirmed version", ("reconfirmed", "version"), t, 14, _meaning(Reconfirmation, "version")),
        Column("Reconfirmed on", ("reconfirmed", "date"), d, 14, _meaning(Reconfirmation, "date"),
               called="the date of reconfirmation"),
        Column("Reconfirmed at", ("reconfirmed", "meeting"), t, 28, _meaning(Reconfirmation, "meeting")),
        Column("Reconfirmed item", ("reconfirmed", "agenda_item"), t, 16, _meaning(Reconfirmation, "agenda_item")),
    )
    evidence = (
        Column("ID", ("id",), t, 12, _meaning(Evidence, "id") + " Letters, digits, '-' and '_'."),
        Column("Title", ("title",), t, 40, _meaning(Evidence, "title")),
        Column("Path", ("path",), t, 40, _meaning(Evidence, "path") + " Give one of path, web address or paper."),
        Column("Web address", ("url",), t, 30, _meaning(Evidence, "url")),
        Column("Paper", ("paper",), t, 16, _meaning(Evidence, "paper")),
        Column("Owner", ("owner",), t, 28, _meaning(Evidence, "owner")),
        Column("Approved by", ("approved", "by"), t, 24, _meaning(Approval, "by")),
        Column("Approved on", ("approved", "date"), d, 14, _meaning(Approval, "date"), called="the approval date"),
        Column("Review by", ("review_by",), d, 14, _meaning(Evidence, "review_by"), called="the review date"),
        Column("Sensitivity", ("sensitivity",), c, 12, _meaning(Evidence, "sensitivity"),
               choices=_literal(Evidence, "sensitivity")),
        Column("Supports", ("supports",), lst, 28, _meaning(Evidence, "supports") + " Separate them with commas."),
        Column("Notes", ("notes",), t, 40, _meaning(Evidence, "notes")),
        Column("Period from", ("period", "start"), d, 14, _meaning(Period, "start") + " Fill in both dates of the "
               "period, or neither.", called="the start of the period"),
        Column("Period to", ("period", "end"), d, 14, _meaning(Period, "end"), called="the end of the period"),
        Column("Planning round", ("planning_round",), t, 16, _meaning(Evidence, "planning_round")),
    )
    actions = (
        Column("Criterion", ("criterion",), t, 14, "The criterion the action belongs to: its id on the Criteria "
               "sheet."),
        Column("ID", ("id",), t, 10, _meaning(Action, "id")),
        Column("Action", ("action",), t, 50, _meaning(Action, "action")),
        Column("Owner", ("owner",), t, 28, _meaning(Action, "owner")),
        Column("Due", ("due",), d, 14, _meaning(Action, "due"), called="the due date"),
        Column("Status", ("status",), c, 14, _meaning(Action, "status"), choices=_literal(Action, "status")),
        Column("Answers", ("answers",), lst, 20, _meaning(Action, "answers") + " Separate them with commas."),
        Column("Risks", ("risks",), lst, 16, "The risks the action mitigates." + risk_ids),
    )
    risks = (
        Column("ID", ("id",), t, 10, _meaning(Risk, "id") + " Letters, digits, '-' and '_'."),
        Column("BAF ID", ("baf",), t, 14, _meaning(Risk, "baf"), called="the BAF id"),
        Column("Title", ("title",), t, 60, _meaning(Risk, "title")),
        Column("Current score", ("current",), n, 14, _meaning(Risk, "current")),
        Column("Target score", ("target",), n, 14, _meaning(Risk, "target")),
        Column("Appetite", ("appetite",), t, 16, _meaning(Risk, "appetite")),
    )
    partners = (
        Column("Statement file", ("path",), t, 34, "The partner statement's file, relative to the workbook's folder "
               "(e.g. partners/icb.yaml). Each partner keeps and signs its own file."),
        Column("Partner", ("partner",), t, 40, "The partner's name, from its statement (for reference).", False),
        Column("Position", ("position",), t, 24, "The partner's position, from its statement (for reference).",
               False),
        Column("Signed by", ("signed_by",), t, 24, "Who signed the statement (for reference).", False),
        Column("Signed on", ("signed_on",), d, 14, "When it was signed (for reference).", False),
        Column("Review by", ("review_by",), d, 14, "When the partner will review it (for reference).", False),
    )
    return criteria, evidence, actions, risks, partners


CRITERIA_COLUMNS, EVIDENCE_COLUMNS, ACTION_COLUMNS, RISK_COLUMNS, PARTNER_COLUMNS = _columns()

TABLES: dict[str, tuple[Column, ...]] = {
    CRITERIA: CRITERIA_COLUMNS, EVIDENCE: EVIDENCE_COLUMNS, ACTIONS: ACTION_COLUMNS, RISKS: RISK_COLUMNS,
    PARTNERS: PARTNER_COLUMNS,
}
"""The sheets that are tables of rows, by name."""

ADDED: frozenset[tuple[str, str]] = frozenset(
    {(CRITERIA, "Risks"), (ACTIONS, "Risks"), (EVIDENCE, "Period from"), (EVIDENCE, "Period to"),
     (EVIDENCE, "Planning round")})
"""Columns a workbook written before them does not have: read as absent, and ``import`` leaves their
fields alone rather than clearing them."""
OPTIONAL_SHEETS = (RISKS, MORE)
"""Sheets a workbook written before them does not have (the same rule as :data:`ADDED`)."""

MORE_SECTIONS = ("eligibility", "stages", "steps", "benefits", "network")
"""The manifest sections the More sheet holds as text, one row each, in this order."""
MORE_HEADERS = ("Section", "Value", "What it means")

SPARE_ROWS = {CRITERIA: 0, EVIDENCE: 200, ACTIONS: 200, RISKS: 50, PARTNERS: 20}
"""Empty rows left open for typing in, inside each table."""

FINDING_HEADERS = ("Severity", "Code", "Concerns", "Finding")
CONCERNS = (("document", "Evidence"), ("action", "Action"), ("criterion", "Criterion"), ("partner", "Partner"))
"""What a finding concerns, by the first of its fields that is set, as the Findings sheet names it."""
CONCERNS_MANIFEST = "The manifest as a whole"
COVER_HEADERS = ("Field", "Value", "What it means")
ABOUT_HEADERS = ("Item", "Value")

ABOUT_FORMAT = "Manifest format"
ABOUT_RUBRICS = "Rubrics"
ABOUT_CONFIRMED = "Confirmed against"
ABOUT_SOURCE = "Written from"
ABOUT_FINGERPRINT = "Manifest fingerprint"
ABOUT_TOOL = "Written by"


@dataclass(frozen=True)
class CoverField:
    """One row of the cover sheet: a manifest field under ``organisation`` or ``assessment``."""

    path: tuple[str, ...]
    """E.g. ``("assessment", "meeting", "date")``; written dotted in the Field column."""
    kind: Kind
    meaning: str
    choices: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The dotted name the Field column shows."""
        return ".".join(self.path)

    @property
    def noun(self) -> str:
        """The field in a sentence: ``the field assessment.as_of``."""
        return f"the field {self.name}"


def _walk(model: type[BaseModel], prefix: tuple[str, ...]) -> list[CoverField]:
    found: list[CoverField] = []
    for name, info in model.model_fields.items():
        tp = _bare(info.annotation)
        path = (*prefix, name)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found += _walk(tp, path)
            continue
        origin = typing.get_origin(tp)
        meaning = _meaning(model, name)
        if origin is list:
            found.append(CoverField(path, Kind.LINES, meaning + " One per line."))
        elif origin is typing.Literal:
            found.append(CoverField(path, Kind.CHOICE, meaning, tuple(str(v) for v in typing.get_args(tp))))
        elif tp is date:
            found.append(CoverField(path, Kind.DATE, meaning))
        elif tp is int:
            found.append(CoverField(path, Kind.NUMBER, meaning))
        else:
            found.append(CoverField(path, Kind.TEXT, meaning))
    return found


def cover_fields() -> list[CoverField]:
    """Every field of ``organisation`` and ``assessment``, in the models' order."""
    from ..models.manifest import Assessment, Organisation

    return _walk(Organisation, ("organisation",)) + _walk(Assessment, ("assessment",))


INSTRUCTIONS_TEXT = (
    "This workbook is an iho-ready evidence manifest. Fill it in here, then give it back: "
    "iho-ready checks it as it is (iho-ready check manifest.xlsx), or writes your changes into the "
    "repository's manifest (iho-ready import manifest.xlsx --into manifest.yaml).",
    "Type only in the white cells. Grey cells are for reference and are protected (there is no password: "
    "unprotect a sheet only to fix its layout, never to change grey cells, which are not read back).",
    "Pick ratings, statuses and sensitivities from their drop-down lists. Type dates as DD/MM/YYYY or pick "
    "them from the calendar. Type values, not formulas: iho-ready never calculates a formula.",
    "Add evidence, actions and risks in the empty rows at the bottom of their tables. To remove one, clear its "
    "row.",
    "The More sheet holds the eligibility record, stage and step dates, the benefits register and the provider "
    "network, each as indented text in one cell, written as the manifest writes it (see docs/designation.md); "
    "keep its layout when you edit it, or leave it to whoever keeps the manifest.",
    "The Findings sheet shows what iho-ready found when the workbook was written; run the check again to "
    "see the findings now. The About sheet records which manifest the workbook came from.",
)
"""The paragraphs at the top of the instructions sheet."""
