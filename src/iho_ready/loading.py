"""Read and validate rubrics, crosswalks and manifests into models, or located diagnostics.

Every problem becomes a :class:`~iho_ready.diagnostics.Diagnostic` pointing at a line and
column; all problems in a file are collected before :class:`InputError` is raised.
"""

from __future__ import annotations

import posixpath
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.loaded import LoadedManifest, LoadedPartner, Selected, Target
from .models.manifest import Manifest
from .models.partner import PartnerStatement
from .models.rubric import Criterion, Crosswalk, Rubric
from .yamlsource import Source, describe_scalar

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- pydantic -> located


def validate(source: Source, data: Any, model: type[M]) -> M:
    """Validate *data* (built from *source*) as *model*, or raise located diagnostics."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(pydantic_diagnostics(source, e, model)) from None


def pydantic_diagnostics(source: Source, error: ValidationError, model: type[BaseModel]) -> list[Diagnostic]:
    """Turn each pydantic error into a diagnostic at the YAML node its ``loc`` names.

    ``missing`` points at the mapping that lacks the key, ``extra_forbidden`` at the
    unknown key itself (with did-you-mean suggestions), everything else at the value.
    """
    found = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        node, key_node, _ = source.find(loc)
        kind = err["type"]
        name = _dotted(loc)
        if kind == "missing":
            message = f"missing required field '{loc[-1]}'" + (f" in {_dotted(loc[:-1])}" if loc[:-1] else "")
            at = node
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown field '{loc[-1]}'" + (f" in {_dotted(loc[:-1])}" if loc[:-1] else "")
            message += did_you_mean(str(loc[-1]), allowed) or (
                f"; allowed fields: {', '.join(allowed)}" if allowed else "")
            at = key_node or node
        elif loc and loc[-1] == "[key]":
            parent = _dotted(loc[:-2]) or "the top level"
            message = f"{parent}: the key {loc[-2]} must be text (an id such as SV1); put it in quotes if needed"
            at = key_node or node
        else:
            message = f"{name}: {_explain(err, node)}" if name else _explain(err, node)
            at = node
        found.append(source.at(at, message, "schema"))
    return found


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and not part.startswith(("function-", "union[")):
            out += ("." if out else "") + part
    return out


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "dict_type": "expected a mapping of 'key: value' lines",
    "model_type": "expected a mapping of 'key: value' lines",
    "model_attributes_type": "expected a mapping of 'key: value' lines",
    "list_type": "expected a list (lines starting '- ')",
    "float_type": "expected a number",
}


def _explain(err: ErrorDetails, node: Node | None) -> str:
    kind, value = err["type"], err.get("input")
    if kind in _EXPECTED:
        detail = describe_scalar(node) if node is not None else None
        if detail is None and value is None:
            detail = "the value is empty"
        if kind == "list_type" and isinstance(value, str):
            return f"expected a list; write a single item as [{value}]"
        return _EXPECTED[kind] + (f", but {detail}" if detail else "")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        shown = f"'{value}'" if isinstance(value, str) else str(value)
        return f"{shown} is not allowed here; use one of: {', '.join(choices)}{hint}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        if isinstance(value, str):
            return (f"'{value}' is not a valid id: use letters, digits, '-' and '_', "
                    "starting with a letter" if "[A-Za-z]" in str(err.get("ctx", {}).get("pattern", ""))
                    else f"'{value}' does not have the expected form {err['ctx']['pattern']}")
        detail = describe_scalar(node) if node is not None else None
        return _EXPECTED["string_type"] + (f", but {detail}" if detail else "")
    if kind == "too_short":
        return "must not be empty" if isinstance(value, (list, dict, str)) and not value else str(err["msg"])
    msg = str(err["msg"])
    return msg[:1].lower() + msg[1:]


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the model found at *loc*, for did-you-mean suggestions."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            by_key = _keys(tp)
            if part not in by_key:
                return []
            tp = by_key[part].annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return list(_keys(tp)) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key written in a file: its alias (``fail-on``) when it has one."""
    return {info.alias or name: info for name, info in model.model_fields.items()}


# --------------------------------------------------------------------------- rubrics


def load_rubric(path: str | Path, display: str | None = None) -> Rubric:
    """Read and fully check one rubric file. Raises :class:`InputError`."""
    source, data = yamlsource.load(str(path), display)
    rubric = validate(source, data, Rubric)
    problems = check_rubric(source, rubric)
    if problems:
        raise InputError(problems)
    return rubric


