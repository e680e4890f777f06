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

The node tree is kept so that any error found later (by pydantic or by reference
resolution) can be pointed at a ``file:line:col``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .diagnostics import Diagnostic, InputError

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

#: Upper bound on values built from one document; protects against alias "bombs".
MAX_NODES = 200_000


class _Resolver(BaseResolver):
    """Marks plain scalars instead of guessing their type with YAML 1.1 rules."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return PLAIN_TAG
        resolved: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return resolved


# libyaml's parser is several times faster; PyYAML's pure-Python one is the fallback.
try:
    import yaml.cyaml

    _CParser: type[Any] | None = getattr(yaml.cyaml, "CParser", None)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None
_BASES: tuple[type[Any], ...] = (
    (_CParser, _Resolver) if _CParser is not None
    else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver))


def _init_loader(self: Any, stream: str) -> None:
    # The first base reads the stream; the others (scanner, parser, composer, resolver) take no arguments.
    first, *rest = _BASES
    first.__init__(self, stream)
    for base in rest:
        base.__init__(self)


_Loader: Any = type("_Loader", _BASES, {"__init__": _init_loader})
"""A loader that composes nodes with the YAML 1.2 resolver: libyaml's when PyYAML has it."""


_NOT_TEXT_START = frozenset("0123456789+-.~nNtTfF")
"""First characters of every core-schema value that is not text (numbers, null, booleans)."""


def resolve_plain(text: str) -> Any:
    """Return the YAML 1.2 core-schema value of an unquoted scalar's text."""
    if text and text[0] not in _NOT_TEXT_START:  # most values are words: skip eight regexes
        return text
    if _NULL_RE.match(text):
        return None
    if _BOOL_RE.match(text):
        return text.lower() == "true"
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


