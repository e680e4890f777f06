"""Rubrics as text for the commands that browse them: ``rubrics list``, ``rubrics show``,
``rubrics diff`` and ``explain``.

Renderers only: the application layer finds and loads the rubrics and passes them in.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from ..models.rubric import RELATIONSHIP_WORDS, Crosswalk, EvidenceItem, Mapping, Placed, Rubric, SourceRef
from ..rubric_diff import RubricDiff
from ..safe_text import visible_lines
from ..words import (
    NO_COUNTERPART,
    credit,
    decided_by,
    listing,
    long_month_or_date,
    lower_first,
    made_by,
    one_line,
    partner_kinds,
    with_lead_in,
)

_WIDTH: ContextVar[int] = ContextVar("width", default=100)
"""Columns to wrap at: the terminal's, set by each public function from its ``width``."""

def _at_width(render: Callable[..., str]) -> Callable[..., str]:
    """Give *render* a ``width`` keyword (default 100) that every line it wraps follows."""

    @functools.wraps(render)
    def wrapper(*args: Any, width: int = 100, **kwargs: Any) -> str:
        token = _WIDTH.set(width)
        try:
            return render(*args, **kwargs)
        finally:
            _WIDTH.reset(token)

    return wrapper


def count(rubric: Rubric) -> tuple[int, int]:
    """Number of criteria and of key-evidence items in *rubric*."""
    placed = list(rubric.walk())
    return len(placed), sum(len(p.criterion.evidence) for p in placed)


def _wrap(text: str, indent: str, hang: str = "") -> str:
    """*text* wrapped at words to the width; ids, versions and hyphenated words are never split."""
    return textwrap.fill(one_line(text), max(_WIDTH.get(), len(indent) + 20), initial_indent=indent,
                         subsequent_indent=indent + hang, break_on_hyphens=False, break_long_words=False)


@dataclass(frozen=True)
class Listed:
    """One rubric version as ``rubrics list`` shows it."""

    rubric: Rubric
    """The parsed rubric."""
    newest: bool
    """True for the newest of several versions."""
    where: str
    """``bundled``, or the file it was read from."""


@_at_width
def list_rubrics(listed: list[Listed]) -> str:
    """One entry per available rubric version, newest last within each id."""
    lines = []
    for entry in listed:
        rubric = entry.rubric
        criteria, items = count(rubric)
        newest = " (newest)" if entry.newest else ""
        lines.append(_wrap(f"{rubric.key}{newest}  [{rubric.status}]  {rubric.title}", "", "    "))
        # A month is a proper noun (November 2025); only "not stated in the source" continues the sentence.
        published = long_month_or_date(rubric.published)
        published = lower_first(published) if rubric.published is None else published
        lines.append(_wrap(f"{criteria} criteria, {items} key-evidence items; {rubric.publisher}, "
                           f"{published}; {entry.where}", "    "))
    return visible_lines("\n".join(lines) + "\n")  # rubric text shown, never acted on


def _criterion_text(placed: Placed, indent: str = "  ") -> list[str]:
    c = placed.criterion
    title = f": {c.short_title} (short title added by {placed.rubric.short_titles_by})" if c.short_title else ""
    lines = [_wrap(f"{c.id}{title}{'' if c.mandatory else ' (optional)'}  [{c.ref}]", indent, "  "),
             _wrap(with_lead_in(placed.lead_in, c.statement), indent + "  ")]
    lines += [_wrap(f"– {p}", indent + "    ") for p in c.points]
    if c.closing:
        lines.append(_wrap(c.closing, indent + "  "))
    for item in c.evidence:
        lines.append(_wrap(f"{item.id}{'' if item.required else ' (suggested)'}: {item.text}", indent + "    "))
        lines += [_wrap(f"– {x}", indent + "        ") for x in item.considerations]
        lines += _partner_lines(placed.rubric, item.partner_statements, indent + "        ")
    lines += _partner_lines(placed.rubric, c.partner_statements, indent + "    ")
    lines += [_wrap(f"Source note: {note}", indent + "    ") for note in c.source_notes]
    if c.derived:
        lines += _derived_lines(placed.rubric, c.derived.by, c.derived.wording, c.derived.note, indent + "    ")
        lines += [_wrap(f"Rests on: \"{q.text}\" ({_source_name(placed.rubric, q.source)}, {q.ref})",
                        indent + "      ") for q in c.derived.quotes]
    mark = placed.mandatory_provenance
    if mark is not None:
        what = decided_by("Mandatory" if c.mandatory else "Optional", mark.by)
        lines.append(_wrap(f"{what}" + (f": {mark.note}" if mark.note else ""), indent + "    "))
    if c.guidance:
        where = f", {c.guidance.ref}" if c.guidance.ref else ""
        lines.append(_wrap(f"Guidance ({made_by(c.guidance.by)}{where}): {c.guidance.text}", indent + "    "))
    return lines


