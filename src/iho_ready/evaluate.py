"""The evaluation: a pure function from a loaded manifest and file facts to a :class:`CheckResult`.

``evaluate(loaded, facts, as_of)`` reads no files and prints nothing: everything it needs
about the disk is in *facts* (see :mod:`iho_ready.evidence_files`). It composes the rules of
:mod:`iho_ready.rules` (one small function per finding code, registered beside the catalogue
in :mod:`iho_ready.findings`) and the roll-ups of :mod:`iho_ready.rollup`, and puts every
decision in the result: each criterion's status, position, support, explanation and plan,
each document, action and partner statement as judged, colours, counts, readiness, what the
board is asked to act on. Outputs choose words for these fields and decide nothing.

Readiness follows the Data Security and Protection Toolkit's pattern for NHS trusts:

* **Ready**: no error findings against the rubric's criteria.
* **Not ready: plan agreed**: every criterion with an error has an open action with an owner
  and a due date, and no action is overdue.
* **Not ready**: otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from . import rollup
from .designation import evaluate_designation
from .models.loaded import LoadedManifest, LoadedPartner
from .models.lock import LockedFile
from .models.outcome import FileFacts
from .models.partner import PARTNER_KINDS, View
from .models.partners_result import PartnerFlaw
from .models.result import (
    EXCEPTION_STATUSES,
    ActionResult,
    CheckResult,
    Counts,
    CriterionResult,
    DocumentResult,
    Finding,
    PartnerCondition,
    PartnerProblem,
    PartnerResult,
    PartnerView,
    Reason,
    SystemViewRow,
)
from .models.rubric import Crosswalk, Placed
from .rules import (
    Collector,
    Emit,
    RuleFunction,
    criteria as rc,
    documents as rd,
    manifest as rm,
    partners as rp,
    placeholders as rph,
)
from .rules.criteria import Criterion, Slots, Support

_DOCUMENT_CODES: tuple[str, ...] = (
    "evidence-file-missing", "evidence-outside-repo", "evidence-unapproved", "evidence-expired",
    "evidence-expiring", "evidence-changed", "evidence-unlocked", "evidence-unused")
"""Finding codes about a document itself, in catalogue order."""

_ATTENTION_STATUSES = frozenset({"at-risk", "off-track"})
"""Action statuses that put an open action before the board."""

_SUPPORTING = frozenset({"supports", "supports-with-conditions"})
"""Partner positions that support the application."""


@dataclass(frozen=True)
class Run:
    """What every criterion's rules share in one evaluation."""

    loaded: LoadedManifest
    as_of: date
    out: Collector
    has_icb: bool
    views: Mapping[tuple[str, str], list[tuple[LoadedPartner, str, View]]]


def evaluate(loaded: LoadedManifest, facts: Mapping[str, FileFacts], as_of: date, *,
             tool_version: str, lock: Mapping[str, LockedFile] | None = None, lock_file: str | None = None,
             ignore: Collection[str] = (), crosswalks: Sequence[Crosswalk] = ()) -> CheckResult:
    """Evaluate a loaded manifest. Pure: the same arguments always give the same result.

    *lock* (evidence id -> locked file, from a lock file named *lock_file*) turns on the
    ``evidence-changed`` and ``evidence-unlocked`` rules; *facts* must then carry hashes.
    Findings whose code is in *ignore* are never raised. *crosswalks* between the selected
    rubrics give the coverage of one rubric's criteria by another's.
    """
    out = Collector(frozenset(ignore))
    rph.check_placeholders(loaded, out.emit(rph.check_placeholders))
    for selected in loaded.rubrics:
        rm.rubric_unpinned(loaded, selected, out.emit(rm.rubric_unpinned))
    documents, support = _evaluate_documents(loaded, facts, as_of, out, lock)
    partners = _evaluate_partners(loaded, as_of, out, support)
    run = Run(loaded, as_of, out, has_icb=any(p.kind == "icb" for p in partners if p.name is not None),
              views=_views_by_criterion(loaded))
    criteria: list[CriterionResult] = []
    actions: list[ActionResult] = []
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            slots = support.get((placed.rubric.id, placed.criterion.id), {})
            criteria.append(_evaluate_criterion(run, placed, slots, actions))

    rubric_results = [rollup.rubric_result(s.rubric, s.pinned, criteria) for s in loaded.rubrics]
    counts = rollup.statuses(criteria)
    assurance = rollup.assurance(loaded.manifest.assessment.assurance_level, rubric_results, counts)
    rm.assurance_overstated(loaded, assurance, out.emit(rm.assurance_overstated))
    designation = evaluate_designation(loaded, criteria, {d.id for d in documents if d.valid}, as_of, out)
    findings = sorted(out.findings, key=Finding.sort_key)
    by_id = {(c.rubric, c.id): c for c in criteria}
    ranked = rollup.exceptions(criteria)
    return CheckResult(
        tool_version=tool_version,
        manifest=loaded.path,
        organisation=loaded.manifest.organisation.name,
        as_of=as_of,
        rubrics=rubric_results,
        areas=rollup.area_results(loaded, criteria),
        criteria=criteria,
        actions=actions,
        documents=documents,
        coverage=[rollup.coverage(walk, loaded, by_id) for walk in crosswalks],
        assurance=assurance,
        partners=partners,
        system=_system_view(loaded, by_id),
        statuses=counts,
        exceptions=[f"{c.rubric}:{c.id}" for c in ranked],
        board=rollup.board_summary(criteria),
        attention=rollup.attention(ranked, actions, partners),
        open_actions=[a.id for a in actions if a.open],
        partner_summary=rollup.partner_summary(partners),
        ready=all(r.readiness == "ready" for r in rubric_results),
        findings=findings,
        counts=Counts(**{s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}),
        lock=lock_file if lock is not None else None,
        designation=designation,
    )