def load_crosswalk(path: str | Path, display: str | None = None) -> tuple[Source, Crosswalk]:
    """Read and validate one crosswalk file (references are checked by the registry)."""
    source, data = yamlsource.load(str(path), display)
    return source, validate(source, data, Crosswalk)


def _possible_path(path: str) -> bool:
    """Whether a file system could hold *path* (no NUL, no over-long name); checked before any use."""
    from .safe_files import check_path

    try:
        check_path(path)
    except InputError:
        return False
    return True


def check_crosswalk(source: Source, walk: Crosswalk, rubrics: Any) -> list[Diagnostic]:
    """Every problem with a crosswalk's references, each located in the crosswalk file.

    Checks that both rubrics it names exist in *rubrics* (a registry: ``get(id, version)``
    raising :class:`LookupError`), that every mapping names a criterion of each side, and
    that no pair of criteria is mapped twice. Carries on after each problem.
    """
    problems: list[Diagnostic] = []
    sides: dict[str, set[str] | None] = {}
    items: dict[str, dict[str, set[str]]] = {}  # side -> criterion id -> its key-evidence item ids
    names: dict[str, str] = {}
    for side in ("source", "target"):
        spec: str = getattr(walk, side)
        rubric_id, _, version = spec.partition("@")
        try:
            rubric = rubrics.get(rubric_id, version or None)
        except LookupError as e:
            problems.append(source.at(source.find((side,))[0], str(e), "unknown-rubric"))
            sides[side] = None
        except InputError as e:  # a broken rubric file: its own problems, located there
            problems.extend(e.diagnostics)
            sides[side] = None
        else:
            sides[side] = {p.criterion.id for p in rubric.walk()}
            items[side] = {p.criterion.id: {e.id for e in p.criterion.evidence} for p in rubric.walk()}
            names[side] = rubric.key
    seen: dict[tuple[str, str], int] = {}  # (source end, target end) -> first mapping
    for i, mapping in enumerate(walk.mappings):
        for side in ("source", "target"):
            ids = sides[side]
            ref: str = getattr(mapping, side)
            if ids is None:
                continue
            if ref not in ids:
                problems.append(source.at(source.find(("mappings", i, side))[0],
                                          f"'{ref}' is not a criterion of {names[side]}"
                                          + did_you_mean(ref, ids), "unknown-criterion"))
                continue
            item = getattr(mapping, f"{side}_evidence", None)
            known = items[side][ref]
            if item is not None and item not in known:
                problems.append(source.at(source.find(("mappings", i, f"{side}_evidence"))[0],
                                          f"'{item}' is not a key-evidence item of {ref} in {names[side]}"
                                          + did_you_mean(item, known), "unknown-evidence-ref"))
        ends = (getattr(mapping, "source_evidence", None) or mapping.source,
                getattr(mapping, "target_evidence", None) or mapping.target)
        if ends in seen:
            problems.append(source.at(source.find(("mappings", i))[0],
                                      f"{ends[0]} -> {ends[1]} is mapped twice (also mapping {seen[ends] + 1})",
                                      "duplicate-id"))
        else:
            seen[ends] = i
    return problems


def iter_criteria(rubric: Rubric) -> Iterator[tuple[tuple[Any, ...], Criterion]]:
    """Yield each criterion with its ``loc`` inside the rubric file."""
    for d, domain in enumerate(rubric.domains):
        for c, criterion in enumerate(domain.criteria):
            yield ("domains", d, "criteria", c), criterion
        for a, area in enumerate(domain.areas):
            for c, criterion in enumerate(area.criteria):
                yield ("domains", d, "areas", a, "criteria", c), criterion


