"""Find rubrics and crosswalks: the bundled ones, plus any folders given with ``--rubrics``.

A rubric folder holds ``ID/VERSION.yaml`` files and an optional ``crosswalks/`` folder.
Files are parsed only when a rubric is selected, so a large library costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .diagnostics import Diagnostic, InputError, did_you_mean
from .models.rubric import Crosswalk, Rubric


def bundled_dir() -> Path:
    """The folder of rubrics shipped with the package.

    In an installed wheel they are package data (``iho_ready/_bundled_rubrics``); in a
    source checkout or editable install they are the repository's ``rubrics/`` folder.
    """
    packaged = resources.files("iho_ready") / "_bundled_rubrics"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rubrics"


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for versions: numeric parts compare as numbers (``2025.9 < 2025.11``)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", version))


@dataclass(frozen=True)
class RubricFile:
    """A rubric file found on disk, not yet parsed."""

    id: str
    version: str
    path: Path
    bundled: bool

    @property
    def display(self) -> str:
        """How the file is named in messages: ``<bundled>/ID/VERSION.yaml`` or its path."""
        return f"<bundled>/{self.id}/{self.path.name}" if self.bundled else str(self.path)


class Registry:
    """All rubrics and crosswalks available to a run."""

    def __init__(self, extra_dirs: Iterable[str | Path] = ()):
        self.dirs: list[tuple[Path, bool]] = [(bundled_dir(), True)] + [(Path(d), False) for d in extra_dirs]
        self.files: dict[str, dict[str, RubricFile]] = {}
        self._cache: dict[tuple[str, str], Rubric] = {}
        problems = []
        for folder, bundled in self.dirs:
            if not folder.is_dir():
                problems.append(Diagnostic(str(folder), 0, 0, "rubric folder not found", "io"))
                continue
            for path in sorted(folder.glob("*/*.yaml")):
                if path.parent.name == "crosswalks":
                    continue
                found = RubricFile(path.parent.name, path.stem, path, bundled)
                # a folder given with --rubrics overrides a bundled file of the same id@version
                self.files.setdefault(found.id, {})[found.version] = found
        if problems:
            raise InputError(problems)

    def ids(self) -> list[str]:
        """Every rubric id available, sorted."""
        return sorted(self.files)

    def versions(self, rubric_id: str) -> list[str]:
        """Versions of *rubric_id*, oldest first."""
        return sorted(self.files.get(rubric_id, {}), key=version_key)

    def get(self, rubric_id: str, version: str | None = None) -> Rubric:
        """Load ``rubric_id@version`` (newest when *version* is None).

        Raises LookupError (with a helpful message) when it does not exist, and
        :class:`InputError` when the file is broken.
        """
        if rubric_id not in self.files:
            raise LookupError(f"unknown rubric '{rubric_id}'" + (did_you_mean(rubric_id, self.files) or
                              f"; available: {', '.join(self.ids())}"))
        versions = self.versions(rubric_id)
        chosen = version or versions[-1]
        if chosen not in self.files[rubric_id]:
            raise LookupError(f"rubric '{rubric_id}' has no version '{chosen}'; available: {', '.join(versions)}")
        return self.load(self.files[rubric_id][chosen])

    def load(self, found: RubricFile) -> Rubric:
        """Parse and check one rubric file, checking it declares the id and version its path says."""
        cache_key = (found.id, found.version)
        if cache_key not in self._cache:
            from .loading import load_rubric

            rubric = load_rubric(found.path, found.display)
            if (rubric.id, rubric.version) != cache_key:
                raise InputError([Diagnostic(found.display, 1, 1,
                                             f"the file declares {rubric.key} but its path says "
                                             f"{found.id}@{found.version}", "schema")])
            self._cache[cache_key] = rubric
        return self._cache[cache_key]

    def crosswalks(self, rubrics: Iterable[Rubric]) -> list[Crosswalk]:
        """Crosswalks whose source and target are both among *rubrics*, checked for valid ids."""
        from .loading import check_crosswalk, load_crosswalk

        keys = {r.key: r for r in rubrics}
        found: dict[str, Crosswalk] = {}
        for folder, bundled in self.dirs:
            for path in sorted((folder / "crosswalks").glob("*.yaml")):
                display = f"<bundled>/crosswalks/{path.name}" if bundled else str(path)
                source, walk = load_crosswalk(path, display)
                if walk.source not in keys or walk.target not in keys:
                    continue
                problems = check_crosswalk(source, walk, self)
                if problems:
                    raise InputError(problems)
                found[walk.id] = walk
        return [found[k] for k in sorted(found)]
