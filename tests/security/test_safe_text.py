"""Control characters in input text become visible escapes; XML text stays well-formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import pytest

from iho_ready.safe_text import visible, visible_lines, xml_text


@pytest.mark.parametrize(("text", "shown"), [
    ("plain Trust name é ü 東京", "plain Trust name é ü 東京"),
    ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),
    ("line one\nmanifest.yaml:1:1: error: forged [schema]", "line one\\nmanifest.yaml:1:1: error: forged [schema]"),
    ("a\rb\tc", "a\\rb\\tc"),
    ("\x00\x07\x7f\x85\x9b", "\\x00\\x07\\x7f\\x85\\x9b"),
    ("abc\u202edef\u2066", "abc\\u202edef\\u2066"),
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),
    ("caf\udce9.yaml", "caf\\xe9.yaml"),
])
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert "\n" not in visible(text) and visible(visible(text)) == visible(text)


def test_visible_lines_keeps_newlines_and_tabs_only() -> None:
    assert visible_lines("a\tb\nc\x1bd\re") == "a\tb\nc\\x1bd\\re"


def test_xml_text_makes_any_text_well_formed() -> None:
    hostile = "".join(chr(c) for c in range(0x20)) + "\x7f\ud800\ufffe\uffff ok <&> ]]>"
    from xml.sax.saxutils import quoteattr

    document = f"<a b={quoteattr(xml_text(hostile))}>{escape(xml_text(hostile))}</a>"
    root = ET.fromstring(document)
    assert "ok <&> ]]>" in root.text and "\\x01" in root.text and "\\ud800" in root.text
