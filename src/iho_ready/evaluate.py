"""Findings, criterion status, domain RAG and rubric readiness: a pure function.

``evaluate(loaded, facts, as_of)`` reads no files and prints nothing: everything it needs
about the disk is in *facts* (see :mod:`iho_ready.facts`). Each finding kind is listed in
:data:`FINDINGS` with its severity and a pass/fail example; the rules below raise them.

Readiness follows the DSPT pattern NHS boards know:

* **Ready**: no error findings against the rubric's criteria.
* **Approaching readiness**: every criterion with an error has an open action with an owner
  and a due date, and no action is overdue.
* **Not ready**: otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .designation import evaluate_designation
from .findings import EXPIRY_WARNING_DAYS, FINDINGS
from .models.loaded import LoadedManifest, LoadedPartner
from .models.lock import LockedFile
from .models.manifest import Action, CriterionEntry, Evidence
from .models.outcome import FileFacts
from .models.partner import PARTNER_KINDS, View
from .models.result import (
    ASSURANCE_ORDER,
    EXCEPTION_STATUSES,
    ActionResult,
    AreaResult,
    AssuranceResult,
    CheckResult,
    Counts,
    CoverageRow,
    CriterionResult,
    CrosswalkCoverage,
    DocumentResult,
    Finding,
    ItemResult,
    Location,
    PartnerCondition,
    PartnerResult,
    PartnerView,
    Reason,
    Related,
    RubricResult,
    SystemViewRow,
)
from .models.rubric import Crosswalk, Placed, Rubric
from .words import ASSURANCE_LABEL, clip, listing

_MESSAGE_TEXT_LIMIT = 70
"""Key-evidence item text quoted in a finding message is clipped to this many characters."""

_DOCUMENT_CODES = [code for code in FINDINGS if code.startswith("evidence-")]
"""Finding codes about a document itself, in catalogue order."""


@dataclass(eq=False)  # identity: two entries are never "the same document"
class _Doc:
    """What evaluation concluded about one evidence register entry or partner statement."""

    id: str
    """The evidence id, or the partner statement's file as shown."""
    evidence: Evidence | None
    """The register entry (None for a partner statement)."""
    valid: bool
    reason: str | None
    """Why it cannot count, when not valid."""
    errors: bool
    problems: list[str]
    """Codes of the findings raised about the document itself."""


_Add = Callable[..., None]
"""Adds a finding about the criterion being evaluated (code, location, message, **context)."""


class _Collector:
    def __init__(self, ignore: Collection[str] = ()) -> None:
        self.findings: list[Finding] = []
        self.ignore = frozenset(ignore)

    def add(self, code: str, location: Location, message: str, *, severity: str | None = None,
            rubric: str | None = None, criterion: str | None = None, evidence: str | None = None,
            document: str | None = None, action: str | None = None, partner: str | None = None) -> None:
        # An ignored code is dropped here, before anything counts it, so readiness, status
        # and counts are exactly as if the rule had not fired.
        if code in self.ignore:
            return
        self.findings.append(Finding(
            code=code, severity=severity or FINDINGS[code].severity,
            rubric=rubric, criterion=criterion, evidence=evidence, document=document, action=action,
            partner=partner, message=message, location=location))


