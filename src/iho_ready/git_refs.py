"""A manifest, and the files beside it, as they stood at earlier commits (``report --since``, ``history``).

This module runs ``git`` and nothing else; it never changes the repository or the working
tree, and nothing is checked out. Everything is read from the commit itself: the manifest,
and through :class:`CommitFiles` (a file-facts provider beside
:mod:`iho_ready.evidence_files`) whether each evidence file existed then, its size and
hash, the partner statements and the lock file. So each assessment is what the board saw.

Git's output is read in forms no repository setting changes: NUL-separated (``-z``, so a
file name holding a quote, a backslash or a tab is not quoted), with ``--encoding=UTF-8``
(so ``i18n.logOutputEncoding`` cannot re-encode it), explicit formats, literal pathspecs,
and object names rather than paths for every object read. Objects are read by size first
(``cat-file --batch-check``) and refused over :mod:`iho_ready.limits`'s limits before their
content is unpacked.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import IO, Literal

from .diagnostics import Diagnostic, InputError
from .errors import GitRefError
from .limits import MAX_EVIDENCE_BLOB_BYTES, MAX_FILE_BYTES, size_text
from .models.outcome import FileFacts
from .safe_files import kind_of

_GIT = ["git", "--literal-pathspecs", "--no-replace-objects", "-c", "core.quotePath=false",
        "-c", "i18n.logOutputEncoding=UTF-8", "-c", "log.showSignature=false"]
"""git, told to read paths literally and to print them unquoted and messages as UTF-8, whatever the
repository's own settings say."""



def _env() -> dict[str, str]:
    """No network: in a partial clone, a missing object is missing (git 2.45+), not fetched from the remote."""
    return {**os.environ, "GIT_NO_LAZY_FETCH": "1"}

_TREE, _LINK, _SUBMODULE = 0o040000, 0o120000, 0o160000
_MAX_LINKS = 40
"""Most symbolic links followed while resolving one path (as the operating system allows)."""

CHUNK = 1 << 20
"""Bytes read at a time when hashing a blob."""


