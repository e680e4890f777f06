"""Rules about partners' statements: present, signed, in date, conditions answered, views."""

from __future__ import annotations

from datetime import date

from ..models.loaded import LoadedManifest, LoadedPartner
from ..models.partner import PartnerStatement, View
from ..models.result import Location, PartnerProblem
from . import Emit, rule


@rule("partner-statement-missing")
def statement_missing(loaded: LoadedManifest, p: LoadedPartner, emit: Emit) -> PartnerProblem | None:
    """A listed statement that is not there (or outside the folder). Returns the problem, or None."""
    if p.statement is not None:
        return None
    where = "does not exist" if p.problem == "missing" else "is outside the folder that holds the manifest"
    emit("partner-statement-missing", loaded.locate("partners", p.index),
         f"partner statement '{p.path}' {where}; ask the partner for it, or take it off the partners list")
    return "missing" if p.problem == "missing" else "outside"


@rule("partner-statement-unsigned")
def unsigned(p: LoadedPartner, st: PartnerStatement, emit: Emit) -> PartnerProblem | None:
    """A statement nobody has signed for the partner."""
    if st.signed is not None:
        return None
    emit("partner-statement-unsigned", p.locate("signed"),
         f"the statement of {st.partner.name} is not signed; add signed: {{by: ..., date: YYYY-MM-DD}} "
         "once someone signs it for the partner")
    return "unsigned"


@rule("partner-statement-expired")
def expired(p: LoadedPartner, st: PartnerStatement, as_of: date, emit: Emit) -> PartnerProblem | None:
    """A statement past its review date."""
    if st.review_by >= as_of:
        return None
    emit("partner-statement-expired", p.locate("review_by"),
         f"the statement of {st.partner.name} passed its review date {st.review_by.isoformat()} "
         f"(as of {as_of.isoformat()}); ask the partner to review and sign it again")
    return "expired"


@rule("condition-without-action")
def condition_without_action(p: LoadedPartner, st: PartnerStatement, index: int, answered_by: list[str],
                             emit: Emit) -> None:
    """A condition of a partner's support that no action answers."""
    condition = st.conditions[index]
    if not answered_by:
        emit("condition-without-action", p.locate("conditions", index),
             f"{st.partner.name}'s condition {condition.id} has no action that answers it; add an action "
             f"with answers: [{p.id}.{condition.id}]")


@rule("partner-disagrees")
def disagrees(cid: str, label: str, views: list[tuple[LoadedPartner, str, View]], emit: Emit) -> None:
    """Each partner that disagrees with a criterion rated as meeting it (a warning: the board's
    confirmation is the board's; the disagreement is a risk to show)."""
    for p, key, view in views:
        if view.agrees is False and p.statement is not None:
            why = f": {view.comment}" if view.comment and not view.private else ""
            emit("partner-disagrees", p.locate("views", key, "agrees"),
                 f"{p.statement.partner.name} does not agree that {cid} is {label.lower()}{why}", partner=p.id)


@rule("icb-statement-missing")
def icb_statement_missing(cid: str, label: str, wants_icb: bool, has_icb: bool, at: Location, emit: Emit) -> None:
    """A criterion the ICB's statement evidences, rated as meeting it, with no ICB statement listed."""
    if wants_icb and not has_icb:
        emit("icb-statement-missing", at,
             f"{cid} is rated {label.lower()}, but the manifest lists no statement from the ICB; "
             "ask the ICB for a signed partner statement and list it under partners")
