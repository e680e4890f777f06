"""JSON Schemas generated from the pydantic models, and published under ``schemas/``.

``manifest.schema.json`` lets editors check a manifest as it is typed;
``result.schema.json`` describes ``check --format json`` for the programs that read it;
``rubric.schema.json`` and ``crosswalk.schema.json`` let a trust or a publisher check a
rubric or crosswalk file as it is written (see ``docs/rubric-format.md``);
``history.schema.json`` and ``portfolio.schema.json`` describe ``history`` and ``portfolio``
``--format json``. A test keeps the
published files equal to what these functions generate.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models.rubric import Rubric

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect pydantic generates."""


def _with_dialect(schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DIALECT, **schema}


def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of an evidence manifest."""
    from .models.manifest import Manifest

    return _with_dialect(Manifest.model_json_schema())


def partner_schema() -> dict[str, Any]:
    """The JSON Schema of a partner statement."""
    from .models.partner import PartnerStatement

    return _with_dialect(PartnerStatement.model_json_schema())


def result_schema() -> dict[str, Any]:
    """The JSON Schema of ``check --format json`` output."""
    from .models.result import CheckResult

    return _with_dialect(CheckResult.model_json_schema(mode="serialization"))


def rubric_schema() -> dict[str, Any]:
    """The JSON Schema of a rubric file (``rubrics/ID/VERSION.yaml``)."""
    from .models.rubric import Rubric

    return _with_dialect(Rubric.model_json_schema())


def crosswalk_schema() -> dict[str, Any]:
    """The JSON Schema of a crosswalk file (``rubrics/crosswalks/ID.yaml``)."""
    from .models.rubric import Crosswalk

    return _with_dialect(Crosswalk.model_json_schema())


def history_schema() -> dict[str, Any]:
    """The JSON Schema of ``history --format json`` output."""
    from .history import History

    return _with_dialect(History.model_json_schema(mode="serialization"))


def portfolio_schema() -> dict[str, Any]:
    """The JSON Schema of ``portfolio --format json`` output."""
    from .history import Portfolio

    return _with_dialect(Portfolio.model_json_schema(mode="serialization"))


def dumps(schema: dict[str, Any]) -> str:
    """A schema as indented JSON with a trailing newline (the published form)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


PUBLISHED: dict[str, Callable[[], dict[str, Any]]] = {
    "manifest.schema.json": manifest_schema,
    "partner-statement.schema.json": partner_schema,
    "result.schema.json": result_schema,
    "rubric.schema.json": rubric_schema,
    "crosswalk.schema.json": crosswalk_schema,
    "history.schema.json": history_schema,
    "portfolio.schema.json": portfolio_schema,
}
"""File name under ``schemas/`` -> the function that generates it."""


def manifest_schema_for(rubrics: Sequence[Rubric]) -> dict[str, Any]:
    """The manifest's JSON Schema narrowed to *rubrics*, for an editor to complete and check ids.

    ``criteria`` lists each criterion id as a property (short where the id is in one
    rubric only, and always as ``rubric-id:ID``), described by its statement, with its own
    scale's levels as the ``rating`` enum; each evidence item's ``supports`` must name a
    criterion or key-evidence item of these rubrics. Everything else is the generic
    schema: nothing here decides what ``check`` decides.
    """
    schema = manifest_schema()
    counts: Counter[str] = Counter()
    for rubric in rubrics:
        for placed in rubric.walk():
            counts.update([placed.criterion.id, *(i.id for i in placed.criterion.evidence)])
    criteria: dict[str, Any] = {}
    refs: list[str] = []
    for rubric in rubrics:
        for placed in rubric.walk():
            c = placed.criterion
            levels = [lv for lv in placed.scale if not lv.not_applicable or c.allow_not_applicable]
            entry = {
                "allOf": [{"$ref": "#/$defs/CriterionEntry"}],
                "description": f"{c.statement}\n\n({rubric.key}, {c.ref})" if c.ref else c.statement,
                "properties": {"rating": {
                    "enum": [lv.id for lv in levels] + [None],
                    "description": "One of: " + "; ".join(f"{lv.id} ({lv.label})" for lv in levels)}},
            }
            names = [f"{rubric.id}:{c.id}"] + ([c.id] if counts[c.id] == 1 else [])
            for name in names:
                criteria[name] = entry
            for ref in [c.id, *(i.id for i in c.evidence)]:
                refs += [f"{rubric.id}:{ref}"] + ([ref] if counts[ref] == 1 else [])
    generic = schema["properties"]["criteria"]
    schema["properties"]["criteria"] = {
        "type": "object", "title": generic.get("title", "Criteria"), "description": generic.get("description", ""),
        "properties": criteria, "additionalProperties": False, "default": {}}
    supports = schema["$defs"]["Evidence"]["properties"]["supports"]
    supports["items"] = {"enum": sorted(set(refs), key=lambda r: (":" in r, r))}
    schema["description"] = (schema.get("description", "") + "\n\nNarrowed to the rubrics "
                             + ", ".join(r.key for r in rubrics) + " by `iho-ready schema --for`.").strip()
    return schema
