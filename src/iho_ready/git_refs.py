"""A manifest as it stood at an earlier commit of the evidence repository (``report --since``).

This module runs ``git`` and nothing else; it never changes the repository or the working
tree. Only the manifest's text is read from the commit: its evidence is still looked for
in the current working tree, so the earlier assessment's file checks (exists, inside the
repository) are today's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import GitRefError


def manifest_at(manifest: str | Path, ref: str) -> str:
    """The text of *manifest* as committed at git ref *ref* (a commit, tag or branch)."""
    path = Path(manifest).resolve()
    if not ref or ref.startswith("-"):
        # A ref starting with '-' would be read by git as an option.
        raise GitRefError(f"--since: '{ref}' is not a git ref")
    folder = path.parent
    if not folder.is_dir():
        raise GitRefError(f"--since: {folder} does not exist")
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GitRefError(f"--since needs the manifest to be in a git repository, and {folder} is not in one")
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GitRefError(f"--since: unknown git ref '{ref}' in the repository that holds {path.name}")
    # "REF:./NAME" names the file relative to the folder git runs in, wherever the repo's root is.
    shown = _git(folder, "show", f"{ref}:./{path.name}")
    if shown.returncode != 0:
        raise GitRefError(f"--since: {path.name} is not in the repository at '{ref}'")
    try:
        return shown.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GitRefError(f"--since: {path.name} at '{ref}' is not UTF-8 text") from None


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitRefError("--since needs git, which is not installed or not on PATH") from None
