"""Read YAML once into a node tree that keeps positions, and build plain data from it.

Why not ``yaml.safe_load``: PyYAML follows YAML 1.1, where ``NO`` and ``on`` are booleans,
``0123`` is octal and ``2026-10-31`` becomes a date before our models see it, and it
silently keeps the last of two duplicate keys. Manifests are written by governance teams,
not YAML experts, so we compose the document once (with libyaml when available) and
construct values ourselves under the YAML 1.2 core schema:

* only ``true``/``false`` (any case form) are booleans; ``yes``, ``NO``, ``on`` are strings;
* integers are decimal, ``0o`` octal or ``0x`` hex; ``0123`` is the decimal 123;
* there is no timestamp type: dates stay strings and the models parse them, so a badly
  written date is reported at its own line;
* duplicate keys, unknown tags and alias bombs are located errors, never silent.

Composition is our own, iterative, from libyaml's events (PyYAML's composer recurses,
in C when libyaml is used, so a few thousand nested ``[`` crash the process). Every
limit in :mod:`iho_ready.limits` that concerns a document's shape (nesting depth,
number of values, alias expansion in characters, length of a text) is checked as the
events arrive, so a hostile document is stopped before it costs time or memory.

The node tree is kept so that any error found later (by pydantic or by reference
resolution) can be pointed at a ``file:line:col``.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, InputError
from .limits import (
    MAX_ALIAS_CHARS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_KEY_CHARS,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_SCALAR_CHARS,
    size_text,
)
from .safe_files import read_bytes

PLAIN_TAG = "tag:iho-ready,2025:plain"
"""Tag given to unquoted scalars with no explicit tag, so YAML 1.2 rules can be applied."""

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_OCT_RE = re.compile(r"^0o[0-7]+$")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF_RE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN_RE = re.compile(r"^\.(?:nan|NaN|NAN)$")

# libyaml's parser is several times faster; PyYAML's pure-Python one is the fallback. Only
# the event parser is used: composing is ours (see _Composer), so it never recurses.
try:
    import yaml.cyaml

    _CParser: type[Any] | None = getattr(yaml.cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None
_PURE = _CParser is None
_EVENT_BASES: tuple[type[Any], ...] = (
    (_CParser,) if _CParser is not None else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser))


def _init_events(self: Any, stream: str) -> None:
    # The first base reads the stream; the others (scanner, parser) take no arguments.
    first, *rest = _EVENT_BASES
    first.__init__(self, stream)
    for base in rest:
        base.__init__(self)


_Events: Any = type("_Events", _EVENT_BASES, {"__init__": _init_events})
"""A YAML event parser: libyaml's when PyYAML has it."""


def is_number_like(text: str) -> bool:
    """Whether an unquoted scalar's text would be read as a number (of any length)."""
    return bool(_INT_RE.match(text) or _OCT_RE.match(text) or _HEX_RE.match(text) or _FLOAT_RE.match(text))


_NOT_TEXT_START = frozenset("0123456789+-.~nNtTfF")
"""First characters of every core-schema value that is not text (numbers, null, booleans)."""


def resolve_plain(text: str) -> Any:
    """Return the YAML 1.2 core-schema value of an unquoted scalar's text.

    A number longer than :data:`~iho_ready.limits.MAX_NUMBER_DIGITS` stays text (Python
    cannot convert integers of over 4,300 digits); :func:`construct` reports it.
    """
    if text and text[0] not in _NOT_TEXT_START:  # most values are words: skip eight regexes
        return text
    if _NULL_RE.match(text):
        return None
    if _BOOL_RE.match(text):
        return text.lower() == "true"
    if len(text) > MAX_NUMBER_DIGITS:
        return text
    if _INT_RE.match(text):
        return int(text, 10)
    if _OCT_RE.match(text):
        return int(text[2:], 8)
    if _HEX_RE.match(text):
        return int(text[2:], 16)
    if _FLOAT_RE.match(text):
        return float(text)
    if _INF_RE.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN_RE.match(text):
        return math.nan
    return text


def _packed(mark: Any) -> Any:
    """A parser's position mark as one integer (line in the high bits): a node keeps this, not the mark.

    A mark is an object with six attributes, kept once per value: packed, a file of a million
    values needs about 50 MB less (the ``values in one file`` limit is also a memory limit).
    Typed ``Any`` because PyYAML's stubs say a node holds a mark.
    """
    return int(mark.line) << 32 | int(mark.column)


