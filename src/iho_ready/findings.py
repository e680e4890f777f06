"""The catalogue of finding codes: what each means, how severe it is, and an example of each.

A finding is a problem the evaluation found in a manifest that could be read (input that
cannot be read gets an input error instead: see ``diagnostics.INPUT_ERROR_CODES``). Every
code the evaluation can raise is listed in :data:`FINDINGS`, with a manifest fragment that
raises it and one that does not. The fragments apply to :data:`EXAMPLE_MANIFEST` (a clean
manifest against the small :data:`EXAMPLE_RUBRIC`), merged key by key (lists item by item),
and a test runs every one of them through the evaluation, so the documentation cannot drift
from the rules. SARIF output and ``docs/ci.md`` show them as each code's help.

This module holds data only: the rules that raise the codes live in :mod:`iho_ready.evaluate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

EXPIRY_WARNING_DAYS = 90
"""Evidence whose review date falls within this many days after ``as_of`` is *expiring*."""


@dataclass(frozen=True)
class FindingKind:
    """One finding code and its documentation."""

    code: str
    """The stable code, e.g. ``missing-evidence``."""
    severity: Severity
    """Default severity; ``not-assessed`` and ``missing-evidence`` depend on the criterion."""
    summary: str
    """One sentence saying when the code is raised."""
    fails: str
    """A YAML fragment that, applied to :data:`EXAMPLE_MANIFEST`, raises the code."""
    passes: str
    """A YAML fragment that, applied to :data:`EXAMPLE_MANIFEST`, does not (the fix)."""


EXAMPLE_RUBRIC = """\
rubric: 1
id: example
version: "1"
title: Example rubric (fictional, for the finding catalogue)
status: draft
publisher: iho-ready maintainers
published: 2026-01
source: {title: The finding catalogue, licence: MIT, section: All}
default_scale: statement
scales:
  statement:
    - {id: confirmed, label: Confirmed, meets: true, rag: green}
    - {id: not-confirmed, label: Not confirmed, meets: false, rag: red, finding: not-confirmed,
       needs: explanation}
  competency:
    - {id: met, label: Met, meets: true, rag: green}
    - {id: partially-met, label: Partially met, meets: false, rag: amber, finding: partially-met,
       needs: explanation}
    - {id: not-met, label: Not met, meets: false, rag: red, finding: not-met, needs: explanation}
domains:
  - id: D1
    title: Board statements
    criteria:
      - id: T1
        statement: The board has assured itself that it has a plan.
        ref: Example 1
        evidence:
          - {id: T1.E1, text: The plan}
          - {id: T1.E2, text: A summary of the plan, required: false}
  - id: D2
    title: Competencies
    scale: competency
    criteria:
      - {id: T2, statement: The trust does the thing., ref: Example 2, partner_statements: [icb]}
designation:
  prerequisites:
    - {kind: aft, title: Advanced foundation trust status, accepts: [awarded], accepts_by: iho-ready,
       quote: {text: The trust holds the status., source: The finding catalogue, ref: Example 3}}
    - {kind: financial-plan, title: Medium-term financial plan, accepts: [agreed-icb], accepts_by: iho-ready,
       quote: {text: The plan is agreed with the ICB., source: The finding catalogue, ref: Example 4}}
  planning_round: "2026/27"
  stages:
    - {id: designation, title: Designation, criteria: [T1, T2]}
    - {id: contract-award, title: Contract award, criteria: [T2], contract_starts: true}
  steps: [{id: purpose, title: Purpose}, {id: functions, title: Core functions},
          {id: governance, title: Final governance arrangements}]
  needs_risk: [T2]
  benefit_criteria: [T1]
  icb_answers: [T2]
"""
"""The rubric the examples are written against (``example@1``)."""

EXAMPLE_RUBRIC_REVISED = EXAMPLE_RUBRIC.replace('version: "1"', 'version: "2"').replace(
    "statement: The board has assured itself that it has a plan.",
    "statement: The board has assured itself that it has a plan agreed with partners.")
"""A later version of the example rubric (``example@2``) in which T1's statement is reworded."""

