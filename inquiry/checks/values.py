"""Figures within their bases, dates in order and not in the future, consent to fit the audience."""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Iterator

from pydantic import BaseModel

from inquiry.checks.common import Context, at, at_submission
from inquiry.load import Entry
from inquiry.model import ITEM_MODELS, ItemBase
from inquiry.model.types import ID_PATTERN, is_date, partial_date_bounds
from inquiry.problems import Problem
from inquiry.shown import number
from inquiry.yamlnodes import Path


@functools.cache
def date_paths(model: type[BaseModel]) -> tuple[Path, ...]:
    """Every date field of a model, nested models included (found from the declarations, so a
    new date field is checked without being listed here)."""
    out: list[Path] = []
    for name, info in model.model_fields.items():
        if is_date(info.annotation, info.metadata):
            out.append((name,))
            continue
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                out += [(name, *sub) for sub in date_paths(arg)]
    return tuple(out)


def _day(entry: Entry, path: Path) -> tuple[dt.date, str] | None:
    """The earliest day a date field can stand for, and the date as written (`2027`, not
    `2027-01-01`)."""
    value = entry.fields.get(*path)
    if isinstance(value, dt.date):
        return value, value.isoformat()
    if isinstance(value, str):
        try:
            return partial_date_bounds(value)[0], value
        except ValueError:
            return None
    return None


def _dates(entry: Entry, today: dt.date) -> Iterator[Problem]:
    kind = entry.fields.text("kind")
    model = ITEM_MODELS.get(kind or "", ItemBase)
    for path in date_paths(model):
        found = _day(entry, path)
        if found is not None and found[0] > today:
            yield at(
                entry,
                path,
                "date-future",
                f"{found[1]} is in the future",
                "dates are of things that have happened; check the year",
            )
    f = entry.fields
    published, accessed = f.text("source", "published"), f.date("source", "accessed")
    if published and accessed and accessed < partial_date_bounds(published)[0]:
        yield at(
            entry,
            ("source", "accessed"),
            "date-accessed-before-published",
            f"accessed {accessed} is before published {published}",
            "a source is read after it is published: check both dates",
        )
    start, end = f.date("survey", "fieldwork", "start"), f.date("survey", "fieldwork", "end")
    if start is not None and end is not None and start > end:
        yield at(
            entry,
            ("survey", "fieldwork", "end"),
            "date-fieldwork-order",
            f"fieldwork ends ({end}) before it starts ({start})",
            "swap `start` and `end`, or correct one of them",
        )
    first, last = f.text("period", "start"), f.text("period", "end")
    if first and last and partial_date_bounds(first)[0] > partial_date_bounds(last)[1]:
        yield at(
            entry,
            ("period", "end"),
            "date-period-order",
            "the period ends before it starts",
            "swap `start` and `end`, or correct one of them",
        )


def _figures(entry: Entry) -> Iterator[Problem]:
    f = entry.fields
    sample = f.number("survey", "sample_size")
    for i in f.indices("figures"):
        unit, value = f.text("figures", i, "unit"), f.number("figures", i, "value")
        base = f.number("figures", i, "base")
        if unit == "percent" and value is not None and not 0 <= value <= 100:
            yield at(
                entry,
                ("figures", i, "value"),
                "figure-percent-range",
                f"a percentage must lie in 0–100, not {number(value)}",
                "give the percentage itself, or use `unit: count` for a number of people",
            )
        if unit == "count" and value is not None and base is not None and not 0 <= value <= base:
            yield at(
                entry,
                ("figures", i, "value"),
                "figure-count-base",
                *(
                    (
                        f"a count of {number(value)} is below zero",
                        "a count is a number of people: 0 or more",
                    )
                    if value < 0
                    else (
                        f"a count of {number(value)} exceeds its base of {number(base)}",
                        "the base is how many answered: a count cannot exceed it",
                    )
                ),
            )
        if base is not None and sample is not None and base > sample:
            yield at(
                entry,
                ("figures", i, "base"),
                "figure-base-sample",
                f"base {number(base)} exceeds the survey's sample size {number(sample)}",
                "a figure's base is part of the sample: check both",
            )


def _consent(entry: Entry) -> Iterator[Problem]:
    publication = entry.fields.text("consent", "publication")
    if publication not in (None, "public") and entry.fields.text("audience") == "public":
        yield at(
            entry,
            ("consent", "publication"),
            "consent-restricted",
            f"consent is `{publication}`, so it must be `audience: restricted`",
            "add `audience: restricted`, or record public consent",
        )


def _file_name(entry: Entry) -> Iterator[Problem]:
    """A file named like an item's id (`TM-107.yaml`) holds that id: a reviewer reading a pull
    request's list of files takes each file for the item its name says. (A file named some
    other way, `our-survey.yaml`, is the author's choice.)"""
    written = entry.fields.text("id")
    name = entry.file.rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if written is None or not dot or not re.fullmatch(ID_PATTERN, stem.upper()):
        return
    if stem.casefold() != written.casefold():
        yield at(
            entry,
            ("id",),
            "id-file-name",
            f"the file is named `{name}` but holds `id: {written}`",
            f"set `id: {stem.upper()}` as the file's name says (a copied item keeps the id "
            f"it was copied from), or rename the file `{written}.{extension}` (files are named "
            "after their ids)",
            severity="warning",
        )


def _series(entry: Entry) -> Iterator[Problem]:
    """A statistic's series names each period once: a period given twice is drawn as two
    points of the same label, one of them most likely meant for another period (red team h178
    D6: it passed in silence)."""
    f = entry.fields
    first: dict[str, int] = {}
    for i in f.indices("series"):
        period = f.text("series", i, "period")
        if period is None:
            continue
        key = " ".join(period.split()).casefold()
        if key in first:
            yield at(
                entry,
                ("series", i, "period"),
                "series-period-twice",
                f"period `{period}` is in the series already (point {first[key] + 1}); the chart"
                " shows it twice",
                "give each point its own period, or remove the repeated one",
                severity="warning",
            )
        else:
            first[key] = i


def check_entry(entry: Entry, today: dt.date) -> list[Problem]:
    """The rules on one item's own values."""
    return [
        *_dates(entry, today),
        *_figures(entry),
        *_series(entry),
        *_consent(entry),
        *_file_name(entry),
    ]


def check(ctx: Context) -> list[Problem]:
    """The rules on the submission's own values (`check_entry` checks each item's)."""
    out = []
    sub = ctx.corpus.submission_fields
    day = sub.date("date") if sub is not None else None
    if day is not None and day > ctx.today:
        out.append(
            at_submission(
                ctx.corpus,
                ("date",),
                "date-future",
                f"{day} is in the future",
                "the date of submission is today or earlier",
            )
        )
    return out
