"""Dates as NHS board papers write them."""

from __future__ import annotations

from datetime import date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def long_date(value: date) -> str:
    """``6 November 2026``: no leading zero, month in words, independent of the locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
