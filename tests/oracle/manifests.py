"""A hypothesis strategy for valid manifests over the bundled rubrics, and a way to lay them out.

Every example is a fictional trust's evidence folder: a manifest rating a random part of the
NHS England and NHS Confederation rubrics (every level of each scale, explanations present or
not), actions in every status with due dates before, near and after the as-of date, owners or
none, documents valid, expired, expiring, missing, unapproved, private or changed since a lock,
partner statements of every kind and position, signed or not, in date or not, with conditions
answered by an action or not and views that agree or not, and a previous assessment of the same
trust with some ratings moved. ``tests/oracle`` checks every output against the result for
these; the workbook round trip reuses them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from iho_ready.rubrics import Registry

AS_OF = date(2026, 10, 31)
"""The date every generated assessment is judged on."""
DATES = [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 30), date(2027, 6, 30)]
"""Before, on, just after (within the expiry warning) and well after the as-of date."""
RUBRICS = ["nhse-iho-designation@2025.11", "nhsconfed-host-provider@2025.11"]
ACTION_STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete"]
POSITIONS = ["supports", "supports-with-conditions", "undecided", "does-not-support"]
KINDS = ["icb", "trust", "primary-care", "local-authority", "vcse"]


@dataclass(frozen=True)
class Slot:
    """A criterion of a bundled rubric, as the generator needs it."""

    id: str
    levels: tuple[str, ...]
    """Level ids of its scale."""
    refs: tuple[str, ...]
    """What a document can support: its key-evidence items, or the criterion itself."""


def _slots() -> list[Slot]:
    registry = Registry()
    found = []
    for spec in RUBRICS:
        rubric_id, version = spec.split("@")
        for placed in registry.get(rubric_id, version).walk():
            c = placed.criterion
            found.append(Slot(c.id, tuple(lv.id for lv in placed.scale), tuple(i.id for i in c.evidence) or (c.id,)))
    return found


SLOTS = _slots()


@dataclass
class Scenario:
    """One generated trust: the manifest, its files, and what to do with them."""

    manifest: dict[str, Any]
    files: dict[str, str]
    """Path (relative to the folder) -> text, partner statements and evidence included."""
    lock: bool = False
    """Write ``iho-ready.lock`` once the files are laid out."""
    changed: list[str] = field(default_factory=list)
    """Evidence files edited after the lock was written."""
    previous: dict[str, Any] | None = None
    """An earlier manifest of the same trust (written as ``previous.yaml``)."""

    def lay_out(self, folder: Path) -> Path:
        """Write everything under *folder*; return the manifest's path."""
        for name, text in self.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        manifest = folder / "manifest.yaml"
        manifest.write_text(yaml.safe_dump(self.manifest, sort_keys=False, allow_unicode=True), encoding="utf-8")
        if self.previous is not None:
            (folder / "previous.yaml").write_text(yaml.safe_dump(self.previous, sort_keys=False), encoding="utf-8")
        return manifest


_text = st.sampled_from(["Agreed with partners.", "Not yet agreed: the plan is in draft.", "A: colon, and # hash",
                         "`code` and *stars* and [a](link)", "<b>markup</b> & ampersand", "Ünïcödé — dash"])


@st.composite
def actions(draw: st.DrawFn, counter: list[int], conditions: list[str]) -> list[dict[str, Any]]:
    """Zero to two actions, in any status, owned or not, dated or not, answering conditions or not."""
    made = []
    for _ in range(draw(st.integers(0, 2))):
        counter[0] += 1
        action: dict[str, Any] = {"id": f"A{counter[0]}", "action": draw(_text)}
        if draw(st.booleans()):
            action["owner"] = draw(st.sampled_from(["Chief Executive", "Director of Strategy"]))
        if draw(st.integers(0, 4)):
            action["due"] = draw(st.sampled_from(DATES))
        action["status"] = draw(st.sampled_from(ACTION_STATUSES))
        if conditions and draw(st.booleans()):
            action["answers"] = [draw(st.sampled_from(conditions))]
        made.append(action)
    return made


