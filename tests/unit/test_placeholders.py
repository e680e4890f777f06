"""The ``placeholder`` rule: a value ``init`` wrote for the trust to replace, left in place, is
found wherever it is (manifest or partner statement), named by the entry that holds it, and a
placeholder inside a sentence is not one."""

from __future__ import annotations

import pytest
import yaml

from iho_ready.findings import EXAMPLE_FILES, EXAMPLE_MANIFEST
from iho_ready.models.manifest import Manifest
from iho_ready.rules.placeholders import _id_at, _left_in, _mentions_none
from iho_ready.scaffold import FILL_IN, ODS_CODE, PLACEHOLDERS, TRUST_NAME
from tests.unit.test_finding_catalogue import run_example


@pytest.mark.parametrize("text", [
    "title: Our plan\n", "note: a sentence with ... inside it\n", "title: XXXL beds\n", "- ...and more\n"])
def test_text_with_no_placeholder_as_a_whole_value_mentions_none(text: str) -> None:
    assert _mentions_none(text)


@pytest.mark.parametrize("text", [
    f"name: {TRUST_NAME}\n", f'ods_code: "{ODS_CODE}"\n', f"- {FILL_IN}\n", f"items: [a, {FILL_IN}]\n",
    f"{{note: {FILL_IN}}}\n", f"name: {TRUST_NAME}   # change me\n"])
def test_a_placeholder_written_as_a_whole_value_is_mentioned(text: str) -> None:
    assert not _mentions_none(text)


def test_placeholders_are_found_in_file_order_with_where_they_are() -> None:
    result = run_example(f"{{organisation: {{name: '{TRUST_NAME}', ods_code: '{ODS_CODE}'}}, "
                         f"evidence: [{{id: PLAN, title: '  {FILL_IN} '}}]}}")
    found = [(f.message.split(" is still ")[0], f.location.line) for f in result.findings if f.code == "placeholder"]
    assert [where for where, _ in found] == ["organisation name", "organisation ods_code", "evidence PLAN, title"]
    assert [line for _, line in found] == sorted(line for _, line in found)
    (title,) = [f for f in result.findings if f.code == "placeholder" and "PLAN" in f.message]
    assert title.message == (f"evidence PLAN, title is still '{FILL_IN}', a placeholder from iho-ready init; "
                             f"{PLACEHOLDERS[FILL_IN]}")


def test_a_placeholder_in_a_partner_statement_names_the_statement(monkeypatch) -> None:
    text = EXAMPLE_FILES["partners/icb.yaml"].replace("An agreed outcomes framework", FILL_IN)
    monkeypatch.setitem(EXAMPLE_FILES, "partners/icb.yaml", text)
    result = run_example("{}")
    (finding,) = [f for f in result.findings if f.code == "placeholder"]
    assert finding.partner == "icb" and finding.location.file == "partners/icb.yaml"
    assert finding.message.startswith("partner statement icb: condition C1")
    assert finding.message.endswith(f"is still '{FILL_IN}', a placeholder from iho-ready init; "
                                    f"{PLACEHOLDERS[FILL_IN]}")


def test_the_id_at_a_place_is_the_entry_id_or_none() -> None:
    data = yaml.safe_load(EXAMPLE_MANIFEST)
    data["organisation"]["name"] = TRUST_NAME
    manifest = Manifest.model_validate(data)
    assert _id_at(manifest, ("evidence", 0)) == "PLAN"
    assert _id_at(manifest, ("criteria", "T2", "actions", 0)) == "A0"
    assert _id_at(manifest, ("organisation",)) is None
    assert _id_at(manifest, ("evidence", 0, "title")) is None
    assert list(_left_in(manifest)) == [(("organisation", "name"), TRUST_NAME)]
