"""The CI jobs that build the HTML dashboard for Pages: the GitHub action's dashboard step and the GitLab
template's ``.iho-ready-pages`` job, run here on the example (their schemas are checked in test_ci_jobs)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.ci.ci_support import EXAMPLE_REL, ROOT
from tests.ci.test_ci_jobs import GITLAB, action, bin_dir, environment, load_yaml, run_action_step

__all__ = ["action", "bin_dir"]  # fixtures, found by name


def test_action_builds_a_public_dashboard(action: dict, tmp_path: Path, bin_dir: Path) -> None:
    site = tmp_path / "site" / "index.html"
    done, _, written = run_action_step(action, "dashboard", {
        "manifest": EXAMPLE_REL, "dashboard": str(site), "charts": "false"}, tmp_path, bin_dir)
    assert done.returncode == 0, done.stderr
    page = site.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "public version" in page
    assert "Board Assurance Framework, IHO risks" not in page  # private evidence stays out
    assert written == {"written": str(site)}
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "dashboard")
    assert step["if"] == "${{ inputs.dashboard != '' }}"
    steps = [s.get("id") for s in action["runs"]["steps"]]
    assert steps.index("dashboard") < steps.index("check")  # a failing check must not stop the dashboard


def test_action_refuses_a_private_dashboard_unless_the_trust_opts_in(action: dict, tmp_path: Path,
                                                                    bin_dir: Path) -> None:
    site = tmp_path / "site" / "index.html"
    inputs = {"manifest": EXAMPLE_REL, "dashboard": str(site), "charts": "false", "dashboard-audience": "private"}
    refused, _, _ = run_action_step(action, "dashboard", inputs, tmp_path, bin_dir)
    assert refused.returncode == 2 and "private-dashboard" in refused.stderr and not site.exists()
    allowed, _, _ = run_action_step(action, "dashboard", inputs | {"private-dashboard": "true"}, tmp_path, bin_dir)
    assert allowed.returncode == 0, allowed.stderr
    assert "Board Assurance Framework, IHO risks" in site.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages_job() -> dict:
    return load_yaml(GITLAB.read_text(encoding="utf-8"), GITLAB.name)


def run_pages(gitlab: dict, cwd: Path, bin_dir: Path, **variables: str) -> subprocess.CompletedProcess:
    job = gitlab[".iho-ready-pages"]
    guard, install, *steps = job["script"]
    assert guard.startswith('test -n "$IHO_READY_INSTALL"')
    # The same pinned install as the check job: nothing else is installed from a package index.
    assert install == gitlab[".iho-ready"]["script"][1]
    env = environment(bin_dir, **(gitlab["variables"] | job["variables"] | {"IHO_READY_MANIFEST": EXAMPLE_REL}
                                  | variables))
    return subprocess.run(["sh", "-ec", "\n".join(steps)], cwd=cwd, env=env, capture_output=True, text=True)


def test_gitlab_pages_job_writes_public_index(pages_job: dict, tmp_path: Path, bin_dir: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    done = run_pages(pages_job, tmp_path, bin_dir)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "public" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    job = pages_job[".iho-ready-pages"]
    assert job["artifacts"]["paths"] == ["public"] and job["variables"]["GIT_DEPTH"] == "0"
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_gitlab_pages_job_refuses_private_without_opting_in(pages_job: dict, tmp_path: Path, bin_dir: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    refused = run_pages(pages_job, tmp_path, bin_dir, IHO_READY_DASHBOARD_AUDIENCE="private")
    assert refused.returncode == 2 and "IHO_READY_PRIVATE_DASHBOARD" in refused.stderr
    allowed = run_pages(pages_job, tmp_path, bin_dir, IHO_READY_DASHBOARD_AUDIENCE="private",
                        IHO_READY_PRIVATE_DASHBOARD="true")
    assert allowed.returncode == 0, allowed.stderr