def check_rubric(source: Source, rubric: Rubric) -> list[Diagnostic]:
    """Cross-reference checks a schema cannot express, each located in the rubric file."""
    problems: list[Diagnostic] = []

    def at(loc: tuple[Any, ...], message: str, code: str = "schema") -> None:
        problems.append(source.at(source.find(loc)[0], message, code))

    for name, levels in rubric.scales.items():
        seen: set[str] = set()
        for i, level in enumerate(levels):
            if level.id in seen:
                at(("scales", name, i, "id"), f"scale '{name}' lists level '{level.id}' twice", "duplicate-id")
            seen.add(level.id)
        if not any(lv.meets for lv in levels):
            at(("scales", name), f"scale '{name}' has no level that meets the criterion")
    scales = set(rubric.scales)
    for name in rubric.scale_provenance:
        if name not in scales:
            at(("scale_provenance", name), f"scale_provenance names scale '{name}', which is not defined"
               + did_you_mean(name, scales))
    source_ids: set[str] = set()
    for where, ref in [(("source",), rubric.source), *(
            (("further_sources", i), s) for i, s in enumerate(rubric.further_sources))]:
        if ref.id is not None:
            if ref.id in source_ids:
                at((*where, "id"), f"source id '{ref.id}' is used twice", "duplicate-id")
            source_ids.add(ref.id)
        elif where != ("source",):
            at(where, "a further source needs an 'id' for quotes to name it")
    if rubric.default_scale not in scales:
        at(("default_scale",), f"default_scale '{rubric.default_scale}' is not a scale in this rubric"
           + did_you_mean(rubric.default_scale, scales))
    themes = {t.id for t in rubric.themes}
    ids: dict[str, tuple[Any, ...]] = {}

    def claim(id_: str, loc: tuple[Any, ...]) -> None:
        if id_ in ids:
            line = source.at(source.find(ids[id_])[0], "", "").line
            at(loc, f"id '{id_}' is already used on line {line}; ids must be unique in a rubric", "duplicate-id")
        else:
            ids[id_] = loc

    for d, domain in enumerate(rubric.domains):
        claim(domain.id, ("domains", d, "id"))
        if bool(domain.areas) == bool(domain.criteria):
            at(("domains", d), f"domain '{domain.id}' must have either criteria or areas (exactly one)")
        for a, area in enumerate(domain.areas):
            claim(area.id, ("domains", d, "areas", a, "id"))
    for d, domain in enumerate(rubric.domains):
        for loc, owner in [(("domains", d), domain)] + [
                (("domains", d, "areas", a), area) for a, area in enumerate(domain.areas)]:
            if owner.scale is not None and owner.scale not in scales:
                at((*loc, "scale"), f"scale '{owner.scale}' is not defined" + did_you_mean(owner.scale, scales))
    placed = {p.criterion.id: p for p in rubric.walk()}
    for loc, criterion in iter_criteria(rubric):
        claim(criterion.id, (*loc, "id"))
        if criterion.scale is not None and criterion.scale not in scales:
            at((*loc, "scale"), f"scale '{criterion.scale}' is not defined" + did_you_mean(criterion.scale, scales))
        for t, tag in enumerate(criterion.tags):
            if tag not in themes:
                at((*loc, "tags", t), f"tag '{tag}' is not one of this rubric's themes" + did_you_mean(tag, themes))
        scale = placed[criterion.id].scale_id
        if criterion.allow_not_applicable and scale in scales and not any(
                lv.not_applicable for lv in rubric.scales[scale]):
            at((*loc, "allow_not_applicable"), f"scale '{scale}' has no not-applicable level")
        if rubric.derived is not None and criterion.derived is None:
            at((*loc, "id"), f"{criterion.id}: this rubric is derived, so each criterion must say what it "
               "rests on ('derived' with 'quotes')")
        if criterion.derived is not None:
            if criterion.derived.wording == "ours" and not criterion.derived.quotes:
                at((*loc, "derived"), f"{criterion.id} is worded by {criterion.derived.by}, so it must quote "
                   "the source words it rests on ('quotes')")
            for q, quote in enumerate(criterion.derived.quotes):
                if quote.source is not None and quote.source not in source_ids:
                    at((*loc, "derived", "quotes", q, "source"), f"quote names source '{quote.source}', which "
                       "is not the id of this rubric's source or further_sources"
                       + did_you_mean(quote.source, source_ids))
        for e, item in enumerate(criterion.evidence):
            claim(item.id, (*loc, "evidence", e, "id"))
            if not item.id.startswith(criterion.id + "."):
                at((*loc, "evidence", e, "id"),
                   f"evidence item '{item.id}' must start with its criterion id: '{criterion.id}.'")
    return problems


# --------------------------------------------------------------------------- manifests


