"""The hostile-input corpus: odd but legal repositories, one folder per case.

``tests/cases/hostile/NAME/`` holds the repository as committed (a manifest, evidence,
templates), ``args`` (one command line per line, run in a copy of the folder) and
``expected.txt`` (each command, its exit code and its standard error). What git or the REUSE
tool should not hold is made at run time from ``setup.yaml``:

- ``links: {PATH: TARGET}``: symlinks (``outside/`` beside the copy holds a valid manifest,
  ``secret.md`` and an evidence folder, all marked ``OUTSIDE-SECRET``);
- ``rename: {PATH: NEW}``: names git and REUSE had better not see (a folder with backticks);
- ``grow: [{file, text, times, end}]``: huge inputs (*text* appended *times* times, then *end*);
- ``sparse: {PATH: BYTES}``: files that claim a size but take no space;
- ``peak_mib: N``: the commands run in a fresh process, whose peak memory must stay under N MiB.

Every case must give no traceback or internal error, never show ``OUTSIDE-SECRET``, and every
HTML or Markdown page it writes must follow the audience rule (:mod:`tests.security.audience`).
``IHO_READY_REGEN=1 pytest tests/test_hostile_cases.py`` rewrites ``expected.txt`` for review.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import EXAMPLE, REGEN, ROOT, run_cli
from tests.security.audience import OUTSIDE, publication_problems

CASES = sorted(p for p in (Path(__file__).parent / "cases" / "hostile").iterdir() if p.is_dir())
PAGES = {".html": "html", ".md": "markdown"}


def _outside(base: Path) -> None:
    folder = base / "outside"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "manifest.yaml").write_text(EXAMPLE.read_text().replace("Northshire", OUTSIDE))
    (folder / "secret.md").write_text(f"{OUTSIDE}: the runner's credentials\n")


def _prepare(case: Path, base: Path) -> tuple[Path, dict[str, object]]:
    setup = yaml.safe_load((case / "setup.yaml").read_text()) if (case / "setup.yaml").exists() else {}
    work = base / "repo"
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("args", "expected.txt", "setup.yaml"))
    (work / ".git").mkdir()
    _outside(base)
    for link, target in (setup.get("links") or {}).items():
        (work / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, work / link)
    for old, new in (setup.get("rename") or {}).items():
        (work / old).rename(work / new)
    for grow in setup.get("grow") or []:
        with open(work / grow["file"], "a", encoding="utf-8") as handle:
            handle.write(grow["text"] * grow["times"] + grow.get("end", ""))
    for path, size in (setup.get("sparse") or {}).items():
        with open(work / path, "wb") as handle:
            handle.truncate(int(size))
    return work, setup


def _run_measured(args: list[str], cwd: Path, limit_mib: int) -> tuple[int, str, str]:
    """Run the CLI in a fresh process; fail if its peak resident memory passes *limit_mib*."""
    # VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so it would count the peak of
    # the test process the child was forked from.
    code = ("import resource, sys\nfrom iho_ready.cli import main\nsys.argv = ['iho-ready', *sys.argv[1:]]\n"
            "try:\n    main()\nfinally:\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "    try:\n        status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
            "        peak = int(status.split()[0])\n    except (OSError, IndexError):\n        pass\n"
            "    sys.stderr.write(f'PEAK-KIB {peak}\\n')\n")
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}, check=False)
    lines = done.stderr.splitlines()
    peak = int(lines[-1].split()[1]) if lines and lines[-1].startswith("PEAK-KIB") else None
    assert peak is not None and peak // 1024 < limit_mib, (peak, done.stderr[-2000:])
    return done.returncode, done.stdout, "".join(line + "\n" for line in lines[:-1])


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_hostile_case(case: Path, tmp_path: Path) -> None:
    work, setup = _prepare(case, tmp_path)
    record = []
    for line in (case / "args").read_text().splitlines():
        if not line.strip():
            continue
        args = shlex.split(line)
        if "peak_mib" in setup:
            code, out, err = _run_measured(args, work, int(str(setup["peak_mib"])))
        else:
            run = run_cli(*args, cwd=work, env={"NO_COLOR": "1"})
            code, out, err = run.code, run.out, run.err
        assert "Traceback" not in err and "internal error" not in err, err
        assert OUTSIDE not in out + err
        if args[-1] == "-" or "-o" not in args:
            kind = "html" if "html" in args else "markdown" if "markdown-summary" in args else None
            if kind:
                assert publication_problems(out, kind) == []
        record.append(f"$ {line}\nexit {code}\n{err}")
    for page in sorted(work.rglob("*")):
        if page.is_file() and not page.is_symlink() and page.suffix in PAGES and not (case / page.relative_to(
                work)).exists():  # a page the commands wrote, not one the case holds
            assert publication_problems(page.read_text(encoding="utf-8"), PAGES[page.suffix]) == [], page
    text = "".join(record)
    expected = case / "expected.txt"
    if REGEN:
        expected.write_text(text)
        pytest.skip("regenerated")
    assert text == expected.read_text()


def test_the_corpus_has_a_case_for_every_item_of_issue_21() -> None:
    assert {p.name for p in CASES} >= {
        "portfolio-manifest-symlink-out", "portfolio-private-problem", "template-include-symlink-out",
        "summary-backtick-folder", "dashboard-control-characters", "template-readme-example",
        "template-endless-loop", "manifest-flow-list-5-million", "lock-evidence-too-large",
        "lock-number-like-path", "config-pyproject-5000-digits"}
