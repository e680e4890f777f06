"""``check --format/--output``: pairing, standard output rules, GitHub Actions defaults,
several manifests, paths in output, and the ``schema`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iho_ready.schemas import PUBLISHED, dumps
from tests.ci.ci_support import EXAMPLE, EXAMPLE_REL, ROOT
from tests.helpers import example_line


def test_one_run_prints_terminal_and_writes_json_and_sarif(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "terminal", "-o", "-", "-f", "json", "-o", tmp_path / "r.json",
              "-f", "sarif", "-o", tmp_path / "r.sarif", cwd=ROOT)
    assert run.code == 1
    assert run.out.startswith("Northshire Community Health NHS Foundation Trust (RX9)")
    assert json.loads((tmp_path / "r.json").read_text())["format_version"] == 2  # 0.3: plan-agreed, statuses
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"


def test_formats_without_an_output_go_to_stdout(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "junit", "-f", "github", "-o", tmp_path / "r.xml", cwd=ROOT)
    assert (tmp_path / "r.xml").read_text().startswith("<?xml")
    line = example_line("  assurance_level: ")
    assert run.out.startswith(f"::error file=examples/northshire-community/manifest.yaml,line={line},col=20,")


def test_terminal_and_github_may_share_stdout(cli) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "terminal", "-f", "github", cwd=ROOT)
    assert run.code == 1 and "Findings: 37 errors" in run.out and "\n::error file=" in run.out


@pytest.mark.parametrize("args", [
    ("-f", "json", "-f", "terminal"),
    ("-f", "sarif", "-f", "github"),
    ("-f", "junit", "-o", "-", "-f", "markdown-summary", "-o", "-"),
])
def test_a_document_format_must_be_alone_on_stdout(cli, args) -> None:
    run = cli("check", EXAMPLE_REL, *args, cwd=ROOT)
    assert run.code == 2 and run.out == ""
    assert "must be alone there" in run.err


def test_more_outputs_than_formats_is_a_usage_error(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "json", "-o", tmp_path / "a", "-o", tmp_path / "b", cwd=ROOT)
    assert run.code == 2 and "2 --output values but 1 --format values" in run.err
    assert not (tmp_path / "a").exists()


def test_output_without_format_is_a_usage_error(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-o", tmp_path / "a", cwd=ROOT)
    assert run.code == 2 and "--output needs a --format" in run.err


def test_two_formats_to_one_file_is_a_usage_error(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "json", "-o", tmp_path / "a", "-f", "sarif", "-o", tmp_path / "a", cwd=ROOT)
    assert run.code == 2 and "two formats would write the same file" in run.err


@pytest.mark.parametrize("command", [("check", "manifest.yaml", "-f", "json", "-o"), ("lock", "manifest.yaml", "-o")])
def test_an_output_never_replaces_the_manifest(cli, repo: Path, command) -> None:
    before = (repo / "manifest.yaml").read_bytes()
    run = cli(*command, "./manifest.yaml", cwd=repo)
    assert run.code == 2 and "never rewrites a manifest" in run.err
    assert (repo / "manifest.yaml").read_bytes() == before


def test_unknown_format_is_a_usage_error(cli) -> None:
    assert cli("check", EXAMPLE_REL, "-f", "xml", cwd=ROOT).code == 2


def test_unwritable_output_is_exit_2_without_traceback(cli, tmp_path: Path) -> None:
    run = cli("check", EXAMPLE_REL, "-f", "json", "-o", tmp_path / "no" / "such" / "dir.json", cwd=ROOT)
    assert run.code == 2
    assert run.err.startswith("iho-ready: error: cannot write ") and "Traceback" not in run.err


def test_github_actions_adds_annotations_by_default(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = cli("check", EXAMPLE_REL, cwd=ROOT)
    assert "Findings: 37 errors" in run.out
    assert run.out.count("\n::error file=examples/northshire-community/manifest.yaml,") == 34
    explicit = cli("check", EXAMPLE_REL, "-f", "terminal", cwd=ROOT)  # an explicit --format wins
    assert "::error" not in explicit.out


def test_without_github_actions_only_the_terminal_view(cli) -> None:
    assert "::error" not in cli("check", EXAMPLE_REL, cwd=ROOT).out


def test_absolute_manifest_path_is_shown_relative(cli) -> None:
    run = cli("check", EXAMPLE, "-f", "github", cwd=ROOT)
    assert str(ROOT) not in run.out and "file=examples/northshire-community/manifest.yaml," in run.out


def test_terminal_to_a_file_has_no_colour(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    cli("check", EXAMPLE_REL, "-f", "terminal", "-o", tmp_path / "t.txt", cwd=ROOT)
    assert "\x1b[" not in (tmp_path / "t.txt").read_text()
    assert "\x1b[" in cli("check", EXAMPLE_REL, cwd=ROOT).out


def test_several_manifests_as_pre_commit_passes_them(cli, repo: Path) -> None:
    other = repo / "other"
    other.mkdir()
    (other / "manifest.yaml").write_text("manifest: 1\n")
    run = cli("check", "manifest.yaml", "other/manifest.yaml", cwd=repo)
    assert run.code == 2  # the worst of 0 and 2
    assert "Testshire Community NHS Trust" in run.out
    assert "other/manifest.yaml:1:1: error: the file has no 'assessment:'" in run.err
    assert cli("check", "manifest.yaml", "manifest.yaml", cwd=repo).code == 0


def test_several_manifests_cannot_share_a_report(cli, repo: Path) -> None:
    run = cli("check", "manifest.yaml", "manifest.yaml", "-f", "json", cwd=repo)
    assert run.code == 2 and "several manifests" in run.err


def test_input_errors_still_exit_2_with_located_lines(cli, repo: Path) -> None:
    (repo / "manifest.yaml").write_text("manifest: 1\nmanifest: 1\n")
    run = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert run.code == 2 and run.out == ""
    assert "manifest.yaml:2:1: error: duplicate key 'manifest' (first given on line 1); keep one and delete the other [duplicate-key]" in run.err


# --------------------------------------------------------------------------- schema


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_schemas_are_up_to_date(name: str) -> None:
    published = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert published == dumps(PUBLISHED[name]()), (
        f"schemas/{name} is out of date; run: iho-ready schema{' --output-format' if 'result' in name else ''} "
        f"-o schemas/{name}")


def test_schema_command_prints_the_published_schemas(cli) -> None:
    assert cli("schema").out == (ROOT / "schemas" / "manifest.schema.json").read_text(encoding="utf-8")
    assert cli("schema", "--output-format").out == (ROOT / "schemas" / "result.schema.json").read_text(
        encoding="utf-8")


def test_manifest_schema_accepts_the_example() -> None:
    import jsonschema

    from iho_ready import yamlsource

    _, data = yamlsource.load(str(EXAMPLE))
    schema = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    data["evidence"][0]["reveiw_by"] = "2027-01-01"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)