def evaluate(loaded: LoadedManifest, facts: Mapping[str, FileFacts], as_of: date, *,
             tool_version: str, lock: Mapping[str, LockedFile] | None = None, lock_file: str | None = None,
             ignore: Collection[str] = (), crosswalks: Sequence[Crosswalk] = ()) -> CheckResult:
    """Evaluate a loaded manifest. Pure: the same arguments always give the same result.

    *lock* (evidence id -> locked file, from a lock file named *lock_file*) turns on the
    ``evidence-changed`` and ``evidence-unlocked`` rules; *facts* must then carry hashes.
    Findings whose code is in *ignore* are never raised. *crosswalks* between the selected
    rubrics give the coverage of one rubric's criteria by another's.
    """
    out = _Collector(ignore)
    for selected in loaded.rubrics:
        if not selected.pinned:
            r = selected.rubric
            out.add("rubric-unpinned", loaded.locate(*selected.loc),
                    f"rubric '{r.id}' has no version, so the newest ({r.version}) is used; pin it as "
                    f"'{r.key}' so that CI runs are reproducible", rubric=r.id)

    docs = _evaluate_documents(loaded, facts, as_of, out, lock)
    partners, statements = _evaluate_partners(loaded, as_of, out)
    support = _support_index(loaded, docs)
    _add_partner_support(loaded, statements, support)
    views = _views_by_criterion(loaded)
    icb = any(p.statement is not None and p.statement.partner.kind == "icb" for p in loaded.partners)
    criteria: list[CriterionResult] = []
    actions: list[ActionResult] = []
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            slots = support.get((placed.rubric.id, placed.criterion.id), {})
            criteria.append(_evaluate_criterion(loaded, placed, slots, as_of, out, actions,
                                                views.get((placed.rubric.id, placed.criterion.id), []), icb))

    rubric_results = [_rubric_result(s.rubric, s.pinned, criteria) for s in loaded.rubrics]
    assurance = _assurance(loaded, rubric_results, criteria, out)
    designation = evaluate_designation(loaded, criteria, {d.id for d in docs.values() if d.valid}, as_of, out.add)
    findings = sorted(out.findings, key=Finding.sort_key)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    by_id = {(c.rubric, c.id): c for c in criteria}
    return CheckResult(
        tool_version=tool_version,
        manifest=loaded.path,
        organisation=loaded.manifest.organisation.name,
        as_of=as_of,
        rubrics=rubric_results,
        areas=_area_results(loaded, criteria),
        criteria=criteria,
        actions=actions,
        documents=[_document_result(d) for d in docs.values()],
        coverage=[_coverage(walk, loaded, by_id) for walk in crosswalks],
        assurance=assurance,
        partners=partners,
        system=_system_view(loaded, by_id),
        findings=findings,
        counts=Counts(**counts),
        lock=lock_file if lock is not None else None,
        designation=designation,
    )


def _evaluate_documents(loaded: LoadedManifest, facts: Mapping[str, FileFacts], as_of: date,
                        out: _Collector, lock: Mapping[str, LockedFile] | None) -> dict[str, _Doc]:
    docs: dict[str, _Doc] = {}
    for i, doc in enumerate(loaded.manifest.evidence):
        before = len(out.findings)
        reason = None
        if doc.path is not None:
            fact = facts.get(doc.id)
            if fact is None or fact.outside:
                reason = "its path leaves the manifest's folder"
                out.add("evidence-outside-repo", loaded.locate("evidence", i, "path"),
                        f"evidence {doc.id}: path '{doc.path}' is outside the folder that holds the manifest; "
                        "keep evidence inside the evidence repository", document=doc.id)
            elif fact.problem is not None:
                # A folder (even "."), a device, a FIFO or an unreadable file is no document.
                reason = f"its path {fact.problem}"
                out.add("evidence-file-missing", loaded.locate("evidence", i, "path"),
                        f"evidence {doc.id}: path '{doc.path}' {fact.problem}", document=doc.id)
            elif not fact.exists:
                reason = "its file does not exist"
                out.add("evidence-file-missing", loaded.locate("evidence", i, "path"),
                        f"evidence {doc.id}: file '{doc.path}' does not exist", document=doc.id)
            elif lock is not None and fact.is_file:
                _compare_with_lock(loaded, i, doc, fact, lock.get(doc.id), out)
        if doc.approved is None:
            out.add("evidence-unapproved", loaded.locate("evidence", i, "id"),
                    f"evidence {doc.id} has no approval record; add approved: {{by: ..., date: YYYY-MM-DD}}",
                    document=doc.id)
        if doc.review_by is not None:
            if doc.review_by < as_of:
                reason = reason or f"it passed its review date ({doc.review_by.isoformat()})"
                out.add("evidence-expired", loaded.locate("evidence", i, "review_by"),
                        f"evidence {doc.id} passed its review date {doc.review_by.isoformat()} "
                        f"(as of {as_of.isoformat()})", document=doc.id)
            elif (doc.review_by - as_of).days <= EXPIRY_WARNING_DAYS:  # a difference: no overflow near 9999
                out.add("evidence-expiring", loaded.locate("evidence", i, "review_by"),
                        f"evidence {doc.id} is due for review on {doc.review_by.isoformat()}, within "
                        f"{EXPIRY_WARNING_DAYS} days of {as_of.isoformat()}", document=doc.id)
        if not doc.supports:
            out.add("evidence-unused", loaded.locate("evidence", i, "id"),
                    f"evidence {doc.id} supports no criterion or key-evidence item; list them under supports",
                    document=doc.id)
        raised = out.findings[before:]
        errors = any(f.severity == "error" for f in raised)
        codes = {f.code for f in raised}
        docs.setdefault(doc.id, _Doc(doc.id, doc, reason is None, reason, errors,
                                     [c for c in _DOCUMENT_CODES if c in codes]))
    return docs


