"""Use cases over many assessments: ``history`` (a manifest's git history) and ``portfolio``
(several trusts), sharing work among worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .diagnostics import InputError
from .errors import UsageError
from .formats import HistoryFormat, PortfolioFormat

if TYPE_CHECKING:
    from .git_refs import CommitFiles
    from .history import Assessed, History
    from .rubrics import Registry
from .app_core import Output, _statement, assess, parse_as_of, registry

PARALLEL_FROM = 24
"""Assess in worker processes from this many manifests on (history's commits, portfolio's trusts)."""


@dataclass(frozen=True)
class _Job:
    """One manifest to assess and summarise: a file, or the manifest named *name* at a commit (*files*)."""

    path: str
    display: str
    files: CommitFiles | None = None
    name: str = ""
    problem: str | None = None
    """Why there is nothing to assess (the commit deleted the manifest), when there is not."""
    as_of: date | None = None
    """Judge it at this date instead of the manifest's own (``portfolio --as-of``)."""
    standing: bool = False
    """Also summarise each criterion, the ICB's position and open conditions (the portfolio's columns)."""


def _summarise(job: _Job, rubrics: Registry) -> Assessed:
    """Assess one manifest and summarise it; input problems become lines (a row that says why), not an error."""
    from .errors import IhoReadyError
    from .history import Assessed, meeting_of, snapshot, standing

    if job.problem is not None:
        return Assessed(None, [f"{job.display}: error: {job.problem}"])
    try:
        text = job.files.read_text(job.name, job.display) if job.files is not None else None
        outcome = assess(Path(job.path), rubrics, as_of=job.as_of, display=job.display, text=text, files=job.files)
        return Assessed(snapshot(outcome), meeting=meeting_of(outcome),
                        standing=standing(outcome) if job.standing else None)
    except InputError as e:
        return Assessed(None, [d.format() for d in e.diagnostics])
    except IhoReadyError as e:
        return Assessed(None, [f"{job.display}: error: {e}"])


_WORKER_RUBRICS: dict[tuple[str, ...], Registry] = {}


def _summarise_in_worker(job: _Job, rubric_dirs: tuple[str, ...]) -> Assessed:
    """:func:`_summarise` in a worker process, which loads each rubric folder once."""
    if rubric_dirs not in _WORKER_RUBRICS:
        _WORKER_RUBRICS[rubric_dirs] = registry([Path(d) for d in rubric_dirs])
    return _summarise(job, _WORKER_RUBRICS[rubric_dirs])