def _git(folder: Path | str, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run([*_GIT, "-C", str(folder), *args], capture_output=True, check=False, env=_env())
    except FileNotFoundError:
        raise GitRefError("--since and history need git, which is not installed or not on PATH") from None


def _repository(path: Path, who: str, option: str, ref: str | None) -> Path:
    """The folder holding *path*, checked to be inside a git work tree; with *ref*, that ref too.

    *who* names the command or option in messages (``--since``, ``history``).
    """
    if ref is not None and (not ref or ref.startswith("-")):
        # A ref starting with '-' would be read by git as an option.
        raise GitRefError(f"{option}: '{ref}' is not a git ref")
    folder = path.parent
    if not folder.is_dir():
        raise GitRefError(f"{who}: {folder} does not exist")
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GitRefError(f"{who} needs the manifest to be in a git repository, and {folder} is not in one")
    if ref is not None:
        _commit_of(folder, path, option, ref)
    return folder


def _commit_of(folder: Path, path: Path, option: str, ref: str) -> str:
    """The full hash of the commit *ref* names."""
    found = _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")  # ref cannot start with '-'
    if found.returncode != 0:
        raise GitRefError(f"{option}: unknown git ref '{ref}' in the repository that holds {path.name}")
    return found.stdout.decode("ascii").strip()


def _prefix(folder: Path) -> tuple[bytes, ...]:
    """*folder*'s path from the repository's root, as git names it (raw bytes, one per folder)."""
    shown = _git(folder, "rev-parse", "--show-prefix")
    if shown.returncode != 0:
        raise GitRefError(f"--since: git rev-parse failed in {folder}")
    return tuple(p for p in shown.stdout.rstrip(b"\n").split(b"/") if p)


# --------------------------------------------------------------------------- objects


class _Objects:
    """Reads git objects by name through one ``cat-file --batch-check`` and one ``cat-file --batch``
    process per repository, started on first use and kept for every commit of a history.

    Sizes come first: no object's content is unpacked until its size is known to be within the limit.
    Trees, sizes and evidence hashes are cached by object name (they never change).
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._sizes: dict[str, tuple[bytes, int] | None] = {}
        self._trees: dict[str, dict[bytes, tuple[int, str]]] = {}
        self._hashes: dict[str, tuple[str, int]] = {}

    def _process(self, mode: str) -> tuple[IO[bytes], IO[bytes]]:
        process = self._processes.get(mode)
        if process is None:
            try:
                process = subprocess.Popen([*_GIT, "-C", self.folder, "cat-file", mode], stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env())
            except FileNotFoundError:
                raise GitRefError("history needs git, which is not installed or not on PATH") from None
            self._processes[mode] = process
        assert process.stdin is not None and process.stdout is not None
        return process.stdin, process.stdout

    def _ask(self, mode: str, oid: str) -> tuple[IO[bytes], bytes]:
        stdin, stdout = self._process(mode)
        try:
            stdin.write(oid.encode("ascii") + b"\n")
            stdin.flush()
        except OSError:
            raise GitRefError("history: git cat-file stopped unexpectedly") from None
        line = stdout.readline()
        if not line.endswith(b"\n"):
            raise GitRefError("history: git cat-file stopped unexpectedly")
        return stdout, line

    def size(self, oid: str) -> tuple[bytes, int] | None:
        """The object's type and size, or None when there is no such object."""
        if oid not in self._sizes:
            _, line = self._ask("--batch-check", oid)
            parts = line.split()
            self._sizes[oid] = (parts[1], int(parts[2])) if len(parts) == 3 and parts[2].isdigit() else None
        return self._sizes[oid]

    def _chunks(self, oid: str, kind: bytes, limit: int, shown: str) -> tuple[int, IO[bytes]]:
        """Ask for the content of *oid* (of type *kind*) once its size is known to be within *limit*."""
        found = self.size(oid)
        if found is None or found[0] != kind:
            raise GitRefError(f"git object {oid} ({shown}) is missing from the repository (a partial or damaged "
                              "clone?)")
        if found[1] > limit:
            raise InputError([Diagnostic(shown, 0, 0, f"the file is larger than the limit of {size_text(limit)}",
                                         "limit")])
        stdout, _ = self._ask("--batch", oid)
        return found[1], stdout

    def read(self, oid: str, kind: bytes, shown: str, limit: int | None = None) -> bytes:
        """The whole content of a blob or tree, refused over *limit* (the file size limit) before it is read."""
        size, stdout = self._chunks(oid, kind, MAX_FILE_BYTES if limit is None else limit, shown)
        data = stdout.read(size)
        if len(data) != size or stdout.read(1) != b"\n":
            raise GitRefError("history: git cat-file stopped unexpectedly")
        return data

    def sha256(self, oid: str, shown: str) -> tuple[str, int]:
        """SHA-256 and size of a blob, read in chunks (never whole), refused over the evidence limit."""
        if oid not in self._hashes:
            size, stdout = self._chunks(oid, b"blob", MAX_EVIDENCE_BLOB_BYTES, shown)
            digest, left = hashlib.sha256(), size
            while left:
                chunk = stdout.read(min(CHUNK, left))
                if not chunk:
                    raise GitRefError("history: git cat-file stopped unexpectedly")
                digest.update(chunk)
                left -= len(chunk)
            if stdout.read(1) != b"\n":
                raise GitRefError("history: git cat-file stopped unexpectedly")
            self._hashes[oid] = (digest.hexdigest(), size)
        return self._hashes[oid]

    def tree(self, oid: str) -> dict[bytes, tuple[int, str]]:
        """A tree's entries: name -> (mode, object name)."""
        if oid not in self._trees:
            data = self.read(oid, b"tree", f"git tree {oid}")
            width = len(oid) // 2  # 20 bytes for SHA-1 repositories, 32 for SHA-256
            entries: dict[bytes, tuple[int, str]] = {}
            at = 0
            while at < len(data):
                space = data.index(b" ", at)
                nul = data.index(b"\x00", space)
                entries[data[space + 1:nul]] = (int(data[at:space], 8), data[nul + 1:nul + 1 + width].hex())
                at = nul + 1 + width
            self._trees[oid] = entries
        return self._trees[oid]

    def close(self) -> None:
        for process in self._processes.values():
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
            process.wait()
        self._processes.clear()


_OPEN: dict[str, _Objects] = {}
"""The object readers of this process, by repository folder (worker processes open their own)."""


def _objects(folder: str) -> _Objects:
    if folder not in _OPEN:
        _OPEN[folder] = _Objects(folder)
    return _OPEN[folder]


def close() -> None:
    """Stop the git processes this process started to read objects."""
    while _OPEN:
        _OPEN.popitem()[1].close()


# --------------------------------------------------------------------------- files at a commit


Where = Literal["outside", "missing", "present"]


@dataclass(frozen=True)
class _Found:
    outside: bool
    mode: int | None = None
    oid: str = ""


@dataclass(frozen=True)
class CommitFiles:
    """The files beside the manifest as one commit holds them: a file-facts provider read from git.

    Paths are resolved as :func:`iho_ready.evidence_files.inside` resolves them on disk: an
    absolute path, one that climbs out of the manifest's folder, or one that leads out
    through a symbolic link is outside, and is not read. Small and picklable: worker
    processes open their own git processes for it.
    """

    folder: str
    """A folder of the repository's work tree, where git runs."""
    tree: str
    """The commit's root tree."""
    base: tuple[bytes, ...]
    """The manifest's folder, from the repository's root."""
    label: str
    """How the commit is named in messages: a short hash, or the ref given."""
    _paths: dict[str, _Found] = field(default_factory=dict, compare=False, repr=False)

    def shown(self, path: str) -> str:
        """*path* as messages name it at this commit (``partners/icb.yaml@1a2b3c4``)."""
        return f"{path}@{self.label}"

    def _resolve(self, relative: str) -> _Found:
        if relative in self._paths:
            return self._paths[relative]
        found = self._paths[relative] = self._walk(relative)
        return found

    def _walk(self, relative: str) -> _Found:
        if os.path.isabs(relative) or PureWindowsPath(relative).anchor or relative.startswith("~"):
            return _Found(outside=True)
        if posixpath.normpath(posixpath.join("base", relative)).split("/")[0] != "base":
            return _Found(outside=True)  # climbs out lexically
        objects = _objects(self.folder)
        pending = [p.encode("utf-8", "surrogateescape") for p in relative.split("/")]
        here: list[bytes] = list(self.base)
        links = 0
        mode, oid = _TREE, self.tree
        while pending:
            part = pending.pop(0)
            if part in (b"", b"."):
                continue
            if part == b"..":
                if not here:
                    return _Found(outside=True)  # above the repository's root
                here.pop()
                continue
            entries = self._folder(here)
            entry = entries.get(part) if entries is not None else None
            if entry is None:
                return _Found(outside=not self._within([*here, part]))
            mode, oid = entry
            if stat.S_IFMT(mode) == _LINK:
                links += 1
                if links > _MAX_LINKS:
                    return _Found(outside=False)  # a loop of links: nothing there
                target = objects.read(oid, b"blob", self.shown(relative), 4096)
                if target.startswith(b"/"):
                    return _Found(outside=True)
                pending = target.split(b"/") + pending
                continue
            here.append(part)
        if not self._within(here):
            return _Found(outside=True)
        if not here[len(self.base):]:
            return _Found(outside=False, mode=_TREE, oid=oid)
        return _Found(outside=False, mode=mode, oid=oid)

    def _within(self, parts: list[bytes]) -> bool:
        return tuple(parts[:len(self.base)]) == self.base

    def _folder(self, parts: list[bytes]) -> dict[bytes, tuple[int, str]] | None:
        """The entries of the folder at *parts* from the root (None if it is not a folder)."""
        objects = _objects(self.folder)
        oid = self.tree
        for part in parts:
            entry = objects.tree(oid).get(part)
            if entry is None or stat.S_IFMT(entry[0]) != _TREE:
                return None
            oid = entry[1]
        return objects.tree(oid)

    def where(self, relative: str) -> Where:
        """Whether *relative* is a regular file at this commit, missing, or outside the manifest's folder."""
        found = self._resolve(relative)
        if found.outside:
            return "outside"
        return "present" if found.mode is not None and stat.S_ISREG(found.mode) else "missing"

    def facts(self, relative: str, *, hashes: bool) -> FileFacts:
        """What was true of evidence path *relative* at this commit (its hash and size with *hashes*)."""
        found = self._resolve(relative)
        if found.outside:
            return FileFacts(outside=True, exists=False, is_file=False)
        if found.mode is None:
            return FileFacts(outside=False, exists=False, is_file=False)
        if not stat.S_ISREG(found.mode):  # a folder, or a submodule (a folder in a work tree)
            return FileFacts(outside=False, exists=True, is_file=False, problem=f"is {kind_of(stat.S_IFDIR)}, "
                                                                                "not a file")
        digest = size = None
        if hashes:
            digest, size = _objects(self.folder).sha256(found.oid, self.shown(relative))
        return FileFacts(outside=False, exists=True, is_file=True, sha256=digest, size=size)

    def read(self, relative: str, shown: str) -> bytes:
        """The content of file *relative* at this commit (checked to be there with :meth:`where`),
        refused over the file size limit before it is read."""
        found = self._resolve(relative)
        if found.mode is None or not stat.S_ISREG(found.mode):
            raise InputError([Diagnostic(shown, 0, 0, "the file is not in the commit", "io")])
        return _objects(self.folder).read(found.oid, b"blob", shown)

    def read_text(self, relative: str, shown: str) -> str:
        """:meth:`read`, as UTF-8 text (an ``[io]`` error when it is not); a workbook's bytes as Latin-1
        (see :func:`decode`), which the workbook reader turns back into bytes."""
        from .yamlsource import decode_text

        if relative.lower().endswith(".xlsx"):
            return decode(self.read(relative, shown), relative)
        return decode_text(self.read(relative, shown), shown)


# --------------------------------------------------------------------------- --since


def manifest_at(manifest: str | Path, ref: str) -> tuple[CommitFiles, str]:
    """The files beside *manifest* at git ref *ref* (a commit, tag or branch), and the manifest's name."""
    path = Path(manifest).resolve()
    folder = _repository(path, "--since", "--since", ref)
    commit = _commit_of(folder, path, "--since", ref)
    tree = _git(folder, "rev-parse", "--verify", "--quiet", f"{commit}^{{tree}}").stdout.decode("ascii").strip()
    files = CommitFiles(str(folder), tree, _prefix(folder), ref)
    name = os.fsdecode(path.name)
    if files.where(name) != "present":
        raise GitRefError(f"--since: {path.name} is not in the repository at '{ref}'")
    return files, name


def decode(blob: bytes, name: str) -> str:
    """A committed manifest's content as text: a YAML file's UTF-8; a workbook's (``.xlsx``, a zip) bytes
    one character each (Latin-1, which round-trips every byte), which the workbook reader turns back."""
    return blob.decode("latin-1") if name.lower().endswith(".xlsx") else blob.decode("utf-8-sig")


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class Revision:
    """The manifest as one commit left it (``history``)."""

    commit: str
    """The full commit hash."""
    committed: date
    """The commit date (the committer's, in the committer's time zone)."""
    subject: str
    """The first line of the commit message."""
    path: str
    """The manifest's path at that commit, from the repository's root (it may have been renamed since)."""
    files: CommitFiles | None
    """The files beside the manifest at that commit (the manifest is ``files.read(name)``); None when
    the commit deleted it."""
    problem: str | None = None
    """Why there is nothing to assess (the commit deleted the manifest), when there is not."""

    @property
    def name(self) -> str:
        """The manifest's file name at that commit."""
        return posixpath.basename(self.path)


def _records(out: bytes) -> list[tuple[str, str, date, str, bytes]]:
    """(commit, tree, date, subject, path) from ``git log -z --name-only --format="%H %T %cs %s"``.

    Each commit is its header, NUL, then a newline and the manifest's path, NUL. Headers are
    told from paths by their shape (a path always follows its header's newline).
    """
    found: list[tuple[str, str, date, str, bytes]] = []
    for token in out.split(b"\x00"):
        if not token:
            continue
        if token.startswith(b"\n"):
            if found and not found[-1][4]:
                commit, tree, day, subject, _ = found[-1]
                found[-1] = (commit, tree, day, subject, token[1:])
            continue
        fields = [*token.split(b" ", 3), b"", b"", b""]
        found.append((fields[0].decode("ascii"), fields[1].decode("ascii"),
                      date.fromisoformat(fields[2].decode("ascii")), fields[3].decode("utf-8", "replace"), b""))
    return found


def manifest_history(manifest: str | Path, since: str | None = None, *, newest: int = 0) -> tuple[list[Revision], int]:
    """The commits of the branch's first-parent line that changed *manifest* (merges included, renames
    followed), oldest first: what each board meeting saw; and how many there are in all.

    With *since*, only commits after that ref (``SINCE..HEAD``); with *newest*, only the newest
    that many (0 for all). One ``git log``; the files at each commit are read on demand, through
    :class:`CommitFiles`, and only for the commits returned. Nothing is checked out and the
    working tree is never touched.
    """
    path = Path(manifest).resolve()
    if since is not None and (not since or since.startswith("-")):
        raise GitRefError(f"--since: '{since}' is not a git ref")  # before git: it would read it as an option
    folder = _repository(path, "history", "--since", None)
    if _git(folder, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return [], 0  # a repository with no commits yet has no history
    span = [f"{_commit_of(folder, path, '--since', since)}..HEAD"] if since is not None else ["HEAD"]
    # --first-parent with --diff-merges=first-parent: a merge counts when it changed the manifest as
    # the branch saw it, which is how a trust working by pull requests changes it. --root and
    # --no-relative: the first commit names the manifest, and names are from the root, whatever
    # log.showRoot and diff.relative say.
    logged = _git(folder, "log", "--first-parent", "--diff-merges=first-parent", "--follow", "--name-only", "--root",
                  "--no-relative", "-z", "--encoding=UTF-8", "--no-color", "--no-notes", "--no-show-signature",
                  "--no-abbrev", "--format=%H %T %cs %s", *span, "--", f"./{os.fsdecode(path.name)}")
    if logged.returncode != 0:
        raise GitRefError(f"history: git log failed: {logged.stderr.decode('utf-8', 'replace').strip()}")
    records = _records(logged.stdout)
    revisions = []
    for commit, tree, committed, subject, name in reversed(records[:newest] if newest else records):
        parts = tuple(name.split(b"/"))
        files = CommitFiles(str(folder), tree, parts[:-1], commit[:7])
        shown = os.fsdecode(b"/".join(parts))
        try:
            there = bool(name) and files.where(os.fsdecode(parts[-1])) == "present"
        except GitRefError as e:  # an object missing from a damaged or partial clone: this point says so
            revisions.append(Revision(commit, committed, subject, shown, None, str(e)))
            continue
        if there:
            revisions.append(Revision(commit, committed, subject, shown, files))
        else:
            revisions.append(Revision(commit, committed, subject, shown, None, "the commit deleted the manifest"))
    return revisions, len(records)