# --------------------------------------------------------------------------- documents


def _evaluate_documents(loaded: LoadedManifest, facts: Mapping[str, FileFacts], as_of: date, out: Collector,
                        lock: Mapping[str, LockedFile] | None
                        ) -> tuple[list[DocumentResult], dict[tuple[str, str], Slots]]:
    """Each register entry as judged, and what each criterion's key-evidence items can rely on."""
    results: list[DocumentResult] = []
    judged: dict[str, Support] = {}
    for i, doc in enumerate(loaded.manifest.evidence):
        mark = len(out.findings)
        emit = {f: out.emit(f, document=doc.id) for f in (rd.outside_repo, rd.file_missing, rd.unapproved,
                                                             rd.expired, rd.expiring, rd.unused, rd.compare_with_lock)}
        fact = facts.get(doc.id)
        ref = rd.document_file(loaded, i, doc, fact)
        reasons = [rd.outside_repo(ref, emit[rd.outside_repo]), rd.file_missing(ref, emit[rd.file_missing])] \
            if ref is not None else []
        if fact is not None and rd.lockable(fact, lock):
            assert lock is not None
            rd.compare_with_lock(loaded, i, doc, fact, lock.get(doc.id), emit[rd.compare_with_lock])
        rd.unapproved(loaded, i, doc, emit[rd.unapproved])
        reasons.append(rd.expired(loaded, i, doc, as_of, emit[rd.expired]))
        rd.expiring(loaded, i, doc, as_of, emit[rd.expiring])
        rd.unused(loaded, i, doc, emit[rd.unused])
        raised = out.since(mark)
        reason = next((r for r in reasons if r), None)
        codes = {f.code for f in raised}
        if doc.id not in judged:
            judged[doc.id] = Support(doc.id, reason is None, reason, any(f.severity == "error" for f in raised),
                                     approved=doc.approved is not None)
            results.append(DocumentResult(id=doc.id, title=doc.title, valid=reason is None, reason=reason,
                                          problems=[c for c in _DOCUMENT_CODES if c in codes],
                                          private=doc.sensitivity == "private"))
    return results, _support_index(loaded, judged)


def _support_index(loaded: LoadedManifest, docs: Mapping[str, Support]) -> dict[tuple[str, str], Slots]:
    """(rubric id, criterion id) -> key-evidence item id -> the documents that claim to support it."""
    index: dict[tuple[str, str], Slots] = {}
    seen: set[tuple[str, str, str | None, str]] = set()  # a set, not `in list`: many documents per slot
    for doc_id, targets in loaded.supports.items():
        for _, target in targets:
            criterion, item = target.placed.criterion.id, target.item.id if target.item else None
            if (target.rubric_id, criterion, item, doc_id) not in seen:
                seen.add((target.rubric_id, criterion, item, doc_id))
                index.setdefault((target.rubric_id, criterion), {}).setdefault(item, []).append(docs[doc_id])
    return index


