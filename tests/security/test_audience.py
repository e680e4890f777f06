"""Every published page follows one audience rule (:mod:`tests.security.audience`).

One evidence repository holds everything a published page must not show or act on: a
document marked ``sensitivity: private`` (whose path names it), a partner comment marked
private, a manifest whose private document has a bad field, a committed ``manifest.yaml``
that is a symlink out of the folder, and hostile text (markup, links, an image beacon, table
pipes, a backtick, ESC, BEL, bidirectional overrides) in public fields and in a folder name.
Every HTML and Markdown page iho-ready writes from it is checked by the same rule.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import EXAMPLE, run_cli
from tests.security.audience import HOSTILE_TEXT, OUTSIDE, PRIVATE, publication_problems

FOLDER = "trust `[x](https:__evil.example)![b](https:__evil.example)| cell |`"
"""A committed folder name that would close a code span and open a link, an image and table cells."""


def _manifest(text: str, *, hostile: bool, bad_private_field: bool = False) -> str:
    data = yaml.safe_load(text)
    if hostile:
        data["organisation"]["name"] = HOSTILE_TEXT
        data["assessment"]["title"] = HOSTILE_TEXT
    public_done = False
    for doc in data["evidence"]:
        if doc.get("sensitivity") == "private":
            doc["title"] = f"{PRIVATE} {doc['title']}"
            doc["path"] = f"evidence/{PRIVATE}/missing.md"  # missing: a finding names the path
            if bad_private_field:
                doc["review_by"] = f"{PRIVATE}-date"
        elif hostile and not public_done:
            doc["title"], public_done = HOSTILE_TEXT, True
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile evidence repository, its main manifest in a folder with a hostile name."""
    base = tmp_path_factory.mktemp("audience")
    outside = base / "outside"
    outside.mkdir()
    (outside / "manifest.yaml").write_text(EXAMPLE.read_text().replace("Northshire", OUTSIDE))
    root = base / "repo"
    trust = root / FOLDER
    shutil.copytree(EXAMPLE.parent, trust)
    (root / ".git").mkdir()
    council = trust / "partners" / "council.yaml"
    council.write_text(council.read_text().replace("Joint work on inequalities", f"{PRIVATE} joint work"))
    text = EXAMPLE.read_text()
    (trust / "manifest.yaml").write_text(_manifest(text, hostile=True))
    bad = root / "bad"
    shutil.copytree(EXAMPLE.parent, bad)
    (bad / "manifest.yaml").write_text(_manifest(text, hostile=False, bad_private_field=True))
    (root / "linked").mkdir()
    os.symlink(outside / "manifest.yaml", root / "linked" / "manifest.yaml")
    return root


MAIN = f"{FOLDER}/manifest.yaml"
PAGES = {
    "dashboard": (["report", MAIN, "--format", "html", "-o", "page.html"], "page.html"),
    "paper": (["report", MAIN, "-o", "paper.md"], "paper.md"),
    "summary": (["check", MAIN, "--format", "markdown-summary", "-o", "summary.md"], "summary.md"),
    "summary-unreadable": (["check", "bad/manifest.yaml", "--format", "markdown-summary", "-o", "bad.md"], "bad.md"),
    "portfolio": (["portfolio", ".", "--format", "html", "-o", "portfolio.html"], "portfolio.html"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_published_page_follows_the_audience_rule(repo: Path, page: str) -> None:
    args, name = PAGES[page]
    run = run_cli(*args, cwd=repo, env={"NO_COLOR": "1"})
    assert run.code in (0, 1, 2) and "Traceback" not in run.err and "internal error" not in run.err
    text = (repo / name).read_text(encoding="utf-8")
    assert publication_problems(text, "html" if name.endswith(".html") else "markdown") == []
    if page != "summary-unreadable":  # the page shows the hostile text, so the rule was put to the test
        assert "esrever" in text and "alert(1)" in text


def test_the_rule_catches_what_it_is_for() -> None:
    raw = f"{PRIVATE} {OUTSIDE} \x1b[31m <script>x</script> [a](https://evil.example) `a`b` | c |"
    found = publication_problems(f"| a | b |\n| --- | --- |\n| {raw} |\n", "markdown")
    assert any(PRIVATE in p for p in found) and any(OUTSIDE in p for p in found)
    assert any("control" in p for p in found) and any("<script>" in p for p in found)
    assert any("live address" in p for p in found) and any("table row" in p for p in found)
    assert publication_problems("<p>&lt;script&gt; \\x1b</p>", "html") == []
