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
from .diagnostics import Diagnostic, InputError

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


@app.command()
def check(
    manifest: Annotated[Path, typer.Argument(help="The evidence manifest (YAML).", show_default=False)],
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this "
                                            "severity.")] = FailOn.error,
) -> None:
    """Validate a manifest, evaluate it, and print the gap analysis."""
    from .checking import run_check
    from .models.result import SEVERITY_ORDER
    from .render import Format, RenderContext, render

    outcome = run_check(str(manifest), _registry(rubrics), as_of=_parse_as_of(as_of), tool_version=__version__)
    ctx = RenderContext(result=outcome.result, loaded=outcome.loaded, crosswalks=outcome.crosswalks,
                        color=_color(), width=_width())
    _write(render(Format.terminal, ctx))
    if fail_on is FailOn.never:
        raise typer.Exit(0)
    threshold = SEVERITY_ORDER[fail_on.value]
    failed = any(SEVERITY_ORDER[f.severity] >= threshold for f in outcome.result.findings)
    raise typer.Exit(1 if failed else 0)


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


def _click_exceptions():
    """click's exception classes: from click, or from the copy that newer typer releases vendor."""
    try:
        from click import exceptions
    except ImportError:  # typer 0.2x ships click inside itself as typer._click
        from typer._click import exceptions  # type: ignore[no-redef]
    return exceptions


def main() -> None:
    """Console-script entry point: run the app and turn every failure into an exit code."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except InputError as e:
        for d in e.diagnostics:
            sys.stderr.write(d.format() + "\n")
        sys.exit(2)
    except UsageError as e:
        sys.stderr.write(f"iho-ready: error: {e}\n")
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130 if sys.exc_info()[0] is KeyboardInterrupt else 1)
    except SystemExit:
        raise
    except Exception as e:  # click's usage errors and anything unexpected
        exceptions = _click_exceptions()
        if isinstance(e, exceptions.ClickException):
            e.show()
            sys.exit(2 if isinstance(e, exceptions.UsageError) else 1)
        if isinstance(e, typer.Abort):
            sys.exit(130)
        if os.environ.get("IHO_READY_DEBUG"):
            raise
        sys.stderr.write(f"iho-ready: internal error: {type(e).__name__}: {e}\n"
                         "This is a bug in iho-ready; please report it with the input that caused it "
                         "(set IHO_READY_DEBUG=1 for the traceback).\n")
        sys.exit(2)


__all__ = ["app", "main", "Diagnostic"]
