"""Read and validate rubrics, crosswalks and manifests into models, or located diagnostics.

Every problem becomes a :class:`~iho_ready.diagnostics.Diagnostic` pointing at a line and
column; all problems in a file are collected before :class:`InputError` is raised.
"""

from __future__ import annotations

import posixpath
import re
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.loaded import LoadedManifest, LoadedPartner, Selected, Target
from .models.manifest import CriterionEntry, Evidence, Manifest
from .models.partner import PartnerStatement
from .models.rubric import Criterion, Crosswalk, Rubric
from .scaffold import DATE_TO_TYPE
from .words import item_name
from .yamlsource import Source, describe_scalar

if TYPE_CHECKING:
    from .git_refs import CommitFiles

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- pydantic -> located


def validate(source: Source, data: Any, model: type[M]) -> M:
    """Validate *data* (built from *source*) as *model*, or raise located diagnostics."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise InputError(pydantic_diagnostics(source, e, model, data)) from None


def pydantic_diagnostics(source: Source, error: ValidationError, model: type[BaseModel],
                         data: Any = None) -> list[Diagnostic]:
    """Turn each pydantic error into a diagnostic at the YAML node its ``loc`` names.

    ``missing`` points at the mapping that lacks the key, ``extra_forbidden`` at the
    unknown key itself (with did-you-mean suggestions), everything else at the value.
    Places are named as people name them (``action A7 of CG2``, not ``criteria.CG2.actions[6]``),
    taking ids from *data*, the plain data that was validated.
    """
    found = []

    def named(loc: tuple[Any, ...]) -> str:
        return item_name(loc, partial(_id_at, data))

    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        node, key_node, _ = source.find(loc)
        kind = err["type"]
        name = named(loc)
        if kind == "missing":
            message = f"{named(loc[:-1]) or 'the file'} has no '{loc[-1]}:'; add it"
            at = node
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown field '{loc[-1]}'" + (f" in {named(loc[:-1])}" if loc[:-1] else "")
            message += did_you_mean(str(loc[-1]), allowed) or (
                f"; allowed fields: {', '.join(allowed)}" if allowed else "")
            at = key_node or node
        elif loc and loc[-1] == "[key]":
            parent = named(loc[:-2]) or "the top level"
            written = source.find(loc[:-1])[1]
            shown = getattr(written, "value", "") or ""
            key = f"the key {shown}" if shown else "an empty key"
            message = f"{parent}: {key} must be text (an id such as SV1); put it in quotes if it is meant as text"
            at = key_node or node
        else:
            message = f"{name}: {_explain(err, node)}" if name else _explain(err, node)
            at = node
        found.append(source.at(at, message, "schema"))
    return found


_NAMEABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,40}")
"""An id fit to name an entry in a message (one that is itself the problem is not)."""


def _id_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    """The id people know the list entry at *loc* of plain *data* by: its ``id``, or for a
    partner statement listed under ``partners``, its file name (``icb``)."""
    value = data
    for part in loc:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    if isinstance(value, dict) and isinstance(value.get("id"), str) and _NAMEABLE.fullmatch(value["id"]):
        return str(value["id"])
    if isinstance(value, str) and loc[:1] == ("partners",) and value.strip():
        return PurePosixPath(value.replace("\\", "/")).stem
    return None


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


_BOUNDS: dict[str, tuple[str, str]] = {
    "less_than_equal": ("le", "more than {}, the most"),
    "greater_than_equal": ("ge", "less than {}, the least"),
}
"""Pydantic's numeric bound errors -> (its context key, our words)."""


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
        if value == DATE_TO_TYPE:  # uncommented from init's starter manifest as it was
            return f"type the date in place of {DATE_TO_TYPE}, for example 2027-01-31"
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        if isinstance(value, str):
            return (f"'{value}' is not a valid id: use letters, digits, '-' and '_', "
                    "starting with a letter" if "[A-Za-z]" in str(err.get("ctx", {}).get("pattern", ""))
                    else f"'{value}' does not have the expected form {err['ctx']['pattern']}")
        detail = describe_scalar(node) if node is not None else None
        return _EXPECTED["string_type"] + (f", but {detail}" if detail else "")
    if kind in _BOUNDS:
        limit = err.get("ctx", {}).get(_BOUNDS[kind][0])
        return f"{value} is {_BOUNDS[kind][1].format(limit)} allowed here"
    if kind == "string_too_short" and value == "":
        return "must not be empty: write it in, or delete the line"
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
    mapped = {m.target for m in walk.mappings}
    listed: set[str] = set()
    for i, gap in enumerate(walk.no_counterpart):
        ids = sides["target"]
        at = source.find(("no_counterpart", i, "target"))[0]
        if ids is not None and gap.target not in ids:
            problems.append(source.at(at, f"'{gap.target}' is not a criterion of {names['target']}"
                                      + did_you_mean(gap.target, ids), "unknown-criterion"))
        elif gap.target in mapped:
            problems.append(source.at(at, f"{gap.target} is listed as having no counterpart, but a mapping "
                                      "relates it; remove one of the two", "crosswalk-review"))
        elif gap.target in listed:
            problems.append(source.at(at, f"{gap.target} is listed twice under no_counterpart", "duplicate-id"))
        listed.add(gap.target)
    if not problems:  # the words are only worth reading once every id is right
        problems = review_crosswalk(source, walk, rubrics)
    return problems


