"""Dates as NHS board papers write them."""

from __future__ import annotations

from datetime import date

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def long_date(value: date) -> str:
    """``6 November 2026``: no leading zero, month in words, independent of the locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def long_month_or_date(value: str) -> str:
    """A rubric's ``published`` value in words: ``2025-11`` -> ``November 2025``; a full date as
    :func:`long_date` writes it."""
    if len(value) == 7:
        year, month = value.split("-")
        return f"{_MONTHS[int(month) - 1]} {year}"
    return long_date(date.fromisoformat(value))
