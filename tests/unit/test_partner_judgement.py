"""How each partner statement is judged, and when it counts as evidence: signed, in date (its
review date is the last day it counts), supporting, its conditions answered, its signed letter
present and inside the repository.

Most tests run on the finding catalogue's in-memory example (criterion T2 takes the ICB's
statement as evidence); the letter tests run on a copy of the bundled example on disk, because a
letter's path is judged against the files in the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iho_ready.app import assess
from iho_ready.findings import EXAMPLE_FILES
from iho_ready.models.result import CheckResult, PartnerResult
from iho_ready.rubrics import Registry
from tests.helpers import EXAMPLE
from tests.unit.test_finding_catalogue import run_example

ICB = """partner_statement: 1
partner: {{name: NHS Example Integrated Care Board, kind: icb}}
signed: {signed}
review_by: {review_by}
position: {position}
conditions: [{{id: C1, text: An agreed outcomes framework}}]
"""

# T2 relies on the ICB's statement alone: the plan no longer supports it.
ICB_ONLY = "{evidence: [{supports: [T1.E1, T1.E2]}]}"


def _with_icb(monkeypatch: pytest.MonkeyPatch, fragment: str = ICB_ONLY, *,
              signed: str = "{by: Chief Executive, date: 2026-10-01}", review_by: str = "2027-03-31",
              position: str = "supports-with-conditions") -> CheckResult:
    text = ICB.format(signed=signed, review_by=review_by, position=position)
    monkeypatch.setitem(EXAMPLE_FILES, "partners/icb.yaml", text)
    return run_example(fragment)


def _partner(result: CheckResult, pid: str = "icb") -> PartnerResult:
    return next(p for p in result.partners if p.id == pid)


def test_a_signed_supporting_statement_in_date_counts_as_the_criterions_evidence(monkeypatch) -> None:
    result = _with_icb(monkeypatch)
    icb = _partner(result)
    assert (icb.valid, icb.problems, icb.reason, icb.in_date, icb.supports, icb.conditional) == (
        True, [], None, True, True, True)
    assert (icb.signed, icb.signed_by, str(icb.signed_on), icb.kind) == (True, "Chief Executive", "2026-10-01", "icb")
    (item,) = next(c for c in result.criteria if c.id == "T2").items
    assert (item.satisfied, item.documents, item.broken) == (True, ["partner:icb"], [])


def test_an_unsigned_statement_does_not_count_and_the_finding_says_why(monkeypatch) -> None:
    result = _with_icb(monkeypatch, signed="null")
    icb = _partner(result)
    assert (icb.valid, icb.problems, icb.reason, icb.signed, icb.signed_by) == (
        False, ["unsigned"], "it is not signed", False, None)
    t2 = next(c for c in result.criteria if c.id == "T2")
    (item,) = t2.items
    assert (item.satisfied, item.documents, item.broken) == (False, [], ["partner:icb"])
    (missing,) = [f for f in result.findings if f.code == "missing-evidence" and f.criterion == "T2"]
    assert missing.message.endswith("; the partner statement icb cannot count because it is not signed")
    assert t2.exception and "unsupported-claim" in [r.code for r in t2.reasons]


def test_a_statement_counts_on_its_review_date_and_not_the_day_after(monkeypatch) -> None:
    on_the_day = _partner(_with_icb(monkeypatch, review_by="2026-10-31"))
    assert (on_the_day.in_date, on_the_day.valid) == (True, True)
    late = _with_icb(monkeypatch, review_by="2026-10-30")
    icb = _partner(late)
    assert (icb.in_date, icb.valid, icb.problems) == (False, False, ["expired"])
    assert icb.reason == "it passed its review date (2026-10-30)"
    (finding,) = [f for f in late.findings if f.code == "partner-statement-expired"]
    assert finding.partner == "icb"


def test_every_problem_is_listed_and_the_reason_is_the_first(monkeypatch) -> None:
    icb = _partner(_with_icb(monkeypatch, signed="null", review_by="2026-01-31", position="does-not-support"))
    assert icb.problems == ["unsigned", "expired", "not-supporting"]
    assert (icb.valid, icb.supports, icb.conditional, icb.reason) == (False, False, False, "it is not signed")


def test_a_statement_that_does_not_support_does_not_count(monkeypatch) -> None:
    result = _with_icb(monkeypatch, position="does-not-support")
    icb = _partner(result)
    assert (icb.valid, icb.problems, icb.supports, icb.conditional) == (False, ["not-supporting"], False, False)
    assert icb.reason == "the partner's position is does not support"
    (item,) = next(c for c in result.criteria if c.id == "T2").items
    assert item.broken == ["partner:icb"] and not item.satisfied


def test_a_plain_supporting_statement_is_not_conditional(monkeypatch) -> None:
    icb = _partner(_with_icb(monkeypatch, position="supports"))
    assert (icb.supports, icb.conditional, icb.valid) == (True, False, True)


def test_an_unanswered_condition_is_a_flaw_not_a_problem(monkeypatch) -> None:
    answered = _partner(_with_icb(monkeypatch))
    assert [(c.id, c.answered_by) for c in answered.conditions] == [("C1", ["A0"])] and answered.flaws == []
    result = _with_icb(monkeypatch, "{evidence: [{supports: [T1.E1, T1.E2]}], "
                                    "criteria: {T2: {actions: [{id: A0, answers: []}]}}}")
    icb = _partner(result)
    assert [(c.id, c.answered_by) for c in icb.conditions] == [("C1", [])]
    assert icb.flaws == ["condition-unanswered"] and icb.valid
    (finding,) = [f for f in result.findings if f.code == "condition-without-action"]
    assert finding.partner == "icb"


# --------------------------------------------------------------------------- the signed letter, on disk


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE.parent, tmp_path / "trust")
    return tmp_path / "trust"


def _letter(repo: Path, path: str) -> int:
    """Point the ICB's statement at *path* for its letter; returns the line of ``letter:``."""
    icb = repo / "partners" / "icb.yaml"
    lines = icb.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("letter:"))
    lines[at] = f"letter: {path}"
    icb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_a_letter_that_is_present_is_no_flaw(repo: Path) -> None:
    icb = _partner(assess(repo / "manifest.yaml", Registry()).result, "icb")
    assert "letter-missing" not in icb.flaws and "letter-outside" not in icb.flaws


