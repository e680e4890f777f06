"""The architecture in docs/architecture.md stays true.

The CLI only parses options and writes; the application layer runs the use cases; the
evaluation is pure (it imports nothing that touches the disk) and is the only place rules
live; renderers only render; every error the CLI maps derives from one base; and words
(plurals, lists, clipping, dates, escaping) exist once.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import iho_ready
from iho_ready.errors import IhoReadyError
from iho_ready.formats import Format, HistoryFormat, PortfolioFormat, ReportFormat
from iho_ready.render import (
    CHECK_RENDERERS,
    HISTORY_RENDERERS,
    PORTFOLIO_RENDERERS,
    PROGRESS_RENDERER,
    REPORT_RENDERERS,
)
from tests.helpers import ROOT

SRC = Path(iho_ready.__file__).parent
MODULES = sorted(m.name for m in pkgutil.walk_packages([str(SRC)], prefix="iho_ready."))

DISK = {"iho_ready.yamlsource", "iho_ready.loading", "iho_ready.evidence_files", "iho_ready.lock",
        "iho_ready.config", "iho_ready.output", "iho_ready.rubrics", "iho_ready.git_refs", "iho_ready.app",
        "iho_ready.cli", "iho_ready.cli_io", "iho_ready.app_core", "iho_ready.app_report", "iho_ready.app_trends",
        "iho_ready.app_rubrics", "iho_ready.loading_rubrics", "iho_ready.loading_partners",
        "iho_ready.workbook.read", "iho_ready.workbook.write", "iho_ready.workbook.merge"}
"""Modules that read or write files, run programs, or orchestrate those that do."""


def _imports(path: Path) -> set[str]:
    """Every module *path* imports (relative imports resolved against the package)."""
    module = "iho_ready." + ".".join(path.relative_to(SRC).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            name = (f"{base}.{node.module}" if node.module else base) if node.level else node.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_the_evaluation_imports_nothing_that_touches_the_disk() -> None:
    code = ("import sys, json, iho_ready.evaluate, iho_ready.progress, iho_ready.history, iho_ready.report.dashboard; "
            "print(json.dumps(sorted(sys.modules)))")
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                           check=True).stdout))
    assert not loaded & DISK, f"the evaluation pulls in {sorted(loaded & DISK)}"


@pytest.mark.parametrize("folder", ["render", "report"])
def test_renderers_import_no_rule_or_disk_module(folder: str) -> None:
    forbidden = DISK | {"iho_ready.evaluate", "iho_ready.policy"}
    for path in sorted((SRC / folder).glob("*.py")):
        bad = {name for name in _imports(path) if any(name == f or name.startswith(f + ".") for f in forbidden)}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_cli_only_calls_the_application_layer() -> None:
    """Inside command bodies, cli.py imports only the application layer and the writer."""
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    allowed = {"app", "output"}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level == 1:
                    names = {inner.module} if inner.module else {a.name for a in inner.names}
                    assert names <= allowed, f"cli.{node.name} imports {names}"


def test_every_error_derives_from_the_one_base() -> None:
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException):
                assert issubclass(cls, IhoReadyError), f"{name}.{cls.__name__} does not derive from IhoReadyError"
                assert cls.__doc__ and "Raise" in cls.__doc__, f"{name}.{cls.__name__}: say who raises it"


@pytest.mark.parametrize(("enum", "registry"), [(Format, CHECK_RENDERERS), (ReportFormat, REPORT_RENDERERS),
                                               (HistoryFormat, HISTORY_RENDERERS),
                                               (PortfolioFormat, PORTFOLIO_RENDERERS)])
def test_every_format_has_a_renderer_with_the_one_interface(enum: type, registry: dict) -> None:
    for member in enum:
        module = importlib.import_module(registry[member])
        parameters = inspect.signature(module.render).parameters
        assert [p.kind for p in parameters.values()] == [inspect.Parameter.POSITIONAL_ONLY] * 2, member
    assert set(registry) == set(enum)


def test_the_progress_renderer_has_the_one_interface() -> None:
    parameters = inspect.signature(importlib.import_module(PROGRESS_RENDERER).render).parameters
    assert [p.kind for p in parameters.values()] == [inspect.Parameter.POSITIONAL_ONLY] * 2


WORD_HELPERS = {"_plural", "_listing", "_either", "_clip", "_short", "_one_line", "_count", "md", "_display",
                "_shown", "_words", "_lower_first", "number_words", "long_date", "md_escape", "clip", "plural",
                "listing"}


def test_words_exist_once() -> None:
    """Plurals, lists in words, clipping, dates and escaping are written only in words.py."""
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "words.py":
            continue
        defined = {node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(node, ast.FunctionDef)}
        assert not defined & WORD_HELPERS, f"{path.relative_to(SRC)} defines {sorted(defined & WORD_HELPERS)}"


def test_status_lists_are_not_hard_coded_outside_the_models() -> None:
    """Renderers read ``exception`` and ``adequate_action``; they never list statuses themselves."""
    for folder in ("render", "report"):
        for path in sorted((SRC / folder).glob("*.py")):
            text = path.read_text(encoding="utf-8")
            assert '("gap", "action-planned"' not in text and "'gap', 'action-planned'" not in text, path.name


def test_every_module_has_a_docstring() -> None:
    for name in MODULES:
        assert importlib.import_module(name).__doc__, f"{name} has no docstring"


def test_published_schemas_describe_every_field() -> None:
    """Editors show these descriptions on hover: every property says what it is."""
    for name in ("manifest.schema.json", "result.schema.json"):
        schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        for owner, body in [("(root)", schema), *defs.items()]:
            for field, prop in body.get("properties", {}).items():
                ref = prop.get("$ref", "").rpartition("/")[2]
                assert prop.get("description") or defs.get(ref, {}).get("description"), f"{name}: {owner}.{field}"


MODULE_LINES = 500
"""No module of the package passes this many lines (issue 17): split a module by what it does."""


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_passes_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{path.relative_to(SRC)} has {lines} lines; split it by what it does"
