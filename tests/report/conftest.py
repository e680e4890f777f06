"""Fixtures for the board report tests (helpers live in ``report_helpers``, a name no other folder uses)."""

from tests.report.report_helpers import example

__all__ = ["example"]  # a fixture, found by name
