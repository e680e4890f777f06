"""The application layer: one function per use case, from plain values to a value.

Each use case (check, lock, report, diff, history, portfolio, init, explain, the rubric
commands and schema)
takes plain values (paths, strings, dates, enum members), runs the pipeline

    load (yaml + pydantic, located errors) -> gather file facts -> evaluate (pure) -> render

and returns what should be written, or raises an :class:`~iho_ready.errors.IhoReadyError`.
It writes nothing and prints nothing: the CLI does that, so every use case can be called
from a test or another program exactly as the command line calls it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .diagnostics import Diagnostic, InputError, did_you_mean, format_lines
from .errors import UsageError
from .formats import Audience, Format, HistoryFormat, PortfolioFormat, ReportFormat

if TYPE_CHECKING:
    from .git_refs import CommitFiles
    from .history import Assessed, History
    from .models.outcome import Outcome
    from .models.rubric import Rubric
    from .report.view import Report
    from .rubrics import Registry

STDOUT = "-"
"""The output target that means standard output."""


@dataclass(frozen=True)
class Output:
    """Something to write: text or bytes, and where (``-`` is standard output)."""

    target: str
    """A file path, or ``-`` for standard output."""
    data: str | bytes
    """What to write."""
    commands: bool = False
    """True for GitHub workflow commands (the ``github`` format): on standard output under
    GitHub Actions they must reach the runner as commands, not be neutralised like other text."""
    also: tuple[Output, ...] = ()
    """Files written with it, first (a page's accessibility statement)."""


def _link(target: str, page: str) -> str:
    """The address of *target* relative to the folder of *page* (``-``: the current folder)."""
    start = "." if page == STDOUT else os.path.dirname(page) or "."
    return Path(os.path.relpath(target, start)).as_posix()


def _statement(target: str, page: str, *, subject: str, publisher: str, contact: str, page_name: str,
               as_of: date | None) -> Output:
    """The accessibility statement *target*, linking back to *page* (``--statement``)."""
    from .render import RenderOptions
    from .render.accessibility_html import Statement, render

    back = "./" if page == STDOUT else _link(page, target)
    return Output(target, render(Statement(subject=subject, publisher=publisher, contact=contact, page=back,
                                           page_name=page_name, as_of=as_of, tool_version=__version__),
                                 RenderOptions()))


# --------------------------------------------------------------------------- shared steps


def registry(rubric_dirs: Sequence[Path] = ()) -> Registry:
    """The bundled rubrics plus any in *rubric_dirs*."""
    from .rubrics import Registry

    return Registry(rubric_dirs)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(value: str | None) -> date | None:
    """``--as-of``: a date written YYYY-MM-DD, or None. Raises :class:`UsageError` otherwise."""
    if value is None:
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: expected a date as YYYY-MM-DD, got '{value}'") from None


def assess(path: Path, rubrics: Registry, *, as_of: date | None = None, display: str | None = None,
           lock: Path | None = None, ignore: Collection[str] = (), text: str | None = None,
           files: CommitFiles | None = None) -> Outcome:
    """Load the manifest at *path*, gather its file facts and evaluate it.

    *lock* names a lock file to compare evidence with; without it, ``iho-ready.lock`` next
    to the manifest is used when present. Findings with a code in *ignore* are not raised.
    With *text*, that manifest content is evaluated in place of the file's (evidence is
    still looked for beside *path*). With *files* too, the evidence, partner statements and
    lock file are those of a git commit: how ``history`` and ``report --since`` assess the
    manifest as that commit left it. Raises :class:`~iho_ready.diagnostics.InputError` for input that cannot be trusted.
    """
    from . import lock as locking
    from .evaluate import evaluate
    from .evidence_files import gather
    from .loading import load_manifest, load_partners
    from .models.outcome import Outcome

    loaded = load_manifest(str(path), rubrics, display, text)
    load_partners(loaded, rubrics, files)
    shown_lock = str(lock) if lock else locking.default_path(display or str(path))
    lock_path = str(lock) if lock else os.path.join(os.path.dirname(path), locking.LOCK_NAME)
    locked = None
    if files is not None and lock is None:
        shown_lock = files.shown(locking.default_path(str(path)))
        if files.where(locking.LOCK_NAME) == "present":
            locked = locking.load(lock_path, shown_lock, files.read_text(locking.LOCK_NAME, shown_lock)).evidence
    elif lock is not None or os.path.isfile(lock_path):
        locked = locking.load(lock_path, shown_lock).evidence
    # Hashing reads every evidence file, so it is done only when there is a lock to compare with.
    facts = gather(loaded, hashes=locked is not None, files=files)
    crosswalks = rubrics.crosswalks([s.rubric for s in loaded.rubrics])
    result = evaluate(loaded, facts, as_of or loaded.manifest.assessment.as_of, tool_version=__version__,
                      lock=locked, lock_file=shown_lock, ignore=ignore, crosswalks=crosswalks)
    return Outcome(loaded, result, crosswalks)


def guard_manifests(manifests: Sequence[Path], targets: Sequence[str]) -> None:
    """Refuse an output that would replace a manifest: iho-ready only ever reads manifests."""
    for target in targets:
        for one in manifests:
            if target != STDOUT and Path(target).resolve() == one.resolve():
                raise UsageError(f"--output {target} is the manifest {one}; iho-ready never rewrites a manifest")


def _rubric(rubrics: Registry, spec: str) -> Rubric:
    """``ID[@VERSION]`` from *rubrics*, or :class:`UsageError`."""
    rubric_id, _, version = spec.partition("@")
    try:
        return rubrics.get(rubric_id, version or None)
    except LookupError as e:
        raise UsageError(str(e)) from None


# --------------------------------------------------------------------------- check


@dataclass(frozen=True)
class CheckRun:
    """What ``check`` produced: outputs to write, lines for standard error, and the exit code."""

    outputs: list[Output]
    """Every requested format, rendered, in the order asked for (per manifest)."""
    messages: list[str] = field(default_factory=list)
    """Lines for standard error: input problems of other manifests, and why the check failed."""
    exit_code: int = 0
    """0 pass, 1 findings at or above the policy, 2 input that could not be read."""


def plan_outputs(formats: Sequence[Format], outputs: Sequence[str], *,
                 github_actions: bool = False) -> list[tuple[Format, str]]:
    """Pair each ``--format`` with the ``--output`` in the same position (``-`` is stdout).

    Formats without an output go to stdout. A whole-document format (json, junit, sarif,
    markdown-summary) must be alone on stdout, or a program could not read it; terminal and
    github are line-based and may share it.
    """
    chosen = list(formats)
    if not chosen:
        if outputs:
            raise UsageError("--output needs a --format to pair with, e.g. --format json --output result.json")
        chosen = [Format.terminal]
        if github_actions:  # annotate the manifest lines in the pull request
            chosen.append(Format.github)
    if len(outputs) > len(chosen):
        raise UsageError(f"{len(outputs)} --output values but {len(chosen)} --format values; each --output "
                         "pairs with the --format in the same position")
    pairs = list(zip(chosen, list(outputs) + [STDOUT] * (len(chosen) - len(outputs)), strict=True))
    on_stdout = [f for f, target in pairs if target == STDOUT]
    if len(on_stdout) > 1 and any(f.whole_document for f in on_stdout):
        shown = ", ".join(f.value for f in on_stdout)
        raise UsageError(f"formats {shown} would all go to standard output; json, junit, sarif and "
                         "markdown-summary must be alone there (give them --output FILE)")
    files = [target for _, target in pairs if target != STDOUT]
    twice = sorted({t for t in files if files.count(t) > 1})
    if twice:
        raise UsageError(f"two formats would write the same file: {', '.join(twice)}")
    return pairs


def check(manifests: Sequence[Path], *, formats: Sequence[Format] = (), outputs: Sequence[str] = (),
          rubric_dirs: Sequence[Path] = (), as_of: str | None = None, fail_on: str | None = None,
          min_readiness: str | None = None, fail_on_code: Sequence[str] = (), ignore_code: Sequence[str] = (),
          lock: Path | None = None, color: bool = False, width: int = 100,
          github_actions: bool = False, quiet: bool = False) -> CheckRun:
    """Check each manifest and render every requested format.

    Input that cannot be read does not raise: its problems become messages (at most the
    diagnostics limit per manifest), the CI formats that can report it (github, sarif,
    junit, markdown-summary) are still rendered, and the exit code is 2. With several
    manifests (as pre-commit passes them) every one is reported.
    With *quiet*, terminal output is only the findings and a one-line verdict.
    """
    pairs = plan_outputs(formats, outputs, github_actions=github_actions)
    if len(manifests) > 1 and any(f.whole_document or target != STDOUT for f, target in pairs):
        raise UsageError("several manifests can be checked in one run only with terminal or github output on "
                         "standard output; run check once per manifest to write reports")
    when = parse_as_of(as_of)
    rubrics = registry(rubric_dirs)
    run = CheckRun(outputs=[])
    worst = 0
    for manifest in manifests:
        try:
            worst = max(worst, _check_one(manifest, pairs, rubrics, when, fail_on, min_readiness, fail_on_code,
                                          ignore_code, lock, color, width, run, quiet))
        except InputError as e:
            # A broken manifest is reported in every CI format that can say so, not only on stderr.
            run.outputs.extend(_invalid_outputs(manifest, e, pairs))
            run.messages.extend(format_lines(e.diagnostics))  # report every manifest, not just the first
            worst = 2
    return CheckRun(run.outputs, run.messages, worst)


def _invalid_outputs(manifest: Path, error: InputError, pairs: list[tuple[Format, str]]) -> list[Output]:
    """The CI formats for a manifest that could not be read (annotations, SARIF, JUnit, summary)."""
    from .models.outcome import InvalidInput
    from .render import RenderOptions, render_invalid
    from .words import display_path

    # A workbook's problems carry their cell (Evidence!G12) in the message too: the machine formats
    # know only a row and a column, which do not say which sheet.
    located = [replace(d, message=f"{d.cell}: {d.message}", cell="") if d.cell else d for d in error.diagnostics]
    invalid = InvalidInput(display_path(manifest), located, __version__)
    outputs = []
    for fmt, target in pairs:
        text = render_invalid(fmt, invalid, RenderOptions())
        if text is not None:
            outputs.append(Output(target, text, commands=fmt is Format.github))
    return outputs


def _check_one(manifest: Path, pairs: list[tuple[Format, str]], rubrics: Registry, as_of: date | None,
               fail_on: str | None, min_readiness: str | None, fail_on_code: Sequence[str],
               ignore_code: Sequence[str], lock: Path | None, color: bool, width: int, run: CheckRun,
               quiet: bool = False) -> int:
    from .config import load_config
    from .policy import PolicyError, decide, resolve
    from .render import RenderOptions, render_check
    from .words import display_path

    guard_manifests([manifest], [target for _, target in pairs])
    shown = display_path(manifest)
    config = load_config(str(manifest))
    try:
        policy = resolve(config.policy, fail_on=fail_on, min_readiness=min_readiness,
                         fail_on_code=fail_on_code, ignore_code=ignore_code)
    except PolicyError as e:
        raise UsageError(str(e)) from e
    run.messages.extend(f"iho-ready: warning: {note}" for note in policy.deprecations)
    outcome = assess(manifest, rubrics, as_of=as_of, display=shown, lock=lock, ignore=policy.ignore_code)
    verdict = decide(outcome.result, policy)
    for fmt, target in pairs:
        to_stdout = target == STDOUT
        options = RenderOptions(color=to_stdout and color, width=width if to_stdout else 100, verdict=verdict,
                                quiet=quiet)
        run.outputs.append(Output(target, render_check(fmt, outcome, options), commands=fmt is Format.github))
    said = quiet and (Format.terminal, STDOUT) in pairs  # the quiet verdict line already says why
    if verdict.failed and not said:
        run.messages.append(f"iho-ready: {shown}: check failed: {'; '.join(verdict.reasons)}")
    return verdict.exit_code


# --------------------------------------------------------------------------- lock


@dataclass(frozen=True)
class LockRun:
    """The lock file to write, and notes for standard error."""

    output: Output
    """The lock file's text and where it goes."""
    notes: list[str]
    """One line per evidence entry that could not be locked, then what was written."""


def lock(manifest: Path, *, output: str | None = None, rubric_dirs: Sequence[Path] = ()) -> LockRun:
    """Build the evidence lock file for *manifest*: the SHA-256 and size of each evidence file."""
    from . import lock as locking
    from .evidence_files import gather
    from .loading import load_manifest
    from .words import display_path

    loaded = load_manifest(str(manifest), registry(rubric_dirs), display_path(manifest))
    facts = gather(loaded, hashes=True)
    built, skipped = locking.build(loaded, facts)
    target = output or locking.default_path(str(manifest))
    guard_manifests([manifest], [target])
    why = {doc_id: fact.problem for doc_id, fact in facts.items() if fact.problem}
    notes = [f"iho-ready: note: evidence {doc_id} is not locked: its path "
             f"{why.get(doc_id, 'is missing, a folder or outside the repository')}" for doc_id in skipped]
    if target != STDOUT:
        notes.append(f"iho-ready: wrote {target} ({len(built.evidence)} evidence files)")
    return LockRun(Output(target, locking.dumps(built)), notes)


# --------------------------------------------------------------------------- report and diff


def report_format(given: ReportFormat | None, output: str) -> ReportFormat:
    """The format asked for, or the one the output name implies (``.docx``, ``.pdf``, ``.html``)."""
    suffix = output.lower().rsplit(".", 1)[-1] if "." in output else ""
    implied = {"docx": ReportFormat.docx, "pdf": ReportFormat.pdf, "html": ReportFormat.html,
               "htm": ReportFormat.html}.get(suffix)
    if given is not None and implied is not None and given is not implied:
        raise UsageError(f"--format {given.value}, but the output name '{output}' ends in .{suffix}; "
                         f"use --format {implied.value} or another name")
    return given or implied or ReportFormat.markdown


def _previous(manifest: Path, previous: Path | None, since: str | None, rubrics: Registry) -> Outcome | None:
    """The earlier assessment to compare with: a manifest file, or this one at a git ref."""
    if previous is not None and since is not None:
        raise UsageError("give --previous or --since, not both")
    if previous is not None:
        return assess(previous, rubrics)
    if since is not None:
        from . import git_refs

        try:
            files, name = git_refs.manifest_at(manifest, since)
            shown = files.shown(str(manifest))
            return assess(manifest, rubrics, display=shown, text=files.read_text(name, shown), files=files)
        finally:
            git_refs.close()
    return None


@dataclass(frozen=True)
class HouseStyle:
    """The trust's house style for the Word and PDF papers (``report`` options)."""

    reference_doc: Path | None = None
    """Word: the trust's own template, whose styles the paper takes."""
    logo: Path | None = None
    """PDF: an image for the top of the cover sheet."""
    accent: str | None = None
    """PDF: the headings' colour, ``#RRGGBB``."""

    def options(self, chosen: ReportFormat) -> dict[str, Any]:
        """The render options these give for *chosen*; a UsageError for one that does not apply or is bad."""
        from .safe_files import read_bytes
        from .safe_text import visible

        for given, name, applies in ((self.reference_doc, "--reference-doc", ReportFormat.docx),
                                     (self.logo, "--logo", ReportFormat.pdf),
                                     (self.accent, "--accent-colour", ReportFormat.pdf)):
            if given is not None and chosen is not applies:
                raise UsageError(f"{name} applies to the {applies.value} paper, not to --format {chosen.value}")
        if self.accent is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", self.accent):
            raise UsageError(f"--accent-colour takes a colour as #RRGGBB (NHS Blue is #005EB8), not "
                             f"'{visible(self.accent)}'")
        if self.logo is not None and self.logo.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg", ".gif"):
            raise UsageError(f"--logo takes a PNG, JPEG, GIF or SVG image, not '{visible(str(self.logo))}'")
        for path in (self.reference_doc, self.logo):
            if path is not None:
                read_bytes(path, str(path))  # a regular file, of a sane size: a located error if not
        return {"reference_doc": self.reference_doc, "logo": self.logo, "accent": self.accent}


def report(manifest: Path, *, output: str = STDOUT, fmt: ReportFormat | None = None, template: Path | None = None,
           audience: Audience | None = None, previous: Path | None = None, since: str | None = None,
           rubric_dirs: Sequence[Path] = (), as_of: str | None = None, charts: bool = True,
           points: int | None = None, statement: str | None = None, style: HouseStyle = HouseStyle()) -> Output:
    """The board-paper readiness report, rendered (Markdown text, or Word or PDF bytes), or the dashboard (HTML).

    *charts* draws the dashboard's charts when the ``charts`` extra is installed; *points* is
    how many of the manifest's newest changes its trend shows (100 by default, 0 for all);
    *statement* also writes the dashboard's accessibility statement to that file, linked from the
    dashboard."""
    from .render import RenderOptions, render_report
    from .report import build_report

    chosen = report_format(fmt, output)
    if points is not None and chosen is not ReportFormat.html:
        raise UsageError("--points applies to the dashboard's trend (--format html), not to the board paper")
    history_points(points)
    guard_manifests([manifest] + ([previous] if previous else []), [output])
    if chosen is ReportFormat.html and template is not None:
        raise UsageError("--template applies to the Markdown and Word report, not to --format html")
    if chosen is not ReportFormat.html and statement is not None:
        raise UsageError("--statement applies to the dashboard (--format html) only")
    if statement is not None:
        guard_manifests([manifest], [statement])
    rubrics = registry(rubric_dirs)
    outcome = assess(manifest, rubrics, as_of=parse_as_of(as_of))
    before = _previous(manifest, previous, since, rubrics)
    session = audience.value if audience else (outcome.loaded.manifest.assessment.session or Audience.public.value)
    paper = build_report(outcome, audience="private" if session == "private" else "public", previous=before,
                         page=chosen is ReportFormat.html)
    if chosen is ReportFormat.html:
        link = _link(statement, output) if statement else None
        page = Output(output, _dashboard(manifest, paper, rubrics, rubric_dirs, charts, points, link))
        if statement is None:
            return page
        org, author = paper.organisation, outcome.loaded.manifest.assessment.author
        return replace(page, also=(_statement(
            statement, output, subject=f"the IHO readiness dashboard of {org}", publisher=org,
            contact=f"{org}'s {author}" if author else org,
            page_name="the dashboard", as_of=outcome.result.as_of),))
    return Output(output, render_report(chosen, paper, RenderOptions(template=template, **style.options(chosen))))


def _dashboard(manifest: Path, paper: Report, rubrics: Registry, rubric_dirs: Sequence[Path], charts: bool,
               points: int | None = None, statement: str | None = None) -> str:
    """The dashboard page: the paper's view and the trend from the manifest's git history."""
    from .errors import GitRefError
    from .render import RenderOptions, render_dashboard
    from .report.dashboard import build_dashboard

    try:
        found: History | None = history_of(manifest, rubric_dirs, rubrics=rubrics, points=points)
        reason = ""
    except GitRefError:
        # Not the error's own words: they name folders on the machine that built the page.
        found, reason = None, ("No trend is shown: the manifest's git history could not be read (it is not in a "
                               "git repository, or git is not installed).")
    if found is not None and not found.points:
        found, reason = None, "No trend is shown: the manifest has not been committed to git yet."
    return render_dashboard(build_dashboard(paper, found, no_history=reason),
                            RenderOptions(charts=charts, statement=statement))


def diff(old: Path, new: Path, *, rubric_dirs: Sequence[Path] = (), as_of: str | None = None, color: bool = False,
         width: int = 100) -> str:
    """The progress from the assessment in *old* to the one in *new*, for a terminal."""
    from .progress import progress
    from .render import RenderOptions, render_progress

    rubrics = registry(rubric_dirs)
    before = assess(old, rubrics)
    after = assess(new, rubrics, as_of=parse_as_of(as_of))
    return render_progress(progress(before.result, after.result), RenderOptions(color=color, width=width))


# --------------------------------------------------------------------------- history and portfolio


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


# --------------------------------------------------------------------------- init, explain, schema


def init(*, rubric_specs: Sequence[str] = (), output: str = "manifest.yaml", force: bool = False,
         rubric_dirs: Sequence[Path] = (), as_of: str | None = None, partner: str | None = None) -> Output:
    """A starter manifest with every criterion and evidence slot of the chosen rubrics, commented;
    or, with *partner* (a partner kind), a starter partner statement for a partner of that kind."""
    from .scaffold import CORE_RUBRICS, scaffold, scaffold_partner

    if output != STDOUT and Path(output).exists() and not force:
        raise UsageError(f"{output} already exists; use --force to replace it, or -o to write elsewhere")
    today = parse_as_of(as_of) or date.today()
    if partner is not None:
        # Partners usually review such statements twice a year; the date is the partner's to change.
        return Output(output, scaffold_partner(partner, date.fromordinal(today.toordinal() + 182)))
    rubrics = registry(rubric_dirs)
    chosen = [_rubric(rubrics, spec) for spec in (rubric_specs or CORE_RUBRICS)]
    text = scaffold(chosen, today)
    if output.lower().endswith(".xlsx"):
        return Output(output, _starter_workbook(Path(output), text, rubrics))
    return Output(output, text)


def _starter_workbook(output: Path, text: str, rubrics: Registry) -> bytes:
    """The starter manifest *text* as a blank workbook (no manifest file stands behind it: no fingerprint)."""
    from .words import display_path
    from .workbook.write import build

    outcome = assess(output.with_suffix(".yaml"), rubrics, display=display_path(output), text=text)
    return build(outcome.loaded, outcome.result.findings, printed=None, source_name="",
                 tool=f"iho-ready {__version__}")


def workbook(manifest: Path, *, output: str, rubric_dirs: Sequence[Path] = (), as_of: str | None = None,
             force: bool = False) -> Output:
    """``workbook``: the manifest as an Excel workbook to fill in, with its findings as they stand now.

    Refuses to replace an existing workbook (someone's unsaved edits may be in it) unless *force*.
    """
    from .safe_files import read_bytes
    from .words import display_path
    from .workbook.write import build, fingerprint

    if not output.lower().endswith(".xlsx"):
        raise UsageError(f"-o {output}: a workbook's name ends in .xlsx")
    if Path(output).exists() and not force:
        raise UsageError(f"{output} already exists; use --force to replace it (edits made in it would be lost), "
                         "or -o to write elsewhere")
    guard_manifests([manifest], [output])
    shown = display_path(manifest)
    outcome = assess(manifest, registry(rubric_dirs), as_of=parse_as_of(as_of), display=shown)
    # A workbook written from a workbook keeps the fingerprint of the YAML it came from.
    if manifest.suffix.lower() == ".xlsx":
        from .workbook.read import read

        printed = read(str(manifest), shown).fingerprint
    else:
        printed = fingerprint(read_bytes(manifest, shown))
    data = build(outcome.loaded, outcome.result.findings, printed=printed, source_name=Path(shown).name,
                 tool=f"iho-ready {__version__}")
    return Output(output, data)


@dataclass
class ImportRun:
    """What ``import`` writes (nothing when the workbook changes nothing) and the lines it prints."""

    output: Output | None
    messages: list[str]


def import_workbook(book: Path, *, into: Path, force: bool = False, rubric_dirs: Sequence[Path] = ()) -> ImportRun:
    """``import``: write the workbook's changes into the YAML manifest *into*, keeping its comments and layout.

    The workbook is checked as a manifest first (every problem at its cell). Refuses when *into*
    changed since the workbook was written from it (its fingerprint), unless *force*.
    """
    from .loading import load_manifest
    from .words import display_path
    from .workbook.merge import merge
    from .workbook.read import read

    shown = display_path(book)
    rubrics = registry(rubric_dirs)
    load_manifest(str(book), rubrics, shown)  # every problem, located at its cell
    if into.exists():
        load_manifest(str(into), rubrics, display_path(into))  # a manifest to edit must read as one
    read_back = read(str(book), shown)
    target = display_path(into)
    text, changes = merge(read_back, into, target, force=force)
    if not changes:
        return ImportRun(None, [f"iho-ready: {target} already says what {shown} says; nothing to write"])
    lines = [f"  {change}" for change in changes]
    return ImportRun(Output(str(into), text), [f"iho-ready: wrote {len(changes)} "
                                               f"{'change' if len(changes) == 1 else 'changes'} from {shown} "
                                               f"into {target}:", *lines])


def explain(ref: str, *, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """Everything about one criterion or key-evidence item, across the newest rubric versions.

    *ref* may be qualified (``rubric-id:SV1`` or ``rubric-id@version:SV1``).
    """
    from .render.rubric_text import Explained
    from .render.rubric_text import explain as explain_text

    rubrics = registry(rubric_dirs)
    scope, sep, short = ref.rpartition(":")
    want_id, _, want_version = scope.partition("@")
    if sep and want_id not in rubrics.ids():
        raise UsageError(f"unknown rubric '{want_id}'" + (did_you_mean(want_id, rubrics.ids()) or
                                                          f"; available: {', '.join(rubrics.ids())}"))
    searched = [rubrics.get(rid, want_version or None) if sep else rubrics.get(rid)
                for rid in rubrics.ids() if not sep or rid == want_id]
    # Crosswalks reach the other rubrics too, even when the reference names one rubric.
    others = [rubrics.get(rid) for rid in rubrics.ids() if rid not in {r.id for r in searched}]
    walks = rubrics.crosswalks([*searched, *others])
    matches = []
    known: list[str] = []
    wanted = short.casefold()  # ids are written upper case, typed any case: `explain sv1` works
    for rubric in searched:
        for placed in rubric.walk():
            known += [placed.criterion.id, *(i.id for i in placed.criterion.evidence)]
            item = next((i for i in placed.criterion.evidence if i.id.casefold() == wanted), None)
            if placed.criterion.id.casefold() == wanted or item is not None:
                matches.append(Explained(rubric, placed, item, walks))
    if not matches:
        import difflib

        by_fold = {k.casefold(): k for k in known}
        near = [by_fold[k] for k in difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.5)]
        raise UsageError(f"no criterion or evidence item '{ref}'"
                         + (f"; did you mean {', '.join(near)}?" if near else
                            "; 'iho-ready rubrics show ID' lists a rubric's criteria"))
    return explain_text(matches, width=width)


def schema(*, output_format: bool = False, partner: bool = False, for_manifest: Path | None = None,
           rubric_dirs: Sequence[Path] = ()) -> str:
    """A JSON Schema: the manifest's (for editors), a partner statement's, or ``check --format json``'s.

    With *for_manifest*, the manifest schema narrowed to the rubrics that manifest selects
    (criterion ids, each one's rating scale, valid ``supports`` references). Only its
    ``rubrics`` list has to be readable: the rest may be as broken as it likes.
    """
    from .schemas import dumps, manifest_schema, manifest_schema_for, partner_schema, result_schema

    if output_format and partner:
        raise UsageError("give --output-format or --partner, not both")
    if for_manifest is not None and (output_format or partner):
        raise UsageError("--for narrows the manifest's schema; it cannot be used with --output-format or --partner")
    if output_format:
        return dumps(result_schema())
    if partner:
        return dumps(partner_schema())
    if for_manifest is None:
        return dumps(manifest_schema())
    from .words import display_path
    from .yamlsource import load

    shown = display_path(for_manifest)
    source, data = load(str(for_manifest), shown)
    specs = data.get("rubrics") if isinstance(data, dict) else None
    if not isinstance(specs, list) or not specs or not all(isinstance(x, str) for x in specs):
        node = source.find(("rubrics",))[0]
        raise InputError([source.at(node, "rubrics: expected a list of rubric ids (ID@VERSION) to narrow the "
                                    "schema to", "schema")])
    rubrics = registry(rubric_dirs)
    chosen, problems = [], []
    for i, spec in enumerate(specs):
        rubric_id, _, version = spec.partition("@")
        try:
            chosen.append(rubrics.get(rubric_id, version or None))
        except LookupError as e:
            problems.append(source.at(source.find(("rubrics", i))[0], str(e), "unknown-rubric"))
    if problems:
        raise InputError(problems)
    return dumps(manifest_schema_for(chosen))


# --------------------------------------------------------------------------- rubrics


def rubrics_list(*, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """Every rubric version available: bundled, and any in the extra folders."""
    from .render.rubric_text import Listed, list_rubrics

    rubrics = registry(rubric_dirs)
    listed = []
    for rubric_id in rubrics.ids():
        versions = rubrics.versions(rubric_id)
        for version in versions:
            found = rubrics.files[rubric_id][version]
            listed.append(Listed(rubrics.get(rubric_id, version), version == versions[-1] and len(versions) > 1,
                                 "bundled" if found.bundled else str(found.path)))
    return list_rubrics(listed, width=width)


def rubrics_show(spec: str, *, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """One rubric, verbatim: source, scales, domains, criteria and key evidence."""
    from .render.rubric_text import show_rubric

    return show_rubric(_rubric(registry(rubric_dirs), spec), width=width)


def rubrics_diff(old: str, new: str, *, rubric_dirs: Sequence[Path] = ()) -> tuple[str, bool]:
    """Two rubric versions compared by criterion and evidence item; and whether they differ."""
    from .render.rubric_text import format_diff
    from .rubric_diff import diff_rubrics

    rubrics = registry(rubric_dirs)
    a, b = _rubric(rubrics, old), _rubric(rubrics, new)
    found = diff_rubrics(a, b)
    return format_diff(a, b, found), not found.empty


@dataclass(frozen=True)
class Validated:
    """What ``rubrics validate`` found: a line per good file, and every problem in the bad ones."""

    lines: list[str]
    """``FILE: ok, ...`` for each file that passed."""
    problems: list[Diagnostic]
    """Every located problem in the files that did not."""


def rubrics_validate(files: Sequence[Path], *, rubric_dirs: Sequence[Path] = ()) -> Validated:
    """Check rubric or crosswalk files as strictly as the bundled ones are checked."""
    from .loading import check_crosswalk, load_crosswalk, load_rubric
    from .render.rubric_text import count
    from .yamlsource import load

    lines: list[str] = []
    problems: list[Diagnostic] = []
    rubrics = registry(rubric_dirs)
    for path in files:
        try:
            _, data = load(str(path))
            if isinstance(data, dict) and "crosswalk" in data:
                source, walk = load_crosswalk(str(path))
                found = check_crosswalk(source, walk, rubrics)  # every mapping, every problem, located
                if found:
                    raise InputError(found)
                lines.append(f"{path}: ok, crosswalk {walk.source} -> {walk.target}, {len(walk.mappings)} mappings, "
                             f"{len(walk.no_counterpart)} with no counterpart")
            else:
                rubric = load_rubric(str(path))
                criteria, items = count(rubric)
                lines.append(f"{path}: ok, {rubric.key}, {criteria} criteria, {items} key-evidence items")
        except InputError as e:
            problems.extend(e.diagnostics)
    return Validated(lines, problems)
