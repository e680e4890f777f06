"""Figures the docs quote about the bundled example are the example's (issue 17: docs/ci.md said
25 errors and 18 JUnit failures when the example had 26 and 19)."""

from __future__ import annotations

import re

from junitparser import JUnitXml

from tests.helpers import ROOT

GOLDEN = ROOT / "tests" / "golden"


def test_docs_ci_figures_are_the_examples() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    found = re.search(r"For the bundled example, `check` reports (\d+) errors and JUnit (\d+) failed test cases", text)
    assert found, "docs/ci.md no longer quotes the example's figures; update this test with it"
    errors = int(re.search(r"Findings: (\d+) errors", (GOLDEN / "check-northshire.txt").read_text()).group(1))
    xml = JUnitXml.fromfile(str(GOLDEN / "check-northshire.junit.xml"))
    failures = sum(suite.failures for suite in xml)
    assert (int(found.group(1)), int(found.group(2))) == (errors, failures)
