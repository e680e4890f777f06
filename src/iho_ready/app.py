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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .diagnostics import InputError, format_lines
from .errors import UsageError
from .formats import Format

if TYPE_CHECKING:
    from .rubrics import Registry


# --------------------------------------------------------------------------- shared steps


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


# --------------------------------------------------------------------------- history and portfolio


# --------------------------------------------------------------------------- init, explain, schema


# --------------------------------------------------------------------------- rubrics


from .app_core import (
    _ISO_DATE as _ISO_DATE,
    STDOUT as STDOUT,
    Output as Output,
    _link as _link,
    _rubric as _rubric,
    _statement as _statement,
    assess as assess,
    guard_manifests as guard_manifests,
    parse_as_of as parse_as_of,
    registry as registry,
)
from .app_report import (
    HouseStyle as HouseStyle,
    _dashboard as _dashboard,
    _previous as _previous,
    diff as diff,
    report as report,
    report_format as report_format,
)
from .app_rubrics import (
    ImportRun as ImportRun,
    Validated as Validated,
    _starter_workbook as _starter_workbook,
    explain as explain,
    import_workbook as import_workbook,
    init as init,
    rubrics_diff as rubrics_diff,
    rubrics_list as rubrics_list,
    rubrics_show as rubrics_show,
    rubrics_validate as rubrics_validate,
    schema as schema,
    workbook as workbook,
)
from .app_trends import (
    _SKIPPED_FOLDERS as _SKIPPED_FOLDERS,
    _WORKER_RUBRICS as _WORKER_RUBRICS,
    PARALLEL_FROM as PARALLEL_FROM,
    _base_url as _base_url,
    _Job as _Job,
    _manifests_below as _manifests_below,
    _outside_problem as _outside_problem,
    _summarise as _summarise,
    _summarise_all as _summarise_all,
    _summarise_in_worker as _summarise_in_worker,
    history as history,
    history_of as history_of,
    history_points as history_points,
    portfolio as portfolio,
    portfolio_statement as portfolio_statement,
)
