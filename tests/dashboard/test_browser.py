"""The dashboard and the portfolio page in a real browser: the system's headless Chromium, driven by playwright.

Each page loads from a file with no console error and no request for anything outside it;
screenshots at 1280 and 375 px (and 320 px) are saved under ``.artifacts/dashboard/`` for CI to keep
(they are looked at, not compared); at 320 px the page does not scroll sideways; printing hides the
navigation; and axe-core (shipped by axe-playwright-python) finds no serious or critical violation
of WCAG 2.0, 2.1 or 2.2 A and AA rules. Skipped, saying why, only where playwright or a Chromium
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
    assert run_cli("report", EXAMPLE, "--format", "html", "-o", dashboard).code == 0
    assert run_cli("portfolio", EXAMPLE.parent.parent, ROOT / "tests" / "cases" / "invalid" / "bad-date",
                   "--format", "html", "--base-url", "https://example.org/iho/", "-o", portfolio).code == 0
    return {"dashboard": dashboard, "portfolio": portfolio}


def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def visit(browser: Any, path: Path, width: int) -> tuple[Any, Any, list[str]]:
    """Open *path* at *width* px; every console error, page error and outside request is collected."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
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


@pytest.mark.parametrize("name", ["dashboard", "portfolio"])
def test_loads_cleanly_and_screenshots_at_each_width(browser: Any, pages: dict[str, Path], name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375, 320):
        context, page, problems = visit(browser, pages[name], width)
        try:
            assert problems == [], problems
            assert page.title()
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            if width <= 375:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, f"{name} at {width} px scrolls sideways: {scroll} px wide"
        finally:
            context.close()


@pytest.mark.parametrize("name", ["dashboard", "portfolio"])
def test_axe_finds_no_serious_or_critical_violation(browser: Any, pages: dict[str, Path], name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        context, page, _ = visit(browser, pages[name], width)
        try:
            page.evaluate(axe_source())
            results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        finally:
            context.close()
        violations = results["violations"]
        (ARTIFACTS / f"axe-{name}-{width}.json").write_text(json.dumps(
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
