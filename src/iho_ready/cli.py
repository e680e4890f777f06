"""Command-line interface. Parses options, owns all I/O, and maps outcomes to exit codes.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the input
could not be read or is invalid, or the command was misused. No input produces a Python
traceback: input problems print ``FILE:LINE:COL: error: message [code]`` to stderr.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .diagnostics import InputError
from .formats import Format

app = typer.Typer(
    name="iho-ready",
    help="Check an NHS trust's evidence manifest against IHO designation rubrics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rubrics_app = typer.Typer(help="Browse, compare and check rubrics.", no_args_is_help=True)
app.add_typer(rubrics_app, name="rubrics")


class FailOn(str, Enum):
    """The lowest finding severity that makes ``check`` exit 1."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class MinReadiness(str, Enum):
    """The readiness every selected rubric must reach, or ``check`` exits 1."""

    ready = "ready"
    approaching = "approaching"


class UsageError(Exception):
    """Raised by the CLI for a bad option value; reported with exit code 2."""


RubricDirs = Annotated[
    Optional[list[Path]],  # noqa: UP007 - typer needs Optional here
    typer.Option("--rubrics", help="Extra rubric folder (ID/VERSION.yaml files); repeatable.",
                 file_okay=False, show_default=False),
]
AsOf = Annotated[
    Optional[str],  # noqa: UP007
    typer.Option("--as-of", help="Judge expiry and overdue against this date (YYYY-MM-DD) "
                 "instead of the manifest's assessment.as_of.", show_default=False),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"iho-ready {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Check an NHS trust's evidence manifest against IHO designation rubrics."""


def _parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of: expected a date as YYYY-MM-DD, got '{value}'") from None


def _registry(dirs: list[Path] | None):
    from .rubrics import Registry

    return Registry(dirs or [])


def _color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _width() -> int:
    if sys.stdout.isatty():
        import shutil

        return max(60, shutil.get_terminal_size((100, 24)).columns)
    try:
        return max(60, int(os.environ.get("COLUMNS", "100")))
    except ValueError:
        return 100


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _display(path: Path) -> str:
    """The manifest path as shown in every output: relative where possible, forward slashes.

    CI annotations and SARIF locations must be relative to the repository root (the folder
    the check runs in), never absolute paths from one machine.
    """
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
    return path.as_posix()


def _plan_outputs(formats: list[Format], outputs: list[str]) -> list[tuple[Format, str]]:
    """Pair each ``--format`` with the ``--output`` in the same position (``-`` is stdout).

    Formats without an output go to stdout. A whole-document format (json, junit, sarif,
    markdown-summary) must be alone on stdout, or a program could not read it; terminal and
    github are line-based and may share it.
    """
    if not formats:
        if outputs:
            raise UsageError("--output needs a --format to pair with, e.g. --format json --output result.json")
        formats = [Format.terminal]
        if os.environ.get("GITHUB_ACTIONS") == "true":  # annotate the manifest lines in the pull request
            formats.append(Format.github)
    if len(outputs) > len(formats):
        raise UsageError(f"{len(outputs)} --output values but {len(formats)} --format values; each --output "
                         "pairs with the --format in the same position")
    pairs = list(zip(formats, outputs + ["-"] * (len(formats) - len(outputs))))
    on_stdout = [f for f, target in pairs if target == "-"]
    if len(on_stdout) > 1 and any(f.whole_document for f in on_stdout):
        shown = ", ".join(f.value for f in on_stdout)
        raise UsageError(f"formats {shown} would all go to standard output; json, junit, sarif and "
                         "markdown-summary must be alone there (give them --output FILE)")
    files = [target for _, target in pairs if target != "-"]
    twice = sorted({t for t in files if files.count(t) > 1})
    if twice:
        raise UsageError(f"two formats would write the same file: {', '.join(twice)}")
    return pairs


def _emit(target: str, text: str) -> None:
    """Write *text* to *target* atomically (``-`` is stdout); a file that cannot be written is exit 2."""
    from .output import write_output

    try:
        write_output(target, text)
    except OSError as e:
        raise UsageError(f"cannot write {target}: {e.strerror or e}") from e


def _guard_manifest(manifest: Path | list[Path], targets: list[str]) -> None:
    """Refuse an output that would replace a manifest: iho-ready only ever reads manifests."""
    manifests = manifest if isinstance(manifest, list) else [manifest]
    for target in targets:
        for one in manifests:
            if target != "-" and Path(target).resolve() == one.resolve():
                raise UsageError(f"--output {target} is the manifest {one}; iho-ready never rewrites a manifest")


def _print_diagnostics(error: InputError) -> None:
    for d in error.diagnostics:
        sys.stderr.write(d.format() + "\n")


@app.command()
def check(
    manifests: Annotated[list[Path], typer.Argument(
        metavar="MANIFEST", show_default=False,
        help="The evidence manifest (YAML). Several may be given (as pre-commit does) when all output is "
             "terminal or github on standard output.")],
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
    formats: Annotated[Optional[list[Format]], typer.Option(  # noqa: UP007
        "--format", "-f", show_default=False,
        help="Output format; repeatable. Default: terminal (plus github when GITHUB_ACTIONS=true).")] = None,
    outputs: Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
        "--output", "-o", show_default=False,
        help="Where a format goes ('-' is standard output); repeatable. The n-th --output belongs to the n-th "
             "--format; formats left without one go to standard output.")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option(  # noqa: UP007
        "--fail-on", show_default=False,
        help="Exit 1 when a finding is at or above this severity. Default: error.")] = None,
    min_readiness: Annotated[Optional[MinReadiness], typer.Option(  # noqa: UP007
        "--min-readiness", show_default=False,
        help="Exit 1 when any selected rubric is below this readiness.")] = None,
    fail_on_code: Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
        "--fail-on-code", metavar="CODE", show_default=False,
        help="Exit 1 when a finding has this code, whatever its severity; repeatable.")] = None,
    ignore_code: Annotated[Optional[list[str]], typer.Option(  # noqa: UP007
        "--ignore-code", metavar="CODE", show_default=False,
        help="Do not raise findings with this code: they are left out of every output and of the exit "
             "code (and of readiness); repeatable.")] = None,
    lock: Annotated[Optional[Path], typer.Option(  # noqa: UP007
        "--lock", dir_okay=False, show_default=False,
        help="Compare evidence files with this lock file. Default: iho-ready.lock next to the manifest, "
             "when it exists.")] = None,
) -> None:
    """Validate a manifest, evaluate it, print the gap analysis and write CI reports.

    Options not given here come from .iho-ready.yaml or pyproject.toml (see docs/ci.md).
    """
    pairs = _plan_outputs(list(formats or []), list(outputs or []))
    if len(manifests) > 1 and any(f.whole_document or target != "-" for f, target in pairs):
        raise UsageError("several manifests can be checked in one run only with terminal or github output on "
                         "standard output; run check once per manifest to write reports")
    worst = 0
    for manifest in manifests:
        try:
            worst = max(worst, _check_one(manifest, pairs, rubrics, as_of, fail_on, min_readiness,
                                          fail_on_code, ignore_code, lock))
        except InputError as e:
            if len(manifests) == 1:
                raise
            _print_diagnostics(e)  # report every manifest's problems, not just the first
            worst = 2
    raise typer.Exit(worst)