# --------------------------------------------------------------------------- criteria


def _evaluate_criterion(run: Run, placed: Placed, support: Slots, actions: list[ActionResult]) -> CriterionResult:
    loaded, criterion = run.loaded, placed.criterion
    key, entry = loaded.entries.get((placed.rubric.id, criterion.id),
                                    (None, loaded.entry(placed.rubric.id, criterion.id)))
    here = loaded.locate("criteria", key, key=True) if key else loaded.locate("criteria", key=True)
    level = placed.level(entry.rating) if entry.rating is not None else None
    c = Criterion(loaded, placed, entry, key, level, support, here)
    mark = len(run.out.findings)

    def emit(function: RuleFunction) -> Emit:
        return run.out.emit(function, rubric=placed.rubric.id, criterion=criterion.id)

    rc.not_assessed(c, emit(rc.not_assessed))
    rc.rated_below(c, emit(rc.rated_below))
    rc.explanation_missing(c, emit(rc.explanation_missing))
    if c.rated and not c.not_applicable:
        c.items = rc.missing_evidence(c, emit(rc.missing_evidence))
    rc.unsupported_claim(c, emit(rc.unsupported_claim))
    c.unapproved = rc.unapproved_key_evidence(c, emit(rc.unapproved_key_evidence))
    rc.wording_changed(c, run.as_of, emit(rc.wording_changed))
    if c.meets and level is not None:
        views = run.views.get((placed.rubric.id, criterion.id), [])
        rp.disagrees(criterion.id, level.label, views, emit(rp.disagrees))
        rp.icb_statement_missing(criterion.id, level.label, "icb" in criterion.partner_statements, run.has_icb,
                                 c.rating_at(), emit(rp.icb_statement_missing))
    mine = [_evaluate_action(run, c, a, emit) for a in range(len(entry.actions))]
    actions.extend(mine)
    relied_on = sorted({d.id for docs in support.values() for d in docs if d.errors})
    rc.gap_without_action(c, run.out.since(mark), relied_on, emit(rc.gap_without_action))
    return _criterion_result(c, run.out.since(mark), relied_on, mine)


def _evaluate_action(run: Run, c: Criterion, index: int, emit: Callable[[RuleFunction], Emit]) -> ActionResult:
    action = c.entry.actions[index]
    overdue = rc.action_overdue(c, index, action, run.as_of, emit(rc.action_overdue))
    rc.action_incomplete(c, index, action, emit(rc.action_incomplete))
    return ActionResult(id=action.id, rubric=c.placed.rubric.id, criterion=c.cid, action=action.action,
                        owner=action.owner, due=action.due, status=action.status, open=action.is_open,
                        overdue=overdue, attention=action.is_open and action.status in _ATTENTION_STATUSES,
                        lacks=rc.action_lacks(action), answers=list(action.answers))


def _criterion_result(c: Criterion, own: list[Finding], relied_on: list[str],
                      actions: list[ActionResult]) -> CriterionResult:
    """The criterion's status, colour and reasons, from the findings its rules raised."""
    criterion, level = c.placed.criterion, c.level
    own_errors = sum(1 for f in own if f.severity == "error")
    # Evidence with problems of its own counts against a criterion only once the criterion is rated:
    # a criterion nobody has rated is not assessed, whatever its documents say (found by the oracle).
    relied_on = relied_on if c.rated else []
    errored = bool(own_errors or relied_on)
    open_actions = [a for a in actions if a.open]
    planned = bool(open_actions) and not any(a.lacks or a.overdue for a in open_actions)
    if c.entry.rating is None:
        status, rag = "not-assessed", "red" if criterion.mandatory else "grey"
    elif not errored and (c.not_applicable or c.meets):
        status, rag = ("not-applicable", "grey") if c.not_applicable else ("met", "green")
    elif planned:
        status, rag = "action-planned", "amber"
    else:
        status, rag = "gap", "red"
    exception = status in EXCEPTION_STATUSES
    position = "not-rated" if level is None else "not-applicable" if c.not_applicable else \
        "meets" if c.meets else "below"
    scale = c.placed.scale
    return CriterionResult(
        rubric=c.placed.rubric.id, id=c.cid, domain=c.placed.domain.id,
        area=c.placed.area.id if c.placed.area else None,
        rating=c.entry.rating, rating_label=level.label if level else None,
        rating_rank=scale.index(level) if level is not None else None, position=position,
        board_statement=c.board_statement,
        supported=status == "met", explanation_recorded=bool(c.entry.justification if c.not_applicable
                                                              else c.entry.explanation),
        # The paper asks the board to agree an action exactly where the evaluation raised gap-without-action:
        # ignoring that code (--ignore-code) removes the ask with the finding.
        unactioned=any(f.code == "gap-without-action" for f in own),
        status=status, rag=rag, mandatory=criterion.mandatory, exception=exception,
        adequate_action=planned, open_action=bool(open_actions),
        reasons=_reasons(c, {f.code for f in own}, relied_on, actions) if exception else [],
        items=c.items, actions=[a.id for a in actions],
        errors=own_errors + (1 if relied_on and not own_errors else 0),
        warnings=sum(1 for f in own if f.severity == "warning"),
    )


