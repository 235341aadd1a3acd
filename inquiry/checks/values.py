"""Figures within their bases, dates in order and not in the future, consent to fit the audience."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from inquiry.checks.common import at
from inquiry.load import Corpus, LoadedItem
from inquiry.model import Statistic, SurveyFinding, Testimony
from inquiry.model.types import partial_date_bounds
from inquiry.problems import Problem
from inquiry.yamlnodes import Path

_PARTIAL_DATE_FIELDS = ("date", "published", "as_of", "start", "end")


def _dates(value: Any, path: Path = ()) -> Iterator[tuple[Path, dt.date]]:
    """Every date in an item, as the earliest day it can stand for, with its path."""
    if isinstance(value, dt.date):
        yield path, value
    elif isinstance(value, str) and path and path[-1] in _PARTIAL_DATE_FIELDS:
        try:
            yield path, partial_date_bounds(value)[0]
        except ValueError:
            return
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _dates(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _dates(sub, (*path, i))


def _item(entry: LoadedItem, today: dt.date) -> Iterator[Problem]:
    item = entry.item
    for path, day in _dates(item.model_dump(exclude_defaults=True)):
        if day > today:
            yield at(entry, path, "date-future", f"{day.isoformat()} is in the future")
    published = item.source.published
    if published is not None and item.source.accessed < partial_date_bounds(published)[0]:
        yield at(
            entry,
            ("source", "accessed"),
            "date-accessed-before-published",
            f"accessed {item.source.accessed} is before published {item.source.published}",
        )
    if isinstance(item, SurveyFinding):
        fw = item.survey.fieldwork
        if fw.start > fw.end:
            yield at(
                entry,
                ("survey", "fieldwork", "end"),
                "date-fieldwork-order",
                f"fieldwork ends ({fw.end}) before it starts ({fw.start})",
            )
        for i, fig in enumerate(item.figures):
            if fig.unit == "percent" and not 0 <= fig.value <= 100:
                yield at(
                    entry,
                    ("figures", i, "value"),
                    "figure-percent-range",
                    f"a percentage must lie in 0–100, not {fig.value:g}",
                )
            if fig.unit == "count" and not 0 <= fig.value <= fig.base:
                yield at(
                    entry,
                    ("figures", i, "value"),
                    "figure-count-base",
                    f"a count of {fig.value:g} exceeds its base of {fig.base}",
                )
            if fig.base > item.survey.sample_size:
                yield at(
                    entry,
                    ("figures", i, "base"),
                    "figure-base-sample",
                    f"base {fig.base} exceeds the survey's sample size {item.survey.sample_size}",
                )
    if (
        isinstance(item, Testimony)
        and item.consent.publication != "public"
        and item.audience != "restricted"
    ):
        yield at(
            entry,
            ("consent", "publication"),
            "consent-restricted",
            f"consent is `{item.consent.publication}`, so it must be `audience: restricted`",
            "add `audience: restricted`, or record public consent",
        )
    if (
        isinstance(item, Statistic)
        and item.period
        and (partial_date_bounds(item.period.start)[0] > partial_date_bounds(item.period.end)[1])
    ):
        yield at(entry, ("period", "end"), "date-period-order", "the period ends before it starts")


def check(corpus: Corpus, *, today: dt.date) -> list[Problem]:
    out = [p for entry in corpus.items for p in _item(entry, today)]
    if corpus.submission and corpus.submission_doc and corpus.submission.date > today:
        pos = corpus.submission_doc.value_pos(("date",))
        out.append(
            Problem(
                "evidence/submission.yaml",
                pos.line,
                pos.column,
                "date-future",
                f"{corpus.submission.date} is in the future",
            )
        )
    return out
