"""JUnit XML, the test-report format GitLab, Azure DevOps and Jenkins read.

* one ``<testsuite>`` per selected rubric, with one ``<testcase>`` per criterion;
* an ``evidence register`` suite with one test case per evidence entry;
* a ``system partners`` suite with one test case per partner statement;
* a ``manifest`` suite for findings about the manifest as a whole (e.g. an unpinned rubric),
  present only when there are such findings.

A test case fails when it has error findings, including errors on evidence the criterion
relies on (an expired or changed document); the ``<failure>`` text lists them as
``file:line:col`` lines. So JUnit counts failed criteria and documents, where ``check``
counts findings: the numbers differ (docs/ci.md says why), and each suite carries its own
finding counts as properties (``findings-error``, ``findings-warning``, ``findings-info``),
which add up to ``check``'s. Test names are the id and the full statement or title, never
cut: CI servers show the name, and the id keeps it findable. Warnings and information go
to ``<system-out>``. Criteria that are not applicable, or optional and not assessed, are
skipped. Built with ElementTree, so
escaping is always right; attributes come in a fixed order and times are ``0`` so the
same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence

from ..models.outcome import InvalidInput, Outcome
from ..models.result import Finding
from ..safe_text import xml_text
from ..words import READINESS_LABEL, one_line
from . import RenderOptions


class _Suite:
    """One ``<testsuite>`` being filled; :meth:`close` writes its counts."""

    def __init__(self, parent: ET.Element, name: str, properties: Sequence[tuple[str, str]],
                 homed: Sequence[Finding]):
        self.element = ET.SubElement(parent, "testsuite", name=name)
        self.tests = self.failures = self.skipped = 0
        props = ET.SubElement(self.element, "properties")
        counts = [(f"findings-{severity}", str(sum(1 for f in homed if f.severity == severity)))
                  for severity in ("error", "warning", "info")]
        for key, value in [*properties, *counts]:
            ET.SubElement(props, "property", name=key, value=value)

    def case(self, classname: str, name: str, file: str, findings: list[Finding], skip: str | None = None,
             failed: bool | None = None) -> None:
        """Add a test case: failed when *failed* says so (by default, when it has error findings), else
        skipped when *skip* gives a reason. Error findings of a case that does not fail are listed as output."""
        case = ET.SubElement(self.element, "testcase", classname=classname, name=name, file=file, time="0")
        self.tests += 1
        errors = [f for f in findings if f.severity == "error"]
        if failed is None:
            failed = bool(errors)
        others = [f for f in findings if f.severity != "error" or not failed]
        if failed and errors:
            self.failures += 1
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            failure = ET.SubElement(case, "failure", message=f"{first.located_message} [{first.code}]{more}",
                                    type=first.code)
            failure.text = "\n".join(f.format() for f in errors)
        elif skip is not None:
            self.skipped += 1
            ET.SubElement(case, "skipped", message=skip)
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(f.format() for f in others)

    def close(self) -> None:
        """Write the counts, after the test cases, in a fixed order."""
        for key, value in (("tests", self.tests), ("failures", self.failures), ("errors", 0),
                           ("skipped", self.skipped), ("time", 0)):
            self.element.set(key, str(value))


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the JUnit XML document (UTF-8, with an XML declaration and a trailing newline)."""
    result = outcome.result
    manifest = result.manifest
    # Each finding has one home: its criterion, its evidence entry, or the manifest as a whole.
    by_criterion: dict[tuple[str | None, str], list[Finding]] = defaultdict(list)
    by_document: dict[str, list[Finding]] = defaultdict(list)
    rest: list[Finding] = []
    for f in result.findings:
        if f.criterion is not None:
            by_criterion[(f.rubric, f.criterion)].append(f)
        elif f.document is not None:
            by_document[f.document].append(f)
        elif f.partner is not None:
            by_document[f"partner:{f.partner}"].append(f)  # the id under which a statement counts as evidence
        else:
            rest.append(f)
    placed = outcome.loaded.placed

    root = ET.Element("testsuites", name="iho-ready")
    suites = []
    for rubric in result.rubrics:
        homed = [f for (rid, _), found in by_criterion.items() if rid == rubric.id for f in found]
        suite = _Suite(root, rubric.id, [("version", rubric.version), ("title", rubric.title),
                                         ("readiness", READINESS_LABEL[rubric.readiness])], homed)
        suites.append(suite)
        for c in (c for c in result.criteria if c.rubric == rubric.id):
            # The evaluation decides whether it fails (``errors``); the findings of the evidence it
            # relies on are listed with its own.
            relied = sorted({d for item in c.items for d in item.documents + item.broken})
            findings = sorted(by_criterion[(c.rubric, c.id)] + [f for d in relied for f in by_document[d]],
                              key=Finding.sort_key)
            skip = {"not-applicable": "not applicable", "not-assessed": "not assessed"}.get(c.status)
            statement = placed[(c.rubric, c.id)].criterion.statement
            suite.case(f"{c.rubric}.{c.domain}", f"{c.id}: {one_line(statement)}", manifest, findings, skip,
                       failed=c.errors > 0)

    evidence = outcome.loaded.manifest.evidence
    register = _Suite(root, "evidence register", [], [f for doc in evidence for f in by_document[doc.id]])
    suites.append(register)
    for doc in evidence:
        register.case("evidence", f"{doc.id}: {one_line(doc.title)}", manifest, by_document[doc.id])
    if result.partners:
        partners = _Suite(root, "system partners", [],
                          [f for p in result.partners for f in by_document[f"partner:{p.id}"]])
        suites.append(partners)
        for p in result.partners:
            partners.case("partner", f"{p.id}: {p.name or p.path}", p.file, by_document[f"partner:{p.id}"])
    if rest:
        whole = _Suite(root, "manifest", [], rest)
        suites.append(whole)
        whole.case("manifest", "manifest", manifest, rest)

    for suite in suites:
        suite.close()
    for key in ("tests", "failures"):
        root.set(key, str(sum(getattr(s, key) for s in suites)))
    root.set("errors", "0")
    root.set("skipped", str(sum(s.skipped for s in suites)))
    root.set("time", "0")
    ET.indent(root, space="  ")
    # encoding="utf-8" (not "unicode"), so the declaration does not depend on the locale.
    data: bytes = ET.tostring(_xml_safe(root), encoding="utf-8", xml_declaration=True)
    return data.decode("utf-8") + "\n"


