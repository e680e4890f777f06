"""Rules about one criterion: its rating, its explanation, its evidence, its wording, its plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models.loaded import LoadedManifest
from ..models.manifest import Action, CriterionEntry
from ..models.result import Finding, ItemResult, Location
from ..models.rubric import Placed, ScaleLevel
from ..words import clip, listing
from . import Emit, rule

_MESSAGE_TEXT_LIMIT = 70
"""Key-evidence item text quoted in a finding message is clipped to this many characters."""


@dataclass(frozen=True)
class Support:
    """One document or partner statement that claims to support a key-evidence item."""

    id: str
    """The register id, or ``partner:ID`` for a partner statement."""
    valid: bool
    """It can count as evidence."""
    reason: str | None
    """Why it cannot count, when not valid."""
    errors: bool
    """It has error findings of its own (a changed file, an unanswered condition): the criteria
    relying on it are shortfalls until they are resolved."""
    approved: bool = True
    """It has an approval record (a signed partner statement counts as approved): a confirmed board
    statement cannot rest on key evidence that is not."""


Slots = dict[str | None, list[Support]]
"""Key-evidence item id (None: the criterion itself) -> what claims to support it."""


BOARD_STATEMENT_LEVEL = "confirmed"
"""A criterion whose scale has this level is a board statement (the board confirms it or not)."""


@dataclass
class Criterion:
    """What the rules of one criterion read: the rubric's criterion, the trust's entry and rating."""

    loaded: LoadedManifest
    placed: Placed
    entry: CriterionEntry
    key: str | None
    """The criterion's key in the manifest (None when the manifest does not mention it)."""
    level: ScaleLevel | None
    """The scale level of its rating, None when not rated."""
    support: Slots
    here: Location
    """Where the criterion is written (its key), or the ``criteria`` mapping."""
    items: list[ItemResult] = field(default_factory=list)
    unapproved: list[str] = field(default_factory=list)
    """Documents with no approval record that are all a confirmed board statement's required item has."""

    @property
    def cid(self) -> str:
        """The criterion's id."""
        return self.placed.criterion.id

    @property
    def rated(self) -> bool:
        """A rating is given (and is a level of its scale)."""
        return self.level is not None

    @property
    def meets(self) -> bool:
        """Rated at a level that counts as meeting it."""
        return self.level is not None and self.level.meets and not self.level.not_applicable

    @property
    def board_statement(self) -> bool:
        """A board statement: its scale has the level ``confirmed``."""
        return self.placed.level(BOARD_STATEMENT_LEVEL) is not None

    @property
    def not_applicable(self) -> bool:
        """Rated not applicable."""
        return self.level is not None and self.level.not_applicable

    def rating_at(self) -> Location:
        """Where the rating is written."""
        return self.loaded.locate("criteria", self.key, "rating")


@rule("not-assessed")
def not_assessed(c: Criterion, emit: Emit) -> None:
    """A criterion with no rating: an error when mandatory, else a warning."""
    if c.entry.rating is None:
        emit("not-assessed", c.here, f"{c.cid} has no rating; rate it "
             + listing([lv.id for lv in c.placed.scale if not lv.not_applicable], "or"),
             severity="error" if c.placed.criterion.mandatory else "warning")


@rule("not-confirmed", "not-met", "partially-met")
def rated_below(c: Criterion, emit: Emit) -> None:
    """A rating whose scale level names a finding (the board does not confirm; not met; partially met)."""
    if c.level is not None and not c.level.not_applicable and c.level.finding:
        emit(c.level.finding, c.rating_at(), f"{c.cid} is rated {c.level.label.lower()}", severity="error")


@rule("explanation-missing")
def explanation_missing(c: Criterion, emit: Emit) -> None:
    """Not applicable with no justification; below the criterion with no explanation."""
    if c.level is None:
        return
    if c.level.not_applicable:
        if not c.entry.justification:
            emit("explanation-missing", c.here, f"{c.cid} is rated not applicable with no justification")
    elif c.level.needs == "explanation" and not c.entry.explanation:
        emit("explanation-missing", c.here,
             f"{c.cid} is rated {c.level.label.lower()} with no explanation; say why and what the plan is")


@rule("missing-evidence")
def missing_evidence(c: Criterion, emit: Emit) -> list[ItemResult]:
    """Each key-evidence item (or the criterion itself, when it has none) with no valid support."""
    criterion = c.placed.criterion
    slots: list[tuple[str | None, bool, str]] = [
        (item.id, item.required, item.text) for item in criterion.evidence] or [(None, True, "")]
    items = []
    for item_id, required, text in slots:
        held = c.support.get(item_id, [])
        valid = [d.id for d in held if d.valid]
        broken = [d.id for d in held if not d.valid]
        if not valid:
            why = "; ".join(f"{_support_name(d.id)} cannot count because {d.reason}" for d in held if not d.valid)
            what = f"{item_id} ({clip(text, _MESSAGE_TEXT_LIMIT)})" if item_id else \
                f"{c.cid} (it has no key-evidence items, so one document supporting it directly is needed)"
            emit("missing-evidence", c.here, f"no valid evidence for {what}" + (f"; {why}" if why else ""),
                 severity="error" if required else "info", evidence=item_id)
        items.append(ItemResult(id=item_id, required=required, documents=valid, broken=broken, satisfied=bool(valid)))
    return items