def _document_result(doc: _Doc) -> DocumentResult:
    e = doc.evidence
    assert e is not None
    return DocumentResult(id=e.id, title=e.title, valid=doc.valid, reason=doc.reason, problems=doc.problems,
                          private=e.sensitivity == "private")


def _compare_with_lock(loaded: LoadedManifest, i: int, doc: Evidence, fact: FileFacts, locked: LockedFile | None,
                       out: _Collector) -> None:
    """Raise evidence-changed or evidence-unlocked for one evidence file.

    A changed document still counts as evidence (it exists and may be fine), but its error
    makes every criterion relying on it a gap until it is re-approved and locked again.
    """
    if locked is None:
        out.add("evidence-unlocked", loaded.locate("evidence", i, "id"),
                f"evidence {doc.id}: file '{doc.path}' is not in the lock file; run `iho-ready lock` once "
                "it is approved", document=doc.id)
    elif (locked.sha256, locked.size) != (fact.sha256, fact.size):
        moved = f" (locked as '{locked.path}')" if locked.path != doc.path else ""
        out.add("evidence-changed", loaded.locate("evidence", i, "path"),
                f"evidence {doc.id}: file '{doc.path}'{moved} has changed since it was locked (locked: sha256 "
                f"{locked.sha256[:12]}…, {locked.size} bytes; now: {(fact.sha256 or '')[:12]}…, {fact.size} bytes); "
                "have it re-approved, then run `iho-ready lock`", document=doc.id)


_Slots = dict[str | None, list[_Doc]]
"""Key-evidence item id (None: the criterion itself) -> the documents that claim to support it."""


def _support_index(loaded: LoadedManifest, docs: dict[str, _Doc]) -> dict[tuple[str, str], _Slots]:
    """(rubric id, criterion id) -> key-evidence item id -> documents."""
    index: dict[tuple[str, str], _Slots] = {}
    seen: set[tuple[str, str, str | None, str]] = set()  # a set, not `in list`: many documents per slot
    for doc_id, targets in loaded.supports.items():
        for _, target in targets:
            criterion, item = target.placed.criterion.id, target.item.id if target.item else None
            if (target.rubric_id, criterion, item, doc_id) in seen:
                continue
            seen.add((target.rubric_id, criterion, item, doc_id))
            index.setdefault((target.rubric_id, criterion), {}).setdefault(item, []).append(docs[doc_id])
    return index


def _check_wording(loaded: LoadedManifest, placed: Placed, entry: CriterionEntry, as_of: date, here: Location,
                   add: Callable[..., None]) -> None:
    """``wording-changed``: confirmed or met against words that changed since the version the
    board last confirmed, and not yet re-confirmed in the new words."""
    rubric, cid = placed.rubric, placed.criterion.id
    older = loaded.confirmed_against.get(rubric.id)
    before = next((p for p in older.walk() if p.criterion.id == cid), None) if older else None
    if older is None or before is None or before.wording == placed.wording:
        return
    done = entry.reconfirmed
    if done is not None and done.version == rubric.version and done.date <= as_of:
        return
    changed = [name for name, old, new in zip(("lead-in", "statement", "points", "closing"),
                                              before.wording, placed.wording, strict=True) if old != new]
    why = ""
    if done is not None and done.version != rubric.version:
        why = f"; the re-confirmation recorded is for version {done.version}"
    elif done is not None:
        why = f"; the re-confirmation recorded is dated {done.date.isoformat()}, after the as-of date"
    add("wording-changed", here,
        f"{cid}'s {listing(changed)} changed between {rubric.id}@{older.version} and @{rubric.version}: the "
        f"board confirmed the earlier words; have it re-confirm them and record `reconfirmed` "
        f"(version, date, meeting){why}")


