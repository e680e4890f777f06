"""JSON Schemas generated from the pydantic models, and published under ``schemas/``.

``manifest.schema.json`` lets editors check a manifest as it is typed;
``result.schema.json`` describes ``check --format json`` for the programs that read it;
``rubric.schema.json`` and ``crosswalk.schema.json`` let a trust or a publisher check a
rubric or crosswalk file as it is written (see ``docs/rubric-format.md``). A test keeps the
published files equal to what these functions generate.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

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


def dumps(schema: dict[str, Any]) -> str:
    """A schema as indented JSON with a trailing newline (the published form)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


PUBLISHED: dict[str, Callable[[], dict[str, Any]]] = {
    "manifest.schema.json": manifest_schema,
    "partner-statement.schema.json": partner_schema,
    "result.schema.json": result_schema,
    "rubric.schema.json": rubric_schema,
    "crosswalk.schema.json": crosswalk_schema,
}
"""File name under ``schemas/`` -> the function that generates it."""
