"""Progress since the last assessment: ``compare``, ``report --previous/--since`` and ``diff``."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from iho_ready.app import assess
from iho_ready.progress import progress
from iho_ready.rubrics import Registry
from tests.report.report_helpers import replace_in, run_cli

A5_OPEN = ("    explanation: Governance options not yet appraised.\n    actions:\n      - id: A5\n"
           "        action: Appraise governance options for the IHO\n        owner: Head of Corporate Governance\n"
           "        due: 2026-09-30\n        status: {status}\n")
A20 = ("    actions:\n      - id: A20\n        action: Recruit a consultant in population health management\n"
       "        owner: Medical Director\n        due: 2027-03-31\n        status: on-track\n")


def _make_previous(current: Path) -> Path:
    """Write, beside the example manifest, the assessment as it stood three months earlier."""
    previous = current.with_name("manifest-2026-07.yaml")
    shutil.copy(current, previous)
    replace_in(previous, "as_of: 2026-10-31", "as_of: 2026-07-31")
    replace_in(previous, 'date: 2026-11-06, agenda_item: "PUB/26/11/8", private_agenda_item: "PRIV/26/11/4"',
               'date: 2026-08-07, agenda_item: "PUB/26/08/9"')
    replace_in(previous, "  CG1:\n    rating: confirmed\n",
               "  CG1:\n    rating: not-confirmed\n" + A5_OPEN.format(status="on-track"))
    replace_in(previous, "  TA2:\n    rating: partially-met\n", "  TA2:\n    rating: met\n")
    replace_in(previous, "due: 2027-01-31", "due: 2026-12-31")  # A7: it has slipped a month since
    replace_in(previous, A20, "")
    replace_in(previous, "  PHC3: {rating: met}\n",
               "  PHC3:\n    rating: met\n    actions:\n      - {id: A99, action: Publish the data sharing "
               "agreement, owner: Chief Digital Information Officer, due: 2026-12-31}\n")
    # Now: CG1 is confirmed and its action complete.
    replace_in(current, "  CG1:\n    rating: confirmed\n",
               "  CG1:\n    rating: confirmed\n" + A5_OPEN.format(status="complete"))
    return previous


def _outcome(path: Path):
    return assess(Path(path), Registry([]))


def test_compare_finds_every_kind_of_change(example):
    previous = _make_previous(example)
    changes = progress(_outcome(previous).result, _outcome(example).result)
    assert (changes.as_of_before, changes.as_of_after) == (date(2026, 7, 31), date(2026, 10, 31))
    assert {(m.criterion, m.rating_before, m.rating_after) for m in changes.ratings} == {
        ("CG1", "Not confirmed", "Confirmed"), ("TA2", "Met", "Partially met")}
    assert [(m.criterion, m.status_before, m.status_after) for m in changes.closed] == [
        ("CG1", "action-planned", "met")]
    # SV2's gap analysis passed its review date (30 September 2026) between the two assessments.
    assert [(m.criterion, m.status_before, m.status_after) for m in changes.opened] == [
        ("SV2", "met", "action-planned"), ("TA2", "met", "action-planned")]
    assert [a.id for a in changes.completed] == ["A5"]
    slipped = {a.id: a for a in changes.slipped}
    assert set(slipped) == {"A4", "A7"}
    assert (slipped["A7"].due_before, slipped["A7"].due_after) == (date(2026, 12, 31), date(2027, 1, 31))
    assert slipped["A4"].newly_overdue and slipped["A4"].due_before == slipped["A4"].due_after
    assert [a.id for a in changes.added] == ["A20"]
    assert [a.id for a in changes.dropped] == ["A99"]
    assert not changes.nothing_moved


def test_compare_with_itself_finds_nothing(example):
    outcome = _outcome(example)
    changes = progress(outcome.result, outcome.result)
    assert changes.nothing_moved
    assert [(r.rubric, r.before, r.after) for r in changes.readiness] == [
        ("nhse-iho-designation", "not-ready", "not-ready"),
        ("nhsconfed-host-provider", "plan-agreed", "plan-agreed")]


def test_a_rubric_added_since_is_shown_but_not_as_gaps_opened(example):
    previous = example.with_name("previous.yaml")
    shutil.copy(example, previous)
    text = previous.read_text(encoding="utf-8")
    cut = text.index("  # NHS Confederation host provider competencies")
    body = text[:cut].replace("  - nhsconfed-host-provider          # not pinned: iho-ready warns (rubric-unpinned)\n",
                              "")
    # Evidence that supports only the dropped rubric's criteria must go too.
    for ref in (", TA1]", ", UOC2]", ", UOC1]", ", COL1]", ", PHC1]", ", TA4]"):
        body = body.replace(ref, "]")
    for ref in ("[FOM1]", "[FOM2]", "[GRM1]", "[GRM2]", "[COL2]", "[PHC2]", "[PHC3]", "[TA2, PHC1]"):
        body = body.replace(ref, "[TA2]" if "TA2" in ref else "[]")
    previous.write_text(body, encoding="utf-8")
    changes = progress(_outcome(previous).result, _outcome(example).result)
    added = next(r for r in changes.readiness if r.rubric == "nhsconfed-host-provider")
    assert added.before is None and added.after == "plan-agreed" and added.changed
    assert not [m for m in changes.opened if m.rubric == "nhsconfed-host-provider"]


def test_report_with_previous_has_a_progress_section(example, tmp_path):
    previous = _make_previous(example)
    out = tmp_path / "r.md"
    done = run_cli("report", str(example), "--previous", str(previous), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    order = [text.index(h) for h in ("## 2\\. Recommendation", "## 3\\. Progress since the previous paper",
                                      "## 4\\. Board statements", "## 5\\. Exceptions")]
    assert order == sorted(order)
    section = text.split("## 3\\. Progress since the previous paper\n\n", 1)[1].split("\n## ", 1)[0]
    # It cites the previous paper, says in one sentence whether readiness moved, and lists what got worse first.
    assert section.startswith("This paper follows Trust Board, 7 August 2026, agenda item PUB/26/08/9, which "
                              "reported the position as at 31 July 2026. Readiness has moved since 31 July 2026: "
                              "from not ready to not ready, with a plan agreed for every shortfall against the NHS Confederation IHO host "
                              "provider competencies.\n")
    worse, better = section.split("**What got worse**", 1)[1].split("**What got better**", 1)
    assert "- SV2 was confirmed with current evidence and is now a shortfall with a plan in place. It is rated confirmed, but " \
           "required evidence is incomplete: SV2.E2 (GAP-OOH cannot count: past its review date" in worse
    assert "- TA2 was met with current evidence and is now a shortfall with a plan in place." in worse
    assert "- Action A4 (SV4) slipped and is now overdue." in worse
    assert "- Action A7 (CG2) slipped: due 31 December 2026, now 31 January 2027." in worse
    assert "- Action A99 (PHC3) is no longer in the plan and was not completed." in worse
    assert "- CG1 was a shortfall with a plan in place and is now confirmed with current evidence." in better
    assert "- Action A5 (CG1) is complete: appraise governance options for the IHO." in better
    assert "- Action A20 (PHC1) is new: recruit a consultant in population health management, due 31 March 2027." \
        in better
    assert "CG1" not in worse and "SV2" not in better
    assert "The Board is asked to:" in text and "- note the progress since the assessment of 31 July 2026" in text


def test_readiness_that_did_not_move_is_said_in_one_sentence(example, tmp_path):
    out = tmp_path / "r.md"
    done = run_cli("report", str(example), "--previous", str(example), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert ("Readiness has not moved since 31 October 2026: the trust is still not ready against the NHS England "
            "IHO designation criteria (AFT programme guide, Annex 2) and not ready, with a plan agreed for every shortfall against the NHS "
            "Confederation IHO host provider competencies.") in text
    assert "**What got worse**\n\nNothing.\n" in text


def test_diff_prints_the_changes(example):
    previous = _make_previous(example)
    done = run_cli("diff", str(previous), str(example), env={"NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert all(len(line) <= 100 for line in done.stdout.splitlines())  # wrapped to the width...
    out = done.stdout.replace("\n    ", " ")  # ...with continuation lines indented under the first
    assert "Changes from the assessment as of 31 July 2026 to the assessment as of 31 October 2026" in out
    assert "CG1 (nhse-iho-designation): Not confirmed -> Confirmed" in out
    assert "TA2 (nhse-iho-designation): Met or confirmed -> Shortfall: plan in place" in out
    assert "A7 (CG2): Agree an IHO risk appetite statement with system partners · due 31 December 2026 -> " \
           "31 January 2027" in out
    assert "A99 (PHC3)" in out
    assert "\x1b[" not in out


def test_diff_reads_cleanly_at_80_columns(example):
    done = run_cli("diff", str(_make_previous(example)), str(example), env={"NO_COLOR": "1", "COLUMNS": "80"})
    lines = done.stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines)
    assert "A7 (CG2): Agree an IHO risk appetite statement with system partners" in done.stdout.replace("\n    ", " ")


def test_diff_of_a_manifest_with_itself_says_nothing_changed(example):
    done = run_cli("diff", str(example), str(example))
    assert done.returncode == 0
    assert "Nothing changed." in done.stdout


def test_diff_reports_a_broken_manifest_like_check(example, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("manifest: 1\nmanifest: 2\n", encoding="utf-8")
    done = run_cli("diff", str(broken), str(example))
    assert done.returncode == 2
    assert f"{broken}:2:1: error:" in done.stderr and "[duplicate-key]" in done.stderr


# --------------------------------------------------------------------------- --since GIT_REF


def _git(folder: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "Corporate Governance", "GIT_AUTHOR_EMAIL": "governance@example.org",
           "GIT_COMMITTER_NAME": "Corporate Governance", "GIT_COMMITTER_EMAIL": "governance@example.org",
           "HOME": str(folder), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.fixture
def evidence_repo(example):
    """The example as a git repository: the earlier manifest committed and tagged, the current one on disk."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    previous = _make_previous(example)
    current = example.read_text(encoding="utf-8")
    shutil.move(previous, example)
    folder = example.parent
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "July assessment")
    _git(folder, "tag", "july-board")
    example.write_text(current, encoding="utf-8")
    return example


