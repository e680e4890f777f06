"""Fixtures shared by every test folder (helpers live in ``tests/helpers.py``)."""

from __future__ import annotations

import pytest


@pytest.fixture
def registry():
    """The bundled rubric registry."""
    from iho_ready.rubrics import Registry

    return Registry()


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs must not depend on the CI system or terminal the tests happen to run in."""
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR", "IHO_READY_DEBUG", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
