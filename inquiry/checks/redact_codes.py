"""A string listed for redaction under two reason codes (red team h174).

The public edition finds each redacted name wherever it stands, in every form it takes, and shows
one mark where it finds it: two listings of one name (`{text: Jane Example, code: PI}` in a
testimony, `Example, Jane` under one of a survey's exhibits) are found as one, marked by one of
their codes. The editor who wrote the other sees another mark in its place, and the restricted
edition's schedule of redactions counts it under the code the public edition shows. So
validation says so, at every listing, naming the others' files and codes (never the words).
"""

from __future__ import annotations

from inquiry import name_patterns as patterns
from inquiry.checks.common import Context, at
from inquiry.checks.redaction import entry_strings
from inquiry.load import Entry
from inquiry.name_forms import trimmed
from inquiry.problems import Problem
from inquiry.redacted_log import matcher_of
from inquiry.yamlnodes import Path

SHOWN_PLACES = 3
"""Other listings named in a message; the rest are counted."""

Listing = tuple[Entry, Path, str | None]


def differing_codes(ctx: Context) -> list[Problem]:
    """`redact-code-differs`: each `redact` entry that the public edition finds as the same
    name as another entry (any item's own or its exhibits', drafts' and restricted items'
    too) listed under another code, or none: the same words, or a form of the same name
    (`Smith, Jane` and `Jane Smith`, `BS1 4DJ` and `BS14DJ`)."""
    every = [
        (entry, path, text, entry.fields.text(*path[:-1], "code") if path[-1] == "text" else None)
        for entry in ctx.corpus.entries
        for path, text in entry_strings(entry)
    ]
    if len({code for *_, code in every}) < 2:
        return []  # one code (or none) for every listing: nothing to tell apart
    matcher = matcher_of(ctx.corpus)
    listed: dict[object, list[Listing]] = {}
    for entry, path, text, code in every:
        # The entry whose form the edition finds this text as: one name, one group.
        found = matcher.search(text)
        name: object = found[0][0] if found else tuple(patterns.tokens(trimmed(text)))
        listed.setdefault(name, []).append((entry, path, code))
    out: list[Problem] = []
    for places in listed.values():
        by_code: dict[str | None, list[Listing]] = {}
        for place in places:
            by_code.setdefault(place[2], []).append(place)
        if len(by_code) < 2:
            continue
        for code, mine in by_code.items():
            others = [p for c, group in by_code.items() if c != code for p in group]
            named = [f"{_place(p)} ({_mark(p[2])})" for p in others[:SHOWN_PLACES]]
            more = len(others) - len(named)
            also = "; ".join(named) + (f" and {more} more" if more else "")
            message = (
                f"`redact` entry marked {_mark(code)} here names what is listed with another"
                f" code at {also}: the public edition shows one of them wherever it finds it"
            )
            hint = "give every listing of the same name the same code"
            out += [
                at(e, path, "redact-code-differs", message, hint, "warning") for e, path, _ in mine
            ]
    return out


def _mark(code: str | None) -> str:
    return f"`[{code}]`" if code is not None else "`[REDACTED]` (no code)"


def _place(listing: Listing) -> str:
    entry, path, _ = listing
    pos = entry.doc.value_pos(path)
    return f"{entry.file}:{pos.line}"
