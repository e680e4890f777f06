"""The command line as users and CI meet it: exit codes, output, and no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import EXAMPLE, EXAMPLE_REL, ROOT, assert_golden, base_manifest, run_cli, write_manifest


def test_version_and_help():
    from iho_ready import __version__

    run = run_cli("--version")
    assert (run.code, run.out) == (0, f"iho-ready {__version__}\n")
    run = run_cli("check", "--help")
    assert run.code == 0 and "--fail-on" in run.out and "--as-of" in run.out


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "iho_ready", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("iho-ready ")


def test_example_exits_1_and_shows_the_gap_analysis():
    run = run_cli("check", str(EXAMPLE), env={"NO_COLOR": "1"})
    assert run.code == 1
    assert "Northshire Community Health NHS Foundation Trust" in run.out
    assert "Not ready ·" in run.out and "Not ready: plan agreed" in run.out
    assert "\x1b[" not in run.out
    assert run.err.endswith("manifest.yaml: check failed: 37 findings at or above error (fail-on error)\n")


@pytest.mark.parametrize("width", [80, 100, 140])
def test_example_terminal_output_matches_golden(width):
    """The gap analysis as a person reads it at 80, 100 and 140 columns (reviewed output)."""
    run = run_cli("check", "examples/northshire-community/manifest.yaml", cwd=ROOT, env={"NO_COLOR": "1",
                                                                                          "COLUMNS": str(width)})
    assert_golden("check-northshire.txt" if width == 100 else f"check-northshire.{width}.txt", run.out)


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_terminal_lines_fit_and_versions_and_statuses_are_never_cut(width):
    run = run_cli("check", EXAMPLE_REL, cwd=ROOT, env={"NO_COLOR": "1", "COLUMNS": str(width)})
    body = run.out.split("\nFindings:", 1)[0]  # finding lines are one line each, whatever the width
    too_long = [line for line in body.splitlines() if len(line) > width and not line.endswith("manifest.yaml")]
    assert too_long == []
    assert "2025.11 (consultation draft)" in run.out and "2025.11 (published), unpinned" in run.out
    from iho_ready.words import READINESS_LABEL, STATUS_LABEL

    assert READINESS_LABEL["plan-agreed"] in run.out and STATUS_LABEL["action-planned"] in run.out
    assert "Vers…" not in run.out and "..." not in body.replace("{by: ..., date", "")


def test_quiet_prints_only_the_findings_and_a_verdict():
    run = run_cli("check", "--quiet", EXAMPLE_REL, cwd=ROOT, env={"NO_COLOR": "1"})
    lines = run.out.splitlines()
    full = run_cli("check", EXAMPLE_REL, cwd=ROOT, env={"NO_COLOR": "1"})
    finding_lines = full.out.split("\nFindings: ", 1)[1].splitlines()[1:]
    errors = sum(1 for line in finding_lines if ": error: " in line)
    assert run.code == 1 and run.err == ""
    assert lines[:-1] == finding_lines  # the same finding lines, and nothing else but the verdict
    assert lines[-1].startswith(f"{EXAMPLE_REL}: failed: {errors} findings at or above error")
    assert "nhse-iho-designation not ready" in lines[-1]
    passing = run_cli("check", "-q", "--fail-on", "never", EXAMPLE_REL, cwd=ROOT, env={"NO_COLOR": "1"})
    assert passing.code == 0 and passing.out.splitlines()[-1].startswith(f"{EXAMPLE_REL}: passed; {errors} errors")


def test_example_findings_and_readiness():
    from iho_ready.app import assess
    from iho_ready.rubrics import Registry

    result = assess(EXAMPLE, Registry()).result
    assert {r.id: r.readiness for r in result.rubrics} == {
        "nhse-iho-designation": "not-ready", "nhsconfed-host-provider": "plan-agreed"}
    # Designation considerations (DC1, DC2: mandatory, not assessed) are red, not grey (issue 17).
    assert {a.rag for a in result.areas} == {"green", "amber", "red"}
    by_code = {}
    for f in result.findings:
        by_code.setdefault(f.code, []).append(f.criterion or f.document or f.rubric)
    assert by_code["evidence-expired"] == ["GAP-OOH"]
    assert by_code["evidence-file-missing"] == ["SUPPORT"]
    assert by_code["evidence-outside-repo"] == ["QUAL-GAP"]
    assert by_code["action-overdue"] == ["SV4"]
    assert by_code["not-confirmed"] == ["CG2"]
    assert sorted(by_code["not-assessed"]) == ["DC1", "DC2"]
    assert (result.counts.error, result.counts.warning, result.counts.info) == (37, 10, 1)


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on, code):
    assert run_cli("check", str(EXAMPLE), "--fail-on", fail_on).code == code


def test_fail_on_threshold_separates_warnings_from_errors(tmp_path):
    data = base_manifest(rubrics=["nhsconfed-host-provider"], evidence=[
        {"id": "D", "title": "Doc", "path": "d.md", "approved": {"by": "Board", "date": "2026-01-01"},
         "supports": ["FOM1", "FOM2", "GRM1", "GRM2", "UOC1", "UOC2", "COL1", "COL2", "PHC1", "PHC2", "PHC3"]}],
        criteria={c: {"rating": "met"} for c in
                  ["FOM1", "FOM2", "GRM1", "GRM2", "UOC1", "UOC2", "COL1", "COL2", "PHC1", "PHC2", "PHC3"]})
    path = write_manifest(tmp_path, data, files=["d.md"])
    assert run_cli("check", str(path)).code == 0  # only the rubric-unpinned warning
    assert run_cli("check", str(path), "--fail-on", "warning").code == 1


def test_as_of_overrides_the_manifest(tmp_path):
    early = run_cli("check", str(EXAMPLE), "--as-of", "2026-01-01", env={"NO_COLOR": "1"})
    assert "evidence-expired" not in early.out and "as of 1 January 2026" in early.out


@pytest.mark.parametrize("args", [["--as-of", "2026-13-01"], ["--as-of", "tomorrow"], ["--fail-on", "bogus"]])
def test_bad_options_exit_2_without_traceback(args):
    run = run_cli("check", str(EXAMPLE), *args)
    assert run.code == 2 and "Traceback" not in run.err and run.err


def test_missing_file_and_directory_exit_2(tmp_path):
    run = run_cli("check", str(tmp_path / "nope.yaml"))
    assert (run.code, run.err) == (2, f"{tmp_path / 'nope.yaml'}: error: no such file [io]\n")
    assert run_cli("check", str(tmp_path)).code == 2


def test_colour_only_when_asked_and_no_color_wins():
    assert "\x1b[" in run_cli("check", str(EXAMPLE), env={"FORCE_COLOR": "1"}).out
    assert "\x1b[" not in run_cli("check", str(EXAMPLE), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out


def test_check_never_modifies_the_manifest(tmp_path):
    before = EXAMPLE.read_bytes()
    run_cli("check", str(EXAMPLE))
    assert EXAMPLE.read_bytes() == before


def test_findings_are_one_line_each_even_when_narrow():
    run = run_cli("check", str(EXAMPLE), env={"NO_COLOR": "1", "COLUMNS": "60"})
    findings = [line for line in run.out.splitlines() if ".yaml:" in line]
    assert len(findings) == 48 and all(line.endswith("]") for line in findings)


def test_rubrics_list_show_explain():
    listing = run_cli("rubrics", "list")
    assert listing.code == 0 and "nhse-iho-designation@2025.11" in listing.out and "24 key-evidence" in listing.out
    shown = run_cli("rubrics", "show", "nhsconfed-host-provider")
    assert shown.code == 0 and "PHC3" in shown.out and "Maintains financial balance." in shown.out
    explained = run_cli("explain", "SV1.E2")
    assert explained.code == 0 and "Case for change" in explained.out and "board statement 1" in explained.out
    unknown = run_cli("explain", "SV1.E9")
    assert unknown.code == 2 and "SV1.E1" in unknown.err


def test_rubrics_list_writes_months_as_proper_nouns():
    """``November 2025``, capitalised mid-sentence; only "not stated in the source" continues the sentence."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    listing = " ".join(run_cli("rubrics", "list").out.split())
    published = re.findall(r"key-evidence items; .*?, ((?:\w+ )?\w+ \d{4}|not stated in the source); ", listing)
    assert published, listing
    for text in published:
        words = text.split()
        assert text == "not stated in the source" or words[-2] in months, text


