"""Safety limits on every file iho-ready reads, in one place.

iho-ready runs unattended in CI on files many people edit, so no input may crash it, hang
it or make it use unbounded memory or time. Each limit below is checked *before* the step
it protects can fail (the file size before reading, nesting depth while parsing, before
any recursive code sees the document), and each breach is a located ``[limit]`` error
with exit code 2. The values are documented in the README ("Security and reliability");
they are set far above anything a real manifest, rubric or lock file needs: a valid
manifest with 100,000 evidence items (about 23 MB, 2.1 million values) is within them.
"""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file read (64 MiB). Only this many bytes plus one are ever read."""

MAX_EVIDENCE_BLOB_BYTES = 256 * 1024 * 1024
"""Largest evidence file hashed from a git commit (256 MiB), by ``history`` and ``report --since``.

Its size is read first (``git cat-file --batch-check``) and a larger file is refused before
git unpacks it: a small packed object can unpack to a very large one. The manifest, partner
statements and the lock file at a commit are held to :data:`MAX_FILE_BYTES` the same way.
"""

MAX_HISTORY_POINTS = 100
"""Changes of the manifest ``history`` and the dashboard's trend assess by default: the newest 100.

Each point is a full assessment; ``--points N`` chooses another window, ``--points 0`` all.
"""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, counting what aliases expand to.

A manifest nests about 6 levels, a rubric about 8. Parsing stops at the first level too
deep, so thousands of ``[`` or ``- `` never reach recursive code.
"""

MAX_NODES = 3_000_000
"""Most values (scalars, lists, mappings, aliases) in one file, as written.

Aliases count once here; what they expand to is limited by :data:`MAX_ALIAS_CHARS`.
A manifest with 100,000 evidence items has about 2.1 million. This is also the memory
limit of reading: each value costs about 150 bytes until the file is read, so a file that
reaches the limit (a 10 MB flow list of 5 million ``1,``) stops at about 550 MB, where 4
million values with PyYAML's own marks took 920 MB.
"""

MAX_ALIAS_CHARS = 4_000_000
"""Most characters that aliases may add to a document when expanded.

Measured in characters (each value's text plus two for its punctuation), not in values,
so one large anchored text repeated many times is stopped as quickly as a "billion
laughs" of nested lists.
"""

MAX_SCALAR_CHARS = 16 * 1024 * 1024
"""Longest single text value (16 Mi characters)."""

MAX_KEY_CHARS = 1024
"""Longest mapping key. YAML itself limits plain keys to 1,024 characters."""

MAX_NUMBER_DIGITS = 1000
"""Longest unquoted number. Python refuses to convert integers of over 4,300 digits."""

MAX_DIAGNOSTICS = 100
"""Most diagnostics printed for one run; the rest are counted in a final line."""

MAX_PATH_BYTES = 4096
"""Longest path accepted, in bytes of its file-system encoding."""

MAX_NAME_BYTES = 255
"""Longest single file or folder name in a path, as on most file systems."""

MAX_EVIDENCE_BYTES = 4 * 1024 * 1024 * 1024
"""Largest evidence file ``lock`` (and ``check`` with a lock file) hashes: 4 GiB.

Hashing reads the whole file, so a 64 GB sparse file would keep a CI job busy for
minutes. A larger file is not hashed (nor locked); it is reported as too large to lock.
"""

MAX_TEMPLATE_STEPS = 5_000_000
"""Most lines of template code a ``--template`` may run: a few seconds of rendering.

Counted, not timed, so the same template and manifest always give the same result. The
bundled template, extended by a user's, runs about 7,000 for the example and 320,000 for a
manifest with 10,000 evidence items.
"""

MAX_TEMPLATE_CHARS = 64 * 1024 * 1024
"""Longest text a template may write, or build with ``*``, ``+`` or ``~`` (64 Mi characters)."""


def size_text(count: int) -> str:
    """*count* bytes as people read them: ``64 MiB``, ``1.5 KiB``, ``12 bytes``."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            value = count / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{count} bytes"
