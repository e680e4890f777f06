"""Decisions live in the result; outputs choose words (issue 17).

Renderers, the paper's builder, the history and portfolio summaries and every template branch
on typed fields and booleans of the result, never on status keys or label text, and never
count criteria, actions or partners themselves. These checks read the code's syntax trees
(Python's ``ast`` and jinja2's own parser), so they catch any spelling of a comparison, not
one literal string.
"""

from __future__ import annotations

import ast
import typing
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

import iho_ready
from iho_ready import words
from iho_ready.models import (
    designation_result,
    manifest as manifest_model,
    partner as partner_model,
    result as result_model,
)
from iho_ready.report import view
from iho_ready.rubrics import Registry

SRC = Path(iho_ready.__file__).parent
OUTPUT_MODULES = sorted([*(SRC / "render").glob("*.py"), *(SRC / "report").glob("*.py"), SRC / "history.py"])
"""Every module that only turns a result into words."""
TEMPLATES = sorted((SRC / "templates").glob("*.j2"))


def _literal_values(alias: object) -> set[str]:
    return {v for v in typing.get_args(alias) if isinstance(v, str)}


def _vocabulary() -> set[str]:
    """Every status key and every label a decision could be read from."""
    found: set[str] = set()
    # Statuses and positions the evaluation decides (finding severities are not among them: every
    # output sorts the findings it lists by severity, which is rendering, not deciding).
    for name, value in vars(result_model).items():
        if typing.get_origin(value) is typing.Literal and name != "Severity":
            found |= _literal_values(value)
    for value in vars(designation_result).values():
        if typing.get_origin(value) is typing.Literal:
            found |= _literal_values(value)
    found |= _literal_values(manifest_model.ActionStatus) | _literal_values(partner_model.Position)
    for module in (words, view):
        for value in vars(module).values():
            if isinstance(value, dict) and value and all(isinstance(k, str | bool | None) for k in value):
                found |= {v for v in value.values() if isinstance(v, str)}  # the labels; keys are above
            elif isinstance(value, str) and value and value[0].isupper():
                found.add(value)  # a label of its own (``NOT_RATED``, ``NOT_STATED``)
    registry = Registry()
    for rubric in (registry.get(rid, v) for rid in registry.ids() for v in registry.versions(rid)):
        for levels in rubric.scales.values():
            for level in levels:
                found |= {level.id, level.label}
    # Audiences and output formats are options the user chose, not decisions about the manifest.
    return found - {"public", "private"}


VOCABULARY = _vocabulary()


def _constants(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _constants(element)


COUNTED = {"criteria", "actions", "partners", "documents", "statements", "areas", "rubrics", "conditions", "rows",
           "supporting", "views"}
"""What the evaluation counts (``StatusCounts``, ``Attention``, ``PartnerSummary``): an output that
counts these with a condition is re-deriving a decision."""


def _counted(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name in COUNTED


def _python_problems(path: Path) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                hits = [c for c in _constants(operand) if c in VOCABULARY]
                if hits:
                    problems.append(f"{path.name}:{node.lineno}: compares with {hits}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("sum", "len"):
            for arg in node.args:
                if isinstance(arg, ast.GeneratorExp | ast.ListComp) and any(
                        g.ifs and _counted(g.iter) for g in arg.generators):
                    problems.append(f"{path.name}:{node.lineno}: counts with a condition (a recount)")
    return problems


@pytest.mark.parametrize("path", OUTPUT_MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_outputs_never_compare_with_a_status_or_a_label_nor_recount(path: Path) -> None:
    assert _python_problems(path) == []


def _template_problems(path: Path) -> list[str]:
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in tree.find_all(nodes.Compare):
        operands = [node.expr, *(op.expr for op in node.ops)]
        for operand in operands:
            values = [operand.value] if isinstance(operand, nodes.Const) else \
                [item.value for item in operand.items if isinstance(item, nodes.Const)] \
                if isinstance(operand, nodes.Tuple | nodes.List) else []
            hits = [v for v in values if isinstance(v, str) and v in VOCABULARY]
            if hits:
                problems.append(f"{path.name}:{node.lineno}: compares with {hits}")
    return problems


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_never_compare_with_a_status_or_a_label(path: Path) -> None:
    assert _template_problems(path) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The checks above find what they are for, in any spelling."""
    bad = tmp_path / "bad.py"
    bad.write_text('def f(s, c):\n    if s.position in ("Not confirmed", "x"):\n        pass\n'
                   '    return c.status != "gap", sum(1 for x in c.criteria if x.supported)\n', encoding="utf-8")
    assert len(_python_problems(bad)) == 3
    template = tmp_path / "bad.md.j2"
    template.write_text('{% if s.position == "Not confirmed" %}x{% endif %}{% if v.status in ["gap"] %}y{% endif %}',
                        encoding="utf-8")
    assert len(_template_problems(template)) == 2
    assert {"Not confirmed", "gap", "plan-agreed", "Not ready: plan agreed", "at-risk"} <= VOCABULARY
