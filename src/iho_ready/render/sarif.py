"""SARIF 2.1.0: the format code-scanning tools read (GitHub code scanning, Azure DevOps, IDEs).

One rule per finding code (from :data:`iho_ready.findings.FINDINGS`, with its help text and
an example that raises it and one that does not), one result per finding, located at its
manifest line. Paths are relative to ``%SRCROOT%``, the folder the check ran in (the
repository root in CI), so the log is the same on every machine.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from ..diagnostics import INPUT_ERROR_CODES
from ..findings import FINDINGS, FindingKind
from ..models.outcome import InvalidInput, Outcome
from . import RenderOptions

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
"""SARIF level for each finding severity."""


def _rule(kind: FindingKind) -> dict[str, Any]:
    name = "".join(part.capitalize() for part in kind.code.split("-"))
    return {
        "id": kind.code,
        "name": name,
        "shortDescription": {"text": kind.summary},
        "fullDescription": {"text": kind.summary},
        "help": {
            "text": f"{kind.summary}\n\nRaised by (a manifest fragment):\n    {kind.fails}\n\n"
                    f"Fixed:\n    {kind.passes}",
            "markdown": f"{kind.summary}\n\nRaised by (a manifest fragment):\n\n```yaml\n{kind.fails}\n```\n\n"
                        f"Fixed:\n\n```yaml\n{kind.passes}\n```",
        },
        "defaultConfiguration": {"level": LEVEL[kind.severity]},
    }


def uri(path: str) -> str:
    """A relative URI reference for a path as shown (forward slashes, percent-encoded).

    A backslash is a folder separator only on Windows; elsewhere it is part of a name (an
    escaped undecodable byte, ``m\\xe9.yaml``) and is percent-encoded like any other.
    """
    return quote(path.replace("\\", "/") if os.sep == "\\" else path, safe="/")


def render(outcome: Outcome, options: RenderOptions, /) -> str:
    """Return the SARIF log as indented JSON with a trailing newline."""
    codes = sorted(FINDINGS)
    index = {code: i for i, code in enumerate(codes)}
    files = sorted({f.location.file for f in outcome.result.findings} | {outcome.result.manifest})
    file_index = {name: i for i, name in enumerate(files)}
    results = []
    for f in outcome.result.findings:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri(f.location.file), "uriBaseId": SRCROOT,
                                               "index": file_index[f.location.file]}}
        if f.location.line:
            physical["region"] = {"startLine": f.location.line, "startColumn": max(f.location.column, 1)}
        result: dict[str, Any] = {"ruleId": f.code}
        if f.code in index:  # every code is a rule; the guard keeps a new code from breaking output
            result["ruleIndex"] = index[f.code]
        result.update(level=LEVEL[f.severity], message={"text": f.located_message},
                      locations=[{"physicalLocation": physical}])
        context = {k: v for k, v in (("rubric", f.rubric), ("criterion", f.criterion), ("evidence", f.evidence),
                                     ("document", f.document), ("action", f.action)) if v is not None}
        if context:
            result["properties"] = context
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "iho-ready", "version": outcome.result.tool_version,
                                "rules": [_rule(FINDINGS[code]) for code in codes]}},
            "originalUriBaseIds": {SRCROOT: {"description": {
                "text": "The folder iho-ready ran in: the root of the evidence repository in CI."}}},
            "artifacts": [{"location": {"uri": uri(name), "uriBaseId": SRCROOT}} for name in files],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _input_rule(code: str) -> dict[str, Any]:
    summary = INPUT_ERROR_CODES[code]
    name = "".join(part.capitalize() for part in code.split("-"))
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary + " The manifest was not evaluated (exit code 2)."},
        "help": {"text": f"{summary}\n\nFix the file at the location given; iho-ready checks the manifest once "
                         "every input file can be read."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["input-error"]},
    }


def render_invalid(invalid: InvalidInput, options: RenderOptions, /) -> str:
    """A SARIF log for input that could not be read: one rule per input-error code, one result per problem."""
    codes = sorted(INPUT_ERROR_CODES)
    index = {code: i for i, code in enumerate(codes)}
    files = sorted({d.file for d in invalid.diagnostics} | {invalid.manifest})
    file_index = {name: i for i, name in enumerate(files)}
    results = []
    for d in invalid.diagnostics:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri(d.file), "uriBaseId": SRCROOT,
                                                          "index": file_index[d.file]}}
        if d.line:
            physical["region"] = {"startLine": d.line, "startColumn": max(d.column, 1)}
        result: dict[str, Any] = {"ruleId": d.code}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        result.update(level="error", message={"text": d.message}, locations=[{"physicalLocation": physical}])
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "iho-ready", "version": invalid.tool_version,
                                "rules": [_input_rule(code) for code in codes]}},
            "invocations": [{"executionSuccessful": False, "exitCode": 2}],
            "originalUriBaseIds": {SRCROOT: {"description": {
                "text": "The folder iho-ready ran in: the root of the evidence repository in CI."}}},
            "artifacts": [{"location": {"uri": uri(name), "uriBaseId": SRCROOT}} for name in files],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
