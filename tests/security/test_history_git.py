"""Issue 21 ("Hostile input"), the history items: repositories that ``history`` must read as written.

Each case is a repository built here with real commits: odd manifest names git would quote,
repository settings that change what ``git log`` prints, and objects that unpack to far more
than they take in the pack. The property is always the same: the points are right (or one
point says why it could not be read, with a located ``[limit]`` line), never a traceback,
never a manifest "deleted" at every commit, never zero commits.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from iho_ready import git_refs, limits
from iho_ready.history import History
from tests.helpers import run_cli
from tests.history.git_fixture import commit, dump, git, lock_text, manifest_data

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and resource limits")


def _two_assessments(repo: Path, name: str) -> Path:
    """A repository whose manifest *name* was committed twice (as at February, then August)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    (repo / "evidence").mkdir()
    (repo / "evidence" / "plan.md").write_text("Strategy\n", encoding="utf-8")
    manifest = repo / name
    manifest.write_text(dump(manifest_data("2026-02-28", {"rating": "confirmed"})), encoding="utf-8")
    commit(repo, "Février: première auto-évaluation", "2026-03-02")
    manifest.write_text(dump(manifest_data("2026-08-31", {"rating": "confirmed"})), encoding="utf-8")
    commit(repo, "August", "2026-09-01")
    return manifest


def _history(manifest: Path, *args: str) -> History:
    run = run_cli("history", f"./{manifest.name}", "-f", "json", *args, cwd=manifest.parent)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    return History.model_validate_json(run.out)


@pytest.mark.parametrize("name", [
    'trust "north".yaml', "back\\slash.yaml", "tab\there.yaml", "new\nline.yaml", "star*.yaml", "[ab].yaml",
    ":(top)colon.yaml", "-dash.yaml", "évidence.yaml", "trust\x1b[31m.yaml",
], ids=["quote", "backslash", "tab", "newline", "glob-star", "glob-class", "pathspec-magic", "dash",
        "non-ascii", "escape"])
def test_a_manifest_name_git_would_quote_is_read_at_every_commit(tmp_path: Path, name: str) -> None:
    """Defect: a name with a quote, a backslash or a tab was 'deleted' at every commit (git quoted it)."""
    found = _history(_two_assessments(tmp_path / "repo", name))
    assert [p.valid for p in found.points] == [True, True], [p.problems for p in found.points]
    assert [str(p.snapshot.as_of) for p in found.points if p.snapshot] == ["2026-02-28", "2026-08-31"]


@pytest.mark.parametrize(("key", "value"), [
    ("i18n.logOutputEncoding", "UTF-16"), ("i18n.logOutputEncoding", "ISO-8859-1"), ("core.quotePath", "true"),
    ("log.showSignature", "true"), ("log.decorate", "full"), ("format.pretty", "oneline"), ("color.ui", "always"),
    ("diff.noprefix", "true"), ("diff.relative", "true"), ("diff.renames", "false"), ("log.abbrevCommit", "true"),
    ("core.abbrev", "4"), ("diff.mnemonicPrefix", "true"), ("log.showRoot", "false"), ("log.diffMerges", "separate"),
    ("notes.displayRef", "refs/notes/*"),
])
def test_the_repositorys_own_settings_do_not_change_what_history_reads(tmp_path: Path, key: str, value: str) -> None:
    """Defect: a repository's i18n.logOutputEncoding made history see 0 commits."""
    manifest = _two_assessments(tmp_path / "repo", "manifest.yaml")
    git(manifest.parent, "config", key, value)
    found = _history(manifest)
    assert [p.subject for p in found.points] == ["Février: première auto-évaluation", "August"]
    assert all(p.valid for p in found.points), [p.problems for p in found.points]


def test_history_works_from_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    folder = repo / "trusts" / "north shire"
    folder.mkdir(parents=True)
    (folder / "evidence").mkdir()
    (folder / "evidence" / "plan.md").write_text("Strategy\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text(dump(manifest_data("2026-02-28", {"rating": "confirmed"})),
                                          encoding="utf-8")
    commit(repo, "One", "2026-03-02")
    git(repo, "config", "diff.relative", "true")
    (point,) = _history(folder / "manifest.yaml").points
    assert point.valid and point.snapshot is not None and point.snapshot.errors == _head_errors(folder)


def _head_errors(folder: Path) -> int:
    from iho_ready import app
    from iho_ready.history import snapshot

    return snapshot(app.assess(folder / "manifest.yaml", app.registry())).errors


