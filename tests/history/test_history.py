"""``iho-ready history``: every commit that changed the manifest, assessed as at its own as-of date.

Run on a repository built in the test with real commits (``git_fixture``), so the golden
JSON, commit hashes included, is the same every run.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from iho_ready.git_refs import manifest_history
from iho_ready.history import EVIDENCE_NOTE, Assessed, Commit, build_history
from tests.helpers import assert_golden, run_cli
from tests.history.git_fixture import git


def test_history_json_golden(history_repo: Path) -> None:
    run = run_cli("history", "manifest.yaml", "--format", "json", cwd=history_repo.parent)
    assert run.code == 0, run.err
    assert_golden("history-fixture.json", run.out)


def test_every_commit_that_changed_the_manifest_oldest_first_following_the_rename(history_repo: Path) -> None:
    found = json.loads(run_cli("history", "manifest.yaml", "-f", "json", cwd=history_repo.parent).out)
    subjects = [p["subject"] for p in found["points"]]
    # "Add board minutes" changed only evidence, so it is not an assessment.
    assert subjects == ["First self-assessment", "Work in progress", "Rename the manifest", "Second self-assessment"]
    first, broken, _, last = found["points"]
    assert first["snapshot"]["as_of"] == "2026-02-28" and last["snapshot"]["as_of"] == "2026-08-31"
    assert first["snapshot"]["overdue_actions"] == 1 and last["snapshot"]["overdue_actions"] == 0
    rubric = first["snapshot"]["rubrics"][0]
    assert rubric["ratings"] == [{"rating": "Not confirmed", "count": 1, "rated": True},
                                 {"rating": "Not rated", "count": rubric["criteria"] - 1, "rated": False}]
    assert last["snapshot"]["rubrics"][0]["ratings"][0] == {"rating": "Confirmed", "count": 1, "rated": True}
    assert broken["valid"] is False and broken["snapshot"] is None
    # The file is named as that commit named it, with the line and column of the problem.
    assert broken["problems"] == [f"readiness.yaml@{broken['short']}:2:1: error: duplicate key 'manifest' "
                                  "(first given on line 1); keep one and delete the other [duplicate-key]"]
    assert found["note"] == EVIDENCE_NOTE


def test_since_keeps_only_later_commits(history_repo: Path) -> None:
    repo = history_repo.parent
    rename = git(repo, "log", "--format=%H", "--skip=1", "-1", "--", "manifest.yaml").strip()
    found = json.loads(run_cli("history", "manifest.yaml", "-f", "json", "--since", rename, cwd=repo).out)
    assert [p["subject"] for p in found["points"]] == ["Second self-assessment"]
    assert found["since"] == rename


def test_terminal_says_where_evidence_was_checked_and_why_a_commit_could_not_be_read(history_repo: Path) -> None:
    run = run_cli("history", "manifest.yaml", cwd=history_repo.parent, env={"COLUMNS": "100"})
    assert run.code == 0, run.err
    assert "with the evidence files, partner statements and lock file of that commit" in run.out.replace("\n", " ")
    assert "could not be read at this commit" in run.out
    assert "Not ready" in run.out and "1 overdue action" in run.out and "0 overdue actions" in run.out


def test_the_work_tree_and_index_are_never_touched(history_repo: Path) -> None:
    repo = history_repo.parent
    history_repo.write_text(history_repo.read_text() + "# an uncommitted edit\n")
    before = git(repo, "status", "--porcelain=v1"), git(repo, "rev-parse", "HEAD"), history_repo.read_bytes()
    index = (repo / ".git" / "index").read_bytes()
    assert run_cli("history", "manifest.yaml", cwd=repo).code == 0
    assert (git(repo, "status", "--porcelain=v1"), git(repo, "rev-parse", "HEAD"), history_repo.read_bytes()) == before
    assert (repo / ".git" / "index").read_bytes() == index


@pytest.mark.parametrize("ref", ["--output=x", "-x", ""])
def test_refs_git_could_read_as_options_are_refused(history_repo: Path, ref: str) -> None:
    run = run_cli("history", "manifest.yaml", f"--since={ref}", cwd=history_repo.parent)
    assert run.code == 2
    assert "is not a git ref" in run.err and "Traceback" not in run.err


def test_unknown_ref_and_no_repository_are_one_line_errors(history_repo: Path, tmp_path: Path) -> None:
    run = run_cli("history", "manifest.yaml", "--since", "no-such-tag", cwd=history_repo.parent)
    assert run.code == 2 and "unknown git ref 'no-such-tag'" in run.err
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "manifest.yaml").write_text("manifest: 1\n")
    run = run_cli("history", "manifest.yaml", cwd=outside)
    assert run.code == 2 and "not in one" in run.err and "Traceback" not in run.err


def test_a_repository_with_no_commits_has_an_empty_history(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "manifest.yaml").write_text("manifest: 1\n")
    run = run_cli("history", "manifest.yaml", "-f", "json", cwd=tmp_path)
    assert run.code == 0 and json.loads(run.out)["points"] == []


def test_a_commit_that_deleted_the_manifest_is_a_row_that_says_so(history_repo: Path) -> None:
    repo = history_repo.parent
    subprocess.run(["git", "rm", "-q", "manifest.yaml"], cwd=repo, check=True, capture_output=True)
    git(repo, "commit", "-q", "-m", "Remove", when="2026-10-01")
    (repo / "manifest.yaml").write_text("manifest: 1\n")
    revisions, _ = manifest_history(history_repo)
    assert revisions[-1].files is None and revisions[-1].problem == "the commit deleted the manifest"
    found = json.loads(run_cli("history", "manifest.yaml", "-f", "json", cwd=repo).out)
    assert found["points"][-1]["problems"] == [f"manifest.yaml@{found['points'][-1]['short']}: error: the commit "
                                               "deleted the manifest"]


def test_build_history_is_pure_over_what_it_is_given() -> None:
    from datetime import date

    built = build_history("m.yaml", [Commit("a" * 40, date(2026, 1, 2), "s", Assessed(None, ["m.yaml: error: x"]))],
                          tool_version="t")
    assert built.points[0].short == "aaaaaaa" and not built.points[0].valid
    assert built.points[0].problems == ["m.yaml: error: x"]


def test_a_folder_or_the_manifest_itself_as_output_is_refused(history_repo: Path) -> None:
    run = run_cli("history", ".", cwd=history_repo.parent)
    assert run.code == 2 and "is a folder" in run.err
    run = run_cli("history", "manifest.yaml", "-o", "manifest.yaml", cwd=history_repo.parent)
    assert run.code == 2 and "never rewrites a manifest" in run.err


def test_worker_processes_give_the_same_bytes(history_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many commits are assessed in worker processes; the output must not depend on it."""
    import concurrent.futures

    from iho_ready import app_trends

    alone = run_cli("history", "manifest.yaml", "-f", "json", cwd=history_repo.parent)
    pools = []

    class Spy(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(args)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    monkeypatch.setattr(app_trends, "PARALLEL_FROM", 1)
    monkeypatch.setattr(app_trends.os, "cpu_count", lambda: 2)
    shared = run_cli("history", "manifest.yaml", "-f", "json", cwd=history_repo.parent)
    assert shared.code == 0, shared.err
    assert pools == [(2,)]  # the workers did the assessing
    assert shared.out == alone.out


def test_odd_commit_subjects_and_folder_names_are_read_as_written(tmp_path: Path) -> None:
    from tests.helpers import write_manifest
    from tests.history.git_fixture import commit, manifest_data

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    folder = repo / "trust évidence"
    write_manifest(folder, manifest_data("2026-02-28", {"rating": "confirmed"}), ["evidence/plan.md"])
    commit(repo, "Separators \x1e\x1f and <b>markup</b> in a subject", "2026-03-01")
    found = json.loads(run_cli("history", "manifest.yaml", "-f", "json", cwd=folder).out)
    (point,) = found["points"]
    assert point["valid"], point["problems"]
    assert point["subject"] == "Separators \x1e\x1f and <b>markup</b> in a subject"
