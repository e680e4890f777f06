"""Loading rubrics and crosswalks: their cross-checks (ids, scales, designation data) and the review
of each crosswalk mapping's quotes and relationship.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.loaded import Target
from .models.rubric import Criterion, Crosswalk, Rubric
from .yamlsource import Source

if TYPE_CHECKING:
    pass
from .validation import validate


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
        quoted = " ".join([criterion.statement, *criterion.points, criterion.closing or ""])
        for n, slip in enumerate(criterion.sic):
            if slip not in quoted:
                at((*loc, "sic", n), f"{criterion.id}: sic names words the statement does not contain: '{slip}'")
        if criterion.sic and not criterion.source_notes:
            at((*loc, "sic"), f"{criterion.id} marks a slip in the source ('sic'), so a source note must explain it")
        if criterion.short_title is not None and rubric.short_titles_by is None:
            at((*loc, "short_title"), f"{criterion.id} has a short_title, so the rubric must say who wrote the "
               "short titles ('short_titles_by', e.g. iho-ready: they are never the source's words)")
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
