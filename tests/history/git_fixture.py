"""A small evidence repository with a real git history, the same bytes (and commit hashes) every run.

Timeline (commit dates fixed; the author and committer fixed; no user or system git config read):

1. 2026-03-02  ``readiness.yaml``: as at 28 February 2026; SV1 not confirmed, action A1 overdue.
2. 2026-04-01  an evidence file only (not a change of the manifest: not in the history).
3. 2026-05-04  ``readiness.yaml`` broken: a duplicate key (the history shows why, not a crash).
4. 2026-07-01  renamed to ``manifest.yaml`` and mended (history follows the rename).
5. 2026-09-01  as at 31 August 2026; SV1 confirmed, A1 complete.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

from tests.helpers import base_manifest

IDENTITY = {"GIT_AUTHOR_NAME": "Board Secretary", "GIT_AUTHOR_EMAIL": "board.secretary@example.org",
            "GIT_COMMITTER_NAME": "Board Secretary", "GIT_COMMITTER_EMAIL": "board.secretary@example.org"}


def git_env(when: str | None = None) -> dict[str, str]:
    """An environment for git that reads no user or system config, with a fixed identity (and date)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= IDENTITY | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "TZ": "UTC"}
    if when:
        env |= {"GIT_AUTHOR_DATE": f"{when}T09:00:00+00:00", "GIT_COMMITTER_DATE": f"{when}T09:00:00+00:00"}
    return env


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in *repo*; its standard output."""
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=repo,
                          env=git_env(when), capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, when: str) -> None:
    """Stage everything and commit it on *when* (YYYY-MM-DD)."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


def manifest_data(as_of: str, sv1: dict) -> dict:
    """The fixture trust's manifest as at *as_of*, with *sv1* as its SV1 entry."""
    return base_manifest(
        organisation={"name": "Testshire Health NHS Foundation Trust (fictional)", "ods_code": "RT1",
                      "type": "acute"},
        assessment={"title": "IHO readiness", "as_of": as_of},
        evidence=[{"id": "PLAN", "title": "Strategy <2026>", "path": "evidence/plan.md", "owner": "Director",
                   "approved": {"by": "Trust Board", "date": "2026-01-15"}, "review_by": "2027-12-31",
                   "supports": ["SV1"]}],
        criteria={"SV1": sv1},
    )


def dump(data: dict) -> str:
    """YAML text of *data*."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def build_repo(repo: Path) -> Path:
    """Build the fixture repository in *repo*; returns the manifest's final path."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    (repo / "evidence").mkdir()
    (repo / "evidence" / "plan.md").write_text("Strategy\n", encoding="utf-8")
    first = manifest_data("2026-02-28", {
        "rating": "not-confirmed", "explanation": "Strategy not yet agreed with partners.",
        "actions": [{"id": "A1", "action": "Agree the strategy with partners", "owner": "Director",
                     "due": "2026-02-01", "status": "at-risk"}]})
    (repo / "readiness.yaml").write_text(dump(first), encoding="utf-8")
    commit(repo, "First self-assessment", "2026-03-02")
    (repo / "evidence" / "minutes.md").write_text("Minutes\n", encoding="utf-8")
    commit(repo, "Add board minutes", "2026-04-01")
    broken = dump(first).replace("manifest: 1\n", "manifest: 1\nmanifest: 1\n", 1)
    (repo / "readiness.yaml").write_text(broken, encoding="utf-8")
    commit(repo, "Work in progress", "2026-05-04")
    (repo / "readiness.yaml").unlink()
    (repo / "manifest.yaml").write_text(dump(first), encoding="utf-8")
    commit(repo, "Rename the manifest", "2026-07-01")
    later = manifest_data("2026-08-31", {
        "rating": "confirmed", "commentary": "Agreed at the July board.",
        "actions": [{"id": "A1", "action": "Agree the strategy with partners", "owner": "Director",
                     "due": "2026-02-01", "status": "complete"}]})
    (repo / "manifest.yaml").write_text(dump(later), encoding="utf-8")
    commit(repo, "Second self-assessment", "2026-09-01")
    return repo / "manifest.yaml"


