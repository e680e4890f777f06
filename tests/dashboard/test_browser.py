"""The dashboard, the portfolio and the accessibility statement in a real browser: the system's headless
Chromium, driven by playwright.

Each page loads from a file with no console error (a Content-Security-Policy violation is one)
and no request for anything outside it; screenshots at 320, 375, 640 and 1280 px, and in forced
colours, are saved under ``.artifacts/dashboard/`` for CI to keep (they are looked at, not
compared); at 640 px and narrower the page does not scroll sideways; a keyboard walk through
every focusable element finds each one on screen with a visible focus indicator, at each width
and in forced colours; printing hides the navigation; and axe-core (shipped by
axe-playwright-python) finds no serious or critical violation of WCAG 2.0, 2.1 or 2.2 A and AA
rules at any width or in forced colours. Skipped, saying why, only where playwright or a Chromium
is not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLE, ROOT, run_cli

ARTIFACTS = ROOT / ".artifacts" / "dashboard"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = (320, 375, 640, 1280)
"""The widths the accessibility statement names (``render/accessibility_html.TESTED_WIDTHS``)."""
PAGES = ["dashboard", "portfolio", "statement"]


def chromium() -> str | None:
    """The system's Chromium (Debian's ``chromium`` package), or ``IHO_READY_CHROMIUM``."""
    found = os.environ.get("IHO_READY_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    required = bool(os.environ.get("IHO_READY_REQUIRE_BROWSER"))  # set by .ci/run where Chromium is installed
    try:
        from playwright import sync_api
    except ImportError:
        if required:
            raise
        pytest.skip("playwright is not installed (it comes with the test extra)")
    path = chromium()
    if path is None:
        if required:
            pytest.fail("IHO_READY_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no Chromium installed: apt-get install chromium (as .ci/run does), or set IHO_READY_CHROMIUM")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("site")
    dashboard, portfolio = folder / "index.html", folder / "portfolio.html"
    statement = folder / "accessibility.html"
    assert run_cli("report", EXAMPLE, "--format", "html", "-o", dashboard, "--statement", statement).code == 0
    assert run_cli("portfolio", EXAMPLE.parent.parent, ROOT / "tests" / "cases" / "invalid" / "bad-date",
                   "--format", "html", "--base-url", "https://example.org/iho/", "-o", portfolio).code == 0
    return {"dashboard": dashboard, "portfolio": portfolio, "statement": statement}


def test_the_statement_names_the_widths_this_test_checks() -> None:
    from iho_ready.render.accessibility_html import TESTED_WIDTHS

    assert TESTED_WIDTHS == WIDTHS


def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def visit(browser: Any, path: Path, width: int, *, forced: bool = False,
          bypass_csp: bool = False) -> tuple[Any, Any, list[str]]:
    """Open *path* at *width* px (in forced colours); every console error, page error and outside request
    is collected. *bypass_csp* only to inject axe-core, which the pages' policy rightly refuses."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True,
                                  forced_colors="active" if forced else "none", bypass_csp=bypass_csp)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(r: Any) -> None:
        if not r.request.url.startswith("file://"):
            problems.append(f"request outside the page: {r.request.url}")
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    return context, page, problems


@pytest.mark.parametrize("name", PAGES)
def test_loads_cleanly_and_screenshots_at_each_width(browser: Any, pages: dict[str, Path], name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, forced in [(w, False) for w in WIDTHS] + [(375, True), (1280, True)]:
        context, page, problems = visit(browser, pages[name], width, forced=forced)
        try:
            assert problems == [], problems
            assert page.title()
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}{'-forced' if forced else ''}.png"), full_page=True)
            if width <= 640:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{name} at {width} px scrolls sideways: {scroll} px wide"
            assert page.evaluate(SMALLEST_CHART_TEXT) >= 12, f"{name} at {width} px: chart text under 12 px"
            assert page.evaluate(OVERLAPPING_CHART_TEXT) == [], f"{name} at {width} px: chart labels overlap"
        finally:
            context.close()


SMALLEST_CHART_TEXT = """() => Math.min(99, ...[...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
}))"""
OVERLAPPING_CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
  const found = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
    const w = Math.min(r.right, s.right) - Math.max(r.left, s.left), h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (w > 1 && h > 1) found.push(a + ' / ' + b);
  }));
  return found;
})"""


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {what: e.tagName + ' ' + (e.getAttribute('href') || e.className || ''),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          viewWidth: innerWidth, viewHeight: innerHeight,
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? s.outlineColor : null,
          shadow: s.boxShadow !== 'none' ? s.boxShadow : null, background: s.backgroundColor};
}"""


