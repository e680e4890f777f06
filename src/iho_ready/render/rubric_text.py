"""Rubrics as text for the commands that browse them: ``rubrics list``, ``rubrics show``,
``rubrics diff`` and ``explain``.

Renderers only: the application layer finds and loads the rubrics and passes them in.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..models.rubric import RELATIONSHIP_WORDS, Crosswalk, EvidenceItem, Placed, Rubric
from ..rubric_diff import RubricDiff
from ..safe_text import visible_lines
from ..words import one_line

_WRAP = 96


def count(rubric: Rubric) -> tuple[int, int]:
    """Number of criteria and of key-evidence items in *rubric*."""
    placed = list(rubric.walk())
    return len(placed), sum(len(p.criterion.evidence) for p in placed)


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(one_line(text), _WRAP, initial_indent=indent, subsequent_indent=indent)


@dataclass(frozen=True)
class Listed:
    """One rubric version as ``rubrics list`` shows it."""

    rubric: Rubric
    """The parsed rubric."""
    newest: bool
    """True for the newest of several versions."""
    where: str
    """``bundled``, or the file it was read from."""


def list_rubrics(listed: list[Listed]) -> str:
    """One entry per available rubric version, newest last within each id."""
    lines = []
    for entry in listed:
        rubric = entry.rubric
        criteria, items = count(rubric)
        newest = " (newest)" if entry.newest else ""
        lines.append(f"{rubric.key}{newest}  [{rubric.status}]  {rubric.title}")
        lines.append(f"    {criteria} criteria, {items} key-evidence items; {rubric.publisher}, "
                     f"{rubric.published}; {entry.where}")
    return visible_lines("\n".join(lines) + "\n")  # rubric text shown, never acted on


def _criterion_text(placed: Placed, indent: str = "  ") -> list[str]:
    c = placed.criterion
    lines = [f"{indent}{c.id}{'' if c.mandatory else ' (optional)'}  [{c.ref}]",
             _wrap(c.statement, indent + "  ")]
    lines += [_wrap(f"– {p}", indent + "    ") for p in c.points]
    if c.closing:
        lines.append(_wrap(c.closing, indent + "  "))
    for item in c.evidence:
        lines.append(_wrap(f"{item.id}{'' if item.required else ' (suggested)'}: {item.text}", indent + "    "))
        lines += [_wrap(f"– {x}", indent + "        ") for x in item.considerations]
    if c.guidance:
        lines.append(_wrap(f"Guidance ({c.guidance.by}): {c.guidance.text}", indent + "    "))
    return lines


def show_rubric(rubric: Rubric) -> str:
    """The whole rubric as indented text: source, scales, themes, domains and criteria."""
    criteria, items = count(rubric)
    lines = [f"{rubric.title}", f"{rubric.key}  status: {rubric.status}  published: {rubric.published}  "
             f"publisher: {rubric.publisher}",
             f"Source: {rubric.source.title}, {rubric.source.section}",
             f"Licence: {rubric.source.licence}",
             f"{criteria} criteria, {items} key-evidence items", ""]
    for name, levels in rubric.scales.items():
        lines.append(f"Scale '{name}': " + ", ".join(f"{lv.label} ({lv.id})" for lv in levels))
    if rubric.themes:
        lines.append("Themes: " + ", ".join(f"{t.title} ({t.id})" for t in rubric.themes))
    current: tuple[str, str | None] | None = None
    for placed in rubric.walk():
        where = (placed.domain.id, placed.area.id if placed.area else None)
        if where != current:
            if current is None or where[0] != current[0]:
                lines += ["", f"{placed.domain.id}  {placed.domain.title}  (scale: {placed.scale_id})"]
            if placed.area:
                lines += [f" {placed.area.id}  {placed.area.title}"]
            current = where
        lines += _criterion_text(placed)
    return visible_lines("\n".join(lines) + "\n")  # rubric text shown, never acted on


def format_diff(old: Rubric, new: Rubric, diff: RubricDiff) -> str:
    """The diff as text."""
    lines = [f"{old.key} -> {new.key}"]
    if diff.empty:
        return visible_lines(lines[0] + ": no differences in criteria or evidence items\n")
    lines += [f"+ {x}" for x in diff.added] + [f"- {x}" for x in diff.removed] + [f"~ {x}" for x in diff.changed]
    return visible_lines("\n".join(lines) + "\n")  # rubric text shown, never acted on


@dataclass(frozen=True)
class Explained:
    """One criterion (or key-evidence item) that ``explain`` matched, with what relates to it."""

    rubric: Rubric
    """The rubric it belongs to."""
    placed: Placed
    """The criterion and where it sits."""
    item: EvidenceItem | None
    """The key-evidence item asked for, or None when a criterion was asked for."""
    crosswalks: list[Crosswalk]
    """Crosswalks between the rubrics searched."""


def explain(matches: list[Explained]) -> str:
    """Everything about the criteria or key-evidence items matched by ``explain``."""
    out: list[str] = []
    for match in matches:
        rubric, placed, item = match.rubric, match.placed, match.item
        c = placed.criterion
        out.append(f"{rubric.key}  {rubric.title}")
        where = placed.domain.title + (f" › {placed.area.title}" if placed.area else "")
        out.append(f"  {where}")
        if item is not None:
            out.append(f"  Key-evidence item {item.id} ({'required' if item.required else 'suggested'}) "
                       f"for criterion {c.id}:")
            out.append(_wrap(item.text, "    "))
            out += [_wrap(f"– {x}", "      ") for x in item.considerations]
            out.append(f"  Criterion {c.id}:")
            out.append(_wrap(c.statement, "    "))
        else:
            out += _criterion_text(placed, "  ")
            levels = ", ".join(lv.label for lv in placed.scale
                               if not lv.not_applicable or c.allow_not_applicable)
            out.append(f"  Ratings: {levels}")
        out.append(f"  Source: {rubric.source.title}; {c.ref}")
        themes = {t.id: t.title for t in rubric.themes}
        if c.tags:
            out.append("  Themes: " + ", ".join(themes.get(t, t) for t in c.tags))
            related = sorted({p.criterion.id for p in rubric.walk()
                              if p.criterion.id != c.id and set(p.criterion.tags) & set(c.tags)})
            if related:
                out.append("  Shares a theme with: " + ", ".join(related))
        out += _crosswalk_lines(match.crosswalks, rubric, c.id)
        out.append("")
    return visible_lines("\n".join(out))


def _crosswalk_lines(walks: list[Crosswalk], rubric: Rubric, cid: str) -> list[str]:
    lines = []
    for walk in walks:
        for m in walk.mappings:
            forward, backward = RELATIONSHIP_WORDS[m.relationship]
            if walk.source == rubric.key and m.source == cid:
                lines.append(_wrap(f"Crosswalk: {forward} {walk.target.split('@')[0]}:{m.target} "
                                   f"({m.relationship}). {m.rationale}", "  "))
            elif walk.target == rubric.key and m.target == cid:
                lines.append(_wrap(f"Crosswalk: {backward} {walk.source.split('@')[0]}:{m.source} "
                                   f"({m.relationship}). {m.rationale}", "  "))
    return lines
