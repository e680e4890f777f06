"""Fixtures for the board report tests (helpers live in ``report_helpers``, a name no other folder uses)."""

from report_helpers import example  # noqa: F401 - a fixture, found by name