def _reasons(c: Criterion, codes: set[str], relied_on: list[str], actions: list[ActionResult]) -> list[Reason]:
    """Why a criterion is an exception, most important first, each with the ids it concerns."""
    reasons = [Reason(code=code) for code in ("not-assessed", "not-confirmed") if code in codes]
    if codes & {"not-met", "partially-met"}:
        reasons.append(Reason(code="rated-below"))
    missing = [i.id for i in c.items if i.required and not i.satisfied and i.id]
    unevidenced = any(i.required and not i.satisfied for i in c.items)
    if "unsupported-claim" in codes:
        reasons.append(Reason(code="unsupported-claim", refs=missing))
    elif unevidenced:
        reasons.append(Reason(code="evidence-incomplete", refs=missing))
    if "unapproved-key-evidence" in codes:
        reasons.append(Reason(code="unapproved-key-evidence", refs=c.unapproved))
    if "wording-changed" in codes:
        reasons.append(Reason(code="wording-changed"))
    # Documents with problems of their own that are not already named as why an item lacks evidence.
    named = {d for i in c.items if i.required and not i.satisfied for d in i.broken}
    problem = [d for d in relied_on if d not in named]
    if problem and c.rated:
        reasons.append(Reason(code="evidence-problem", refs=problem))
    if "icb-statement-missing" in codes:
        reasons.append(Reason(code="icb-statement-missing"))
    reasons += [Reason(code=code) for code in ("explanation-missing", "gap-without-action")
                if code in codes]
    reasons += [Reason(code="action-overdue", refs=[a.id]) for a in actions if a.overdue]
    reasons += [Reason(code="action-incomplete", refs=[a.id], lacks=list(a.lacks)) for a in actions if a.lacks]
    return reasons


# --------------------------------------------------------------------------- partners


def _evaluate_partners(loaded: LoadedManifest, as_of: date, out: Collector,
                       support: dict[tuple[str, str], Slots]) -> list[PartnerResult]:
    """Each partner statement as judged; each readable one counts as evidence where the rubric says."""
    answered: dict[str, list[str]] = {}
    for entry in loaded.manifest.criteria.values():
        for action in entry.actions:
            for ref in action.answers:
                answered.setdefault(ref, []).append(action.id)
    results = [_evaluate_partner(loaded, p, as_of, out, answered, support) for p in loaded.partners]
    results.sort(key=lambda r: (PARTNER_KINDS.index(r.kind) if r.kind else len(PARTNER_KINDS), r.id))
    return results


