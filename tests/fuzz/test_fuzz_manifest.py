"""Property-based fuzzing: mutated manifests never crash, hang or exhaust memory.

Each example mutates the bundled example manifest (its text, its data, or its bytes) and
runs ``iho-ready check`` in this process with every output format, under a low recursion
limit, a memory budget (tracemalloc) and a time alarm, so that a regression shows as a
failure here rather than in a trust's CI. The property: exit code 0, 1 or 2, no traceback,
no "internal error", and bounded time and memory.

CI runs a modest, derandomized number of examples (deterministic); for thousands locally:

    IHO_READY_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/fuzz -q

(``IHO_READY_FUZZ_SEED=N`` runs a different, still reproducible, sequence.)
"""

from __future__ import annotations

import inspect
import os
import shutil
import signal
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings, strategies as st

from iho_ready import yamlsource
from tests.helpers import EXAMPLE, Run, run_cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the time limit")

EXAMPLES = int(os.environ.get("IHO_READY_FUZZ_EXAMPLES", "0") or 0)
SEED = int(os.environ.get("IHO_READY_FUZZ_SEED", "0") or 0)
SECONDS = 30
"""Longest one run may take (the example itself checks in well under a second)."""
MEMORY = 256 * 1024 * 1024
"""Most memory one run may allocate at its peak (tracemalloc), 256 MiB."""
STACK = 250
"""Frames allowed above the test's own: low, so that any recursion over the input shows."""

TEXT = EXAMPLE.read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)
DATA = yamlsource.construct(yamlsource.compose(TEXT, "example"))

HOSTILE = [
    "[" * 70, "{a: " * 70, "- " * 70 + "x", "&a [1, 2]", "*a", "*nowhere", "&a [*a]", "<<: *a", "!!python/object:os.system",
    "!!binary aGk=", "!custom x", "!!int x", "!!float y", "? [a, b]\n: c", "---\n", "...\n", "%YAML 1.1\n",
    "\x1b[2J\x1b[31m", "::error file=x,line=1::forged", "::add-mask::secret", "::stop-commands::x", "%0A%0D",
    "##[error]x", "[/bold]", "[link=https://example.org]x[/link]", "\u202e", "\u2028", "\x85", "\r", "\t",
    "\x00", "\x07", "\udce9", "'", '"', "\\", "#", ":", ": :", "|", ">", "9" * 5000, "0x" + "f" * 2000,
    "1e999", ".nan", "-.inf", "0o777", "2026-02-30", "9999-12-31", "0001-01-01", "31/01/2027", "yes", "NO", "~",
    "x" * 20000, "é" * 500, "../../etc/passwd", "/dev/zero", ".", "C:\\Windows", "~/.bashrc", "a" * 300 + ".md",
    "https://", "javascript:alert(1)", "SV1", "SV1.E1", "nhse-iho-designation:SV1", "rubric@", "@@",
]

SCALARS = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.none(), st.dates().map(str),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example evidence repository, so evidence paths in mutated manifests resolve."""
    folder = tmp_path_factory.mktemp("fuzz") / "repo"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / ".git").mkdir()
    return folder


def _settings(default: int):
    count = EXAMPLES or default
    chosen = settings(max_examples=count, deadline=None, derandomize=not SEED, database=None, print_blob=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.filter_too_much, HealthCheck.large_base_example])
    return (lambda f: seed(SEED)(chosen(f))) if SEED else chosen


class _TimeoutError(Exception):
    pass


def run_within_budget(*args: str, cwd: Path) -> Run:
    """``iho-ready ARGS`` in this process under a low recursion limit, a memory budget and a time alarm."""
    def alarm(signum, frame):
        raise _TimeoutError()

    previous_handler = signal.signal(signal.SIGALRM, alarm)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + STACK)
    tracemalloc.start()
    started = time.monotonic()
    signal.alarm(SECONDS)
    try:
        run = run_cli(*args, cwd=cwd, env={"NO_COLOR": "1"})
    except _TimeoutError:
        pytest.fail(f"{args[0]} took longer than {SECONDS} s")
    finally:
        signal.alarm(0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sys.setrecursionlimit(previous_limit)
        signal.signal(signal.SIGALRM, previous_handler)
    assert peak < MEMORY, f"peak memory {peak / 2**20:.0f} MiB"
    assert time.monotonic() - started < SECONDS
    return run


def check(workdir: Path, content: bytes) -> None:
    """Run ``check`` on *content* with every output format, and assert the property."""
    (workdir / "manifest.yaml").write_bytes(content)
    outputs = workdir / "out"
    shutil.rmtree(outputs, ignore_errors=True)
    outputs.mkdir()
    args = ["check", "manifest.yaml"]
    for fmt, name in [("json", "r.json"), ("junit", "r.xml"), ("sarif", "r.sarif"),
                      ("markdown-summary", "r.md"), ("github", "r.txt")]:
        args += ["-f", fmt, "-o", f"out/{name}"]
    args += ["-f", "terminal"]

    run = run_within_budget(*args, cwd=workdir)
    assert run.code in (0, 1, 2), (run.code, run.err[-2000:])
    for stream in (run.out, run.err):
        assert "Traceback" not in stream and "internal error" not in stream, run.err[-3000:]
        assert "RecursionError" not in stream and "MemoryError" not in stream
    if run.code == 2:
        assert run.err.strip(), "exit 2 must say why"


def _dump(data: object) -> bytes:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000).encode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- text mutations


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    """The example's lines with a few lines deleted, duplicated, moved, cut or spliced with fragments."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "move", "splice", "replace-value", "indent", "cut"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(i))
        elif op == "splice":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(HOSTILE)) + lines[i][at:]
        elif op == "replace-value" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(HOSTILE))}\n"
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 5)) + lines[i]
        elif op == "cut":
            lines = lines[:i]
    return "".join(lines).encode("utf-8", "surrogateescape")