def _partner_lines(rubric: Rubric, kinds: Sequence[str], indent: str) -> list[str]:
    """Which partners' statements count as evidence, marked as whoever decided it."""
    if not kinds:
        return []
    return [_wrap(f"Partners' statements that count as evidence ({made_by(rubric.encoder_mark)}): "
                  f"{partner_kinds(kinds)}",
                  indent)]


def _derived_lines(rubric: Rubric, by: str, wording: str, note: str, indent: str) -> list[str]:
    if wording == "verbatim":
        head = f"Made a criterion by {by} (the words are the source's; the source does not present them as a " \
               "criterion)"
    else:
        head = f"Worded by {by}, not by the source"
    return [_wrap(f"{head}: {note}", indent)]


def _source_name(rubric: Rubric, source_id: str | None) -> str:
    return rubric.sources().get(source_id, rubric.source).title


def _source_lines(ref: SourceRef, indent: str = "") -> list[str]:
    who = credit(ref.publisher, ref.partners, ref.authors, ref.date)
    lines = [_wrap(f"Source: {ref.title}" + (f" ({who})" if who else "") + f"; {ref.section}"
                   + (f"; {ref.url}" if ref.url else ""), indent)]
    lines.append(_wrap(f"Licence of the source text: {ref.licence}", indent))
    return lines


def _additions_lines(rubric: Rubric) -> list[str]:
    """What in the rubric is the encoder's own rather than the source's, and its licence."""
    lines = []
    if rubric.derived:
        lines.append(_wrap(f"Derived rubric: its criteria are worded by {rubric.derived.by}, not by the sources. "
                           f"{rubric.derived.note or ''}", ""))
    for name, levels in rubric.scales.items():
        mark = rubric.scale_provenance.get(name)
        text = f"Scale '{name}': " + ", ".join(f"{lv.label} ({lv.id})" for lv in levels)
        text += f" ({made_by(mark.by if mark else None)})"
        if mark and mark.note:
            text += f": {mark.note}"
        lines.append(_wrap(text, ""))
    if rubric.themes:
        lines.append(_wrap("Themes: " + ", ".join(f"{t.title} ({t.id})" for t in rubric.themes)
                           + f"; the themes are {made_by(_one(t.by for t in rubric.themes))}; "
                           f"which criteria carry them is {made_by(rubric.tags_by)}", ""))
    partnered = rubric.partner_evidence()
    if partnered:
        lines.append(_wrap(f"Which partners' statements count as evidence for {listing(partnered)} is "
                           f"{made_by(rubric.encoder_mark)}.", ""))
    if rubric.additions_licence:
        lines.append(_wrap(f"What is marked as added by {rubric.encoded_by or 'the encoder'} is theirs, licensed "
                           f"{rubric.additions_licence}, and kept apart from the source text.", ""))
    return lines


def _one(values: object) -> str | None:
    found = set(values)  # type: ignore[call-overload]
    return found.pop() if len(found) == 1 else None


@_at_width
def show_rubric(rubric: Rubric) -> str:
    """The whole rubric as indented text: source, scales, themes, domains and criteria."""
    criteria, items = count(rubric)
    lines = [_wrap(rubric.title, ""), _wrap(f"{rubric.key}  status: {rubric.status}  "
                                            f"published: {long_month_or_date(rubric.published)}  "
                                            f"publisher: {rubric.publisher}", "", "  ")]
    for ref in [rubric.source, *rubric.further_sources]:
        lines += _source_lines(ref)
    lines += [f"{criteria} criteria, {items} key-evidence items", ""]
    lines += _additions_lines(rubric)
    current: tuple[str, str | None] | None = None
    for placed in rubric.walk():
        where = (placed.domain.id, placed.area.id if placed.area else None)
        if where != current:
            if current is None or where[0] != current[0]:
                lines += ["", _wrap(f"{placed.domain.id}  {placed.domain.title}  (scale: {placed.scale_id})", "",
                                    "  ")]
                lines += [_wrap(f"Source note: {n}", "   ") for n in placed.domain.source_notes]
            if placed.area:
                lines += [_wrap(f"{placed.area.id}  {placed.area.title}", " ", "  ")]
                lines += [_wrap(f"Source note: {n}", "   ") for n in placed.area.source_notes]
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


