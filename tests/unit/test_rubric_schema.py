"""The published rubric and crosswalk schemas describe every field and accept the bundled files."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.helpers import ROOT


def _schema(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["rubric", "crosswalk"])
def test_every_field_has_a_description(name: str) -> None:
    schema = _schema(name)
    undocumented = [f"{model}.{field}" for model, d in [("(top)", schema), *schema["$defs"].items()]
                    for field, prop in d.get("properties", {}).items() if not prop.get("description")]
    assert undocumented == []


def test_the_bundled_files_are_valid_against_the_published_schemas() -> None:
    files = sorted((ROOT / "rubrics").glob("*/*.yaml"))
    assert len(files) == 10
    for path in files:
        name = "crosswalk" if path.parent.name == "crosswalks" else "rubric"
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), _schema(name))
