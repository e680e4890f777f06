"""Use cases of the board paper and the dashboard (``report``) and of progress between two assessments (``diff``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .formats import Audience, ReportFormat
from .safe_text import visible
from .words import plural

if TYPE_CHECKING:
    from .history import History
    from .models.outcome import Outcome
    from .models.result import CheckResult
    from .report.view import Report
    from .rubrics import Registry
from .app_core import STDOUT, Output, _link, _statement, assess, guard_manifests, parse_as_of, registry


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
    from .app_trends import history_points  # here, not at the top: app_trends imports app, which imports this

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
    return Output(output, render_report(chosen, paper, RenderOptions(template=template, **style.options(chosen))),
                  notes=_placeholder_notes(outcome.result, output))


def _placeholder_notes(result: CheckResult, output: str) -> tuple[str, ...]:
    """A warning when the paper prints values ``init`` wrote for the trust to replace (``check``
    raises ``placeholder`` for each; the paper is still written, as a draft may be shared)."""
    left = [f for f in result.findings if f.code == "placeholder"]
    if not left:
        return ()
    first = left[0].location
    paper = "the paper" if output == STDOUT else visible(output)
    return (f"iho-ready: warning: {paper} prints {plural(len(left), 'placeholder')} from iho-ready init (the "
            f"first at {visible(first.file)}:{first.line}:{first.column}); put the trust's own words in their "
            f"place, then run 'iho-ready check {visible(result.manifest)}' to confirm none is left",)


def _dashboard(manifest: Path, paper: Report, rubrics: Registry, rubric_dirs: Sequence[Path], charts: bool,
               points: int | None = None, statement: str | None = None) -> str:
    """The dashboard page: the paper's view and the trend from the manifest's git history."""
    from .errors import GitRefError
    from .render import RenderOptions, render_dashboard
    from .report.dashboard import build_dashboard

    try:
        from .app_trends import history_of

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