@_at_width
def explain(matches: list[Explained]) -> str:
    """Everything about the criteria or key-evidence items matched by ``explain``."""
    out: list[str] = []
    for match in matches:
        rubric, placed, item = match.rubric, match.placed, match.item
        c = placed.criterion
        out.append(_wrap(f"{rubric.key}  {rubric.title}", "", "  "))
        where = placed.domain.title + (f" › {placed.area.title}" if placed.area else "")
        out.append(_wrap(where, "  ", "  "))
        if item is not None:
            out.append(_wrap(f"Key-evidence item {item.id} ({'required' if item.required else 'suggested'}) "
                             f"for criterion {c.id}:", "  ", "  "))
            out.append(_wrap(item.text, "    "))
            out += [_wrap(f"– {x}", "      ") for x in item.considerations]
            out += _partner_lines(rubric, item.partner_statements, "    ")
            out += [_wrap(f"Source note: {note}", "    ") for note in c.source_notes if item.id in note]
            out.append(f"  Criterion {c.id}:")
            out.append(_wrap(with_lead_in(placed.lead_in, c.statement), "    "))
        else:
            out += _criterion_text(placed, "  ")
            levels = ", ".join(lv.label for lv in placed.scale
                               if not lv.not_applicable or c.allow_not_applicable)
            mark = rubric.scale_provenance.get(placed.scale_id)
            out.append(_wrap(f"Ratings: {levels} (scale {made_by(mark.by if mark else None)})"
                             + (f": {mark.note}" if mark and mark.note else ""), "  "))
        who = credit(rubric.source.publisher or rubric.publisher, rubric.source.partners, rubric.source.authors,
                     rubric.source.date)
        out.append(_wrap(f"Source: {rubric.source.title}" + (f" ({who})" if who else "") + f"; {c.ref}"
                         + (f"; {rubric.source.url}" if rubric.source.url else ""), "  "))
        out.append(_wrap(f"Licence of the source text: {rubric.source.licence}", "  "))
        themes = {t.id: t.title for t in rubric.themes}
        if c.tags:
            out.append(_wrap(f"Themes ({made_by(rubric.tags_by)}): " + ", ".join(themes.get(t, t) for t in c.tags),
                             "  ", "  "))
            related = sorted({p.criterion.id for p in rubric.walk()
                              if p.criterion.id != c.id and set(p.criterion.tags) & set(c.tags)})
            if related:
                out.append(_wrap("Shares a theme with: " + ", ".join(related), "  ", "  "))
        out += _crosswalk_lines(match.crosswalks, rubric, c.id)
        out.append("")
    return visible_lines("\n".join(out))


def _crosswalk_lines(walks: list[Crosswalk], rubric: Rubric, cid: str) -> list[str]:
    lines = []
    for walk in walks:
        for m in walk.mappings:
            forward, backward = RELATIONSHIP_WORDS[m.relationship]
            if walk.source == rubric.key and m.source == cid:
                mine = f" through its key-evidence item {m.source_evidence}" if m.source_evidence else ""
                head = f"{forward} {walk.target.split('@')[0]}:{m.target}"
            elif walk.target == rubric.key and m.target == cid:
                mine = f" through its key-evidence item {m.target_evidence}" if m.target_evidence else ""
                other = f" (through {m.source_evidence})" if m.source_evidence else ""
                head = f"{backward} {walk.source.split('@')[0]}:{m.source}{other}"
            else:
                continue
            lines.append(_wrap(f"Crosswalk{mine} ({_judge(walk)}): {head} ({m.relationship}). {m.rationale}", "  "))
            lines += _quote_lines(walk, m)
        for gap in walk.no_counterpart:
            if walk.target == rubric.key and gap.target == cid:
                lines.append(_wrap(f"Crosswalk ({_judge(walk)}): {NO_COUNTERPART.lower()} in "
                                   f"{walk.source.split('@')[0]}, a gap. {gap.note}", "  "))
    return lines


def _judge(walk: Crosswalk) -> str:
    return "made by the publisher" if walk.by == "source" else f"{walk.by}'s judgement, not from either source"


def _quote_lines(walk: Crosswalk, m: Mapping) -> list[str]:
    quoted = [f"{walk.source.split('@')[0]}: " + "; ".join(f"\"{q}\"" for q in m.source_quotes)] if m.source_quotes \
        else []
    quoted += [f"{walk.target.split('@')[0]}: " + "; ".join(f"\"{q}\"" for q in m.target_quotes)] \
        if m.target_quotes else []
    return [_wrap(f"Rests on the words {listing(quoted)}", "    ")] if quoted else []
