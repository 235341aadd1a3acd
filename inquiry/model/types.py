"""Field types shared by the submission and every kind of evidence item."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

ID_PATTERN = r"^[A-Z]{2,5}-[0-9]{3,}$"
LOI_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
# [0-9], not \d: \d also matches other scripts' digits, which JSON Schema's \d does not.
_PARTIAL_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
_YEAR_OR_MONTH = r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NO_TIME = "expected a date without a time of day"


def _calendar_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar") from None


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(_NO_TIME)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _PARTIAL_DATE.fullmatch(value):
        if len(value) == 10:
            _calendar_date(value)
        return value
    if isinstance(value, str):
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
    return value  # let the str type report a type error


def _full_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(_NO_TIME)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if not _FULL_DATE.fullmatch(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return _calendar_date(value)
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    Field(
        description="A date: YYYY-MM-DD, or YYYY-MM / YYYY where only that much is known.",
        examples=["2020-06-15", "2020-06", "2020"],
        # JSON Schema's `format: date` knows month lengths and leap years, as the model does.
        json_schema_extra={
            "anyOf": [
                {"pattern": _YEAR_OR_MONTH},
                {"pattern": _FULL_DATE.pattern, "format": "date"},
            ]
        },
    ),
]
"""A date as precise as the evidence allows; stored as its ISO text."""

FullDate = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    Field(
        description="A date as YYYY-MM-DD.",
        examples=["2026-11-01"],
        json_schema_extra={"pattern": _FULL_DATE.pattern},
    ),
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


def _whole(value: Any) -> Any:
    # JSON Schema counts 100.0 as an integer; so do we, so that the schema and validate agree.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Count = Annotated[int, Field(strict=True, ge=0), BeforeValidator(_whole)]


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