def test_rubrics_validate_good_and_bad(tmp_path):
    good = ROOT / "rubrics" / "nhse-iho-designation" / "2025.11.yaml"
    run = run_cli("rubrics", "validate", str(good))
    assert run.code == 0 and "19 criteria, 24 key-evidence items" in run.out
    bad = tmp_path / "bad.yaml"
    text = good.read_text().replace('version: "2025.11"', "version: 1.10").replace("id: SV2\n", "id: SV1\n")
    bad.write_text(text)
    run = run_cli("rubrics", "validate", str(bad))
    assert run.code == 2
    assert 'version: expected text, but 1.10 was read as a number 1.1; put it in quotes' in run.err


def test_rubric_semantics_are_checked(tmp_path):
    good = ROOT / "rubrics" / "nhse-iho-designation" / "2025.11.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("id: SV2\n", "id: SV1\n").replace("tags: [strategic-vision]",
                                                                              "tags: [strategic-visoin]"))
    run = run_cli("rubrics", "validate", str(bad))
    codes = [line.rsplit("[", 1)[1] for line in run.err.splitlines()]
    assert run.code == 2 and "duplicate-id]" in codes and "schema]" in codes
    assert "did you mean 'strategic-vision'" in run.err


def test_rubrics_diff(tmp_path):
    rubric = yaml.safe_load((ROOT / "rubrics" / "nhse-iho-designation" / "2025.11.yaml").read_text())
    rubric["version"] = "2026.03"
    rubric["domains"][0]["areas"][0]["criteria"][0]["statement"] = "Changed."
    rubric["domains"][0]["areas"][0]["criteria"][0]["evidence"].pop()
    folder = tmp_path / "nhse-iho-designation"
    folder.mkdir()
    (folder / "2026.03.yaml").write_text(yaml.safe_dump(rubric, sort_keys=False, allow_unicode=True))
    run = run_cli("rubrics", "diff", "nhse-iho-designation@2025.11", "nhse-iho-designation@2026.03",
                  "--rubrics", str(tmp_path))
    assert run.code == 1
    assert "- SV1.E3" in run.out and "~ SV1: statement changed" in run.out
    same = run_cli("rubrics", "diff", "nhse-iho-designation@2025.11", "nhse-iho-designation@2025.11")
    assert same.code == 0 and "no differences" in same.out