def _evaluate_criterion(loaded: LoadedManifest, placed: Placed, support: _Slots, as_of: date, out: _Collector,
                        actions: list[ActionResult], views: list[tuple[LoadedPartner, str, View]],
                        icb: bool) -> CriterionResult:
    rubric, criterion = placed.rubric, placed.criterion
    cid = criterion.id
    key, entry = loaded.entries.get((rubric.id, cid), (None, loaded.entry(rubric.id, cid)))
    here = loaded.locate("criteria", key, key=True) if key else loaded.locate("criteria", key=True)
    before = len(out.findings)

    def add(code: str, location: Location, message: str, **kw: Any) -> None:
        out.add(code, location, message, rubric=rubric.id, criterion=cid, **kw)

    level = placed.level(entry.rating) if entry.rating is not None else None
    items: list[ItemResult] = []
    not_applicable = level is not None and level.not_applicable

    if entry.rating is None:
        add("not-assessed", here, f"{cid} has no rating; rate it "
            + listing([lv.id for lv in placed.scale if not lv.not_applicable], "or"),
            severity="error" if criterion.mandatory else "warning")
    elif level is not None:
        rating_at = loaded.locate("criteria", key, "rating")
        if not_applicable:
            if not entry.justification:
                add("explanation-missing", here, f"{cid} is rated not applicable with no justification")
        else:
            if level.finding:
                add(level.finding, rating_at, f"{cid} is rated {level.label.lower()}",
                    severity="error")
            if level.needs == "explanation" and not entry.explanation:
                add("explanation-missing", here,
                    f"{cid} is rated {level.label.lower()} with no explanation; say why and what the plan is")
            items = _evaluate_items(placed, support, here, add)
            missing = [i.id or cid for i in items if i.required and not i.satisfied]
            if level.meets and missing:
                add("unsupported-claim", rating_at,
                    f"{cid} is rated {level.label.lower()} but required evidence is incomplete "
                    f"({', '.join(missing)})")
            if level.meets:
                _check_wording(loaded, placed, entry, as_of, here, add)
                _partner_views(placed, level.label, views, out)
                if not icb and "icb" in criterion.partner_statements:
                    add("icb-statement-missing", rating_at,
                        f"{cid} is rated {level.label.lower()}, but the manifest lists no statement from the ICB; "
                        "ask the ICB for a signed partner statement and list it under partners")

    overdue: set[str] = set()
    for a, action in enumerate(entry.actions):
        if _evaluate_action(loaded, key, a, action, as_of, add):
            overdue.add(action.id)
        actions.append(ActionResult(id=action.id, rubric=rubric.id, criterion=cid, action=action.action,
                                    owner=action.owner, due=action.due, status=action.status,
                                    open=action.is_open, overdue=action.id in overdue))

    own = out.findings[before:]
    own_errors = [f for f in own if f.severity == "error"]
    relied_on = {d.id for docs_ in support.values() for d in docs_ if d.errors}
    errored = bool(own_errors) or bool(relied_on)
    open_actions = [a for a in entry.actions if a.is_open]
    if errored and entry.rating is not None and not open_actions:
        add("gap-without-action", here,
            f"{cid} has a gap but no open action; add an action with an owner and a due date")
    own = out.findings[before:]
    warnings = sum(1 for f in own if f.severity == "warning")
    errors = sum(1 for f in own if f.severity == "error")

    # An adequate action: every open action is owned and dated, and none is overdue.
    planned = bool(open_actions) and all(a.owner and a.due for a in open_actions) and not overdue
    if entry.rating is None:
        status = "not-assessed"
        rag = "red" if criterion.mandatory else "grey"
    elif not errored and (not_applicable or (level is not None and level.meets)):
        status, rag = ("not-applicable", "grey") if not_applicable else ("met", "green")
    elif planned:
        status, rag = "action-planned", "amber"
    else:
        status, rag = "gap", "red"
    exception = status in EXCEPTION_STATUSES
    reasons = _reasons({f.code for f in own}, entry.rating is not None, items, entry.actions) if exception else []
    return CriterionResult(
        rubric=rubric.id, id=cid, domain=placed.domain.id, area=placed.area.id if placed.area else None,
        rating=entry.rating, rating_label=level.label if level else None, status=status,
        rag=rag, mandatory=criterion.mandatory, exception=exception,
        adequate_action=planned, open_action=bool(open_actions), reasons=reasons, items=items,
        actions=[a.id for a in entry.actions],
        errors=errors + (1 if relied_on and not own_errors else 0), warnings=warnings,
    )


