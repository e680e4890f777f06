"""Command-line interface. Parses options, owns all I/O, and maps outcomes to exit codes.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the input
could not be read or is invalid, or the command was misused. No input produces a Python
traceback: input problems print ``FILE:LINE:COL: error: message [code]`` to stderr.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    pass

from . import __version__
from .cli_io import (
    _GUARD as _GUARD,
    _MAX_WIDTH as _MAX_WIDTH,
    AsOf as AsOf,
    FailOn as FailOn,
    MinReadiness as MinReadiness,
    Points as Points,
    RubricDirs as RubricDirs,
    Statement as Statement,
    TrendPoints as TrendPoints,
    _color as _color,
    _make_folder as _make_folder,
    _stderr as _stderr,
    _stdout as _stdout,
    _width as _width,
    _write as _write,
)
from .diagnostics import InputError, format_lines
from .errors import IhoReadyError
from .formats import Audience, Format, HistoryFormat, PartnerKind, PortfolioFormat, ReportFormat
from .safe_text import visible

app = typer.Typer(
    name="iho-ready",
    help="Check an NHS trust's evidence manifest against IHO designation rubrics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: it wraps to the terminal, copies cleanly, and does not import rich
    # (and markdown-it) just to print help, which kept `check --help` slower than a check.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rubrics_app = typer.Typer(help="Browse, compare and check rubrics.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rubrics_app, name="rubrics")


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


@app.command(short_help="Check a manifest: the gap analysis, CI reports and an exit code.")
def check(
    manifests: Annotated[list[Path], typer.Argument(
        metavar="MANIFEST...", show_default=False,
        help="The evidence manifest (YAML). Several may be given (as pre-commit does) when all output is "
             "terminal or github on standard output.")],
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
    formats: Annotated[list[Format] | None, typer.Option(
        "--format", "-f", show_default=False,
        help="Output format; repeatable. Default: terminal (plus github when GITHUB_ACTIONS=true).")] = None,
    outputs: Annotated[list[str] | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="Where a format goes ('-' is standard output); repeatable. The n-th --output belongs to the n-th "
             "--format; formats left without one go to standard output.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", show_default=False,
        help="Exit 1 when a finding is at or above this severity. Default: error.")] = None,
    min_readiness: Annotated[MinReadiness | None, typer.Option(
        "--min-readiness", show_default=False,
        help="Exit 1 when any selected rubric is below this readiness.")] = None,
    fail_on_code: Annotated[list[str] | None, typer.Option(
        "--fail-on-code", metavar="CODE", show_default=False,
        help="Exit 1 when a finding has this code, whatever its severity; repeatable.")] = None,
    ignore_code: Annotated[list[str] | None, typer.Option(
        "--ignore-code", metavar="CODE", show_default=False,
        help="Do not raise findings with this code: they are left out of every output and of the exit "
             "code (and of readiness); repeatable.")] = None,
    lock: Annotated[Path | None, typer.Option(
        "--lock", metavar="LOCKFILE", dir_okay=False, show_default=False,
        help="Compare evidence files with this lock file. Default: iho-ready.lock next to the manifest, "
             "when it exists.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Terminal output: only the findings and a one-line verdict (what the pre-commit "
        "hook shows).")] = False,
) -> None:
    """Validate a manifest, evaluate it, print the gap analysis and write CI reports.

    Options not given here come from .iho-ready.yaml or pyproject.toml (see docs/ci.md).
    """
    from . import app as use

    run = use.check(manifests, formats=formats or [], outputs=outputs or [], rubric_dirs=rubrics or [],
                    as_of=as_of, fail_on=fail_on.value if fail_on else None,
                    min_readiness=min_readiness.value if min_readiness else None,
                    fail_on_code=fail_on_code or [], ignore_code=ignore_code or [], lock=lock,
                    color=_color(), width=_width(), github_actions=os.environ.get("GITHUB_ACTIONS") == "true",
                    quiet=quiet)
    for output in run.outputs:
        _write(output)
    _stderr(run.messages)
    raise typer.Exit(run.exit_code)


@app.command("lock", short_help="Write the evidence lock file (SHA-256 of each evidence file).")
def lock_evidence(
    manifest: Annotated[Path, typer.Argument(metavar="MANIFEST", help="The evidence manifest (YAML).",
                                             show_default=False)],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="LOCKFILE", show_default=False,
        help="Where to write the lock ('-' is standard output). Default: iho-ready.lock next to the manifest.")] = None,
    rubrics: RubricDirs = None,
) -> None:
    """Write the evidence lock file: the SHA-256 and size of each evidence file.

    Run it when the board has approved the evidence; check then reports evidence-changed
    for files that differ and evidence-unlocked for files added since.
    """
    from . import app as use

    run = use.lock(manifest, output=output, rubric_dirs=rubrics or [])
    _write(run.output)
    _stderr(run.notes)


@app.command(short_help="Print a JSON Schema: the manifest's (for editors) or check's JSON.")
def schema(
    for_manifest: Annotated[Path | None, typer.Option(
        "--for", metavar="MANIFEST", dir_okay=False, show_default=False,
        help="Narrow the schema to this manifest's rubrics: criterion ids, each one's ratings, and valid "
             "supports references, so an editor completes them and flags mistakes (see docs/editors.md).")] = None,
    output_format: Annotated[bool, typer.Option(
        "--output-format", help="The schema of check's JSON output instead of the manifest's.")] = False,
    partner: Annotated[bool, typer.Option(
        "--partner", help="The schema of a partner statement instead of the manifest's.")] = False,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE",
                                        help="Where to write it ('-' is standard output).")] = "-",
    rubrics: RubricDirs = None,
) -> None:
    """Print a JSON Schema: the manifest's (for editors' YAML validation), or check's JSON output's."""
    from . import app as use

    _write(use.Output(output, use.schema(output_format=output_format, partner=partner, for_manifest=for_manifest,
                                         rubric_dirs=rubrics or [])))


@rubrics_app.command("list", short_help="List the rubrics available, bundled and from --rubrics.")
def rubrics_list(rubrics: RubricDirs = None) -> None:
    """List the rubrics available: bundled, and any in --rubrics folders."""
    from . import app as use

    _stdout(use.rubrics_list(rubric_dirs=rubrics or [], width=_width()))


@rubrics_app.command("show", short_help="Print a rubric verbatim: source, scales, criteria, evidence.")
def rubrics_show(
    spec: Annotated[str, typer.Argument(metavar="ID[@VERSION]", help="Rubric to show (newest if no version).",
                                        show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Print a rubric: source, scales, domains, criteria and key evidence, verbatim."""
    from . import app as use

    _stdout(use.rubrics_show(spec, rubric_dirs=rubrics or [], width=_width()))


