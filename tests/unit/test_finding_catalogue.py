"""The finding catalogue is true: every example raises its code, every fix does not.

These tests call the evaluation directly on in-memory models: the rubric and manifest are
parsed from the catalogue's text, the file facts are made up from the catalogue's example
files, and nothing is read from disk. The same examples, run through the command line on
real files, are the finding-case corpus in ``tests/cases/findings``.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from iho_ready import yamlsource
from iho_ready.evaluate import evaluate
from iho_ready.findings import EXAMPLE_FILES, EXAMPLE_MANIFEST, EXAMPLE_RUBRIC, EXAMPLE_RUBRIC_REVISED, FINDINGS
from iho_ready.loading import RubricIndex, _resolve_answers, _resolve_views, check_rubric, load_manifest, validate
from iho_ready.models.loaded import LoadedManifest, LoadedPartner
from iho_ready.models.lock import LockedFile
from iho_ready.models.outcome import FileFacts
from iho_ready.models.partner import PartnerStatement
from iho_ready.models.result import CheckResult
from iho_ready.models.rubric import Rubric
from tests.helpers import ROOT, merge_fragment


class _Rubrics:
    """A registry that holds the catalogue's rubric, in both its versions, in memory."""

    def __init__(self) -> None:
        self.versions: dict[str, Rubric] = {}
        for text in (EXAMPLE_RUBRIC, EXAMPLE_RUBRIC_REVISED):
            source, data = yamlsource.compose(text, "example.yaml"), yaml.safe_load(text)
            data["published"] = str(data["published"])
            rubric = validate(source, data, Rubric)
            assert check_rubric(source, rubric) == []
            self.versions[rubric.version] = rubric

    def get(self, rubric_id: str, version: str | None = None) -> Rubric:
        if rubric_id != "example" or version not in (None, *self.versions):
            raise LookupError(rubric_id)
        return self.versions[version or max(self.versions)]


def _digest(text: str) -> tuple[str, int]:
    data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest(), len(data)


def _facts(path: str) -> FileFacts:
    """Facts for an evidence path in the example's imaginary folder (no disk involved)."""
    if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
        return FileFacts(outside=True, exists=False, is_file=False)
    if path not in EXAMPLE_FILES:
        return FileFacts(outside=False, exists=False, is_file=False)
    sha, size = _digest(EXAMPLE_FILES[path])
    return FileFacts(outside=False, exists=True, is_file=True, sha256=sha, size=size)


def _partners(loaded: LoadedManifest) -> None:
    """Read the partner statements from the catalogue's example files, in memory."""
    index = RubricIndex([s.rubric for s in loaded.rubrics])
    for i, rel in enumerate(loaded.manifest.partners):
        pid = PurePosixPath(rel).stem
        if rel not in EXAMPLE_FILES:
            loaded.partners.append(LoadedPartner(pid, rel, i, rel, problem="missing"))
            continue
        source = yamlsource.compose(EXAMPLE_FILES[rel], rel)
        statement = validate(source, yamlsource.construct(source), PartnerStatement)
        partner = LoadedPartner(pid, rel, i, rel, statement=statement, source=source)
        assert _resolve_views(partner, source, statement, index) == []
        loaded.partners.append(partner)
    assert _resolve_answers(loaded) == []


def run_example(fragment: str) -> CheckResult:
    """Evaluate the example manifest with *fragment* applied, entirely in memory."""
    data: Any = merge_fragment(yaml.safe_load(EXAMPLE_MANIFEST), yaml.safe_load(fragment))
    text = yaml.safe_dump(data, sort_keys=False)
    loaded = load_manifest("manifest.yaml", _Rubrics(), "manifest.yaml", text)
    _partners(loaded)
    facts = {doc.id: _facts(doc.path) for doc in loaded.manifest.evidence if doc.path}
    sha, size = _digest(EXAMPLE_FILES["plan.md"])
    lock = {"PLAN": LockedFile(path="plan.md", sha256=sha, size=size)}
    return evaluate(loaded, facts, loaded.manifest.assessment.as_of, tool_version="test", lock=lock,
                    lock_file="iho-ready.lock")


def test_the_example_manifest_has_no_findings() -> None:
    result = run_example("{}")
    assert result.findings == []
    assert [r.readiness for r in result.rubrics] == ["ready"]


@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_the_failing_example_raises_the_code(code: str) -> None:
    codes = {f.code for f in run_example(FINDINGS[code].fails).findings}
    assert code in codes, f"{code}: the catalogue's failing example raises only {sorted(codes)}"