EXAMPLE_MANIFEST = """\
manifest: 1
organisation: {name: Example Community Trust (fictional), type: community}
assessment: {title: Readiness self-assessment, as_of: 2026-10-31}
rubrics: [example@1]
evidence:
  - id: PLAN
    title: The plan
    path: plan.md
    approved: {by: Trust Board, date: 2026-09-04}
    review_by: 2027-06-30
    supports: [T1.E1, T1.E2, T2]
    planning_round: 2026/27
partners: [partners/icb.yaml]
criteria:
  T1: {rating: confirmed}
  T2:
    rating: met
    risks: [R1]
    actions:
      - {id: A0, action: Agree the outcomes framework with the ICB, owner: Chief Executive, due: 2026-09-30,
         status: complete, answers: [icb.C1]}
eligibility:
  aft: {status: awarded, date: 2026-06-01, evidence: [PLAN]}
  financial_plan: {agreed_by: [icb, region], evidence: [PLAN]}
stages: {designation: 2026-12-31, contract-award: 2027-09-30}
steps: {purpose: 2026-03-01, functions: 2026-05-01}
benefits:
  outcomes:
    - {id: O1, outcome: Fewer emergency admissions, metric: Admissions per 1000 people,
       baseline: {value: 212, date: 2026-03-31, source: Hospital episode statistics},
       target: {value: 190, date: 2028-03-31}, owner: Chief Operating Officer, evidences: [T1]}
network:
  - {service: Community nursing, partner: trust, route: psr-2023}
risks:
  - {id: R1, title: Financial risk of a capitated contract, baf: BAF 7, current: 16, target: 8}
"""
"""A manifest with no findings, to which each example fragment is applied."""

_STATEMENT = """\
partner_statement: 1
partner: {{name: {name}, kind: {kind}}}
signed: {signed}
review_by: {review_by}
{rest}"""

EXAMPLE_FILES: dict[str, str] = {
    "plan.md": "The plan, as approved.\n",
    "plan-edited.md": "The plan, edited after it was approved.\n",
    "new.md": "A paper added since the lock was written.\n",
    "partners/icb.yaml": _STATEMENT.format(name="NHS Example Integrated Care Board", kind="icb",
                                           signed="{by: Chief Executive, date: 2026-10-01}", review_by="2027-03-31",
                                           rest="position: supports-with-conditions\n"
                                                "conditions: [{id: C1, text: An agreed outcomes framework}]\n"
                                                "intends_to_commission: true\nsupports_host: true\n"),
    "partners/icb-undecided.yaml": _STATEMENT.format(
        name="NHS Example Integrated Care Board", kind="icb", signed="{by: Chief Executive, date: 2026-10-01}",
        review_by="2027-03-31", rest="position: supports\nintends_to_commission: true\n"),
    "partners/council-draft.yaml": _STATEMENT.format(name="Example Council", kind="local-authority", signed="null",
                                                     review_by="2027-03-31", rest="position: supports\n"),
    "partners/vcse-2025.yaml": _STATEMENT.format(name="Example Voluntary Action", kind="vcse",
                                                 signed="{by: Chair, date: 2025-06-01}", review_by="2026-06-30",
                                                 rest="position: supports\n"),
    "partners/pcn.yaml": _STATEMENT.format(name="Example Primary Care Collaborative", kind="primary-care",
                                           signed="{by: Clinical Director, date: 2026-10-01}", review_by="2027-03-31",
                                           rest="position: supports\nviews:\n  T2: {agrees: false, comment: "
                                                "Not yet agreed with general practice}\n"),
}
"""Files beside the example manifest: evidence (``iho-ready.lock`` records ``plan.md`` as PLAN) and
partner statements."""

_ACTION = "{id: A1, action: Agree the plan with partners, owner: Chief Executive, due: 2027-01-31}"
_EXPLAINED = f"criteria: {{T2: {{rating: not-met, explanation: Not yet agreed with partners., actions: [{_ACTION}]}}}}"