@rubrics_app.command("diff")
def rubrics_diff(
    old: Annotated[str, typer.Argument(metavar="ID@A", help="The older rubric version.", show_default=False)],
    new: Annotated[str, typer.Argument(metavar="ID@B", help="The newer rubric version.", show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Compare two rubric versions by criterion and evidence item. Exit 1 if they differ."""
    from . import app as use

    text, differ = use.rubrics_diff(old, new, rubric_dirs=rubrics or [])
    _stdout(text)
    raise typer.Exit(1 if differ else 0)


@rubrics_app.command("validate", short_help="Check rubric or crosswalk files as strictly as bundled ones.")
def rubrics_validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Rubric or crosswalk YAML files.",
                                                show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Check rubric or crosswalk files as strictly as the bundled ones are checked."""
    from . import app as use

    found = use.rubrics_validate(files, rubric_dirs=rubrics or [])
    _stdout("".join(line + "\n" for line in found.lines))
    if found.problems:
        raise InputError(found.problems)


@app.command(short_help="Show one criterion or key-evidence item, its source and links.")
def explain(
    ref: Annotated[str, typer.Argument(metavar="REF", help="A criterion (SV1) or key-evidence item (SV1.E2), "
                                       "optionally qualified as rubric-id:REF.", show_default=False)],
    rubrics: RubricDirs = None,
) -> None:
    """Show one criterion or evidence item: text, source, themes and crosswalk links."""
    from . import app as use

    _stdout(use.explain(ref, rubric_dirs=rubrics or [], width=_width()))


@app.command(short_help="Write a starter manifest for the chosen rubrics.")
def init(
    rubric: Annotated[list[str] | None, typer.Option("--rubric", metavar="ID[@VERSION]",
                      help="Rubric to include (repeatable); default: nhse-iho-designation and "
                           "nhsconfed-host-provider, newest versions ('iho-ready rubrics list' shows the others).",
                      show_default=False)] = None,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE",
                                        help="Where to write the manifest ('-' for stdout); a name ending .xlsx writes "
                                             "a workbook to fill in instead.")
                      ] = "manifest.yaml",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    partner: Annotated[PartnerKind | None, typer.Option(
        "--partner", metavar="KIND", show_default=False,
        help="Write a partner statement for a partner of this kind instead of a manifest (icb, trust, "
             "primary-care, local-authority, vcse or other); give -o partners/NAME.yaml.")] = None,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Write a starter manifest with every criterion and evidence slot, commented."""
    from . import app as use

    written = use.init(rubric_specs=rubric or [], output=output, force=force, rubric_dirs=rubrics or [],
                       as_of=as_of, partner=partner.value if partner else None)
    if output != "-" and partner:
        _make_folder(output)
    _write(written)
    if output != "-" and partner:
        _stderr([f"Wrote {output}. Next: the partner fills it in and signs it; then list it in the manifest "
                 f"under partners: and run 'iho-ready check'."])
    elif output.lower().endswith(".xlsx"):
        _stderr([f"Wrote {output}. Next: fill it in (its first sheet says how), then run 'iho-ready check {output}'."])
    elif output != "-":
        schema_file = str(Path(output).with_name("manifest.schema.json"))
        _stderr([f"Wrote {output}. Next: put your trust's details in place of the placeholders, add your "
                 f"evidence, rate each criterion, then run 'iho-ready check {output}'.",
                 f"For completion and checking in your editor: 'iho-ready schema --for {output} -o {schema_file}' "
                 "(see docs/editors.md)."])


@app.command("workbook", short_help="Write the manifest as an Excel workbook to fill in.")
def workbook(
    manifest: Annotated[Path, typer.Argument(metavar="MANIFEST", help="The evidence manifest (YAML or .xlsx).",
                                             show_default=False)],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE.xlsx", show_default=False,
                                        help="Where to write the workbook.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing workbook.")] = False,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Write the manifest as an Excel workbook: instructions, cover sheet, criteria and ratings, evidence,
    actions, partners, and the findings as they stand. Fill it in, then 'iho-ready import' it."""
    from . import app as use

    _write(use.workbook(manifest, output=output, rubric_dirs=rubrics or [], as_of=as_of, force=force))
    _stderr([f"Wrote {output}. Next: fill it in, then 'iho-ready check {output}' or "
             f"'iho-ready import {output} --into {manifest}'."])


@app.command("import", short_help="Write a workbook's changes into the YAML manifest.")
def import_workbook(
    book: Annotated[Path, typer.Argument(metavar="FILE.xlsx", help="The filled-in workbook.", show_default=False)],
    into: Annotated[Path, typer.Option("--into", metavar="MANIFEST", dir_okay=False, show_default=False,
                                       help="The YAML manifest to write the changes into.")],
    force: Annotated[bool, typer.Option("--force", help="Write even though the manifest changed since the "
                                        "workbook was written from it.")] = False,
    rubrics: RubricDirs = None,
) -> None:
    """Write the workbook's changes into the YAML manifest, keeping its comments, key order and layout.

    Refuses (exit 2) when the manifest changed since the workbook was written, unless --force.
    """
    from . import app as use

    run = use.import_workbook(book, into=into, force=force, rubric_dirs=rubrics or [])
    if run.output is not None:
        _write(run.output)
    _stderr(run.messages)


@app.command(short_help="Write the board paper (Markdown, Word, PDF) or the dashboard.")
def report(
    manifest: Annotated[Path, typer.Argument(metavar="MANIFEST", help="The evidence manifest (YAML).",
                                             show_default=False)],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE",
                                        help="File to write; '-' for standard output.")] = "-",
    format: Annotated[ReportFormat | None, typer.Option(  # noqa: A002
        "--format", help="markdown, docx (Word), pdf, or html (the dashboard: one self-contained page). "
        "Default: from the output name's ending (.docx, .pdf, .html), else markdown.", show_default=False)] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="FILE", help="A jinja2 template to use instead of the bundled one; it may "
        "{% extends \"report.md.j2\" %}.", dir_okay=False, show_default=False)] = None,
    audience: Annotated[Audience | None, typer.Option(
        "--audience", help="public leaves out evidence marked sensitivity: private; private is marked "
        "confidential. Default: the manifest's assessment.session, else public.", show_default=False)] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", metavar="MANIFEST", help="An earlier manifest to report progress against.", dir_okay=False,
        show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="REF", help="Report progress against this manifest as committed at a git ref "
        "(with its evidence, partner statements and lock file as committed there).", show_default=False)] = None,
    charts: Annotated[bool, typer.Option(
        "--charts/--no-charts", help="html: draw charts (needs the charts extra); tables are always there.")
                      ] = True,
    points: TrendPoints = None,
    statement: Statement = None,
    reference_doc: Annotated[Path | None, typer.Option(
        "--reference-doc", metavar="FILE", help="docx: the trust's own Word template (.docx), whose styles, "
        "fonts and header logo the paper takes.", dir_okay=False, show_default=False)] = None,
    logo: Annotated[Path | None, typer.Option(
        "--logo", metavar="FILE", help="pdf: an image (PNG, JPEG or SVG) shown at the top of the cover sheet.",
        dir_okay=False, show_default=False)] = None,
    accent: Annotated[str | None, typer.Option(
        "--accent-colour", metavar="#RRGGBB", help="pdf: the colour of headings. Default: NHS Blue, #005EB8.",
        show_default=False)] = None,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Write the board-paper readiness report (Markdown; Word or PDF with the docx or pdf extra), or the dashboard.

    --format html writes the dashboard: one self-contained HTML page, with the trend over time
    from the manifest's git history (see history).
    """
    from . import app as use

    # Everything is rendered before anything is written, so a failure leaves an old report intact.
    written = use.report(manifest, output=output, fmt=format, template=template, audience=audience,
                         previous=previous, since=since, rubric_dirs=rubrics or [], as_of=as_of, charts=charts,
                         points=points, statement=statement, style=use.HouseStyle(reference_doc, logo, accent))
    _write(written)
    _stderr(list(written.notes))


@app.command(short_help="Show the progress between two manifests.")
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier manifest.", show_default=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later manifest.", show_default=False)],
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Show the progress between two manifests: readiness, ratings, gaps and actions."""
    from . import app as use

    _stdout(use.diff(old, new, rubric_dirs=rubrics or [], as_of=as_of, color=_color(), width=_width()))


