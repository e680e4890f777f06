"""A manifest that moves to a reworded rubric flags exactly the confirmations of reworded criteria.

Fixture rubrics ``revised@1`` and ``revised@2``: R1 is unchanged, R2 is reworded, R3 is
removed, R4 is added and R5 is reworded but rated not confirmed. Only R2's confirmation
was given to words the board no longer sees, so only R2 is flagged, at its line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from tests.helpers import run_cli

_RUBRIC = """\
rubric: 1
id: revised
version: "{version}"
title: A rubric that is revised (fixture)
status: draft
publisher: iho-ready tests
source: {{title: Fixture, licence: The source states no licence., section: All}}
default_scale: statement
scales:
  statement:
    - {{id: confirmed, label: Confirmed, meets: true, rag: green}}
    - {{id: not-confirmed, label: Not confirmed, meets: false, rag: red, finding: not-confirmed,
       needs: explanation}}
domains:
  - id: D
    title: Board statements
    lead_in: "{lead_in}"
    criteria:
{criteria}
"""

V1 = {
    "R1": "The trust has a plan.",
    "R2": "The trust has a risk framework.",
    "R3": "The trust has a quality strategy.",
    "R5": "The trust has a digital strategy.",
}
V2 = {
    "R1": "The trust has a plan.",
    "R2": "The trust has a risk framework agreed with partners.",
    "R4": "The trust has a commissioning plan.",
    "R5": "The trust has a digital and data strategy.",
}


def _rubric(version: str, statements: dict[str, str], lead_in: str = "The board has assured itself that…") -> str:
    criteria = "\n".join(f"      - {{id: {cid}, ref: '{cid}', statement: '{text}'}}" for cid, text in statements.items())
    return _RUBRIC.format(version=version, lead_in=lead_in, criteria=criteria)


def _setup(tmp_path: Path, criteria: dict, confirmed_against: dict | None = None, v2_lead_in: str | None = None,
           rubric: str = "revised@2") -> Path:
    folder = tmp_path / "rubrics" / "revised"
    folder.mkdir(parents=True)
    (folder / "1.yaml").write_text(_rubric("1", V1), encoding="utf-8")
    (folder / "2.yaml").write_text(_rubric("2", V2, *([v2_lead_in] if v2_lead_in else [])), encoding="utf-8")
    (tmp_path / "plan.md").write_text("The plan.\n", encoding="utf-8")
    manifest = {
        "manifest": 1,
        "organisation": {"name": "Fixture Trust", "type": "community"},
        "assessment": {"title": "Readiness", "as_of": "2026-10-31"},
        "rubrics": [rubric],
        "evidence": [{"id": "PLAN", "title": "The plan", "path": "plan.md",
                      "approved": {"by": "Trust Board", "date": "2026-09-04"}, "review_by": "2027-06-30",
                      "supports": [c for c in criteria if c != "R3"]}],
        "criteria": criteria,
    }
    if confirmed_against is not None:
        manifest["confirmed_against"] = confirmed_against
    path = tmp_path / "manifest.yaml"
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return path


_ACTION = {"id": "A1", "action": "Agree the strategy", "owner": "CDIO", "due": "2027-01-31"}
_RATED = {
    "R1": {"rating": "confirmed"},
    "R2": {"rating": "confirmed"},
    "R4": {"rating": "confirmed"},
    "R5": {"rating": "not-confirmed", "explanation": "Not yet agreed.", "actions": [_ACTION]},
}


def _check(path: Path, tmp_path: Path) -> tuple[int, list[str]]:
    run = run_cli("check", path, "--rubrics", tmp_path / "rubrics", "--format", "github", env={"NO_COLOR": "1"})
    return run.code, [line for line in (run.out + run.err).splitlines() if "wording-changed" in line]


def _line_of(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip().startswith(f"{key}:"))


def test_moving_to_a_reworded_rubric_flags_exactly_the_reworded_confirmation(tmp_path):
    path = _setup(tmp_path, _RATED, {"revised": "1"})
    code, flagged = _check(path, tmp_path)
    assert code == 1
    assert len(flagged) == 1, flagged
    assert "R2" in flagged[0] and f"line={_line_of(path, 'R2')}" in flagged[0]
    assert "statement changed between revised@1 and @2" in flagged[0]


def test_the_same_move_without_confirmed_against_or_at_the_same_version_flags_nothing(tmp_path):
    assert _check(_setup(tmp_path / "a", _RATED), tmp_path / "a")[1] == []
    assert _check(_setup(tmp_path / "b", _RATED, {"revised": "2"}), tmp_path / "b")[1] == []


def test_a_recorded_reconfirmation_of_the_new_version_clears_it(tmp_path):
    reconfirmed = {**_RATED, "R2": {"rating": "confirmed", "reconfirmed": {
        "version": "2", "date": "2026-10-20", "meeting": "Trust Board (public session)", "agenda_item": "PUB/26/10/4"}}}
    assert _check(_setup(tmp_path, reconfirmed, {"revised": "1"}), tmp_path)[1] == []


def test_a_reconfirmation_of_another_version_or_after_as_of_does_not_count(tmp_path):
    for name, done, says in [("old", {"version": "1", "date": "2026-10-20"}, "recorded is for version 1"),
                             ("future", {"version": "2", "date": "2026-11-20"}, "after the as-of date")]:
        criteria = {**_RATED, "R2": {"rating": "confirmed", "reconfirmed": {**done, "meeting": "Trust Board"}}}
        flagged = _check(_setup(tmp_path / name, criteria, {"revised": "1"}), tmp_path / name)[1]
        assert len(flagged) == 1 and says in flagged[0], name


def test_a_changed_lead_in_changes_the_wording_of_every_statement_under_it(tmp_path):
    path = _setup(tmp_path, _RATED, {"revised": "1"}, v2_lead_in="The board is satisfied that…")
    flagged = _check(path, tmp_path)[1]
    # R1 (same statement, new lead-in) and R2; not R4 (new in version 2) nor R5 (not confirmed)
    assert len(flagged) == 2
    assert "R1's lead-in changed" in flagged[0] and "R2's lead-in and statement changed" in flagged[1]


def test_confirmed_against_must_name_a_selected_rubric_and_a_real_version(tmp_path):
    path = _setup(tmp_path / "a", _RATED, {"revised": "0.9"})
    run = run_cli("check", path, "--rubrics", tmp_path / "a" / "rubrics")
    assert run.code == 2 and "[unknown-rubric]" in run.err and "has no version '0.9'" in run.err
    assert f"manifest.yaml:{_line_of(path, 'revised')}:" in run.err
    path = _setup(tmp_path / "b", _RATED, {"nhse-iho-designation": "2025.11"})
    run = run_cli("check", path, "--rubrics", tmp_path / "b" / "rubrics")
    assert run.code == 2 and "which the manifest does not select" in run.err
    path = _setup(tmp_path / "c", _RATED, {"revised": 1.0})
    run = run_cli("check", path, "--rubrics", tmp_path / "c" / "rubrics")
    assert run.code == 2 and "Traceback" not in run.err and "[schema]" in run.err


def test_rubrics_diff_lists_the_reworded_added_and_removed(tmp_path):
    _setup(tmp_path, _RATED)
    run = run_cli("rubrics", "diff", "revised@1", "revised@2", "--rubrics", tmp_path / "rubrics")
    assert run.code == 1, run.err  # like diff: 1 when the versions differ
    assert textwrap.dedent(run.out).splitlines()[1:] == [
        "+ R4", "- R3", "~ R2: statement changed", "~ R5: statement changed"]


def test_the_report_says_why_the_reworded_confirmation_is_an_exception(tmp_path):
    path = _setup(tmp_path, _RATED, {"revised": "1"})
    out = tmp_path / "report.md"
    run = run_cli("report", path, "--rubrics", tmp_path / "rubrics", "-o", out)
    assert run.code == 0, run.err
    text = out.read_text(encoding="utf-8")
    r2 = text[text.index("### R2"):]  # the board statements memorandum
    assert "**The evidence does not yet support this position:** Its wording has changed since the board " \
           "confirmed it" in r2[:1500]
    assert "> *The board has assured itself that…* The trust has a risk framework agreed with partners." in r2
