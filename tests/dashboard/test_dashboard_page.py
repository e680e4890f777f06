"""The dashboard page (``report --format html``): self-contained, deterministic, escaped, accessible
in its markup, in the board paper's words, and complete as tables without the charts extra."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iho_ready.report import charts
from tests.helpers import EXAMPLE, run_cli
from tests.history.git_fixture import build_repo

# Namespace names inside SVG are identifiers, never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def page(manifest: Path, *args: str) -> str:
    run = run_cli("report", manifest.name, "--format", "html", *args, cwd=manifest.parent)
    assert run.code == 0, run.err
    return run.out


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history fixture repository, with a manifest string that must be escaped."""
    return build_repo(tmp_path_factory.mktemp("dash") / "trust")


@pytest.fixture(scope="module")
def example_page() -> str:
    run = run_cli("report", EXAMPLE, "--format", "html")
    assert run.code == 0, run.err
    return run.out


class Outline(HTMLParser):
    """Tags, attributes and text of a page, to check its structure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def test_self_contained_no_script_font_or_external_address(example_page: str) -> None:
    lowered = example_page.lower()
    for banned in ("<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", "@font-face",
                   "src=", "href=\"http", "javascript:"):
        assert banned not in lowered, banned
    # url() only refers to something inside the page (an SVG clip path).
    assert set(re.findall(r"url\((.)", lowered)) <= {"#"}
    addresses = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", example_page))
    assert addresses <= NAMESPACES, addresses - NAMESPACES


def test_same_input_same_bytes(repo: Path) -> None:
    assert page(repo) == page(repo)
    assert page(repo, "--no-charts") == page(repo, "--no-charts")


def test_every_manifest_string_is_escaped(repo: Path) -> None:
    text = repo.read_text().replace("Testshire Health", "Testshire <script>alert(1)</script> Health")
    repo.write_text(text)
    try:
        html = page(repo, "--audience", "private")
    finally:
        repo.write_text(text.replace("Testshire <script>alert(1)</script> Health", "Testshire Health"))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Strategy &lt;2026&gt;" in html and "Strategy <2026>" not in html


def test_headings_in_order_tables_with_captions_and_headers(example_page: str) -> None:
    parsed = outline(example_page)
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parsed.headings, parsed.headings[1:])), parsed.headings
    tables = example_page.count("<table")
    assert tables == example_page.count("<caption>") and tables >= 8
    assert '<th scope="col">' in example_page and '<th scope="row">' in example_page
    html_tag = next(attrs for tag, attrs in parsed.tags if tag == "html")
    assert html_tag["lang"] == "en-GB"
    assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in parsed.tags)


def test_every_chart_is_named_for_assistive_technology(example_page: str) -> None:
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", example_page, flags=re.S)
    assert len(svgs) == (2 if charts.available() else 0)
    for svg in svgs:
        opening = re.match(r"<svg\b[^>]*>", svg)
        assert opening and 'role="img"' in opening.group(0) and "aria-labelledby" in opening.group(0)
        assert re.search(r"<title id=\"[\w-]+\">[^<]+</title><desc id=\"[\w-]+\">[^<]+</desc>", svg)


def test_colour_is_never_alone(example_page: str) -> None:
    # Every swatch sits beside its colour or status in words.
    for match in re.finditer(r'<span class="swatch (\w+)" aria-hidden="true"></span>([^<]*)<', example_page):
        assert match.group(2).strip(), match.group(0)
    assert example_page.count('class="swatch ') > 20


def test_in_the_board_papers_words(example_page: str) -> None:
    # One page has no numbered sections to point at: the paper's pointers are left out.
    assert not re.search(r"\((section \d+|Appendix [A-Z])\)|Appendix [A-Z]:|>\d\. ", example_page)
    for words in ("Not ready", "Not ready: plan agreed", "Shortfall: plan in place", "Met or confirmed",
                  "System view", "Exceptions", "Evidence register", "Why this is an exception:",
                  "Supports, with conditions", "overdue", "Licence of the source text", "Credit: ",
                  # the paper's own headings, without their numbers and letters
                  "Executive summary", "Actions for the board", "Detail by domain", "Criteria and sources",
                  "Board statements: memorandum of supporting evidence", "The board has assured itself that"):
        assert words in example_page, words


@pytest.mark.parametrize("audience", ["public", "private"])
def test_audience_follows_the_paper(audience: str) -> None:
    run = run_cli("report", EXAMPLE, "--format", "html", "--audience", audience, "--no-charts")
    assert run.code == 0, run.err
    private_doc = "Board Assurance Framework, IHO risks"
    private_comment = "Joint work on inequalities in the coastal wards"
    if audience == "public":
        assert private_doc not in run.out and private_comment not in run.out
        assert "marked private" in run.out and "public version" in run.out
    else:
        assert private_doc in run.out and private_comment in run.out


def test_the_trend_comes_from_the_git_history(repo: Path) -> None:
    html = page(repo, "--no-charts")
    trend = html[html.index('id="trend"'):html.index('id="statements"')]
    assert [int(n) for n in re.findall(r'<tr><th scope="row">Update (\d+)</th>', trend)] == [1, 2, 3, 4]
    assert "could not be read at this update: an input error (duplicate-key)." in trend
    # A public page speaks of updates, not of git: no commit, hash, manifest or working tree.
    for word in ("commit", "manifest", "working tree", "<code>"):
        assert word not in trend.lower(), word
    # Commit messages and problem texts can name what a public paper leaves out: only the private page has them.
    assert "Second self-assessment" not in trend and "duplicate key" not in trend
    private = page(repo, "--no-charts", "--audience", "private")
    private_trend = private[private.index('id="trend"'):private.index('id="statements"')]
    assert private_trend.count("<tr><th scope=\"row\"><code>") == 4
    assert "the evidence files, partner statements and lock file of that commit" in private_trend
    assert "Second self-assessment" in private_trend and "duplicate key &#39;manifest&#39;" in private_trend


def test_outside_git_the_page_says_there_is_no_trend(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(EXAMPLE.parent, folder)
    html = page(folder / "manifest.yaml")
    assert "No trend is shown" in html
    assert str(tmp_path) not in html  # nothing about the machine that built it


def test_without_the_charts_extra_every_figure_is_a_table(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "_matplotlib", lambda: None)
    html = page(repo)
    assert "<svg" not in html
    for caption in ("Criteria by status, for each set of criteria",
                    "Readiness, open shortfalls and overdue actions at each assessment"):
        assert f"<caption>{caption}</caption>" in html


def test_template_is_refused_for_html(repo: Path) -> None:
    (repo.parent / "t.j2").write_text("x")
    run = run_cli("report", "manifest.yaml", "--format", "html", "--template", "t.j2", cwd=repo.parent)
    assert run.code == 2 and "--template" in run.err


def test_the_output_name_implies_html(repo: Path) -> None:
    run = run_cli("report", "manifest.yaml", "-o", "site.html", "--no-charts", cwd=repo.parent)
    assert run.code == 0, run.err
    assert (repo.parent / "site.html").read_text().startswith("<!DOCTYPE html>")
    run = run_cli("report", "manifest.yaml", "--format", "markdown", "-o", "x.html", cwd=repo.parent)
    assert run.code == 2 and "use --format html" in run.err


def test_chart_labels_are_text_however_they_are_written() -> None:
    """A title with TeX's dollars, markup or braces is drawn as written, and escaped in the SVG."""
    if not charts.available():
        pytest.skip("the charts extra (matplotlib) is not installed")
    from dataclasses import replace
    from pathlib import Path

    from iho_ready import app
    from iho_ready.report import build_report

    paper = build_report(app.assess(Path(EXAMPLE), app.registry()))
    odd = replace(paper.rubrics[0], title="Costs $5 <b>and</b> $10 & {x} \\alpha")
    svg = charts.status_chart([odd])
    assert svg is not None
    drawn = " ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", svg))  # the axis labels, not the description
    assert "Costs $5 &lt;b&gt;and&lt;/b&gt;" in drawn and "$10 &amp; {x} \\alpha" in drawn
    assert "<b>" not in svg