def _reasons(codes: set[str], rated: bool, items: list[ItemResult], actions: list[Action]) -> list[Reason]:
    """Why a criterion is an exception, most important first: the rules behind its status."""
    reasons = [Reason(code=code) for code in ("not-assessed", "not-confirmed") if code in codes]
    if codes & {"not-met", "partially-met"}:
        reasons.append(Reason(code="rated-below"))
    missing = [i.id or "" for i in items if i.required and not i.satisfied]
    refs = [m for m in missing if m]
    if "unsupported-claim" in codes:
        reasons.append(Reason(code="unsupported-claim", refs=refs))
    elif missing and rated:
        reasons.append(Reason(code="evidence-incomplete", refs=refs))
    if "wording-changed" in codes:
        reasons.append(Reason(code="wording-changed"))
    if not reasons and rated:
        # The criterion relies on a document that has a problem of its own (e.g. changed since approval).
        reasons.append(Reason(code="evidence-problem"))
    reasons += [Reason(code=code) for code in ("explanation-missing", "gap-without-action")
                if code in codes]
    for action in actions:
        lacks = [name for name, value in (("owner", action.owner), ("due date", action.due)) if not value]
        if action.is_open and lacks:
            reasons.append(Reason(code="action-incomplete", refs=[action.id], lacks=lacks))
    return reasons


def _evaluate_items(placed: Placed, support: _Slots, here: Location, add: _Add) -> list[ItemResult]:
    cid = placed.criterion.id
    slots: list[tuple[str | None, bool, str]] = [
        (item.id, item.required, item.text) for item in placed.criterion.evidence] or [(None, True, "")]
    items = []
    for item_id, required, text in slots:
        docs = support.get(item_id, [])
        valid = [d.id for d in docs if d.valid]
        broken = [d.id for d in docs if not d.valid]
        if not valid:
            why = "; ".join(f"{d.id} cannot count because {d.reason}" for d in docs if not d.valid)
            what = f"{item_id} ({clip(text, _MESSAGE_TEXT_LIMIT)})" if item_id else \
                f"{cid} (it has no key-evidence items, so one document supporting it directly is needed)"
            add("missing-evidence", here, f"no valid evidence for {what}" + (f"; {why}" if why else ""),
                severity="error" if required else "info", evidence=item_id)
        items.append(ItemResult(id=item_id, required=required, documents=valid, broken=broken, satisfied=bool(valid)))
    return items


def _evaluate_action(loaded: LoadedManifest, key: str | None, a: int, action: Action, as_of: date,
                     add: _Add) -> bool:
    """Raise the findings about one action; return whether it is overdue."""
    at = loaded.locate("criteria", key, "actions", a)
    overdue = action.is_open and action.due is not None and action.due < as_of
    if overdue:
        assert action.due is not None
        add("action-overdue", loaded.locate("criteria", key, "actions", a, "due"),
            f"action {action.id} was due on {action.due.isoformat()} and is {action.status.replace('-', ' ')} "
            f"(as of {as_of.isoformat()})", action=action.id)
    lacks = [name for name, value in (("an owner", action.owner), ("a due date", action.due)) if not value]
    if lacks and action.is_open:
        add("action-incomplete", at, f"action {action.id} has no {' or '.join(n.split(' ', 1)[1] for n in lacks)}; "
            f"give it {' and '.join(lacks)}", action=action.id)
    return overdue


