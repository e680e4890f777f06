"""The failure policy: when ``check`` exits 1. Pure: a result and options in, a verdict out.

Options (each also a key of the config file, see :mod:`iho_ready.config`):

* ``fail-on``: the lowest finding severity that fails (``error``, ``warning``, ``info`` or
  ``never``);
* ``min-readiness``: fail when any selected rubric is below this readiness
  (``ready`` or ``plan-agreed``; ``approaching``, its 0.2 name, still works in 0.3 with a
  deprecation note);
* ``fail-on-code``: finding codes that fail whatever their severity;
* ``ignore-code``: finding codes that are not raised at all, so they appear in no output
  and play no part in the decision (nor in readiness).

Command-line options win over the config file; a list given on the command line replaces
the config file's list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .diagnostics import INPUT_ERROR_CODES, did_you_mean
from .errors import UsageError
from .findings import FINDINGS
from .models.result import READINESS_ORDER, SEVERITY_ORDER, CheckResult
from .words import READINESS_LABEL, READINESS_PHRASE, plural

FailOnLevel = Literal["error", "warning", "info", "never"]
MinReadiness = Literal["ready", "plan-agreed", "approaching"]

DEPRECATED_READINESS = {"approaching": "plan-agreed"}
"""0.2's readiness names that 0.3 still accepts in ``min-readiness``, with their new names."""

class PolicyError(UsageError):
    """Raised by :func:`resolve` for an unusable option (an unknown or contradictory code).

    The CLI reports it as a usage error, exit code 2.
    """


class PolicyConfig(BaseModel):
    """Policy defaults read from a config file; every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    fail_on: FailOnLevel | None = Field(default=None, alias="fail-on")
    """Lowest finding severity that fails the check."""
    min_readiness: MinReadiness | None = Field(default=None, alias="min-readiness")
    """Fail when any selected rubric is below this readiness."""
    fail_on_code: list[str] | None = Field(default=None, alias="fail-on-code")
    """Finding codes that fail the check whatever their severity."""
    ignore_code: list[str] | None = Field(default=None, alias="ignore-code")
    """Finding codes that are not raised at all."""


@dataclass(frozen=True)
class Policy:
    """The effective failure policy of one ``check`` run."""

    fail_on: FailOnLevel = "error"
    """Lowest finding severity that fails the check (``never``: severities never fail it)."""
    min_readiness: MinReadiness | None = None
    """Readiness every selected rubric must reach, or None for no such rule."""
    fail_on_code: frozenset[str] = frozenset()
    """Codes that fail the check whatever their severity."""
    ignore_code: frozenset[str] = frozenset()
    """Codes that are not raised (pass them to evaluation) and never count."""
    deprecations: tuple[str, ...] = ()
    """Sentences about deprecated option values used (shown as warnings on standard error)."""


@dataclass(frozen=True)
class Verdict:
    """Whether the check fails, and why, in words a CI log can show."""

    exit_code: int
    """0 pass, 1 fail."""
    reasons: tuple[str, ...] = ()
    """One sentence per reason the check fails; empty when it passes."""

    @property
    def failed(self) -> bool:
        """True when the check fails."""
        return self.exit_code != 0


def known_codes() -> list[str]:
    """Every finding code a policy may name, sorted."""
    return sorted(FINDINGS)


def code_problem(code: str) -> str | None:
    """Why *code* cannot be used in a policy (with a did-you-mean), or None when it can."""
    if code in FINDINGS:
        return None
    if code in INPUT_ERROR_CODES:
        return (f"'{code}' is an input error code: input errors always stop the check with exit code 2, "
                "so a policy cannot name them")
    return f"unknown finding code '{code}'" + (did_you_mean(code, FINDINGS) or
                                                f"; known codes: {', '.join(known_codes())}")


def resolve(config: PolicyConfig | None = None, *, fail_on: str | None = None, min_readiness: str | None = None,
            fail_on_code: Iterable[str] | None = None, ignore_code: Iterable[str] | None = None) -> Policy:
    """Combine config-file defaults with command-line options (which win).

    Empty or None command-line values leave the config file's value in place. Raises
    :class:`PolicyError` for unknown codes, or a code both ignored and failed on.
    """
    base = config or PolicyConfig()
    fail_list = list(fail_on_code or []) or list(base.fail_on_code or [])
    ignore_list = list(ignore_code or []) or list(base.ignore_code or [])
    problems = [f"--fail-on-code: {p}" for p in map(code_problem, fail_list) if p]
    problems += [f"--ignore-code: {p}" for p in map(code_problem, ignore_list) if p]
    both = sorted(set(fail_list) & set(ignore_list))
    if both:
        problems.append(f"{', '.join(both)} cannot be both ignored and failed on; drop one of the two options")
    if problems:
        raise PolicyError("; ".join(problems))
    floor = min_readiness or base.min_readiness
    deprecations: tuple[str, ...] = ()
    if floor in DEPRECATED_READINESS:
        new = DEPRECATED_READINESS[floor]
        deprecations = (f"min-readiness '{floor}' is deprecated and will be removed after 0.3; say '{new}' "
                        f"({READINESS_PHRASE[new]}) instead",)
        floor = new
    return Policy(
        fail_on=fail_on or base.fail_on or "error",  # type: ignore[arg-type]
        min_readiness=floor,  # type: ignore[arg-type]
        fail_on_code=frozenset(fail_list),
        ignore_code=frozenset(ignore_list),
        deprecations=deprecations,
    )


def decide(result: CheckResult, policy: Policy) -> Verdict:
    """Apply *policy* to *result*: exit code 1 with reasons when it fails, else 0."""
    findings = [f for f in result.findings if f.code not in policy.ignore_code]
    reasons: list[str] = []
    if policy.fail_on != "never":
        threshold = SEVERITY_ORDER[policy.fail_on]
        hits = [f for f in findings if SEVERITY_ORDER[f.severity] >= threshold]
        if hits:
            level = "" if policy.fail_on == "info" else f" at or above {policy.fail_on}"
            reasons.append(f"{plural(len(hits), 'finding')}{level} (fail-on {policy.fail_on})")
    for code in sorted(policy.fail_on_code):
        n = sum(1 for f in findings if f.code == code)
        if n:
            reasons.append(f"{plural(n, code + ' finding')} (fail-on-code {code})")
    if policy.min_readiness is not None:
        floor = READINESS_ORDER[policy.min_readiness]
        for rubric in result.rubrics:
            if READINESS_ORDER[rubric.readiness] < floor:
                reasons.append(f"{rubric.id} is {READINESS_LABEL[rubric.readiness]}, below "
                               f"{READINESS_LABEL[policy.min_readiness]} (min-readiness {policy.min_readiness})")
    return Verdict(1 if reasons else 0, tuple(reasons))