def _xml_safe(root: ET.Element) -> ET.Element:
    """*root* with every text and attribute value cleared of characters XML 1.0 forbids.

    ElementTree escapes ``<`` and ``&`` but writes control characters as they are, which
    makes the file ill-formed; text from a manifest may hold them.
    """
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, xml_text(value))
        if element.text:
            element.text = xml_text(element.text)
        if element.tail:
            element.tail = xml_text(element.tail)
    return root


def render_invalid(invalid: InvalidInput, options: RenderOptions, /) -> str:
    """A JUnit report for input that could not be read: one test case that errors with every problem."""
    root = ET.Element("testsuites", name="iho-ready")
    suite = ET.SubElement(root, "testsuite", name="manifest")
    case = ET.SubElement(suite, "testcase", classname="manifest", name=f"{invalid.manifest} can be read",
                         file=invalid.manifest, time="0")
    count = len(invalid.diagnostics)
    first = invalid.diagnostics[0].format() if invalid.diagnostics else "the manifest could not be read"
    more = f" (and {count - 1} more)" if count > 1 else ""
    error = ET.SubElement(case, "error", message=f"{first}{more}", type="input-error")
    error.text = "\n".join(d.format() for d in invalid.diagnostics)
    for element in (suite, root):
        for key, value in (("tests", 1), ("failures", 0), ("errors", 1), ("skipped", 0), ("time", 0)):
            element.set(key, str(value))
    ET.indent(root, space="  ")
    data: bytes = ET.tostring(_xml_safe(root), encoding="utf-8", xml_declaration=True)
    return data.decode("utf-8") + "\n"
