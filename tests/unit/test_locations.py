"""Every pydantic error in a manifest points at the right line and column."""

from __future__ import annotations

import pytest

from iho_ready.diagnostics import InputError
from iho_ready.loading import load_manifest

HEAD = """manifest: 1
organisation:
  name: Testshire Health NHS Foundation Trust (fictional)
  type: acute
assessment:
  title: Readiness
  as_of: 2026-10-31
rubrics:
  - nhse-iho-designation@2025.11
"""

# (text appended to HEAD or a whole document, expected (line, column, code), message fragment)
CASES = [
    ("evidence:\n  - id: A\n    title: t\n    path: a.md\n    reveiw_by: 2027-01-01\n",
     (14, 5, "schema"), "unknown field 'reveiw_by' in evidence A (did you mean 'review_by'?)"),
    ("evidence:\n  - id: A\n    path: a.md\n", (11, 5, "schema"), "evidence A has no 'title:'"),
    ("evidence:\n  - {id: A, title: t, path: a.md, review_by: 31/01/2027}\n", (11, 46, "schema"),
     "expected a date written as YYYY-MM-DD"),
    ("evidence:\n  - {id: A, title: t, path: a.md, sensitivity: secret}\n", (11, 48, "schema"),
     "use one of: public, private"),
    ("criteria:\n  SV1:\n    rating: confirmed\n    actions:\n      - {id: A1, action: x, due: 2027-02-30}\n",
     (14, 34, "schema"), "'2027-02-30' is not a real calendar date"),
    ("criteria:\n  SV1: {rating: yes}\n", (11, 17, "schema"), "criterion SV1, rating: 'yes' is not on this criterion's scale"),
    ("criteria:\n  SV1: {rating: confirmd}\n", (11, 17, "schema"), "(did you mean 'confirmed'"),
    ("criteria:\n  SV9: {rating: confirmed}\n", (11, 3, "unknown-criterion"), "did you mean"),
    ("criteria:\n  SV1.E1: {rating: confirmed}\n", (11, 3, "unknown-criterion"), "is a key-evidence item"),
    ("evidence:\n  - {id: A, title: t, path: a.md, supports: [SV1.E9]}\n", (11, 46, "unknown-evidence-ref"),
     "'SV1.E1'?)"),
    ("evidence:\n  - {id: A, title: t, path: a.md}\n  - {id: A, title: u, path: b.md}\n",
     (12, 10, "duplicate-id"), "evidence id 'A' is already used"),
    ("criteria:\n  SV1: {actions: [{id: X, action: a}]}\n  SV2: {actions: [{id: X, action: b}]}\n",
     (12, 24, "duplicate-id"), "action id 'X' is already used under SV1"),
    ("criteria:\n  SV1: {rating: confirmed}\n  nhse-iho-designation:SV1: {rating: confirmed}\n",
     (12, 3, "duplicate-id"), "rated twice"),
    ("evidence:\n  - {id: A, title: t, path: a.md, url: 'https://x.example/'}\n", (11, 5, "schema"),
     "give exactly one of path, url or paper"),
    ("criteria:\n  1: {rating: confirmed}\n", (11, 3, "schema"), "the key 1 must be text"),
    ("evidence:\n  - {id: A, title: t, path: a.md, supports: SV1.E1}\n", (11, 45, "schema"),
     "expected a list; write a single item as [SV1.E1]"),
    ("criteria:\n  SV1:\n", (11, 7, "schema"), "expected a mapping of 'key: value' lines, but the value is empty"),
]


@pytest.mark.parametrize(("tail", "where", "fragment"), CASES, ids=[c[2][:40] for c in CASES])
def test_manifest_errors_are_located(tmp_path, registry, tail, where, fragment):
    path = tmp_path / "manifest.yaml"
    path.write_text(HEAD + tail)
    with pytest.raises(InputError) as info:
        load_manifest(str(path), registry, "manifest.yaml")
    found = [(d.line, d.column, d.code) for d in info.value.diagnostics]
    assert where in found, info.value
    message = next(d.message for d in info.value.diagnostics if (d.line, d.column, d.code) == where)
    assert fragment in message


def test_all_errors_are_reported_not_just_the_first(tmp_path, registry):
    path = tmp_path / "manifest.yaml"
    path.write_text(HEAD.replace("type: acute", "type: hospital").replace("2026-10-31", "tomorrow")
                    + "extra: 1\n")
    with pytest.raises(InputError) as info:
        load_manifest(str(path), registry, "manifest.yaml")
    assert [(d.line, d.column) for d in info.value.diagnostics] == [(4, 9), (7, 10), (10, 1)]


def test_a_version_written_as_a_number_says_to_quote_it(tmp_path, registry):
    path = tmp_path / "manifest.yaml"
    path.write_text(HEAD.replace("  ods_code", "") + "")
    path.write_text(HEAD.replace("  type: acute", "  type: acute\n  ods_code: 0123"))
    with pytest.raises(InputError) as info:
        load_manifest(str(path), registry, "manifest.yaml")
    (d,) = info.value.diagnostics
    assert (d.line, d.column) == (5, 13)
    assert 'put it in quotes to keep it as text: "0123"' in d.message
