"""``iho-ready portfolio``: several trusts' manifests side by side; unreadable ones are rows that say why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT, assert_golden, base_manifest, run_cli, write_manifest
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
    assert "Southshire <Care> & Health Trust" in run.out and "region/west/manifest.yaml: could not be read" in run.out
    assert "region/west/manifest.yaml:" in run.out


def test_html_is_sortable_without_a_script_and_escapes_every_name(region: Path) -> None:
    run = run_cli("portfolio", "region", "-f", "html", "--base-url", "https://dash.example.org/iho",
                  cwd=region.parent)
    assert run.code == 0, run.err
    page = run.out
    assert "<script" not in page.lower()
    assert "Southshire &lt;Care&gt; &amp; Health Trust" in page and "<Care>" not in page
    views = re.findall(r'<section id="by-([a-z-]+)"', page)
    assert views == ["organisation", "as-of", "readiness", "icb", "conditions", "overdue", "support"]
    sections = re.split(r'<section id="by-', page)[1:]
    for section in sections:  # every sorted copy holds every row
        assert section.count('<tr>\n<th scope="row">') == 3
    overdue = sections[views.index("overdue")]
    assert overdue.index("Southshire") < overdue.index("Testshire")  # most overdue first
    assert overdue.index("Testshire") < overdue.index("region/west/manifest.yaml")  # unreadable last
    assert '<a href="https://dash.example.org/iho/north/">Testshire' in page


def test_terminal_prints_square_brackets_in_names_as_written(region: Path) -> None:
    manifest = region / "north" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("Testshire Health", "Testshire [bold]Health[/bold]"))
    run = run_cli("portfolio", "region/north", cwd=region.parent, env={"COLUMNS": "200"})
    assert "Testshire [bold]Health[/bold]" in run.out


def test_worker_processes_give_the_same_bytes(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iho_ready import app_trends

    alone = run_cli("portfolio", "region", "-f", "json", cwd=region.parent)
    monkeypatch.setattr(app_trends, "PARALLEL_FROM", 1)
    monkeypatch.setattr(app_trends.os, "cpu_count", lambda: 2)
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


# --------------------------------------------------------------------------- the region's view


EXAMPLE_RUBRIC = ROOT / "tests" / "cases" / "finding-rubrics" / "example" / "1.yaml"


def trust(name: str, as_of: str, t1: dict) -> dict:
    """A trust's manifest against the example rubric's board statement T1 (its rubric: :func:`four`)."""
    return base_manifest(
        organisation={"name": name, "type": "acute"}, assessment={"title": "IHO readiness", "as_of": as_of},
        rubrics=["example@1"],
        evidence=[{"id": "PLAN", "title": "Plan", "path": "evidence/plan.md", "owner": "Director",
                   "approved": {"by": "Trust Board", "date": "2026-01-15"}, "review_by": "2027-12-31",
                   "supports": ["T1.E1"]}],
        criteria={"T1": t1})


@pytest.fixture
def four(tmp_path: Path) -> Path:
    """A region of four trusts assessed in October, March, June and October: ready, plan agreed, two not ready."""
    root = tmp_path / "four"
    # The example rubric's board statements only: one criterion, so that a trust can be ready.
    text = EXAMPLE_RUBRIC.read_text(encoding="utf-8")
    (tmp_path / "rubrics" / "example").mkdir(parents=True)
    (tmp_path / "rubrics" / "example" / "1.yaml").write_text(text[:text.index("  - id: D2")], encoding="utf-8")

    def action(due: str) -> dict:
        return {"rating": "not-confirmed", "explanation": "Not yet.",
                "actions": [{"id": "A1", "action": "Agree it", "owner": "Director", "due": due, "status": "on-track"}]}

    for folder, name, as_of, t1 in (("a", "Ashshire Trust", "2026-10-31", {"rating": "confirmed"}),
                                    ("b", "Beeshire Trust", "2026-03-31", action("2027-05-01")),
                                    ("c", "Ceeshire Trust", "2026-06-30", action("2026-09-01")),
                                    ("d", "Deeshire Trust", "2026-10-31", {"rating": "not-confirmed"})):
        write_manifest(root / folder, trust(name, as_of, t1), ["evidence/plan.md"])
    return root


def portfolio_of(four: Path, *args: str, env: dict[str, str] | None = None) -> str:
    run = run_cli("portfolio", "four", "--rubrics", "rubrics", *args, cwd=four.parent, env=env)
    assert run.code == 0, run.err
    return run.out


def rows_of(run_out: str) -> dict[str, dict[str, object]]:
    found = json.loads(run_out)
    return {r["snapshot"]["organisation"]: r for r in found["rows"] if r["snapshot"]}


def test_as_of_judges_every_trust_on_one_date(four: Path) -> None:
    own = json.loads(portfolio_of(four, "-f", "json"))
    assert own["as_of"] is None
    assert len({r["snapshot"]["as_of"] for r in own["rows"]}) == 3  # October, March and June side by side
    one = json.loads(portfolio_of(four, "-f", "json", "--as-of", "2026-12-01"))
    assert one["as_of"] == "2026-12-01"
    assert {r["snapshot"]["as_of"] for r in one["rows"]} == {"2026-12-01"}
    # Judged in December, Beeshire's action is still not due; Ceeshire's was due in September.
    b, c = (next(r for r in one["rows"] if r["snapshot"]["organisation"] == n) for n in ("Beeshire Trust",
                                                                                       "Ceeshire Trust"))
    assert b["snapshot"]["overdue_actions"] == 0 and c["snapshot"]["overdue_actions"] == 1


def test_a_bad_as_of_is_a_usage_error(four: Path) -> None:
    run = run_cli("portfolio", "four", "--as-of", "31/10/2026", cwd=four.parent)
    assert run.code == 2 and "--as-of" in run.err and "Traceback" not in run.err


def test_the_summary_counts_each_trust_at_its_readiness(four: Path) -> None:
    found = json.loads(portfolio_of(four, "-f", "json", "--as-of", "2026-10-31"))
    readiness = {r["snapshot"]["organisation"]: r["standing"]["readiness"] for r in found["rows"]}
    assert found["summary"] == {"trusts": 4, "unreadable": 0,
                                "ready": list(readiness.values()).count("ready"),
                                "plan_agreed": list(readiness.values()).count("plan-agreed"),
                                "not_ready": list(readiness.values()).count("not-ready")}
    # A trust is only as ready as its least ready rubric, as each rubric's own readiness says.
    for row in found["rows"]:
        levels = {r["readiness"] for r in row["snapshot"]["rubrics"]}
        assert row["standing"]["readiness"] in levels
    assert readiness["Ashshire Trust"] == "ready" and readiness["Beeshire Trust"] == "plan-agreed"
    assert readiness["Ceeshire Trust"] == readiness["Deeshire Trust"] == "not-ready"
    text = portfolio_of(four, "--as-of", "2026-10-31", env={"COLUMNS": "80"})
    assert "1 of 4 trusts ready, 1 not ready: plan agreed, 2 not ready." in text
    assert "Every trust is judged as at 31 October 2026." in text


def test_the_matrix_shows_each_trusts_status_for_each_criterion_in_words(four: Path) -> None:
    found = rows_of(portfolio_of(four, "-f", "json", "--as-of", "2026-10-31"))
    t1 = {name: next(c for c in row["standing"]["criteria"] if c["criterion"] == "T1")["status"]  # type: ignore[index]
          for name, row in found.items()}
    assert t1 == {"Ashshire Trust": "met", "Beeshire Trust": "action-planned", "Ceeshire Trust": "gap",
                  "Deeshire Trust": "gap"}
    page = portfolio_of(four, "-f", "html", "--as-of", "2026-10-31")
    matrix = page[page.index('id="matrix"'):page.index('id="key"')]
    body = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>(.*?)</tr>", matrix)
    assert [name for name, _ in body] == sorted(found)  # one row per trust, by name
    for name, cells in body:
        words = re.findall(r'nhsuk-u-visually-hidden">([^<]+)<', cells)
        assert words[0] == {"met": "Met or confirmed", "action-planned": "Shortfall: plan in place",
                            "gap": "Shortfall: no adequate plan"}[t1[name]]
        assert len(words) == len(re.findall(r"<td ", cells))  # every cell has its words, not colour alone


def test_every_label_says_trusts_not_manifests(four: Path) -> None:
    for fmt in ("terminal", "html"):
        out = portfolio_of(four, "-f", fmt, env={"COLUMNS": "80"})
        visible = re.sub(r"<[^>]+>", " ", out)
        assert "4 trusts" in visible and "manifest" not in visible.lower(), fmt


def test_nothing_is_cut_at_80_columns(four: Path) -> None:
    """Every line fits in 80 columns, and every word of every phrase is whole: a version is never cut."""
    name = "The Very Long Named Northshire and Southshire Community Health NHS Foundation Trust"
    write_manifest(four / "e", trust(name, "2026-10-31", {"rating": "confirmed"}), ["evidence/plan.md"])
    write_manifest(four / "f", manifest_data("2026-10-31", {"rating": "confirmed"}), ["evidence/plan.md"])
    wide = portfolio_of(four, env={"COLUMNS": "200"})
    narrow = portfolio_of(four, env={"COLUMNS": "80"})
    assert max(len(line) for line in narrow.splitlines()) <= 80
    words = set(re.findall(r"\S+", narrow))
    versions = re.findall(r"[a-z-]+@[0-9.]+", wide)
    assert "nhse-iho-designation@2025.11:" in {f"{v}:" for v in versions}
    for word in re.findall(r"\S+", wide):  # no word of the wide view is broken in the narrow one
        assert word in words, word


def test_the_icb_position_and_open_conditions_come_from_the_statements(tmp_path: Path) -> None:
    from tests.helpers import EXAMPLE

    run = run_cli("portfolio", str(EXAMPLE), "-f", "json")
    row = json.loads(run.out)["rows"][0]
    icb = row["standing"]["icb"]
    assert icb["position"] in ("supports", "supports-with-conditions", "undecided", "does-not-support", None)
    checked = json.loads(run_cli("check", str(EXAMPLE), "--format", "json").out)
    partners = checked.get("partners", [])
    first_icb = next(p for p in partners if p["kind"] == "icb")
    assert icb["position"] == first_icb["position"] and icb["counts"] == first_icb["valid"]
    open_ones = [(p.get("name") or p["id"], c["id"]) for p in partners for c in p["conditions"] if not c["answered_by"]]
    assert [(c["partner"], c["condition"]) for c in row["standing"]["open_conditions"]] == open_ones


def test_the_workbook_has_a_row_per_trust_and_a_matrix_in_words_and_colour(four: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")  # the workbook extra, in the test extra too
    portfolio_of(four, "-f", "xlsx", "--as-of", "2026-10-31", "-o", "region.xlsx")
    found = rows_of(portfolio_of(four, "-f", "json", "--as-of", "2026-10-31"))
    book = openpyxl.load_workbook(four.parent / "region.xlsx")
    assert book.sheetnames == ["Trusts", "example", "Key"]
    trusts = book["Trusts"]
    assert trusts["A1"].value == "IHO readiness portfolio: 1 of 4 trusts ready, 1 not ready: plan agreed, 2 not ready."
    head = [c.value for c in trusts[4]]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in trusts.iter_rows(min_row=5, values_only=True)}
    assert sorted(rows) == sorted(found)
    for name, row in found.items():
        s, standing = row["snapshot"], row["standing"]
        assert rows[name]["Readiness"] == {"ready": "Ready", "plan-agreed": "Not ready: plan agreed",
                                           "not-ready": "Not ready"}[standing["readiness"]]  # type: ignore[index]
        assert rows[name]["Overdue actions"] == s["overdue_actions"]  # type: ignore[index]
        assert rows[name]["Shortfalls"] == s["open_gaps"]  # type: ignore[index]
        assert rows[name]["ICB's position"] == "No ICB statement"
        assert rows[name]["Open partner conditions"] == "None open"
    matrix = book["example"]
    assert [c.value for c in matrix[3]] == ["Trust", "T1"]
    cells = {r[0].value: r[1] for r in matrix.iter_rows(min_row=4)}
    assert cells["Ashshire Trust"].value == "Met or confirmed"
    assert cells["Beeshire Trust"].value == "Shortfall: plan in place"
    fills = {name: cell.fill.fgColor.rgb[-6:] for name, cell in cells.items()}
    assert fills["Ashshire Trust"] != fills["Beeshire Trust"] != fills["Ceeshire Trust"]  # colour as well as words
    again = portfolio_of(four, "-f", "xlsx", "--as-of", "2026-10-31", "-o", "again.xlsx")
    assert again == "" and (four.parent / "again.xlsx").read_bytes() == (four.parent / "region.xlsx").read_bytes()


def test_the_statement_is_for_the_html_page_only(four: Path) -> None:
    run = run_cli("portfolio", "four", "-f", "json", "--statement", "a.html", cwd=four.parent)
    assert run.code == 2 and "--statement" in run.err
