"""A redaction the public edition served, and has since lost (`served-redaction-removed`).

A served item whose text was redacted, or an exhibit whose pages were, keeps its pages; if
its `redact` list is emptied (a bad merge, a line deleted by mistake, a list moved to another
file), the next build puts what the served pages hid back on them, and nothing else says so:
the served record never holds the redacted text, only that there was some. Each such item is a
warning, in `validate` (from the item's file: a `redact` list of its own, or text the
submission's lists match) and in a public build (from what the edition did redact). It stays a
warning: consent may have been given since; but it is said wherever the evidence is checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from inquiry.load import Corpus
from inquiry.numbering import Served, included
from inquiry.problems import Problem
from inquiry.redacted_log import matcher_of, written_entries
from inquiry.yamlcompose import Pos

CODE = "served-redaction-removed"
HINT = (
    "put its `redact` entries back (`git log -p` on its file shows them); if they were "
    "removed on purpose (consent given since), know that the next served edition shows on "
    "those pages what they hid"
)


def in_evidence(corpus: Corpus, served: Served) -> list[Problem]:
    """`validate`'s: each item served with its text redacted that the public edition includes
    and now redacts nothing in: no `redact` list of its own or its exhibits', and no text that
    any item's list matches."""
    matcher = matcher_of(corpus)
    out = []
    for entry in corpus.items:
        was = served.items.get(entry.item.id)
        # Its text only: an exhibit may be redacted by another item's list, which only the
        # build, reading the exhibit, can tell.
        if was is None or not was.redacted:
            continue
        if not included(entry.item, audience="public", include_drafts=False):
            continue
        if written_entries(entry.doc.data) or (matcher and matcher.search(entry.doc.text)):
            continue
        out.append(_problem(entry.file, entry.doc.value_pos(("id",)), entry.item.id, was.number))
    return out


def in_edition(
    items: Sequence[Mapping[str, Any]], served: Served, files: Mapping[str, tuple[str, Pos]]
) -> list[Problem]:
    """A public build's: each item of the new manifest (`items`) served with its text, or an
    exhibit's pages, redacted, and now without (`files`: each item's file and `id`'s place)."""
    out = []
    for item in items:
        was = served.items.get(str(item.get("id")))
        if was is None:
            continue
        exhibits = [e.get("redacted") is True for e in item.get("exhibits", [])]
        lost = was.redacted and item.get("source_redacted") is not True
        lost = lost or any(
            before and not now for before, now in zip(was.exhibits_redacted, exhibits, strict=False)
        )
        if lost and was.id in files:
            out.append(_problem(*files[was.id], was.id, was.number))
    return out


def _problem(file: str, pos: Pos, item_id: str, number: str) -> Problem:
    return Problem(
        file,
        pos.line,
        pos.column,
        CODE,
        f"{item_id} ({number}) was served with redactions, and the public edition now redacts "
        "nothing in it: its served pages would show what they hid",
        "warning",
        HINT,
    )