def _check_one(manifest: Path, pairs: list[tuple[Format, str]], rubrics: list[Path] | None, as_of: str | None,
               fail_on: FailOn | None, min_readiness: MinReadiness | None, fail_on_code: list[str] | None,
               ignore_code: list[str] | None, lock: Path | None) -> int:
    """Check one manifest, write every output, report why it fails; return the exit code."""
    from .checking import run_check
    from .config import load_config
    from .policy import PolicyError, decide, resolve
    from .render import RenderContext, render

    _guard_manifest(manifest, [target for _, target in pairs])
    shown = _display(manifest)
    config = load_config(str(manifest))
    try:
        policy = resolve(config.policy, fail_on=fail_on.value if fail_on else None,
                         min_readiness=min_readiness.value if min_readiness else None,
                         fail_on_code=fail_on_code, ignore_code=ignore_code)
    except PolicyError as e:
        raise UsageError(str(e)) from e
    outcome = run_check(str(manifest), _registry(rubrics), as_of=_parse_as_of(as_of), tool_version=__version__,
                        display=shown, lock=str(lock) if lock else None, ignore=policy.ignore_code)
    verdict = decide(outcome.result, policy)
    for fmt, target in pairs:
        to_stdout = target == "-"
        ctx = RenderContext(result=outcome.result, loaded=outcome.loaded, crosswalks=outcome.crosswalks,
                            color=to_stdout and _color(), width=_width() if to_stdout else 100, verdict=verdict)
        _emit(target, render(fmt, ctx))
    if verdict.failed:
        sys.stderr.write(f"iho-ready: {shown}: check failed: {'; '.join(verdict.reasons)}\n")
    return verdict.exit_code