def position(node: Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where *node* starts."""
    mark = cast(int, node.start_mark)
    return (mark >> 32) + 1, (mark & 0xFFFFFFFF) + 1


def describe_scalar(node: Node) -> str | None:
    """Say how YAML read an unquoted scalar that is not text, for error messages.

    Returns e.g. ``"1.10 was read as the number 1.1"`` or None for text and non-scalars.
    """
    if not isinstance(node, ScalarNode) or node.tag != PLAIN_TAG:
        return None
    value = resolve_plain(node.value)
    if isinstance(value, bool):
        kind = "true/false value"
    elif isinstance(value, (int, float)):
        kind = "number"
    elif value is None:
        return "the value is empty"
    else:
        return None
    shown = value if not isinstance(value, bool) and str(value) != node.value else None
    read = f" {shown}" if shown is not None else ""
    return f"{node.value} was read as a {kind}{read}; put it in quotes to keep it as text: \"{node.value}\""


@dataclass
class Source:
    """One YAML file: its display name, text and composed node tree."""

    path: str
    """The path as shown in diagnostics."""
    text: str
    root: Node | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems found while constructing data (duplicate keys, unknown tags)."""
    _indexes: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False, compare=False)

    def at(self, node: Node | None, message: str, code: str) -> Diagnostic:
        """Make a diagnostic pointing at *node* (the document start if None)."""
        if node is None:
            return Diagnostic(self.path, 1, 1, message, code)
        line, column = position(node)
        return Diagnostic(self.path, line, column, message, code)

    def _key(self, mapping: MappingNode, part: Any) -> tuple[Node, Node] | None:
        """The first (key, value) of *mapping* whose key is *part*: by an index, so that
        locating thousands of problems in one large mapping stays linear."""
        index = self._indexes.get(id(mapping))
        if index is None:
            index = {}
            for k, v in mapping.value:
                if isinstance(k, ScalarNode):
                    index.setdefault(k.value, (k, v))
            self._indexes[id(mapping)] = index
        if str(part) in index:
            return index[str(part)]
        if isinstance(part, str) and part != "None":
            return None  # text matches only text, which the index holds
        for k, v in mapping.value:  # numbers, booleans, null: compare as YAML reads them
            if isinstance(k, ScalarNode) and _same_key(k, part):
                return k, v
        return None

    def find(self, loc: tuple[Any, ...]) -> tuple[Node | None, Node | None, int]:
        """Walk *loc* (keys and indexes) down the node tree.

        Returns ``(node, key_node, consumed)``: the deepest node reached, the key node that
        led to it (None for the root or a sequence item), and how many parts of *loc* were
        matched. Parts that do not match (pydantic's union or validator labels) are skipped.
        """
        node, key_node, consumed = self.root, None, 0
        for part in loc:
            if isinstance(node, MappingNode):
                found = self._key(node, part)
                if found is not None:
                    key_node, node = found
                    consumed += 1
                else:
                    if isinstance(part, str) and not part.startswith(("function-", "union[")):
                        return node, key_node, consumed
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node, key_node, consumed = node.value[part], None, consumed + 1
                else:
                    return node, key_node, consumed
        return node, key_node, consumed


def _same_key(node: ScalarNode, part: Any) -> bool:
    """Whether a key node is the key *part* of a pydantic ``loc`` (``0x10`` is 16).

    pydantic writes a ``true`` key as ``1`` and an empty (null) key as ``'None'``.
    """
    if node.value == str(part):
        return True
    if node.tag != PLAIN_TAG:
        return False
    value = resolve_plain(node.value)
    if value is None:
        return bool(part == "None")
    return not isinstance(part, str) and not isinstance(value, str) and bool(value == part)


def read_text(path: str, display: str | None = None) -> str:
    """Read a UTF-8 text file, raising :class:`InputError` if it cannot be read.

    Only a regular file of at most :data:`~iho_ready.limits.MAX_FILE_BYTES` is read
    (see :func:`~iho_ready.safe_files.read_bytes`); other problems are ``[io]`` errors.
    """
    shown = display or path
    return decode_text(read_bytes(path, shown), shown)