def _support_name(support_id: str) -> str:
    """``MTP``, or ``the partner statement icb`` for ``partner:icb``."""
    kind, _, name = support_id.partition(":")
    return f"the partner statement {name}" if kind == "partner" and name else support_id


@rule("unsupported-claim")
def unsupported_claim(c: Criterion, emit: Emit) -> None:
    """Rated as meeting it while required evidence is incomplete."""
    missing = [i.id or c.cid for i in c.items if i.required and not i.satisfied]
    if c.meets and missing and c.level is not None:
        emit("unsupported-claim", c.rating_at(),
             f"{c.cid} is rated {c.level.label.lower()} but required evidence is incomplete ({', '.join(missing)})")


@rule("unapproved-key-evidence")
def unapproved_key_evidence(c: Criterion, emit: Emit) -> list[str]:
    """A confirmed board statement with a required key-evidence item that only documents with no
    approval record support: the board cannot rely on a proposal it has not approved, so the
    statement is not supported. Returns those documents (empty when there are none)."""
    if not (c.meets and c.board_statement):
        return []
    unapproved: list[str] = []
    for item in c.items:
        valid = [d for d in c.support.get(item.id, []) if d.valid]
        if item.required and valid and not any(d.approved for d in valid):
            unapproved += [d.id for d in valid if d.id not in unapproved]
    if unapproved:
        emit("unapproved-key-evidence", c.rating_at(),
             f"{c.cid} is rated {c.level.label.lower() if c.level else 'confirmed'} but its key evidence "
             f"{listing(unapproved)} has no approval record, so the board cannot rely on it; have it approved "
             "or rate the statement not confirmed")
    return unapproved


@rule("wording-changed")
def wording_changed(c: Criterion, as_of: date, emit: Emit) -> None:
    """Confirmed or met against words that changed since the version the board last confirmed,
    and not yet re-confirmed in the new words."""
    if not c.meets:
        return
    rubric, cid = c.placed.rubric, c.cid
    older = c.loaded.confirmed_against.get(rubric.id)
    before = next((p for p in older.walk() if p.criterion.id == cid), None) if older else None
    if older is None or before is None or before.wording == c.placed.wording:
        return
    done = c.entry.reconfirmed
    if done is not None and done.version == rubric.version and done.date <= as_of:
        return
    changed = [name for name, old, new in zip(("lead-in", "statement", "points", "closing"),
                                              before.wording, c.placed.wording, strict=True) if old != new]
    why = ""
    if done is not None and done.version != rubric.version:
        why = f"; the re-confirmation recorded is for version {done.version}"
    elif done is not None:
        why = f"; the re-confirmation recorded is dated {done.date.isoformat()}, after the as-of date"
    emit("wording-changed", c.here,
         f"{cid}'s {listing(changed)} changed between {rubric.id}@{older.version} and @{rubric.version}: the "
         f"board confirmed the earlier words; have it re-confirm them and record `reconfirmed` "
         f"(version, date, meeting){why}")


@rule("gap-without-action")
def gap_without_action(c: Criterion, own: list[Finding], relied_on: list[str], emit: Emit) -> None:
    """A rated criterion with an error of its own, or relying on evidence with errors, and no open action."""
    errored = any(f.severity == "error" for f in own) or bool(relied_on)
    if errored and c.rated and not any(a.is_open for a in c.entry.actions):
        emit("gap-without-action", c.here, f"{c.cid} has a gap but no open action; add an action with an owner "
             "and a due date")


@rule("action-overdue")
def action_overdue(c: Criterion, index: int, action: Action, as_of: date, emit: Emit) -> bool:
    """An open action past its due date. Returns whether it is overdue."""
    if not (action.is_open and action.due is not None and action.due < as_of):
        return False
    emit("action-overdue", c.loaded.locate("criteria", c.key, "actions", index, "due"),
         f"action {action.id} was due on {action.due.isoformat()} and is {action.status.replace('-', ' ')} "
         f"(as of {as_of.isoformat()})", action=action.id)
    return True


def action_lacks(action: Action) -> list[str]:
    """What an open action lacks: ``owner``, ``due date`` (empty when complete or whole)."""
    if not action.is_open:
        return []
    return [name for name, value in (("owner", action.owner), ("due date", action.due)) if not value]


@rule("action-incomplete")
def action_incomplete(c: Criterion, index: int, action: Action, emit: Emit) -> None:
    """An open action with no owner or no due date."""
    lacks = action_lacks(action)
    if lacks:
        emit("action-incomplete", c.loaded.locate("criteria", c.key, "actions", index),
             f"action {action.id} has no {' or '.join(lacks)}; give it "
             f"{' and '.join(('an ' if n == 'owner' else 'a ') + n for n in lacks)}", action=action.id)

