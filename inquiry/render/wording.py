"""Words and numbers as both bundles write them, so the PDF and the DOCX read the same."""

from __future__ import annotations

import datetime as dt

STATEMENT_OF_TRUTH = "I believe that the facts stated in this witness statement are true."
NO_STATEMENT_OF_TRUTH = "No statement of truth was given with this testimony."

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(date: str | dt.date) -> str:
    """15 June 2025, June 2025 or 2025: as precise as the evidence is, and no more."""
    text = date.isoformat() if isinstance(date, dt.date) else date
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def short_date(date: str | dt.date) -> str:
    """15 Jun 2025, Jun 2025 or 2025, for the index."""
    text = date.isoformat() if isinstance(date, dt.date) else date
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1][:3]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1][:3]} {parts[0]}"
    return str(parts[0])


def number(v: float) -> str:
    """1,234 or 12.5: whole numbers without a decimal point, thousands separated."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")
