"""Field types shared by the submission and every kind of evidence item."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import types
import typing
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

ID_PATTERN = r"^[A-Z]{2,5}-[0-9]{3,}$"
LOI_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
CODE_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
LANGUAGE_PATTERN = (
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?"
    r"(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
"""A BCP 47 language tag without extensions or private use: language, then optional script,
region and variants (`en-GB`, `cy`, `sr-Latn-RS`)."""

# One regular expression for a calendar date, leap years included, so that the JSON Schema needs
# no `anyOf` (editors show an `anyOf`'s branches as "Date || Date" and lose the description).
# [0-9], not \d: \d also matches other scripts' digits, which JSON Schema's \d does not.
_YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_DAY = (
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][48]|[2468]0|[13579][26])00)-02-29)"
)
FULL_DATE_PATTERN = rf"^{_DAY}$"
PARTIAL_DATE_PATTERN = rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_DAY})$"
_DATE_SHAPE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN)
_FULL_DATE = re.compile(FULL_DATE_PATTERN)
_NO_TIME = "expected a date without a time of day"

NUMBER_LIMIT = 10**15
"""The largest magnitude a number may have: beyond it a float no longer holds every whole number
exactly, and nobody's evidence counts more. Infinity and NaN are refused too."""


def _not_in_calendar(value: str) -> ValueError:
    return ValueError(f"{value} is not a date of the calendar")


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(_NO_TIME)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if _PARTIAL_DATE.fullmatch(value):
            return value
        if _DATE_SHAPE.fullmatch(value):
            raise _not_in_calendar(value)
        raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
    return value  # let the str type report a type error


def _full_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(_NO_TIME)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _FULL_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and _DATE_SHAPE.fullmatch(value) and len(value) == 10:
        raise _not_in_calendar(value)
    raise ValueError("expected a date as YYYY-MM-DD")


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    Field(
        description="A date: YYYY-MM-DD, or YYYY-MM / YYYY where only that much is known.",
        examples=["2020-06-15", "2020-06", "2020"],
        json_schema_extra={"pattern": PARTIAL_DATE_PATTERN},
    ),
]
"""A date as precise as the evidence allows; stored as its ISO text."""

FullDate = Annotated[
    dt.date,
    BeforeValidator(_full_date),
    Field(
        description="A date as YYYY-MM-DD.",
        examples=["2026-11-01"],
        json_schema_extra={"type": "string", "pattern": FULL_DATE_PATTERN},
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
RedactionCode = Annotated[
    str,
    StringConstraints(strict=True, pattern=CODE_PATTERN),
    Field(
        description="A reason code declared in submission.yaml `redaction_codes`, e.g. GRO-B.",
        examples=["GRO-B"],
    ),
]
Language = Annotated[
    str,
    StringConstraints(strict=True, pattern=LANGUAGE_PATTERN),
    Field(description="A BCP 47 language tag such as en-GB or cy.", examples=["en-GB"]),
]
Text = Annotated[str, StringConstraints(strict=True, min_length=1)]
LINE_MAX = 500
"""A one-line field's most characters: a title of more would not fit one index row on a page."""
Line = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=LINE_MAX, pattern=r"^[^\n]+$")
]
Markdown = Annotated[
    str,
    StringConstraints(strict=True, min_length=1),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]


def _finite(value: float) -> float:
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    return value


Number = Annotated[
    float,
    Field(strict=True, ge=-NUMBER_LIMIT, le=NUMBER_LIMIT),
    AfterValidator(_finite),
]


def _whole(value: Any) -> Any:
    # JSON Schema counts 100.0 as an integer; so do we, so that the schema and validate agree.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Count = Annotated[int, Field(strict=True, ge=0, le=NUMBER_LIMIT), BeforeValidator(_whole)]


@functools.lru_cache(maxsize=4096)
def partial_date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date can stand for (remembered: a submission writes
    the same few months thousands of times)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        if month == 12:
            return dt.date(year, 12, 1), dt.date(year, 12, 31)
        return dt.date(year, month, 1), dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def is_date(annotation: Any, metadata: Sequence[Any] = ()) -> bool:
    """Whether a field declared with this annotation and metadata holds a date (full or
    partial, optional or not), for rules that look at every date of an item."""
    if typing.get_origin(annotation) is Annotated:
        base, *more = typing.get_args(annotation)
        return is_date(base, [*metadata, *more])
    if annotation is dt.date or any(
        getattr(m, "func", None) in (_partial_date, _full_date) for m in metadata
    ):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(is_date(a) for a in typing.get_args(annotation) if a is not type(None))
    return False
