"""``iho-ready lock`` and the evidence-changed / evidence-unlocked findings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from iho_ready import evidence_files as facts
from iho_ready.lock import load
from tests.ci.ci_support import write


def findings(run) -> list[tuple[str, str, int]]:
    return [(f["code"], f["severity"], f["location"]["line"]) for f in json.loads(run.out)["findings"]]


def test_lock_then_check_is_clean(cli, repo: Path) -> None:
    run = cli("lock", "manifest.yaml", cwd=repo)
    assert run.code == 0 and run.err == "iho-ready: wrote iho-ready.lock (2 evidence files)\n"
    text = (repo / "iho-ready.lock").read_text()
    assert "lock: 1\nevidence:\n  MINUTES:\n" in text and text.index("MINUTES:") < text.index("PLAN:")
    plan = (repo / "evidence" / "plan.md").read_bytes()
    locked = load(str(repo / "iho-ready.lock")).evidence["PLAN"]
    assert (locked.path, locked.sha256, locked.size) == ("evidence/plan.md", hashlib.sha256(plan).hexdigest(),
                                                         len(plan))
    checked = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert checked.code == 0 and findings(checked) == []
    assert json.loads(checked.out)["lock"] == "iho-ready.lock"


def test_lock_is_deterministic(cli, repo: Path) -> None:
    cli("lock", "manifest.yaml", cwd=repo)
    first = (repo / "iho-ready.lock").read_bytes()
    assert cli("lock", "manifest.yaml", "-o", "-", cwd=repo).out.encode() == first


def test_changed_file_is_an_error_on_its_path_line_and_a_gap_for_its_criteria(cli, repo: Path) -> None:
    cli("lock", "manifest.yaml", cwd=repo)
    with open(repo / "evidence" / "minutes.md", "a", encoding="utf-8") as handle:
        handle.write("An edit after approval.\n")
    run = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert run.code == 1
    data = json.loads(run.out)
    changed = [f for f in data["findings"] if f["code"] == "evidence-changed"]
    assert [(f["document"], f["severity"], f["location"]["line"], f["location"]["column"]) for f in changed] == [
        ("MINUTES", "error", 14, 11)]  # the `path:` value of MINUTES
    assert "has changed since it was locked" in changed[0]["message"]
    phc3 = next(c for c in data["criteria"] if c["id"] == "PHC3")
    assert phc3["status"] == "gap" and phc3["items"][0]["documents"] == ["MINUTES"]  # still counts as evidence
    assert data["rubrics"][0]["readiness"] == "not-ready"


def test_same_size_change_is_detected(cli, repo: Path) -> None:
    cli("lock", "manifest.yaml", cwd=repo)
    path = repo / "evidence" / "plan.md"
    path.write_bytes(path.read_bytes().replace(b"plan", b"PLAN"))
    assert ("evidence-changed", "error", 8) in findings(cli("check", "manifest.yaml", "-f", "json", cwd=repo))


def test_new_evidence_is_unlocked_warning(cli, repo: Path) -> None:
    cli("lock", "manifest.yaml", cwd=repo)
    write(repo / "evidence" / "new.md", "New.\n")
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("criteria:\n", (
        "  - id: NEW\n    title: New paper\n    path: evidence/new.md\n"
        "    approved: {by: Trust Board, date: 2026-10-01}\n    supports: [PHC3]\ncriteria:\n")))
    run = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert findings(run) == [("evidence-unlocked", "warning", 18)]
    assert run.code == 0
    assert cli("check", "manifest.yaml", "--fail-on", "warning", cwd=repo).code == 1


def test_without_a_lock_nothing_is_hashed(cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path):
        raise AssertionError(f"hashed {path} with no lock file")

    monkeypatch.setattr(facts, "sha256_of", refuse)
    run = cli("check", "manifest.yaml", "-f", "json", cwd=repo)
    assert run.code == 0 and json.loads(run.out)["lock"] is None


def test_explicit_lock_option(cli, repo: Path) -> None:
    (repo / "locks").mkdir()
    assert cli("lock", "manifest.yaml", "-o", "locks/approved.lock", cwd=repo).code == 0
    (repo / "evidence" / "plan.md").write_text("changed\n")
    assert cli("check", "manifest.yaml", cwd=repo).code == 0  # no iho-ready.lock next to the manifest
    run = cli("check", "manifest.yaml", "--lock", "locks/approved.lock", "-f", "json", cwd=repo)
    assert run.code == 1 and ("evidence-changed", "error", 8) in findings(run)
    missing = cli("check", "manifest.yaml", "--lock", "locks/none.lock", cwd=repo)
    assert missing.code == 2 and missing.err == "locks/none.lock: error: no such file [io]\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("lock: 1\nevidence:\n  PLAN: {path: evidence/plan.md, sha256: abc, size: 3}\n",
     "iho-ready.lock:3:42: error: evidence PLAN, sha256: 'abc' does not have the expected form ^[0-9a-f]{64}$ "
     "[schema]"),
    ("lock: 1\nevidence:\n  PLAN: {path: evidence/plan.md, size: 3}\n",
     "iho-ready.lock:3:9: error: evidence PLAN has no 'sha256:'; add it [schema]"),
    ("lock: 1\nevidence: [\n", "iho-ready.lock:2:11: error: the list that opens with [ here is never closed; end it "
     "with ], or put the whole value in quotes if it is text that starts with [ [yaml-syntax]"),
    ("lock: 2\n", "iho-ready.lock:1:7: error: lock: 2 is not allowed here; use one of: 1 [schema]"),
])
def test_malformed_lock_is_a_located_input_error(cli, repo: Path, text: str, expected: str) -> None:
    (repo / "iho-ready.lock").write_text(text)
    run = cli("check", "manifest.yaml", cwd=repo)
    assert run.code == 2 and run.out == ""
    assert run.err == expected + "\n"


def test_missing_and_outside_evidence_are_not_locked(cli, repo: Path) -> None:
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("evidence/minutes.md", "evidence/gone.md"))
    run = cli("lock", "manifest.yaml", cwd=repo)
    assert run.code == 0
    assert "evidence MINUTES is not locked" in run.err
    assert list(load(str(repo / "iho-ready.lock")).evidence) == ["PLAN"]


def test_lock_round_trips_text_that_yaml_1_1_would_misread(cli, repo: Path) -> None:
    write(repo / "evidence" / "1.10", "odd name\n")
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("path: evidence/minutes.md", "path: evidence/1.10")
                        .replace("id: MINUTES", "id: NO"))
    assert cli("lock", "manifest.yaml", cwd=repo).code == 0
    locked = load(str(repo / "iho-ready.lock")).evidence
    assert locked["NO"].path == "evidence/1.10"
    assert cli("check", "manifest.yaml", cwd=repo).code == 0


def test_large_files_are_hashed_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "CHUNK", 7)
    reads: list[int] = []
    real_open = open

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def read(self, n):
            reads.append(n)
            return self.handle.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr("builtins.open", lambda path, mode="r", *a, **k: Spy(real_open(path, mode, *a, **k)))
    data = bytes(range(256)) * 3
    (tmp_path / "big.bin").write_bytes(data)
    assert facts.sha256_of(tmp_path / "big.bin") == (hashlib.sha256(data).hexdigest(), len(data))
    assert set(reads) == {7} and len(reads) > 100


def test_lock_of_an_invalid_manifest_is_exit_2(cli, repo: Path) -> None:
    (repo / "manifest.yaml").write_text("manifest: 1\n")
    run = cli("lock", "manifest.yaml", cwd=repo)
    assert run.code == 2 and not (repo / "iho-ready.lock").exists()
    assert run.err.startswith("manifest.yaml:1:1: error: the file has no 'assessment:'")
