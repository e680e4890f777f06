"""Every limit is checked before the step it protects can fail: located [limit] errors, exit 2.

The large inputs are generated here at test time, never committed. Deep nesting runs in a
subprocess too, because a regression there would be a segmentation fault that takes the
test process down with it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iho_ready import limits, yaml_composer, yamlsource
from iho_ready.diagnostics import InputError
from tests.helpers import base_manifest, run_cli, write_manifest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")


def _only_error(run) -> str:
    assert run.code == 2, run.err
    assert "Traceback" not in run.err and "internal error" not in run.err
    (line,) = run.err.splitlines()
    return line


def _subprocess_check(path: Path, memory_mb: int = 600, seconds: int = 20) -> subprocess.CompletedProcess:
    """Run ``iho-ready check PATH`` in a child with a memory cap, as CI would meet it."""
    def cap() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([sys.executable, "-m", "iho_ready", "check", str(path)], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=cap, env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("text", [
    "[" * 50_000,
    "- " * 50_000 + "x\n",
    "{a: " * 50_000,
    "".join("  " * i + "-\n" for i in range(3_000)),
    "a: " + "".join(f"&x{i} [" for i in range(2_000)),
], ids=["flow-lists", "block-lists", "flow-mappings", "indented-lists", "anchored-lists"])
def test_deep_nesting_is_a_located_error_not_a_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text(text)
    started = time.monotonic()
    done = _subprocess_check(path)
    assert done.returncode == 2, done.stderr  # a segfault would be -11
    assert time.monotonic() - started < 10
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{path}:"), line
    assert line.endswith("nested more than 64 levels deep; iho-ready reads at most 64 [limit]"), line


def test_nesting_limit_counts_what_aliases_expand_to() -> None:
    text = "a: &a " + "[" * 40 + "1" + "]" * 40 + "\nb: " + "[" * 24 + "*a" + "]" * 24 + "\n"
    yamlsource.compose(text.replace("[" * 24, "[" * 23, 1).replace("]" * 24, "]" * 23, 1), "ok.yaml")
    with pytest.raises(InputError) as info:
        yamlsource.compose(text, "t.yaml")
    (d,) = info.value.diagnostics
    assert (d.line, d.code) == (2, "limit") and "alias *a nests" in d.message


def test_large_anchored_text_aliased_many_times_is_stopped_quickly(tmp_path: Path) -> None:
    """The issue's case: a 280 KB file whose 200 KB anchored text is repeated 20,000 times (4 GB expanded)."""
    body = "manifest: 1\nt: &t '" + "x" * 200_000 + "'\nall: [" + ", ".join(["*t"] * 20_000) + "]\n"
    path = tmp_path / "manifest.yaml"
    path.write_text(body)
    assert 250_000 < path.stat().st_size < 300_000
    started = time.monotonic()
    done = _subprocess_check(path, memory_mb=400)
    assert time.monotonic() - started < 10
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{path}:3:") and "aliases expand the document by more than 4,000,000" \
        in done.stderr and done.stderr.rstrip().endswith("[limit]")


def test_alias_budget_counts_characters_not_values() -> None:
    small = "t: &t [a, b]\nall: [" + ", ".join(["*t"] * 2_000) + "]\n"  # 2,000 aliases of a few characters
    assert yamlsource.construct(yamlsource.compose(small, "s.yaml"))["all"][-1] == ["a", "b"]
    big = "t: &t '" + "x" * 100_000 + "'\nall: [" + ", ".join(["*t"] * 41) + "]\n"  # 41 aliases, 4.1 M characters
    with pytest.raises(InputError) as info:
        yamlsource.compose(big, "b.yaml")
    assert info.value.diagnostics[0].code == "limit"


def test_a_plain_large_document_without_aliases_passes() -> None:
    """More values than the old alias budget (200,000) counted, with no alias at all: not an error."""
    items = "".join(f"  - {{id: D{i}, title: Document {i}, supports: [SV1, SV2]}}\n" for i in range(40_000))
    data = yamlsource.construct(yamlsource.compose("evidence:\n" + items, "big.yaml"))
    assert len(data["evidence"]) == 40_000 and data["evidence"][-1]["supports"] == ["SV1", "SV2"]


