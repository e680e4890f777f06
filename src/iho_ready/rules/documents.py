"""Rules about the documents of the evidence register and the files they point at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..findings import EXPIRY_WARNING_DAYS
from ..models.loaded import LoadedManifest
from ..models.lock import LockedFile
from ..models.manifest import Evidence
from ..models.outcome import FileFacts
from ..models.result import Location
from ..words import slash_hint
from . import Emit, rule


@dataclass(frozen=True)
class FileRef:
    """A file a manifest or a partner statement points at, with what was gathered about it."""

    what: str
    """How a message names it, e.g. ``evidence MTP:`` or ``partner X: the signed letter``."""
    noun: bool
    """Messages add ``path`` or ``file`` after :attr:`what` (for a register entry)."""
    path: str
    """The path as written."""
    location: Location
    """Where the path is written."""
    outside: bool
    """It leaves the folder that holds the manifest."""
    missing: bool
    """It does not exist."""
    problem: str | None = None
    """Why an existing path is no document (a folder, a device, unreadable)."""


@rule("evidence-outside-repo")
def outside_repo(ref: FileRef, emit: Emit) -> str | None:
    """A path that leaves the manifest's folder cannot count. Returns why, or None."""
    if not ref.outside:
        return None
    emit("evidence-outside-repo", ref.location,
         f"{ref.what}{' path' if ref.noun else ''} '{ref.path}' is outside the folder that holds the manifest; "
         "keep evidence inside the evidence repository")
    return "its path leaves the manifest's folder"


@rule("evidence-file-missing")
def file_missing(ref: FileRef, emit: Emit) -> str | None:
    """A path to nothing, or to something that is not a regular file. Returns why, or None."""
    if ref.outside:
        return None
    path, file = (" path", " file") if ref.noun else ("", "")
    if ref.problem is not None:
        emit("evidence-file-missing", ref.location, f"{ref.what}{path} '{ref.path}' {ref.problem}")
        return f"its path {ref.problem}"
    if ref.missing:
        emit("evidence-file-missing", ref.location, f"{ref.what}{file} '{ref.path}' does not exist"
             + slash_hint(ref.path))
        return "its file does not exist"
    return None


def document_file(loaded: LoadedManifest, i: int, doc: Evidence, fact: FileFacts | None) -> FileRef | None:
    """The file of register entry *i*, when it has a path."""
    if doc.path is None:
        return None
    outside = fact is None or fact.outside
    return FileRef(what=f"evidence {doc.id}:", noun=True, path=doc.path, location=loaded.locate("evidence", i, "path"),
                   outside=outside, missing=not outside and fact is not None and not fact.exists,
                   problem=None if outside or fact is None else fact.problem)


@rule("evidence-unapproved")
def unapproved(loaded: LoadedManifest, i: int, doc: Evidence, emit: Emit) -> None:
    """A document with no approval record."""
    if doc.approved is None:
        emit("evidence-unapproved", loaded.locate("evidence", i, "id"),
             f"evidence {doc.id} has no approval record; add approved: {{by: ..., date: YYYY-MM-DD}}")


@rule("evidence-expired")
def expired(loaded: LoadedManifest, i: int, doc: Evidence, as_of: date, emit: Emit) -> str | None:
    """A document past its review date cannot count. Returns why, or None."""
    if doc.review_by is None or doc.review_by >= as_of:
        return None
    emit("evidence-expired", loaded.locate("evidence", i, "review_by"),
         f"evidence {doc.id} passed its review date {doc.review_by.isoformat()} (as of {as_of.isoformat()})")
    return f"it passed its review date ({doc.review_by.isoformat()})"


@rule("evidence-expiring")
def expiring(loaded: LoadedManifest, i: int, doc: Evidence, as_of: date, emit: Emit) -> None:
    """A document due for review soon after the as-of date."""
    if doc.review_by is None or doc.review_by < as_of:
        return
    if (doc.review_by - as_of).days <= EXPIRY_WARNING_DAYS:  # a difference: no overflow near 9999
        emit("evidence-expiring", loaded.locate("evidence", i, "review_by"),
             f"evidence {doc.id} is due for review on {doc.review_by.isoformat()}, within "
             f"{EXPIRY_WARNING_DAYS} days of {as_of.isoformat()}")


@rule("evidence-unused")
def unused(loaded: LoadedManifest, i: int, doc: Evidence, emit: Emit) -> None:
    """A document that supports nothing."""
    if not doc.supports:
        emit("evidence-unused", loaded.locate("evidence", i, "id"),
             f"evidence {doc.id} supports no criterion or key-evidence item; list them under supports")


@rule("evidence-unlocked", "evidence-changed")
def compare_with_lock(loaded: LoadedManifest, i: int, doc: Evidence, fact: FileFacts, locked: LockedFile | None,
                      emit: Emit) -> None:
    """A file not in the lock, or different from it.

    A changed document still counts as evidence (it exists and may be fine), but its error
    makes every criterion relying on it a shortfall until it is re-approved and locked again.
    """
    if locked is None:
        emit("evidence-unlocked", loaded.locate("evidence", i, "id"),
             f"evidence {doc.id}: file '{doc.path}' is not in the lock file; run `iho-ready lock` once it is approved")
    elif (locked.sha256, locked.size) != (fact.sha256, fact.size):
        moved = f" (locked as '{locked.path}')" if locked.path != doc.path else ""
        emit("evidence-changed", loaded.locate("evidence", i, "path"),
             f"evidence {doc.id}: file '{doc.path}'{moved} has changed since it was locked (locked: sha256 "
             f"{locked.sha256[:12]}…, {locked.size} bytes; now: {(fact.sha256 or '')[:12]}…, {fact.size} bytes); "
             "have it re-approved, then run `iho-ready lock`")


def lockable(fact: FileFacts | None, lock: Mapping[str, LockedFile] | None) -> bool:
    """Whether a document's file is compared with the lock (a lock is in use and it is a file)."""
    return lock is not None and fact is not None and not fact.outside and fact.exists and fact.is_file \
        and fact.problem is None