@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_the_passing_example_does_not(code: str) -> None:
    codes = {f.code for f in run_example(FINDINGS[code].passes).findings}
    assert code not in codes


def test_an_ignored_code_is_not_raised_and_does_not_count() -> None:
    data: Any = merge_fragment(yaml.safe_load(EXAMPLE_MANIFEST), yaml.safe_load(FINDINGS["evidence-expired"].fails))
    loaded = load_manifest("manifest.yaml", _Rubrics(), "manifest.yaml", yaml.safe_dump(data, sort_keys=False))
    _partners(loaded)
    facts = {doc.id: _facts(doc.path) for doc in loaded.manifest.evidence if doc.path}
    result = evaluate(loaded, facts, date(2026, 10, 31), tool_version="test",
                      ignore={"evidence-expired", "missing-evidence", "unsupported-claim", "gap-without-action",
                              "eligibility-unevidenced"})
    assert result.findings == []
    assert [c.status for c in result.criteria] == ["met", "met"]


def test_reasons_overdue_and_documents_are_carried_in_the_result() -> None:
    fragment = ("{evidence: [{review_by: 2026-09-30}], criteria: {T1: {rating: confirmed, actions: "
                "[{id: A1, action: Refresh the plan, owner: COO, due: 2026-10-15}, {id: A2, action: Brief the board}]}}}")
    result = run_example(fragment)
    t1 = next(c for c in result.criteria if c.id == "T1")
    assert t1.exception and t1.status == "gap" and not t1.adequate_action and t1.open_action
    assert [(r.code, r.refs, r.lacks) for r in t1.reasons] == [
        ("unsupported-claim", ["T1.E1"], []), ("action-overdue", ["A1"], []),
        ("action-incomplete", ["A2"], ["owner", "due date"])]
    assert [(a.id, a.overdue, a.open) for a in result.actions] == [
        ("A1", True, True), ("A2", False, True), ("A0", False, False)]
    plan = result.documents[0]
    assert (plan.id, plan.valid, plan.problems) == ("PLAN", False, ["evidence-expired"])
    assert plan.reason == "it passed its review date (2026-09-30)"


def test_the_corpus_has_a_case_for_every_finding_code() -> None:
    cases = ROOT / "tests" / "cases" / "findings"
    for code in FINDINGS:
        expected = cases / code / "expected.txt"
        assert expected.exists(), f"no finding case for {code}; run python tools/make_finding_cases.py"
        assert f"[{code}]" in expected.read_text(encoding="utf-8")


def test_the_corpus_is_what_the_catalogue_generates(tmp_path: Path) -> None:
    """The corpus folders are generated; a catalogue edit without regenerating them fails here."""
    for code, kind in FINDINGS.items():
        manifest = (ROOT / "tests" / "cases" / "findings" / code / "manifest.yaml").read_text(encoding="utf-8")
        expected = merge_fragment(yaml.safe_load(EXAMPLE_MANIFEST), yaml.safe_load(kind.fails))
        assert yaml.safe_load(manifest) == expected, f"{code}: run python tools/make_finding_cases.py"



@pytest.mark.parametrize(("fragment", "level"), [
    ("{}", "substantial"),  # every rubric ready
    ("criteria: {T2: {rating: not-met, explanation: Not yet agreed., actions: [{id: A1, action: Agree it, "
     "owner: Chief Executive, due: 2027-01-31}]}}", "reasonable"),  # every shortfall has a plan
    ("criteria: {T2: {rating: not-met, explanation: Not yet agreed.}}", "limited"),  # 1 of 2 met, no plan
    ("criteria: {T1: {rating: not-confirmed, explanation: Not yet.}, T2: {rating: not-met, explanation: No.}}",
     "no-assurance"),  # none met
])
def test_the_assurance_level_is_decided_by_the_evaluation(fragment: str, level: str) -> None:
    result = run_example(fragment)
    assert result.assurance is not None
    assert result.assurance.level == level and result.assurance.stated is None
    assert not result.assurance.overstated and "assurance-overstated" not in {f.code for f in result.findings}


@pytest.mark.parametrize(("stated", "overstated"), [
    ("substantial", True), ("reasonable", True), ("limited", False), ("no-assurance", False)])
def test_a_stated_level_above_the_evidence_is_a_finding(stated: str, overstated: bool) -> None:
    result = run_example(f"assessment: {{assurance_level: {stated}}}\n"
                         "criteria: {T2: {rating: not-met, explanation: Not yet agreed.}}")
    assert result.assurance is not None and result.assurance.level == "limited"
    assert result.assurance.overstated is overstated
    assert ("assurance-overstated" in {f.code for f in result.findings}) is overstated
