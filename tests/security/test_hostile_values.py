"""Values a careless or hostile editor might write: evidence that is not a file, dates at the
end of the calendar, undecodable file names, failing templates, broken crosswalks, and
thousands of unknown keys. Each is a finding or a located error, never an internal error."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
import yaml

from iho_ready import yamlsource
from tests.helpers import base_manifest, run_cli, write_manifest


def _clean(run) -> None:
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err


def _evidence_finding(tmp_path: Path, path: str) -> list[str]:
    data = base_manifest(evidence=[{"id": "A", "title": "A", "path": path, "supports": ["SV1.E1"]}])
    manifest = write_manifest(tmp_path, data)
    run = run_cli("check", manifest, "-f", "json", "-o", tmp_path / "r.json")
    _clean(run)
    import json

    return [f["message"] for f in json.loads((tmp_path / "r.json").read_text())["findings"] if f.get("document") == "A"
            and f["code"] == "evidence-file-missing"]


@pytest.mark.parametrize(("path", "said"), [
    (".", "path '.' is a directory, not a file"),
    ("evidence", "path 'evidence' is a directory, not a file"),
    ("x" * 300 + ".md", "contains"),
])
def test_evidence_that_is_not_a_file_does_not_count(tmp_path: Path, path: str, said: str) -> None:
    (tmp_path / "evidence").mkdir()
    messages = _evidence_finding(tmp_path, path)
    if said == "contains":
        assert messages == [f"evidence A: path '{path}' a file or folder name in the path is longer than 255 bytes"]
    else:
        assert messages == [f"evidence A: {said}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_fifo_as_evidence_does_not_count_and_never_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert _evidence_finding(tmp_path, "pipe.md") == ["evidence A: path 'pipe.md' is a named pipe (FIFO), not a file"]
    (tmp_path / "iho-ready.lock").write_text("lock: 1\nevidence: {}\n")  # with a lock, files are hashed
    assert _evidence_finding(tmp_path, "pipe.md") == ["evidence A: path 'pipe.md' is a named pipe (FIFO), not a file"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_symlinked_into_the_repository_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "dev.md").symlink_to("/dev/null")
    messages = _evidence_finding(tmp_path, "dev.md")
    assert messages == []  # it leads outside the manifest's folder: evidence-outside-repo, not opened


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_an_unreadable_evidence_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("x")
    (tmp_path / "secret.md").chmod(0)
    assert _evidence_finding(tmp_path, "secret.md") == [
        "evidence A: path 'secret.md' cannot be read (permission denied)"]


@pytest.mark.parametrize(("as_of", "review_by"), [("9999-12-01", "9999-12-31"), ("0001-01-01", "0001-01-02"),
                                                  ("9999-12-31", "9999-12-31")])
def test_dates_at_the_ends_of_the_calendar(tmp_path: Path, as_of: str, review_by: str) -> None:
    (tmp_path / "a.md").write_text("x")
    data = base_manifest(evidence=[{"id": "A", "title": "A", "path": "a.md", "review_by": review_by,
                                    "approved": {"by": "Board", "date": as_of}, "supports": ["SV1.E1"]}],
                         criteria={"CG2": {"rating": "not-confirmed", "explanation": "x", "actions": [
                             {"id": "A1", "action": "x", "owner": "y", "due": review_by}]}})
    data["assessment"]["as_of"] = as_of
    manifest = write_manifest(tmp_path, data)
    for args in (["check", manifest], ["report", manifest, "-o", tmp_path / "r.md"],
                 ["check", manifest, "--as-of", "9999-12-31"], ["diff", manifest, manifest]):
        run = run_cli(*args)
        _clean(run)
        assert run.code in (0, 1), (args, run.err)


@pytest.mark.parametrize("as_of", ["20261031", "2026-1-31", "31/10/2026", "2026-10-31T00:00", "+2026-10-31"])
def test_as_of_is_only_yyyy_mm_dd(tmp_path: Path, as_of: str) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    run = run_cli("check", manifest, "--as-of", as_of)
    assert run.code == 2 and run.err == f"iho-ready: error: --as-of: expected a date as YYYY-MM-DD, got '{as_of}'\n"


@pytest.mark.skipif(sys.platform == "win32" or sys.getfilesystemencoding() != "utf-8", reason="POSIX bytes names")
def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"m\xe9.yaml")
    write_manifest(tmp_path, base_manifest(), name=name)
    run = run_cli("check", name, "-f", "json", "-o", "r.json", "-f", "sarif", "-o", "r.sarif", "-f", "junit", "-o",
                  "r.xml", "-f", "terminal", cwd=tmp_path)
    _clean(run)
    assert run.code == 1
    import json

    assert json.loads((tmp_path / "r.json").read_text())["manifest"] == "m\\xe9.yaml"
    assert "m%5Cxe9.yaml" in (tmp_path / "r.sarif").read_text()  # the escaped name, percent-encoded as a URI


@pytest.mark.parametrize(("template", "message"), [
    ("{{ 1 / 0 }}", "t.j2:1:1: error: the template failed: ZeroDivisionError: division by zero [template]"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
    ("{{ report.nothing.here }}", "t.j2:1:1: error:"),
    ("{% include 'missing.j2' %}", "template 'missing.j2' not found"),
    ("{% for %}", "t.j2:1:1: error: Expected an expression"),
])
def test_errors_inside_a_users_template_are_located(tmp_path: Path, template: str, message: str) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    (tmp_path / "t.j2").write_text(template)
    run = run_cli("report", manifest.name, "--template", "t.j2", "-o", "r.md", cwd=tmp_path)
    _clean(run)
    assert run.code == 2 and message in run.err and run.err.rstrip().endswith("[template]"), run.err
    assert not (tmp_path / "r.md").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_a_template_or_an_include_that_is_a_fifo_never_hangs(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    os.mkfifo(tmp_path / "pipe.j2")
    (tmp_path / "t.j2").write_text("{% include 'pipe.j2' %}")
    for name in ("pipe.j2", "t.j2"):
        run = run_cli("report", manifest.name, "--template", name, "-o", "r.md", cwd=tmp_path)
        assert run.code == 2 and "named pipe (FIFO)" in run.err and run.err.rstrip().endswith("[template]")


def test_rubrics_validate_checks_every_crosswalk_mapping(tmp_path: Path) -> None:
    walk = {"crosswalk": 1, "id": "bad", "version": "1", "title": "Bad", "author": "me",
            "source": "nhse-iho-designation@2025.11", "target": "nosuch@1.0",
            "mappings": [{"source": "SV9", "target": "COL1", "relationship": "intersect", "rationale": "x"},
                         {"source": "SV4", "target": "COL1", "relationship": "intersect", "rationale": "x"},
                         {"source": "SV4", "target": "COL1", "relationship": "intersect", "rationale": "y"}]}
    (tmp_path / "walk.yaml").write_text(yaml.safe_dump(walk, sort_keys=False))
    run = run_cli("rubrics", "validate", "walk.yaml", cwd=tmp_path)
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0].startswith("walk.yaml:7:9: error: unknown rubric 'nosuch'; available: ")
    assert lines[0].endswith(" [unknown-rubric]") and "nhse-iho-designation" in lines[0]
    assert lines[1:] == [
        "walk.yaml:9:11: error: 'SV9' is not a criterion of nhse-iho-designation@2025.11 (did you mean 'SV4' or "
        "'SV3' or 'SV2'?) [unknown-criterion]",
        "walk.yaml:17:3: error: SV4 -> COL1 is mapped twice (also mapping 2) [duplicate-id]"]


def test_thousands_of_unknown_keys_are_located_in_linear_time(tmp_path: Path, monkeypatch) -> None:
    """Each problem is located through an index, not by scanning the mapping again."""
    calls = []
    real = yamlsource._same_key
    monkeypatch.setattr(yamlsource, "_same_key", lambda node, part: calls.append(1) or real(node, part))
    text = yaml.safe_dump(base_manifest()) + "".join(f"extra_{i:05d}: x\n" for i in range(5_000))
    (tmp_path / "manifest.yaml").write_text(text)
    criteria = "criteria:\n" + "".join(f"  ZZ{i:05d}: {{rating: confirmed}}\n" for i in range(5_000))
    (tmp_path / "criteria.yaml").write_text(yaml.safe_dump(base_manifest()).replace("criteria: {}\n", criteria))
    started = time.monotonic()
    for name in ("manifest.yaml", "criteria.yaml"):
        run = run_cli("check", name, cwd=tmp_path)
        assert run.code == 2 and len(run.err.splitlines()) == 101
    assert calls == [] and time.monotonic() - started < 20


def test_a_huge_columns_value_does_not_blow_up_the_terminal_view(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, base_manifest())
    run = run_cli("check", manifest, env={"COLUMNS": "999999999"})
    assert run.code == 1 and max(len(line) for line in run.out.splitlines()) <= 1000


@pytest.mark.parametrize("path", ["a\x00b.yaml", "x" * 300 + ".yaml", "partners/" + "y" * 300 + ".yaml"])
def test_impossible_partner_statement_paths_are_not_internal_errors(tmp_path: Path, path: str) -> None:
    manifest = write_manifest(tmp_path, base_manifest(partners=[path]))
    run = run_cli("check", manifest)
    _clean(run)
    assert run.code in (1, 2)
