"""The oracle: for generated manifests, everything every output says agrees with the result.

For each generated trust (``tests/oracle/manifests.py``) the check runs in this process and every
output is rendered: the terminal view, JSON, SARIF, JUnit, the CI summary, the board paper (public
and private, with a previous assessment where there is one) and the dashboard. Each claim those
outputs make is read back and compared with the typed fields of the ``CheckResult``; the result is
also checked against itself (a domain's colour against its criteria's). A failure names the claim.

CI runs ``IHO_READY_ORACLE_EXAMPLES`` examples (200 by default), derandomized; for thousands:

    IHO_READY_ORACLE_EXAMPLES=3000 .venv/bin/pytest tests/oracle -q
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, seed as hypothesis_seed, settings

from iho_ready import app
from iho_ready.formats import Format, ReportFormat
from iho_ready.models.outcome import Outcome
from iho_ready.models.result import CheckResult, CriterionResult
from iho_ready.render import RenderOptions, render_check, render_dashboard, render_report
from iho_ready.report import build_report
from iho_ready.report.dashboard import build_dashboard
from iho_ready.report.paper_words import NOT_CONFIRMED_WITH
from iho_ready.rubrics import Registry
from iho_ready.words import RAG_LABEL, READINESS_LABEL, STATUS_LABEL
from tests.oracle.manifests import Scenario, scenarios

EXAMPLES = int(os.environ.get("IHO_READY_ORACLE_EXAMPLES", "200") or 200)
SEED = int(os.environ.get("IHO_READY_ORACLE_SEED", "0") or 0)
REGISTRY = Registry()
COLOUR_ORDER = ("red", "amber", "green")


def _prepare(scenario: Scenario, folder: Path) -> tuple[Outcome, Outcome | None]:
    manifest = scenario.lay_out(folder)
    if scenario.lock:
        run = app.lock(manifest)
        Path(run.output.target).write_text(str(run.output.data), encoding="utf-8")
        for name in scenario.changed:
            (folder / name).write_text("Edited after it was approved.\n", encoding="utf-8")
    outcome = app.assess(manifest, REGISTRY, display="manifest.yaml")
    previous = app.assess(folder / "previous.yaml", REGISTRY) if scenario.previous is not None else None
    return outcome, previous


# --------------------------------------------------------------------------- the result itself


def check_result(result: CheckResult) -> None:
    by_domain: dict[tuple[str, str, str | None], list[CriterionResult]] = {}
    for c in result.criteria:
        by_domain.setdefault((c.rubric, c.domain, None), []).append(c)
        if c.area:
            by_domain.setdefault((c.rubric, c.domain, c.area), []).append(c)
    for area in result.areas:
        colours = {c.rag for c in by_domain.get((area.rubric, area.domain, area.area), [])}
        # Grey means no criterion of the group has a colour: each is optional and not assessed, or not applicable.
        expected = next((colour for colour in COLOUR_ORDER if colour in colours), "grey")
        assert area.rag == expected, f"{area.title} is {area.rag}, its criteria {sorted(colours)}"
        n = area.statuses
        assert n.criteria == n.met + n.not_applicable + n.action_planned + n.gap + n.not_assessed
    for c in result.criteria:
        assert (c.status == "met") == c.supported
        assert c.unactioned == (c.exception and c.rating is not None and not c.open_action)
        for reason in c.reasons:
            if reason.code in ("evidence-problem", "action-overdue", "action-incomplete"):
                assert reason.refs, f"{c.id}: a {reason.code} reason names nothing"
    board = result.board
    assert set(board.not_confirmed) == set(board.not_confirmed_explained) | set(board.not_confirmed_unexplained)
    assert set(board.unsupported) <= set(board.confirmed)
    assert result.ready == all(r.readiness == "ready" for r in result.rubrics)


# --------------------------------------------------------------------------- CI outputs


def check_json(result: CheckResult, text: str) -> None:
    data = json.loads(text)
    assert data == json.loads(result.model_dump_json()), "the JSON output is not the result"


def check_sarif(result: CheckResult, text: str) -> None:
    results = json.loads(text)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f.code for f in result.findings]
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [r["level"] for r in results] == [levels[f.severity] for f in result.findings]


def check_junit(result: CheckResult, text: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))
    for rubric in result.rubrics:
        suite = next(s for s in root.iter("testsuite") if s.get("name") == rubric.id)
        cases = {case.get("name", "").split(":", 1)[0]: case for case in suite.iter("testcase")}
        for c in (c for c in result.criteria if c.rubric == rubric.id):
            failed = cases[c.id].find("failure") is not None
            assert failed == (c.errors > 0), f"JUnit says {c.id} {'fails' if failed else 'passes'}; errors {c.errors}"


def check_terminal(result: CheckResult, text: str) -> None:
    for rubric in result.rubrics:
        n = rubric.statuses
        assert f"{READINESS_LABEL[rubric.readiness]} · {n.met} met" in text or READINESS_LABEL[rubric.readiness] in text
    for c in result.criteria:
        if c.exception:
            assert re.search(rf"^  {re.escape(c.id)} .*{re.escape(STATUS_LABEL[c.status])}", text, re.M), c.id


def check_summary(result: CheckResult, text: str) -> None:
    for r in result.rubrics:
        n = r.statuses
        row = f"| **{READINESS_LABEL[r.readiness]}** | {n.met} | {n.shortfalls} | {n.not_assessed} |"
        assert row in text, f"the CI summary's row for {r.id} should end {row}"


# --------------------------------------------------------------------------- the paper


def _section(paper: str, heading: str) -> str:
    """The text of the section whose heading line contains *heading* (to the next heading of its level)."""
    match = re.search(rf"^(#+) [^\n]*{re.escape(heading)}[^\n]*\n(.*?)(?=^\1 |\Z)", paper, re.M | re.S)
    assert match, f"no section headed {heading!r}"
    return match.group(2)


def check_references(paper: str) -> None:
    headings = set(re.findall(r"^#+ (.*)$", paper, re.M))
    numbers = {re.sub(r"\\", "", h).split(".")[0] for h in headings if re.match(r"\d+\\?\.", h)}
    for number in re.findall(r"\bsections? (\d+)\b", paper):
        assert number in numbers, f"the paper points to section {number}, which it does not have"
    letters = {m.group(1) for h in headings if (m := re.match(r"Appendix ([A-Z])\b", h))}
    for letter in re.findall(r"\bAppendix ([A-Z])\b", paper):
        assert letter in letters, f"the paper points to Appendix {letter}, which it does not have"


def check_paper(result: CheckResult, paper: str, previous: CheckResult | None) -> None:
    check_references(paper)
    summary = _section(paper, "Executive summary")
    for r in result.rubrics:
        n = r.statuses
        assert f"| {READINESS_LABEL[r.readiness]} | {n.met_or_not_applicable} | {n.action_planned} | {n.gap} | " \
               f"{n.not_assessed} |" in summary, f"the summary's counts for {r.title}"
    board = result.board
    for cid in board.not_confirmed:
        phrase = NOT_CONFIRMED_WITH[(cid in board.not_confirmed_explained, cid in board.not_confirmed_planned)]
        assert re.search(rf"\b{cid}\b[^.]* not confirmed, {re.escape(phrase)}", summary), \
            f"the summary should say {cid} is not confirmed, {phrase}"
    for wrong_key, wrong in NOT_CONFIRMED_WITH.items():
        for cid in board.not_confirmed:
            truth = (cid in board.not_confirmed_explained, cid in board.not_confirmed_planned)
            if wrong_key != truth:
                assert not re.search(rf"\b{cid} is not confirmed, {re.escape(wrong)}", paper), (cid, wrong)
    exceptions = _section(paper, "Exceptions")
    # Each row names the criterion by its id and short title: "SV2 (working with other providers)".
    rows = re.findall(r"^\| ([A-Z0-9]+)(?: \([^|]*\))? \| ([^|]*) \| (.*) \| (.*) \|$", exceptions, re.M)
    expected = [ref.split(":", 1)[1] for ref in result.exceptions]
    assert [row[0] for row in rows] == expected, "the exceptions table lists the exceptions, worst first"
    by_id = {c.id: c for c in result.criteria}
    for cid, status, why, plan in rows:
        c = by_id[cid]
        assert status.startswith(STATUS_LABEL[c.status]) and RAG_LABEL[c.rag] in status, cid
        assert ("None recorded" in plan) == (not c.open_action), f"{cid}'s plan column"
        unexplained = any(r.code == "explanation-missing" for r in c.reasons)
        assert ("No explanation has been recorded." in why) == unexplained, f"{cid}'s explanation"
    if previous is not None and "Progress since" in paper:
        _check_progress(result, previous, paper)


def _check_progress(result: CheckResult, previous: CheckResult, paper: str) -> None:
    before = {(c.rubric, c.id): c for c in previous.criteria}
    rank = {(c.rubric, c.id): c.rating_rank for c in result.criteria}
    worse = paper.split("**What got worse**", 1)[1].split("**What got better**", 1)
    for part, sign in ((worse[0], 1), (worse[1].split("\n## ", 1)[0], -1)):
        for cid in re.findall(r"^- ([A-Z0-9]+)'s rating moved", part, re.M):
            key = next(k for k in rank if k[1] == cid)
            old, new = before[key].rating_rank, rank[key]
            old_n = 1 << 30 if old is None else old
            new_n = 1 << 30 if new is None else new
            assert (new_n - old_n) * sign > 0, f"{cid} listed as {'worse' if sign > 0 else 'better'}"


def check_dashboard(result: CheckResult, html: str) -> None:
    shown = set(re.findall(r'<th scope="row">([^<]*)</th><td data-label="Colour"><span class="rag">'
                           r'<span class="swatch [a-z]+" aria-hidden="true"></span>([^<]*)</span>', html))
    titles = {title for title, _ in shown}
    for area in result.areas:
        if area.area is None and _escape(area.title) in titles:
            assert (_escape(area.title), RAG_LABEL[area.rag]) in shown, f"the dashboard's colour for {area.title}"
    for r in result.rubrics:
        assert READINESS_LABEL[r.readiness] in html


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")


# --------------------------------------------------------------------------- the property


def check_every_output(outcome: Outcome, previous: Outcome | None) -> None:
    result = outcome.result
    check_result(result)
    options = RenderOptions(width=100)
    check_json(result, render_check(Format.json, outcome, options))
    check_sarif(result, render_check(Format.sarif, outcome, options))
    check_junit(result, render_check(Format.junit, outcome, options))
    check_terminal(result, render_check(Format.terminal, outcome, options))
    check_summary(result, render_check(Format.markdown_summary, outcome, options))
    for audience in ("public", "private"):
        paper = build_report(outcome, audience=audience, previous=previous)
        text = render_report(ReportFormat.markdown, paper, RenderOptions())
        assert isinstance(text, str)
        check_paper(result, text, previous.result if previous else None)
    html = render_dashboard(build_dashboard(build_report(outcome, page=True), None, no_history="No trend."),
                            RenderOptions(charts=False))
    check_dashboard(result, html)


@hypothesis_seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not SEED, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_every_output_says_what_the_result_says(scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as folder:
        outcome, previous = _prepare(scenario, Path(folder))
        check_every_output(outcome, previous)
