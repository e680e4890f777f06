"""The rules: one small function per finding code, registered by the codes it may raise.

Each rule is a plain function registered with :func:`rule` under the finding codes of
:data:`iho_ready.findings.FINDINGS` it raises. The evaluation hands each rule an
:class:`Emit` bound to those codes only, so a rule cannot raise another rule's code, and
``tests/unit/test_rules.py`` checks that every catalogue code has exactly one rule and every
rule's codes are in the catalogue (the yamllint pattern: one rule, its id, its examples).

The rules are pure: they read the loaded manifest, the file facts gathered before, and what
earlier rules decided, and they add findings. :mod:`iho_ready.evaluate` composes them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..findings import FINDINGS
from ..models.result import Finding, Location

RuleFunction = Callable[..., Any]

RULES: dict[str, RuleFunction] = {}
"""Finding code -> the one function that raises it."""


class Emit:
    """Adds findings for one rule: only the codes the rule is registered for.

    *context* (rubric, criterion, ...) is filled in for every finding it adds.
    """

    def __init__(self, sink: Collector, codes: frozenset[str], context: dict[str, str | None]) -> None:
        self._sink = sink
        self._codes = codes
        self._context = context

    def __call__(self, code: str, location: Location, message: str, *, severity: str | None = None,
                 **context: str | None) -> None:
        if code not in self._codes:
            raise AssertionError(f"a rule registered for {sorted(self._codes)} raised {code!r}")
        self._sink.add(code, location, message, severity=severity, **(self._context | context))


class Collector:
    """Collects findings; an ignored code is dropped here, before anything counts it, so readiness,
    status and counts are exactly as if the rule had not fired."""

    def __init__(self, ignore: frozenset[str] = frozenset()) -> None:
        self.findings: list[Finding] = []
        self.ignore = ignore

    def add(self, code: str, location: Location, message: str, *, severity: str | None = None,
            **context: str | None) -> None:
        """Add one finding of *code* (its catalogue severity unless *severity* is given)."""
        if code in self.ignore:
            return
        self.findings.append(Finding(code=code, severity=severity or FINDINGS[code].severity,
                                     location=location, message=message, **context))

    def emit(self, function: RuleFunction, **context: str | None) -> Emit:
        """An :class:`Emit` for *function*'s codes, with *context* on every finding."""
        codes = _CODES_OF[function]
        base: dict[str, str | None] = {"rubric": None, "criterion": None}
        return Emit(self, codes, base | context)

    def since(self, mark: int) -> list[Finding]:
        """The findings added after *mark* (a length of :attr:`findings` taken earlier)."""
        return self.findings[mark:]


_CODES_OF: dict[RuleFunction, frozenset[str]] = {}


def rule(*codes: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a function as the one rule that raises *codes*."""
    unknown = [c for c in codes if c not in FINDINGS]
    if unknown:
        raise AssertionError(f"rule codes not in the finding catalogue: {unknown}")

    def register(function: RuleFunction) -> RuleFunction:
        for code in codes:
            if code in RULES:
                raise AssertionError(f"{code!r} is raised by {RULES[code].__name__} already")
            RULES[code] = function
        _CODES_OF[function] = frozenset(codes)
        return function

    return register


def codes_of(function: RuleFunction) -> frozenset[str]:
    """The codes *function* is registered to raise."""
    return _CODES_OF[function]
