"""The More sheet: manifest sections too nested for a table (eligibility, stages, steps, benefits,
network), each kept as YAML text in one cell.

The writer dumps each section as the manifest writes it (block style, dates unquoted, any text
that YAML 1.2 would read as something else quoted); the reader parses the cell with the project's
own YAML reader and marks every node of it with the cell, so a finding or an error about anything
in the section points at that cell. ``import`` replaces a section only when its value changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, SequenceNode

from .. import yamlsource
from ..diagnostics import InputError
from . import layout
from .layout import Kind

if TYPE_CHECKING:
    from .read import _Reader


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text the YAML 1.2 core schema would read as a non-text."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    quoted = yamlsource.resolve_plain(value) != value or value != value.strip() or value == ""
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if quoted else None)


_Dumper.add_representer(str, _text)
_Dumper.yaml_implicit_resolvers = {  # no timestamps: dates are written plain, as the manifest writes them
    first: [(tag, rx) for tag, rx in found if tag != "tag:yaml.org,2002:timestamp"]
    for first, found in yaml.SafeDumper.yaml_implicit_resolvers.items()}


def section_text(value: Any) -> str | None:
    """A section's value (plain data, dates as :class:`date`) as YAML text; None when empty."""
    if value in (None, {}, []):
        return None
    text: str = yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False,
                          width=4096)
    return text.rstrip("\n")


def sections(manifest: Any) -> dict[str, str | None]:
    """Each More section's text for *manifest* (a :class:`~iho_ready.models.manifest.Manifest`)."""
    out: dict[str, str | None] = {}
    for name in layout.MORE_SECTIONS:
        value = getattr(manifest, name)
        if isinstance(value, list):
            value = [item.model_dump(exclude_defaults=True) for item in value]
        elif hasattr(value, "model_dump"):  # a section given, even with nothing in it, is written
            value = value.model_dump(exclude_defaults=True)
            out[name] = section_text(plain(value)) or "{}"
            continue
        out[name] = section_text(plain(value))
    return out


def meaning(name: str) -> str:
    """What a More section holds, from the manifest model's docstring."""
    from ..models.manifest import Manifest

    return " ".join((Manifest.model_fields[name].description or "").replace("``", "'").split())


def parse(text: str, shown: str, mark: Mark) -> tuple[Any, Node | None, list[tuple[str, int]]]:
    """The section in *text*: its data, its node tree marked at the cell, and any problems (message, line)."""
    try:
        source, data = yamlsource.load(shown, shown, text)
    except InputError as e:
        return None, None, [(d.message, d.line) for d in e.diagnostics]
    root = source.root
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = node.end_mark = mark
        if isinstance(node, MappingNode):
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            stack += node.value
    return data, root, []


def plain(value: Any) -> Any:
    """*value* (ruamel.yaml's or the reader's) as plain data to compare: dates as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _meant(name: str, value: Any) -> Any:
    """What a section's value means, defaults left out (``in_scope: true`` says what leaving it out says)."""
    from pydantic import TypeAdapter, ValidationError

    from ..models.manifest import Manifest

    try:
        adapter: TypeAdapter[Any] = TypeAdapter(Manifest.model_fields[name].annotation or Any)
        return plain(adapter.dump_python(adapter.validate_python(plain(value)), exclude_defaults=True))
    except ValidationError:
        return plain(value)


def merge(doc: Any, data: dict[str, Any], changes: list[str], yaml_rt: Any) -> None:
    """Write each More section of *data* into the ruamel.yaml document *doc* where it differs."""
    import io

    for name in layout.MORE_SECTIONS:
        new = data.get(name)
        old = doc.get(name)
        if _meant(name, new) == _meant(name, old) or (new is None and old is None):
            continue
        if new is None:
            del doc[name]
            changes.append(f"{name}: cleared")
            continue
        doc[name] = yaml_rt.load(io.StringIO(section_text(new) or "{}"))
        changes.append(f"{name}: {'set' if old is None else 'changed'} from the More sheet")


def read_sheet(reader: _Reader, data: dict[str, Any], root: list[tuple[Node, Node]]) -> None:
    """The sections the More sheet keeps as text, each parsed and marked at its cell."""
    from .read import _mark, _scalar, _text, cell_name

    rows = reader.rows(layout.MORE)
    if (layout.MORE, "") in reader.absent:
        return
    where = reader.header(layout.MORE, layout.MORE_HEADERS, rows)
    if "Section" not in where or "Value" not in where:
        return
    for number, cells in rows[1:]:
        name = _text(getattr(cells[where["Section"] - 1], "value", "") or "").strip()
        col = where["Value"]
        if name not in layout.MORE_SECTIONS:
            if name:
                reader.fail(layout.MORE, number, where["Section"], f"'{name}' is not a section of the More sheet; "
                            "put the section's name back as it was written")
            continue
        text = reader.value(layout.MORE, number, col, cells, Kind.TEXT, f"the {name} text")
        if text is None:
            continue
        mark = _mark(layout.MORE, number, col)
        value, node, problems = parse(text, cell_name(layout.MORE, number, col), mark)
        for message, line in problems:
            reader.fail(layout.MORE, number, col, f"the {name} text, line {line}: {message}", "yaml")
        if node is not None and value is not None:
            data[name] = value
            root.append((_scalar(mark, name), node))

