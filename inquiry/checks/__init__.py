"""Rules beyond the schema, one module per family; `run_all` gathers every problem.

The rules on an item's own fields run as each item is read (`Rules.entry`), while worker
processes read the files after it; the rules that need the whole submission run once it is
read (`Rules.finish`). The problems are the same either way.
"""

from __future__ import annotations

import datetime as dt

from inquiry.checks import citations, exhibits, glyphs, markdown, redaction, references, values
from inquiry.checks.common import Context
from inquiry.load import Corpus, Entry
from inquiry.problems import Problem

LATEST_OFFSET = dt.timedelta(hours=14)
"""The farthest time zone ahead of UTC (Kiribati, UTC+14)."""


def today_anywhere(now: dt.datetime | None = None) -> dt.date:
    """The latest date it is anywhere on Earth: a date is "in the future" only when it is
    nowhere yet, so an author east of CI's time zone can enter today's date, and the answer
    does not depend on the machine's time zone."""
    now = now or dt.datetime.now(dt.UTC)
    return (now.astimezone(dt.UTC) + LATEST_OFFSET).date()


class Rules:
    """Every rule, over items as they arrive and then over the whole corpus."""

    def __init__(self, *, today: dt.date | None = None, include_drafts: bool = False) -> None:
        self.today = today or today_anywhere()
        self.include_drafts = include_drafts
        self.problems: list[Problem] = []
        self.to_parse: list[markdown.FieldText] = []

    def entry(self, entry: Entry) -> None:
        """The rules on one item's own fields: its values, the characters the PDF can show,
        and the limits of its Markdown."""
        self.problems += values.check_entry(entry, self.today)
        self.problems += glyphs.check_entry(entry)
        scanned, to_parse = markdown.scan_entry(entry)
        self.problems += scanned
        self.to_parse += to_parse

    def finish(self, corpus: Corpus) -> list[Problem]:
        """The rules across items (run once every entry of `corpus` has been given), and every
        problem found since this began."""
        ctx = Context(corpus, self.today, self.include_drafts)
        unparsed, parsed = markdown.parse(self.to_parse)
        return [
            *self.problems,
            *references.check(ctx),
            *exhibits.check(ctx),
            *values.check(ctx),
            *redaction.check(ctx),
            *glyphs.check(corpus),
            *unparsed,
            *markdown.check(parsed),
            *citations.check(parsed, references.item_ids(corpus)),
        ]


def run_all(
    corpus: Corpus, *, today: dt.date | None = None, include_drafts: bool = False
) -> list[Problem]:
    """Every cross-file and per-item rule, on whatever was read: whole items and the fields
    that passed in files that failed the schema."""
    rules = Rules(today=today, include_drafts=include_drafts)
    for entry in corpus.entries:
        rules.entry(entry)
    return rules.finish(corpus)
