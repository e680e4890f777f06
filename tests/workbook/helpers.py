"""Helpers for the workbook tests: write a manifest's workbook, read its editable cells back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from iho_ready.workbook import layout
from tests.helpers import run_cli


def write_yaml(folder: Path, data: dict[str, Any], name: str = "manifest.yaml") -> Path:
    """*data* as a YAML manifest in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def workbook_of(manifest: Path, target: Path | None = None) -> Path:
    """Run ``iho-ready workbook MANIFEST -o TARGET`` and return TARGET (asserting it worked)."""
    target = target or manifest.with_suffix(".xlsx")
    run = run_cli("workbook", manifest, "-o", target)
    assert run.code == 0, run.err
    return target


def editable_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every cell a person can edit, by sheet: one tuple per non-empty row (the cover sheet by field name)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    found: dict[str, list[tuple[Any, ...]]] = {}
    for title, columns in layout.TABLES.items():
        ws = book[title]
        keep = [i for i, c in enumerate(columns) if c.editable or c.header == "Criterion"]
        rows = []
        for row in ws.iter_rows(min_row=2, values_only=True):
            picked = tuple(row[i] for i in keep)
            if any(v is not None for v in picked):
                rows.append(picked)
        found[title] = rows
    found[layout.COVER] = [row[:2] for row in book[layout.COVER].iter_rows(min_row=2, values_only=True)]
    return found


def loaded_data(path: Path) -> dict[str, Any]:
    """The manifest at *path* (YAML or workbook) as validated data, with empty criterion entries left out."""
    from iho_ready.loading import load_manifest
    from iho_ready.rubrics import Registry

    manifest = load_manifest(str(path), Registry()).manifest
    data = manifest.model_dump(mode="json")
    data["criteria"] = {k: v for k, v in data["criteria"].items()
                        if v != manifest.criteria[k].__class__().model_dump(mode="json")}
    return data
