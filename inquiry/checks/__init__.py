"""Rules beyond the schema, one module per family; `run_all` gathers every problem."""

from __future__ import annotations

import datetime as dt

from inquiry.checks import exhibits, markdown, references, values
from inquiry.load import Corpus
from inquiry.problems import Problem


def run_all(corpus: Corpus, *, today: dt.date | None = None) -> list[Problem]:
    """Every cross-file and per-item rule, on whatever loaded cleanly."""
    today = today or dt.date.today()
    return [
        *references.check(corpus),
        *exhibits.check(corpus),
        *values.check(corpus, today=today),
        *markdown.check(corpus),
    ]