@app.command("lock")
def lock_evidence(
    manifest: Annotated[Path, typer.Argument(help="The evidence manifest (YAML).", show_default=False)],
    output: Annotated[Optional[str], typer.Option(  # noqa: UP007
        "--output", "-o", metavar="LOCKFILE", show_default=False,
        help="Where to write the lock ('-' is standard output). Default: iho-ready.lock next to the manifest.")] = None,
    rubrics: RubricDirs = None,
) -> None:
    """Write the evidence lock file: the SHA-256 and size of each evidence file.

    Run it when the board has approved the evidence; check then reports evidence-changed
    for files that differ and evidence-unlocked for files added since.
    """
    from . import lock as locking
    from .facts import gather
    from .loading import load_manifest

    shown = _display(manifest)
    loaded = load_manifest(str(manifest), _registry(rubrics), shown)
    built, skipped = locking.build(loaded, gather(loaded, hashes=True))
    target = output or locking.default_path(str(manifest))
    _guard_manifest(manifest, [target])
    _emit(target, locking.dumps(built))
    for doc_id in skipped:
        sys.stderr.write(f"iho-ready: note: evidence {doc_id} is not locked: its path is missing, a folder or "
                         "outside the repository\n")
    if target != "-":
        sys.stderr.write(f"iho-ready: wrote {target} ({len(built.evidence)} evidence files)\n")


# --------------------------------------------------------------------------- schema


@app.command()
def schema(
    output_format: Annotated[bool, typer.Option(
        "--output-format", help="The schema of check's JSON output instead of the manifest's.")] = False,
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write it ('-' is standard output).")] = "-",
) -> None:
    """Print a JSON Schema: the manifest's (for editors' YAML validation), or check's JSON output's."""
    from .schemas import dumps, manifest_schema, result_schema

    _emit(output, dumps(result_schema() if output_format else manifest_schema()))


# --------------------------------------------------------------------------- entry point


@rubrics_app.command("list")
def rubrics_list(rubrics: RubricDirs = None) -> None:
    """List the rubrics available: bundled, and any in --rubrics folders."""
    from .browse import list_rubrics

    _write(list_rubrics(_registry(rubrics)))


def _split_spec(spec: str) -> tuple[str, str | None]:
    rubric_id, _, version = spec.partition("@")
    return rubric_id, version or None


def _get(registry, spec: str):
    try:
        return registry.get(*_split_spec(spec))
    except LookupError as e:
        raise UsageError(str(e)) from None


