"""Property-based fuzzing of ``history``: odd repositories never crash it, and its newest point is ``check``.

Each example builds a real git repository from a random sequence of steps (manifests valid,
broken or binary; evidence, lock files and partner statements appearing, changing and
going; renames to names git would quote; merged pull requests; deletions; commit subjects
in any script) and a random repository setting that changes what ``git log`` prints, then
runs ``history --format json`` in this process under the same time and memory budget as the
manifest fuzzer. The properties: exit code 0, no traceback, every point either assessed or
saying why not, the points in first-parent order, and the newest point equal to ``check``
of the manifest at HEAD whenever HEAD changed it.

CI runs a few derandomized examples; for more locally:

    IHO_READY_FUZZ_EXAMPLES=200 .venv/bin/pytest tests/fuzz/test_fuzz_history.py -q
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from iho_ready import app
from iho_ready.diagnostics import InputError
from iho_ready.history import History, snapshot
from tests.fuzz.test_fuzz_manifest import HOSTILE, _settings, run_within_budget
from tests.history.git_fixture import PARTNER, dump, git, git_env, lock_text, manifest_data

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the time limit")

NAMES = ["manifest.yaml", 'trust "a".yaml', "back\\slash.yaml", "tab\tname.yaml", "new\nline.yaml", "star*.yaml",
         ":(glob)x.yaml", "évidence.yaml", "-dash.yaml", "sub/manifest.yaml"]
SETTINGS = [None, ("i18n.logOutputEncoding", "UTF-16"), ("i18n.logOutputEncoding", "ISO-8859-1"),
            ("core.quotePath", "true"), ("log.showSignature", "true"), ("format.pretty", "oneline"),
            ("diff.relative", "true"), ("log.showRoot", "false"), ("diff.noprefix", "true"), ("color.ui", "always")]

MANIFESTS = st.one_of(
    st.builds(lambda day, rating: dump(manifest_data(f"2026-{day:02d}-01", {"rating": rating})).encode(),
              st.integers(1, 12), st.sampled_from(["confirmed", "not-confirmed"])),
    st.sampled_from(HOSTILE).map(lambda text: f"manifest: 1\norganisation: {text}\n".encode("utf-8", "replace")),
    st.binary(max_size=200),
)
STEPS = st.one_of(
    st.tuples(st.just("manifest"), MANIFESTS),
    st.tuples(st.just("evidence"), st.one_of(st.none(), st.binary(max_size=100))),
    st.tuples(st.just("lock"), st.one_of(st.none(), st.binary(max_size=100), st.just(b"matching"))),
    st.tuples(st.just("partner"), st.one_of(st.none(), st.just(PARTNER.encode()), st.binary(max_size=100))),
    st.tuples(st.just("rename"), st.sampled_from(NAMES)),
    st.tuples(st.just("merge"), MANIFESTS),
    st.tuples(st.just("delete"), st.none()),
)
SUBJECTS = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)


def _put(path: Path, data: bytes | None) -> None:
    if data is None:
        if path.exists():
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _commit(repo: Path, subject: str, n: int) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "--allow-empty-message", "--cleanup=verbatim", "-m", subject,
        when=f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}")


def _build(repo: Path, steps: list[tuple[str, object]], subjects: list[str]) -> Path:
    """The repository the steps make; returns where the manifest is now."""
    repo.mkdir()
    git(repo, "init", "-q")
    manifest = repo / "manifest.yaml"
    manifest.write_text(dump(manifest_data("2026-01-01", {"rating": "confirmed"})), encoding="utf-8")
    _commit(repo, "Start", 0)
    for n, ((kind, value), subject) in enumerate(zip(steps, subjects, strict=False), start=1):
        if kind == "manifest" or kind == "delete":
            _put(manifest, value if isinstance(value, bytes) else None)
        elif kind == "evidence":
            _put(manifest.parent / "evidence" / "plan.md", value if isinstance(value, bytes) else None)
        elif kind == "lock":
            plan = manifest.parent / "evidence" / "plan.md"
            data = lock_text({"PLAN": plan.read_bytes()}).encode() if value == b"matching" and plan.is_file() \
                else value if isinstance(value, bytes) else None
            _put(manifest.parent / "iho-ready.lock", data)
        elif kind == "partner":
            _put(manifest.parent / "partners" / "icb.yaml", value if isinstance(value, bytes) else None)
        elif kind == "rename" and manifest.is_file() and isinstance(value, str):
            target = repo / value
            if target != manifest:
                target.parent.mkdir(parents=True, exist_ok=True)
                git(repo, "mv", "-k", "--", str(manifest.relative_to(repo)), value)
                manifest = target if target.is_file() else manifest
        elif kind == "merge" and isinstance(value, bytes):
            git(repo, "checkout", "-q", "-b", f"pr-{n}")
            _put(manifest, value)
            _commit(repo, f"Branch work {n}", n)
            git(repo, "checkout", "-q", "-")
            git(repo, "merge", "-q", "--no-ff", "-m", subject or "Merge", f"pr-{n}", when="2026-12-28")
            continue
        _commit(repo, subject, n)
    return manifest


@_settings(6)
@given(steps=st.lists(STEPS, min_size=1, max_size=6), subjects=st.lists(SUBJECTS, min_size=6, max_size=6),
       setting=st.sampled_from(SETTINGS))
def test_history_of_an_odd_repository(tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, object]],
                                      subjects: list[str], setting: tuple[str, str] | None) -> None:
    folder = tmp_path_factory.mktemp("history-fuzz")
    try:
        _check_history(folder / "repo", steps, subjects, setting)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_history(repo: Path, steps: list[tuple[str, object]], subjects: list[str],
                   setting: tuple[str, str] | None) -> None:
    manifest = _build(repo, steps, subjects)
    if setting is not None:
        git(repo, "config", *setting)
    run = run_within_budget("history", f"./{manifest.name}", "-f", "json", cwd=manifest.parent)
    code, out, err = run.code, run.out, run.err
    assert code == 0, err[-2000:]
    assert "Traceback" not in err and "internal error" not in err
    found = History.model_validate_json(out)
    assert found.total == len(found.points) >= 1
    assert all(p.valid == (p.snapshot is not None) and (p.valid or p.problems) for p in found.points)
    import subprocess

    line = subprocess.run(["git", "rev-list", "--first-parent", "--reverse", "HEAD"], cwd=repo, env=git_env(),
                          capture_output=True, text=True, check=True).stdout.split()
    order = [line.index(p.commit) for p in found.points]
    assert order == sorted(order)
    newest = found.points[-1]
    if newest.commit == line[-1] and manifest.is_file():
        try:
            expected = snapshot(app.assess(manifest, app.registry(), display=f"./{manifest.name}"))
        except InputError:
            expected = None
        assert newest.snapshot == expected, newest.problems