@pytest.mark.parametrize(("path", "flaw", "code", "says"), [
    ("../evidence/partnerships/no-such-letter.md", "letter-missing", "evidence-file-missing", "does not exist"),
    ("../../outside-letter.md", "letter-outside", "evidence-outside-repo", "is outside the folder"),
])
def test_a_letter_missing_or_outside_is_a_flaw_and_a_finding_at_the_letter_line(repo: Path, path: str, flaw: str,
                                                                                 code: str, says: str) -> None:
    line = _letter(repo, path)
    result = assess(repo / "manifest.yaml", Registry()).result
    icb = _partner(result, "icb")
    assert [f for f in icb.flaws if f.startswith("letter-")] == [flaw]
    letter = [f for f in result.findings if f.partner == "icb" and f.code in ("evidence-file-missing",
                                                                             "evidence-outside-repo")]
    assert [f.code for f in letter] == [code]
    assert (Path(letter[0].location.file).name, letter[0].location.line) == ("icb.yaml", line)
    assert letter[0].message.startswith(f"partner NHS Northshire Integrated Care Board: the signed letter '{path}' "
                                        f"{says}")


def test_a_listed_statement_that_is_not_there_is_a_problem_of_its_own() -> None:
    result = run_example("{partners: [partners/icb.yaml, partners/healthwatch.yaml]}")
    missing = _partner(result, "healthwatch")
    assert (missing.problem, missing.problems, missing.valid, missing.name) == ("missing", ["missing"], False, None)
    assert _partner(result).problems == []


def test_the_review_date_is_carried_as_written(monkeypatch) -> None:
    icb = _partner(_with_icb(monkeypatch, review_by="2027-02-28"))
    assert str(icb.review_by) == "2027-02-28"
