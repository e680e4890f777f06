"""Each output format: a renderer for every enum member, validity against its schema or
reader, determinism, escaping, and relative paths only."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from iho_ready.app import assess
from iho_ready.findings import FINDINGS
from iho_ready.models.outcome import Outcome
from iho_ready.render import CHECK_RENDERERS, Format, RenderOptions, render_check
from iho_ready.render.github import escape_data, escape_property
from iho_ready.rubrics import Registry
from iho_ready.words import md_escape as md
from tests.ci.ci_support import EXAMPLE, EXAMPLE_REL, ROOT


@pytest.fixture(scope="module")
def example() -> Outcome:
    """The bundled example, as checked from the repository root."""
    return assess(Path(EXAMPLE), Registry([]), display=EXAMPLE_REL)


def render(fmt: Format, outcome: Outcome, options: RenderOptions | None = None) -> str:
    return render_check(fmt, outcome, options or RenderOptions())


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_every_format_has_a_renderer(fmt: Format) -> None:
    module = importlib.import_module(CHECK_RENDERERS[fmt])
    render_fn = getattr(module, "render", None)
    assert callable(render_fn), f"{module.__name__} has no render(outcome, options)"
    assert list(inspect.signature(render_fn).parameters) == ["outcome", "options"]


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_output_is_deterministic_and_has_no_absolute_paths(fmt: Format, example: Outcome) -> None:
    first, second = render(fmt, example), render(fmt, example)
    assert first == second
    assert first.endswith("\n")
    assert str(ROOT) not in first
    assert EXAMPLE_REL in first or fmt is Format.terminal


def test_json_is_the_result_and_valid_against_the_published_schema(example: Outcome) -> None:
    data = json.loads(render(Format.json, example))
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data == example.result.model_dump(mode="json")
    assert data["format_version"] == 2
    # The fields PRODUCT.md promises.
    assert {"format_version", "tool_version", "as_of", "rubrics", "criteria", "findings"} <= set(data)
    assert {"id", "version", "readiness"} <= set(data["rubrics"][0])
    assert {"rubric", "id", "rating", "status"} <= set(data["criteria"][0])
    finding = data["findings"][0]
    assert {"code", "severity", "rubric", "criterion", "evidence", "message", "location"} <= set(finding)
    assert set(finding["location"]) == {"file", "line", "column", "cell"}  # cell: a workbook's, else null


def test_json_schema_rejects_what_it_should(example: Outcome) -> None:
    """The validation above can fail: a result with a bad severity is refused."""
    data = json.loads(render(Format.json, example))
    data["findings"][0]["severity"] = "fatal"
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


# --------------------------------------------------------------------------- SARIF


def sarif_problems(log: dict) -> list[str]:
    """The properties SARIF 2.1.0 requires of a log like ours, checked one by one."""
    problems = []
    if log.get("version") != "2.1.0":
        problems.append("version is not 2.1.0")
    if not str(log.get("$schema", "")).endswith("sarif-2.1.0.json"):
        problems.append("$schema does not name the SARIF 2.1.0 schema")
    for run in log.get("runs", []):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append("runs[].tool.driver.name is missing")
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        if len(set(ids)) != len(ids) or not all(ids):
            problems.append("rule ids are missing or repeated")
        for result in run.get("results", []):
            rule = result.get("ruleId")
            if rule not in ids:
                problems.append(f"result names unknown rule {rule}")
            elif "ruleIndex" in result and ids[result["ruleIndex"]] != rule:
                problems.append(f"ruleIndex of {rule} points at another rule")
            if result.get("level") not in ("none", "note", "warning", "error"):
                problems.append(f"bad level {result.get('level')}")
            if not result.get("message", {}).get("text"):
                problems.append("result without message.text")
            for loc in result.get("locations", []):
                physical = loc.get("physicalLocation", {})
                artifact = physical.get("artifactLocation", {})
                if not artifact.get("uri") or artifact["uri"].startswith("/") or "://" in artifact["uri"]:
                    problems.append("artifactLocation.uri is not a relative reference")
                if artifact.get("uriBaseId") not in run.get("originalUriBaseIds", {}):
                    problems.append("uriBaseId is not declared in originalUriBaseIds")
                region = physical.get("region", {})
                if not (isinstance(region.get("startLine"), int) and region["startLine"] >= 1
                        and isinstance(region.get("startColumn"), int) and region["startColumn"] >= 1):
                    problems.append("region.startLine/startColumn missing or not 1-based")
    if not log.get("runs"):
        problems.append("no runs")
    return problems


def test_sarif_validates_against_the_sarif_2_1_0_object_model(example: Outcome) -> None:
    """pydantic-sarif's models are generated from the official sarif-schema-2.1.0.json and
    forbid unknown properties, so this is schema validation in all but name."""
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    SarifLog.model_validate_json(render(Format.sarif, example))


def test_sarif_object_model_rejects_a_misspelt_property(example: Outcome) -> None:
    from pydantic import ValidationError
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    log = json.loads(render(Format.sarif, example))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["regoin"] = {"startLine": 1}
    with pytest.raises(ValidationError):
        SarifLog.model_validate(log)


def test_sarif_has_a_rule_per_code_and_results_at_manifest_lines(example: Outcome) -> None:
    log = json.loads(render(Format.sarif, example))
    assert sarif_problems(log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(FINDINGS)
    for rule in rules:
        assert FINDINGS[rule["id"]].summary in rule["help"]["text"]
        assert FINDINGS[rule["id"]].fails in rule["help"]["markdown"]
    results = run["results"]
    assert len(results) == len(example.result.findings)
    artifacts = [a["location"]["uri"] for a in run["artifacts"]]
    assert EXAMPLE_REL in artifacts and all(uri.startswith("examples/northshire-community/") for uri in artifacts)
    for result, finding in zip(results, example.result.findings):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.location.line, finding.location.column)
        assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {
            "uri": finding.location.file, "uriBaseId": "%SRCROOT%", "index": artifacts.index(finding.location.file)}
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_the_structural_sarif_check_can_fail() -> None:
    bad = {"version": "2.0.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "a"}]}},
                                         "results": [{"ruleId": "b", "level": "fatal", "message": {},
                                                      "locations": [{"physicalLocation": {
                                                          "artifactLocation": {"uri": "/abs"}}}]}]}]}
    assert len(sarif_problems(bad)) >= 6


def test_sarif_uri_is_percent_encoded() -> None:
    from iho_ready.render.sarif import uri

    assert uri("board papers/manifest 2026.yaml") == "board%20papers/manifest%202026.yaml"
    # A backslash separates folders on Windows only; elsewhere it is part of a name.
    assert uri("a\\b.yaml") == ("a/b.yaml" if os.sep == "\\" else "a%5Cb.yaml")


# --------------------------------------------------------------------------- JUnit


def test_junit_structure_and_counts(example: Outcome) -> None:
    text = render(Format.junit, example)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites ")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    names = [s.get("name") for s in suites]
    assert names[:2] == [r.id for r in example.result.rubrics]
    assert "evidence register" in names
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        assert suite.get("errors") == "0"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    # One test case per criterion, failed exactly when the criterion has errors.
    criteria = {(c.rubric, c.id): c for c in example.result.criteria}
    for suite in suites[:2]:
        for case in suite.findall("testcase"):
            criterion = criteria[(suite.get("name"), case.get("name").split(":")[0])]
            assert (case.find("failure") is not None) == (criterion.errors > 0), case.get("name")
    assert sum(len(s.findall("testcase")) for s in suites[:2]) == len(criteria)


def test_junit_suites_carry_finding_counts_that_add_up_to_checks(example: Outcome) -> None:
    root = ET.fromstring(render(Format.junit, example).encode("utf-8"))
    totals = {"error": 0, "warning": 0, "info": 0}
    for suite in root.findall("testsuite"):
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        for severity in totals:
            totals[severity] += int(props[f"findings-{severity}"])
    counts = example.result.counts
    assert totals == {"error": counts.error, "warning": counts.warning, "info": counts.info}
    # ...which is why JUnit's failure count is not check's error count: one is per criterion.
    assert int(root.get("failures")) != counts.error


def test_junit_test_names_are_never_cut(example: Outcome) -> None:
    root = ET.fromstring(render(Format.junit, example).encode("utf-8"))
    names = {c.get("name") for c in root.iter("testcase")}
    placed = example.loaded.placed
    for c in example.result.criteria:
        statement = " ".join(placed[(c.rubric, c.id)].criterion.statement.split())
        assert f"{c.id}: {statement}" in names
    assert not any(name.endswith("…") for name in names)


def test_every_error_finding_fails_some_test_case(example: Outcome) -> None:
    root = ET.fromstring(render(Format.junit, example).encode("utf-8"))
    failure_text = "\n".join(f.text or "" for f in root.iter("failure"))
    other_text = "\n".join(f.text or "" for f in root.iter("system-out"))
    for finding in example.result.findings:
        line = finding.format()
        assert line in (failure_text if finding.severity == "error" else other_text), line


def test_junit_is_read_by_junitparser_as_ci_servers_read_it(example: Outcome, tmp_path: Path) -> None:
    from junitparser import Failure, JUnitXml

    path = tmp_path / "report.xml"
    path.write_text(render(Format.junit, example), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
    assert len(cases) == len(example.result.criteria) + len(example.loaded.manifest.evidence) + len(
        example.result.partners) + 1
    assert len(failed) == sum(1 for c in example.result.criteria if c.errors) + len(
        {f.document or f.partner for f in example.result.findings if f.criterion is None and f.severity == "error"})


def test_junit_skips_optional_unassessed_criteria(cli, repo: Path) -> None:
    """Criteria that are optional and not assessed are skipped, not passed or failed."""
    from iho_ready.render.junit import render as junit

    outcome = assess(Path(repo / "manifest.yaml"), Registry([]), display="m.yaml")
    result = outcome.result.model_copy(update={"criteria": [
        c.model_copy(update={"status": "not-assessed", "errors": 0}) if c.id == "PHC3" else c
        for c in outcome.result.criteria]})
    root = ET.fromstring(junit(Outcome(outcome.loaded, result), RenderOptions()).encode("utf-8"))
    skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert [s.split(":")[0] for s in skipped] == ["PHC3"]
    assert root.get("skipped") == "1"


# --------------------------------------------------------------------------- GitHub annotations


def test_github_annotations_one_per_finding(example: Outcome) -> None:
    lines = render(Format.github, example).splitlines()
    assert len(lines) == len(example.result.findings)
    for line, finding in zip(lines, example.result.findings):
        command = {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        loc = finding.location
        assert line.startswith(f"::{command} file={loc.file},line={loc.line},col={loc.column},"
                               f"title=iho-ready%3A {finding.code}::")


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_message_cannot_inject_a_command(example: Outcome) -> None:
    finding = example.result.findings[0].model_copy(update={"message": "bad\n::error::injected"})
    result = example.result.model_copy(update={"findings": [finding]})
    text = render(Format.github, Outcome(example.loaded, result))
    assert text.count("\n") == 1 and "%0A::error::injected" in text


# --------------------------------------------------------------------------- Markdown summary


def test_markdown_summary_is_short_and_has_readiness_and_verdict(example: Outcome) -> None:
    from iho_ready.policy import Policy, decide

    verdict = decide(example.result, Policy())
    text = render(Format.markdown_summary, example, RenderOptions(verdict=verdict))
    assert "| nhse-iho-designation | 2025.11 | **Not ready** |" in text
    assert "**Check failed:** 37 findings at or above error (fail-on error)." in text
    assert "<details>" in text and text.count("\n| `examples/") == len(example.result.findings)
    assert len(text.splitlines()) < len(example.result.findings) + 40  # short but for the findings table
    assert "**Check passed.**" in render(Format.markdown_summary, example, RenderOptions(
        verdict=decide(example.result, Policy(fail_on="never"))))


def test_markdown_escapes_table_breaking_text() -> None:
    assert md("a | b <script> *x* [l](u)\nnext") == r"a \| b \<script\> \*x\* \[l\](u) next"
