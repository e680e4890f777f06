"""The one home for words: labels, plurals, lists, clipping, dates and Markdown escaping.

Every output that a person reads takes its words from here, so the terminal, the CI
summary, the board paper and the dashboard say the same thing the same way. Nothing here
decides anything: the evaluation decides, and these functions only say it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .safe_text import visible

# --------------------------------------------------------------------------- labels

READINESS_LABEL: dict[str, str] = {
    "ready": "Ready",
    "plan-agreed": "Not ready: plan agreed",
    "not-ready": "Not ready",
}
"""Readiness of a rubric, in the words NHS trusts know from the Data Security and Protection
Toolkit: *Standards Met*, *Standards Not Fully Met (Plan Agreed)*, *Standards Not Met*. (0.2 said
"Approaching readiness", after the DSPT's *Approaching Standards*, which applies to social care.)"""

READINESS_PHRASE: dict[str, str] = {
    "ready": "ready",
    "plan-agreed": "not ready, with a plan agreed for every shortfall",
    "not-ready": "not ready",
}
"""Readiness in the middle of a sentence (``the trust is not ready, with a plan agreed ... against``)."""

STATUS_LABEL: dict[str, str] = {
    "met": "Met or confirmed",
    "action-planned": "Shortfall: plan in place",
    "gap": "Shortfall: no adequate plan",
    "not-assessed": "Not yet assessed",
    "not-applicable": "Not applicable",
}
"""A criterion's status in words a board uses: a *shortfall* is a criterion not met or confirmed
with current evidence; its *plan* is an open action with an owner and a due date, not overdue."""

NOT_RATED = "Not rated"
"""A criterion the trust has not yet rated, in the place of its rating."""


RAG_LABEL: dict[str, str] = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey"}
"""The colours, always printed as words (colour never carries meaning alone)."""

ACTION_STATUS_LABEL: dict[str, str] = {
    "not-started": "Not started",
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "complete": "Complete",
}
"""Words for each action status, as people read them in reports."""

PURPOSE_CHOICE: dict[str, str] = {
    "approval": "Approval",
    "assurance": "Assurance",
    "discussion": "Discussion",
    "information": "Information",
}
"""The purposes a cover sheet offers, in its order, as the row of choices names them."""

EQIA_LABEL: dict[str, str] = {
    "yes": "Completed",
    "no": "Not completed",
    "not-applicable": "Not applicable",
}
"""Whether an equality and quality impact assessment was completed, as a cover sheet says it."""

ASSURANCE_LABEL: dict[str, str] = {
    "substantial": "Substantial",
    "reasonable": "Reasonable",
    "limited": "Limited",
    "no-assurance": "No assurance",
}
"""The assurance levels of an NHS board cover sheet, strongest first."""

ASSURANCE_MEANING: dict[str, str] = {
    "substantial": "Every set of criteria is ready: no criterion has a problem.",
    "reasonable": "Every shortfall has a plan in place: an open action with an owner and a due date, "
                  "not overdue.",
    "limited": "Some shortfalls have no adequate plan, but at least half the criteria are met or "
               "confirmed with current evidence.",
    "no-assurance": "Fewer than half the criteria are met or confirmed with current evidence.",
}
"""What each assurance level means, as the evaluation decides it (``evaluate._assurance``)."""
PARTNER_KIND_LABEL: dict[str, str] = {
    "icb": "ICB",
    "trust": "NHS trust",
    "primary-care": "Primary care",
    "local-authority": "Local authority",
    "vcse": "VCSE",
    "other": "Other",
}
"""What kind of organisation a system partner is, in the short words boards use (the glossary
spells out ICB and VCSE)."""

POSITION_LABEL: dict[str, str] = {
    "supports": "Supports",
    "supports-with-conditions": "Supports, with conditions",
    "undecided": "Undecided",
    "does-not-support": "Does not support",
}
"""A partner's position on the application, in words."""

ELIGIBLE_LABEL: dict[str, str] = {
    "eligible": "Eligible",
    "not-yet": "Not yet eligible",
    "not-known": "Not known",
}
"""Whether the trust is eligible for designation (``designation.evaluate_designation``), said before readiness."""

PREREQUISITE_STATUS_LABEL: dict[str, str] = {
    "met": "Met",
    "not-met": "Not met",
    "recorded": "Recorded (no threshold published)",
    "missing": "Not recorded",
    "unevidenced": "No evidence that counts",
    "out-of-date": "Out of date",
}
"""One eligibility prerequisite as judged."""

ROUTE_LABEL: dict[str, str] = {"psr-2023": "Provider Selection Regime 2023", "other": "Other route"}
"""A provider-network service's procurement route."""

ANSWER_LABEL: dict[bool | None, str] = {True: "Yes", False: "No", None: "Not stated"}
"""A partner's yes-or-no answer, or that it gave none."""


def icb_answers_sentence(name: str, intends: bool | None, host: bool | None) -> str:
    """The ICB's two answers, kept apart, in one sentence (the system view leads with it)."""
    return (f"The ICB ({name}): intends to commission an IHO contract: {ANSWER_LABEL[intends]}; "
            f"supports this trust as host: {ANSWER_LABEL[host]}.")


OURS_NOTE = "Added by iho-ready, not NHS England: which criteria matter at each stage, which need a linked risk, " \
    "and what each prerequisite accepts are the project's reading of the sources quoted."
"""Said wherever a reader sees the designation rules, so that nothing of ours passes as the source's."""

SEVERITY_NOUN: dict[str, tuple[str, str]] = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "info": ("information", "information"),
}
"""A finding severity as a countable noun (singular, plural)."""