def test_newest_version_is_chosen_for_unpinned(tmp_path):
    from iho_ready.rubrics import Registry, version_key

    assert version_key("2025.9") < version_key("2025.11") < version_key("2026.1")
    rubric = yaml.safe_load((ROOT / "rubrics" / "nhsconfed-host-provider" / "2025.11.yaml").read_text())
    rubric["version"] = "2025.9"
    (tmp_path / "nhsconfed-host-provider").mkdir()
    (tmp_path / "nhsconfed-host-provider" / "2025.9.yaml").write_text(yaml.safe_dump(rubric))
    assert Registry([tmp_path]).get("nhsconfed-host-provider").version == "2025.11"


def test_init_writes_a_manifest_that_checks(tmp_path):
    run = run_cli("init", "-o", str(tmp_path / "manifest.yaml"), "--as-of", "2026-11-01")
    assert run.code == 0
    text = (tmp_path / "manifest.yaml").read_text()
    assert "SV2.E2" in text and "PHC3:" in text
    checked = run_cli("check", str(tmp_path / "manifest.yaml"), env={"NO_COLOR": "1"})
    # valid input: it loads, and every criterion of the two core rubrics (19 + 11) is not assessed
    assert checked.code == 1 and "check failed:" in checked.err
    assert checked.out.count("[not-assessed]") == 30
    again = run_cli("init", "-o", str(tmp_path / "manifest.yaml"))
    assert again.code == 2 and "already exists" in again.err
    assert (tmp_path / "manifest.yaml").read_text() == text


