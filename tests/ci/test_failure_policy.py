"""The failure policy: every option, the config files, their precedence, and unknown codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iho_ready.app import assess
from iho_ready.findings import FINDINGS
from iho_ready.policy import Policy, PolicyConfig, PolicyError, code_problem, decide, resolve
from iho_ready.rubrics import Registry
from tests.ci.ci_support import EXAMPLE, EXAMPLE_REL, ROOT, write


# Per test, not per module: a mutation run (CONTRIBUTING) runs, for each mutant, the tests that
# called the mutated function, and a module fixture's calls are counted to the first test only.
@pytest.fixture
def result():
    return assess(Path(EXAMPLE), Registry([]), display=EXAMPLE_REL).result


def codes(run) -> list[str]:
    return [f["code"] for f in json.loads(run.out)["findings"]]


# --------------------------------------------------------------------------- decide (pure)


def test_default_fails_on_errors(result) -> None:
    verdict = decide(result, Policy())
    assert verdict.exit_code == 1
    assert verdict.reasons == ("37 findings at or above error (fail-on error)",)


@pytest.mark.parametrize(("fail_on", "count"), [("error", 37), ("warning", 47), ("info", 48)])
def test_fail_on_counts_findings_at_or_above(result, fail_on: str, count: int) -> None:
    verdict = decide(result, Policy(fail_on=fail_on))
    assert verdict.failed and verdict.reasons[0].startswith(f"{count} findings")


def test_fail_on_never_passes(result) -> None:
    assert decide(result, Policy(fail_on="never")).exit_code == 0


def test_fail_on_code_fails_whatever_the_severity(result) -> None:
    verdict = decide(result, Policy(fail_on="never", fail_on_code=frozenset({"evidence-unused"})))
    assert verdict.reasons == ("1 evidence-unused finding (fail-on-code evidence-unused)",)
    without = result.model_copy(update={"findings": [f for f in result.findings if f.code != "evidence-changed"]})
    assert decide(without, Policy(fail_on="never", fail_on_code=frozenset({"evidence-changed"}))).exit_code == 0


def test_min_readiness(result) -> None:
    approaching = decide(result, Policy(fail_on="never", min_readiness="plan-agreed"))
    assert approaching.reasons == (
        "nhse-iho-designation is Not ready, below Not ready: plan agreed (min-readiness plan-agreed)",)
    ready = decide(result, Policy(fail_on="never", min_readiness="ready"))
    assert len(ready.reasons) == 2  # the host provider rubric is approaching, not ready


def test_ignore_code_drops_findings_from_the_decision(result) -> None:
    warnings_only = Policy(fail_on="warning", ignore_code=frozenset({"evidence-unapproved"}))
    assert decide(result, warnings_only).reasons == ("46 findings at or above warning (fail-on warning)",)


# --------------------------------------------------------------------------- resolve


def test_command_line_wins_over_config() -> None:
    config = PolicyConfig.model_validate({"fail-on": "warning", "min-readiness": "ready",
                                          "ignore-code": ["evidence-unused"], "fail-on-code": ["action-overdue"]})
    assert resolve(config) == Policy("warning", "ready", frozenset({"action-overdue"}), frozenset({"evidence-unused"}))
    assert resolve(config, fail_on="never", min_readiness="plan-agreed", ignore_code=["evidence-expiring"],
                   fail_on_code=["evidence-changed"]) == Policy(
        "never", "plan-agreed", frozenset({"evidence-changed"}), frozenset({"evidence-expiring"}))


def test_unknown_codes_are_an_error_with_did_you_mean() -> None:
    with pytest.raises(PolicyError, match=r"--ignore-code: unknown finding code 'evidence-unusd' "
                                          r"\(did you mean 'evidence-unused'"):
        resolve(ignore_code=["evidence-unusd"])
    with pytest.raises(PolicyError, match="--fail-on-code: 'schema' is an input error code"):
        resolve(fail_on_code=["schema"])


def test_a_code_cannot_be_ignored_and_failed_on() -> None:
    with pytest.raises(PolicyError, match="evidence-unused cannot be both ignored and failed on"):
        resolve(fail_on_code=["evidence-unused"], ignore_code=["evidence-unused"])


# --------------------------------------------------------------------------- the CLI options


def test_cli_fail_on(cli) -> None:
    assert cli("check", EXAMPLE_REL, "--fail-on", "never", cwd=ROOT).code == 0
    failing = cli("check", EXAMPLE_REL, "--fail-on", "error", cwd=ROOT)
    assert failing.code == 1
    assert "check failed: 37 findings at or above error (fail-on error)" in failing.err


def test_cli_fail_on_warning_fails_a_repo_with_only_a_warning(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("    approved: {by: Trust Board, date: 2026-09-04}\n", "", 1))
    assert cli("check", "manifest.yaml", cwd=repo).code == 0
    assert cli("check", "manifest.yaml", "--fail-on", "warning", cwd=repo).code == 1


def test_cli_min_readiness(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    text = manifest.read_text()
    # PHC1 partially met with an explanation and an open action: not ready, plan agreed.
    manifest.write_text(text.replace("  PHC1: {rating: met}\n", "  PHC1:\n    rating: partially-met\n"
                                     "    explanation: New.\n    actions:\n      - {id: A1, action: Recruit, "
                                     "owner: Medical Director, due: 2027-03-31, status: on-track}\n"))
    assert cli("check", "manifest.yaml", "--fail-on", "never", "--min-readiness", "plan-agreed", cwd=repo).code == 0
    failing = cli("check", "manifest.yaml", "--fail-on", "never", "--min-readiness", "ready", cwd=repo)
    assert failing.code == 1
    assert "nhsconfed-host-provider is Not ready: plan agreed, below Ready (min-readiness ready)" in failing.err
    # 0.2's name for plan-agreed still works in 0.3, with a deprecation warning.
    old = cli("check", "manifest.yaml", "--fail-on", "never", "--min-readiness", "approaching", cwd=repo)
    assert old.code == 0 and "min-readiness 'approaching' is deprecated" in old.err and "'plan-agreed'" in old.err
    (repo / ".iho-ready.yaml").write_text("min-readiness: approaching\n")
    assert cli("check", "manifest.yaml", "--fail-on", "never", cwd=repo).code == 0
    # Without a due date the gap is not planned: not ready, below plan agreed.
    manifest.write_text(manifest.read_text().replace(", due: 2027-03-31", ""))
    assert cli("check", "manifest.yaml", "--fail-on", "never", "--min-readiness", "plan-agreed", cwd=repo).code == 1
    config = cli("check", "manifest.yaml", "--fail-on", "never", cwd=repo)
    assert config.code == 1 and "deprecated" in config.err


def test_cli_fail_on_code(cli, repo: Path) -> None:
    run = cli("check", EXAMPLE_REL, "--fail-on", "never", "--fail-on-code", "evidence-expiring", cwd=ROOT)
    assert run.code == 1 and "1 evidence-expiring finding (fail-on-code evidence-expiring)" in run.err
    assert cli("check", "manifest.yaml", "--fail-on", "never", "--fail-on-code", "evidence-changed", cwd=repo).code == 0


def test_cli_ignore_code_removes_findings_from_output_and_readiness(cli) -> None:
    before = cli("check", EXAMPLE_REL, "-f", "json", cwd=ROOT)
    assert "evidence-unused" in codes(before)
    after = cli("check", EXAMPLE_REL, "-f", "json", "--ignore-code", "evidence-unused", "--ignore-code",
                "rubric-unpinned", cwd=ROOT)
    assert not {"evidence-unused", "rubric-unpinned"} & set(codes(after))
    assert json.loads(after.out)["counts"] == {"error": 37, "warning": 9, "info": 0}


def test_ignoring_every_error_of_a_criterion_makes_it_met(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  PHC3: {rating: met}\n", "  PHC3: {rating: not-met}\n"))
    assert cli("check", "manifest.yaml", cwd=repo).code == 1
    run = cli("check", "manifest.yaml", "-f", "json", "--ignore-code", "not-met", "--ignore-code",
              "explanation-missing", "--ignore-code", "gap-without-action", cwd=repo)
    assert run.code == 0, run.err
    assert json.loads(run.out)["rubrics"][0]["readiness"] == "ready"


@pytest.mark.parametrize("option", ["--fail-on-code", "--ignore-code"])
def test_cli_unknown_code_is_a_usage_error(cli, option: str) -> None:
    run = cli("check", EXAMPLE_REL, option, "missing-evidense", cwd=ROOT)
    assert run.code == 2 and run.out == ""
    assert "unknown finding code 'missing-evidense' (did you mean 'missing-evidence'?)" in run.err


def test_cli_bad_choice_is_a_usage_error(cli) -> None:
    assert cli("check", EXAMPLE_REL, "--min-readiness", "nearly", cwd=ROOT).code == 2


# --------------------------------------------------------------------------- config files


def test_yaml_config_next_to_the_manifest(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("    approved: {by: Trust Board, date: 2026-09-04}\n", "", 1))
    write(repo / ".iho-ready.yaml", "fail-on: warning\n")
    assert cli("check", "manifest.yaml", cwd=repo).code == 1
    assert cli("check", "manifest.yaml", "--fail-on", "error", cwd=repo).code == 0  # the command line wins


def test_yaml_config_ignore_and_fail_on_code(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("    approved: {by: Trust Board, date: 2026-09-04}\n", "", 1))
    write(repo / ".iho-ready.yaml", "fail-on-code: [evidence-unapproved]\n")
    assert cli("check", "manifest.yaml", cwd=repo).code == 1
    write(repo / ".iho-ready.yaml", "fail-on: warning\nignore-code: [evidence-unapproved]\n")
    run = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert run.code == 0 and codes(run) == []
    # A list on the command line replaces the config file's list.
    assert cli("check", "manifest.yaml", "--ignore-code", "evidence-unused", cwd=repo).code == 1


def test_pyproject_config_in_a_parent_folder(cli, repo: Path) -> None:
    sub = repo / "trust"
    sub.mkdir()
    (repo / "manifest.yaml").rename(sub / "manifest.yaml")
    (repo / "evidence").rename(sub / "evidence")
    write(repo / "pyproject.toml", """
        [project]
        name = "evidence"

        [tool.iho-ready]
        fail-on = "never"
        min-readiness = "ready"
        """)
    manifest = sub / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  PHC3: {rating: met}\n", "  PHC3: {rating: not-met}\n"))
    run = cli("check", "trust/manifest.yaml", cwd=repo)
    assert run.code == 1 and "(min-readiness ready)" in run.err and "fail-on" not in run.err


def test_yaml_config_wins_over_pyproject(cli, repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.iho-ready]\nfail-on = "never"\n')
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  PHC3: {rating: met}\n", "  PHC3: {rating: not-met}\n"))
    assert cli("check", "manifest.yaml", cwd=repo).code == 0
    write(repo / ".iho-ready.yaml", "fail-on: error\n")
    assert cli("check", "manifest.yaml", cwd=repo).code == 1


def test_pyproject_above_the_repository_root_is_not_used(cli, repo: Path) -> None:
    inner = repo / "inner"
    (inner / ".git").mkdir(parents=True)
    (repo / "manifest.yaml").rename(inner / "manifest.yaml")
    (repo / "evidence").rename(inner / "evidence")
    write(repo / "pyproject.toml", "[tool.iho-ready]\nfail-on = 'nope'\n")  # would be an error if read
    assert cli("check", "inner/manifest.yaml", cwd=repo).code == 0


def test_pyproject_without_the_section_is_ignored(cli, repo: Path) -> None:
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n")
    assert cli("check", "manifest.yaml", cwd=repo).code == 0


@pytest.mark.parametrize(("name", "text", "expected"), [
    (".iho-ready.yaml", "fail-on: warnings\n",
     ".iho-ready.yaml:1:10: error: fail-on: 'warnings' is not allowed here; use one of: error, warning, info, "
     "never (did you mean 'warning'?) [schema]"),
    (".iho-ready.yaml", "fail_on: warning\n",
     ".iho-ready.yaml:1:1: error: unknown field 'fail_on' (did you mean 'fail-on' or 'fail-on-code'?) [schema]"),
    (".iho-ready.yaml", "ignore-code:\n  - evidence-unused\n  - evidence-unusd\n",
     ".iho-ready.yaml:3:5: error: unknown finding code 'evidence-unusd' (did you mean 'evidence-unused' or "
     "'evidence-unlocked' or 'evidence-changed'?) [schema]"),
    (".iho-ready.yaml", "fail-on: [error\n",
     ".iho-ready.yaml:1:10: error: the list that opens with [ here is never closed; end it with ], or put the "
     "whole value in quotes if it is text that starts with [ [yaml-syntax]"),
    ("pyproject.toml", '[tool.iho-ready]\nmin-readiness = "read"\n',
     "pyproject.toml:2:1: error: tool.iho-ready.min-readiness: input should be 'ready', 'plan-agreed' or 'approaching' [schema]"),
    ("pyproject.toml", '[tool.iho-ready]\n  ignore-code = ["nope"]\n',
     "pyproject.toml:2:3: error: ignore-code[0]: unknown finding code 'nope'"),
    ("pyproject.toml", '[tool.iho-ready]\nfailon = "error"\n',
     "pyproject.toml:2:1: error: unknown key 'failon' in [tool.iho-ready] (did you mean 'fail-on' or "
     "'fail-on-code'?) [schema]"),
    ("pyproject.toml", '[tool.iho-ready\nfail-on = "error"\n', "pyproject.toml:1:16: error: not valid TOML"),
])
def test_bad_config_is_a_located_input_error(cli, repo: Path, name: str, text: str, expected: str) -> None:
    write(repo / name, text)
    run = cli("check", "manifest.yaml", cwd=repo)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(expected) and run.err.count("\n") == 1, run.err


def test_every_problem_with_the_codes_is_said_at_once_in_full() -> None:
    with pytest.raises(PolicyError) as raised:
        resolve(fail_on_code=["zzzz", "schema"], ignore_code=["evidence-unused"])
    known = ", ".join(sorted(FINDINGS))
    assert str(raised.value) == (
        f"--fail-on-code: unknown finding code 'zzzz'; known codes: {known}; --fail-on-code: 'schema' is an input "
        "error code: input errors always stop the check with exit code 2, so a policy cannot name them")
    assert code_problem("evidence-unused") is None


def test_a_deprecated_readiness_name_still_works_and_says_what_to_use() -> None:
    policy = resolve(min_readiness="approaching")
    assert policy.min_readiness == "plan-agreed"
    assert policy.deprecations == ("min-readiness 'approaching' is deprecated and will be removed after 0.3; say "
                                   "'plan-agreed' (not ready, with a plan agreed for every shortfall) instead",)
    assert resolve(min_readiness="ready").deprecations == ()


def test_fail_on_info_counts_every_finding_without_a_threshold_phrase(result) -> None:
    assert decide(result, Policy(fail_on="info")).reasons[0] == f"{len(result.findings)} findings (fail-on info)"
    assert decide(result, Policy(fail_on="warning")).reasons[0].endswith(" at or above warning (fail-on warning)")