def decode_text(data: bytes, shown: str) -> str:
    """The UTF-8 text of a file's bytes, or an ``[io]`` :class:`InputError` saying why it is not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            [Diagnostic(shown, line, 1, "the file is not UTF-8 text; save it as UTF-8", "io")]
        ) from e
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - text.rfind("\n", 0, nul)
        raise InputError([Diagnostic(shown, line, column, "the file holds a NUL character: it is binary, not YAML "
                                     "text", "io")])
    return text


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large node tree is built.

    Building millions of small objects that all stay alive makes the collector walk them
    again and again (a 100,000-item manifest composes three times faster without it).
    The trees hold no reference cycles, so nothing is left for the collector to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compose(text: str, path: str) -> Source:
    """Parse *text* into a :class:`Source`; syntax errors and breached limits raise :class:`InputError`."""
    if len(text) > MAX_FILE_BYTES:  # text given directly (from git), not read through read_text
        raise InputError([Diagnostic(path, 0, 0, f"the file is larger than the limit of {size_text(MAX_FILE_BYTES)}",
                                     "limit")])
    try:
        events = _Events(text)
        try:
            with _no_gc():
                root = _Composer(events, path).document()
        finally:
            events.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = e.problem or "invalid YAML"
        code = "yaml-syntax"
        advice = syntax_advice(e, text)
        if advice is not None:
            line, column, problem, code = advice
        raise InputError([Diagnostic(path, line, column, problem, code)]) from None
    except yaml.reader.ReaderError as e:  # a character YAML does not allow (control characters)
        line, column = _offset_position(text, e.position)
        char = e.character if isinstance(e.character, int) else ord(e.character) if e.character else 0
        raise InputError([Diagnostic(path, line, column, f"the character U+{char:04X} is not allowed in YAML "
                                     "(a control character); remove it", "yaml-syntax")]) from None
    except yaml.YAMLError as e:  # pragma: no cover - every other parser error is marked
        raise InputError([Diagnostic(path, 1, 1, str(e).splitlines()[0], "yaml-syntax")]) from None
    return Source(path=path, text=text, root=root)


# --------------------------------------------------------------------------- the commonest slips, in plain words

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


_TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep; iho-ready reads at most {MAX_DEPTH}"


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
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    message = f"a value that contains ': ' (a colon and a space) must be in quotes: write {key}: {quoted}"
    field = inner.strip()
    if _FIELD.fullmatch(field):
        message = (f"'{field}:' cannot follow '{key}:' on the same line: put {field}: on a new line, indented "
                   f"under {key}:; or, if it is all one value, put it in quotes: {key}: {quoted}")
    return row + 1, start + 1, message


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


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a reader error's offset: bytes of UTF-8 for libyaml, characters otherwise."""
    before = text[:offset] if _PURE else text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


class _Frame:
    """A list or mapping being composed: its node, its items so far, and their measures."""

    __slots__ = ("anchor", "height", "items", "node", "size")

    def __init__(self, node: Node, anchor: str | None):
        self.node = node
        self.items: list[Node] = []
        self.size = 2  # characters when written out in full: brackets and separators included
        self.height = 1  # levels of nesting from here down
        self.anchor = anchor


