"""The commonest YAML slips in plain words: what a governance officer should type, found from the
kind of error and the text of the lines, never from the parser's own message.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .limits import (
    MAX_DEPTH,
)

_TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep; iho-ready reads at most {MAX_DEPTH}"

_FIELD = re.compile(r"[a-z_][a-z0-9_-]*")
"""A word that looks like a field name (``rating``, ``review_by``), not the start of a title."""


def syntax_advice(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str, str] | None:
    """The commonest YAML slips as (line, column, advice in plain words, code), or None for any other error.

    Manifests are written by governance officers, not YAML experts, and the parser's own words
    ("mapping values are not allowed in this context") do not say what to type. The slip is
    recognised from the kind of error, where it is, and the text of the lines there (never
    from the parser's message, which differs between libyaml and PyYAML): a tab in the
    indentation, a quote or bracket never closed, an apostrophe inside single quotes, a value
    holding ``": "`` that needs quotes, and a line indented out of step with the lines above.
    Brackets nested beyond :data:`~iho_ready.limits.MAX_DEPTH` on one line (libyaml refuses them
    before the composer counts them) get the composer's own ``limit`` error.
    """
    lines = text.split("\n")
    problem = error.problem_mark
    if problem is not None and _char(lines, problem) in ("[", "{") and \
            len(_open_brackets(lines, problem.line, problem.column)) >= MAX_DEPTH:
        return problem.line + 1, problem.column + 1, _TOO_DEEP, "limit"
    advice = _advice(error, lines)
    return None if advice is None else (*advice, "yaml-syntax")


def _advice(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    problem, context = error.problem_mark, error.context_mark
    if problem is None or problem.line >= len(lines):
        problem = None
    where = lines[problem.line] if problem is not None else ""
    opened = _char(lines, context)
    if problem is not None and "\t" in where[: len(where) - len(where.lstrip(" \t"))] + _char(lines, problem):
        return (problem.line + 1, where.index("\t") + 1,
                "this line is indented with a tab; YAML needs spaces: replace the tab with spaces")
    if isinstance(error, yaml.scanner.ScannerError) and context is not None and opened in "\"'" and opened:
        hint = " (an apostrophe inside single quotes is written twice: 'Trust''s plan')" if opened == "'" else ""
        return (context.line + 1, context.column + 1,
                f"the quote {opened} that starts this value is never closed; end the value with {opened}{hint}")
    bracket = (context.line, context.column, opened) if context is not None and opened in ("[", "{") else None
    if isinstance(error, yaml.parser.ParserError) and problem is not None and bracket is None:
        bracket = next(reversed(_open_brackets(lines, problem.line, problem.column)), None)
    if isinstance(error, yaml.parser.ParserError) and bracket is not None and problem is not None \
            and _char(lines, problem) == ":":
        flow = _colon_in_flow(lines[problem.line], problem.column)
        if flow is not None:
            return problem.line + 1, flow[0] + 1, flow[1]
    if isinstance(error, yaml.parser.ParserError) and bracket is not None:
        row, column, opened = bracket
        close, kind = ("]", "list") if opened == "[" else ("}", "mapping")
        return (row + 1, column + 1,
                f"the {kind} that opens with {opened} here is never closed; end it with {close}, or put the "
                f"whole value in quotes if it is text that starts with {opened}")
    if problem is None:
        return None
    if isinstance(error, yaml.scanner.ScannerError) and _char(lines, problem) == ":":
        return _colon_in_value(lines, problem.line, problem.column)
    if isinstance(error, yaml.parser.ParserError):
        ended = next((r for r in range(problem.line - 1, -1, -1) if lines[r].rstrip() == "..."), None)
        if ended is not None:
            return ended + 1, 1, "a line '...' ends the YAML document, so nothing may follow it; delete that line"
        return _apostrophe(where, problem.line, problem.column) or _indentation(lines, problem.line)
    return None


def _open_brackets(lines: list[str], row: int, column: int) -> list[tuple[int, int, str]]:
    """Every ``[`` or ``{`` still open at (*row*, *column*), innermost last, skipping quoted text and comments."""
    stack: list[tuple[int, int, str]] = []
    for r, line in enumerate(lines[: row + 1]):
        quote = ""
        for c, char in enumerate(line if r < row else line[:column]):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (c == 0 or line[c - 1] in " [{,:"):
                quote = char
            elif char == "#" and (c == 0 or line[c - 1] in " \t"):
                break
            elif char in "[{" and (not line[:c].strip() or line[:c].rstrip()[-1] in ":-[{,"):  # starts a value
                stack.append((r, c, char))
            elif char in "]}" and stack:
                stack.pop()
    return stack


def _char(lines: list[str], mark: Any) -> str:
    """The character at *mark* ("" past the end of its line or the text)."""
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return str(lines[mark.line][mark.column])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _colon_in_value(lines: list[str], row: int, column: int) -> tuple[int, int, str]:
    """A ``key: value: more`` line (the value needs quotes), or a line indented too far."""
    line = lines[row]
    before = line[:column]
    body = before.lstrip(" ").removeprefix("- ").lstrip(" ")
    key, sep, inner = body.partition(": ")
    if not sep:
        return _indentation(lines, row) or (row + 1, column + 1, "a colon followed by a space (': ') starts a new "
                                            "field; put the whole value in quotes if it is text")
    start = len(before) - len(inner)
    value = line[start:].strip()
    quoted = _double_quoted(value)
    message = f"a value that contains ': ' (a colon and a space) must be in quotes: write {key}: {quoted}"
    field = inner.strip()
    if _FIELD.fullmatch(field):
        message = (f"'{field}:' cannot follow '{key}:' on the same line: put {field}: on a new line, indented "
                   f"under {key}:; or, if it is all one value, put it in quotes: {key}: {quoted}")
    return row + 1, start + 1, message


def _colon_in_flow(line: str, column: int) -> tuple[int, str] | None:
    """``{title: IHO: readiness}``: a value inside brackets holding ``": "``. Returns (column of the
    value, advice), or None when the colon at *column* follows no ``key: `` of its own entry."""
    entry = max(line.rfind(mark, 0, column) for mark in "{[,") + 1
    key, sep, _ = line[entry:column].partition(": ")
    if not sep or not key.strip():
        return None
    start = entry + len(key) + len(sep)
    start += len(line[start:]) - len(line[start:].lstrip(" "))
    ends = [i for i in (line.find(mark, column) for mark in ",}]") if i >= 0]
    value = line[start:min(ends) if ends else len(line)].rstrip()
    return start, (f"a value that contains ': ' (a colon and a space) must be in quotes, inside brackets too: "
                   f"write {key.strip()}: {_double_quoted(value)}")


def _double_quoted(value: str) -> str:
    """*value* as a YAML double-quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _apostrophe(line: str, row: int, column: int) -> tuple[int, int, str] | None:
    """``name: 'Trust's plan'``: the single quotes end at the apostrophe."""
    value_start = line.find(": '")
    if value_start < 0 or not value_start + 3 < column <= len(line) or line[column - 1] != "'":
        return None
    value = line[value_start + 3:].split(" #")[0].rstrip().removesuffix("'")
    doubled = "'" + value.replace("'", "''") + "'"
    return (row + 1, value_start + 3,
            f"the value's single quotes end at the apostrophe; write an apostrophe inside single quotes twice "
            f"({doubled})" + ("" if '"' in value or "\\" in value else f', or use double quotes ("{value}")'))


def _indentation(lines: list[str], row: int) -> tuple[int, int, str] | None:
    """A line whose indentation is out of step with the lines above it."""
    above = next((r for r in range(row - 1, -1, -1) if lines[r].strip() and not lines[r].lstrip().startswith("#")),
                 None)
    if above is None:
        return None
    here, there = _indent(lines[row]), _indent(lines[above])
    if here == there and lines[row].lstrip().startswith("-") and not lines[above].lstrip().startswith("-"):
        return (row + 1, here + 1, "a list item ('- ') cannot sit among 'key: value' lines; put the list under a "
                "key of its own, indented more than the key")
    if here == there:
        return None
    spaces = f"{there} space{'' if there == 1 else 's'}"
    if here > there:
        return (row + 1, here + 1, f"this line is indented more than line {above + 1}, so YAML reads it as part "
                f"of that line's value; indent it by {spaces}, like line {above + 1}, if it is a field of the "
                "same item")
    return (row + 1, here + 1, f"this line's indentation does not line up with the lines above; indent it by "
            f"{spaces}, like line {above + 1}, or as far as the item it belongs to")
