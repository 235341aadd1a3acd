"""What an edition changes on pages served before: a redaction lost (`served-redaction-removed`),
an exhibit replaced (`served-exhibit-replaced`), a redaction added (earlier copies still show it).

A served item whose text was redacted, or an exhibit whose pages were, keeps its pages; if
its `redact` list is emptied (a bad merge, a line deleted by mistake, a list moved to another
file), the next build puts what the served pages hid back on them, and nothing else says so:
the served record never holds the redacted text, only that there was some. Each such item is a
warning, in `validate` (from the item's file: a `redact` list of its own, or text the
submission's lists match) and in a public build (from what the edition did redact). It stays a
warning: consent may have been given since; but it is said wherever the evidence is checked,
and by `serve` (`lost_since`), which a script runs after `build --quiet`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from inquiry.load import Corpus
from inquiry.manifest import redacts_in
from inquiry.numbering import Audience, Served, included
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
        if written_entries(entry.doc.data):
            continue
        if matcher and redacts_in(entry.doc.data, entry.doc.text, matcher):
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
        marks = item.get("redactions")
        fewer = None
        if was.marks is not None and type(marks) is int and marks < was.marks:
            fewer = (was.marks, marks)
        if (lost or fewer) and was.id in files:
            said = None if lost else fewer
            out.append(_problem(*files[was.id], was.id, was.number, fewer=said))
    return out


def _problem(
    file: str, pos: Pos, item_id: str, number: str, *, fewer: tuple[int, int] | None = None
) -> Problem:
    """The warning at an item's `id`; `fewer`: (served, now) marks, when some remain."""
    message = (
        f"{item_id} ({number}) was served with redactions, and the public edition now redacts "
        "nothing in it: its served pages would show what they hid"
        if fewer is None
        else f"{item_id} ({number}) shows {fewer[1]} redaction mark(s) where the served edition "
        f"showed {fewer[0]}: unless redacted text was deleted, a `redact` entry was lost, and "
        "its served pages would show what it hid"
    )
    return Problem(file, pos.line, pos.column, CODE, message, "warning", HINT)


def lost_since(before: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """What `serve` says, comparing the edition it records (`now`, a manifest) with the one
    served before (`before`): each served item whose text, or an exhibit's pages, the earlier
    edition redacted and this one does not; each exhibit on served pages that is now another
    file (a build warned of both, but `build --quiet && serve`, a script, printed neither);
    and each served item redacted now where the earlier edition was not, whose earlier copies
    still show what is now redacted."""
    was = {str(i.get("id")): i for i in before.get("items", [])}
    out = []
    for item in now.get("items", []):
        old = was.get(str(item.get("id")))
        if old is None or old.get("number") != item.get("number"):
            continue
        label = f"{item.get('id')} ({item.get('number')})"
        redacted = old.get("source_redacted") is True and item.get("source_redacted") is not True
        shown = {e.get("first_page"): e for e in item.get("exhibits", [])}
        for k, e in enumerate(old.get("exhibits", []), 1):
            new = shown.get(e.get("first_page"))
            if new is None:
                continue
            if e.get("redacted") is True and new.get("redacted") is not True:
                redacted = True
            elif not (e.get("redacted") or new.get("redacted")) and e.get("sha256") != new.get(
                "sha256"
            ):
                out.append(
                    f"exhibit {k} of {label} is not the file served on its pages before: "
                    "those pages, and every pinpoint citing them, now show another file"
                )
        served_marks, now_marks = old.get("redactions"), item.get("redactions")
        if redacted:
            out.append(
                f"{label} was served with redactions that this edition does not make: its "
                "served pages now show what they hid (`served-redaction-removed`)"
            )
        elif type(served_marks) is int and type(now_marks) is int and now_marks < served_marks:
            out.append(
                f"{label} shows {now_marks} redaction mark(s) where the edition served before "
                f"showed {served_marks}: unless redacted text was deleted, a `redact` entry was "
                "lost (`served-redaction-removed`)"
            )
        gained = old.get("source_redacted") is not True and item.get("source_redacted") is True
        gained = gained or any(
            e.get("redacted") is not True and shown[e.get("first_page")].get("redacted") is True
            for e in old.get("exhibits", [])
            if e.get("first_page") in shown
        )
        if gained:
            out.append(
                f"{label} is redacted now where an earlier edition served it unredacted: the "
                "copies of that edition (and the git history of its served record) still show "
                "it; ask those who received it to replace it with this one"
            )
    return out


def replaced_in_evidence(corpus: Corpus, served: Served, *, audience: Audience) -> list[Problem]:
    """`validate`'s `served-exhibit-replaced`: each exhibit of a served item whose file (now
    other bytes) would stand on the pages of a file served unredacted — what a build warns
    of, said where the evidence is checked too (`build --quiet` prints no warning). As the
    build places them: each file the item was served with goes back on its served pages (one
    place each, in the list's order), and each other one follows the exhibit before it, so
    an exhibit taken out before it moves no other."""
    from inquiry.exhibits.files import resolve
    from inquiry.served import file_sha256

    out = []
    for entry in corpus.items:
        was = served.items.get(entry.item.id)
        if was is None or not included(entry.item, audience=audience, include_drafts=False):
            continue
        redacted = list(was.exhibits_redacted) + [False] * len(was.exhibits)
        spots: dict[str, list[tuple[int, int]]] = {}
        for k, (served_sha, first, last) in enumerate(was.exhibits):
            if not redacted[k]:
                spots.setdefault(served_sha, []).append((first, last))
        paths = [resolve(corpus.root, exhibit.file) for exhibit in entry.item.exhibits]
        now = [file_sha256(p) if isinstance(p, Path) and p.is_file() else None for p in paths]
        placed = [spots[sha].pop(0) if sha is not None and spots.get(sha) else None for sha in now]
        freed = sorted(spot for left in spots.values() for spot in left)
        end = 0  # the last page of the exhibit before
        for k, (current, spot) in enumerate(zip(now, placed, strict=True)):
            if spot is not None:
                end = spot[1]
                continue
            # Another file: it follows the exhibit before, on the next spot freed after it.
            taken = next((f for f in freed if f[0] > end), None)
            if current is None or taken is None:
                continue
            freed.remove(taken)
            end = taken[1]
            pos = entry.doc.value_pos(("exhibits", k, "file"))
            where = f"{_pages(*taken)} of the {audience} edition"
            out.append(exhibit_replaced(entry.file, pos, k, entry.item.id, was.number, where))
    return out


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


def exhibit_replaced(
    file: str, pos: Pos, k: int, item_id: str, number: str, where: str, *, now: bool = False
) -> Problem:
    """`served-exhibit-replaced` at exhibit `k` (0-based) of a served item, whose file is not
    the one served on `where` (its pages): said by `validate` (the pages *would* show it) and
    by a build (`now`, they *do*)."""
    shown = "now show it" if now else "would show it"
    return Problem(
        file,
        pos.line,
        pos.column,
        "served-exhibit-replaced",
        f"exhibit {k + 1} of {item_id} ({number}) is not the file served on {where} (its "
        f"SHA-256 differs): those pages, and every pinpoint citing them, {shown}",
        "warning",
        "restore the served file if it was replaced by mistake; if it corrects the served one, "
        f"say so in the item, or build with `--reissue {item_id}` to serve the item again under "
        "a new number (its old pages then say superseded)",
    )
