"""A short Markdown summary for ``$GITHUB_STEP_SUMMARY`` or a merge request comment.

Readiness per rubric (in words, with the key), the finding counts, whether the check
passed and why not, the criteria with gaps, and every finding folded away in a
``<details>`` block. Text from the manifest is escaped, so a title cannot break a table, and file locations are
code spans no backtick in a folder name can close (:func:`~iho_ready.words.md_code`).
The board paper is ``iho-ready report``; this is the glance a reviewer takes in CI.

The summary is published (a job summary, a merge request comment), so it follows the
public paper's rule: a finding about evidence marked ``sensitivity: private`` is listed
with its location and code, but not its message, which names the document; a manifest that
could not be read gets the location and code of each problem, not its message, which can
quote a private value (the public dashboard and the portfolio page do the same).
"""

from __future__ import annotations

from ..limits import MAX_DIAGNOSTICS
from ..models.outcome import InvalidInput, Outcome
from ..words import READINESS_LABEL, STATUS_LABEL, long_date, md_code, md_escape, plural
from . import RenderOptions

PRIVATE_FINDING = "about evidence marked private: run iho-ready check locally to see it"
"""What the summary says instead of a finding's message when the finding concerns private evidence."""

READINESS_KEY = ("Ready: no error findings. Not ready: plan agreed: every criterion with an error has an open "
                 "action with an owner and a due date, and none is overdue. Not ready: otherwise.")


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the summary as GitHub-flavoured Markdown."""
    result, manifest = outcome.result, outcome.loaded.manifest
    md = md_escape
    org = manifest.organisation
    name = org.name + (f" ({org.ods_code})" if org.ods_code else "")
    shown = md_code(result.manifest, cell=False)
    out = [f"## iho-ready: {md(name)}", "",
           f"{md(manifest.assessment.title)}, as of {long_date(result.as_of)} ({shown}).", ""]

    out += ["| Rubric | Version | Readiness | Met | Shortfalls | Not assessed |",
            "| --- | --- | --- | ---: | ---: | ---: |"]
    for r in result.rubrics:
        version = md(r.version) + ("" if r.pinned else " (unpinned)")
        n = r.statuses
        out.append(f"| {md(r.id)} | {version} | **{READINESS_LABEL[r.readiness]}** | {n.met} | {n.shortfalls} "
                   f"| {n.not_assessed} |")
    out += ["", f"_{READINESS_KEY}_", ""]

    c = result.counts
    out.append(f"**Findings:** {plural(c.error, 'error')}, {plural(c.warning, 'warning')}, "
               f"{c.info} information.")
    if result.lock:
        out.append(f"Evidence files were compared with the lock file {md_code(result.lock, cell=False)}.")
    if options.verdict is not None:
        out.append("")
        if options.verdict.failed:
            out.append("**Check failed:** " + "; ".join(md(r) for r in options.verdict.reasons) + ".")
        else:
            out.append("**Check passed.**")
    out.append("")

    gaps = [cr for cr in result.criteria if cr.exception]
    if gaps:
        out += ["### Criteria with gaps", "", "| Criterion | Rubric | Rating | Status | Errors |",
                "| --- | --- | --- | --- | ---: |"]
        for cr in gaps:
            out.append(f"| {md(cr.id)} | {md(cr.rubric)} | {md(cr.rating_label or 'No rating')} "
                       f"| {STATUS_LABEL[cr.status]} | {cr.errors} |")
        out.append("")

    private = {d.id for d in result.documents if d.private}
    if result.findings:
        out += ["<details>", f"<summary>All {plural(len(result.findings), 'finding')}</summary>", "",
                "| Location | Severity | Code | Message |", "| --- | --- | --- | --- |"]
        for f in result.findings:
            where = md_code(f.location.shown())
            message = PRIVATE_FINDING if f.document in private else md(f.message)
            out.append(f"| {where} | {f.severity} | `{f.code}` | {message} |")
        out += ["", "</details>", ""]
    return "\n".join(out)


PROBLEMS_WITHHELD = ("The problems' messages are not in this published summary, since a message can quote a "
                     "value from private evidence; they are in the job's log and annotations.")
"""Why a summary of a manifest that could not be read lists where and what kind, but not the messages."""


def render_invalid(invalid: InvalidInput, options: RenderOptions, /) -> str:
    """A summary saying the manifest could not be read, and where, problem by problem (not the messages)."""
    md = md_escape
    count = len(invalid.diagnostics)
    out = [f"## iho-ready: {md(invalid.manifest)} could not be read", "",
           f"**Check failed:** the manifest could not be read, so nothing was evaluated (exit code 2). "
           f"{plural(count, 'problem')} to fix:", "",
           "| Location | Code |", "| --- | --- |"]
    for d in invalid.diagnostics[:MAX_DIAGNOSTICS]:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        out.append(f"| {md_code(where)} | `{d.code}` |")
    if count > MAX_DIAGNOSTICS:
        out += ["", f"_And {count - MAX_DIAGNOSTICS} more; fix these first._"]
    out += ["", PROBLEMS_WITHHELD + " Run `iho-ready check` on the manifest locally to see the same list.", ""]
    return "\n".join(out)