class RubricIndex:
    """Look-up of short and qualified references across the selected rubrics."""

    def __init__(self, rubrics: list[Rubric]):
        self._by_id: dict[str, list[Target]] = defaultdict(list)
        self._rubric_ids = [r.id for r in rubrics]
        for rubric in rubrics:
            for placed in rubric.walk():
                self._by_id[placed.criterion.id].append(Target(placed))
                for item in placed.criterion.evidence:
                    self._by_id[item.id].append(Target(placed, item))

    def resolve(self, ref: str, *, criteria_only: bool = False) -> tuple[Target | None, str | None, str]:
        """Resolve *ref*; returns (target, error message, error code).

        With *criteria_only*, suggestions for an unknown id name criteria, not evidence items.
        """
        rubric_id, sep, short = ref.partition(":")
        if not sep:
            rubric_id, short = "", ref
        elif rubric_id not in self._rubric_ids:
            return None, (f"'{ref}' names rubric '{rubric_id}', which the manifest does not select"
                          + did_you_mean(rubric_id, self._rubric_ids)), "unknown-evidence-ref"
        found = [t for t in self._by_id.get(short, []) if not rubric_id or t.rubric_id == rubric_id]
        if len(found) == 1:
            return found[0], None, ""
        if not found:
            pool = [k for k in self._by_id if not criteria_only or "." not in k]
            return None, f"'{ref}' is not a criterion or key-evidence item in the selected rubrics" + \
                did_you_mean(short, pool), "unknown-evidence-ref"
        options = " or ".join(f"'{t.rubric_id}:{short}'" for t in found)
        return None, f"'{ref}' is in more than one selected rubric; write {options}", "ambiguous-ref"


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
    manifest = validate(source, data, Manifest)
    spelling = yamlsource.format_version_spelling(source, "manifest")
    if spelling is not None:
        raise InputError([spelling])
    problems: list[Diagnostic] = []

    def at(loc: tuple[Any, ...], message: str, code: str, key: bool = False) -> None:
        node, key_node, _ = source.find(loc)
        problems.append(source.at(key_node if key and key_node is not None else node, message, code))

    selected: list[Selected] = []
    seen_rubrics: dict[str, int] = {}
    for i, spec in enumerate(manifest.rubrics):
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
            at(("rubrics", i), f"rubric '{rubric.id}' is selected twice (also item {seen_rubrics[rubric.id] + 1})",
               "duplicate-id")
            continue
        seen_rubrics[rubric.id] = i
        selected.append(Selected(rubric, bool(version), ("rubrics", i)))
    if problems:
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
            at(("criteria", key), f"criterion '{key}' is rated twice (also as '{loaded.entries[ident][0]}')",
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
                   f"rating '{entry.rating}' is not on the scale for {target.placed.criterion.id}; "
                   f"use one of: {', '.join(allowed)}{extra}", "schema")

    evidence_ids: dict[str, int] = {}
    for i, doc in enumerate(manifest.evidence):
        if doc.id in evidence_ids:
            at(("evidence", i, "id"), f"evidence id '{doc.id}' is already used by item "
               f"{evidence_ids[doc.id] + 1} of the evidence list", "duplicate-id")
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
                   f"action id '{action.id}' is already used under {action_ids[action.id]}", "duplicate-id")
            else:
                action_ids[action.id] = key
    if problems:
        raise InputError(problems)
    return loaded



# --------------------------------------------------------------------------- partner statements


def load_partner(path: str, display: str | None = None) -> tuple[Source, PartnerStatement]:
    """Read and validate one partner statement file. Raises :class:`InputError`."""
    source, data = yamlsource.load(path, display)
    return source, validate(source, data, PartnerStatement)


