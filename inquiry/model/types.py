"""Field types shared by the submission and every kind of evidence item."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

ID_PATTERN = r"^[A-Z]{2,5}-[0-9]{3,}$"
LOI_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _PARTIAL_DATE.match(value):
        if len(value) == 10:
            dt.date.fromisoformat(value)  # rejects 2023-02-30
        return value
    if isinstance(value, str):
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
    return value  # let the str type report a type error


def _full_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if not _FULL_DATE.match(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return dt.date.fromisoformat(value)
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    Field(
        description="A date: YYYY-MM-DD, or YYYY-MM / YYYY where only that much is known.",
        examples=["2020-06-15", "2020-06", "2020"],
        json_schema_extra={"pattern": _PARTIAL_DATE.pattern},
    ),
]
"""A date as precise as the evidence allows; stored as its ISO text."""

FullDate = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    Field(description="A date as YYYY-MM-DD.", examples=["2026-11-01"]),
]

ItemId = Annotated[
    str,
    StringConstraints(strict=True, pattern=ID_PATTERN),
    Field(
        description="A unique, stable item id such as SF-001; never reused.", examples=["SF-001"]
    ),
]
LoiId = Annotated[
    str,
    StringConstraints(strict=True, pattern=LOI_PATTERN),
    Field(description="A line-of-inquiry id from submission.yaml.", examples=["LOI-1"]),
]
Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
Line = Annotated[str, StringConstraints(strict=True, min_length=1, pattern=r"^[^\n]+$")]
Markdown = Annotated[
    str,
    StringConstraints(strict=True, min_length=1),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
Number = Annotated[float, Field(strict=True)]
Count = Annotated[int, Field(strict=True, ge=0)]


def partial_date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date can stand for."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
