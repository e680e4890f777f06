"""Loading the partner statements a manifest lists: read, validated, their views and conditions
resolved against the rubrics and the actions.
"""

from __future__ import annotations

import posixpath
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from . import yamlsource
from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.loaded import LoadedManifest, LoadedPartner
from .models.partner import PartnerStatement
from .yamlsource import Source

if TYPE_CHECKING:
    from .git_refs import CommitFiles
from .loading_rubrics import RubricIndex, _possible_path
from .validation import validate


def load_partner(path: str, display: str | None = None, text: str | None = None) -> tuple[Source, PartnerStatement]:
    """Read and validate one partner statement file (or *text*, its content at a commit). Raises :class:`InputError`."""
    source, data = yamlsource.load(path, display, text)
    return source, validate(source, data, PartnerStatement)


def load_partners(loaded: LoadedManifest, registry: Any = None, files: CommitFiles | None = None) -> None:
    """Read every partner statement *loaded* lists into ``loaded.partners``.

    Resolves each statement's views against the selected rubrics and every action's
    ``answers`` against the statements' conditions (a view of a criterion of a rubric the
    manifest does not select, but *registry* has, is left aside: partners' statements outlive
    a trust's choice of rubrics). A statement file that is missing or
    lies outside the repository is recorded as such (the evaluation reports it); one that
    cannot be read or is invalid raises :class:`InputError`, located in that file. With
    *files*, statements and letters are read from a git commit rather than the working tree.
    """
    problems: list[Diagnostic] = []
    index = RubricIndex([s.rubric for s in loaded.rubrics])
    others = RubricIndex([registry.get(i) for i in registry.ids()]) if registry is not None else None
    folder = posixpath.dirname(loaded.path)
    seen: dict[str, int] = {}
    for i, rel in enumerate(loaded.manifest.partners):
        pid = PurePosixPath(rel.replace("\\", "/")).stem
        shown = posixpath.normpath(posixpath.join(folder, rel.replace("\\", "/")))
        if pid in seen:
            problems.append(loaded.source.at(loaded.source.find(("partners", i))[0],
                                             f"partner statement '{rel}' has the same name as item {seen[pid] + 1} "
                                             "of the partners list; give each statement its own file name",
                                             "duplicate-id"))
            continue
        seen[pid] = i
        if not _possible_path(rel):  # a NUL or an over-long name: no such file can exist
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem="missing"))
            continue
        where = _where(loaded.base_dir, rel, files)
        if where != "present":
            loaded.partners.append(LoadedPartner(pid, rel, i, shown, problem=where))
            continue
        target = loaded.base_dir / rel
        try:
            text = None if files is None else files.read_text(rel, files.shown(shown))
            source, statement = load_partner(str(target), shown if files is None else files.shown(shown), text)
        except InputError as e:
            problems.extend(e.diagnostics)
            continue
        partner = LoadedPartner(pid, rel, i, shown, statement=statement, source=source)
        problems += _resolve_views(partner, source, statement, index, others)
        problems += _unique_conditions(source, statement)
        if statement.letter is not None:
            letter = posixpath.normpath(posixpath.join(posixpath.dirname(rel.replace("\\", "/")), statement.letter))
            partner.letter = "missing" if not _possible_path(letter) else _where(loaded.base_dir, letter, files)
        loaded.partners.append(partner)
    problems += _resolve_answers(loaded)
    if problems:
        raise InputError(problems)


def _where(base: Path, relative: str, files: CommitFiles | None) -> Literal["outside", "missing", "present"]:
    """Whether *relative* is a file inside *base*: in the working tree, or at a commit with *files*."""
    from .evidence_files import inside

    if files is not None:
        return files.where(relative)
    if not inside(base, relative):
        return "outside"
    return "present" if (base / relative).is_file() else "missing"


def _resolve_views(partner: LoadedPartner, source: Source, statement: PartnerStatement,
                   index: RubricIndex, others: RubricIndex | None = None) -> list[Diagnostic]:
    problems = []
    for key in statement.views:
        target, message, code = index.resolve(key, criteria_only=True)
        at = source.find(("views", key))[1]
        if target is None and code == "unknown-evidence-ref" and others is not None and \
                others.resolve(key.rpartition(":")[2], criteria_only=True)[2] in ("", "ambiguous-ref"):
            continue  # a criterion of a rubric this manifest does not select
        if target is None:
            code = "unknown-criterion" if code == "unknown-evidence-ref" else code
            problems.append(source.at(at, (message or "").replace("is not a criterion or key-evidence item",
                                                                  "is not a criterion"), code))
        elif target.item is not None:
            problems.append(source.at(at, f"'{key}' is a key-evidence item; give a view of its criterion "
                                          f"'{target.placed.criterion.id}' instead", "unknown-criterion"))
        else:
            partner.views[(target.rubric_id, target.placed.criterion.id)] = (key, statement.views[key])
    return problems


def _unique_conditions(source: Source, statement: PartnerStatement) -> list[Diagnostic]:
    problems = []
    first: dict[str, int] = {}
    for c, condition in enumerate(statement.conditions):
        if condition.id in first:
            problems.append(source.at(source.find(("conditions", c, "id"))[0],
                                      f"condition id '{condition.id}' is already used by condition "
                                      f"{first[condition.id] + 1}", "duplicate-id"))
        first.setdefault(condition.id, c)
    return problems


def _resolve_answers(loaded: LoadedManifest) -> list[Diagnostic]:
    """Every action's ``answers`` names a condition of a listed partner statement."""
    conditions = {f"{p.id}.{c.id}" for p in loaded.partners if p.statement for c in p.statement.conditions}
    unread = {p.id for p in loaded.partners if p.statement is None}
    listed = {p.id for p in loaded.partners}
    problems = []
    for key, entry in loaded.manifest.criteria.items():
        for a, action in enumerate(entry.actions):
            for j, ref in enumerate(action.answers):
                pid, _, _ = ref.partition(".")
                if ref in conditions or pid in unread:
                    continue
                if pid not in listed:
                    message = (f"'{ref}' names partner '{pid}', which is not in the manifest's partners list"
                               + did_you_mean(pid, listed))
                else:
                    message = f"'{ref}' is not a condition of partner '{pid}'" + did_you_mean(ref, conditions)
                node = loaded.source.find(("criteria", key, "actions", a, "answers", j))[0]
                problems.append(loaded.source.at(node, message, "unknown-condition-ref"))
    return problems