def position(node: Node) -> tuple[int, int]:
    """Return the 1-based (line, column) where *node* starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


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
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False)
    """Mapping node id -> key text -> (key node, value node), built on first look-up."""

    def _lookup(self, node: MappingNode, key: str) -> tuple[Node, Node] | None:
        # Locating one finding per evidence item would scan long mappings once per finding
        # (quadratic); each mapping is indexed once instead. The first of duplicate keys wins.
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for k, v in node.value:
                if isinstance(k, ScalarNode):
                    index.setdefault(k.value, (k, v))
            self._keys[id(node)] = index
        return index.get(key)

    def at(self, node: Node | None, message: str, code: str) -> Diagnostic:
        """Make a diagnostic pointing at *node* (the document start if None)."""
        if node is None:
            return Diagnostic(self.path, 1, 1, message, code)
        line, column = position(node)
        return Diagnostic(self.path, line, column, message, code)

    def find(self, loc: tuple[Any, ...]) -> tuple[Node | None, Node | None, int]:
        """Walk *loc* (keys and indexes) down the node tree.

        Returns ``(node, key_node, consumed)``: the deepest node reached, the key node that
        led to it (None for the root or a sequence item), and how many parts of *loc* were
        matched. Parts that do not match (pydantic's union or validator labels) are skipped.
        """
        node, key_node, consumed = self.root, None, 0
        for part in loc:
            if isinstance(node, MappingNode):
                found = self._lookup(node, str(part))
                if found is not None:
                    key_node, node = found
                    consumed += 1
                elif isinstance(part, str) and not part.startswith(("function-", "union[")):
                    return node, key_node, consumed
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node, key_node, consumed = node.value[part], None, consumed + 1
                else:
                    return node, key_node, consumed
        return node, key_node, consumed


def read_text(path: str, display: str | None = None) -> str:
    """Read a UTF-8 text file, raising :class:`InputError` (code ``io``) if it cannot be read."""
    shown = display or path
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError([Diagnostic(shown, 0, 0, "no such file", "io")]) from None
    except IsADirectoryError:
        raise InputError([Diagnostic(shown, 0, 0, "is a directory, not a YAML file", "io")]) from None
    except OSError as e:
        raise InputError([Diagnostic(shown, 0, 0, f"cannot read: {e.strerror}", "io")]) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            [Diagnostic(shown, line, 1, "the file is not UTF-8 text; save it as UTF-8", "io")]
        ) from e
    if "\x00" in text:
        raise InputError([Diagnostic(shown, 0, 0, "the file is binary, not YAML text", "io")])
    return text


def compose(text: str, path: str) -> Source:
    """Parse *text* into a :class:`Source`; syntax errors raise :class:`InputError`."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = e.problem or "invalid YAML"
        if e.context and "expected a single document" in e.context:
            problem = "the file holds more than one YAML document; keep one (remove the '---' separator)"
        raise InputError([Diagnostic(path, line, column, problem, "yaml-syntax")]) from None
    except yaml.YAMLError as e:  # reader errors: control characters and the like
        raise InputError([Diagnostic(path, 1, 1, str(e).splitlines()[0], "yaml-syntax")]) from None
    return Source(path=path, text=text, root=root)


def load(path: str, display: str | None = None, text: str | None = None) -> tuple[Source, Any]:
    """Read, compose and construct one YAML file.

    Returns the :class:`Source` (for locating later errors) and the plain data. Raises
    :class:`InputError` for unreadable files, syntax errors, duplicate keys, unknown tags
    and documents that expand too far. With *text*, that is parsed instead of reading
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
    every problem in the file is reported in one run.
    """
    # The limit is on values built by repeating aliases, not on the document's own size: a
    # 100,000-item manifest without an alias is fine. (Issue #12 replaces this with budgets.)
    budget = [MAX_NODES + _settle(source.root)]
    return _build(source, source.root, budget, set())


class _Start:
    """Where a node starts (0-based, as in PyYAML's marks), and nothing else."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


def _settle(root: Node | None) -> int:
    """Keep only where each node starts, and count the distinct nodes (an alias counts once).

    libyaml gives every node two full marks (file name, offset, buffer); they were most of
    the memory of a large manifest's tree, which is kept to locate findings. Only the
    start line and column are ever read (:func:`position`).
    """
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _Start(node.start_mark.line, node.start_mark.column)
        node.end_mark = None
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack += (k, v)
    return len(seen)


def _build(source: Source, node: Node | None, budget: list[int], active: set[int]) -> Any:
    if node is None:
        return None
    budget[0] -= 1
    if budget[0] < 0:
        if budget[0] == -1:
            source.diagnostics.append(
                source.at(node, f"the document expands to more than {MAX_NODES} values "
                          "(aliases repeated too often)", "yaml-syntax"))
        return None
    if id(node) in active:
        source.diagnostics.append(source.at(node, "an alias refers to itself", "yaml-syntax"))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(source, node)
    active.add(id(node))
    try:
        if isinstance(node, SequenceNode):
            if node.tag not in (_SEQ,):
                _unknown_tag(source, node)
            return [_build(source, item, budget, active) for item in node.value]
        if isinstance(node, MappingNode):
            if node.tag not in (_MAP,):
                _unknown_tag(source, node)
            result: dict[Any, Any] = {}
            first_seen: dict[Any, Node] = {}
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
                        source.at(key_node, f"duplicate key '{key_node.value}' (first given on line {line})",
                                  "duplicate-key"))
                    continue
                first_seen[key] = key_node
                result[key] = _build(source, value_node, budget, active)
            return result
    finally:
        active.discard(id(node))
    return None  # pragma: no cover - composer yields only the three node kinds


def _unknown_tag(source: Source, node: Node) -> None:
    source.diagnostics.append(
        source.at(node, f"unsupported YAML tag '{node.tag}'; remove it", "yaml-syntax"))


def _scalar(source: Source, node: ScalarNode) -> Any:
    tag = node.tag
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
            source.at(node, f"'{node.value}' is not a valid {tag.rsplit(':', 1)[-1]}", "yaml-syntax"))
        return node.value
    _unknown_tag(source, node)
    return node.value