def _rag(results: list[CriterionResult]) -> str:
    if all(r.status == "not-assessed" for r in results):
        return "grey"
    if any(r.status == "gap" or (r.status == "not-assessed" and r.mandatory) for r in results):
        return "red"
    if any(r.status == "action-planned" for r in results):
        return "amber"
    return "green"


def _tally(results: list[CriterionResult]) -> dict[str, int]:
    return {
        "criteria": len(results),
        "met": sum(1 for r in results if r.status in ("met", "not-applicable")),
        "gaps": sum(1 for r in results if r.status in ("gap", "action-planned")),
        "not_assessed": sum(1 for r in results if r.status == "not-assessed"),
    }


def _area_results(loaded: LoadedManifest, criteria: list[CriterionResult]) -> list[AreaResult]:
    by_domain: dict[tuple[str, str], list[CriterionResult]] = {}
    for c in criteria:
        by_domain.setdefault((c.rubric, c.domain), []).append(c)
    results = []
    for selected in loaded.rubrics:
        rubric = selected.rubric
        for domain in rubric.domains:
            mine = by_domain.get((rubric.id, domain.id), [])
            results.append(AreaResult(rubric=rubric.id, domain=domain.id, area=None, title=domain.title,
                                      rag=_rag(mine), **_tally(mine)))
            for area in domain.areas:
                sub = [c for c in mine if c.area == area.id]
                results.append(AreaResult(rubric=rubric.id, domain=domain.id, area=area.id, title=area.title,
                                          rag=_rag(sub), **_tally(sub)))
    return results


def _rubric_result(rubric: Rubric, pinned: bool, criteria: list[CriterionResult]) -> RubricResult:
    mine = [c for c in criteria if c.rubric == rubric.id]
    failing = [c for c in mine if c.errors]
    if not failing:
        readiness = "ready"
    elif all(c.status == "action-planned" for c in failing):
        readiness = "approaching"
    else:
        readiness = "not-ready"
    return RubricResult(id=rubric.id, version=rubric.version, title=rubric.title, status=rubric.status,
                        readiness=readiness, pinned=pinned, **_tally(mine))


def _assurance(loaded: LoadedManifest, rubrics: list[RubricResult], criteria: list[CriterionResult],
               out: _Collector) -> AssuranceResult:
    """The level of assurance the evidence supports, on the cover-sheet scale.

    * **Substantial**: every selected rubric is ready (no error finding against any criterion).
    * **Reasonable**: every rubric is ready or approaching readiness (every gap has an open,
      owned, dated action that is not overdue).
    * **Limited**: a rubric is not ready, but at least half the criteria are met or confirmed
      with current evidence.
    * **No assurance**: fewer than half are.

    Raises ``assurance-overstated`` when the manifest offers more than that.
    """
    met = sum(1 for c in criteria if c.status in ("met", "not-applicable"))
    total = len(criteria)
    if all(r.readiness == "ready" for r in rubrics):
        level = "substantial"
    elif all(r.readiness in ("ready", "approaching") for r in rubrics):
        level = "reasonable"
    elif 2 * met >= total:
        level = "limited"
    else:
        level = "no-assurance"
    stated = loaded.manifest.assessment.assurance_level
    overstated = stated is not None and ASSURANCE_ORDER[stated] > ASSURANCE_ORDER[level]
    if overstated:
        assert stated is not None
        out.add("assurance-overstated", loaded.locate("assessment", "assurance_level"),
                f"the paper offers {_assurance_words(stated)}, but the evidence supports "
                f"{_assurance_words(level)} ({met} of {total} criteria met or confirmed with current "
                "evidence); lower assurance_level or close the gaps")
    return AssuranceResult(level=level, stated=stated, overstated=overstated, met=met, criteria=total)


