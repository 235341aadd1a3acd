"""A string listed for redaction under two reason codes (red team h174).

The public edition finds each redacted string wherever it stands and shows one mark for it: two
listings of the same words (`{text: Jane Example, code: PI}` in a testimony, `Jane Example` under
one of a survey's exhibits) are one string, marked everywhere by the code of the one the edition
meets first. The editor who wrote the second code sees another mark in its place, and the
restricted edition's schedule of redactions counts it under the code the public edition shows.
So validation says so, at every listing, naming the others' files and codes (never the words).
"""

from __future__ import annotations

from inquiry import name_patterns as patterns
from inquiry.checks.common import Context, at
from inquiry.checks.redaction import entry_strings
from inquiry.load import Entry
from inquiry.problems import Problem
from inquiry.yamlnodes import Path

SHOWN_PLACES = 3
"""Other listings named in a message; the rest are counted."""

Listing = tuple[Entry, Path, str | None]


def differing_codes(ctx: Context) -> list[Problem]:
    """`redact-code-differs`: each `redact` entry whose words another entry (any item's own
    or its exhibits', drafts' and restricted items' too) lists under another code, or none."""
    listed: dict[tuple[str, ...], list[Listing]] = {}
    for entry in ctx.corpus.entries:
        for path, text in entry_strings(entry):
            code = entry.fields.text(*path[:-1], "code") if path[-1] == "text" else None
            words = tuple(patterns.tokens(text))
            if words:
                listed.setdefault(words, []).append((entry, path, code))
    out: list[Problem] = []
    for places in listed.values():
        if len({code for _, _, code in places}) < 2:
            continue
        for entry, path, code in places:
            others = [p for p in places if p[2] != code]
            named = [f"{_place(p)} ({_mark(p[2])})" for p in others[:SHOWN_PLACES]]
            more = len(others) - len(named)
            also = "; ".join(named) + (f" and {more} more" if more else "")
            out.append(
                at(
                    entry,
                    path,
                    "redact-code-differs",
                    f"`redact` entry marked {_mark(code)} here is listed with another code at"
                    f" {also}: the public edition shows one mark for it everywhere",
                    "give every listing of the same words the same code",
                    "warning",
                )
            )
    return out


def _mark(code: str | None) -> str:
    return f"`[{code}]`" if code is not None else "`[REDACTED]` (no code)"


def _place(listing: Listing) -> str:
    entry, path, _ = listing
    pos = entry.doc.value_pos(path)
    return f"{entry.file}:{pos.line}"