def test_value_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_composer, "MAX_NODES", 1_000)
    yamlsource.compose("[" + ", ".join(["1"] * 998) + "]", "ok.yaml")  # the list and 998 items
    with pytest.raises(InputError) as info:
        yamlsource.compose("a: [" + ", ".join(["1"] * 1_000) + "]", "t.yaml")
    (d,) = info.value.diagnostics
    assert d.code == "limit" and "more than 1,000 values" in d.message and d.line == 1


def test_file_size_limit_reads_only_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    with open(path, "wb") as handle:  # sparse: takes no disk space
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    line = _only_error(run_cli("check", path))
    assert line == f"{path}: error: the file is larger than the limit of 64 MiB (64.0 MiB) [limit]"


def test_file_size_limit_checks_what_is_read_not_what_stat_says(tmp_path: Path, monkeypatch) -> None:
    from iho_ready import safe_files

    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(InputError) as info:
        safe_files.read_bytes(path, "f.yaml", limit=499)
    assert info.value.diagnostics[0].code == "limit"
    assert safe_files.read_bytes(path, "f.yaml", limit=500) == b"a: 1\n" * 100


def test_text_longer_than_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_composer, "MAX_SCALAR_CHARS", 5_000)
    with pytest.raises(InputError) as info:
        yamlsource.compose("a: ok\nb: '" + "x" * 5_001 + "'\n", "t.yaml")
    (d,) = info.value.diagnostics
    assert (d.line, d.column, d.code) == (2, 4, "limit") and "longer than 5,000 characters" in d.message


def test_a_text_of_ten_megabytes_is_within_the_limit() -> None:
    """Issue #13 benchmarks a 10 MB commentary: it must be read, not refused."""
    assert limits.MAX_SCALAR_CHARS > 10_000_000
    data = yamlsource.construct(yamlsource.compose("c: '" + "x" * 10_500_000 + "'\n", "t.yaml"))
    assert len(data["c"]) == 10_500_000


@pytest.mark.parametrize("number", ["9" * 5_000, "-" + "1" * 4_400, "0x" + "f" * 5_000, "0o" + "7" * 5_000,
                                    "1" * 2_000 + ".5"])
def test_numbers_too_long_for_python_are_located_errors(number: str) -> None:
    source = yamlsource.compose(f"manifest: 1\nsize: {number}\n", "t.yaml")
    data = yamlsource.construct(source)
    (d,) = source.diagnostics
    assert (d.line, d.column, d.code) == (2, 7, "limit")
    assert data["size"] == number  # kept as text, never converted
    assert yamlsource.resolve_plain(number) == number


def test_huge_number_in_a_manifest_via_the_cli(tmp_path: Path) -> None:
    data = base_manifest()
    path = write_manifest(tmp_path, data)
    path.write_text(path.read_text().replace("manifest: 1", "manifest: " + "9" * 5_000))
    assert _only_error(run_cli("check", path)).startswith(f"{path}:1:11: error: a number longer than 1,000 digits")


def test_construct_is_iterative(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building data from the tree uses no recursion: it works with almost no stack left."""
    text = "a: " + "[" * 60 + "1" + "]" * 60 + "\n"
    source = yamlsource.compose(text, "t.yaml")
    limit = sys.getrecursionlimit()
    depth = len(_frames())
    sys.setrecursionlimit(depth + 30)
    try:
        data = yamlsource.construct(source)
    finally:
        sys.setrecursionlimit(limit)
    for _ in range(61):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == 1


def _frames() -> list[object]:
    import inspect

    return inspect.stack(0)


def test_limits_are_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security and reliability", 1)[1]
    from iho_ready import limits

    for shown in ["64 MiB", "64 levels", f"{limits.MAX_NODES:,} values", "4,000,000 characters", "16 Mi characters",
                  "1,024 characters", "1,000 digits", "100 diagnostics", limits.size_text(limits.MAX_EVIDENCE_BYTES),
                  f"{limits.MAX_TEMPLATE_STEPS:,} steps", f"{limits.MAX_TEMPLATE_CHARS >> 20} Mi characters"]:
        assert shown in section, shown
