"""Fixtures for the history, portfolio and dashboard tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.history.git_fixture import build_repo


@pytest.fixture
def history_repo(tmp_path: Path) -> Path:
    """The fixture evidence repository (``git_fixture``); returns its manifest's path."""
    return build_repo(tmp_path / "trust")