def _norm(text: str) -> str:
    """*text* with its whitespace normalised, and nothing else changed."""
    return " ".join(text.split())


EQUAL_QUOTES = 0.8
"""How alike (difflib's ratio, 0 to 1) each quote of an ``equal`` mapping must be to one on the other side."""

_CLOSE_LIMIT = 5_000
"""Quotes longer than this (characters) are compared for equality only: difflib's ratio is quadratic."""


def _says_adds(rationale: str, names: list[str]) -> bool:
    """Whether *rationale* says, in one clause, that the side *names* names has something more
    (``SV4 also covers inequalities``, ``CP1 adds procurement``). Linear in the rationale's length:
    one pass per clause (a clause ends at ``.`` or ``;`` before a space, so ``CG1.E2`` stays whole)."""
    import re

    ids = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    adds = re.compile(r"\b(?:also|adds?)\b")
    for clause in re.split(r"[.;](?=\s|$)", rationale):
        named = ids.search(clause)
        if named and adds.search(clause, named.end()):
            return True
    return False


def _close(quote: str, others: list[str]) -> bool:
    """Whether *quote* is close (see :data:`EQUAL_QUOTES`) to one of *others*, case and whitespace aside."""
    import difflib

    a = _norm(quote).casefold()
    for other in others:
        b = _norm(other).casefold()
        if max(len(a), len(b)) > _CLOSE_LIMIT:
            if a == b:
                return True
            continue
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        if matcher.real_quick_ratio() >= EQUAL_QUOTES and matcher.ratio() >= EQUAL_QUOTES:
            return True
    return False


def relationship_problem(relationship: str, rationale: str, source_names: list[str], target_names: list[str],
                         source_quotes: list[str], target_quotes: list[str]) -> str | None:
    """Why *relationship* disagrees with its rationale and quotes, or None when they agree.

    The rule (docs/rubric-format.md): a rationale says what a side has that the other lacks by
    naming that side's criterion (or key-evidence item) id followed, in the same clause, by
    "also" or "adds". ``intersect`` says so of both sides; ``subset`` (the source covers part of
    the target) of the target only; ``superset`` of the source only; ``equal`` of neither, and
    each of its quotes must be close to (difflib ratio of at least 0.8) a quote on the other side.
    """
    wider = (_says_adds(rationale, source_names), _says_adds(rationale, target_names))
    s, t = source_names[0], target_names[0]
    need = {"intersect": (True, True), "subset": (False, True), "superset": (True, False),
            "equal": (False, False)}[relationship]
    if wider != need:
        says = {(True, True): "each side has something the other lacks (intersect)",
                (False, True): f"{t} is wider than {s} (subset)",
                (True, False): f"{s} is wider than {t} (superset)",
                (False, False): "neither side has anything more (equal)"}
        if wider == (False, False) and relationship != "equal":
            return (f"{relationship}: the rationale must say what is wider, naming the criterion: e.g. "
                    f"'{s} also ...' or '{t} also ...' (docs/rubric-format.md)")
        return f"{relationship}, but the rationale says {says[wider]}"
    if relationship == "equal":
        far = [q for q in source_quotes if not _close(q, target_quotes)] + [
            q for q in target_quotes if not _close(q, source_quotes)]
        if far or not source_quotes or not target_quotes:
            return ("equal, but " + (f"the quote {far[0]!r} has no close match on the other side" if far else
                                     "equal needs quotes on both sides to compare"))
    return None


def _criterion_texts(criterion: Criterion, item_id: str | None) -> list[str]:
    """The words a crosswalk may quote: the named key-evidence item's, or the whole criterion's."""
    out = [] if item_id is not None else [criterion.statement, *criterion.points,
                                          *([criterion.closing] if criterion.closing else [])]
    for item in criterion.evidence:
        if item_id is None or item.id == item_id:
            out += [item.text, *item.considerations]
    return [_norm(t) for t in out]