PARTNER = """partner_statement: 1
partner: {name: NHS Testshire Integrated Care Board (fictional), kind: icb}
signed: {by: Chief Executive, date: 2026-05-20}
review_by: 2027-04-30
position: supports
"""


def lock_text(files: dict[str, bytes]) -> str:
    """A lock file recording *files* (evidence id -> content of ``evidence/<id>.md``) as approved."""
    import hashlib

    return dump({"lock": 1, "evidence": {
        doc: {"path": f"evidence/{doc.lower()}.md", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for doc, data in sorted(files.items())}})


def merged_manifest(as_of: str, rating: str, *, partners: bool, meeting: dict | None = None) -> dict:
    """The pull-request trust's manifest: PLAN supports SV1, optionally a partner statement and a meeting."""
    data = manifest_data(as_of, {"rating": rating, "explanation": "Agreed with partners."}
                         if rating == "not-confirmed" else {"rating": rating})
    data["evidence"][0]["path"] = "evidence/plan.md"
    if partners:
        data["partners"] = ["partners/icb.yaml"]
    if meeting:
        data["assessment"]["meeting"] = meeting
    return data


def merge(repo: Path, branch: str, message: str, when: str) -> None:
    """Merge *branch* into the current branch with a merge commit (as a pull request is merged)."""
    git(repo, "merge", "-q", "--no-ff", "-m", message, branch, when=when)


def build_merged_repo(repo: Path) -> Path:
    """A trust that changes its manifest only by merged pull requests; returns the manifest's path.

    Timeline on ``main`` (first-parent line), with what each board would have seen:

    1. 2026-03-02  manifest (not confirmed) naming ``evidence/plan.md``, not yet written.
    2. 2026-04-10  merge of PR #1: the plan, its lock, and the manifest rating SV1 confirmed,
       listing a partner statement not yet received (meeting: Trust Board, 7 May 2026).
    3. 2026-05-02  the plan edited on main (the manifest unchanged: not a point).
    4. 2026-06-03  merge of PR #2: the ICB's statement; the manifest as at 31 May 2026.

    The pull-request branches' own commits changed the manifest too, but no board saw them.
    """
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    manifest = repo / "manifest.yaml"
    manifest.write_text(dump(merged_manifest("2026-02-28", "not-confirmed", partners=False)), encoding="utf-8")
    commit(repo, "First self-assessment", "2026-03-02")
    git(repo, "checkout", "-q", "-b", "pr-1")
    plan = b"Strategy, as approved\n"
    (repo / "evidence").mkdir()
    (repo / "evidence" / "plan.md").write_bytes(plan)
    (repo / "iho-ready.lock").write_text(lock_text({"PLAN": plan}), encoding="utf-8")
    commit(repo, "Add the approved plan and lock it", "2026-04-01")
    meeting = {"name": "Trust Board", "date": "2026-05-07", "agenda_item": "PUB/26/05/9"}
    manifest.write_text(dump(merged_manifest("2026-04-30", "confirmed", partners=True, meeting=meeting)),
                        encoding="utf-8")
    commit(repo, "Confirm SV1 (work in progress)", "2026-04-02")
    git(repo, "checkout", "-q", "main")
    merge(repo, "pr-1", "Merge pull request #1: the plan", "2026-04-10")
    (repo / "evidence" / "plan.md").write_bytes(plan + b"Edited after approval\n")
    commit(repo, "Edit the plan", "2026-05-02")
    git(repo, "checkout", "-q", "-b", "pr-2")
    (repo / "partners").mkdir()
    (repo / "partners" / "icb.yaml").write_text(PARTNER, encoding="utf-8")
    commit(repo, "The ICB's statement", "2026-06-01")
    manifest.write_text(dump(merged_manifest("2026-05-31", "confirmed", partners=True)), encoding="utf-8")
    commit(repo, "As at 31 May", "2026-06-02")
    git(repo, "checkout", "-q", "main")
    merge(repo, "pr-2", "Merge pull request #2: as at 31 May", "2026-06-03")
    return manifest