@st.composite
def partners(draw: st.DrawFn) -> tuple[list[str], dict[str, str], list[str]]:
    """Partner statements: (manifest list, files, condition refs)."""
    listed, files, conditions = [], {}, []
    kinds = draw(st.lists(st.sampled_from(KINDS), max_size=3, unique=True))
    for n, kind in enumerate(kinds):
        pid = f"p{n}"
        path = f"partners/{pid}.yaml"
        listed.append(path)
        if draw(st.integers(0, 5)) == 0:
            continue  # listed, never received
        position = draw(st.sampled_from(POSITIONS))
        statement: dict[str, Any] = {
            "partner_statement": 1,
            "partner": {"name": f"Oracle {kind} partner {n} (fictional)", "kind": kind},
            "signed": {"by": "Chair", "date": date(2026, 10, 1)} if draw(st.booleans()) else None,
            "review_by": draw(st.sampled_from(DATES)),
            "position": position,
        }
        if position == "supports-with-conditions":
            statement["conditions"] = [{"id": "C1", "text": draw(_text)}]
            conditions.append(f"{pid}.C1")
        viewed = draw(st.lists(st.sampled_from(SLOTS), max_size=2, unique_by=lambda s: s.id))
        if viewed:
            statement["views"] = {s.id: {"agrees": draw(st.sampled_from([True, False, None])), "comment": draw(_text),
                                         "private": draw(st.booleans())} for s in viewed}
        files[path] = yaml.safe_dump(statement, sort_keys=False)
    return listed, files, conditions


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Evidence register entries and their files: valid, expired, expiring, missing, unapproved, private."""
    entries, files = [], {}
    for n in range(draw(st.integers(0, 8))):
        doc: dict[str, Any] = {"id": f"D{n}", "title": draw(_text), "path": f"evidence/d{n}.md"}
        if draw(st.integers(0, 4)):
            files[doc["path"]] = f"Document {n}.\n"
        if draw(st.integers(0, 3)):
            doc["approved"] = {"by": "Trust Board", "date": date(2026, 9, 4)}
        if draw(st.booleans()):
            doc["review_by"] = draw(st.sampled_from(DATES))
        doc["sensitivity"] = draw(st.sampled_from(["public", "public", "private"]))
        refs = [ref for s in draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=4)) for ref in s.refs]
        doc["supports"] = sorted(set(draw(st.lists(st.sampled_from(refs), min_size=1, max_size=4))))
        entries.append(doc)
    return entries, files


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A whole trust: manifest, evidence, partners, perhaps a lock and a previous assessment."""
    listed, partner_files, conditions = draw(partners())
    entries, files = draw(documents())
    counter = [0]
    criteria: dict[str, Any] = {}
    for slot in draw(st.lists(st.sampled_from(SLOTS), max_size=len(SLOTS), unique_by=lambda s: s.id)):
        entry: dict[str, Any] = {"rating": draw(st.sampled_from([*slot.levels, None]))}
        if draw(st.booleans()):
            entry["explanation" if draw(st.integers(0, 3)) else "justification"] = draw(_text)
        if draw(st.booleans()):
            entry["commentary"] = draw(_text)
        made = draw(actions(counter, conditions))
        if made:
            entry["actions"] = made
        criteria[slot.id] = entry
    manifest: dict[str, Any] = {
        "manifest": 1,
        "organisation": {"name": "Oracle Community NHS Trust (fictional)", "type": "community",
                         "icb": "NHS Oracle Integrated Care Board (fictional)"},
        "assessment": {"title": "Generated readiness self-assessment", "as_of": AS_OF,
                       "meeting": {"name": "Trust Board", "date": date(2026, 11, 6), "agenda_item": "9"},
                       "purpose": draw(st.sampled_from(["approval", "assurance", "discussion", "information"]))},
        "rubrics": list(RUBRICS),
        "evidence": entries,
        "criteria": criteria,
    }
    if draw(st.booleans()):
        manifest["assessment"]["assurance_level"] = draw(
            st.sampled_from(["substantial", "reasonable", "limited", "no-assurance"]))
    if listed:
        manifest["partners"] = listed
    scenario = Scenario(manifest, {**files, **partner_files})
    if files and draw(st.booleans()):
        scenario.lock = True
        scenario.changed = draw(st.lists(st.sampled_from(sorted(files)), max_size=2, unique=True))
    if draw(st.booleans()):
        scenario.previous = _earlier(draw, manifest)
    return scenario


def _earlier(draw: st.DrawFn, manifest: dict[str, Any]) -> dict[str, Any]:
    """The same trust at an earlier meeting, with some ratings different (up or down their scales)."""
    earlier = copy.deepcopy(manifest)
    earlier["assessment"]["as_of"] = date(2026, 7, 31)
    earlier["assessment"]["meeting"] = {"name": "Trust Board", "date": date(2026, 8, 6), "agenda_item": "7"}
    levels = {s.id: s.levels for s in SLOTS}
    for cid, entry in earlier["criteria"].items():
        if draw(st.booleans()):
            entry["rating"] = draw(st.sampled_from([*levels[cid], None]))
    return earlier
