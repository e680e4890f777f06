"""`schema --for`: the manifest schema narrowed to a manifest's rubrics, read by real validators."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import yaml

from tests.helpers import EXAMPLE, ROOT, run_cli


def _schema(manifest: Path) -> dict:
    run = run_cli("schema", "--for", str(manifest))
    assert run.code == 0, run.err
    return json.loads(run.out)


def _errors(schema: dict, data: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data))


def _example() -> dict:
    # The YAML 1.2 reading iho-ready uses keeps dates as text, as an editor's language server does.
    from iho_ready.yamlsource import load

    return load(str(EXAMPLE))[1]


def test_the_example_is_valid_against_its_own_schema():
    schema = _schema(EXAMPLE)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert _errors(schema, _example()) == []


def test_ids_ratings_and_references_come_from_the_rubrics():
    schema = _schema(EXAMPLE)
    criteria = schema["properties"]["criteria"]["properties"]
    assert criteria["SV1"]["properties"]["rating"]["enum"] == ["confirmed", "not-confirmed", None]
    assert criteria["PHC1"]["properties"]["rating"]["enum"] == ["met", "partially-met", "not-met", None]
    assert criteria["SV1"]["description"].startswith("The board has assured itself") or criteria["SV1"]["description"]
    assert "nhse-iho-designation:SV1" in criteria
    refs = schema["$defs"]["Evidence"]["properties"]["supports"]["items"]["enum"]
    assert {"SV1.E1", "PHC1", "nhse-iho-designation:SV1.E1"} <= set(refs)


def test_a_bad_rating_an_unknown_criterion_and_a_bad_reference_are_flagged():
    schema = _schema(EXAMPLE)
    data = _example()
    data["criteria"]["SV1"]["rating"] = "maybe"
    data["criteria"]["SV99"] = {"rating": "confirmed"}
    data["evidence"][0]["supports"].append("SV1.E99")
    found = _errors(schema, data)
    assert any(e.startswith("criteria/SV1/rating: 'maybe' is not one of") for e in found), found
    assert any("SV99" in e for e in found), found
    assert any(e.startswith("evidence/0/supports/") and "SV1.E99" in e for e in found), found
    assert len(found) == 3


def test_check_jsonschema_agrees(tmp_path):
    tool = shutil.which("check-jsonschema") or str(Path(__import__("sys").executable).with_name("check-jsonschema"))
    schema = tmp_path / "manifest.schema.json"
    schema.write_text(json.dumps(_schema(EXAMPLE)))
    good = subprocess.run([tool, "--schemafile", str(schema), str(EXAMPLE)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = tmp_path / "manifest.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("rating: confirmed", "rating: maybe", 1))
    flagged = subprocess.run([tool, "--schemafile", str(schema), str(bad)], capture_output=True, text=True)
    assert flagged.returncode == 1 and "'maybe' is not one of" in flagged.stdout


def test_only_the_rubrics_list_needs_to_be_readable(tmp_path):
    broken = tmp_path / "manifest.yaml"
    broken.write_text("manifest: 1\nrubrics: [nhsconfed-host-provider@2025.11]\ncriteria: {FOM1: {rating: maybe}}\n")
    assert "FOM1" in _schema(broken)["properties"]["criteria"]["properties"]
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("manifest: 1\nrubrics: [no-such-rubric@1]\n")
    run = run_cli("schema", "--for", str(unknown))
    assert run.code == 2 and ":2:" in run.err and "[unknown-rubric]" in run.err


def test_init_writes_the_editor_modeline(tmp_path):
    target = tmp_path / "manifest.yaml"
    assert run_cli("init", "-o", str(target)).code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=manifest.schema.json"
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["manifest"] == 1
    assert (ROOT / "docs" / "editors.md").is_file()


def test_the_example_carries_its_schema_for_editors():
    """The example opens in an editor with completion: a modeline (anywhere in the file, as the
    YAML language server reads it) and the committed schema, kept equal to `schema --for`."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert "# yaml-language-server: $schema=manifest.schema.json" in lines
    committed = EXAMPLE.with_name("manifest.schema.json")
    current = run_cli("schema", "--for", str(EXAMPLE)).out
    if __import__("os").environ.get("IHO_READY_REGEN"):
        committed.write_text(current, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == current, "regenerate: IHO_READY_REGEN=1 pytest"
