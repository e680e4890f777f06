"""One rule, one small function (issue 17): each finding code is raised by exactly one registered
function, which can raise no other code."""

from __future__ import annotations

import pytest

import iho_ready.evaluate  # noqa: F401  (imports every rule module, so every rule is registered)
from iho_ready.findings import FINDINGS
from iho_ready.models.result import Location
from iho_ready.rules import RULES, Collector, codes_of, rule
from iho_ready.rules.documents import unapproved


def test_every_catalogue_code_has_exactly_one_rule() -> None:
    assert sorted(RULES) == sorted(FINDINGS)
    for code, function in RULES.items():
        assert code in codes_of(function)
        assert function.__doc__, f"{function.__name__} (raising {code}) has no docstring"


def test_a_rule_cannot_raise_another_rules_code() -> None:
    out = Collector()
    emit = out.emit(unapproved, document="X")
    here = Location(file="m.yaml", line=1, column=1)
    emit("evidence-unapproved", here, "fine")
    with pytest.raises(AssertionError, match="evidence-expired"):
        emit("evidence-expired", here, "not this rule's code")
    assert [f.code for f in out.findings] == ["evidence-unapproved"]


def test_a_code_cannot_be_registered_twice_or_be_unknown() -> None:
    with pytest.raises(AssertionError, match="already"):
        rule("evidence-unapproved")(lambda: None)
    with pytest.raises(AssertionError, match="catalogue"):
        rule("no-such-code")


def test_an_ignored_code_is_never_collected() -> None:
    out = Collector(frozenset({"evidence-unapproved"}))
    out.emit(unapproved)("evidence-unapproved", Location(file="m", line=1, column=1), "dropped")
    assert out.findings == []
