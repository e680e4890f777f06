"""``iho-ready portfolio``: several trusts' manifests side by side; unreadable ones are rows that say why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import assert_golden, run_cli, write_manifest
from tests.history.git_fixture import manifest_data


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A region's folder: two trusts (one nested deeper), one broken manifest, and a hidden folder."""
    root = tmp_path / "region"
    north = manifest_data("2026-08-31", {"rating": "confirmed"})
    write_manifest(root / "north", north, ["evidence/plan.md"])
    south = manifest_data("2026-06-30", {
        "rating": "not-confirmed", "explanation": "Not yet.",
        "actions": [{"id": "A1", "action": "Agree it", "owner": "Director", "due": "2026-05-01",
                     "status": "off-track"}]})
    south["organisation"] = {"name": "Southshire <Care> & Health Trust (fictional)", "type": "community"}
    write_manifest(root / "group" / "south", south, ["evidence/plan.md"])
    broken = root / "west" / "manifest.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("manifest: 1\norganisation: [\n", encoding="utf-8")
    write_manifest(root / ".cache", north)  # hidden folders are not searched
    return root


def test_portfolio_json_golden(region: Path) -> None:
    run = run_cli("portfolio", "region", "--format", "json", "--base-url", "https://dash.example.org/iho",
                  cwd=region.parent)
    assert run.code == 0, run.err
    assert_golden("portfolio-fixture.json", run.out)


def test_one_row_per_manifest_in_path_order_with_unreadable_ones_saying_why(region: Path) -> None:
    found = json.loads(run_cli("portfolio", "region", "-f", "json", cwd=region.parent).out)
    rows = found["rows"]
    assert [r["manifest"] for r in rows] == ["region/group/south/manifest.yaml", "region/north/manifest.yaml",
                                             "region/west/manifest.yaml"]
    south, north, west = rows
    assert south["snapshot"]["overdue_actions"] == 1 and north["snapshot"]["overdue_actions"] == 0
    assert west["valid"] is False and west["snapshot"] is None
    assert re.match(r"region/west/manifest\.yaml:\d+:\d+: error: .* \[yaml-syntax\]$", west["problems"][0])
    assert all(r["link"] is None for r in rows)


def test_links_go_to_each_trusts_folder_below_the_base_url(region: Path) -> None:
    found = json.loads(run_cli("portfolio", "region", "region/north/manifest.yaml", "-f", "json", "--base-url",
                               "https://dash.example.org/iho", cwd=region.parent).out)
    assert [r["link"] for r in found["rows"]] == [
        "https://dash.example.org/iho/group/south/", "https://dash.example.org/iho/north/",
        "https://dash.example.org/iho/west/", "https://dash.example.org/iho/north/"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.org/", "https:///nohost", "https://a b/"])
def test_a_base_url_must_be_a_web_address(region: Path, url: str) -> None:
    run = run_cli("portfolio", "region", "--base-url", url, cwd=region.parent)
    assert run.code == 2 and "--base-url" in run.err and "Traceback" not in run.err


def test_a_folder_with_no_manifest_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = run_cli("portfolio", "empty", cwd=tmp_path)
    assert run.code == 2 and "no manifest.yaml" in run.err


def test_a_missing_file_is_a_row_not_a_crash(tmp_path: Path) -> None:
    run = run_cli("portfolio", "nowhere/manifest.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    assert json.loads(run.out)["rows"][0]["valid"] is False


def test_terminal_names_each_trust_and_what_went_wrong(region: Path) -> None:
    run = run_cli("portfolio", "region", cwd=region.parent, env={"COLUMNS": "120"})
    assert run.code == 0
    assert "Southshire <Care> & Health Trust" in run.out and "Could not be read" in run.out
    assert "region/west/manifest.yaml:" in run.out


def test_html_is_sortable_without_a_script_and_escapes_every_name(region: Path) -> None:
    run = run_cli("portfolio", "region", "-f", "html", "--base-url", "https://dash.example.org/iho",
                  cwd=region.parent)
    assert run.code == 0, run.err
    page = run.out
    assert "<script" not in page.lower()
    assert "Southshire &lt;Care&gt; &amp; Health Trust" in page and "<Care>" not in page
    views = re.findall(r'<section id="by-([a-z-]+)"', page)
    assert views == ["organisation", "as-of", "readiness", "overdue", "support"]
    sections = re.split(r'<section id="by-', page)[1:]
    for section in sections:  # every sorted copy holds every row
        assert section.count('<tr>\n<th scope="row">') == 3
    overdue = sections[3]
    assert overdue.index("Southshire") < overdue.index("Testshire")  # most overdue first
    assert overdue.index("Testshire") < overdue.index("region/west/manifest.yaml")  # unreadable last
    assert '<a href="https://dash.example.org/iho/north/">Testshire' in page


def test_terminal_prints_square_brackets_in_names_as_written(region: Path) -> None:
    manifest = region / "north" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("Testshire Health", "Testshire [bold]Health[/bold]"))
    run = run_cli("portfolio", "region/north", cwd=region.parent, env={"COLUMNS": "200"})
    assert "Testshire [bold]Health[/bold]" in run.out


def test_worker_processes_give_the_same_bytes(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iho_ready import app

    alone = run_cli("portfolio", "region", "-f", "json", cwd=region.parent)
    monkeypatch.setattr(app, "PARALLEL_FROM", 1)
    monkeypatch.setattr(app.os, "cpu_count", lambda: 2)
    shared = run_cli("portfolio", "region", "-f", "json", cwd=region.parent)
    assert shared.code == 0, shared.err
    assert shared.out == alone.out


@pytest.mark.parametrize(("golden", "schema"), [("history-fixture.json", "history.schema.json"),
                                                ("portfolio-fixture.json", "portfolio.schema.json")])
def test_golden_json_matches_its_published_schema(golden: str, schema: str) -> None:
    import jsonschema

    from tests.helpers import GOLDEN, ROOT

    published = json.loads((ROOT / "schemas" / schema).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(published)
    jsonschema.Draft202012Validator(published).validate(json.loads((GOLDEN / golden).read_text(encoding="utf-8")))
    described = [name for body in published.get("$defs", {}).values() for name, prop in
                 body.get("properties", {}).items() if not (prop.get("description") or "$ref" in prop
                                                           or "allOf" in prop or "anyOf" in prop)]
    assert described == [], f"fields without a description: {described}"


def test_control_characters_in_names_are_shown_not_acted_on(region: Path) -> None:
    data = manifest_data("2026-08-31", {"rating": "confirmed"})
    data["organisation"]["name"] = "Testshire \x1b[31mRed\x1b[0m\nTrust"
    write_manifest(region / "north", data)
    run = run_cli("portfolio", "region/north", cwd=region.parent, env={"COLUMNS": "200"})
    assert "\x1b" not in run.out and "\\x1b[31mRed" in run.out
