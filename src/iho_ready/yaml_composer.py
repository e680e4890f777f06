"""Composing YAML events into the positioned node tree, checking the limits (depth, size, aliases)
as each event arrives.
"""

from __future__ import annotations

from typing import Any

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
    MAX_KEY_CHARS,
    MAX_NODES,
    MAX_SCALAR_CHARS,
)
from .yaml_advice import _TOO_DEEP
from .yamlsource import _MAP, _SEQ, _STR, PLAIN_TAG, _packed


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