class _Composer:
    """Builds the node tree from parser events with an explicit stack (never recursion).

    Checks, as each event arrives: nesting depth (counting what aliases expand to), the
    number of values, the characters aliases add, and the length of texts and keys.
    """

    def __init__(self, events: Any, path: str):
        self.events = events
        self.path = path
        self.anchors: dict[str, tuple[Node, int, int]] = {}  # name -> (node, size, height)
        self.anchor_lines: dict[str, int] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.alias_chars = 0

    def fail(self, event: Event, message: str, code: str = "limit") -> InputError:
        """A located error at *event*."""
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return InputError([Diagnostic(self.path, line, column, message, code)])

    def document(self) -> Node | None:
        """The single document's root node (None for an empty file)."""
        get = self.events.get_event
        get()  # stream start
        if isinstance(self.events.peek_event(), StreamEndEvent):
            return None
        get()  # document start
        root = self._node()
        end = get()
        if not isinstance(end, DocumentEndEvent):  # pragma: no cover - the parser guarantees it
            raise self.fail(end, "expected the end of the document", "yaml-syntax")
        extra = get()
        if not isinstance(extra, StreamEndEvent):
            raise self.fail(extra, "the file holds more than one YAML document; keep one (remove the '---' "
                            "separator)", "yaml-syntax")
        return root

    def _anchor(self, event: Any) -> str:
        """Register the anchor *event* defines (called only when it defines one)."""
        name: str = event.anchor
        if name in self.anchor_lines:
            raise self.fail(event, f"anchor &{name} is defined twice (first on line {self.anchor_lines[name]}); "
                            "give each anchor its own name", "yaml-syntax")
        self.anchor_lines[name] = event.start_mark.line + 1
        return name

    def _node(self) -> Node:
        # One loop over the events, with the hot path kept free of calls: this runs once
        # per value, millions of times for the largest manifests.
        get = self.events.get_event
        stack: list[_Frame] = []
        nodes = self.nodes
        while True:
            event = get()
            cls = type(event)
            if cls is ScalarEvent:
                nodes += 1
                value: str = event.value
                if len(value) > MAX_KEY_CHARS:
                    self._check_text(event, stack)
                tag = event.tag
                if tag is None:
                    tag = PLAIN_TAG if event.implicit[0] else _STR
                elif tag == "!":
                    tag = _STR
                mark = event.start_mark
                node: Node = ScalarNode(tag, value, mark.line << 32 | mark.column, None, event.style)
                size, height = len(value) + 2, 0
                if event.anchor is not None:
                    self.anchors[self._anchor(event)] = (node, size, height)
            elif cls is SequenceStartEvent or cls is MappingStartEvent:
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(event, _TOO_DEEP)
                tag = event.tag
                if cls is SequenceStartEvent:
                    node = SequenceNode(_SEQ if tag is None or tag == "!" else tag, [], _packed(event.start_mark),
                                        None, event.flow_style)
                else:
                    node = MappingNode(_MAP if tag is None or tag == "!" else tag, [], _packed(event.start_mark),
                                       None, event.flow_style)
                anchor = None
                if event.anchor is not None:
                    anchor = self._anchor(event)
                    self.open_anchors.add(anchor)
                stack.append(_Frame(node, anchor))
                if nodes > MAX_NODES:
                    self._too_many(event)
                continue
            elif cls is SequenceEndEvent or cls is MappingEndEvent:
                frame = stack.pop()
                node = frame.node
                if cls is MappingEndEvent:
                    pairs = iter(frame.items)
                    node.value = list(zip(pairs, pairs, strict=False))  # keys and values alternate
                else:
                    node.value = frame.items
                size, height = frame.size, frame.height
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (node, size, height)
            elif cls is AliasEvent:
                nodes += 1
                node, size, height = self._alias(event, len(stack))
            else:  # pragma: no cover - the parser yields only node events here
                raise self.fail(event, "unexpected YAML event", "yaml-syntax")
            if nodes > MAX_NODES:
                self._too_many(event)
            if not stack:
                self.nodes = nodes
                return node
            parent = stack[-1]
            parent.items.append(node)
            parent.size += size
            if height >= parent.height:
                parent.height = height + 1

    def _too_many(self, event: Event) -> None:
        raise self.fail(event, f"the file holds more than {MAX_NODES:,} values; iho-ready reads at most that many")

    def _check_text(self, event: Any, stack: list[_Frame]) -> None:
        """Refuse a text value or key that is too long (called only for long ones)."""
        if len(event.value) > MAX_SCALAR_CHARS:
            raise self.fail(event, f"a text value is longer than {MAX_SCALAR_CHARS:,} characters")
        if stack and isinstance(stack[-1].node, MappingNode) and len(stack[-1].items) % 2 == 0:
            raise self.fail(event, f"a key is longer than {MAX_KEY_CHARS:,} characters")

    def _alias(self, event: Any, depth: int) -> tuple[Node, int, int]:
        """The node an alias stands for, once its expansion is known to stay within the limits."""
        name = event.anchor
        if name in self.open_anchors:
            raise self.fail(event, f"alias *{name} refers to the list or mapping that contains it", "yaml-syntax")
        if name not in self.anchors:
            raise self.fail(event, f"alias *{name} refers to no anchor &{name} defined before it", "yaml-syntax")
        node, size, height = self.anchors[name]
        self.alias_chars += size
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise self.fail(event, f"aliases expand the document by more than {MAX_ALIAS_CHARS:,} characters "
                            "(an alias repeated too often, or a very large anchored value)")
        if depth + height > MAX_DEPTH:
            raise self.fail(event, f"alias *{name} nests lists and mappings more than {MAX_DEPTH} levels deep; "
                            f"iho-ready reads at most {MAX_DEPTH}")
        return node, size, height


def load(path: str, display: str | None = None, text: str | None = None) -> tuple[Source, Any]:
    """Read, compose and construct one YAML file.

    Returns the :class:`Source` (for locating later errors) and the plain data. Raises
    :class:`InputError` for unreadable files, syntax errors, duplicate keys, unknown tags
    and documents beyond the limits. With *text*, that is parsed instead of reading
    *path* (used for a manifest as it stood at an earlier git commit).
    """
    shown = display or path
    source = compose(read_text(path, shown) if text is None else text, shown)
    data = construct(source)
    if source.diagnostics:
        raise InputError(source.diagnostics)
    return source, data


