"""The evidence lock file (format version 1), written by ``iho-ready lock``.

It records the SHA-256 and size of each evidence file as it was when the board saw it,
so that ``check`` can say which evidence has changed since. Unknown fields are errors.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from .types import FormatVersion, Identifier, Text

LOCK_VERSION = 1
"""Version of the lock file format."""


class LockedFile(BaseModel):
    """One evidence file as locked."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    path: Text
    """The evidence ``path`` as written in the manifest when it was locked."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Lower-case hex SHA-256 digest of the file's bytes."""
    size: StrictInt = Field(ge=0)
    """Size in bytes."""


class LockFile(BaseModel):
    """A lock file: evidence id -> the file it pointed at, when locked."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    lock: FormatVersion
    """Lock file format version. Always 1 for now."""
    evidence: dict[Identifier, LockedFile] = {}
    """Keyed by the evidence register id (``MTP``), sorted by id when written."""
