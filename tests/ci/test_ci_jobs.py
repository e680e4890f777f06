"""The ready-made CI jobs and their documentation, tested as far as a machine without the
CI services allows: each file is valid against the service's own schema (vendored by
check-jsonschema) or validator (pre-commit's), every input it references exists, and the
scripts they run are run here against the bundled example."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from iho_ready import yamlsource
from iho_ready.findings import FINDINGS
from tests.ci.ci_support import EXAMPLE_REL, ROOT
from tests.helpers import example_line

ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GITLAB = ROOT / "ci" / "gitlab" / "iho-ready.gitlab-ci.yml"
DOCS = ROOT / "docs" / "ci.md"
README = ROOT / "README.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_yaml(text: str, name: str = "<block>") -> Any:
    """YAML as the CI services read it (YAML 1.2: ``on:`` stays a key, not ``True``)."""
    return yamlsource.construct(yamlsource.compose(text, name))


def vendored_schema(name: str) -> dict:
    """A CI service's schema as vendored by check-jsonschema (no network)."""
    return json.loads((resources.files("check_jsonschema.builtin_schemas.vendor") / name).read_text("utf-8"))


def blocks(path: Path, lang: str) -> list[str]:
    """The fenced code blocks of one language in a Markdown file."""
    return re.findall(rf"^```{lang}\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.M | re.S)


def readme_workflow() -> str:
    """The README's one GitHub workflow block (its other YAML blocks show manifests)."""
    (block,) = [b for b in blocks(README, "yaml") if "jobs:" in b]
    return block


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A folder with an ``iho-ready`` command that runs this checkout, to put first on PATH."""
    folder = tmp_path / "bin"
    folder.mkdir()
    shim = folder / "iho-ready"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m iho_ready "$@"\n')
    shim.chmod(0o755)
    return folder


def environment(bin_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


# --------------------------------------------------------------------------- GitHub composite action


@pytest.fixture(scope="module")
def action() -> dict:
    return load_yaml(ACTION.read_text(encoding="utf-8"), "action.yml")


def test_action_is_valid_against_the_github_actions_schema(action: dict) -> None:
    jsonschema.Draft7Validator(vendored_schema("github-actions.json")).validate(action)
    assert action["runs"]["using"] == "composite"


def test_action_references_only_inputs_and_outputs_that_exist(action: dict) -> None:
    text = ACTION.read_text(encoding="utf-8")
    used = set()
    for expression in EXPRESSION.findall(text):
        for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", expression):
            assert name in action["inputs"], f"${{{{ {expression} }}}} names no input"
            used.add(name)
        for step_id, name in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expression):
            step = next(s for s in action["runs"]["steps"] if s.get("id") == step_id)
            assert f'echo "{name}=' in step["run"], f"step {step_id} never writes output {name}"
    assert used == set(action["inputs"]), f"inputs never used: {set(action['inputs']) - used}"


def test_action_scripts_take_inputs_only_through_the_environment(action: dict, tmp_path: Path) -> None:
    """An input spliced into a script could inject shell code; env variables cannot."""
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["name"]
            assert step["shell"] == "bash"
            script = tmp_path / "step.sh"
            script.write_text(step["run"])
            assert subprocess.run(["bash", "-n", str(script)]).returncode == 0, step["name"]


def run_action_step(action: dict, step_id: str, inputs: dict[str, str], tmp_path: Path, bin_dir: Path,
                    cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess, Path, dict[str, str]]:
    """Run one ``run:`` step as the GitHub runner does (bash -eo pipefail, env from ``env:``)."""
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
    context = {f"inputs.{k}": v for k, v in values.items()} | {"github.action_path": str(ROOT)}
    step = next(s for s in action["runs"]["steps"] if s.get("id") == step_id)
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    summary, outputs = runner / "step-summary.md", runner / "github-output"
    env = environment(bin_dir, RUNNER_TEMP=str(runner), GITHUB_STEP_SUMMARY=str(summary),
                      GITHUB_OUTPUT=str(outputs))
    for key, value in step.get("env", {}).items():
        env[key] = EXPRESSION.sub(lambda m: context[m.group(1)], str(value))
    script = runner / f"{step_id}.sh"
    script.write_text(step["run"])
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True)
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.exists() else {}
    return done, summary, written


def test_action_check_step_on_the_example(action: dict, tmp_path: Path, bin_dir: Path) -> None:
    sarif, junit = tmp_path / "out.sarif", tmp_path / "junit.xml"
    done, summary, written = run_action_step(action, "check", {
        "manifest": EXAMPLE_REL, "sarif": "true", "sarif-file": str(sarif), "junit": str(junit)}, tmp_path, bin_dir)
    assert done.returncode == 1, done.stderr
    assert "Findings: 37 errors" in done.stdout
    line = example_line("  SV2:") + 1  # SV2's rating: confirmed without complete evidence
    assert f"\n::error file=examples/northshire-community/manifest.yaml,line={line},col=13," in done.stdout
    assert summary.read_text().startswith("## iho-ready: Northshire Community Health NHS Foundation Trust")
    assert "**Check failed:**" in summary.read_text()
    assert written == {"exit-code": "1", "sarif-written": "true"}
    from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as SarifLog

    SarifLog.model_validate_json(sarif.read_text())
    assert junit.read_text().startswith("<?xml")
    upload = next(s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "steps.check.outputs.sarif-written == 'true'" in upload["if"]


def test_action_check_step_passes_and_honours_fail_on_and_args(action: dict, repo: Path, tmp_path: Path,
                                                               bin_dir: Path) -> None:
    done, summary, written = run_action_step(action, "check", {}, tmp_path, bin_dir, cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert written == {"exit-code": "0"} and "**Check passed.**" in summary.read_text()
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("  PHC3: {rating: met}\n", "  PHC3: {rating: not-met}\n"))
    failing, _, _ = run_action_step(action, "check", {"fail-on": "never", "args": "--min-readiness plan-agreed"},
                                    tmp_path, bin_dir, cwd=repo)
    assert failing.returncode == 1 and "(min-readiness plan-agreed)" in failing.stderr
    passing, _, _ = run_action_step(action, "check", {"fail-on": "never"}, tmp_path, bin_dir, cwd=repo)
    assert passing.returncode == 0


def test_action_check_step_on_invalid_input_still_reports(action: dict, repo: Path, tmp_path: Path,
                                                          bin_dir: Path) -> None:
    """A broken manifest gets annotations at its lines, a job summary and SARIF, and exit code 2."""
    (repo / "manifest.yaml").write_text("manifest: 2\n")
    sarif, junit = tmp_path / "out.sarif", tmp_path / "junit.xml"
    done, summary, written = run_action_step(action, "check", {"sarif": "true", "sarif-file": str(sarif),
                                                               "junit": str(junit)}, tmp_path, bin_dir, cwd=repo)
    assert done.returncode == 2 and "manifest.yaml:1:11: error:" in done.stderr
    assert "::error file=manifest.yaml,line=1,col=11,title=iho-ready%3A schema::" in done.stdout
    assert summary.read_text().startswith("## iho-ready: manifest.yaml could not be read")
    assert written == {"exit-code": "2", "sarif-written": "true"}
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results][-1] == (
        "schema", 1)
    assert "<error " in junit.read_text()


def test_action_install_step_installs_its_own_copy_only(action: dict) -> None:
    install = next(s for s in action["runs"]["steps"] if s.get("name") == "Install iho-ready")
    assert install["run"].strip().splitlines()[-1] == ('python -m pip install --disable-pip-version-check '
                                                       '--no-input "$IHO_READY_ACTION_PATH$IHO_READY_EXTRAS"')
    assert install["env"]["IHO_READY_ACTION_PATH"] == "${{ github.action_path }}"
    # Only this copy's own extras: charts for a dashboard with charts (issue #11), workbook for a .xlsx
    # manifest, docx and pdf for the board paper (issue #18).
    assert install["env"]["IHO_READY_CHARTS_EXTRA"] == (
        "${{ inputs.dashboard != '' && inputs.charts == 'true' && 'charts' || '' }}")
    assert install["env"]["IHO_READY_WORKBOOK_EXTRA"] == "${{ endsWith(inputs.manifest, '.xlsx') && 'workbook' || '' }}"


@pytest.mark.parametrize(("inputs", "extras"), [
    ({}, ""), ({"dashboard": "site/index.html"}, "[charts]"), ({"manifest": "manifest.xlsx"}, "[workbook]"),
    ({"manifest": "manifest.xlsx", "paper": "site", "dashboard": "site/index.html"}, "[charts,workbook,docx,pdf]"),
])
def test_action_install_step_names_the_extras_it_needs(action: dict, tmp_path: Path, inputs: dict,
                                                       extras: str) -> None:
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "Install iho-ready")
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
    env = dict(os.environ) | {"IHO_READY_ACTION_PATH": "/action"}
    for key, value in step["env"].items():
        if key.endswith(("_EXTRA", "_EXTRAS")):
            expression = EXPRESSION.search(value).group(1)
            env[key] = _extra_for(expression, values)
    script = step["run"].replace("python -m pip install", "echo")
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], env=env, capture_output=True, text=True)
    assert done.stdout.split()[-1] == f"/action{extras}", done.stderr


def _extra_for(expression: str, inputs: dict) -> str:
    """The value of one of the install step's extra expressions (their three shapes only)."""
    if expression.startswith("inputs.dashboard"):
        return "charts" if inputs["dashboard"] and inputs["charts"] == "true" else ""
    if expression.startswith("endsWith(inputs.manifest"):
        return "workbook" if inputs["manifest"].endswith(".xlsx") else ""
    assert expression.startswith("inputs.paper"), expression
    return "docx,pdf" if inputs["paper"] else ""
    assert (ROOT / "pyproject.toml").is_file()  # what pip installs from the action's own path


# --------------------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook_is_valid_for_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(HOOKS))
    assert (hook["id"], hook["language"], hook["entry"], hook["pass_filenames"]) == (
        "iho-ready", "python", "iho-ready check --quiet", True)


@pytest.mark.parametrize(("name", "matches"), [
    ("manifest.yaml", True), ("trust/manifest.yml", True), ("evidence/plan.md", False),
    ("my-manifest.yaml", False), ("iho-ready.lock", False),
])
def test_pre_commit_hook_files(name: str, matches: bool) -> None:
    (hook,) = load_yaml(HOOKS.read_text(encoding="utf-8"))
    assert bool(re.search(hook["files"], name)) is matches


def test_pre_commit_hook_entry_runs(repo: Path, bin_dir: Path) -> None:
    (hook,) = load_yaml(HOOKS.read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    env = environment(bin_dir)
    failing = subprocess.run([*entry, EXAMPLE_REL], cwd=ROOT, env=env, capture_output=True, text=True)
    line = example_line("  SV2:") + 1
    assert failing.returncode == 1 and f"manifest.yaml:{line}:13: error:" in failing.stdout
    clean = subprocess.run([*entry, "manifest.yaml"], cwd=repo, env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    both = subprocess.run([*entry, "manifest.yaml", "manifest.yaml"], cwd=repo, env=env, capture_output=True)
    assert both.returncode == 0


# --------------------------------------------------------------------------- GitLab template


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return load_yaml(GITLAB.read_text(encoding="utf-8"), GITLAB.name)


def test_gitlab_template_is_valid_against_the_gitlab_ci_schema(gitlab: dict) -> None:
    jsonschema.Draft7Validator(vendored_schema("gitlab-ci.json")).validate(gitlab)
    assert gitlab["iho-ready"] == {"extends": ".iho-ready", "stage": "test"}


def test_gitlab_template_publishes_the_junit_file_the_command_writes(gitlab: dict) -> None:
    job = gitlab[".iho-ready"]
    command = shlex.split(job["script"][-1])
    assert command[:2] == ["iho-ready", "check"]
    junit = command[command.index("junit") + 2]
    assert command[command.index("junit") + 1] == "--output"
    assert job["artifacts"]["reports"]["junit"] == junit
    assert job["artifacts"]["when"] == "always"  # the report matters most when the job fails


def test_gitlab_template_script_runs(gitlab: dict, tmp_path: Path, bin_dir: Path) -> None:
    job = gitlab[".iho-ready"]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = environment(bin_dir, **(gitlab["variables"] | {"IHO_READY_MANIFEST": EXAMPLE_REL}))
    guard, install, check = job["script"]
    assert install.startswith("python -m pip install") and '"$IHO_READY_INSTALL"' in install
    unset = subprocess.run(["sh", "-c", guard], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert unset.returncode == 2 and "set IHO_READY_INSTALL to a pinned release wheel" in unset.stderr
    pinned = env | {"IHO_READY_INSTALL": "iho-ready @ git+https://github.com/OWNER/iho-ready@" + "0" * 40}
    assert subprocess.run(["sh", "-c", guard], cwd=tmp_path, env=pinned).returncode == 0
    done = subprocess.run(["sh", "-c", check], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    for path in [job["artifacts"]["reports"]["junit"], *job["artifacts"]["paths"]]:
        assert (tmp_path / path).is_file(), path
    from junitparser import JUnitXml

    assert sum(1 for suite in JUnitXml.fromfile(str(tmp_path / "iho-ready-junit.xml")) for _ in suite) > 0
    with_args = subprocess.run(["sh", "-c", check], cwd=tmp_path, capture_output=True, text=True,
                               env=env | {"IHO_READY_ARGS": "--fail-on never"})
    assert with_args.returncode == 0, with_args.stderr


# --------------------------------------------------------------------------- documentation


def test_docs_show_the_gitlab_template_as_it_is() -> None:
    template = "".join(line for line in GITLAB.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not line.startswith("#")).lstrip("\n")
    assert template in blocks(DOCS, "yaml")


def test_every_yaml_block_in_the_docs_is_valid_for_its_service(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config

    seen = set()
    for block in blocks(DOCS, "yaml") + blocks(README, "yaml"):
        data = load_yaml(block)
        first = block.splitlines()[0]
        if "jobs" in data and "on" in data:
            jsonschema.Draft7Validator(vendored_schema("github-workflows.json")).validate(data)
            seen.add("github")
        elif first == "# .pre-commit-config.yaml":
            path = tmp_path / ".pre-commit-config.yaml"
            path.write_text(block)
            load_config(str(path))
            seen.add("pre-commit")
        elif "manifest" in data:
            from iho_ready.models.manifest import Manifest

            Manifest.model_validate(data)
            seen.add("manifest")
        elif first == "# azure-pipelines.yml":
            assert data["steps"][-1]["inputs"]["testResultsFormat"] == "JUnit"
            seen.add("azure")
        elif first == "# .iho-ready.yaml, next to manifest.yaml":
            from iho_ready.policy import PolicyConfig, resolve

            resolve(PolicyConfig.model_validate(data))
            seen.add("config")
        else:
            jsonschema.Draft7Validator(vendored_schema("gitlab-ci.json")).validate(data)
            seen.add("gitlab")
    assert seen == {"github", "pre-commit", "azure", "config", "gitlab", "manifest"}


def test_readme_block_is_the_documented_workflow_and_uses_real_inputs(action: dict) -> None:
    readme_block = readme_workflow()
    assert readme_block in blocks(DOCS, "yaml")
    workflow = load_yaml(readme_block)
    steps = workflow["jobs"]["iho-ready"]["steps"]
    ours = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/iho-ready")]
    assert len(ours) == 1 and set(ours[0]["with"]) <= set(action["inputs"])
    assert ours[0]["with"]["junit"] == next(s for s in steps if "upload-artifact" in s.get("uses", ""))["with"]["path"]


def test_readme_policy_fails_when_readiness_drops(cli, action: dict) -> None:
    """The README's policy, run on the example (one rubric not ready): the job fails, and says why."""
    readme_block = readme_workflow()
    ours = next(s for s in load_yaml(readme_block)["jobs"]["iho-ready"]["steps"] if "with" in s
                and "manifest" in s["with"])["with"]
    run = cli("check", EXAMPLE_REL, "--fail-on", ours["fail-on"], *shlex.split(ours["args"]), cwd=ROOT)
    assert run.code == 1
    assert "nhse-iho-designation is Not ready, below Not ready: plan agreed (min-readiness plan-agreed)" in run.err


def test_readme_commands_run(tmp_path: Path, bin_dir: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    commands = [line[2:] for block in blocks(README, "console") for line in block.splitlines()
                if line.startswith("$ iho-ready ")]
    assert len(commands) >= 4
    for command in commands:
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=environment(bin_dir), capture_output=True,
                              text=True)
        assert done.returncode in (0, 1), f"{command}: {done.stderr}"
        assert "Traceback" not in done.stderr
    # Each file holds the format its name says (outputs pair with formats by position).
    assert json.loads((tmp_path / "result.json").read_text())["format_version"] == 2
    assert json.loads((tmp_path / "result.sarif").read_text())["version"] == "2.1.0"


def test_docs_commands_send_each_format_where_they_say() -> None:
    """Every documented command that writes a report writes the format its file name says."""
    text = DOCS.read_text(encoding="utf-8")
    commands = re.findall(r"(iho-ready check manifest\.yaml[^'`\n]* (?:--output|-o) [^'`\n]*)", text)
    assert len(commands) >= 3
    kinds = {".json": "json", ".sarif": "sarif", ".xml": "junit"}
    for command in commands:
        args = shlex.split(command.replace("manifest.yaml", EXAMPLE_REL, 1))[2:]
        formats = [args[i + 1] for i, a in enumerate(args) if a in ("-f", "--format")]
        outputs = [args[i + 1] for i, a in enumerate(args) if a in ("-o", "--output")]
        for fmt, output in zip(formats, outputs):
            suffix = Path(output).suffix
            assert kinds.get(suffix, fmt) == fmt, f"{command}: {fmt} would go to {output}"


def test_docs_list_every_finding_code() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|info) \| (.*) \|$", DOCS.read_text(encoding="utf-8"),
                      flags=re.M)
    assert [(code, severity, summary) for code, severity, summary in rows] == [
        (k.code, k.severity, k.summary) for k in sorted(FINDINGS.values(), key=lambda k: k.code)]