def _assurance_words(level: str) -> str:
    """``limited assurance``, ``no assurance``."""
    label = ASSURANCE_LABEL[level].lower()
    return label if label.endswith("assurance") else f"{label} assurance"


def _coverage(walk: Crosswalk, loaded: LoadedManifest,
              criteria: Mapping[tuple[str, str], CriterionResult]) -> CrosswalkCoverage:
    """How the source rubric's criteria cover the target's. A partial relationship never implies
    full coverage: only a met ``equal`` or ``superset`` criterion covers a target in full."""
    rubrics = {s.rubric.key: s.rubric for s in loaded.rubrics}
    source, target = rubrics[walk.source], rubrics[walk.target]
    by_target: dict[str, list[Any]] = {}
    for m in walk.mappings:
        by_target.setdefault(m.target, []).append(m)
    rows = []
    for placed in target.walk():
        mappings = by_target.get(placed.criterion.id)
        if not mappings:
            continue
        related: list[Related] = []
        full: list[str] = []
        part: list[str] = []
        for m in mappings:
            src = criteria[(source.id, m.source)]
            related.append(Related(criterion=m.source, evidence=m.source_evidence, relationship=m.relationship,
                                   status=src.status))
            if src.status == "met":
                (full if m.relationship in ("equal", "superset") else part).append(m.source)
        coverage = "full" if full else "partial" if part else "none"
        rows.append(CoverageRow(target=placed.criterion.id,
                                target_status=criteria[(target.id, placed.criterion.id)].status,
                                related=related, coverage=coverage, through=full or part))
    return CrosswalkCoverage(crosswalk=walk.id, title=walk.title, author=walk.author, source=walk.source,
                             target=walk.target, rows=rows)


# --------------------------------------------------------------------------- system partners


def _evaluate_partners(loaded: LoadedManifest, as_of: date,
                       out: _Collector) -> tuple[list[PartnerResult], list[tuple[LoadedPartner, _Doc]]]:
    """Findings about each partner statement, and each readable statement as evidence."""
    answered: dict[str, list[str]] = {}
    for entry in loaded.manifest.criteria.values():
        for action in entry.actions:
            for ref in action.answers:
                answered.setdefault(ref, []).append(action.id)
    results: list[PartnerResult] = []
    statements: list[tuple[LoadedPartner, _Doc]] = []
    for p in loaded.partners:
        st = p.statement
        if st is None:
            where = "does not exist" if p.problem == "missing" else "is outside the folder that holds the manifest"
            out.add("partner-statement-missing", loaded.locate("partners", p.index),
                    f"partner statement '{p.path}' {where}; ask the partner for it, or take it off the partners list",
                    partner=p.id)
            results.append(PartnerResult(id=p.id, file=p.file, path=p.path, problem=p.problem))
            continue
        before = len(out.findings)
        if p.letter in ("missing", "outside"):
            code = "evidence-file-missing" if p.letter == "missing" else "evidence-outside-repo"
            where = "does not exist" if p.letter == "missing" else "is outside the folder that holds the manifest"
            out.add(code, p.locate("letter"), f"partner {st.partner.name}: the signed letter '{st.letter}' {where}",
                    partner=p.id)
        reason = None
        if st.signed is None:
            reason = "it is not signed"
            out.add("partner-statement-unsigned", p.locate("signed"),
                    f"the statement of {st.partner.name} is not signed; add signed: {{by: ..., date: YYYY-MM-DD}} "
                    "once someone signs it for the partner", partner=p.id)
        in_date = st.review_by >= as_of
        if not in_date:
            reason = reason or f"it passed its review date ({st.review_by.isoformat()})"
            out.add("partner-statement-expired", p.locate("review_by"),
                    f"the statement of {st.partner.name} passed its review date {st.review_by.isoformat()} "
                    f"(as of {as_of.isoformat()}); ask the partner to review and sign it again", partner=p.id)
        conditions = []
        for c, condition in enumerate(st.conditions):
            by = answered.get(f"{p.id}.{condition.id}", [])
            conditions.append(PartnerCondition(id=condition.id, text=condition.text, answered_by=by))
            if not by:
                out.add("condition-without-action", p.locate("conditions", c),
                        f"{st.partner.name}'s condition {condition.id} has no action that answers it; add an action "
                        f"with answers: [{p.id}.{condition.id}]", partner=p.id)
        if st.position not in ("supports", "supports-with-conditions"):
            reason = reason or f"the partner's position is {st.position.replace('-', ' ')}"
        errors = any(f.severity == "error" for f in out.findings[before:])
        doc = _Doc(f"partner:{p.id}", None, reason is None, reason, errors, [])
        statements.append((p, doc))
        views = [PartnerView(rubric=rubric, criterion=cid, agrees=view.agrees, answer=view.answer,
                             comment=view.comment, private=view.private)
                 for (rubric, cid), (_, view) in p.views.items()]
        results.append(PartnerResult(
            id=p.id, file=p.file, path=p.path, name=st.partner.name, kind=st.partner.kind, position=st.position,
            signed=st.signed is not None, signed_by=st.signed.by if st.signed else None,
            signed_on=st.signed.date if st.signed else None, review_by=st.review_by, in_date=in_date,
            valid=reason is None, reason=reason, conditions=conditions, views=views))
    results.sort(key=lambda r: (PARTNER_KINDS.index(r.kind) if r.kind else len(PARTNER_KINDS), r.id))
    return results, statements