def _evaluate_partner(loaded: LoadedManifest, p: LoadedPartner, as_of: date, out: Collector,
                      answered: Mapping[str, list[str]], support: dict[tuple[str, str], Slots]) -> PartnerResult:
    missing = rp.statement_missing(loaded, p, out.emit(rp.statement_missing, partner=p.id))
    st = p.statement
    if st is None:
        return PartnerResult(id=p.id, file=p.file, path=p.path, problem=p.problem,
                             problems=[missing] if missing else [])
    mark = len(out.findings)
    if st.letter is not None and p.letter in ("missing", "outside"):
        letter = rd.FileRef(what=f"partner {st.partner.name}: the signed letter", noun=False, path=st.letter,
                            location=p.locate("letter"), outside=p.letter == "outside", missing=p.letter == "missing")
        rd.outside_repo(letter, out.emit(rd.outside_repo, partner=p.id))
        rd.file_missing(letter, out.emit(rd.file_missing, partner=p.id))
    problems: list[PartnerProblem] = [x for x in (
        rp.unsigned(p, st, out.emit(rp.unsigned, partner=p.id)),
        rp.expired(p, st, as_of, out.emit(rp.expired, partner=p.id))) if x]
    conditions = []
    for c, condition in enumerate(st.conditions):
        by = list(answered.get(f"{p.id}.{condition.id}", []))
        conditions.append(PartnerCondition(id=condition.id, text=condition.text, answered_by=by))
        rp.condition_without_action(p, st, c, by, out.emit(rp.condition_without_action, partner=p.id))
    if st.position not in _SUPPORTING:
        problems.append("not-supporting")
    flaws: list[PartnerFlaw] = []
    if any(not c.answered_by for c in conditions):
        flaws.append("condition-unanswered")
    if p.letter == "missing":
        flaws.append("letter-missing")
    elif p.letter == "outside":
        flaws.append("letter-outside")
    reason = _partner_reason(problems, st.review_by, st.position)
    doc = Support(f"partner:{p.id}", not problems, reason, any(f.severity == "error" for f in out.since(mark)))
    _add_partner_support(loaded, st.partner.kind, doc, support)
    return PartnerResult(
        id=p.id, file=p.file, path=p.path, name=st.partner.name, kind=st.partner.kind, position=st.position,
        signed=st.signed is not None, signed_by=st.signed.by if st.signed else None,
        signed_on=st.signed.date if st.signed else None, review_by=st.review_by, in_date=st.review_by >= as_of,
        valid=not problems, reason=reason, problems=problems, flaws=flaws, supports=st.position in _SUPPORTING,
        conditional=st.position == "supports-with-conditions", conditions=conditions,
        views=[PartnerView(rubric=rubric, criterion=cid, agrees=view.agrees, answer=view.answer, comment=view.comment,
                           private=view.private) for (rubric, cid), (_, view) in p.views.items()])


def _partner_reason(problems: list[PartnerProblem], review_by: date, position: str) -> str | None:
    """Why a statement does not count, in the words finding messages use (the first problem)."""
    if not problems:
        return None
    first = problems[0]
    if first == "unsigned":
        return "it is not signed"
    if first == "expired":
        return f"it passed its review date ({review_by.isoformat()})"
    return f"the partner's position is {position.replace('-', ' ')}"


def _add_partner_support(loaded: LoadedManifest, kind: str, doc: Support,
                         index: dict[tuple[str, str], Slots]) -> None:
    """A partner statement counts as evidence where the rubric says a partner of its kind can."""
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            c = placed.criterion
            wanted: list[tuple[str | None, Collection[str]]] = [(None, c.partner_statements)]
            wanted += [(item.id, item.partner_statements) for item in c.evidence]
            for slot, kinds in wanted:
                if kind in kinds:
                    found = index.setdefault((selected.rubric.id, c.id), {}).setdefault(slot, [])
                    if doc not in found:
                        found.append(doc)


def _views_by_criterion(loaded: LoadedManifest) -> dict[tuple[str, str], list[tuple[LoadedPartner, str, View]]]:
    views: dict[tuple[str, str], list[tuple[LoadedPartner, str, View]]] = {}
    for p in loaded.partners:
        for ident, (key, view) in p.views.items():
            views.setdefault(ident, []).append((p, key, view))
    return views


def _system_view(loaded: LoadedManifest, criteria: Mapping[tuple[str, str], CriterionResult]) -> list[SystemViewRow]:
    """Per criterion any partner took a view of: who agrees with the trust and who does not."""
    views = _views_by_criterion(loaded)
    rows = []
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            ident = (selected.rubric.id, placed.criterion.id)
            if ident in views:
                agree = sorted(p.id for p, _, v in views[ident] if v.agrees is True)
                disagree = sorted(p.id for p, _, v in views[ident] if v.agrees is False)
                rows.append(SystemViewRow(rubric=ident[0], criterion=ident[1], rating=criteria[ident].rating_label,
                                          agree=agree, disagree=disagree, split=bool(disagree)))
    return rows
