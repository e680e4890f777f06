"""Advice for the commonest YAML slips: found from the kind and place of the error, never its words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iho_ready import yamlsource
from iho_ready.diagnostics import InputError

CASES = Path(__file__).parents[1] / "cases" / "invalid"
SYNTAX = sorted(p for p in CASES.glob("*/*.yaml") if "[yaml-syntax]" in (p.parent / "expected.txt").read_text())
SYNTAX += sorted(p for p in CASES.glob("*/partners/*.yaml")
                 if "[yaml-syntax]" in (p.parents[1] / "expected.txt").read_text())


class _PureEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[misc]
    """PyYAML's pure-Python parser, whose messages differ from libyaml's."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def _diagnostics(text: str) -> list[str]:
    try:
        yamlsource.compose(text, "m.yaml")
    except InputError as e:
        return [d.format() for d in e.diagnostics]
    return []


@pytest.mark.parametrize("path", SYNTAX, ids=[f"{p.parent.name}/{p.name}" for p in SYNTAX])
def test_the_advice_is_the_same_whichever_parser_reads_the_file(path, monkeypatch):
    if getattr(yamlsource, "_CParser", None) is None:
        pytest.skip("PyYAML without libyaml: only one parser to compare")
    text = path.read_text(encoding="utf-8", errors="replace")
    with_libyaml = _diagnostics(text)
    monkeypatch.setattr(yamlsource, "_Events", _PureEvents)
    monkeypatch.setattr(yamlsource, "_PURE", True)
    pure = _diagnostics(text)
    assert pure == with_libyaml


@pytest.mark.parametrize("slip, expected", [
    ("  title: Strategy: 2026 to 2030\n", 'title: "Strategy: 2026 to 2030"'),
    ("\ttitle: Readiness\n", "replace the tab with spaces"),
    ("  title: 'The trust's plan'\n", "'The trust''s plan'"),
    ('  title: "Readiness\n', 'end the value with "'),
    ("  title: [Readiness\n", "end it with ]"),
    ("   title: Readiness\n", "indent it by 2 spaces, like line 2"),
])
def test_each_slip_gets_its_fix(slip, expected):
    text = "assessment:\n  as_of: 2026-10-31\n" + slip + "  purpose: assurance\n"
    [line] = _diagnostics(text)
    assert expected in line and line.endswith("[yaml-syntax]")


def test_no_edit_of_a_manifest_breaks_the_advice():
    """Slips typed anywhere in a real manifest give a located error, never a crash."""
    lines = (CASES.parent.parent.parent / "examples" / "northshire-community" / "manifest.yaml").read_text().split("\n")
    for i in range(0, len(lines), 3):
        for slip in (": x: y", "\t", " '", ' "', " [", " {", "\n - z", "'s'"):
            text = "\n".join([*lines[:i], lines[i] + slip, *lines[i + 1:]])
            for line in _diagnostics(text):
                assert line.startswith("m.yaml:") and line.endswith("]")
