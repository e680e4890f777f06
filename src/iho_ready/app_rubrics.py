"""Use cases about the rubrics and the files a trust starts from: ``init``, ``workbook``,
``import``, ``explain``, ``schema`` and the ``rubrics`` commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .diagnostics import Diagnostic, InputError, did_you_mean
from .errors import UsageError

if TYPE_CHECKING:
    from .rubrics import Registry
from .app_core import STDOUT, Output, _rubric, assess, guard_manifests, parse_as_of, registry


def init(*, rubric_specs: Sequence[str] = (), output: str = "manifest.yaml", force: bool = False,
         rubric_dirs: Sequence[Path] = (), as_of: str | None = None, partner: str | None = None) -> Output:
    """A starter manifest with every criterion and evidence slot of the chosen rubrics, commented;
    or, with *partner* (a partner kind), a starter partner statement for a partner of that kind."""
    from .scaffold import CORE_RUBRICS, scaffold, scaffold_partner

    if output != STDOUT and Path(output).exists() and not force:
        raise UsageError(f"{output} already exists; use --force to replace it, or -o to write elsewhere")
    today = parse_as_of(as_of) or date.today()
    if partner is not None:
        # Partners usually review such statements twice a year; the date is the partner's to change.
        return Output(output, scaffold_partner(partner, date.fromordinal(today.toordinal() + 182)))
    rubrics = registry(rubric_dirs)
    chosen = [_rubric(rubrics, spec) for spec in (rubric_specs or CORE_RUBRICS)]
    text = scaffold(chosen, today)
    if output.lower().endswith(".xlsx"):
        return Output(output, _starter_workbook(Path(output), text, rubrics))
    return Output(output, text)


def _starter_workbook(output: Path, text: str, rubrics: Registry) -> bytes:
    """The starter manifest *text* as a blank workbook (no manifest file stands behind it: no fingerprint)."""
    from .words import display_path
    from .workbook.write import build

    outcome = assess(output.with_suffix(".yaml"), rubrics, display=display_path(output), text=text)
    return build(outcome.loaded, outcome.result.findings, printed=None, source_name="",
                 tool=f"iho-ready {__version__}")


def workbook(manifest: Path, *, output: str, rubric_dirs: Sequence[Path] = (), as_of: str | None = None,
             force: bool = False) -> Output:
    """``workbook``: the manifest as an Excel workbook to fill in, with its findings as they stand now.

    Refuses to replace an existing workbook (someone's unsaved edits may be in it) unless *force*.
    """
    from .safe_files import read_bytes
    from .words import display_path
    from .workbook.write import build, fingerprint

    if not output.lower().endswith(".xlsx"):
        raise UsageError(f"-o {output}: a workbook's name ends in .xlsx")
    if Path(output).exists() and not force:
        raise UsageError(f"{output} already exists; use --force to replace it (edits made in it would be lost), "
                         "or -o to write elsewhere")
    guard_manifests([manifest], [output])
    shown = display_path(manifest)
    outcome = assess(manifest, registry(rubric_dirs), as_of=parse_as_of(as_of), display=shown)
    # A workbook written from a workbook keeps the fingerprint of the YAML it came from.
    if manifest.suffix.lower() == ".xlsx":
        from .workbook.read import read

        printed = read(str(manifest), shown).fingerprint
    else:
        printed = fingerprint(read_bytes(manifest, shown))
    data = build(outcome.loaded, outcome.result.findings, printed=printed, source_name=Path(shown).name,
                 tool=f"iho-ready {__version__}")
    return Output(output, data)


@dataclass
class ImportRun:
    """What ``import`` writes (nothing when the workbook changes nothing) and the lines it prints."""

    output: Output | None
    messages: list[str]


def import_workbook(book: Path, *, into: Path, force: bool = False, rubric_dirs: Sequence[Path] = ()) -> ImportRun:
    """``import``: write the workbook's changes into the YAML manifest *into*, keeping its comments and layout.

    The workbook is checked as a manifest first (every problem at its cell). Refuses when *into*
    changed since the workbook was written from it (its fingerprint), unless *force*.
    """
    from .loading import load_manifest
    from .words import display_path
    from .workbook.merge import merge
    from .workbook.read import read

    shown = display_path(book)
    rubrics = registry(rubric_dirs)
    load_manifest(str(book), rubrics, shown)  # every problem, located at its cell
    if into.exists():
        load_manifest(str(into), rubrics, display_path(into))  # a manifest to edit must read as one
    read_back = read(str(book), shown)
    target = display_path(into)
    text, changes = merge(read_back, into, target, force=force)
    if not changes:
        return ImportRun(None, [f"iho-ready: {target} already says what {shown} says; nothing to write"])
    lines = [f"  {change}" for change in changes]
    return ImportRun(Output(str(into), text), [f"iho-ready: wrote {len(changes)} "
                                               f"{'change' if len(changes) == 1 else 'changes'} from {shown} "
                                               f"into {target}:", *lines])


def explain(ref: str, *, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """Everything about one criterion or key-evidence item, across the newest rubric versions.

    *ref* may be qualified (``rubric-id:SV1`` or ``rubric-id@version:SV1``).
    """
    from .render.rubric_text import Explained, explain as explain_text

    rubrics = registry(rubric_dirs)
    scope, sep, short = ref.rpartition(":")
    want_id, _, want_version = scope.partition("@")
    if sep and want_id not in rubrics.ids():
        raise UsageError(f"unknown rubric '{want_id}'" + (did_you_mean(want_id, rubrics.ids()) or
                                                          f"; available: {', '.join(rubrics.ids())}"))
    searched = [rubrics.get(rid, want_version or None) if sep else rubrics.get(rid)
                for rid in rubrics.ids() if not sep or rid == want_id]
    # Crosswalks reach the other rubrics too, even when the reference names one rubric.
    others = [rubrics.get(rid) for rid in rubrics.ids() if rid not in {r.id for r in searched}]
    walks = rubrics.crosswalks([*searched, *others])
    matches = []
    known: list[str] = []
    wanted = short.casefold()  # ids are written upper case, typed any case: `explain sv1` works
    for rubric in searched:
        for placed in rubric.walk():
            known += [placed.criterion.id, *(i.id for i in placed.criterion.evidence)]
            item = next((i for i in placed.criterion.evidence if i.id.casefold() == wanted), None)
            if placed.criterion.id.casefold() == wanted or item is not None:
                matches.append(Explained(rubric, placed, item, walks))
    if not matches:
        import difflib

        by_fold = {k.casefold(): k for k in known}
        near = [by_fold[k] for k in difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=0.5)]
        raise UsageError(f"no criterion or evidence item '{ref}'"
                         + (f"; did you mean {', '.join(near)}?" if near else
                            "; 'iho-ready rubrics show ID' lists a rubric's criteria"))
    return explain_text(matches, width=width)


def schema(*, output_format: bool = False, partner: bool = False, for_manifest: Path | None = None,
           rubric_dirs: Sequence[Path] = ()) -> str:
    """A JSON Schema: the manifest's (for editors), a partner statement's, or ``check --format json``'s.

    With *for_manifest*, the manifest schema narrowed to the rubrics that manifest selects
    (criterion ids, each one's rating scale, valid ``supports`` references). Only its
    ``rubrics`` list has to be readable: the rest may be as broken as it likes.
    """
    from .schemas import dumps, manifest_schema, manifest_schema_for, partner_schema, result_schema

    if output_format and partner:
        raise UsageError("give --output-format or --partner, not both")
    if for_manifest is not None and (output_format or partner):
        raise UsageError("--for narrows the manifest's schema; it cannot be used with --output-format or --partner")
    if output_format:
        return dumps(result_schema())
    if partner:
        return dumps(partner_schema())
    if for_manifest is None:
        return dumps(manifest_schema())
    from .words import display_path
    from .yamlsource import load

    shown = display_path(for_manifest)
    source, data = load(str(for_manifest), shown)
    specs = data.get("rubrics") if isinstance(data, dict) else None
    if not isinstance(specs, list) or not specs or not all(isinstance(x, str) for x in specs):
        node = source.find(("rubrics",))[0]
        raise InputError([source.at(node, "rubrics: expected a list of rubric ids (ID@VERSION) to narrow the "
                                    "schema to", "schema")])
    rubrics = registry(rubric_dirs)
    chosen, problems = [], []
    for i, spec in enumerate(specs):
        rubric_id, _, version = spec.partition("@")
        try:
            chosen.append(rubrics.get(rubric_id, version or None))
        except LookupError as e:
            problems.append(source.at(source.find(("rubrics", i))[0], str(e), "unknown-rubric"))
    if problems:
        raise InputError(problems)
    return dumps(manifest_schema_for(chosen))


def rubrics_list(*, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """Every rubric version available: bundled, and any in the extra folders."""
    from .render.rubric_text import Listed, list_rubrics

    rubrics = registry(rubric_dirs)
    listed = []
    for rubric_id in rubrics.ids():
        versions = rubrics.versions(rubric_id)
        for version in versions:
            found = rubrics.files[rubric_id][version]
            listed.append(Listed(rubrics.get(rubric_id, version), version == versions[-1] and len(versions) > 1,
                                 "bundled" if found.bundled else str(found.path)))
    return list_rubrics(listed, width=width)


def rubrics_show(spec: str, *, rubric_dirs: Sequence[Path] = (), width: int = 100) -> str:
    """One rubric, verbatim: source, scales, domains, criteria and key evidence."""
    from .render.rubric_text import show_rubric

    return show_rubric(_rubric(registry(rubric_dirs), spec), width=width)


def rubrics_diff(old: str, new: str, *, rubric_dirs: Sequence[Path] = ()) -> tuple[str, bool]:
    """Two rubric versions compared by criterion and evidence item; and whether they differ."""
    from .render.rubric_text import format_diff
    from .rubric_diff import diff_rubrics

    rubrics = registry(rubric_dirs)
    a, b = _rubric(rubrics, old), _rubric(rubrics, new)
    found = diff_rubrics(a, b)
    return format_diff(a, b, found), not found.empty


@dataclass(frozen=True)
class Validated:
    """What ``rubrics validate`` found: a line per good file, and every problem in the bad ones."""

    lines: list[str]
    """``FILE: ok, ...`` for each file that passed."""
    problems: list[Diagnostic]
    """Every located problem in the files that did not."""


def rubrics_validate(files: Sequence[Path], *, rubric_dirs: Sequence[Path] = ()) -> Validated:
    """Check rubric or crosswalk files as strictly as the bundled ones are checked."""
    from .loading import check_crosswalk, load_crosswalk, load_rubric
    from .render.rubric_text import count
    from .yamlsource import load

    lines: list[str] = []
    problems: list[Diagnostic] = []
    rubrics = registry(rubric_dirs)
    for path in files:
        try:
            _, data = load(str(path))
            if isinstance(data, dict) and "crosswalk" in data:
                source, walk = load_crosswalk(str(path))
                found = check_crosswalk(source, walk, rubrics)  # every mapping, every problem, located
                if found:
                    raise InputError(found)
                lines.append(f"{path}: ok, crosswalk {walk.source} -> {walk.target}, {len(walk.mappings)} mappings, "
                             f"{len(walk.no_counterpart)} with no counterpart")
            else:
                rubric = load_rubric(str(path))
                criteria, items = count(rubric)
                lines.append(f"{path}: ok, {rubric.key}, {criteria} criteria, {items} key-evidence items")
        except InputError as e:
            problems.extend(e.diagnostics)
    return Validated(lines, problems)