@app.command(short_help="Show readiness at every commit that changed the manifest.")
def history(
    manifest: Annotated[Path, typer.Argument(help="The evidence manifest (YAML), in a git repository.",
                                             show_default=False)],
    since: Annotated[str | None, typer.Option(
        "--since", metavar="REF", help="Only the commits after this git ref (a commit, tag or branch).",
        show_default=False)] = None,
    format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="terminal or json.")  # noqa: A002
                      ] = HistoryFormat.terminal,
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")] = "-",
    points: Points = None,
    rubrics: RubricDirs = None,
) -> None:
    """Show readiness at every commit that changed the manifest: ratings, open gaps, overdue actions.

    The commits are the branch's first-parent line (merges included): what each board meeting
    saw. Each version is judged as at its own as_of date, with the evidence, partner statements
    and lock file of that commit. Nothing is checked out: the working tree is never touched.
    """
    from . import app as use

    use.guard_manifests([manifest], [output])
    _write(use.Output(output, use.history(manifest, fmt=format, since=since, rubric_dirs=rubrics or [],
                                          color=output == "-" and _color(), width=_width(), points=points)))


@app.command(short_help="Show several trusts side by side (terminal, JSON or HTML).")
def portfolio(
    paths: Annotated[list[Path], typer.Argument(
        metavar="MANIFEST_OR_DIR", show_default=False,
        help="Manifests, or folders: a folder means every manifest.yaml below it.")],
    format: Annotated[PortfolioFormat, typer.Option(  # noqa: A002
        "--format", "-f", help="terminal, json, html or xlsx (a workbook: needs the xlsx extra).")
                      ] = PortfolioFormat.terminal,
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")] = "-",
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL", show_default=False,
        help="Link each trust to its dashboard at URL/FOLDER/ (FOLDER: the manifest's folder below the folder "
             "given).")] = None,
    statement: Statement = None,
    rubrics: RubricDirs = None,
    as_of: AsOf = None,
) -> None:
    """Show several trusts side by side: readiness, each criterion, the ICB's position, overdue actions.

    A manifest that cannot be read is a row that says why; the others are still shown. With
    --as-of, every trust is judged at that one date.
    """
    from . import app as use

    text = use.portfolio(paths, fmt=format, base_url=base_url, rubric_dirs=rubrics or [], as_of=as_of,
                         color=output == "-" and _color(), width=_width(), statement=statement)
    use.guard_manifests(paths, [output] + ([statement] if statement else []))
    if statement is not None:
        _write(use.portfolio_statement(statement, output, as_of=as_of))
    _write(use.Output(output, text))