def _add_partner_support(loaded: LoadedManifest, statements: list[tuple[LoadedPartner, _Doc]],
                         index: dict[tuple[str, str], _Slots]) -> None:
    """Each partner statement counts as evidence where the rubric says a partner of its kind can."""
    if not statements:
        return
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            c = placed.criterion
            wanted: list[tuple[str | None, list[str]]] = [(None, list(c.partner_statements))]
            wanted += [(item.id, list(item.partner_statements)) for item in c.evidence]
            for slot, kinds in wanted:
                for p, doc in statements:
                    assert p.statement is not None
                    if p.statement.partner.kind in kinds:
                        found = index.setdefault((selected.rubric.id, c.id), {}).setdefault(slot, [])
                        if doc not in found:
                            found.append(doc)


def _views_by_criterion(loaded: LoadedManifest) -> dict[tuple[str, str], list[tuple[LoadedPartner, str, View]]]:
    views: dict[tuple[str, str], list[tuple[LoadedPartner, str, View]]] = {}
    for p in loaded.partners:
        for ident, (key, view) in p.views.items():
            views.setdefault(ident, []).append((p, key, view))
    return views


def _partner_views(placed: Placed, label: str, views: list[tuple[LoadedPartner, str, View]],
                   out: _Collector) -> None:
    """``partner-disagrees`` for each partner that disagrees with a criterion rated as meeting it."""
    cid = placed.criterion.id
    for p, key, view in views:
        if view.agrees is False and p.statement is not None:
            why = f": {view.comment}" if view.comment and not view.private else ""
            out.add("partner-disagrees", p.locate("views", key, "agrees"),
                    f"{p.statement.partner.name} does not agree that {cid} is {label.lower()}{why}",
                    rubric=placed.rubric.id, criterion=cid, partner=p.id)


def _system_view(loaded: LoadedManifest,
                 criteria: Mapping[tuple[str, str], CriterionResult]) -> list[SystemViewRow]:
    """Per criterion any partner took a view of: who agrees with the trust and who does not."""
    views = _views_by_criterion(loaded)
    rows = []
    for selected in loaded.rubrics:
        for placed in selected.rubric.walk():
            ident = (selected.rubric.id, placed.criterion.id)
            if ident not in views:
                continue
            agree = sorted(p.id for p, _, v in views[ident] if v.agrees is True)
            disagree = sorted(p.id for p, _, v in views[ident] if v.agrees is False)
            rows.append(SystemViewRow(rubric=ident[0], criterion=ident[1], rating=criteria[ident].rating_label,
                                      agree=agree, disagree=disagree, split=bool(disagree)))
    return rows
