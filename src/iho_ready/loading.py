"""Read and validate rubrics, crosswalks and manifests into models, or located diagnostics.

Every problem becomes a :class:`~iho_ready.diagnostics.Diagnostic` pointing at a line and
column; all problems in a file are collected before :class:`InputError` is raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.designation import Risk
from .models.loaded import LoadedManifest, Selected, Target
from .models.manifest import CriterionEntry, Evidence, Manifest

if TYPE_CHECKING:
    pass


# --------------------------------------------------------------------------- pydantic -> located


# --------------------------------------------------------------------------- rubrics


# --------------------------------------------------------------------------- manifests


def load_manifest(path: str, registry: Any, display: str | None = None, text: str | None = None) -> LoadedManifest:
    """Read, validate and resolve a manifest against rubrics from *registry*.

    Raises :class:`InputError` with every problem found. The manifest file is only read.
    With *text*, that content is used instead of the file's, while evidence paths still
    resolve against *path*'s folder.
    """
    shown = display or path
    if path.lower().endswith(".xlsx"):  # a workbook: the same data, its node tree's marks are cells
        from .workbook.read import read

        book = read(path, shown, None if text is None else text.encode("latin-1"))
        source: yamlsource.Source = book.source
        data: Any = book.data
    else:
        source, data = yamlsource.load(path, shown, text)
    problems: list[Diagnostic] = []
    try:
        manifest = validate(source, data, Manifest)
    except InputError as e:
        # Check what can still be checked against the rubrics (ratings, criterion ids, references),
        # so that a user meets every problem in one run rather than one kind per run.
        salvaged = _salvage(data)
        if salvaged is None:
            raise
        manifest = salvaged
        problems += e.diagnostics
    else:
        spelling = yamlsource.format_version_spelling(source, "manifest")
        if spelling is not None:
            raise InputError([spelling])
    schema_problems = len(problems)

    def at(loc: tuple[Any, ...], message: str, code: str, key: bool = False) -> None:
        node, key_node, _ = source.find(loc)
        problems.append(source.at(key_node if key and key_node is not None else node, message, code))

    selected: list[Selected] = []
    seen_rubrics: dict[str, int] = {}
    for i, spec in enumerate(manifest.rubrics):
        if not spec:
            continue  # not text (already reported by the schema)
        rubric_id, _, version = spec.partition("@")
        try:
            rubric = registry.get(rubric_id, version or None)
        except LookupError as e:
            at(("rubrics", i), str(e), "unknown-rubric")
            continue
        except InputError as e:  # a broken user rubric: report it where it is
            problems.extend(e.diagnostics)
            continue
        if rubric.id in seen_rubrics:
            at(("rubrics", i), f"rubric '{rubric.id}' is selected twice (also item "
               f"{seen_rubrics[rubric.id] + 1}); delete one", "duplicate-id")
            continue
        seen_rubrics[rubric.id] = i
        selected.append(Selected(rubric, bool(version), ("rubrics", i)))
    if len(problems) > schema_problems:  # without every rubric, each criterion id would look unknown
        raise InputError(problems)

    loaded = LoadedManifest(shown, Path(path).resolve().parent, source, manifest, selected)
    index = RubricIndex([s.rubric for s in selected])
    chosen = {s.rubric.id: s.rubric for s in selected}
    for rubric_id, version in manifest.confirmed_against.items():
        if rubric_id not in chosen:
            at(("confirmed_against", rubric_id), f"confirmed_against names rubric '{rubric_id}', which the "
               "manifest does not select" + did_you_mean(rubric_id, chosen), "unknown-rubric", key=True)
            continue
        if version == chosen[rubric_id].version:
            continue
        try:
            loaded.confirmed_against[rubric_id] = registry.get(rubric_id, version)
        except LookupError as e:
            at(("confirmed_against", rubric_id), str(e), "unknown-rubric")
        except InputError as e:
            problems.extend(e.diagnostics)

    for key, entry in manifest.criteria.items():
        target, message, code = index.resolve(key, criteria_only=True)
        if target is None:
            code = "unknown-criterion" if code == "unknown-evidence-ref" else code
            at(("criteria", key), (message or "").replace("is not a criterion or key-evidence item",
                                                          "is not a criterion"), code, key=True)
            continue
        if target.item is not None:
            at(("criteria", key), f"'{key}' is a key-evidence item; rate its criterion "
               f"'{target.placed.criterion.id}' instead", "unknown-criterion", key=True)
            continue
        ident = (target.rubric_id, target.placed.criterion.id)
        if ident in loaded.entries:
            at(("criteria", key), f"criterion '{key}' is rated twice (also as '{loaded.entries[ident][0]}'); keep one",
               "duplicate-id", key=True)
            continue
        loaded.entries[ident] = (key, entry)
        if entry.rating is not None:
            level = target.placed.level(entry.rating)
            allowed = [lv.id for lv in target.placed.scale
                       if not lv.not_applicable or target.placed.criterion.allow_not_applicable]
            if level is None or (level.not_applicable and not target.placed.criterion.allow_not_applicable):
                extra = " (not applicable is not allowed for this criterion)" if level is not None else \
                    did_you_mean(entry.rating, allowed)
                at(("criteria", key, "rating"),
                   f"criterion {key}, rating: '{entry.rating}' is not on this criterion's scale; "
                   f"use one of: {', '.join(allowed)}{extra}", "schema")

    evidence_ids: dict[str, int] = {}
    for i, doc in enumerate(manifest.evidence):
        if doc.id in evidence_ids:
            at(("evidence", i, "id"), f"evidence id '{doc.id}' is already used by item "
               f"{evidence_ids[doc.id] + 1} of the evidence list; give each its own id", "duplicate-id")
        else:
            evidence_ids[doc.id] = i
        resolved: list[tuple[int, Target]] = []
        for j, ref in enumerate(doc.supports):
            target, message, code = index.resolve(ref)
            if target is None:
                at(("evidence", i, "supports", j), message or "", code)
            else:
                resolved.append((j, target))
        loaded.supports.setdefault(doc.id, resolved)

    action_ids: dict[str, str] = {}
    for key, entry in manifest.criteria.items():
        for a, action in enumerate(entry.actions):
            if action.id in action_ids:
                at(("criteria", key, "actions", a, "id"),
                   f"action id '{action.id}' is already used under {action_ids[action.id]}; give each action its "
                   "own id", "duplicate-id")
            else:
                action_ids[action.id] = key
    problems += _designation_refs(loaded, index, set(evidence_ids))
    if problems:
        raise InputError(problems)
    return loaded


def _designation_refs(loaded: LoadedManifest, index: RubricIndex, evidence_ids: set[str]) -> list[Diagnostic]:
    """References in the designation sections (eligibility evidence, risks, stages, steps,
    outcome links) that name nothing: ``unknown-register-ref`` (or the rubric index's code)."""
    source, manifest = loaded.source, loaded.manifest
    problems: list[Diagnostic] = []

    def at(loc: tuple[Any, ...], message: str, code: str = "unknown-register-ref", key: bool = False) -> None:
        node, key_node, _ = source.find(loc)
        problems.append(source.at(key_node if key and key_node is not None else node, message, code))

    if manifest.eligibility is not None:
        for name in type(manifest.eligibility).model_fields:
            record = getattr(manifest.eligibility, name)
            for j, ref in enumerate(record.evidence if record is not None else []):
                if ref not in evidence_ids:
                    at(("eligibility", name, "evidence", j), f"eligibility.{name} names evidence '{ref}', which "
                       "is not in the evidence register" + did_you_mean(ref, evidence_ids))
    risk_ids: dict[str, int] = {}
    for i, risk in enumerate(manifest.risks):
        if risk.id in risk_ids:
            at(("risks", i, "id"), f"risk id '{risk.id}' is already used by item {risk_ids[risk.id] + 1} of the "
               "risks list", "duplicate-id")
        risk_ids.setdefault(risk.id, i)
    for key, entry in manifest.criteria.items():
        refs: list[tuple[tuple[Any, ...], str]] = [(("criteria", key, "risks", j), ref)
                                                   for j, ref in enumerate(entry.risks)]
        refs += [(("criteria", key, "actions", a, "risks", j), ref) for a, action in enumerate(entry.actions)
                 for j, ref in enumerate(action.risks)]
        for loc, ref in refs:
            if ref not in risk_ids:
                at(loc, f"risk '{ref}' is not in the manifest's risks register" + did_you_mean(ref, risk_ids))
    rules = [s.rubric.designation for s in loaded.rubrics if s.rubric.designation is not None]
    for field, known in (("stages", {st.id for r in rules for st in r.stages}),
                         ("steps", {st.id for r in rules for st in r.steps})):
        for name in getattr(manifest, field):
            if name not in known:
                shown = ", ".join(sorted(known)) or "none"
                at((field, name), f"{field} names '{name}', which no selected rubric defines (it defines: "
                   f"{shown})" + did_you_mean(name, known), key=True)
    outcome_ids: dict[str, int] = {}
    for i, outcome in enumerate(manifest.benefits.outcomes if manifest.benefits else []):
        if outcome.id in outcome_ids:
            at(("benefits", "outcomes", i, "id"), f"outcome id '{outcome.id}' is already used by item "
               f"{outcome_ids[outcome.id] + 1} of the outcomes list", "duplicate-id")
        outcome_ids.setdefault(outcome.id, i)
        for j, ref in enumerate(outcome.evidences):
            target, message, code = index.resolve(ref)
            if target is None:
                at(("benefits", "outcomes", i, "evidences", j), message or "", code)
    return problems


def _salvage(data: Any) -> Manifest | None:
    """From a manifest that failed validation, what the rubric checks read: the rubrics, each
    criterion's rating and actions, each evidence entry's id and ``supports``, each risk's id,
    ``confirmed_against``.

    Entries that fail validation keep only what is of the right type, and keep their place, so
    that later problems are located where they are. None when not even the rubrics can be read.
    Built without validation (``model_construct``): it is only checked, never returned.
    """
    if not isinstance(data, dict) or not isinstance(data.get("rubrics"), list):
        return None
    rubrics = [spec if isinstance(spec, str) else "" for spec in data["rubrics"]]
    criteria: dict[str, CriterionEntry] = {}
    raw_criteria = data.get("criteria")
    for key, raw in (raw_criteria.items() if isinstance(raw_criteria, dict) else ()):
        if not isinstance(key, str):
            continue
        try:
            criteria[key] = CriterionEntry.model_validate(raw)
        except ValidationError:
            rating = raw.get("rating") if isinstance(raw, dict) else None
            try:
                criteria[key] = CriterionEntry.model_validate({"rating": rating})
            except ValidationError:
                criteria[key] = CriterionEntry()
    evidence: list[Evidence] = []
    raw_evidence = data.get("evidence")
    for i, raw in enumerate(raw_evidence if isinstance(raw_evidence, list) else ()):
        try:
            evidence.append(Evidence.model_validate(raw))
        except ValidationError:
            item = raw if isinstance(raw, dict) else {}
            ident, supports = item.get("id"), item.get("supports")
            kept: dict[str, Any] = {
                "id": ident if isinstance(ident, str) else f"item {i + 1}",  # a space: never a real id
                "supports": [ref for ref in supports if isinstance(ref, str)] if isinstance(supports, list) else []}
            evidence.append(Evidence.model_construct(**kept))
    risks: list[Risk] = []  # the register criteria and actions name risks from, by id
    raw_risks = data.get("risks")
    for raw in raw_risks if isinstance(raw_risks, list) else ():
        try:
            risks.append(Risk.model_validate(raw))
        except ValidationError:
            ident = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(ident, str):
                only_id: dict[str, Any] = {"id": ident}
                risks.append(Risk.model_construct(**only_id))
    raw_confirmed = data.get("confirmed_against")
    confirmed = {k: v for k, v in raw_confirmed.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(raw_confirmed, dict) else {}
    found: dict[str, Any] = {"rubrics": rubrics, "criteria": criteria, "evidence": evidence, "risks": risks,
                             "confirmed_against": confirmed}
    return Manifest.model_construct(**found)


# --------------------------------------------------------------------------- partner statements


from .loading_partners import (
    _resolve_answers as _resolve_answers,
    _resolve_views as _resolve_views,
    _unique_conditions as _unique_conditions,
    _where as _where,
    load_partner as load_partner,
    load_partners as load_partners,
)
from .loading_rubrics import (
    _CLOSE_LIMIT as _CLOSE_LIMIT,
    EQUAL_QUOTES as EQUAL_QUOTES,
    RubricIndex as RubricIndex,
    _check_designation as _check_designation,
    _close as _close,
    _criterion_texts as _criterion_texts,
    _norm as _norm,
    _possible_path as _possible_path,
    _says_adds as _says_adds,
    check_crosswalk as check_crosswalk,
    check_rubric as check_rubric,
    iter_criteria as iter_criteria,
    load_crosswalk as load_crosswalk,
    load_rubric as load_rubric,
    relationship_problem as relationship_problem,
    review_crosswalk as review_crosswalk,
)
from .validation import (
    _BOUNDS as _BOUNDS,
    _EXPECTED as _EXPECTED,
    _NAMEABLE as _NAMEABLE,
    M as M,
    _explain as _explain,
    _fields_at as _fields_at,
    _id_at as _id_at,
    _keys as _keys,
    _unwrap as _unwrap,
    pydantic_diagnostics as pydantic_diagnostics,
    validate as validate,
)
