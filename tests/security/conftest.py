"""Fixtures for the security tests: a small valid evidence repository to attack."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import base_manifest, write_manifest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git-like repository (``.git`` folder) holding a valid manifest, as ``tmp_path/repo``."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write_manifest(root, base_manifest())
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository, holding a file with content that must never be shown."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text("fail-on: never\nSECRET_TOKEN: hunter2-do-not-print\n")
    (folder / "pyproject.toml").write_text('[tool.iho-ready]\nfail-on = "never"\nsecret = "hunter2-do-not-print"\n')
    return folder