@_settings(25)
@given(content=mutated_text())
def test_text_mutations(workdir: Path, content: bytes) -> None:
    check(workdir, content)


# --------------------------------------------------------------------------- data mutations


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(DATA)


def _parent(data: object, path: tuple) -> tuple[object, object]:
    node = data
    for part in path[:-1]:
        node = node[part]  # type: ignore[index]
    return node, path[-1]


@st.composite
def mutated_data(draw: st.DrawFn) -> bytes:
    """The example's data with keys deleted, renamed or repeated and values retyped, then written as YAML."""
    import copy

    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 5))):
        path = draw(st.sampled_from(PATHS))
        if not path:
            continue
        try:
            parent, last = _parent(data, path)
            _ = parent[last]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        op = draw(st.sampled_from(["delete", "retype", "rename", "duplicate", "wrap", "many"]))
        if op == "delete":
            del parent[last]  # type: ignore[attr-defined]
        elif op == "retype":
            parent[last] = draw(VALUES)  # type: ignore[index]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=20)))] = parent.pop(last)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))  # type: ignore[arg-type]
        elif op == "wrap":
            parent[last] = [parent[last]] if draw(st.booleans()) else {"x": parent[last]}  # type: ignore[index]
        elif op == "many" and isinstance(parent, list):
            parent.extend(copy.deepcopy(parent[last]) for _ in range(draw(st.integers(10, 300))))  # type: ignore
    return _dump(data)


@_settings(25)
@given(content=mutated_data())
def test_data_mutations(workdir: Path, content: bytes) -> None:
    check(workdir, content)


# --------------------------------------------------------------------------- bytes and shapes


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, bytes spliced into the example, or deeply nested documents."""
    kind = draw(st.sampled_from(["random", "splice", "deep", "aliases"]))
    if kind == "random":
        return draw(st.binary(max_size=2000))
    if kind == "splice":
        raw = TEXT.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=50)) + raw[at:]
    if kind == "deep":
        depth = draw(st.integers(60, 20_000))
        opener = draw(st.sampled_from(["[", "{a: ", "- ", "-\n"]))
        return ("manifest: 1\nx: " + opener * depth).encode()
    count = draw(st.integers(1, 12))
    rows = ["a0: &a0 [x, y, z, '" + "w" * draw(st.integers(0, 5000)) + "']"]
    rows += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * draw(st.integers(2, 12))) + "]" for i in range(1, count)]
    return ("manifest: 1\n" + "\n".join(rows) + "\n").encode()


@_settings(10)
@given(content=hostile_bytes())
def test_bytes_and_shapes(workdir: Path, content: bytes) -> None:
    check(workdir, content)


def test_the_property_catches_an_internal_error(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness can fail: a crash inside the pipeline is reported, not absorbed."""
    from iho_ready import evaluate

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(evaluate, "evaluate", broken)  # app imports it from the module when it runs
    with pytest.raises(AssertionError, match="internal error"):
        check(workdir, TEXT.encode())


def test_the_property_catches_runaway_recursion(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The low recursion limit is real: recursion over nested input would fail the property."""
    def deep(n: int) -> int:
        return 0 if n == 0 else 1 + deep(n - 1)

    real = yamlsource.construct
    monkeypatch.setattr(yamlsource, "construct", lambda source: (deep(STACK + 50), real(source))[1])
    with pytest.raises(AssertionError):
        check(workdir, TEXT.encode())
