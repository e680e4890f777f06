"""The guards behind the hostile-input corpus, one by one: code spans, lock quoting, template
limits and includes, HTML escapes. (The corpus, ``tests/cases/hostile``, shows each end to end.)"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from iho_ready.words import md_code, one_line
from tests.helpers import run_cli

CASE = Path(__file__).parents[1] / "cases" / "files" / "template-syntax"


def _repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    for name in ("manifest.yaml", "plan.md"):
        shutil.copy(CASE / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("value", ["plain/manifest.yaml", "a`b", "``x``", "`lead", "trail`", "a|b|c", " a ",
                                   "x\x1b[31m\u202ey\nz", "[l](https://evil.example) ![i](https://evil.example)"])
def test_a_code_span_shows_its_value_exactly_in_a_table_cell(value: str) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(f"| a | b |\n| --- | --- |\n| {md_code(value)} | z |\n")
    parsed = html.split("<td><code>", 1)[1].split("</code></td>", 1)[0]
    shown = parsed.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    assert shown == one_line(value) and "<a " not in html and "<img" not in html
    assert html.count("<td>") == 2


def test_the_lock_quotes_every_text_yaml_1_2_reads_as_something_else(tmp_path: Path) -> None:
    from iho_ready import lock
    from iho_ready.models.lock import LOCK_VERSION, LockedFile, LockFile

    (tmp_path / ".git").mkdir()
    paths = ["1e5", "0o17", "0x1F", ".inf", "-.5", "null", "true", "~", "12", "9" * 1200, "plain.md"]
    built = LockFile(lock=LOCK_VERSION, evidence={f"D{i}": LockedFile(path=p, sha256="0" * 64, size=1)
                                                  for i, p in enumerate(paths)})
    (tmp_path / "iho-ready.lock").write_text(lock.dumps(built))
    assert [e.path for e in lock.load(str(tmp_path / "iho-ready.lock")).evidence.values()] == \
        [built.evidence[k].path for k in sorted(built.evidence)]


@pytest.mark.parametrize(("template", "message"), [
    ('{{ "x" * 100000000 }}', "repeats a text or list to more than 64 Mi characters"),
    ("{{ 10 ** 5000 }}", "computes a number of more than 1,000 digits"),
    ('{% set ns = namespace(x="ab") %}{% for i in range(30) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}',
     "built a text of more than 64 Mi characters"),
    ('{% set ns = namespace(x=["ab"]) %}{% for i in range(30) %}{% set ns.x = ns.x + ns.x %}{% endfor %}',
     "built a text of more than 64 Mi characters"),
])
def test_a_template_cannot_build_something_huge(tmp_path: Path, template: str, message: str) -> None:
    repo = _repo(tmp_path)
    (repo / "t.md.j2").write_text("# Paper\n\n" + template + "\n")
    run = run_cli("report", "manifest.yaml", "--template", "t.md.j2", "-o", "paper.md", cwd=repo)
    assert run.code == 2 and run.err.startswith("t.md.j2:3:1: error: the template ") and message in run.err
    assert run.err.endswith("[limit]\n") and not (repo / "paper.md").exists()


def test_small_arithmetic_and_includes_inside_the_folder_still_work(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "templates" / "parts").mkdir(parents=True)
    (repo / "templates" / "parts" / "appendix.md.j2").write_text("Appendix {{ 2 ** 10 }} {{ 'ab' * 2 }}\n")
    os.symlink("parts/appendix.md.j2", repo / "templates" / "linked.md.j2")  # a symlink that stays inside
    (repo / "templates" / "t.md.j2").write_text('# Paper\n\n{% include "linked.md.j2" %}\n')
    before = sys.gettrace()
    run = run_cli("report", "manifest.yaml", "--template", "templates/t.md.j2", "-o", "paper.md", cwd=repo)
    assert run.code == 0, run.err
    assert (repo / "paper.md").read_text() == "# Paper\n\nAppendix 1024 abab\n"
    assert sys.gettrace() is before  # the step budget puts back whatever tracer was there


def test_the_dashboard_shows_control_characters_as_the_terminal_does(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    manifest = repo / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("title: Readiness", 'title: "Ready\\e[31m\\a\\u202Eness"'))
    run = run_cli("report", "manifest.yaml", "--format", "html", "-o", "page.html", cwd=repo)
    assert run.code == 0, run.err
    page = (repo / "page.html").read_text()
    assert "Ready\\x1b[31m\\x07\\u202eness" in page
    assert not any(c in page for c in "\x1b\x07\u202e")


def test_the_template_itself_may_lead_anywhere_in_its_repository_but_not_out(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    (tmp_path / "secret.md").write_text("OUTSIDE-SECRET\n")
    (repo / "shared").mkdir()
    (repo / "shared" / "paper.md.j2").write_text("# Shared paper\n")
    (repo / "templates").mkdir()
    os.symlink("../shared/paper.md.j2", repo / "templates" / "paper.md.j2")
    os.symlink("../../secret.md", repo / "templates" / "out.md.j2")
    ok = run_cli("report", "manifest.yaml", "--template", "templates/paper.md.j2", "-o", "-", cwd=repo)
    assert ok.code == 0 and ok.out == "# Shared paper\n", ok.err
    out = run_cli("report", "manifest.yaml", "--template", "templates/out.md.j2", "-o", "-", cwd=repo)
    assert out.code == 2 and "OUTSIDE-SECRET" not in out.out + out.err
    assert out.err.startswith("templates/out.md.j2: error: the template is a symbolic link to a file outside the "
                              "repository;")
