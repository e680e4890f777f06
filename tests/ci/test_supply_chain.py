"""No ready-made job installs a package name the project does not own, and the release
workflow and composite action use only pinned actions with least privilege."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.ci.ci_support import ROOT
from tests.ci.test_ci_jobs import load_yaml, vendored_schema

RELEASE = ROOT / ".github" / "workflows" / "release.yml"
ACTION = ROOT / "action.yml"
GITLAB = ROOT / "ci" / "gitlab" / "iho-ready.gitlab-ci.yml"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _text_files() -> list[Path]:
    """Every template, workflow and document a user might copy an install line from."""
    files = [ACTION, GITLAB, ROOT / ".pre-commit-hooks.yaml", ROOT / "README.md", ROOT / "SECURITY.md",
             ROOT / "CHANGELOG.md"]
    files += sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / ".github").rglob("*.yml"))
    files += sorted((ROOT / "ci").rglob("*.yml"))
    return [f for f in files if f.is_file()]


_BARE = re.compile(r"^iho[-_]ready(\[[\w,]+\])?\s*((==|>=|<=|~=|!=|<|>)\s*[\w.*+!-]+)?$", re.I)


def bare_installs(line: str) -> list[str]:
    """The arguments of a ``pip install`` on *line* that name iho-ready on an index (no URL, path or git)."""
    found = []
    for match in re.finditer(r"pip3?\s+install\s+(.*)", line):
        words = [w.strip("'\"") for w in re.findall(r'"[^"]*"|\'[^\']*\'|[^\s`]+', match.group(1))]
        for i, word in enumerate(words):
            direct = i + 1 < len(words) and words[i + 1] == "@"  # PEP 508 "name @ URL"
            if not word.startswith("-") and _BARE.match(word) and not direct:
                found.append(word)
    return found


@pytest.mark.parametrize(("line", "bare"), [
    ("python -m pip install iho-ready", ["iho-ready"]),
    ('pip install "iho-ready==0.2.0"', ["iho-ready==0.2.0"]),
    ("  - script: pip install --upgrade iho_ready>=0.1", ["iho_ready>=0.1"]),
    ('pip install "iho-ready[docx]"', ["iho-ready[docx]"]),
    ('pip install "iho-ready @ git+https://github.com/OWNER/iho-ready@' + "a" * 40 + '"', []),
    ('pip install "https://github.com/O/iho-ready/releases/download/v1/iho_ready-1-py3-none-any.whl#sha256=ab"', []),
    ('pip install "$IHO_READY_ACTION_PATH"', []),
    ("pip install -e '.[test]'", []),
    ("pip install iho-ready @ git+https://example.org/x.git@" + "b" * 40, []),
    ("`pip install iho-ready`. Word's styles", ["iho-ready"]),
])
def test_the_bare_install_detector(line: str, bare: list[str]) -> None:
    assert bare_installs(line) == bare


def test_no_template_or_document_installs_a_bare_iho_ready_from_an_index() -> None:
    offending = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in _text_files()
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if bare_installs(line)]
    assert offending == []


def test_the_gitlab_template_has_no_default_package_to_install() -> None:
    variables = load_yaml(GITLAB.read_text(encoding="utf-8"))["variables"]
    assert variables["IHO_READY_INSTALL"] == ""


def test_the_action_installs_only_its_own_source() -> None:
    action = load_yaml(ACTION.read_text(encoding="utf-8"))
    assert "version" not in action["inputs"]
    runs = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    # "$IHO_READY_ACTION_PATH$IHO_READY_EXTRAS": this copy, with its own charts extra for a dashboard.
    assert runs.count("pip install") == 1 and '"$IHO_READY_ACTION_PATH$IHO_READY_EXTRAS"' in runs


def _uses(data: dict) -> list[str]:
    steps = data.get("runs", {}).get("steps", []) + [s for job in data.get("jobs", {}).values()
                                                       for s in job.get("steps", [])]
    return [s["uses"] for s in steps if "uses" in s]


@pytest.mark.parametrize("path", [ACTION, RELEASE], ids=["action", "release"])
def test_every_action_used_is_pinned_to_a_commit_sha(path: Path) -> None:
    data = load_yaml(path.read_text(encoding="utf-8"))
    uses = _uses(data)
    assert uses and all(SHA_PIN.match(u) for u in uses), uses
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith(("uses:", "- uses:")):  # the release the SHA stands for, for reviewers and Dependabot
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_release_workflow_is_valid_and_least_privilege() -> None:
    workflow = load_yaml(RELEASE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(vendored_schema("github-workflows.json")).validate(workflow)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}  # trusted publishing, no token stored
    assert jobs["pypi"]["needs"] == "github-release" and jobs["github-release"]["needs"] == "build"
    assert jobs["pypi"]["if"] == "${{ vars.PUBLISH_TO_PYPI == 'true' }}"
    assert jobs["pypi"]["environment"]["name"] == "pypi"
    checkout = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_release_scripts_take_context_values_only_through_the_environment(tmp_path: Path) -> None:
    workflow = load_yaml(RELEASE.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                assert "${{" not in step["run"], step.get("name")
                script = tmp_path / "step.sh"
                script.write_text(step["run"])
                assert subprocess.run(["bash", "-n", str(script)]).returncode == 0, step.get("name")


def test_release_version_check_reads_the_package_version(tmp_path: Path) -> None:
    from iho_ready import __version__

    workflow = load_yaml(RELEASE.read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name", "").startswith("Check that the tag"))
    ok = subprocess.run(["bash", "-c", step["run"]], cwd=ROOT, env={"TAG": f"v{__version__}", "PATH": "/usr/bin:/bin"},
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    wrong = subprocess.run(["bash", "-c", step["run"]], cwd=ROOT, env={"TAG": "v9.9.9", "PATH": "/usr/bin:/bin"},
                           capture_output=True, text=True)
    assert wrong.returncode == 1 and "does not match the package version" in wrong.stderr


def test_docs_explain_pinning_and_releases() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "## Pinning a version" in docs and "## Releases" in docs
    assert "PUBLISH_TO_PYPI" in docs and "#sha256=" in docs and "COMMIT-SHA" in docs