def main() -> None:
    """Console-script entry point: run the app and turn every failure into an exit code.

    Typer handles usage errors itself (message and exit 2); input problems and the other
    errors iho-ready raises (:class:`~iho_ready.errors.IhoReadyError`) are printed here, and
    anything unexpected becomes a short message rather than a traceback (set
    ``IHO_READY_DEBUG=1`` to see it).
    """
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Nothing a manifest holds may start a workflow command, on either stream.
        from .output import WorkflowCommandGuard

        _GUARD.append(WorkflowCommandGuard(sys.stdout, sys.stderr))
        _GUARD[0].start()
    # One short run that builds large trees without reference cycles (YAML nodes, models,
    # findings): reference counting frees them, and the cyclic collector only re-scans them,
    # which took half the time of checking 10,000 evidence items. It is restored on the way
    # out for callers that run main() in-process (the tests).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run()
    finally:
        if collecting:
            gc.enable()
        while _GUARD:
            _GUARD.pop().close()


def _run() -> None:
    """Run the app and map every failure to an exit code (see :func:`main`)."""
    try:
        app(prog_name="iho-ready")
    except InputError as e:
        _stderr(format_lines(e.diagnostics))
        sys.exit(2)
    except IhoReadyError as e:
        sys.stderr.write(f"iho-ready: error: {visible(str(e))}\n")  # one line, whatever an option held
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:
        if os.environ.get("IHO_READY_DEBUG"):
            raise
        sys.stderr.write(f"iho-ready: internal error: {type(e).__name__}: {visible(str(e))}\n"
                         "This is a bug in iho-ready; please report it with the input that caused it "
                         "(set IHO_READY_DEBUG=1 for the traceback).\n")
        sys.exit(2)


__all__ = ["app", "main"]
