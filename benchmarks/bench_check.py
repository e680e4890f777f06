"""Benchmark iho-ready as a user runs it: whole processes, against baselines run side by side.

Generates the inputs of issue #13's table, runs each command and its baseline alternately
(``--repeat`` times; medians), and prints every row as a ratio against its baseline with
the target beside it, then time and peak memory at 100, 1,000, 10,000 and 100,000
evidence items and whether growth is linear. Prints figures; asserts nothing (the exit
code is 0 even when a target is missed: CI runs ``--quick`` only to prove it still works).

Ratios mean the same on a slow CI machine and a fast laptop because both sides of a row
run on the same machine, interleaved, in the same run. Peak memory is the child process's
maximum resident set size (``wait4``), so it includes the interpreter itself.

    python benchmarks/bench_check.py              # the full table (several minutes)
    python benchmarks/bench_check.py --quick      # every row at 1/100 of the size, one run each
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "northshire-community" / "manifest.yaml"
"""The example of the code under test (``--root`` points at another checkout's, for a before/after)."""
RUBRICS = ROOT / "rubrics"
"""The bundled rubrics the generated manifests rate (``--root`` too: they must match the code's)."""
PY = sys.executable
TOOL = [PY, "-m", "iho_ready"]
IMPORTS = [PY, "-c", "import typer, pydantic, yaml, rich, jinja2"]
# The baseline for big manifests: libyaml parsing the same file, nothing else.
CSAFE = [PY, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"]
MB = 1024 * 1024


@dataclass
class Run:
    """One process: wall time in seconds, peak RSS in bytes, exit code, and output size."""

    seconds: float
    peak: int
    code: int
    out: int = 0
    err: str = ""


def run(cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run *cmd* once; its stdout is counted and discarded, its stderr kept (first lines)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # /usr/bin/time measures the peak: a child's own ru_maxrss starts from this (large) process's
        # at fork, so wait4 would report the benchmark's memory, not the command's.
        timer = ["/usr/bin/time", "-f", "PEAK-KB %M"] if Path("/usr/bin/time").exists() else []
        proc = subprocess.Popen([*timer, *cmd], stdout=out, stderr=err, cwd=cwd,
                                env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.seek(0, 2)
        err.seek(0)
        text = err.read().decode(errors="replace")
        peak = usage.ru_maxrss * 1024
        if timer and "PEAK-KB" in text:
            text, _, tail = text.rpartition("PEAK-KB ")
            peak = int(tail.split()[0]) * 1024
            text = "\n".join(line for line in text.splitlines() if not line.startswith("Command exited"))
        return Run(seconds, peak, proc.returncode, size, text[:2000])


def paired(a: Sequence[str], b: Sequence[str], repeat: int, **kw: object) -> tuple[Run, Run]:
    """Run *a* and *b* alternately *repeat* times; the median time (and the largest peak) of each."""
    ra: list[Run] = []
    rb: list[Run] = []
    for _ in range(repeat):
        ra.append(run(a, **kw))  # type: ignore[arg-type]
        rb.append(run(b, **kw))  # type: ignore[arg-type]
    return _median(ra), _median(rb)


def _median(runs: list[Run]) -> Run:
    mid = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak for r in runs), mid.code, mid.out, mid.err)


# --------------------------------------------------------------------------- inputs


def bundled_refs() -> tuple[list[str], dict[str, str]]:
    """Every key-evidence reference of the two main bundled rubrics, and each criterion's first rating."""
    refs: list[str] = []
    ratings: dict[str, str] = {}
    for rid in ("nhse-iho-designation", "nhsconfed-host-provider"):
        data = yaml.load((RUBRICS / rid / "2025.11.yaml").read_text(), Loader=yaml.CSafeLoader)
        for domain in data["domains"]:
            for holder in [domain, *domain.get("areas", [])]:
                for c in holder.get("criteria", []):
                    refs += [e["id"] for e in c.get("evidence", [])] or [c["id"]]
                    scale = c.get("scale") or holder.get("scale") or domain.get("scale") or data["default_scale"]
                    ratings[c["id"]] = data["scales"][scale][0]["id"]
    return refs, ratings


def _dump(data: object, target: Path) -> Path:
    with target.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=120)
    return target


def _files(folder: Path, n: int) -> None:
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / "evidence" / f"doc-{i:05d}.md").write_text(f"Document {i} (generated for the benchmark)\n")


