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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, InputError
from .limits import (
    MAX_FILE_BYTES,
    MAX_NUMBER_DIGITS,
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
            from .yaml_composer import _Composer  # here: it builds on this module

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


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a reader error's offset: bytes of UTF-8 for libyaml, characters otherwise."""
    before = text[:offset] if _PURE else text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


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


from .yaml_advice import (
    _FIELD as _FIELD,
    _TOO_DEEP as _TOO_DEEP,
    _advice as _advice,
    _apostrophe as _apostrophe,
    _char as _char,
    _colon_in_value as _colon_in_value,
    _indent as _indent,
    _indentation as _indentation,
    _open_brackets as _open_brackets,
    syntax_advice as syntax_advice,
)