def test_a_manifest_object_over_the_size_limit_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """Defect: history read each object whole before the limit applied (300 KB packed, 300 MB unpacked)."""
    repo = tmp_path / "repo"
    manifest = _two_assessments(repo, "manifest.yaml")
    good = manifest.read_bytes()
    with manifest.open("wb") as out:  # a comment line of 65 MiB: tiny once packed
        out.write(b"#")
        for _ in range(65):
            out.write(b"x" * (1 << 20))
        out.write(b"\n")
    commit(repo, "Huge", "2026-10-01")
    manifest.write_bytes(good)
    commit(repo, "Back to normal", "2026-10-02")

    def cap() -> None:  # the whole history, git included, in far less than the object's unpacked size twice
        resource.setrlimit(resource.RLIMIT_AS, (400 << 20, 400 << 20))

    done = subprocess.run([sys.executable, "-m", "iho_ready", "history", "manifest.yaml", "-f", "json"], cwd=repo,
                          capture_output=True, text=True, timeout=60, preexec_fn=cap,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    found = History.model_validate_json(done.stdout)
    huge = next(p for p in found.points if p.subject == "Huge")
    assert huge.problems == [f"manifest.yaml@{huge.short}: error: the file is larger than the limit of "
                             f"{limits.size_text(limits.MAX_FILE_BYTES)} [limit]"]
    assert [p.valid for p in found.points] == [True, True, False, True]


def test_an_evidence_blob_over_its_limit_is_refused_before_it_is_hashed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    manifest = _two_assessments(repo, "manifest.yaml")
    (repo / "evidence" / "plan.md").write_bytes(b"x" * 5000)
    (repo / "iho-ready.lock").write_text(lock_text({"PLAN": b"x" * 5000}), encoding="utf-8")
    manifest.write_text(dump(manifest_data("2026-09-30", {"rating": "confirmed"})), encoding="utf-8")
    commit(repo, "Locked", "2026-10-01")
    monkeypatch.setattr(git_refs, "MAX_EVIDENCE_BLOB_BYTES", 4096)
    last = _history(manifest).points[-1]
    assert last.problems == [f"evidence/plan.md@{last.short}: error: the file is larger than the limit of "
                             f"{limits.size_text(4096)} [limit]"]
    monkeypatch.setattr(git_refs, "MAX_EVIDENCE_BLOB_BYTES", 5000)
    assert _history(manifest).points[-1].valid


def test_a_symlink_in_a_commit_that_leads_out_of_the_manifests_folder_is_not_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "secret.md").write_text("SECRET_TOKEN\n", encoding="utf-8")
    folder = repo / "trust"
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "plan.md").symlink_to("../../secret.md")
    (folder / "manifest.yaml").write_text(dump(manifest_data("2026-02-28", {"rating": "confirmed"})),
                                          encoding="utf-8")
    commit(repo, "Linked", "2026-03-02")
    files = git_refs.manifest_history(folder / "manifest.yaml")[0][0].files
    assert files is not None
    try:
        assert files.facts("evidence/plan.md", hashes=True).outside
        assert files.where("../secret.md") == "outside" and files.where("/etc/passwd") == "outside"
        assert files.where("evidence") == "missing" and files.facts("evidence", hashes=False).problem
    finally:
        git_refs.close()
    point = _history(folder / "manifest.yaml").points[0]
    assert point.snapshot is not None and point.snapshot.errors == _head_errors(folder)


def _locked_then_lost(repo: Path, lost: str) -> tuple[Path, str]:
    """A third commit with a lock and its evidence; then the object *lost* names deleted from the clone."""
    manifest = _two_assessments(repo, "manifest.yaml")
    (repo / "evidence" / "plan.md").write_bytes(b"Only in this commit\n")
    (repo / "iho-ready.lock").write_text(lock_text({"PLAN": b"Only in this commit\n"}), encoding="utf-8")
    manifest.write_text(dump(manifest_data("2026-09-30", {"rating": "confirmed"})), encoding="utf-8")
    commit(repo, "Locked", "2026-10-01")
    oid = git(repo, "rev-parse", lost).strip()
    (repo / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    return manifest, oid


def test_an_evidence_object_missing_from_the_clone_is_a_point_that_says_so(tmp_path: Path) -> None:
    """A partial or damaged clone: the point names the missing object; nothing is fetched, nothing crashes."""
    manifest, oid = _locked_then_lost(tmp_path / "repo", "HEAD:evidence/plan.md")
    found = _history(manifest)
    last = found.points[-1]
    assert [p.valid for p in found.points] == [True, True, False]
    (problem,) = last.problems
    assert problem.startswith(f"manifest.yaml@{last.short}: error: git object {oid} ") and "missing" in problem


def test_a_commit_git_itself_cannot_read_is_a_one_line_error(tmp_path: Path) -> None:
    manifest, _ = _locked_then_lost(tmp_path / "repo", "HEAD^{tree}")
    run = run_cli("history", manifest.name, cwd=manifest.parent)
    assert run.code == 2 and "Traceback" not in run.err
    (line,) = run.err.splitlines()
    assert line.startswith("iho-ready: error: history: git log failed:")
