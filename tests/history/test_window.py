"""Issue 21: ``history`` and the dashboard's trend assess a bounded window of the newest changes.

A manifest changed at thousands of commits took tens of seconds; now the newest
``limits.MAX_HISTORY_POINTS`` are assessed unless ``--points N`` says otherwise, and every
output says when older changes are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iho_ready import limits
from iho_ready.history import History
from tests.helpers import run_cli
from tests.history.git_fixture import commit, dump, git, manifest_data

CHANGES = 9


@pytest.fixture
def busy_repo(tmp_path: Path) -> Path:
    """A manifest changed at :data:`CHANGES` commits (one as-of date a month); returns its path."""
    repo = tmp_path / "busy"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "evidence").mkdir()
    (repo / "evidence" / "plan.md").write_text("Strategy\n", encoding="utf-8")
    for month in range(1, CHANGES + 1):
        (repo / "manifest.yaml").write_text(dump(manifest_data(f"2026-{month:02d}-28", {"rating": "confirmed"})),
                                            encoding="utf-8")
        commit(repo, f"Month {month}", f"2026-{month:02d}-28")
    return repo / "manifest.yaml"


def _history(manifest: Path, *args: str) -> History:
    run = run_cli("history", manifest.name, "-f", "json", *args, cwd=manifest.parent)
    assert run.code == 0, run.err
    return History.model_validate_json(run.out)


def test_points_n_keeps_the_newest_n_and_says_how_many_there_are(busy_repo: Path) -> None:
    found = _history(busy_repo, "--points", "4")
    assert [p.subject for p in found.points] == [f"Month {m}" for m in range(CHANGES - 3, CHANGES + 1)]
    assert (found.total, found.limit) == (CHANGES, 4)
    assert found.window == f"Showing the newest 4 of {CHANGES} changes of the manifest; --points N shows another " \
                           "number (0 for all)."
    terminal = run_cli("history", busy_repo.name, "--points", "4", cwd=busy_repo.parent, env={"COLUMNS": "200"})
    assert f"{CHANGES} commits changed the manifest" in terminal.out and found.window in terminal.out


def test_the_default_window_is_the_limit_and_zero_means_every_change(busy_repo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_HISTORY_POINTS", 3)
    assert len(_history(busy_repo).points) == 3
    everything = _history(busy_repo, "--points", "0")
    assert len(everything.points) == everything.total == CHANGES and everything.window is None


def test_the_window_applies_after_since(busy_repo: Path) -> None:
    third = git(busy_repo.parent, "rev-list", "--reverse", "HEAD").split()[2]
    found = _history(busy_repo, "--since", third, "--points", "2")
    assert found.total == CHANGES - 3 and [p.subject for p in found.points] == [f"Month {CHANGES - 1}",
                                                                                f"Month {CHANGES}"]


def test_the_dashboard_trend_has_the_same_window_and_says_so(busy_repo: Path) -> None:
    page = run_cli("report", busy_repo.name, "--format", "html", "--no-charts", "--points", "2", cwd=busy_repo.parent)
    assert page.code == 0, page.err
    trend = page.out[page.out.index('id="trend"'):page.out.index('id="statements"')]
    assert len(re.findall(r'<tr><th scope="row">Update \d+', trend)) == 2  # a public page: updates, not commits
    assert f"Showing the newest 2 of {CHANGES:,} updates" in trend
    private = run_cli("report", busy_repo.name, "--format", "html", "--no-charts", "--points", "2",
                      "--audience", "private", cwd=busy_repo.parent).out
    assert f"Showing the newest 2 of {CHANGES} changes of the manifest" in private


@pytest.mark.parametrize("args", [["history", "manifest.yaml", "--points", "-1"],
                                  ["report", "manifest.yaml", "--points", "-1", "--format", "html"],
                                  ["report", "manifest.yaml", "--points", "3"]])
def test_a_negative_window_or_one_without_a_trend_is_a_usage_error(busy_repo: Path, args: list[str]) -> None:
    run = run_cli(*args, cwd=busy_repo.parent)
    assert run.code == 2 and "--points" in run.err and "Traceback" not in run.err
