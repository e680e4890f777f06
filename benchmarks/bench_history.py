"""Benchmark ``history`` on 200 commits and ``portfolio`` on 200 manifests (targets: under 10 s each).

Prints figures; asserts nothing (timings belong here, not in the tests). Builds a throwaway
git repository in which the bundled example's manifest changes in each of N commits (its
as-of date moves a day and one criterion's commentary changes), and a folder of N copies of
the example's manifest under different organisation names; then runs each command through
the application layer exactly as the command line does.

    python benchmarks/bench_history.py [--commits 200] [--manifests 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from iho_ready import app
from iho_ready.formats import HistoryFormat, PortfolioFormat

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "northshire-community"
TARGET_SECONDS = 10.0


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "Bench",
            "GIT_COMMITTER_EMAIL": "bench@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, check=True, capture_output=True)


def make_history(folder: Path, commits: int) -> Path:
    """A repository holding the example, with *commits* commits that each change its manifest."""
    repo = folder / "trust"
    shutil.copytree(EXAMPLE, repo)
    manifest = repo / "manifest.yaml"
    original = manifest.read_text(encoding="utf-8")
    _git(repo, "init", "-q")
    start = date(2026, 1, 1)
    for n in range(commits):
        as_of = start + timedelta(days=n)
        text = original.replace("as_of: 2026-10-31", f"as_of: {as_of.isoformat()}", 1)
        manifest.write_text(text + f"# revision {n}\n", encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"Revision {n}", when=f"{as_of.isoformat()}T12:00:00+00:00")
    return manifest


def make_portfolio(folder: Path, manifests: int) -> Path:
    """A folder of *manifests* trusts: each a copy of the example under its own name."""
    root = folder / "region"
    root.mkdir()
    original = (EXAMPLE / "manifest.yaml").read_text(encoding="utf-8")
    for n in range(manifests):
        trust = root / f"trust-{n:03d}"
        shutil.copytree(EXAMPLE, trust)
        (trust / "manifest.yaml").write_text(original.replace("Northshire Community Health",
                                                              f"Trust {n:03d} Community Health", 1), encoding="utf-8")
    return root


def timed(label: str, fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    took = time.perf_counter() - start
    verdict = "within" if took < TARGET_SECONDS else "OVER"
    print(f"  {label:<40} {took:6.2f} s  ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--manifests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"building {args.commits} commits and {args.manifests} manifests ...")
        manifest = make_history(folder, args.commits)
        region = make_portfolio(folder, args.manifests)
        print("timings (wall clock, one run each, as a CI job would see them):")
        timed(f"history, {args.commits} commits (terminal)",
              lambda: app.history(manifest, fmt=HistoryFormat.terminal))
        timed(f"history, {args.commits} commits (json)", lambda: app.history(manifest, fmt=HistoryFormat.json))
        timed(f"portfolio, {args.manifests} manifests (json)",
              lambda: app.portfolio([region], fmt=PortfolioFormat.json))
        timed(f"portfolio, {args.manifests} manifests (html)",
              lambda: app.portfolio([region], fmt=PortfolioFormat.html))
        timed(f"dashboard with {args.commits} commits of history",
              lambda: app.report(manifest, output=str(folder / "index.html")))


if __name__ == "__main__":
    main()
