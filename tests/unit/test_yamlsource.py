"""YAML 1.2 core-schema reading, duplicate keys and hostile documents."""

from __future__ import annotations

import math

import pytest

from iho_ready.diagnostics import InputError
from iho_ready.yamlsource import compose, construct, resolve_plain


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"), ("NO", "NO"), ("on", "on"), ("off", "off"), ("y", "y"),
        ("true", True), ("False", False), ("TRUE", True),
        ("0123", 123), ("0o17", 15), ("0x1F", 31), ("-5", -5),
        ("1.10", 1.1), ("1e3", 1000.0), (".inf", math.inf),
        ("2026-10-31", "2026-10-31"), ("31/01/2027", "31/01/2027"), ("12:30", "12:30"),
        ("~", None), ("null", None), ("", None), ("RX9", "RX9"), ("1_000", "1_000"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text, expected):
    assert resolve_plain(text) == expected


def test_quoted_and_tagged_scalars_stay_text():
    src = compose('a: "1.10"\nb: \'yes\'\nc: !!str 0123\nd: !!int "42"\n', "t.yaml")
    assert construct(src) == {"a": "1.10", "b": "yes", "c": "0123", "d": 42}
    assert src.diagnostics == []


def test_duplicate_keys_are_located_at_the_second_key():
    src = compose("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "t.yaml")
    construct(src)
    found = [(d.line, d.column, d.code) for d in src.diagnostics]
    assert found == [(4, 3, "duplicate-key"), (5, 1, "duplicate-key")]
    assert "first given on line 3" in src.diagnostics[0].message


def test_unknown_tags_are_refused():
    src = compose("a: !!python/object:os.system x\n", "t.yaml")
    construct(src)
    assert [(d.line, d.column, d.code) for d in src.diagnostics] == [(1, 4, "yaml-syntax")]


def test_alias_bomb_is_stopped():
    rows = ["a: &a [1,1,1,1,1,1,1,1,1,1]"]
    for prev, name in zip("abcdef", "bcdefg"):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    with pytest.raises(InputError) as info:
        compose("\n".join(rows) + "\n", "t.yaml")
    (d,) = info.value.diagnostics
    assert (d.line, d.code) == (7, "limit") and "aliases expand the document" in d.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    # an unclosed bracket at the bracket; a value holding ': ' where its quotes go
    [("a: [1, 2\n", 1, 4), ("a: b: c\n", 1, 4), ("a:\n\t- x\n", 2, 1), ("a: 1\n---\nb: 2\n", 2, 1)],
)
def test_syntax_errors_are_located(text, line, column):
    with pytest.raises(InputError) as info:
        compose(text, "t.yaml")
    (d,) = info.value.diagnostics
    assert (d.file, d.line, d.column, d.code) == ("t.yaml", line, column, "yaml-syntax")