def test_bundled_rubrics_ship_inside_the_installed_package():
    """Guards the packaging trap: after a plain `pip install .`, rubrics come from the wheel."""
    import iho_ready
    from iho_ready.rubrics import bundled_dir

    package = Path(iho_ready.__file__).resolve().parent
    if package.parent == ROOT / "src":
        pytest.skip("running from the source tree (editable install); CI runs the installed wheel")
    assert bundled_dir() == package / "_bundled_rubrics"
    assert (bundled_dir() / "nhse-iho-designation" / "2025.11.yaml").exists()
    assert (bundled_dir() / "crosswalks").is_dir()


def test_no_traceback_for_garbage(tmp_path):
    for i, blob in enumerate([b"\xff\xfe\x00", b"{{{{", b"- - - -\n  x: [", b"a: *nope\n", b"\t\tx: 1\n"]):
        path = tmp_path / f"g{i}.yaml"
        path.write_bytes(blob)
        run = run_cli("check", str(path))
        assert run.code == 2 and "Traceback" not in run.err and run.err.startswith(str(path)), run.err


def test_env_is_restored_by_helper():
    assert "NO_COLOR" not in os.environ or os.environ["NO_COLOR"]


def test_readme_check_excerpt_is_real_output():
    """The README's excerpt of `check` output is lines of the reviewed golden file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ iho-ready check examples/northshire-community/manifest.yaml\n", 1)[1]
    block = block.split("\n```", 1)[0]
    golden = {line.rstrip() for line in (ROOT / "tests" / "golden" / "check-northshire.txt").read_text().splitlines()}
    shown = [line for line in block.splitlines() if line not in ("...", "")]
    assert len(shown) > 15
    assert [line for line in shown if line not in golden] == []


@pytest.mark.parametrize("args", [
    ["init", "-o", "/no/such/dir/m.yaml"],
    ["schema", "-o", "/no/such/dir/schema.json"],
    ["check", EXAMPLE_REL, "-f", "json", "-o", "/no/such/dir/result.json"],
    ["lock", EXAMPLE_REL, "-o", "/no/such/dir/iho-ready.lock"],
    ["report", EXAMPLE_REL, "-o", "/no/such/dir/paper.md"],
], ids=lambda a: a[0])
def test_a_write_failure_is_one_line_and_exit_2(args: list[str]) -> None:
    run = run_cli(*args, cwd=ROOT)
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("iho-ready: error: cannot write /no/such/dir/"), run.err
    assert "internal error" not in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("args", [["rubrics", "list"], ["rubrics", "show", "nhse-iho-designation"],
                                  ["rubrics", "show", "nhsconfed-iho-governance"], ["explain", "SV1"],
                                  ["explain", "sv1.e2"], ["explain", "PHC1"]], ids=" ".join)
def test_rubric_views_read_cleanly_at_80_columns(args):
    run = run_cli(*args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert run.code == 0, run.err
    # a web address is never broken (it would stop working): it stands on a line of its own instead
    long = [line for line in run.out.splitlines() if len(line) > 80]
    assert [line for line in long if not re.fullmatch(r" *https://\S+;?", line)] == []
    assert "2025.11" in run.out


def test_explain_matches_ids_in_any_case_and_suggests_near_ones():
    assert run_cli("explain", "sv1").out == run_cli("explain", "SV1").out
    missing = run_cli("explain", "SV9")
    assert missing.code == 2 and "did you mean SV" in missing.err