def items_manifest(folder: Path, n: int, *, expired: bool = False) -> Path:
    """A manifest selecting both main bundled rubrics, every criterion rated, with *n* evidence items.

    Items point at up to 10,000 distinct files (more would only time the file system).
    With *expired*, every item is past its review date (one error finding each).
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = min(n, 10_000)
    _files(folder, files)
    refs, ratings = bundled_refs()
    evidence = [{"id": f"D{i:06d}", "title": f"Document {i} of the benchmark evidence register",
                 "path": f"evidence/doc-{i % files:05d}.md", "owner": "Director of Strategy",
                 "approved": {"by": "Trust Board", "date": "2026-01-01"},
                 "review_by": "2026-06-30" if expired else "2027-06-30",
                 "supports": [refs[i % len(refs)], refs[(i * 7) % len(refs)]]} for i in range(n)]
    data = {"manifest": 1, "organisation": {"name": "Benchmark Trust (fictional)", "type": "acute"},
            "assessment": {"title": "Benchmark", "as_of": "2026-10-31"},
            "rubrics": ["nhse-iho-designation@2025.11", "nhsconfed-host-provider@2025.11"],
            "evidence": evidence, "criteria": {cid: {"rating": r} for cid, r in ratings.items()}}
    return _dump(data, folder / "manifest.yaml")


def custom_rubric(folder: Path, n: int) -> tuple[Path, Path]:
    """A user rubric with *n* criteria (one key-evidence item each) and a manifest with *n* items.

    Returns (the rubric folder for ``--rubrics``, the manifest).
    """
    folder.mkdir(parents=True, exist_ok=True)
    per_domain = 50
    domains = []
    for d in range(0, n, per_domain):
        criteria = [{"id": f"C{i}", "ref": f"Paragraph {i}", "statement": f"The board has assured itself of thing {i}.",
                     "evidence": [{"id": f"C{i}.E1", "text": f"A document showing thing {i}."}]}
                    for i in range(d, min(n, d + per_domain))]
        domains.append({"id": f"D{d // per_domain}", "title": f"Domain {d // per_domain}", "criteria": criteria})
    rubric = {"rubric": 1, "id": "bench-rubric", "version": "1.0", "title": "Benchmark rubric", "status": "draft",
              "publisher": "iho-ready benchmark", "published": "2026-01",
              "source": {"title": "Generated", "section": "all", "licence": "none"}, "encoded_by": "benchmark",
              "default_scale": "statement",
              "scales": {"statement": [
                  {"id": "confirmed", "label": "Confirmed", "meets": True, "rag": "green"},
                  {"id": "not-confirmed", "label": "Not confirmed", "meets": False, "rag": "red",
                   "finding": "not-confirmed", "needs": "explanation"}]},
              "domains": domains}
    (folder / "rubrics" / "bench-rubric").mkdir(parents=True, exist_ok=True)
    _dump(rubric, folder / "rubrics" / "bench-rubric" / "1.0.yaml")
    _files(folder, min(n, 10_000))
    evidence = [{"id": f"D{i}", "title": f"Document {i}", "path": f"evidence/doc-{i % 10_000:05d}.md",
                 "owner": "Owner", "approved": {"by": "Board", "date": "2026-01-01"}, "review_by": "2027-06-30",
                 "supports": [f"C{i}.E1"]} for i in range(n)]
    data = {"manifest": 1, "organisation": {"name": "Benchmark Trust (fictional)", "type": "acute"},
            "assessment": {"title": "Benchmark", "as_of": "2026-10-31"}, "rubrics": ["bench-rubric@1.0"],
            "evidence": evidence, "criteria": {f"C{i}": {"rating": "confirmed"} for i in range(n)}}
    return folder / "rubrics", _dump(data, folder / "manifest.yaml")


def long_explanation(folder: Path, size: int) -> Path:
    """The bundled example with one criterion not confirmed, explained in *size* characters of prose.

    The explanation is the long text the terminal view shows (a commentary is not shown there).
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE.parent, folder, dirs_exist_ok=True)
    data = yaml.load(EXAMPLE.read_text(), Loader=yaml.CSafeLoader)
    sentence = "The board discussed the risk appetite at length and agreed further work with partners. "
    text = (sentence * (size // len(sentence) + 1))[:size]
    data["criteria"]["SV1"] = {"rating": "not-confirmed", "explanation": text,
                               "commentary": "See the explanation.", "actions": [
                                   {"id": "A-LONG", "action": "Agree the risk appetite", "owner": "Chief Executive",
                                    "due": "2027-03-31", "status": "on-track"}]}
    return _dump(_stringify_dates(data), folder / "manifest.yaml")


def many_actions(folder: Path, actions: int, text_size: int, explanation: int = 0) -> Path:
    """A manifest with *actions* actions of *text_size* characters (and optionally one long explanation)."""
    folder.mkdir(parents=True, exist_ok=True)
    _, ratings = bundled_refs()
    ids = list(ratings)
    criteria: dict[str, dict[str, object]] = {cid: {"rating": r} for cid, r in ratings.items()}
    filler = "Agree the IHO risk appetite with system partners and report to the board. "
    for a in range(actions):
        cid = ids[a % len(ids)]
        entry = criteria[cid]
        entry["rating"] = {"confirmed": "not-confirmed", "met": "not-met"}.get(ratings[cid], ratings[cid])
        entry.setdefault("explanation", "Work with partners is not finished.")
        body = f"Action {a}: " + (filler * (text_size // len(filler) + 1))[:text_size]
        entry.setdefault("actions", []).append(  # type: ignore[union-attr]
            {"id": f"A{a}", "action": body, "owner": "Chief Finance Officer", "due": "2027-01-31",
             "status": "on-track"})
    if explanation:
        criteria[ids[0]]["explanation"] = (filler * (explanation // len(filler) + 1))[:explanation]
    data = {"manifest": 1, "organisation": {"name": "Benchmark Trust (fictional)", "type": "acute"},
            "assessment": {"title": "Benchmark", "as_of": "2026-10-31"},
            "rubrics": ["nhse-iho-designation@2025.11", "nhsconfed-host-provider@2025.11"],
            "evidence": [], "criteria": criteria}
    return _dump(data, folder / "manifest.yaml")


def _stringify_dates(data: object) -> object:
    if isinstance(data, dict):
        return {k: _stringify_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stringify_dates(v) for v in data]
    if hasattr(data, "isoformat"):
        return data.isoformat()  # type: ignore[union-attr]
    return data


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    """One line of the table: what, the measured figure, the target, and whether it is met."""

    what: str
    figure: str
    target: str
    met: bool | None
    note: str = ""


def _ok(r: Run) -> bool:
    return r.code in (0, 1)


def _failed(what: str, r: Run, target: str) -> Row:
    first = (r.err.strip().splitlines() or ["(no message)"])[0][:110]
    return Row(what, f"exit {r.code} after {r.seconds:.1f} s", target, False, first)


def _ratio_row(what: str, ours: Run, base: Run, most: float) -> Row:
    """A row comparing two runs' times, met when *ours* takes at most *most* times *base*."""
    target = f"<= {most}x"
    if not (_ok(ours) and _ok(base)):
        return _failed(what, ours if not _ok(ours) else base, target)
    return Row(what, f"{ours.seconds / base.seconds:.2f}x ({ours.seconds:.2f} vs {base.seconds:.2f} s)", target,
               ours.seconds <= most * base.seconds)


def table(tmp: Path, scale: float, repeat: int, cjs: str | None) -> list[Row]:
    """Every row of the issue's table, measured; *scale* shrinks the inputs (``--quick``)."""
    rows: list[Row] = []

    def n(x: int) -> int:
        return max(10, int(x * scale))

    # 1, 2: start-up.
    check, base = paired([*TOOL, "check", str(EXAMPLE)], IMPORTS, repeat)
    what = "check on the example / import typer+pydantic+yaml+rich+jinja2"
    if _ok(check):
        rows.append(Row(what, f"{check.seconds / base.seconds:.2f}x ({check.seconds * 1000:.0f} vs "
                        f"{base.seconds * 1000:.0f} ms)", "<= 1.3x", check.seconds <= 1.3 * base.seconds,
                        "dominated by building pydantic's ~40 model classes (the baseline's `import pydantic` is lazy)"
                        if check.seconds > 1.3 * base.seconds else ""))
    else:
        rows.append(_failed(what, check, "<= 1.3x"))
    helped, base = paired([*TOOL, "check", "--help"], IMPORTS, repeat)
    rows.append(Row("check --help / the same import" + ("" if helped.code == 0 else f" (exit {helped.code})"),
                    f"{helped.seconds / base.seconds:.2f}x ({helped.seconds * 1000:.0f} vs "
                    f"{base.seconds * 1000:.0f} ms)", "<= 1.0x", helped.seconds <= 1.0 * base.seconds))

    # 3, 8: 10,000 items as JSON, against libyaml and against check-jsonschema.
    size = n(10_000)
    big = items_manifest(tmp / f"items-{size}", size)
    ours, parse = paired([*TOOL, "check", str(big), "--format", "json"], [*CSAFE, str(big)], repeat)
    what = f"{size:,} evidence items, check --format json / CSafeLoader parse"
    if _ok(ours):
        rows.append(Row(what, f"{ours.seconds / parse.seconds:.2f}x ({ours.seconds:.2f} s)", "<= 1.3x, < 2 s",
                        ours.seconds <= 1.3 * parse.seconds and ours.seconds < 2))
    else:
        rows.append(_failed(what, ours, "<= 1.3x, < 2 s"))
    if cjs:
        schema = tmp / "manifest.schema.json"
        made = subprocess.run([*TOOL, "schema", "--for", str(big), "-o", str(schema)], capture_output=True, check=False)
        if made.returncode != 0:  # before `schema --for` existed: the generic schema
            subprocess.run([*TOOL, "schema", "-o", str(schema)], check=True)
        theirs, ours = paired([cjs, "--schemafile", str(schema), str(big)],
                              [*TOOL, "check", str(big), "--format", "json"], max(1, repeat // 2))
        rows.append(Row("check-jsonschema on the same file with our schema / check --format json",
                        f"{theirs.seconds / ours.seconds:.1f}x ({theirs.seconds:.2f} vs {ours.seconds:.2f} s)",
                        ">= 3x", theirs.seconds >= 3 * ours.seconds,
                        "" if theirs.code == 0 else f"check-jsonschema exit {theirs.code}"))

    # 4: a custom rubric, 1,000 -> 10,000 criteria.
    small_n, large_n = n(1_000), n(10_000)
    times = {}
    for count in (small_n, large_n):
        rubric_dir, manifest = custom_rubric(tmp / f"rubric-{count}", count)
        r = _median([run([*TOOL, "check", str(manifest), "--rubrics", str(rubric_dir)]) for _ in range(repeat)])
        times[count] = r
    a, b = times[small_n], times[large_n]
    what = f"custom rubric: {small_n:,} -> {large_n:,} criteria (as many items), check"
    if _ok(a) and _ok(b):
        rows.append(Row(what, f"{a.seconds:.2f} s -> {b.seconds:.2f} s ({b.seconds / a.seconds:.1f}x for 10x)",
                        "<= 11x", b.seconds <= 11 * a.seconds))
    else:
        rows.append(_failed(what, b if _ok(a) else a, "<= 11x"))

    # 5: 10,000 expired items, terminal against JSON.
    expired = items_manifest(tmp / f"expired-{size}", size, expired=True)
    term, js = paired([*TOOL, "check", str(expired)], [*TOOL, "check", str(expired), "--format", "json"], repeat)
    rows.append(_ratio_row(f"{size:,} expired items, terminal / --format json", term, js, 1.5))

    # 6: a 10 MB explanation and commentary, terminal.
    chars = n(10 * MB)
    long = long_explanation(tmp / "long", chars)
    term, parse = paired([*TOOL, "check", str(long)], [*CSAFE, str(long)], repeat)
    what = f"a {chars / MB:.1f} MB explanation (shown under its gap), terminal"
    if _ok(term):
        rows.append(Row(what, f"{term.seconds:.2f} s ({term.seconds / parse.seconds:.1f}x CSafeLoader)", "< 2 s",
                        term.seconds < 2))
    else:
        rows.append(_failed(what, term, "< 2 s"))

    # 7: report with 1,000 actions of 100 KB text: peak memory against the input size.
    # 600, not the 1,000: the input limit (64 MiB, #12) rightly refuses a 100 MB manifest.
    acts = many_actions(tmp / "actions", n(600), 100_000)
    in_size = acts.stat().st_size
    rep = _median([run([*TOOL, "report", str(acts), "-o", str(tmp / "actions" / "report.md")])
                   for _ in range(max(1, repeat // 2))])
    out_size = (tmp / "actions" / "report.md").stat().st_size if _ok(rep) else 0
    rows.append(Row(f"report, {n(600):,} actions of 100 KB ({in_size / MB:.0f} MB in, {out_size / MB:.0f} MB out)",
                    f"{rep.peak / MB:.0f} MiB peak ({rep.peak / in_size:.1f}x input)", "<= 3x input",
                    _ok(rep) and rep.peak <= 3 * in_size, "" if _ok(rep) else rep.err.strip()[:110]))

    # 9: 100,000 items.
    huge_n = n(100_000)
    huge = items_manifest(tmp / f"items-{huge_n}", huge_n)
    file_size = huge.stat().st_size
    ours, parse = paired([*TOOL, "check", str(huge), "--format", "json"], [*CSAFE, str(huge)], max(1, repeat // 2))
    what = f"{huge_n:,} items ({file_size / MB:.1f} MB), check --format json / CSafeLoader"
    if _ok(ours):
        rows.append(Row(what, f"{ours.seconds / parse.seconds:.2f}x, {ours.peak / MB:.0f} MiB peak "
                        f"({ours.peak / file_size:.0f}x file)", "<= 2x, <= 30x file",
                        ours.seconds <= 2 * parse.seconds and ours.peak <= 30 * file_size))
    else:
        rows.append(_failed(what, ours, "<= 2x, <= 30x file"))

    # Issue #18: a workbook is a manifest; checking one of 1,000 evidence rows within 2x the same YAML.
    size = n(1_000)
    sheet_yaml = items_manifest(tmp / f"workbook-{size}", size)
    book = sheet_yaml.with_suffix(".xlsx")
    made = run([*TOOL, "workbook", str(sheet_yaml), "-o", str(book)])
    what = f"check on a workbook of {size:,} evidence rows / check on the same YAML"
    if _ok(made):
        from_book, from_yaml = paired([*TOOL, "check", str(book)], [*TOOL, "check", str(sheet_yaml)], repeat)
        rows.append(Row(what, f"{from_book.seconds / from_yaml.seconds:.2f}x ({from_book.seconds:.2f} vs "
                        f"{from_yaml.seconds:.2f} s; writing it {made.seconds:.2f} s)", "<= 2x",
                        _ok(from_book) and from_book.seconds <= 2 * from_yaml.seconds))
    else:
        rows.append(_failed(what, made, "<= 2x"))

    # 10: report output size for a small manifest with one long explanation and many actions.
    dup = many_actions(tmp / "dup", n(1_000), 200, explanation=n(100_000))
    out = tmp / "dup" / "report.md"
    rep = run([*TOOL, "report", str(dup), "-o", str(out)])
    if _ok(rep):
        ratio = out.stat().st_size / dup.stat().st_size
        rows.append(Row(f"report: {dup.stat().st_size / MB:.2f} MB manifest, one {n(100_000) // 1000} KB "
                        f"explanation, {n(1_000):,} actions",
                        f"{out.stat().st_size / MB:.2f} MB report ({ratio:.1f}x input)", "<= 3x input", ratio <= 3))
    else:
        rows.append(_failed("report with one long explanation", rep, "<= 3x input"))

    # 11: history of a manifest changed at 4,000 commits costs what 100 changes cost (the newest 100 are assessed).
    many, window = n(4_000), n(100)
    busy = history_repo(tmp / "history-many", many)
    few = history_repo(tmp / "history-few", window)
    ours, base = paired([*TOOL, "history", str(busy), "-f", "json", "--points", str(window)],
                        [*TOOL, "history", str(few), "-f", "json", "--points", str(window)], max(1, repeat // 2))
    rows.append(_ratio_row(f"history, {many:,} changes (newest {window} assessed) / {window} changes", ours, base, 1.2))

    # 12: a manifest object that unpacks to 65 MiB at one commit: refused by its size, never read.
    packed = history_repo(tmp / "history-huge", 3, huge=65 * MB)
    hist = run([*TOOL, "history", str(packed), "-f", "json"])
    what = "history with a 65 MiB manifest object at one commit: peak memory"
    if _ok(hist):
        rows.append(Row(what, f"{hist.peak / MB:.0f} MiB peak ({hist.seconds:.2f} s)", "< 200 MiB",
                        hist.peak < 200 * MB))
    else:
        rows.append(_failed(what, hist, "< 200 MiB"))

    # 13: a flow list past the values limit (#21): reading stops there, within bounded memory.
    flow_n = n(5_000_000)
    flow = tmp / "flow" / "manifest.yaml"
    flow.parent.mkdir(exist_ok=True)
    flow.write_text(EXAMPLE.read_text(encoding="utf-8") + "\nextra: [" + "1," * flow_n + "1]\n", encoding="utf-8")
    stopped = run([*TOOL, "check", str(flow)])
    rows.append(Row(f"a {flow_n:,}-item flow list ({flow.stat().st_size / MB:.0f} MB), check: peak memory",
                    f"{stopped.peak / MB:.0f} MiB (exit {stopped.code})", "< 600 MiB", stopped.peak < 600 * MB))

    # 14: a user's template runs under a step budget (#21): its cost against the bundled template's.
    extends = tmp / "extends.md.j2"
    extends.write_text('{% extends "report.md.j2" %}\n', encoding="utf-8")
    theirs, bundled = paired([*TOOL, "report", str(big), "--template", str(extends), "-o", os.devnull],
                             [*TOOL, "report", str(big), "-o", os.devnull], max(1, repeat // 2))
    what = f"{size:,} items, report --template extending the bundled one / report"
    if _ok(theirs) and _ok(bundled):
        rows.append(Row(what, f"{theirs.seconds / bundled.seconds:.2f}x ({theirs.seconds:.2f} vs "
                        f"{bundled.seconds:.2f} s)", "<= 2x", theirs.seconds <= 2 * bundled.seconds))
    else:
        rows.append(_failed(what, theirs if not _ok(theirs) else bundled, "<= 2x"))

    # 15: the cost of one value in the Word and PDF papers (issue 21): 16 KB of "&" in one explanation
    # took over 14 s when pandoc parsed values as Markdown; now pandoc parses only the template's skeleton.
    rows += document_rows(tmp, n(16_384), repeat)
    return rows


def ampersands(folder: Path, size: int) -> Path:
    """The bundled example with one explanation of *size* ampersands (pandoc's Markdown reader was
    quadratic in them)."""
    manifest = long_explanation(folder, 10)
    data = yaml.load(manifest.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    data["criteria"]["SV1"]["explanation"] = "&" * size
    return _dump(_stringify_dates(data), manifest)


def document_rows(tmp: Path, size: int, repeat: int) -> list[Row]:
    """Word and PDF papers of the example with one explanation of *size* "&" / of the example itself."""
    import importlib.util

    rows: list[Row] = []
    amps = ampersands(tmp / "amps", size)
    for fmt, needs in (("docx", "pypandoc"), ("pdf", "typst")):
        if importlib.util.find_spec(needs) is None:
            rows.append(Row(f"{fmt} paper: one explanation of {size:,} '&' / the example", "not measured",
                            "<= 1.3x", None, f"needs the {fmt} extra"))
            continue
        long, base = paired([*TOOL, "report", str(amps), "-o", str(tmp / "amps" / f"paper.{fmt}")],
                            [*TOOL, "report", str(EXAMPLE), "-o", str(tmp / f"example.{fmt}")], max(1, repeat // 2))
        what = f"{fmt} paper: one explanation of {size:,} '&' / the example"
        if _ok(long) and _ok(base):
            rows.append(Row(what, f"{long.seconds / base.seconds:.2f}x ({long.seconds:.2f} vs {base.seconds:.2f} s)",
                            "<= 1.3x", long.seconds <= 1.3 * base.seconds))
        else:
            rows.append(_failed(what, long if not _ok(long) else base, "<= 1.3x"))
    return rows


def history_repo(folder: Path, changes: int, *, huge: int = 0) -> Path:
    """A git repository whose manifest (the example's) was changed at *changes* commits, built with
    ``git fast-import`` (seconds, not minutes); with *huge*, one more commit holds a manifest of that
    many bytes (it packs to almost nothing), then the example again. Returns the manifest's path."""
    folder.mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True, env=env)
    text = EXAMPLE.read_bytes()
    stream = bytearray()

    def blob(data: bytes) -> None:
        stream.extend(b"M 100644 inline manifest.yaml\ndata %d\n" % len(data) + data + b"\n")

    for n in range(1, changes + 2 if huge else changes + 1):
        message = b"Change %d" % n
        stream.extend(b"commit refs/heads/main\nmark :%d\ncommitter Bench <bench@example.org> %d +0000\n"
                      % (n, 1_700_000_000 + n * 60) + b"data %d\n" % len(message) + message + b"\n")
        if n > 1:
            stream.extend(b"from :%d\n" % (n - 1))
        blob(b"#" + b"x" * huge + b"\n" if huge and n == changes else text + b"# change %d\n" % n)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=bytes(stream), check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True, env=env)
    return folder / "manifest.yaml"


def scaling(tmp: Path, sizes: Sequence[int], repeat: int) -> list[tuple[int, Run, int]]:
    """check --format json at each size: (items, median run, file size)."""
    found = []
    for size in sizes:
        manifest = tmp / f"items-{size}" / "manifest.yaml"
        if not manifest.exists():
            items_manifest(manifest.parent, size)
        r = _median([run([*TOOL, "check", str(manifest), "--format", "json"]) for _ in range(repeat)])
        found.append((size, r, manifest.stat().st_size))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the inputs, measure, print the table. Exit 0 unless the benchmark itself broke."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1/100 of the sizes, one run each: proves it works")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measurement (default 5; 1 with --quick)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--root", metavar="DIR", type=Path,
                        help="use this checkout's example (to measure an older version with its own example)")
    args = parser.parse_args(argv)
    if args.root:
        global EXAMPLE, RUBRICS  # noqa: PLW0603 - one switch, made before anything reads it
        EXAMPLE = args.root.resolve() / "examples" / "northshire-community" / "manifest.yaml"
        RUBRICS = args.root.resolve() / "rubrics"
    repeat = args.repeat or (1 if args.quick else 5)
    scale = 0.01 if args.quick else 1.0
    cjs = shutil.which("check-jsonschema") or str(Path(PY).with_name("check-jsonschema"))
    cjs = cjs if Path(cjs).exists() else None
    with tempfile.TemporaryDirectory(prefix="iho-bench-") as tmpdir:
        tmp = Path(tmpdir)
        rows = table(tmp, scale, repeat, cjs)
        sizes = [10, 100, 1_000] if args.quick else [100, 1_000, 10_000, 100_000]
        grown = scaling(tmp, sizes, max(1, repeat // 2) if not args.quick else 1)

    print(f"iho-ready benchmark: {repeat} run(s) per figure, medians; python {sys.version.split()[0]}"
          + (" (--quick: sizes / 100, figures not comparable with targets)" if args.quick else ""))
    width = max(len(r.what) for r in rows)
    print(f"\n{'what':<{width}}  {'measured':<44}  {'target':<20}  met")
    for r in rows:
        met = "n/a" if r.met is None else ("yes" if r.met else "NO")
        print(f"{r.what:<{width}}  {r.figure:<44}  {r.target:<20}  {met}")
        if r.note:
            print(f"{'':<{width}}    {r.note}")
    print(f"\n{'items':>8}  {'file':>9}  {'time':>8}  {'peak':>9}  {'peak/file':>9}  growth")
    previous: tuple[int, Run] | None = None
    linear = True
    for size, r, file_size in grown:
        growth = ""
        if not _ok(r):
            growth = f"failed: {(r.err.strip().splitlines() or [''])[0][:70]}"
            linear = False
        elif previous is not None and _ok(previous[1]):
            factor = r.seconds / previous[1].seconds
            linear = linear and factor <= 11 * size / previous[0] / 10
            growth = f"{factor:.1f}x time for {size / previous[0]:.0f}x items"
        print(f"{size:>8,}  {file_size / MB:>7.1f}MB  {r.seconds:>7.2f}s  {r.peak / MB:>7.0f}MB  "
              f"{r.peak / file_size:>8.0f}x  {growth}")
        previous = (size, r)
    print(f"growth: {'linear (each 10x in items costs at most 11x in time)' if linear else 'NOT linear'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": [r.__dict__ for r in rows], "scaling": [
            {"items": s, "seconds": r.seconds, "peak": r.peak, "exit": r.code} for s, r, _ in grown]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