def words(key: str) -> str:
    """A hyphenated key as words: ``consultation-draft`` -> ``consultation draft``."""
    return key.replace("-", " ")


# --------------------------------------------------------------------------- counting and lists

_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_words(count: int) -> str:
    """Counts up to ten in words, as prose in a board paper writes them; larger ones in digits."""
    return _SMALL[count] if 0 <= count < len(_SMALL) else str(count)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings``; *many* for irregular plurals (``criterion``/``criteria``)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def listing(parts: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (``or`` with *conjunction*); empty for no parts."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest as written."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """The first letter in lower case, the rest as written."""
    return text[:1].lower() + text[1:]


def one_line(text: str) -> str:
    """Every run of white space (newlines included) folded to one space, control characters made visible.

    Text from a manifest can hold ESC sequences or other control characters; shown as
    escapes (``\\x1b``), they can neither act on a terminal nor break a line.
    """
    return visible(" ".join(text.split()))


def clip(text: str, limit: int) -> str:
    """*text* on one line, at most *limit* characters, ending in an ellipsis where cut.

    Cuts at a word boundary where one is near, so a word is never broken mid-way when it
    need not be.
    """
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


# --------------------------------------------------------------------------- dates

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def short_date(value: date) -> str:
    """``6 Nov 2026``: for a chart's axis, independent of the locale."""
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def long_date(value: date) -> str:
    """``6 November 2026``: no leading zero, month in words, independent of the locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


NOT_STATED = "Not stated in the source"
"""What a rubric's publication date reads as when the source states none."""


def long_month_or_date(value: str | None) -> str:
    """A rubric's ``published`` value in words: ``2025-11`` -> ``November 2025``; a full date as
    :func:`long_date` writes it; none (the source states no date) as :data:`NOT_STATED`."""
    if value is None:
        return NOT_STATED
    if len(value) == 7:
        year, month = value.split("-")
        return f"{_MONTHS[int(month) - 1]} {year}"
    return long_date(date.fromisoformat(value))


# --------------------------------------------------------------------------- provenance


def with_lead_in(lead_in: str | None, statement: str) -> str:
    """A statement as the source reads it, after the words it completes:
    ``The board has assured itself that… It has the skills…``."""
    return f"{lead_in} {statement}" if lead_in else statement


def made_by(by: str | None) -> str:
    """Who made part of a rubric, in words: the source, or an addition (``iho-ready``'s or another's)."""
    if by is None:
        return "who made it is not stated"
    if by == "source":
        return "from the source"
    return f"added by {by}, not from the source"


def decided_by(what: str, by: str | None) -> str:
    """``Mandatory (decided by iho-ready, not by the source)``: a decision that is an addition."""
    if by is None or by == "source":
        return f"{what} (as the source says)" if by == "source" else what
    return f"{what} (decided by {by}, not by the source)"


def partner_kinds(kinds: Sequence[str]) -> str:
    """``ICB, Primary care and VCSE``: kinds of system partner, in the words boards use."""
    return listing([PARTNER_KIND_LABEL.get(k, k) for k in kinds])


NO_COUNTERPART = "No counterpart"
"""Coverage of a criterion that no criterion of the other set matches, as its crosswalk records: a gap."""


def no_counterpart_line(source_rubric: str, target_rubric: str, targets: Sequence[str]) -> str:
    """``nhsconfed-host-provider FOM1 and GRM1 have no counterpart in nhse-iho-designation (crosswalk gaps;
    iho-ready explain ID says why)``."""
    one = len(targets) == 1
    return (f"{target_rubric} {listing(list(targets))} {'has' if one else 'have'} no counterpart in "
            f"{source_rubric} ({'a crosswalk gap' if one else 'crosswalk gaps'}; iho-ready explain ID says why)")


def credit(publisher: str | None, partners: Sequence[str], authors: Sequence[str], when: str | None) -> str:
    """Whom a source credits, as it credits them: ``NHS Confederation, in partnership with
    Browne Jacobson; authors Annie Bliss, ... and Madeline Pulling; November 2025``."""
    parts = []
    if publisher:
        parts.append(publisher + (f", in partnership with {listing(list(partners))}" if partners else ""))
    elif partners:
        parts.append(f"in partnership with {listing(list(partners))}")
    if authors:
        parts.append(f"{'author' if len(authors) == 1 else 'authors'} {listing(list(authors))}")
    if when:
        parts.append(when)
    return "; ".join(parts)


# --------------------------------------------------------------------------- paths


def display_path(path: str | Path) -> str:
    """A path as every output shows it: relative to the working folder where it lies inside
    it, as given otherwise, always with forward slashes.

    CI annotations and SARIF locations must be relative to the repository root (the folder
    the check runs in), never absolute paths from one machine. A name that is not valid
    UTF-8 (its bytes kept by Python as lone surrogates) or holds control characters is
    shown with escapes (``m\\xe9.yaml``), so every output can be written as UTF-8.
    """
    path = Path(path)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            path = path.relative_to(Path.cwd())
    return visible(path.as_posix())


# --------------------------------------------------------------------------- Markdown


class Markdown(str):
    """Text that is already Markdown (escaped, or written by a template) and is printed as is."""


# Characters with a meaning somewhere in CommonMark, GFM or pandoc's Markdown: code, emphasis,
# links and images, raw HTML and autolinks, table cells, strikethrough and subscript,
# superscript, pandoc attributes, maths (GitHub and pandoc), headings and backslash itself.
_ALWAYS = re.compile(r"([\\`*_\[\]<>|~^{}$#])")
# An entity reference such as "&lt;" would be decoded; "&" followed by anything else is plain text.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a value, these would begin a list, a heading underline or a rule, and
# "1." or "1)" followed by a space an ordered list (CommonMark allows up to nine digits).
_LEADING = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# GitHub and pandoc turn bare web addresses into links and take a following backslash escape
# into the address ("http://x.org\>" shows the backslash); manifest text stays text instead.
_WEB = re.compile(r":(?=//)")
_WWW = re.compile(r"\b([Ww]{3})\.")


def md_escape(value: Any) -> Markdown:
    """Make *value* safe to print anywhere in Markdown: a paragraph, a list item or a table cell.

    Runs of whitespace (newlines included) become one space, so a value cannot end a table
    row or start a new block; Markdown punctuation is backslash-escaped so it shows as
    itself. The result reads the same once rendered: ``# Plan | *draft*`` becomes
    ``\\# Plan \\| \\*draft\\*``, which shows as the original text.
    """
    if isinstance(value, Markdown):
        return value
    text = one_line(str(value))
    text = _ALWAYS.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _LEADING.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    text = _WEB.sub(r"\\:", text)
    text = _WWW.sub(r"\1\\.", text)
    return Markdown(text)


_BACKTICKS = re.compile(r"`+")


def md_code(value: Any, *, cell: bool = True) -> Markdown:
    """*value* as a Markdown code span that shows it exactly, wherever it is printed.

    The fence is one backtick longer than the longest run of backticks in *value* (so a
    backtick in a folder name cannot close the span and turn the rest into a live link or
    image), control characters are shown as escapes, and ``|`` is escaped so that the
    span cannot end a table *cell* (GitHub shows ``\\|`` in a cell's code span as ``|``).
    """
    text = one_line(str(value))
    if cell:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


_CODE_AT_END = re.compile(r"\[([a-z0-9-]+)\]$")


def problem_for_publication(problems: Sequence[str]) -> str | None:
    """What a published page says about input problems: the first one's code, never its text.

    The text of an input problem can quote a value from a private file (a bad field in
    private evidence), so pages anyone may read show ``an input error (schema)`` instead.
    """
    if not problems:
        return None
    code = _CODE_AT_END.search(problems[0])
    return f"an input error ({code.group(1)})" if code else "an input error"


def md_join(values: Iterable[Any], separator: str = ", ") -> Markdown:
    """Escape each of *values* and join them with *separator* (which the caller writes)."""
    return Markdown(separator.join(md_escape(v) for v in values))


# --------------------------------------------------------------------------- reasons


def _missing_phrase(refs: Sequence[str]) -> str:
    # A criterion with no key-evidence items of its own needs one document supporting it directly.
    return f"required evidence is incomplete: {'; '.join(refs)}" if refs else "no current document supports it"


def reason_sentence(code: str, refs: Sequence[str], lacks: Sequence[str], rating: str) -> str:
    """One reason a criterion is an exception (a ``Reason`` of the result) as a sentence.

    *rating* is the criterion's rating in words, e.g. ``Partially met``.
    """
    fixed = {
        "not-assessed": "It has not yet been assessed.",
        "not-confirmed": "The board does not confirm this statement.",
        "explanation-missing": "No explanation has been recorded.",
        "icb-statement-missing": "The manifest lists no statement from the integrated care board (ICB).",
        "gap-without-action": "No open action addresses the shortfall.",
        "wording-changed": "Its wording has changed since the board confirmed it, and the board has not "
                           "re-confirmed the new words.",
    }
    if code in fixed:
        return fixed[code]
    if code == "rated-below":
        return f"It is rated {rating.lower()}."
    if code == "unsupported-claim":
        return f"It is rated {rating.lower()}, but {_missing_phrase(refs)}."
    if code == "evidence-incomplete":
        return capitalise(_missing_phrase(refs)) + "."
    if code == "action-incomplete":
        return f"Action {refs[0]} has no {listing(list(lacks), 'or')}."
    if code == "action-overdue":
        return f"Action {refs[0]} is overdue."
    if code == "evidence-problem":
        return f"Evidence it relies on has a problem: {'; '.join(refs)}."
    if code == "unapproved-key-evidence":
        return f"It is rated {rating.lower()}, but the board cannot rely on unapproved key evidence: {'; '.join(refs)}."
    raise ValueError(f"no words for reason {code!r}")


def template_value(value: Any) -> str:
    """A non-text value a report template prints, in words: numbers as digits, dates as
    ``6 November 2026``. Raises TypeError for true/false, a missing value or an object, so a
    template bug is a located ``[template]`` error, never ``None`` in a board paper."""
    if isinstance(value, bool):
        raise TypeError("the template printed true/false; use it in an {% if %} instead")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return long_date(value)
    if value is None:
        raise TypeError("the template printed a missing value (None); test it with {% if %} first")
    raise TypeError(f"the template printed a {type(value).__name__}; print text, a number or a date")


def assurance_phrase(level: str) -> str:
    """An assurance level as a phrase in a sentence: ``limited assurance``, ``no assurance``."""
    label = ASSURANCE_LABEL[level].lower()
    return label if label.endswith("assurance") else f"{label} assurance"
# --------------------------------------------------------------------------- places in a file


from .words_places import (
    _ITEM_NOUN as _ITEM_NOUN,
    item_name as item_name,
    slash_hint as slash_hint,
)
