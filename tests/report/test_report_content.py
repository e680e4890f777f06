"""What the report says: plain English, words not scores, long dates, a key for every term used."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from iho_ready.app import assess
from iho_ready.findings import FINDINGS
from iho_ready.render import RenderOptions
from iho_ready.report import build_report
from iho_ready.report.markdown import render as render_markdown
from iho_ready.report.view import DOCUMENT_STATUS
from iho_ready.rubrics import Registry
from iho_ready.words import RAG_LABEL, READINESS_LABEL, STATUS_LABEL, listing
from tests.report.report_helpers import EXAMPLE, replace_in

MANIFEST = EXAMPLE / "manifest.yaml"


def render(report):
    return render_markdown(report, RenderOptions())


def _build(path: Path = MANIFEST, **options):
    return build_report(assess(Path(path), Registry([])), **options)


@pytest.fixture(scope="module")
def text() -> str:
    return render(_build())


def _key_terms(text: str) -> set[str]:
    appendix = re.split(r"^## Appendix [A-Z]: Key$", text, flags=re.M)[1]
    appendix = re.split(r"^## Appendix [A-Z]: Glossary$", appendix, flags=re.M)[0]
    return {m.group(1) for m in re.finditer(r"^\| ([^|]+?) \| [^|]+ \|$", appendix, re.M)} - {"Term"}


def _column(text: str, header: str, name: str) -> list[str]:
    """The cells of column *name* in every table whose header row starts with *header*."""
    lines = text.splitlines()
    rows = []
    for start in (i for i, line in enumerate(lines) if line.startswith(header)):
        index = [c.strip() for c in lines[start].strip("|").split(" | ")].index(name)
        for line in lines[start + 2:]:
            if not line.startswith("|"):
                break
            rows.append([c.strip() for c in re.split(r"(?<!\\) \| ", line.strip("| "))][index])
    assert rows, f"no table starts {header!r}"
    return rows


def test_every_term_used_as_a_code_is_in_the_key(text):
    terms = _key_terms(text)
    used = set(_column(text, "| Criteria | Readiness", "Readiness"))
    used |= set(_column(text, "| Domain | Colour", "Colour"))
    used |= {s.split(":")[0] for s in _column(text, "| Ref | Shortfall | Action", "Status")}
    used |= {s.split(" (")[0] for s in _column(text, "| Criterion | Status | Why", "Status")}
    used |= {s.split(".")[0] for s in re.findall(r"\*\*The board's position:\*\* ([^.]+)\.", text)}
    used |= {part.split(" (")[0] for s in _column(text, "| Ref | Title | Owner", "Status") for part in s.split("; ")}
    used |= {s.split(".")[0] for s in _column(text, "| Key evidence | Documents", "Evidence status")}
    used |= set(re.findall(r"\*\*Status:\*\* ([^(]+?) \(", text))
    used |= set(re.findall(r"\(([A-Z][a-z]+)\)\.", text)) & set(RAG_LABEL.values())
    used |= set(re.findall(r"^##### [A-Z0-9]+: (.+)$", text, re.M))
    assert used - terms == set()
    assert {"Overdue", "Not rated"} <= terms
    assert set(READINESS_LABEL.values()) | set(RAG_LABEL.values()) | set(STATUS_LABEL.values()) <= terms


def test_words_not_scores(text):
    assert "score" not in text.lower() and "%" not in text
    for cell in _column(text, "| Domain | Colour", "Colour"):
        assert cell in RAG_LABEL.values()


def test_dates_are_written_in_words(text):
    assert "6 November 2026" in text and "15 October 2026" in text and "31 October 2026" in text
    # The only ISO dates left are inside the trust's own commentary, quoted as written.
    manifest = MANIFEST.read_text(encoding="utf-8")
    for iso in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text):
        assert f"on {iso}" in manifest, iso


def test_exceptions_come_worst_first_and_include_every_gap():
    report = _build()
    statuses = [v.status for v in report.exceptions]
    assert statuses == ["gap", "gap", "gap", "not-assessed", "not-assessed"] + ["action-planned"] * 5
    every = [v for r in report.rubrics for a in r.areas for v in a.criteria]
    assert {v.id for v in every if v.status not in ("met", "not-applicable")} == {v.id for v in report.exceptions}
    # The executive summary names every exception, grouped as the evaluation judged them.
    assert report.exceptions_summary == (
        "Ten criteria are exceptions: SV3 (digital and analytical capability), SV4 (looking beyond the trust) and "
        "QG1 (quality governance) fall short without an adequate plan; DC1 (the ICB's intentions) and DC2 "
        "(stakeholder support) are not yet assessed; SV2 (working with other providers), CG2 (IHO risk management), "
        "TA2 (population health management), TA5 (capitated contract capability) and PHC1 (population health "
        "expertise) fall short with a plan in place (section 4).")


def test_action_plan_is_in_due_date_order_with_overdue_flagged():
    report = _build()
    dues = [a.due for a in report.actions]
    assert dues == sorted(dues)
    assert [a.id for a in report.actions if a.overdue] == ["A4"]
    assert report.unactioned == ["SV3 (digital and analytical capability)"]


def test_every_evidence_finding_has_words_in_the_register():
    codes = {code for code in FINDINGS if code.startswith("evidence-")}
    assert codes <= set(DOCUMENT_STATUS)


UNSUPPORTED = ("SV2 (working with other providers), SV3 (digital and analytical capability), SV4 (looking beyond "
               "the trust) and QG1 (quality governance)")


@pytest.mark.parametrize(("purpose", "asks"), [
    ("approval", ["approve its position on each board statement: Confirmed for SV1 (strategy for the IHO), SV2 "
                  "(working with other providers), SV3 (digital and analytical capability), SV4 (looking beyond "
                  "the trust), CG1 (IHO governance structures), QG1 (quality governance), CP1 (contracting and "
                  "commissioning skills) and FG1 (finance governance); Not confirmed for CG2 (IHO risk management)",
                  f"note, before approving, that the evidence does not yet support {UNSUPPORTED} as confirmed",
                  "approve the self-assessment, which finds the trust not ready"]),
    ("assurance", ["note that the evidence supports limited assurance and that the trust is not ready",
                   f"note that the evidence does not yet support board statements {UNSUPPORTED} as confirmed",
                   "note that CG2 (IHO risk management) is not confirmed", "seek assurance from the executive lead"]),
    ("discussion", ["discuss that the evidence supports limited assurance"]),
    ("information", ["note that the evidence supports limited assurance"]),
])
def test_recommendation_follows_purpose(example, purpose, asks):
    replace_in(example, "  purpose: assurance\n", f"  purpose: {purpose}\n")
    report = _build(example)
    assert not report.recommendation_given
    # One "The Board is asked to:" list: each ask starts with its verb, in lower case.
    assert report.asked_to == "The Board is asked to:"
    assert all(line[:1].islower() for line in report.recommendation)
    for ask in asks:
        assert any(ask in line for line in report.recommendation), (ask, report.recommendation)
    # Every purpose also flags the shortfall with no action and the overdue action.
    assert any("for SV3 (digital and analytical capability), which has a shortfall and no open action" in line
               for line in report.recommendation)
    assert any("overdue action A4" in line for line in report.recommendation)


def test_the_paper_never_contradicts_the_findings():
    """The statements the paper says the evidence does not support are exactly those the evaluation
    found confirmed with an error; the not-confirmed ones are exactly those with not-confirmed."""
    outcome = assess(MANIFEST, Registry([]))
    report = build_report(outcome)
    statements = {s.criterion.id for s in report.statements}
    errors = {f.criterion for f in outcome.result.findings if f.severity == "error"}
    rated = {f.criterion for f in outcome.result.findings if f.code == "not-confirmed"}
    assert set(report.not_confirmed) == rated & statements
    confirmed = {s.criterion.id for s in report.statements if s.position == "Confirmed"}
    failing = {c.id for c in outcome.result.criteria if c.status != "met"}
    assert set(report.unsupported) == confirmed & failing
    assert set(report.unsupported) <= errors | {d for c in outcome.result.criteria for d in [c.id] if c.errors}
    text = render(report)
    # The recommendation, the executive summary and the memorandum all name the same statements.
    names = {v.id: v.named for v in report.exceptions}
    named = listing([names[cid] for cid in report.unsupported])
    assert f"does not yet support board statements {named} as confirmed" in text
    assert f"the evidence does not yet support {named}." in text
    assert text.count("The evidence does not yet support this position:") == len(report.unsupported)
    # The assurance level the paper prints is the one the evaluation computed.
    found = outcome.result.assurance
    assert found is not None and found.level == "limited"
    assert (f"| Assurance the evidence supports | Limited: {found.met} of {found.criteria} criteria met or confirmed "
            "with current evidence; less than the level offered |") in text
    assert "| Assurance offered | Reasonable |" in text


def _all_met(folder: Path) -> Path:
    """A small manifest against the host provider competencies with every criterion met."""
    rubric = Registry([]).get("nhsconfed-host-provider", "2025.11")
    ids = [p.criterion.id for p in rubric.walk()]
    (folder / "evidence").mkdir(parents=True)
    (folder / "evidence" / "pack.md").write_text("evidence\n", encoding="utf-8")
    manifest = folder / "manifest.yaml"
    manifest.write_text(
        "manifest: 1\norganisation: {name: Westvale Community NHS Trust, type: community}\n"
        "assessment: {title: Readiness, as_of: 2026-10-31, purpose: assurance}\n"
        "rubrics: [nhsconfed-host-provider@2025.11]\n"
        "evidence:\n  - {id: PACK, title: Evidence pack, path: evidence/pack.md, owner: Director of Strategy,\n"
        "     approved: {by: Trust Board, date: 2026-09-01}, review_by: 2027-09-30, supports: ["
        + ", ".join(ids) + "]}\n"
        "criteria:\n" + "".join(f"  {i}: {{rating: met}}\n" for i in ids), encoding="utf-8")
    return manifest


def test_a_ready_trust_gets_a_short_clean_paper(tmp_path):
    report = _build(_all_met(tmp_path))
    assert [r.readiness for r in report.rubrics] == ["ready"]
    assert report.exceptions == [] and report.actions == [] and report.crosswalks == []
    assert report.recommendation == [
        "note that the evidence supports substantial assurance and that the trust is ready "
        "against the NHS Confederation IHO host provider competencies"]
    text = render(report)
    assert "There are no exceptions" in text
    assert "criteria covers another" not in text  # one rubric: nothing to cross-walk
    assert report.statements == [] and "## Appendix D: Criteria and sources" in text
    assert "No actions are recorded." in text


def test_the_cli_starts_without_loading_the_report_machinery():
    code = ("import sys, iho_ready.cli; "
            "print(sorted(m for m in ('jinja2', 'pypandoc', 'docx', 'iho_ready.report') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_recommendation_names_every_condition_no_action_answers():
    outcome = assess(MANIFEST, Registry([]))
    flagged = [f for f in outcome.result.findings if f.code == "condition-without-action"]
    report = build_report(outcome)
    asks = [line for line in report.recommendation if "which no action yet answers" in line]
    assert len(flagged) == 1 and len(asks) == 1
    assert "NHS Northshire Integrated Care Board's condition C2" in asks[0] and "C2" in flagged[0].message
