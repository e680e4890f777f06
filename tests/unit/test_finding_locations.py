"""Every finding points at the line and column that cause it: for each code, the catalogue's
failing example is evaluated in memory and the text at each finding's location is read back from
the manifest (or the partner statement) as written. The table is reviewed output: a rule that
points one key off, or at the criterion instead of its rating, fails here."""

from __future__ import annotations

import pytest
import yaml

from iho_ready.findings import EXAMPLE_FILES, EXAMPLE_MANIFEST, FINDINGS
from tests.helpers import merge_fragment
from tests.unit.test_finding_catalogue import run_example

AT: dict[str, list[tuple[str, str]]] = {
    'action-after-stage': [('manifest.yaml', '2027-10-31')],
    'action-incomplete': [('manifest.yaml', 'id: A1')],
    'action-overdue': [('manifest.yaml', '2026-09-30')],
    'assurance-overstated': [('manifest.yaml', 'substantial')],
    'benefit-without-outcome': [('manifest.yaml', 'T1:')],
    'condition-without-action': [('partners/icb.yaml', '{id: C1, text: An agreed outcomes framew')],
    'eligibility-not-met': [('manifest.yaml', 'aft:')],
    'eligibility-not-recorded': [('manifest.yaml', 'eligibility:')],
    'eligibility-out-of-date': [('manifest.yaml', '2026-09-30')],
    'eligibility-unevidenced': [('manifest.yaml', 'aft:')],
    'evidence-changed': [('manifest.yaml', 'plan-edited.md')],
    'evidence-expired': [('manifest.yaml', '2026-09-30')],
    'evidence-expiring': [('manifest.yaml', '2026-12-15')],
    'evidence-file-missing': [('manifest.yaml', 'evidence/missing.md')],
    'evidence-outside-repo': [('manifest.yaml', '../other-repo/plan.md')],
    'evidence-unapproved': [('manifest.yaml', 'PLAN')],
    'evidence-unlocked': [('manifest.yaml', 'NEW')],
    'evidence-unused': [('manifest.yaml', 'PLAN')],
    'explanation-missing': [('manifest.yaml', 'T2:')],
    'gap-without-action': [('manifest.yaml', 'T2:')],
    'icb-answers-missing': [('manifest.yaml', 'T2:')],
    'icb-statement-missing': [('manifest.yaml', 'met')],
    'missing-evidence': [('manifest.yaml', 'T1:')],
    'not-assessed': [('manifest.yaml', 'T1:')],
    'not-confirmed': [('manifest.yaml', 'not-confirmed')],
    'not-met': [('manifest.yaml', 'not-met')],
    'outcome-incomplete': [('manifest.yaml', 'O1')],
    'partially-met': [('manifest.yaml', 'partially-met')],
    'partner-disagrees': [('partners/pcn.yaml', 'false, comment: Not yet agreed with gene')],
    'partner-statement-expired': [('partners/vcse-2025.yaml', '2026-06-30')],
    'partner-statement-missing': [('manifest.yaml', 'partners/healthwatch.yaml')],
    'partner-statement-unsigned': [('partners/council-draft.yaml', 'null')],
    'placeholder': [('manifest.yaml', 'Your trust name')],
    'plan-earlier-round': [('manifest.yaml', 'financial_plan:')],
    'plan-not-agreed': [('manifest.yaml', 'financial_plan:')],
    'risk-not-linked': [('manifest.yaml', 'T2:')],
    'rubric-unpinned': [('manifest.yaml', 'example')],
    'service-without-partner': [('manifest.yaml', 'Community nursing')],
    'service-without-route': [('manifest.yaml', 'Community nursing')],
    'step-out-of-order': [('manifest.yaml', '2026-02-01')],
    'unapproved-key-evidence': [('manifest.yaml', 'confirmed')],
    'unsupported-claim': [('manifest.yaml', 'confirmed')],
    'wording-changed': [('manifest.yaml', 'T1:')],
}
"""Finding code -> (file, the text that starts at each of its findings' line and column)."""


def test_the_table_names_every_code() -> None:
    assert sorted(AT) == sorted(FINDINGS)


@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_each_finding_points_at_what_causes_it(code: str) -> None:
    fragment = FINDINGS[code].fails
    text = yaml.safe_dump(merge_fragment(yaml.safe_load(EXAMPLE_MANIFEST), yaml.safe_load(fragment)), sort_keys=False)
    files = {"manifest.yaml": text, **EXAMPLE_FILES}
    seen = set()
    for finding in run_example(fragment).findings:
        if finding.code == code:
            where = finding.location
            line = files[where.file].splitlines()[where.line - 1]
            seen.add((where.file, line[where.column - 1:][:40]))
    assert sorted(seen) == AT[code]
