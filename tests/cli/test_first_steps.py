"""First steps as a governance officer meets them: init's starter manifest, then the first check."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from iho_ready.rubrics import Registry
from iho_ready.scaffold import CORE_RUBRICS, FILL_IN, PLACEHOLDERS, scaffold, scaffold_partner
from tests.helpers import base_manifest, run_cli, write_manifest


def _init(folder: Path, *args: str) -> Path:
    target = folder / "manifest.yaml"
    assert run_cli("init", "-o", target, "--as-of", "2026-11-01", *args).code == 0
    return target


def _placeholder_lines(folder: Path) -> list[str]:
    run = run_cli("check", "manifest.yaml", "-q", cwd=folder, env={"NO_COLOR": "1"})
    assert run.code == 1, run.err
    return [line for line in run.out.splitlines() if line.endswith("[placeholder]")]


def test_init_selects_the_two_core_rubrics_nhs_england_first(tmp_path):
    text = _init(tmp_path).read_text()
    selected = re.findall(r"^  - ([a-z-]+)@", text, flags=re.MULTILINE)
    assert selected == list(CORE_RUBRICS) == ["nhse-iho-designation", "nhsconfed-host-provider"]
    registry = Registry()
    criteria = [p.criterion.id for rid in CORE_RUBRICS for p in registry.get(rid).walk()]
    listed = re.findall(r"^  ([A-Z][A-Za-z0-9]*):$", text, flags=re.MULTILINE)
    assert listed == criteria
    run = run_cli("check", "manifest.yaml", "-q", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert run.out.count("[not-assessed]") == len(criteria)
    others = [rid for rid in registry.ids() if rid not in CORE_RUBRICS]
    assert others and not any(rid in text for rid in others)


def test_init_takes_other_rubrics_by_name(tmp_path):
    text = _init(tmp_path, "--rubric", "nhsconfed-prompt-questions").read_text()
    assert re.findall(r"^  - ([a-z-]+)@", text, flags=re.MULTILINE) == ["nhsconfed-prompt-questions"]


def test_check_flags_each_placeholder_init_wrote_until_it_is_replaced(tmp_path):
    manifest = _init(tmp_path)
    lines = _placeholder_lines(tmp_path)
    fields = {"name": "Your trust name", "ods_code": "XXX", "icb": "Your integrated care board"}
    assert len(lines) == len(fields)
    for line, (field, value) in zip(lines, fields.items(), strict=True):
        assert f"organisation {field} is still '{value}'" in line
        assert PLACEHOLDERS[value] in line  # says what to type instead
    text = manifest.read_text()
    for value in fields.values():
        text = text.replace(f'"{value}"', '"Northshire Health (fictional)"' if value != "XXX" else '"RX9"')
    manifest.write_text(text)
    assert _placeholder_lines(tmp_path) == []


def test_an_uncommented_fill_in_is_flagged_where_it_is(tmp_path):
    manifest = _init(tmp_path)
    text = manifest.read_text().replace('"Your trust name"', "Northshire Health").replace('"XXX"', "RX9")
    text = text.replace('"Your integrated care board"', "Northshire ICB")
    text = text.replace("  SV1:\n    rating: null", "  SV1:\n    rating: null\n    actions:\n"
                        f"      - {{id: A1, action: Agree the plan, owner: {FILL_IN}}}", 1)
    manifest.write_text(text)
    lines = _placeholder_lines(tmp_path)
    assert len(lines) == 1 and "action A1 of SV1, owner is still '...'" in lines[0]


def test_a_partner_statement_left_as_init_wrote_it_is_flagged(tmp_path):
    manifest = _init(tmp_path)
    assert run_cli("init", "--partner", "icb", "-o", "partners/icb.yaml", cwd=tmp_path).code == 0
    manifest.write_text(manifest.read_text().replace("evidence: []", "partners: [partners/icb.yaml]\nevidence: []"))
    lines = [line for line in _placeholder_lines(tmp_path) if line.startswith("partners/icb.yaml:")]
    assert len(lines) == 1 and "partner statement icb: partner name is still" in lines[0]


def test_the_scaffold_writes_only_placeholders_the_rule_knows():
    """One constant: every placeholder the rule knows is one init writes (so none is dead)."""
    registry = Registry()
    written = scaffold([registry.get(rid) for rid in CORE_RUBRICS], date(2026, 11, 1)) + \
        scaffold_partner("icb", date(2027, 5, 1))
    for value in PLACEHOLDERS:
        assert value in written, value


def test_a_windows_path_gets_a_hint_to_use_forward_slashes(tmp_path):
    data = base_manifest(evidence=[
        {"id": "MTP", "title": "Medium-term plan", "path": "evidence\\strategy\\plan.md", "supports": ["SV1.E1"]},
        {"id": "OLD", "title": "Old plan", "path": "evidence/strategy/old.md", "supports": ["SV1.E1"]}])
    write_manifest(tmp_path, data, files=["evidence/strategy/plan.md"])
    run = run_cli("check", "manifest.yaml", "-q", cwd=tmp_path, env={"NO_COLOR": "1"})
    missing = [line for line in run.out.splitlines() if line.endswith("[evidence-file-missing]")]
    assert len(missing) == 2
    assert "evidence MTP:" in missing[0] and "forward slashes: 'evidence/strategy/plan.md'" in missing[0]
    assert "evidence OLD:" in missing[1] and "slashes" not in missing[1]


def test_a_placeholder_is_found_however_the_value_is_written(tmp_path):
    """Block text, Windows line endings, a flow list: each is still the placeholder; '...' inside a
    sentence is not one."""
    manifest = _init(tmp_path)
    text = manifest.read_text().replace('"Your trust name"', "|\n    Your trust name")
    text = text.replace('"Your integrated care board"', "Northshire ICB").replace(
        "  SV1:\n    rating: null", "  SV1:\n    rating: null\n    commentary: The plan, and so on...\n"
        "    actions: [{id: A1, action: ..., owner: COO}]", 1)
    manifest.write_bytes(text.replace("\n", "\r\n").encode())
    lines = _placeholder_lines(tmp_path)
    assert [line.split(" is still ")[0].split(": error: ")[1] for line in lines] == [
        "organisation name", "organisation ods_code", "action A1 of SV1, action"]


def test_a_paper_that_prints_placeholders_is_written_with_a_warning_and_one_that_does_not_is_quiet(tmp_path):
    manifest = _init(tmp_path)
    run = run_cli("report", "manifest.yaml", "-o", "paper.md", cwd=tmp_path)
    assert run.code == 0 and (tmp_path / "paper.md").is_file()
    first = _placeholder_lines(tmp_path)[0]
    where = first.split(": ")[0]
    assert run.err == (f"iho-ready: warning: paper.md prints 3 placeholders from iho-ready init (the first at "
                       f"{where}); put the trust's own words in their place, then run 'iho-ready check "
                       "manifest.yaml' to confirm none is left\n")
    text = manifest.read_text().replace('"Your trust name"', "Northshire Health (fictional)")
    manifest.write_text(text.replace('"XXX"', '"RX9"').replace('"Your integrated care board"', "Northshire ICB"))
    assert run_cli("report", "manifest.yaml", "-o", "paper.md", cwd=tmp_path).err == ""