def review_crosswalk(source: Source, walk: Crosswalk, rubrics: Any) -> list[Diagnostic]:
    """Whether each mapping rests on real words and says what it claims, located in the file.

    Every quote must occur (whitespace normalised) in the criterion it names, or in the named
    key-evidence item; each side needs at least one; the relationship must agree with the
    rationale (:func:`relationship_problem`). Run once the ids are known to be right.
    """
    problems: list[Diagnostic] = []
    criteria = {side: {p.criterion.id: p.criterion for p in rubrics.get(*getattr(walk, side).split("@")).walk()}
                for side in ("source", "target")}
    for i, m in enumerate(walk.mappings):
        for side in ("source", "target"):
            quotes: list[str] = getattr(m, f"{side}_quotes")
            item: str | None = getattr(m, f"{side}_evidence")
            cid: str = getattr(m, side)
            if not quotes:
                problems.append(source.at(source.find(("mappings", i))[0],
                                          f"{m.source} -> {m.target}: quote the words of {item or cid} the mapping "
                                          f"rests on ({side}_quotes)", "crosswalk-review"))
            pool = _criterion_texts(criteria[side][cid], item)
            for q, quote in enumerate(quotes):
                if not any(_norm(quote) in text for text in pool):
                    problems.append(source.at(source.find(("mappings", i, f"{side}_quotes", q))[0],
                                              f"these words are not in {item or cid} (quotes are verbatim, "
                                              "whitespace aside)", "crosswalk-review"))
        why = relationship_problem(m.relationship, m.rationale,
                                   [m.source, *([m.source_evidence] if m.source_evidence else [])],
                                   [m.target, *([m.target_evidence] if m.target_evidence else [])],
                                   m.source_quotes, m.target_quotes)
        if why:
            problems.append(source.at(source.find(("mappings", i, "relationship"))[0], why, "crosswalk-review"))
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
    _check_designation(rubric, at, set(placed))
    return problems


def _check_designation(rubric: Rubric, at: Any, ids: set[str]) -> None:
    """The ``designation`` data names criteria (*ids*) of this rubric, and each stage and step once."""
    d = rubric.designation
    if d is None:
        return
    named: list[tuple[tuple[Any, ...], str]] = [
        (("designation", "stages", s, "criteria", c), ref) for s, stage in enumerate(d.stages)
             for c, ref in enumerate(stage.criteria)]
    named += [(("designation", field, c), ref) for field in ("needs_risk", "benefit_criteria")
              for c, ref in enumerate(getattr(d, field))]
    for loc, ref in named:
        if ref not in ids:
            at(loc, f"'{ref}' is not a criterion of this rubric" + did_you_mean(ref, ids), "unknown-criterion")
    for field in ("stages", "steps", "prerequisites"):
        seen: set[str] = set()
        for i, entry in enumerate(getattr(d, field)):
            key = entry.kind if field == "prerequisites" else entry.id
            if key in seen:
                at(("designation", field, i), f"designation {field} lists '{key}' twice", "duplicate-id")
            seen.add(key)


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
    criterion's rating and actions, each evidence entry's id and ``supports``, ``confirmed_against``.

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
    raw_confirmed = data.get("confirmed_against")
    confirmed = {k: v for k, v in raw_confirmed.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(raw_confirmed, dict) else {}
    found: dict[str, Any] = {"rubrics": rubrics, "criteria": criteria, "evidence": evidence,
                             "confirmed_against": confirmed}
    return Manifest.model_construct(**found)


# --------------------------------------------------------------------------- partner statements


def load_partner(path: str, display: str | None = None, text: str | None = None) -> tuple[Source, PartnerStatement]:
    """Read and validate one partner statement file (or *text*, its content at a commit). Raises :class:`InputError`."""
    source, data = yamlsource.load(path, display, text)
    return source, validate(source, data, PartnerStatement)


def load_partners(loaded: LoadedManifest, registry: Any = None, files: CommitFiles | None = None) -> None:
    """Read every partner statement *loaded* lists into ``loaded.partners``.

    Resolves each statement's views against the selected rubrics and every action's
    ``answers`` against the statements' conditions (a view of a criterion of a rubric the
    manifest does not select, but *registry* has, is left aside: partners' statements outlive
    a trust's choice of rubrics). A statement file that is missing or
    lies outside the repository is recorded as such (the evaluation reports it); one that
    cannot be read or is invalid raises :class:`InputError`, located in that file. With
    *files*, statements and letters are read from a git commit rather than the working tree.
    """
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
        where = _where(loaded.base_dir, rel, files)
        if where != "present":
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem=where))
            continue
        target = loaded.base_dir / rel
        try:
            text = None if files is None else files.read_text(rel, files.shown(shown))
            source, statement = load_partner(str(target), shown if files is None else files.shown(shown), text)
        except InputError as e:
            problems.extend(e.diagnostics)
            continue
        partner = LoadedPartner(pid, rel, i, shown, statement=statement, source=source)
        problems += _resolve_views(partner, source, statement, index, others)
        problems += _unique_conditions(source, statement)
        if statement.letter is not None:
            letter = posixpath.normpath(posixpath.join(posixpath.dirname(rel.replace("\\", "/")), statement.letter))
            partner.letter = "missing" if not _possible_path(letter) else _where(loaded.base_dir, letter, files)
        loaded.partners.append(partner)
    problems += _resolve_answers(loaded)
    if problems:
        raise InputError(problems)


def _where(base: Path, relative: str, files: CommitFiles | None) -> Literal["outside", "missing", "present"]:
    """Whether *relative* is a file inside *base*: in the working tree, or at a commit with *files*."""
    from .evidence_files import inside

    if files is not None:
        return files.where(relative)
    if not inside(base, relative):
        return "outside"
    return "present" if (base / relative).is_file() else "missing"


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