def load_partners(loaded: LoadedManifest, registry: Any = None) -> None:
    """Read every partner statement *loaded* lists into ``loaded.partners``.

    Resolves each statement's views against the selected rubrics and every action's
    ``answers`` against the statements' conditions (a view of a criterion of a rubric the
    manifest does not select, but *registry* has, is left aside: partners' statements outlive
    a trust's choice of rubrics). A statement file that is missing or
    lies outside the repository is recorded as such (the evaluation reports it); one that
    cannot be read or is invalid raises :class:`InputError`, located in that file.
    """
    from .evidence_files import inside

    problems: list[Diagnostic] = []
    index = RubricIndex([s.rubric for s in loaded.rubrics])
    others = RubricIndex([registry.get(i) for i in registry.ids()]) if registry is not None else None
    folder = posixpath.dirname(loaded.path)
    seen: dict[str, int] = {}
    for i, rel in enumerate(loaded.manifest.partners):
        pid = PurePosixPath(rel.replace("\\", "/")).stem
        shown = posixpath.normpath(posixpath.join(folder, rel.replace("\\", "/")))
        if pid in seen:
            problems.append(loaded.source.at(loaded.source.find(("partners", i))[0],
                                             f"partner statement '{rel}' has the same name as item {seen[pid] + 1} "
                                             "of the partners list; give each statement its own file name",
                                             "duplicate-id"))
            continue
        seen[pid] = i
        if not _possible_path(rel):  # a NUL or an over-long name: no such file can exist
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem="missing"))
            continue
        if not inside(loaded.base_dir, rel):
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem="outside"))
            continue
        target = loaded.base_dir / rel
        if not target.is_file():
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem="missing"))
            continue
        try:
            source, statement = load_partner(str(target), shown)
        except InputError as e:
            problems.extend(e.diagnostics)
            continue
        partner = LoadedPartner(pid, rel, i, shown, statement=statement, source=source)
        problems += _resolve_views(partner, source, statement, index, others)
        problems += _unique_conditions(source, statement)
        if statement.letter is not None:
            letter = posixpath.normpath(posixpath.join(posixpath.dirname(rel.replace("\\", "/")), statement.letter))
            partner.letter = ("missing" if not _possible_path(letter) else "outside"
                              if not inside(loaded.base_dir, letter)
                              else "present" if (loaded.base_dir / letter).is_file() else "missing")
        loaded.partners.append(partner)
    problems += _resolve_answers(loaded)
    if problems:
        raise InputError(problems)


def _resolve_views(partner: LoadedPartner, source: Source, statement: PartnerStatement,
                   index: RubricIndex, others: RubricIndex | None = None) -> list[Diagnostic]:
    problems = []
    for key in statement.views:
        target, message, code = index.resolve(key, criteria_only=True)
        at = source.find(("views", key))[1]
        if target is None and code == "unknown-evidence-ref" and others is not None and \
                others.resolve(key.rpartition(":")[2], criteria_only=True)[2] in ("", "ambiguous-ref"):
            continue  # a criterion of a rubric this manifest does not select
        if target is None:
            code = "unknown-criterion" if code == "unknown-evidence-ref" else code
            problems.append(source.at(at, (message or "").replace("is not a criterion or key-evidence item",
                                                                  "is not a criterion"), code))
        elif target.item is not None:
            problems.append(source.at(at, f"'{key}' is a key-evidence item; give a view of its criterion "
                                          f"'{target.placed.criterion.id}' instead", "unknown-criterion"))
        else:
            partner.views[(target.rubric_id, target.placed.criterion.id)] = (key, statement.views[key])
    return problems


def _unique_conditions(source: Source, statement: PartnerStatement) -> list[Diagnostic]:
    problems = []
    first: dict[str, int] = {}
    for c, condition in enumerate(statement.conditions):
        if condition.id in first:
            problems.append(source.at(source.find(("conditions", c, "id"))[0],
                                      f"condition id '{condition.id}' is already used by condition "
                                      f"{first[condition.id] + 1}", "duplicate-id"))
        first.setdefault(condition.id, c)
    return problems


def _resolve_answers(loaded: LoadedManifest) -> list[Diagnostic]:
    """Every action's ``answers`` names a condition of a listed partner statement."""
    conditions = {f"{p.id}.{c.id}" for p in loaded.partners if p.statement for c in p.statement.conditions}
    unread = {p.id for p in loaded.partners if p.statement is None}
    listed = {p.id for p in loaded.partners}
    problems = []
    for key, entry in loaded.manifest.criteria.items():
        for a, action in enumerate(entry.actions):
            for j, ref in enumerate(action.answers):
                pid, _, _ = ref.partition(".")
                if ref in conditions or pid in unread:
                    continue
                if pid not in listed:
                    message = (f"'{ref}' names partner '{pid}', which is not in the manifest's partners list"
                               + did_you_mean(pid, listed))
                else:
                    message = f"'{ref}' is not a condition of partner '{pid}'" + did_you_mean(ref, conditions)
                node = loaded.source.find(("criteria", key, "actions", a, "answers", j))[0]
                problems.append(loaded.source.at(node, message, "unknown-condition-ref"))
    return problems