@rubrics_app.command("show")
def rubrics_show(
    spec: Annotated[str, typer.Argument(metavar="ID[@VERSION]", help="Rubric to show (newest if no version).",
                                        show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Print a rubric: source, scales, domains, criteria and key evidence, verbatim."""
    from .browse import show_rubric

    _write(show_rubric(_get(_registry(rubrics), spec)))


@rubrics_app.command("diff")
def rubrics_diff(
    old: Annotated[str, typer.Argument(metavar="ID@A", help="The older rubric version.", show_default=False)],
    new: Annotated[str, typer.Argument(metavar="ID@B", help="The newer rubric version.", show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Compare two rubric versions by criterion and evidence item. Exit 1 if they differ."""
    from .browse import diff_rubrics, format_diff

    registry = _registry(rubrics)
    a, b = _get(registry, old), _get(registry, new)
    diff = diff_rubrics(a, b)
    _write(format_diff(a, b, diff))
    raise typer.Exit(0 if diff.empty else 1)


@rubrics_app.command("validate")
def rubrics_validate(
    files: Annotated[list[Path], typer.Argument(help="Rubric or crosswalk YAML files.", show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Check rubric or crosswalk files as strictly as the bundled ones are checked."""
    from .browse import count
    from .diagnostics import InputError as _InputError
    from .loading import load_crosswalk, load_rubric
    from .yamlsource import load

    problems = []
    registry = _registry(rubrics)
    for path in files:
        try:
            _, data = load(str(path))
            if isinstance(data, dict) and "crosswalk" in data:
                _, walk = load_crosswalk(str(path))
                sides = [_get(registry, walk.source), _get(registry, walk.target)]
                registry.crosswalks(sides)
                _write(f"{path}: ok, crosswalk {walk.source} -> {walk.target}, {len(walk.mappings)} mappings\n")
            else:
                rubric = load_rubric(str(path))
                criteria, items = count(rubric)
                _write(f"{path}: ok, {rubric.key}, {criteria} criteria, {items} key-evidence items\n")
        except _InputError as e:
            problems.extend(e.diagnostics)
    if problems:
        raise InputError(problems)


@app.command()
def explain(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A criterion (SV1) or key-evidence item (SV1.E2), "
                                       "optionally qualified as rubric-id:REF.", show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Show one criterion or evidence item: text, source, themes and crosswalk links."""
    from .browse import explain as explain_text

    registry = _registry(rubrics)
    try:
        text = explain_text(registry, ref)
    except LookupError as e:
        raise UsageError(str(e)) from None
    if text is None:
        from .diagnostics import did_you_mean
        from .loading import RubricIndex

        index = RubricIndex([registry.get(i) for i in registry.ids()])
        _, message, _ = index.resolve(ref.rpartition(":")[2])
        raise UsageError(f"no criterion or evidence item '{ref}'" + (did_you_mean(ref, []) or
                         (message or "").partition(" in the selected rubrics")[2]))
    _write(text)


@app.command()
def init(
    rubric: Annotated[Optional[list[str]], typer.Option("--rubric", metavar="ID[@VERSION]",  # noqa: UP007
                      help="Rubric to include (repeatable); default: every bundled rubric, newest version.",
                      show_default=False)] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write the manifest ('-' for stdout).")
                      ] = "manifest.yaml",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Write a starter manifest with every criterion and evidence slot, commented."""
    from .browse import scaffold
    from .output import write_output

    registry = _registry(rubrics)
    chosen = [_get(registry, spec) for spec in (rubric or registry.ids())]
    if output != "-" and Path(output).exists() and not force:
        raise UsageError(f"{output} already exists; use --force to replace it, or -o to write elsewhere")
    write_output(output, scaffold(chosen, _parse_as_of(as_of) or date.today()))
    if output != "-":
        sys.stderr.write(f"Wrote {output}. Next: add your evidence, rate each criterion, then run "
                         f"'iho-ready check {output}'.\n")


# --------------------------------------------------------------------------- report and diff


class ReportFormat(str, Enum):
    """Output formats of ``report``."""

    markdown = "markdown"
    docx = "docx"


class Audience(str, Enum):
    """Who the report is for: a public session never sees evidence marked private."""

    public = "public"
    private = "private"


def _report_format(given: ReportFormat | None, output: str) -> ReportFormat:
    """The format asked for, or the one the output name implies (``.docx``)."""
    implied = ReportFormat.docx if output.lower().endswith(".docx") else None
    if given is ReportFormat.markdown and implied is ReportFormat.docx:
        raise UsageError(f"--format markdown, but the output name '{output}' ends in .docx; "
                         "use --format docx or another name")
    return given or implied or ReportFormat.markdown


def _previous(manifest: Path, previous: Path | None, since: str | None, registry):
    """The earlier assessment to compare with: a manifest file, or this one at a git ref."""
    from .checking import run_check

    if previous is not None and since is not None:
        raise UsageError("give --previous or --since, not both")
    if previous is not None:
        return run_check(str(previous), registry, as_of=None, tool_version=__version__)
    if since is not None:
        from .history import HistoryError, manifest_at

        try:
            text = manifest_at(manifest, since)
        except HistoryError as e:
            raise UsageError(str(e)) from None
        return run_check(str(manifest), registry, as_of=None, tool_version=__version__,
                         display=f"{manifest}@{since}", text=text)
    return None


def _write_file(target: str, data: str | bytes) -> None:
    from .output import write_output

    try:
        write_output(target, data)
    except OSError as e:
        raise UsageError(f"cannot write '{target}': {e.strerror or e}") from None


@app.command()
def report(
    manifest: Annotated[Path, typer.Argument(help="The evidence manifest (YAML).", show_default=False)],
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")] = "-",
    format: Annotated[Optional[ReportFormat], typer.Option(  # noqa: A002, UP007
        "--format", help="markdown or docx (Word). Default: docx if the output name ends in .docx, "
        "else markdown.", show_default=False)] = None,
    template: Annotated[Optional[Path], typer.Option(  # noqa: UP007
        "--template", help="A jinja2 template to use instead of the bundled one; it may "
        "{% extends \"report.md.j2\" %}.", dir_okay=False, show_default=False)] = None,
    audience: Annotated[Audience, typer.Option("--audience", help="public leaves out evidence marked "
                                               "sensitivity: private.")] = Audience.public,
    previous: Annotated[Optional[Path], typer.Option(  # noqa: UP007
        "--previous", help="An earlier manifest to report progress against.", dir_okay=False,
        show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option(  # noqa: UP007
        "--since", help="Report progress against this manifest as committed at a git ref "
        "(its evidence is checked in the current working tree).", show_default=False)] = None,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Write the board-paper readiness report (Markdown, or Word with the docx extra)."""
    from .checking import run_check
    from .render.markdown import render as render_markdown
    from .report import build_report

    fmt = _report_format(format, output)
    _guard_manifest([manifest] + ([previous] if previous else []), [output])
    registry = _registry(rubrics)
    outcome = run_check(str(manifest), registry, as_of=_parse_as_of(as_of), tool_version=__version__)
    before = _previous(manifest, previous, since, registry)
    text = render_markdown(build_report(outcome, audience=audience.value, previous=before), template)
    if fmt is ReportFormat.docx:
        from .render.docx import DocxError, to_docx

        try:
            data: str | bytes = to_docx(text, as_of=outcome.result.as_of)
        except DocxError as e:
            raise UsageError(str(e)) from None
    else:
        data = text
    # Everything is rendered before anything is written, so a failure leaves an old report intact.
    _write_file(output, data)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier manifest.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later manifest.", show_default=False)],
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Show what changed between two manifests: readiness, ratings, gaps and actions."""
    from .checking import run_check
    from .compare import compare
    from .render.changes import render as render_changes

    registry = _registry(rubrics)
    before = run_check(str(old), registry, as_of=None, tool_version=__version__)
    after = run_check(str(new), registry, as_of=_parse_as_of(as_of), tool_version=__version__)
    _write(render_changes(compare(before, after), after, color=_color(), width=_width()))


def main() -> None:
    """Console-script entry point: run the app and turn every failure into an exit code.

    Typer handles usage errors itself (message and exit 2); input problems and bad option
    values raised by our code are printed here, and anything unexpected becomes a short
    message rather than a traceback (set ``IHO_READY_DEBUG=1`` to see it).
    """
    try:
        app(prog_name="iho-ready")
    except InputError as e:
        _print_diagnostics(e)
        sys.exit(2)
    except UsageError as e:
        sys.stderr.write(f"iho-ready: error: {e}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:
        if os.environ.get("IHO_READY_DEBUG"):
            raise
        sys.stderr.write(f"iho-ready: internal error: {type(e).__name__}: {e}\n"
                         "This is a bug in iho-ready; please report it with the input that caused it "
                         "(set IHO_READY_DEBUG=1 for the traceback).\n")
        sys.exit(2)


__all__ = ["app", "main"]
