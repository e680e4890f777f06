"""A manifest as it stood at earlier commits of the evidence repository (``report --since``, ``history``).

This module runs ``git`` and nothing else; it never changes the repository or the working
tree. Only the manifest's text is read from the commit: its evidence is still looked for
in the current working tree, so the earlier assessment's file checks (exists, inside the
repository) are today's.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import GitRefError


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
        _check_ref(folder, path, option, ref)
    return folder


def _check_ref(folder: Path, path: Path, option: str, ref: str) -> None:
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GitRefError(f"{option}: unknown git ref '{ref}' in the repository that holds {path.name}")


def manifest_at(manifest: str | Path, ref: str) -> str:
    """The text of *manifest* as committed at git ref *ref* (a commit, tag or branch)."""
    path = Path(manifest).resolve()
    folder = _repository(path, "--since", "--since", ref)
    # "REF:./NAME" names the file relative to the folder git runs in, wherever the repo's root is.
    shown = _git(folder, "show", f"{ref}:./{path.name}")
    if shown.returncode != 0:
        raise GitRefError(f"--since: {path.name} is not in the repository at '{ref}'")
    try:
        return decode(shown.stdout, path.name)
    except UnicodeDecodeError:
        raise GitRefError(f"--since: {path.name} at '{ref}' is not UTF-8 text") from None


def decode(blob: bytes, name: str) -> str:
    """A committed manifest's content as text: a YAML file's UTF-8; a workbook's (``.xlsx``, a zip) bytes
    one character each (Latin-1, which round-trips every byte), which the workbook reader turns back."""
    return blob.decode("latin-1") if name.lower().endswith(".xlsx") else blob.decode("utf-8-sig")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitRefError("--since needs git, which is not installed or not on PATH") from None


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
    text: str | None
    """The manifest's text at that commit; None when the commit deleted it."""
    problem: str | None = None
    """Why the text could not be read (deleted, not UTF-8), when it could not."""


_HEADER = re.compile(r"^(?P<commit>[0-9a-f]{40,64})\x00(?P<day>\d{4}-\d{2}-\d{2})\x00(?P<subject>[^\x00\n]*)\x00$",
                     re.M)


def manifest_history(manifest: str | Path, since: str | None = None) -> list[Revision]:
    """Every commit that changed *manifest* (following renames), oldest first, with its text.

    With *since*, only commits after that ref (``SINCE..HEAD``). Two git processes whatever
    the number of commits: one ``git log`` and one ``git cat-file --batch``. Nothing is
    checked out and the working tree is never touched.
    """
    path = Path(manifest).resolve()
    if since is not None and (not since or since.startswith("-")):
        raise GitRefError(f"--since: '{since}' is not a git ref")  # before git: it would read it as an option
    folder = _repository(path, "history", "--since", None)
    if _git(folder, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return []  # a repository with no commits yet has no history
    if since is not None:
        _check_ref(folder, path, "--since", since)
    span = [f"{since}..HEAD"] if since is not None else ["HEAD"]
    # Each commit starts with a header line "HASH NUL DATE NUL SUBJECT NUL"; --name-only then names the
    # file at that commit (renames followed). A subject cannot hold a NUL or a newline, so headers are
    # found unambiguously whatever the commit messages say.
    logged = _git(folder, "-c", "core.quotePath=false", "log", "--follow", "--name-only", "--no-color",
                  "--no-show-signature",
                  "--format=%H%x00%cs%x00%s%x00", *span, "--", f"./{path.name}")
    if logged.returncode != 0:
        raise GitRefError(f"history: git log failed: {logged.stderr.decode('utf-8', 'replace').strip()}")
    text = logged.stdout.decode("utf-8", "replace")
    headers = list(_HEADER.finditer(text))
    entries: list[tuple[str, date, str, str]] = []
    for n, header in enumerate(headers):
        body = text[header.end():headers[n + 1].start() if n + 1 < len(headers) else len(text)]
        name = next((line for line in body.splitlines() if line.strip()), "")
        entries.append((header["commit"], date.fromisoformat(header["day"]), header["subject"], name))
    entries.reverse()
    texts = _blobs(folder, [f"{commit}:{name}" for commit, _, _, name in entries])
    revisions = []
    for (commit, committed, subject, name), blob in zip(entries, texts, strict=True):
        if blob is None:
            revisions.append(Revision(commit, committed, subject, name, None, "the commit deleted the manifest"))
            continue
        try:
            revisions.append(Revision(commit, committed, subject, name, decode(blob, name)))
        except UnicodeDecodeError:
            revisions.append(Revision(commit, committed, subject, name, None, "the manifest is not UTF-8 text"))
    return revisions


def _blobs(folder: Path, objects: list[str]) -> list[bytes | None]:
    """The content of each ``COMMIT:PATH`` object (None where it does not exist), in one git process."""
    if not objects:
        return []
    request = "".join(f"{name}\n" for name in objects).encode("utf-8")
    try:
        done = subprocess.run(["git", "-C", str(folder), "cat-file", "--batch"], input=request,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitRefError("history needs git, which is not installed or not on PATH") from None
    if done.returncode != 0:
        raise GitRefError(f"history: git cat-file failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    out, at = done.stdout, 0
    found: list[bytes | None] = []
    for _ in objects:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            found.append(None)
            continue
        size = int(header[2])
        found.append(out[at:at + size] if header[1] == b"blob" else None)
        at += size + 1  # the content, then a newline
    return found
