"""``iho-ready report``: options, atomic writes, template errors, and the manifest left alone."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest

from tests.report.report_helpers import EXAMPLE, replace_in, run_cli

MANIFEST = str(EXAMPLE / "manifest.yaml")
LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+) \[template\]$")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_writes_a_board_paper(tmp_path):
    out = tmp_path / "report.md"
    done = run_cli("report", MANIFEST, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    # A short paper, exceptions before the detail as boards read them, then lettered appendices.
    assert headings == [
        "## Cover sheet", "## 1\\. Executive summary", "## 2\\. Recommendation",
        "## 3\\. Board statements: memorandum of supporting evidence", "## 4\\. Exceptions",
        "## 5\\. Actions for the board", "## Appendix A: Detail by domain",
        "## Appendix B: What NHS England will weigh beyond the criteria",
        "## Appendix C: System view: partners' statements", "## Appendix D: Full action plan",
        "## Appendix E: Evidence register", "## Appendix F: How one set of criteria covers another",
        "## Appendix G: Criteria and sources", "## Appendix H: Key", "## Appendix I: Glossary"]
    # A cover sheet is not a contents page (issue 20): no Contents row on it.
    assert not any(line.startswith("| Contents | ") for line in text.splitlines())


def test_the_manifest_is_never_modified(example, tmp_path):
    before = _digest(example)
    mtime = example.stat().st_mtime_ns
    assert run_cli("report", str(example), "-o", str(tmp_path / "r.md")).returncode == 0
    assert run_cli("report", str(example), "--since", "HEAD", "-o", str(tmp_path / "r.md")).returncode == 2
    assert _digest(example) == before and example.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(("body", "line", "words"), [
    ("# Title\n\n{% for x in report.cover %}\n{{ x.label }\n{% endfor %}\n", 4, "unexpected '}'"),
    ("# Title\n\n{{ report.no_such_field }}\n", 3, "no_such_field"),
    ("# Title\n{% if true %}\n\n{{ report.note }}\n{% endif %}\n", 4, "missing value"),
])
def test_a_failing_template_leaves_the_existing_report_untouched(tmp_path, body, line, words):
    out = tmp_path / "report.md"
    out.write_text("the report the board already has\n", encoding="utf-8")
    before = _digest(out)
    template = tmp_path / "broken.md.j2"
    template.write_text(body, encoding="utf-8")
    manifest = tmp_path / "northshire" / "manifest.yaml"
    shutil.copytree(EXAMPLE, manifest.parent)
    replace_in(manifest, "  note: A fictional trust used to demonstrate iho-ready.\n", "")
    done = run_cli("report", str(manifest), "--template", str(template), "-o", str(out))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    match = LOCATED.match(done.stderr.strip())
    assert match, done.stderr
    assert match["file"] == str(template)
    assert int(match["line"]) == line
    assert words in match["message"]
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.md.j2", "northshire", "report.md"]


def test_a_missing_template_is_a_clean_error(tmp_path):
    done = run_cli("report", MANIFEST, "--template", str(tmp_path / "nope.md.j2"), "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert "no such template file [template]" in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_a_template_can_extend_the_bundled_one_and_override_a_block(tmp_path):
    template = tmp_path / "ours.md.j2"
    template.write_text('{% extends "report.md.j2" %}\n{% block recommendation %}\n## Recommendation\n\n'
                        "Our own words for {{ report.organisation }}.\n{% endblock %}\n", encoding="utf-8")
    out = tmp_path / "r.md"
    done = run_cli("report", MANIFEST, "--template", str(template), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Our own words for Northshire Community Health NHS Foundation Trust." in text
    assert "## 2\\. Recommendation" not in text
    assert text.count("The Board is asked to") == 1  # the cover sheet's summary only
    assert "## 4\\. Exceptions" in text


def test_a_template_cannot_reach_into_python(tmp_path):
    template = tmp_path / "evil.md.j2"
    template.write_text("{{ report.__class__.__init__.__globals__ }}\n", encoding="utf-8")
    done = run_cli("report", MANIFEST, "--template", str(template), "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert "[template]" in done.stderr and "Traceback" not in done.stderr


def test_the_manifest_can_override_the_recommendation(example, tmp_path):
    replace_in(example, "  purpose: assurance\n",
               "  purpose: assurance\n  recommendation: The Board is asked to defer the decision | to December.\n")
    out = tmp_path / "r.md"
    assert run_cli("report", str(example), "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    section = text.split("## 2\\. Recommendation\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip() == "The Board is asked to defer the decision \\| to December."


def test_as_of_changes_what_is_overdue(tmp_path):
    out = tmp_path / "r.md"
    assert run_cli("report", MANIFEST, "--as-of", "2026-10-01", "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "judged as of 1 October 2026" in text
    assert "**overdue**" not in text


@pytest.mark.parametrize("args", [
    ["--as-of", "31/10/2026"],
    ["--format", "markdown", "-o", "report.docx"],
    ["--previous", "x.yaml", "--since", "HEAD"],
    ["--format", "odt"],  # html is the dashboard (issue #11); odt is no format
    ["--format", "pdf", "-o", "report.docx"],
    ["--format", "docx", "-o", "report.pdf"],
])
def test_bad_options_exit_2_with_a_message(tmp_path, args):
    done = run_cli("report", MANIFEST, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()
    assert not (tmp_path / "report.docx").exists() and not (tmp_path / "report.pdf").exists()


def test_an_unwritable_output_is_a_clean_error(tmp_path):
    done = run_cli("report", MANIFEST, "-o", str(tmp_path / "no-such-folder" / "r.md"))
    assert done.returncode == 2
    assert "cannot write" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_manifest_is_reported_where_it_is(tmp_path):
    bad = tmp_path / "manifest.yaml"
    bad.write_text("manifest: 1\norganisation: {name: X, type: community}\nassessment:\n  title: T\n"
                   "  as_of: 2026-10-31\n  purpose: approve\nrubrics: [nhsconfed-host-provider@2025.11]\n",
                   encoding="utf-8")
    done = run_cli("report", str(bad), "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert f"{bad}:6:12: error:" in done.stderr and "[schema]" in done.stderr
    assert not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("which", ["manifest", "previous"])
def test_report_never_overwrites_a_manifest(example, tmp_path, which):
    previous = tmp_path / "previous.yaml"
    previous.write_bytes(example.read_bytes())
    target = example if which == "manifest" else previous
    before = target.read_bytes()
    done = run_cli("report", str(example), "--previous", str(previous), "-o", str(target))
    assert done.returncode == 2 and "never rewrites a manifest" in done.stderr
    assert target.read_bytes() == before
