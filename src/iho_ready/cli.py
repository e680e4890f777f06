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


def main() -> None:
    """Console-script entry point: run the app and turn every failure into an exit code.

    Typer handles usage errors itself (message and exit 2); input problems and bad option
    values raised by our code are printed here, and anything unexpected becomes a short
    message rather than a traceback (set ``IHO_READY_DEBUG=1`` to see it).
    """
    try:
        app(prog_name="iho-ready")
    except InputError as e:
        for d in e.diagnostics:
            sys.stderr.write(d.format() + "\n")
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