def test_since_adds_the_progress_as_the_paper_gives_it(repo: Path) -> None:
    html = page(repo, "--since", "HEAD~1", "--no-charts")
    progress = html[html.index('id="progress"'):html.index('id="statements"')]
    assert "What got better" in progress and "SV1" in progress
    assert "<caption>Readiness then and now</caption>" in progress
    assert 'id="progress"' not in page(repo, "--no-charts")


def test_every_id_is_unique_and_each_chart_is_named_once(example_page: str) -> None:
    """Two charts on one page must not repeat matplotlib's ids; each chart's name is its title, its
    description its desc, each read once."""
    if not charts.available():
        pytest.skip("the charts extra (matplotlib) is not installed")
    ids = [attrs["id"] for _, attrs in outline(example_page).tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    references = re.findall(r'(?:url\(#|href="#)([^")]+)', example_page)
    assert set(references) <= set(ids)  # every id a chart refers to is still there
    svgs = [attrs for tag, attrs in outline(example_page).tags if tag == "svg"]
    assert len(svgs) == 2
    for attrs in svgs:
        assert attrs["role"] == "img" and attrs["aria-labelledby"] == f"{attrs['id']}-title"
        assert "aria-describedby" not in attrs


def test_every_page_has_a_strict_content_security_policy(example_page: str, tmp_path: Path) -> None:
    import base64
    import hashlib

    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', example_page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'" and rules["script-src"] == "'none'"
    assert rules["base-uri"] == "'none'" and rules["form-action"] == "'none'"
    styles = re.findall(r"<style\b[^>]*>(.*?)</style>", example_page, flags=re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in styles}
    assert set(rules["style-src"].split()) == hashes  # its own style elements, and nothing else
    assert "unsafe-inline" not in rules["style-src"] and "http" not in policy.group(1)
    # The policy comes before anything it governs.
    assert example_page.index("Content-Security-Policy") < example_page.index("<style")
    statement = tmp_path / "a11y.html"
    portfolio = run_cli("portfolio", EXAMPLE, "-f", "html", "--statement", statement).out
    for page in (portfolio, statement.read_text(encoding="utf-8")):
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'none\';' in page


def test_a_private_dashboard_says_so_in_its_title_and_is_not_indexed() -> None:
    private = run_cli("report", EXAMPLE, "--format", "html", "--no-charts", "--audience", "private").out
    public = run_cli("report", EXAMPLE, "--format", "html", "--no-charts", "--audience", "public").out
    title = re.search(r"<title>(.*?)</title>", private)
    assert title is not None and title.group(1).startswith("Private, not for publication: ")
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in private
    assert "noindex" not in public and "Private" not in re.search(r"<title>(.*?)</title>", public).group(1)  # type: ignore[union-attr]


def test_a_public_dashboard_names_no_commit_manifest_or_file_path(tmp_path: Path) -> None:
    from tests.history.git_fixture import build_repo

    repo = build_repo(tmp_path / "trust")
    html = page(repo, "--no-charts")
    text = re.sub(r"<[^>]+>", " ", html[html.index("<body"):])
    for word in (r"\bcommit(s|ted)?\b", r"\bmanifests?\b", "working tree", r"\.yaml\b", re.escape(str(tmp_path))):
        assert not re.search(word, text, flags=re.I), (word, re.search(f".{{60}}{word}.{{60}}", text, flags=re.I))


def test_the_statement_is_linked_both_ways_and_names_the_trust(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    run = run_cli("report", EXAMPLE, "--format", "html", "--no-charts", "-o", site / "index.html",
                  "--statement", site / "help" / "accessibility.html")
    assert run.code == 2 and "accessibility.html" in run.err  # its folder must exist, like any output's
    (site / "help").mkdir()
    run = run_cli("report", EXAMPLE, "--format", "html", "--no-charts", "-o", site / "index.html",
                  "--statement", site / "help" / "accessibility.html")
    assert run.code == 0, run.err
    dashboard = (site / "index.html").read_text(encoding="utf-8")
    statement = (site / "help" / "accessibility.html").read_text(encoding="utf-8")
    assert '<a class="nhsuk-footer__list-item-link" href="help/accessibility.html">Accessibility statement</a>' in dashboard
    assert '<a href="../index.html">Back to the dashboard</a>' in statement
    assert "Northshire Community Health NHS Foundation Trust" in statement
    assert "WCAG" in statement and "Equality and Human Rights Commission" in statement
    assert "Accessibility statement" not in run_cli("report", EXAMPLE, "--format", "html", "--no-charts").out
    refused = run_cli("report", EXAMPLE, "-o", tmp_path / "paper.md", "--statement", tmp_path / "a.html")
    assert refused.code == 2 and "--statement" in refused.err