def walk(page: Any, limit: int = 400) -> list[dict[str, Any]]:
    """Press Tab until focus leaves the page or comes back round; where the focus was at each step."""
    steps: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED)
        if found is None or (steps and found["what"] == steps[0]["what"] and found["top"] == steps[0]["top"]):
            break
        steps.append(found)
    return steps


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("width", "forced"), [(w, False) for w in WIDTHS] + [(1280, True), (320, True)])
def test_a_keyboard_walk_always_shows_where_the_focus_is(browser: Any, pages: dict[str, Path], name: str,
                                                         width: int, forced: bool) -> None:
    """Every focusable element, reached with Tab, is on screen (not moved off it, not hidden behind the
    side) and has a visible focus indicator: an outline (which forced colours keep) or, outside forced
    colours, NHS.UK's yellow background and underline."""
    context, page, _ = visit(browser, pages[name], width, forced=forced)
    try:
        steps = walk(page)
        links = page.evaluate("document.querySelectorAll('a[href]:not([tabindex=\"-1\"])').length")
        assert steps, "nothing took the keyboard focus"
        assert steps[0]["what"] == "A #main", "the first Tab must reach the skip link"
        hidden = [s["what"] for s in steps if s["width"] == 0 or s["height"] == 0
                  or s["right"] <= 0 or s["left"] >= s["viewWidth"] or s["bottom"] <= 0 or s["top"] >= s["viewHeight"]]
        assert hidden == [], f"{name} at {width} px: focus went off screen on {hidden[:5]}"
        sideways = [s["what"] for s in steps if s["width"] < s["viewWidth"] and (s["left"] < -1
                                                                                 or s["right"] > s["viewWidth"] + 1)]
        assert sideways == [], f"{name} at {width} px: focused element cut at the side: {sideways[:5]}"
        unseen = [s["what"] for s in steps if not (s["outline"] and s["outline"] not in ("rgba(0, 0, 0, 0)",
                                                                                      "transparent"))
                  and (forced or not (s["shadow"] or s["background"] not in ("rgba(0, 0, 0, 0)",)))]
        assert unseen == [], f"{name} at {width} px{' (forced colours)' if forced else ''}: no focus shown on {unseen[:5]}"
        assert len(steps) >= min(links, 3)
    finally:
        context.close()


@pytest.mark.parametrize("name", ["dashboard", "portfolio"])
def test_the_skip_link_lands_before_the_heading_and_the_notice(browser: Any, pages: dict[str, Path],
                                                              name: str) -> None:
    context, page, _ = visit(browser, pages[name], 1280)
    try:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        assert page.evaluate("document.querySelector('#main h1') !== null")
        if name == "dashboard":  # the public/private notice is inside what the skip link reaches
            assert page.evaluate("document.querySelector('#main .nhsuk-inset-text') !== null")
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser: Any, pages: dict[str, Path], name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width, forced in [(w, False) for w in WIDTHS] + [(1280, True)]:
        context, page, _ = visit(browser, pages[name], width, forced=forced, bypass_csp=True)
        try:
            page.evaluate(axe_source())
            results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        finally:
            context.close()
        violations = results["violations"]
        (ARTIFACTS / f"axe-{name}-{width}{'-forced' if forced else ''}.json").write_text(json.dumps(
            {"axe": results["testEngine"]["version"], "passes": len(results["passes"]),
             "violations": [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"]}
                            for v in violations]}, indent=2) + "\n")
        serious = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], serious
        assert results["passes"], "axe ran no rule: the page did not load"


def test_printing_hides_the_navigation_and_keeps_the_tables(browser: Any, pages: dict[str, Path]) -> None:
    context, page, problems = visit(browser, pages["dashboard"], 1280)
    try:
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('nav.contents')).display") == "none"
        assert page.evaluate("getComputedStyle(document.querySelector('.table-wrap')).overflowX") == "visible"
        page.pdf(path=str(ARTIFACTS / "dashboard.pdf"))
        assert problems == []
    finally:
        context.close()


def test_sorting_the_portfolio_needs_no_script(browser: Any, pages: dict[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(pages["portfolio"].as_uri())
        shown = page.locator("section.view:visible")
        assert shown.count() == 1 and shown.get_attribute("id") == "by-organisation"
        page.locator("#by-organisation thead a[href='#by-overdue']").click()
        shown = page.locator("section.view:visible")
        assert shown.count() == 1 and shown.get_attribute("id") == "by-overdue"
    finally:
        context.close()


def test_forty_trusts_matrix_fits_on_one_screen(browser: Any, tmp_path: Path) -> None:
    """The regional team's test: forty trusts' every board statement, on one 1280 by 1024 screen."""
    from tests.helpers import write_manifest
    from tests.history.git_fixture import manifest_data

    for n in range(40):
        data = manifest_data("2026-10-31", {"rating": "confirmed"})
        data["organisation"]["name"] = f"Trust number {n + 1} Community Health NHS Foundation Trust"
        write_manifest(tmp_path / "region" / f"t{n:02}", data, ["evidence/plan.md"])
    page_file = tmp_path / "portfolio.html"
    assert run_cli("portfolio", tmp_path / "region", "-f", "html", "-o", page_file).code == 0
    context = browser.new_context(viewport={"width": 1280, "height": 1024})
    try:
        page = context.new_page()
        page.goto(page_file.as_uri())
        box = page.locator("table.matrix").first.bounding_box()
        assert page.locator("table.matrix").first.locator("tbody tr").count() == 40
        assert box["height"] <= 1024 and box["width"] <= 1280, box
    finally:
        context.close()
