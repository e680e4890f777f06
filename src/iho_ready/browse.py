"""Text for the commands that browse rubrics: list, show, diff, explain, and the ``init`` scaffold.

Pure functions from models to strings; the CLI prints them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from .models.rubric import RELATIONSHIP_WORDS, Crosswalk, Placed, Rubric
from .rubrics import Registry

_WRAP = 96


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), _WRAP, initial_indent=indent, subsequent_indent=indent)


def count(rubric: Rubric) -> tuple[int, int]:
    """Number of criteria and of key-evidence items in *rubric*."""
    placed = list(rubric.walk())
    return len(placed), sum(len(p.criterion.evidence) for p in placed)


def list_rubrics(registry: Registry) -> str:
    """One line per available rubric version, newest last within each id."""
    lines = []
    for rubric_id in registry.ids():
        versions = registry.versions(rubric_id)
        for version in versions:
            rubric = registry.get(rubric_id, version)
            criteria, items = count(rubric)
            newest = " (newest)" if version == versions[-1] and len(versions) > 1 else ""
            where = "bundled" if registry.files[rubric_id][version].bundled else str(
                registry.files[rubric_id][version].path)
            lines.append(f"{rubric.key}{newest}  [{rubric.status}]  {rubric.title}")
            lines.append(f"    {criteria} criteria, {items} key-evidence items; {rubric.publisher}, "
                         f"{rubric.published}; {where}")
    return "\n".join(lines) + "\n"


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
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class RubricDiff:
    """Differences between two rubric versions, by criterion and evidence item id."""

    added: list[str]
    removed: list[str]
    changed: list[str]
    """Human-readable lines describing changed text or properties."""

    @property
    def empty(self) -> bool:
        """True when the two versions have the same criteria and text."""
        return not (self.added or self.removed or self.changed)


def diff_rubrics(old: Rubric, new: Rubric) -> RubricDiff:
    """Compare two rubrics criterion by criterion and item by item."""
    def index(r: Rubric) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for p in r.walk():
            c = p.criterion
            out[c.id] = {"statement": c.statement, "points": c.points, "closing": c.closing,
                         "mandatory": c.mandatory, "scale": p.scale_id, "domain": p.domain.id}
            for item in c.evidence:
                out[item.id] = {"text": item.text, "required": item.required, "considerations": item.considerations}
        return out

    a, b = index(old), index(new)
    changed = []
    for key in sorted(set(a) & set(b)):
        for field, value in a[key].items():
            if b[key].get(field) != value:
                changed.append(f"{key}: {field} changed")
    return RubricDiff(added=sorted(set(b) - set(a)), removed=sorted(set(a) - set(b)), changed=changed)


def format_diff(old: Rubric, new: Rubric, diff: RubricDiff) -> str:
    """The diff as text."""
    lines = [f"{old.key} -> {new.key}"]
    if diff.empty:
        return lines[0] + ": no differences in criteria or evidence items\n"
    lines += [f"+ {x}" for x in diff.added] + [f"- {x}" for x in diff.removed] + [f"~ {x}" for x in diff.changed]
    return "\n".join(lines) + "\n"


def explain(registry: Registry, ref: str) -> str | None:
    """Everything about one criterion or key-evidence item, across the newest rubric versions.

    *ref* may be qualified (``rubric-id:SV1`` or ``rubric-id@version:SV1``). Returns None
    when nothing matches.
    """
    scope, sep, short = ref.rpartition(":")
    rubrics = []
    for rubric_id in registry.ids():
        want_id, _, want_version = scope.partition("@")
        if sep and want_id != rubric_id:
            continue
        rubrics.append(registry.get(rubric_id, want_version or None))
    walks = registry.crosswalks(rubrics)
    out: list[str] = []
    for rubric in rubrics:
        for placed in rubric.walk():
            c = placed.criterion
            item = next((i for i in c.evidence if i.id == short), None)
            if c.id != short and item is None:
                continue
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
            out += _crosswalk_lines(walks, rubric, c.id)
            out.append("")
    return "\n".join(out) if out else None




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


def scaffold(rubrics: list[Rubric], as_of: date) -> str:
    """A starter manifest with every criterion and key-evidence slot present, commented.

    The result is valid input: ``check`` accepts it and reports every criterion as not
    assessed until the trust fills it in.
    """
    lines = [
        "# iho-ready evidence manifest (format 1). Fill in the organisation and assessment,",
        "# list your evidence documents, and rate each criterion. Run: iho-ready check manifest.yaml",
        "manifest: 1",
        "organisation:",
        '  name: "Your trust name"',
        '  ods_code: "XXX"             # keep it in quotes',
        "  type: other                 # acute | community | mental-health | combined | ambulance | other",
        "  icb: \"Your integrated care board\"",
        "assessment:",
        "  title: IHO designation readiness self-assessment",
        f"  as_of: {as_of.isoformat()}           # the date expiry and overdue are judged against",
        "  purpose: assurance          # approval | assurance | discussion | information",
        "rubrics:",
    ]
    lines += [f"  - {r.key}" for r in rubrics]
    lines += [
        "evidence: []",
        "# evidence:",
        "#   - id: MTP",
        "#     title: Medium-term plan",
        "#     path: evidence/strategy/medium-term-plan.md   # or url: https://..., or paper: ...",
        "#     owner: Director of Strategy",
        "#     approved: {by: Trust Board, date: YYYY-MM-DD}",
        "#     review_by: YYYY-MM-DD",
        "#     supports: [SV1.E1]      # key-evidence item ids below, or criterion ids",
        "criteria:",
    ]
    for rubric in rubrics:
        lines.append(f"  # ---- {rubric.key}: {rubric.title}")
        for placed in rubric.walk():
            c = placed.criterion
            levels = " | ".join(lv.id for lv in placed.scale if not lv.not_applicable or c.allow_not_applicable)
            lines.append(f"  # {_one_line(c.statement, 88)}")
            for item in c.evidence:
                lines.append(f"  #   evidence {item.id}: {_one_line(item.text, 70)}")
            lines.append(f"  {c.id}:")
            lines.append(f"    rating: null              # {levels}")
            lines.append("    # commentary: ...")
            lines.append("    # explanation: ...        # needed when not confirmed or not met")
            lines.append("    # actions:")
            lines.append("    #   - {id: A1, action: ..., owner: ..., due: YYYY-MM-DD, status: not-started}")
    return "\n".join(lines) + "\n"


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
