"""A manifest that cannot be read still reports in every CI format that can say so (exit 2)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.helpers import run_cli

BROKEN = "manifest: 2\norganisation: {name: T, type: acute-trust}\n"


def _run(tmp_path: Path, *formats: tuple[str, str]):
    (tmp_path / "manifest.yaml").write_text(BROKEN)
    args = ["check", "manifest.yaml"]
    for fmt, name in formats:
        args += ["-f", fmt, "-o", name]
    return run_cli(*args, cwd=tmp_path)


def test_every_ci_format_is_written(tmp_path: Path) -> None:
    run = _run(tmp_path, ("github", "r.gh"), ("sarif", "r.sarif"), ("junit", "r.xml"), ("markdown-summary", "r.md"),
               ("json", "r.json"))
    assert run.code == 2 and run.out == ""
    lines = run.err.splitlines()
    assert lines == [
        "manifest.yaml:1:1: error: the file has no 'assessment:'; add it [schema]",
        "manifest.yaml:1:1: error: the file has no 'rubrics:'; add it [schema]",
        "manifest.yaml:1:11: error: manifest: 2 is not allowed here; use one of: 1 [schema]",
        "manifest.yaml:2:31: error: organisation type: 'acute-trust' is not allowed here; use one of: acute, "
        "community, mental-health, combined, ambulance, other (did you mean 'acute'?) [schema]",
    ]
    annotations = (tmp_path / "r.gh").read_text().splitlines()
    assert [a.split("::")[1] for a in annotations] == [
        "error file=manifest.yaml,line=1,col=1,title=iho-ready%3A schema",
        "error file=manifest.yaml,line=1,col=1,title=iho-ready%3A schema",
        "error file=manifest.yaml,line=1,col=11,title=iho-ready%3A schema",
        "error file=manifest.yaml,line=2,col=31,title=iho-ready%3A schema"]
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    SarifLog.model_validate(sarif)
    run0 = sarif["runs"][0]
    from iho_ready.diagnostics import INPUT_ERROR_CODES

    assert [r["id"] for r in run0["tool"]["driver"]["rules"]] == sorted(INPUT_ERROR_CODES)
    assert [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in run0["results"]] == [("schema", "error", 1), ("schema", "error", 1), ("schema", "error", 1),
                                          ("schema", "error", 2)]
    assert run0["invocations"] == [{"executionSuccessful": False, "exitCode": 2}]
    junit = ET.parse(tmp_path / "r.xml").getroot()
    (case,) = junit.iter("testcase")
    error = case.find("error")
    assert error is not None and error.text == "\n".join(lines)
    assert junit.get("errors") == "1" and junit.get("tests") == "1"
    summary = (tmp_path / "r.md").read_text()
    assert summary.startswith("## iho-ready: manifest.yaml could not be read\n")
    assert "**Check failed:** the manifest could not be read" in summary and "4 problems" in summary
    assert "acute-trust" not in summary  # a published page never quotes input problems
    assert "| `manifest.yaml:2:31` | `schema` |" in summary
    assert not (tmp_path / "r.json").exists()  # the JSON result describes an evaluated manifest only


def test_a_syntax_error_and_an_unreadable_file_report_too(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("a: [1, 2\n")
    run = run_cli("check", "manifest.yaml", "-f", "github", cwd=tmp_path)
    assert run.code == 2
    assert run.out.startswith("::error file=manifest.yaml,line=1,col=4,title=iho-ready%3A yaml-syntax::")  # the [
    missing = run_cli("check", "nothere.yaml", "-f", "github", "-f", "terminal", cwd=tmp_path)
    assert missing.code == 2 and missing.out == "::error file=nothere.yaml,title=iho-ready%3A io::no such file\n"


def test_many_problems_are_capped_in_every_format(tmp_path: Path) -> None:
    text = "manifest: 1\n" + "".join(f"extra{i}: x\n" for i in range(130))
    (tmp_path / "manifest.yaml").write_text(text)
    run = run_cli("check", "manifest.yaml", "-f", "github", "-o", "r.gh", "-f", "markdown-summary", "-o", "r.md",
                  cwd=tmp_path)
    assert run.code == 2
    lines = run.err.splitlines()
    assert len(lines) == 101
    assert lines[-1] == ("manifest.yaml: note: 33 more problems are not shown (at most 100 are printed; "
                         "fix these first) [limit]")
    assert len((tmp_path / "r.gh").read_text().splitlines()) == 100
    assert "_And 33 more; fix these first._" in (tmp_path / "r.md").read_text()


def test_several_manifests_each_report(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("manifest: 2\n")
    (tmp_path / "b.yaml").write_text("[\n")
    run = run_cli("check", "a.yaml", "b.yaml", "-f", "github", cwd=tmp_path)
    assert run.code == 2
    assert "file=a.yaml" in run.out and "file=b.yaml" in run.out