def _summarise_all(jobs: Sequence[_Job], rubrics: Registry, rubric_dirs: Sequence[Path]) -> list[Assessed]:
    """Every job's summary, in order. Many jobs are shared among worker processes (one per CPU, at most
    four); the results are the same either way, since each assessment depends only on its own job."""
    workers = min(4, os.cpu_count() or 1)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [_summarise(job, rubrics) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    # spawn, not fork: a forked copy of a process with threads can hang.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        run = partial(_summarise_in_worker, rubric_dirs=tuple(str(d) for d in rubric_dirs))
        return list(pool.map(run, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def history_points(value: int | None) -> int:
    """``--points``: how many of the newest changes to assess (0 for all); the default when not given."""
    from .limits import MAX_HISTORY_POINTS

    if value is None:
        return MAX_HISTORY_POINTS
    if value < 0:
        raise UsageError(f"--points: expected a number of changes, 0 or more, got {value}")
    return value


def history_of(manifest: Path, rubric_dirs: Sequence[Path] = (), *, since: str | None = None,
               rubrics: Registry | None = None, points: int | None = None) -> History:
    """The manifest at each commit of the branch's first-parent line that changed it (merges included,
    renames followed), the newest *points* of them (0 for all), each assessed as at its own ``as_of``
    with the evidence, partner statements and lock file of that commit. Never checks anything out."""
    from . import git_refs
    from .history import Commit, build_history
    from .words import display_path

    window = history_points(points)
    shown = display_path(manifest)
    if manifest.is_dir():
        raise UsageError(f"{shown} is a folder; give the manifest file (e.g. {shown}/manifest.yaml)")
    try:
        chosen, total = git_refs.manifest_history(manifest, since, newest=window)
        # Problems name the file as that commit named it (the history follows renames).
        jobs = [_Job(str(manifest), f"{Path(shown).with_name(rev.name).as_posix()}@{rev.commit[:7]}",
                     rev.files, rev.name, rev.problem) for rev in chosen]
        found = _summarise_all(jobs, rubrics or registry(rubric_dirs), rubric_dirs)
    finally:
        git_refs.close()
    commits = [Commit(rev.commit, rev.committed, rev.subject, assessed)
               for rev, assessed in zip(chosen, found, strict=True)]
    return build_history(shown, commits, tool_version=__version__, since=since, total=total,
                         limit=window or None)


def history(manifest: Path, *, fmt: HistoryFormat = HistoryFormat.terminal, since: str | None = None,
            rubric_dirs: Sequence[Path] = (), color: bool = False, width: int = 100, points: int | None = None) -> str:
    """``history``: readiness, ratings, open gaps and overdue actions at the newest *points* commits that
    changed *manifest* (100 by default, 0 for all)."""
    from .render import RenderOptions, render_history

    found = history_of(manifest, rubric_dirs, since=since, points=points)
    return render_history(fmt, found, RenderOptions(color=color, width=width))


_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


def _manifests_below(folder: Path) -> list[Path]:
    """Every ``manifest.yaml`` below *folder* (or ``manifest.xlsx`` where a folder has no YAML one), in path
    order; hidden folders (``.git``, ``.venv``) are skipped."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_FOLDERS)
        if "manifest.yaml" in files:
            found.append(Path(here) / "manifest.yaml")
        elif "manifest.xlsx" in files:  # a team that keeps only the workbook
            found.append(Path(here) / "manifest.xlsx")
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _outside_problem(path: Path, given: Sequence[Path]) -> str | None:
    """Why a manifest found in a folder given to ``portfolio`` is not read: it is a symlink out of that folder.

    A committed ``manifest.yaml -> /elsewhere/manifest.yaml`` would otherwise put another
    trust's (or another repository's) values on a published page. Said without naming the
    target. A manifest named directly on the command line is read wherever it is.
    """
    from .safe_files import is_inside

    folders = [g for g in given if g.is_dir() and path.is_relative_to(g)]
    if not folders or any(is_inside(path, folder) for folder in folders):
        return None
    return ("the manifest is a symbolic link to a file outside the folder given; iho-ready does not read it "
            "(replace the link with the file itself) [io]")


def _base_url(value: str | None) -> str | None:
    from urllib.parse import urlsplit

    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise UsageError(f"--base-url: expected an http or https address, e.g. https://example.org/iho/, "
                         f"got '{value}'")
    return value if value.endswith("/") else value + "/"


def portfolio(paths: Sequence[Path], *, fmt: PortfolioFormat = PortfolioFormat.terminal,
              base_url: str | None = None, rubric_dirs: Sequence[Path] = (), color: bool = False,
              width: int = 100, as_of: str | None = None, statement: str | None = None) -> str | bytes:
    """``portfolio``: one row per manifest (a folder means every ``manifest.yaml`` below it).

    With *as_of*, every trust is judged at that one date rather than its manifest's own.

    With *base_url*, each row links to ``BASE_URL/FOLDER/``, where FOLDER is the manifest's
    folder below the folder given (for a manifest named directly, its folder's name).
    """
    from urllib.parse import quote

    from .history import build_portfolio
    from .render import RenderOptions, render_portfolio
    from .words import display_path

    if statement is not None and fmt is not PortfolioFormat.html:
        raise UsageError("--statement applies to --format html only")
    base = _base_url(base_url)
    when = parse_as_of(as_of)
    rubrics = registry(rubric_dirs)
    chosen: list[tuple[Path, str]] = []
    for given in paths:
        if given.is_dir():
            below = _manifests_below(given)
            if not below:
                raise UsageError(f"{given}: no manifest.yaml in this folder or below it")
            chosen += [(p, p.parent.relative_to(given).as_posix()) for p in below]
        else:
            chosen.append((given, given.resolve().parent.name))
    jobs, links = [], []
    for path, folder in chosen:
        link = None
        if base is not None:
            tail = "" if folder == "." else quote(folder, safe="/")
            link = base + (tail + "/" if tail else "")
        jobs.append(_Job(str(path), display_path(path), as_of=when, standing=True,
                         problem=_outside_problem(path, paths)))
        links.append(link)
    found = _summarise_all(jobs, rubrics, rubric_dirs)
    rows = [(job.display, link, assessed) for job, link, assessed in zip(jobs, links, found, strict=True)]
    built = build_portfolio(rows, tool_version=__version__, as_of=when)
    return render_portfolio(fmt, built, RenderOptions(color=color, width=width, statement=statement))


def portfolio_statement(target: str, page: str, *, as_of: str | None = None) -> Output:
    """The accessibility statement of a portfolio page published as a site (``portfolio --statement``)."""
    team = "the team that publishes this site"
    return _statement(target, page, subject="this IHO readiness portfolio", publisher=team, contact=team,
                      page_name="the portfolio", as_of=parse_as_of(as_of))
