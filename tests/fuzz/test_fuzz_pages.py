"""Property-based fuzzing of the published pages: dashboard HTML, portfolio HTML, CI summary.

Each example puts generated text (hostile fragments such as ``<script>``, backticks, table
pipes, links, image beacons, ESC, BEL, bidirectional overrides, spliced with random text)
into every field of the example's assessment a page prints: the organisation, the title,
a document's title and owner, the manifest's path, a finding's file and message, a
portfolio row's path and problems. The page is then rendered in this process, and the
property is the audience rule (:func:`tests.security.audience.publication_problems`): no
raw control character and no live markup, link, image or table cell made from the text.

CI runs a modest, derandomized number of examples; for thousands locally:

    IHO_READY_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/fuzz/test_fuzz_pages.py -q

(``IHO_READY_FUZZ_SEED=N`` runs a different, still reproducible, sequence.)
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import os
from typing import Any

from hypothesis import HealthCheck, given, seed, settings, strategies as st

from iho_ready.diagnostics import Diagnostic
from iho_ready.models.outcome import InvalidInput, Outcome
from tests.helpers import EXAMPLE, ROOT
from tests.security.audience import publication_problems

EXAMPLES = int(os.environ.get("IHO_READY_FUZZ_EXAMPLES", "0") or 0)
SEED = int(os.environ.get("IHO_READY_FUZZ_SEED", "0") or 0)

FRAGMENTS = [
    "`", "``", "|", "\\", "\\|", "<script>alert(1)</script>", "</td></tr>", "<img src=https://evil.example/i>",
    "[a](https://evil.example/a)", "![b](https://evil.example/b.png)", "https://evil.example", "www.evil.example",
    "javascript:alert(1)", "<a href='https://evil.example'>x</a>", "<b onmouseover=alert(1)>", "<!--", "-->",
    "&lt;script&gt;", "&#60;img&#62;", "\x1b[31m", "\x1b]8;;https://evil.example\x1b\\", "\x07", "\x00", "\x7f",
    "\x85", "\u202e", "\u2066", "\u2028", "\r\n", "\n\n| a | b |\n| --- | --- |\n", "*", "_", "#", "- ", "1. ",
    "> ", "~~", "$$", "{{ x }}", "{% raw %}", "[^1]", "<details>", "</details>", "\t", " ", "\"", "'",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6).map("".join)


def _settings(default: int) -> Any:
    count = EXAMPLES or default
    chosen = settings(max_examples=count, deadline=None, derandomize=not SEED, database=None, print_blob=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    return (lambda f: seed(SEED)(chosen(f))) if SEED else chosen


def _replace(obj: Any, **changes: Any) -> Any:
    return obj.model_copy(update=changes) if hasattr(obj, "model_copy") else dataclasses.replace(obj, **changes)


@functools.cache
def _example() -> Outcome:
    """The bundled example, assessed once (as a CI job in this repository would)."""
    from iho_ready.app import assess, registry

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return assess(EXAMPLE.relative_to(ROOT), registry([]))
    finally:
        os.chdir(cwd)


def _hostile(outcome: Outcome, texts: list[str]) -> Outcome:
    """*outcome* with every printed field it has set to one of *texts* (in turn)."""
    t = itertools.cycle(texts)
    loaded, result = outcome.loaded, outcome.result
    manifest = loaded.manifest
    first, *rest = manifest.evidence
    manifest = _replace(manifest, organisation=_replace(manifest.organisation, name=next(t)),
                        assessment=_replace(manifest.assessment, title=next(t)),
                        evidence=[_replace(first, title=next(t), owner=next(t)), *rest])
    finding, *others = result.findings
    finding = _replace(finding, message=next(t), location=_replace(finding.location, file=next(t)))
    result = _replace(result, manifest=next(t), findings=[finding, *others])
    return _replace(outcome, loaded=_replace(loaded, manifest=manifest), result=result)


def _clean(text: str, kind: str) -> None:
    problems = publication_problems(text, kind)
    assert problems == [], problems[:5]


@_settings(40)
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
def test_fuzz_dashboard_html(texts: list[str]) -> None:
    from iho_ready.render import RenderOptions
    from iho_ready.report import build_report
    from iho_ready.report.dashboard import build_dashboard
    from iho_ready.report.html import render

    paper = build_report(_hostile(_example(), texts), audience="public")
    _clean(render(build_dashboard(paper, None, no_history="No history."), RenderOptions(charts=False)), "html")


@_settings(40)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), problems=st.lists(TEXT, min_size=1, max_size=3))
def test_fuzz_portfolio_html(texts: list[str], problems: list[str]) -> None:
    from iho_ready.history import Assessed, build_portfolio, snapshot
    from iho_ready.render import RenderOptions
    from iho_ready.render.portfolio_html import render

    found = snapshot(_hostile(_example(), texts))
    rows = [(texts[0], None, Assessed(found)), (texts[-1], None, Assessed(None, problems))]
    _clean(render(build_portfolio(rows, tool_version="0"), RenderOptions()), "html")


@_settings(40)
@given(texts=st.lists(TEXT, min_size=1, max_size=4), line=st.integers(0, 3))
def test_fuzz_ci_summary(texts: list[str], line: int) -> None:
    from iho_ready.render import RenderOptions
    from iho_ready.render.markdown_summary import render, render_invalid

    _clean(render(_hostile(_example(), texts), RenderOptions()), "markdown")
    invalid = InvalidInput(texts[0], [Diagnostic(t, line, line, t, "schema") for t in texts], "0")
    _clean(render_invalid(invalid, RenderOptions()), "markdown")