FINDINGS: dict[str, FindingKind] = {k.code: k for k in [
    FindingKind("not-assessed", "error", "A criterion has no rating (a warning if it is not mandatory).",
                "criteria: {T1: {rating: null}}", "criteria: {T1: {rating: confirmed}}"),
    FindingKind("not-confirmed", "error", "The board does not confirm a board statement.",
                "criteria: {T1: {rating: not-confirmed}}", "criteria: {T1: {rating: confirmed}}"),
    FindingKind("not-met", "error", "A criterion is rated not met.",
                "criteria: {T2: {rating: not-met}}", "criteria: {T2: {rating: met}}"),
    FindingKind("partially-met", "error", "A criterion is rated partially met.",
                "criteria: {T2: {rating: partially-met}}", "criteria: {T2: {rating: met}}"),
    FindingKind("explanation-missing", "error",
                "Not confirmed, partially met or not met with no explanation (or not applicable with no "
                "justification).",
                "criteria: {T2: {rating: not-met}}",
                _EXPLAINED),
    FindingKind("missing-evidence", "error",
                "No valid evidence for a key-evidence item (information for suggested items), or for a "
                "criterion that has no items of its own.",
                "evidence: [{supports: [T2]}]  # nothing supports T1.E1 or T1.E2",
                "evidence: [{supports: [T1.E1, T1.E2, T2]}]"),
    FindingKind("unsupported-claim", "error", "Confirmed or met while required evidence is incomplete.",
                "evidence: [{supports: [T2]}]  # T1 is confirmed, but nothing supports T1.E1",
                "evidence: [{supports: [T1.E1, T2]}]"),
    FindingKind("unapproved-key-evidence", "error",
                "A confirmed board statement rests on key evidence with no approval record: the board cannot "
                "rely on a proposal it has not approved, so the statement is not supported.",
                "evidence: [{approved: null}]  # T1 is confirmed on PLAN alone",
                "evidence: [{approved: {by: Trust Board, date: 2026-09-04}}]"),
    FindingKind("gap-without-action", "error", "A criterion with an error finding has no open action.",
                "criteria: {T2: {rating: not-met, explanation: Not yet agreed with partners.}}",
                _EXPLAINED),
    FindingKind("action-overdue", "error", "An action's due date is before the as-of date and it is not complete.",
                "criteria: {T2: {actions: [{id: A1, action: Refresh the plan, owner: COO, due: 2026-09-30}]}}",
                "criteria: {T2: {actions: [{id: A1, action: Refresh the plan, owner: COO, due: 2026-12-31}]}}"),
    FindingKind("action-incomplete", "warning", "An action lacks an owner or a due date.",
                "criteria: {T2: {actions: [{id: A1, action: Refresh the plan}]}}",
                "criteria: {T2: {actions: [{id: A1, action: Refresh the plan, owner: COO, due: 2026-12-31}]}}"),
    FindingKind("evidence-file-missing", "error",
                "An evidence path does not exist, or is not a readable file (a folder, a device, a FIFO).",
                "evidence: [{path: evidence/missing.md}]", "evidence: [{path: plan.md}]"),
    FindingKind("evidence-outside-repo", "error",
                "An evidence path escapes the manifest's folder (absolute, '..' or a symlink that leaves).",
                "evidence: [{path: ../other-repo/plan.md}]", "evidence: [{path: plan.md}]"),
    FindingKind("evidence-unapproved", "warning", "Evidence has no approval record.",
                "evidence: [{approved: null}]", "evidence: [{approved: {by: Trust Board, date: 2026-09-04}}]"),
    FindingKind("evidence-expired", "error", "Evidence's review date is before the as-of date.",
                "evidence: [{review_by: 2026-09-30}]  # as_of is 2026-10-31", "evidence: [{review_by: 2027-06-30}]"),
    FindingKind("evidence-expiring", "warning",
                f"Evidence's review date is within {EXPIRY_WARNING_DAYS} days after the as-of date.",
                "evidence: [{review_by: 2026-12-15}]  # as_of is 2026-10-31", "evidence: [{review_by: 2027-06-30}]"),
    FindingKind("evidence-changed", "error",
                "An evidence file differs from the lock file: it changed after it was approved and locked.",
                "evidence: [{path: plan-edited.md}]  # not the file locked as PLAN",
                "evidence: [{path: plan.md}]  # or have it re-approved, then run `iho-ready lock`"),
    FindingKind("evidence-unlocked", "warning",
                "An evidence file is not in the lock file (added since it was written).",
                "evidence: [{}, {id: NEW, title: New paper, path: new.md, approved: {by: Trust Board, "
                "date: 2026-10-01}, review_by: 2027-06-30, supports: [T2]}]",
                "evidence: [{}]  # or run `iho-ready lock` once the new paper is approved"),
    FindingKind("evidence-unused", "info", "Evidence supports no criterion or key-evidence item.",
                "evidence: [{supports: []}]", "evidence: [{supports: [T1.E1, T1.E2, T2]}]"),
    FindingKind("assurance-overstated", "error",
                "The paper offers the board more assurance (assessment.assurance_level) than the evidence "
                "supports: substantial needs every rubric ready, reasonable every gap in hand, limited at "
                "least half the criteria met.",
                f"assessment: {{assurance_level: substantial}}\n{_EXPLAINED}  # a gap in hand: reasonable at most",
                f"assessment: {{assurance_level: reasonable}}\n{_EXPLAINED}"),
    FindingKind("partner-statement-missing", "error",
                "A partner statement the manifest lists does not exist (or lies outside the repository).",
                "partners: [partners/icb.yaml, partners/healthwatch.yaml]", "partners: [partners/icb.yaml]"),
    FindingKind("partner-statement-unsigned", "error",
                "A partner statement is not signed for the partner; it does not count as evidence.",
                "partners: [partners/icb.yaml, partners/council-draft.yaml]  # signed: null",
                "partners: [partners/icb.yaml]  # or have the council sign it"),
    FindingKind("partner-statement-expired", "error",
                "A partner statement's review date is before the as-of date; it does not count as evidence.",
                "partners: [partners/icb.yaml, partners/vcse-2025.yaml]  # review_by: 2026-06-30",
                "partners: [partners/icb.yaml]  # or have the partner review and sign it again"),
    FindingKind("partner-disagrees", "warning",
                "A partner does not agree with a criterion the trust rates as confirmed or met.",
                "partners: [partners/icb.yaml, partners/pcn.yaml]  # views: {T2: {agrees: false}}",
                "partners: [partners/icb.yaml]  # or agree the rating with the partner"),
    FindingKind("condition-without-action", "error",
                "A condition of a partner's support has no action that answers it.",
                "criteria: {T2: {actions: []}}  # nothing answers icb.C1",
                "criteria: {T2: {actions: [{answers: [icb.C1]}]}}"),
    FindingKind("icb-statement-missing", "error",
                "A criterion that the ICB's statement evidences is rated met or confirmed, but the manifest lists no "
                "statement from the ICB.",
                "{partners: [], criteria: {T2: {actions: []}}}", "partners: [partners/icb.yaml]"),
    FindingKind("placeholder", "error",
                "A value iho-ready init wrote for the trust to replace (\"Your trust name\", \"XXX\", "
                "\"Your integrated care board\", \"...\") is still there, so it would be printed in the board paper.",
                'organisation: {name: "Your trust name"}',
                "organisation: {name: Example Community Trust (fictional)}"),
    FindingKind("eligibility-not-recorded", "error",
                "The manifest has an eligibility section but does not record a prerequisite the rubric lists.",
                "eligibility: {aft: null}", "eligibility: {aft: {status: awarded}}"),
    FindingKind("eligibility-unevidenced", "error",
                "An eligibility prerequisite is recorded with no evidence that counts (listed, approved, in date).",
                "eligibility: {aft: {evidence: []}}", "eligibility: {aft: {evidence: [PLAN]}}"),
    FindingKind("eligibility-out-of-date", "error",
                "An eligibility prerequisite's review date is before the as-of date.",
                "eligibility: {aft: {review_by: 2026-09-30}}", "eligibility: {aft: {review_by: 2027-09-30}}"),
    FindingKind("eligibility-not-met", "error",
                "A prerequisite is recorded and evidenced but is not what the rubric accepts (AFT status not yet "
                "awarded, support not given).",
                "eligibility: {aft: {status: applied}}", "eligibility: {aft: {status: awarded}}"),
    FindingKind("plan-not-agreed", "error", "The medium-term financial plan is not recorded as agreed with the ICB.",
                "eligibility: {financial_plan: {agreed_by: [region]}}",
                "eligibility: {financial_plan: {agreed_by: [icb, region]}}"),
    FindingKind("plan-earlier-round", "error",
                "The medium-term financial plan belongs to a planning round earlier than the rubric's.",
                "evidence: [{planning_round: 2025/26}]", "evidence: [{planning_round: 2026/27}]"),
    FindingKind("action-after-stage", "error",
                "An open action is due after the target date of a stage its criterion is needed for.",
                "criteria: {T2: {actions: [{id: A0, status: on-track, due: 2027-10-31}]}}",
                "criteria: {T2: {actions: [{id: A0, status: on-track, due: 2026-12-15}]}}"),
    FindingKind("step-out-of-order", "warning",
                "A step to a contract (purpose, functions, success measures, contractual form, governance) was "
                "agreed before an earlier one, or governance after the contract takes effect.",
                "steps: {functions: 2026-02-01}  # before the purpose (2026-03-01)",
                "steps: {functions: 2026-05-01}"),
    FindingKind("outcome-incomplete", "warning",
                "An outcome in the benefits register has no baseline (with its source) or no target.",
                "benefits: {outcomes: [{id: O1, baseline: null}]}",
                "benefits: {outcomes: [{id: O1, owner: Chief Operating Officer}]}"),
    FindingKind("benefit-without-outcome", "warning",
                "A criterion the rubric counts as a benefit criterion is rated met or confirmed, but no outcome in "
                "the benefits register evidences it.",
                "benefits: {outcomes: [{id: O1, evidences: [T2]}]}",
                "benefits: {outcomes: [{id: O1, evidences: [T1]}]}"),
    FindingKind("service-without-route", "error",
                "An in-scope service in the provider network has no procurement route.",
                "network: [{route: null}]", "network: [{route: other}]"),
    FindingKind("service-without-partner", "error",
                "An in-scope service in the provider network names no accountable partner.",
                "network: [{partner: null}]", "network: [{partner: trust}]"),
    FindingKind("risk-not-linked", "warning",
                "A criterion the rubric says carries risk is rated met or confirmed but links to no risk.",
                "criteria: {T2: {risks: []}}", "criteria: {T2: {risks: [R1]}}"),
    FindingKind("icb-answers-missing", "warning",
                "A criterion resting on the ICB's two answers is rated met, but the ICB's statement does not say "
                "both that it intends to commission and that it supports this trust as host.",
                "{partners: [partners/icb-undecided.yaml], criteria: {T2: {actions: [{id: A0, answers: []}]}}}"
                "  # supports_host not stated",
                "partners: [partners/icb.yaml]"),
    FindingKind("rubric-unpinned", "warning", "A rubric is named without a version; the newest is used.",
                "rubrics: [example]", "rubrics: [example@1]"),
    FindingKind("wording-changed", "error",
                "A criterion is confirmed or met, but its wording changed since the rubric version the board "
                "last confirmed (confirmed_against) and the board has not re-confirmed the new words.",
                "{rubrics: [example@2], confirmed_against: {example: '1'}}  # T1 was reworded in example@2",
                "{rubrics: [example@2], confirmed_against: {example: '1'}, criteria: {T1: {reconfirmed: "
                "{version: '2', date: 2026-10-20, meeting: Trust Board}}}}"),
]}
"""Every finding code, in the order the documentation lists them."""
