"""Rules beyond the schema, one module per family; `run_all` gathers every problem."""

from __future__ import annotations

import datetime as dt

from inquiry.checks import citations, exhibits, markdown, redaction, references, values
from inquiry.checks.common import Context
from inquiry.load import Corpus
from inquiry.problems import Problem


def run_all(
    corpus: Corpus, *, today: dt.date | None = None, include_drafts: bool = False
) -> list[Problem]:
    """Every cross-file and per-item rule, on whatever was read: whole items and the fields
    that passed in files that failed the schema."""
    ctx = Context(corpus, today or dt.date.today(), include_drafts)
    scanned, parsed = markdown.parse(corpus.entries)
    return [
        *references.check(ctx),
        *exhibits.check(ctx),
        *values.check(ctx),
        *redaction.check(ctx),
        *scanned,
        *markdown.check(parsed),
        *citations.check(parsed, set(references.item_ids(corpus))),
    ]
