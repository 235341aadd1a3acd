"""Rules beyond the schema, one module per family; `run_all` gathers every problem.

The rules on an item's own fields run as each item is read (`Rules.entry`), while worker
processes read the files after it; the rules that need the whole submission run once it is
read (`Rules.finish`), looking up what `Rules.entry` worked out of each entry alone
(`load.remembered`). The problems are the same either way.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inquiry.checks import (
    citations,
    exhibits,
    glyphs,
    markdown,
    redact_codes,
    redact_words,
    redaction,
    references,
    values,
)
from inquiry.checks.common import Context
from inquiry.load import Corpus, Entry
from inquiry.problems import Problem
from inquiry.redacted_log import written_in

JURISDICTION = "Europe/London"
"""The inquiry's time zone: a date is not in the future once it has begun there."""


def _jurisdiction_zone() -> dt.tzinfo:
    """Europe/London from the system's time-zone database (or the tzdata package); UTC where
    neither is installed, which is at most an hour behind it."""
    try:
        return ZoneInfo(JURISDICTION)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return dt.UTC


def reference_today(now: dt.datetime | None = None, *, local: dt.tzinfo | None = None) -> dt.date:
    """The last day that is not "in the future": the later of the date on the machine (in
    `local`, default its own time zone) and the date in the inquiry's jurisdiction. An author
    in London may enter today's date on a machine whose clock is still on yesterday (CI in
    UTC or in America), and an author elsewhere may enter their own date; tomorrow is refused
    except in the hour when London is ahead of the machine. `now` is an aware datetime."""
    now = now or dt.datetime.now(dt.UTC)
    london = now.astimezone(_jurisdiction_zone()).date()
    try:
        here = now.astimezone(local) if local is not None else now.astimezone()
    except (ValueError, OverflowError, OSError):  # a TZ the platform cannot apply (`XXX-24`)
        return london
    return max(here.date(), london)


class Rules:
    """Every rule, over items as they arrive and then over the whole corpus."""

    def __init__(self, *, today: dt.date | None = None, include_drafts: bool = False) -> None:
        self.today = today or reference_today()
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
        # What the rules across items need of this entry alone, worked out now, while later
        # files are still being read: after the last file, `finish` only looks it up.
        references.refs_of(entry)
        redaction.entry_strings(entry)
        redaction.entry_codes(entry)
        written_in(entry)

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
            *redaction.named_paths(corpus),
            *redaction.too_many(corpus),
            *redaction.not_found(ctx, parsed),
            *redact_words.ordinary_words(ctx),
            *redact_words.own_wording(ctx),
            *redact_codes.differing_codes(ctx),
            *glyphs.check(corpus),
            *unparsed,
            *markdown.check(parsed),
            *citations.check(
                parsed,
                references.item_ids(corpus),
                corpus.unread_ids,
                include_drafts=self.include_drafts,
            ),
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