def construct(source: Source) -> Any:
    """Build plain Python data (dict, list, str, int, float, bool, None) from the node tree.

    Problems are appended to ``source.diagnostics``; construction carries on so that
    every problem in the file is reported in one run. Iterative, so no document can
    exhaust the Python stack; :func:`compose` has already bounded what aliases expand to.
    """
    if source.root is None:
        return None
    top: list[Any] = [None]
    # Each task: build *node* and store it in container[slot].
    tasks: list[tuple[Node, Any, Any]] = [(source.root, top, 0)]
    with _no_gc():
        while tasks:
            node, container, slot = tasks.pop()
            if isinstance(node, ScalarNode):
                container[slot] = _scalar(source, node)
            elif isinstance(node, SequenceNode):
                if node.tag != _SEQ:
                    _unknown_tag(source, node)
                items: list[Any] = [None] * len(node.value)
                container[slot] = items
                tasks.extend((item, items, i) for i, item in reversed(list(enumerate(node.value))))
            elif isinstance(node, MappingNode):
                if node.tag != _MAP:
                    _unknown_tag(source, node)
                result: dict[Any, Any] = {}
                container[slot] = result
                first_seen: dict[Any, Node] = {}
                pending: list[tuple[Node, Any, Any]] = []
                for key_node, value_node in node.value:
                    if not isinstance(key_node, ScalarNode):
                        source.diagnostics.append(
                            source.at(key_node, "a key must be a plain value, not a list or mapping", "schema"))
                        continue
                    key = _scalar(source, key_node)
                    if isinstance(key, float) and math.isnan(key):
                        key = key_node.value
                    if key in first_seen:
                        line, _ = position(first_seen[key])
                        source.diagnostics.append(
                            source.at(key_node, f"duplicate key '{key_node.value}' (first given on line {line}); "
                                      "keep one and delete the other",
                                      "duplicate-key"))
                        continue
                    first_seen[key] = key_node
                    result[key] = None  # keeps the keys in the order written
                    pending.append((value_node, result, key))
                tasks.extend(reversed(pending))
    source.diagnostics.sort()  # in reading order, whatever order the tasks ran in
    return top[0]


def _unknown_tag(source: Source, node: Node) -> None:
    source.diagnostics.append(
        source.at(node, f"unsupported YAML tag '{node.tag}'; remove it", "yaml-syntax"))


def _scalar(source: Source, node: ScalarNode) -> Any:
    tag = node.tag
    if tag in (PLAIN_TAG, _INT, _FLOAT) and len(node.value) > MAX_NUMBER_DIGITS and is_number_like(node.value):
        source.diagnostics.append(source.at(
            node, f"a number longer than {MAX_NUMBER_DIGITS:,} digits; put it in quotes if it is meant as text",
            "limit"))
        return node.value
    if tag == PLAIN_TAG:
        return resolve_plain(node.value)
    if tag == _STR:
        return node.value
    if tag in (_INT, _FLOAT, _BOOL, _NULL):
        value = resolve_plain(node.value)
        expected: dict[str, type | tuple[type, ...]] = {_INT: int, _FLOAT: (int, float), _BOOL: bool,
                                                        _NULL: type(None)}
        if isinstance(value, expected[tag]) and not (tag == _INT and isinstance(value, bool)):
            return float(value) if tag == _FLOAT else value  # type: ignore[arg-type]
        source.diagnostics.append(
            source.at(node, f"'{node.value}' is not a valid {tag.rsplit(':', 1)[-1]}; remove the "
                      f"'!!{tag.rsplit(':', 1)[-1]}' tag before it", "yaml-syntax"))
        return node.value
    _unknown_tag(source, node)
    return node.value


def format_version_spelling(source: Source, key: str) -> Diagnostic | None:
    """A ``schema`` diagnostic if the format version under *key* is not written as the plain number 1.

    YAML 1.2 reads ``0x1``, ``0o1``, ``+1`` and ``01`` as the number 1; a format version is
    compared as written, so a file that spells it differently is refused rather than guessed.
    """
    node, _, consumed = source.find((key,))
    if consumed == 1 and isinstance(node, ScalarNode) and node.tag == PLAIN_TAG and node.value != "1" \
            and resolve_plain(node.value) == 1 and not isinstance(resolve_plain(node.value), bool):
        return source.at(node, f"{key}: write the format version as 1, not {node.value}", "schema")
    return None