def test_since_reads_the_manifest_at_a_git_ref(evidence_repo, tmp_path):
    since, previous = tmp_path / "since.md", tmp_path / "previous.md"
    done = run_cli("report", str(evidence_repo), "--since", "july-board", "-o", str(since))
    assert done.returncode == 0, done.stderr
    text = since.read_text(encoding="utf-8")
    assert "- CG1 was a shortfall with a plan in place and is now confirmed with current evidence." in text
    # The same as giving that manifest as a file beside the current one.
    old = evidence_repo.with_name("old.yaml")
    subprocess.run(["git", "show", "july-board:manifest.yaml"], cwd=evidence_repo.parent, check=True,
                   stdout=old.open("wb"))
    assert run_cli("report", str(evidence_repo), "--previous", str(old), "-o", str(previous)).returncode == 0
    assert text == previous.read_text(encoding="utf-8")


def test_since_works_from_another_folder_and_with_a_relative_path(evidence_repo, tmp_path):
    sub = evidence_repo.parent / "evidence"
    done = run_cli("report", "../manifest.yaml", "--since", "HEAD", "-o", str(tmp_path / "r.md"), cwd=sub)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("ref", "message"), [
    ("no-such-tag", "unknown git ref 'no-such-tag'"),
    ("--output=/tmp/x", "is not a git ref"),
])
def test_since_with_a_bad_ref_is_a_clean_error(evidence_repo, tmp_path, ref, message):
    done = run_cli("report", str(evidence_repo), f"--since={ref}", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.md").exists()


def test_since_when_the_manifest_is_not_in_the_commit(evidence_repo, tmp_path):
    other = evidence_repo.with_name("untracked.yaml")
    shutil.copy(evidence_repo, other)
    done = run_cli("report", str(other), "--since", "HEAD", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert "untracked.yaml is not in the repository at 'HEAD'" in done.stderr


def test_since_outside_a_git_repository_is_a_clean_error(example, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = run_cli("report", str(example), "--since", "HEAD", "-o", str(tmp_path / "r.md"),
                   env={"GIT_CEILING_DIRECTORIES": str(example.parent.parent)})
    assert done.returncode == 2
    assert "is not in one" in done.stderr and "Traceback" not in done.stderr


def test_since_reports_errors_in_the_old_manifest_against_the_ref(evidence_repo, tmp_path):
    folder = evidence_repo.parent
    evidence_repo.write_text("manifest: 1\nmanifest: 1\n", encoding="utf-8")
    _git(folder, "commit", "-q", "-am", "broken")
    _git(folder, "checkout", "-q", "july-board", "--", "manifest.yaml")  # the working copy is valid again
    done = run_cli("report", str(evidence_repo), "--since", "HEAD", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 2
    assert f"{evidence_repo}@HEAD:2:1: error:" in done.stderr and "[duplicate-key]" in done.stderr
