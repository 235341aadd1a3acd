"""Ids unique and well-formed; references to lines of inquiry and items resolve."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from inquiry.checks.common import Context, Nearest, at, at_submission
from inquiry.load import Corpus, Entry, remembered
from inquiry.model.partial import Fields
from inquiry.problems import Problem, Severity
from inquiry.shown import escaped, same_when_normalised
from inquiry.yamlnodes import Document


def item_ids(corpus: Corpus) -> dict[str, list[Entry]]:
    """Every item id read (from whole items and from files that failed elsewhere)."""
    by_id: dict[str, list[Entry]] = defaultdict(list)
    for entry in corpus.entries:
        item_id = refs_of(entry).id
        if item_id is not None:
            by_id[item_id].append(entry)
    return by_id


@dataclass(frozen=True)
class Refs:
    """What an item names: its own id and kind, the lines of inquiry and items it refers to
    (each with its place in the list), and the `ref-twice` problems of those lists."""

    id: str | None
    kind: str | None
    lois: tuple[tuple[int, str], ...]
    related: tuple[tuple[int, str], ...]
    twice: tuple[Problem, ...]


def refs_of(entry: Entry) -> Refs:
    """An entry's `Refs`, worked out once (as it is read: `checks.Rules.entry`)."""
    return remembered(entry, "refs", _refs)


def _refs(entry: Entry) -> Refs:
    f = entry.fields
    return Refs(
        f.text("id"),
        f.text("kind"),
        _listed(f, "lines_of_inquiry"),
        _listed(f, "related"),
        tuple(_twice(entry)),
    )


def _listed(f: Fields, key: str) -> tuple[tuple[int, str], ...]:
    return tuple((j, ref) for j in f.indices(key) if (ref := f.text(key, j)) is not None)


def _twice(entry: Entry) -> list[Problem]:
    out = []
    for key in ("lines_of_inquiry", "related"):
        # As written: an entry the schema refused is still counted where it stands.
        data = entry.doc.data if isinstance(entry.doc.data, dict) else {}
        value = data.get(key)
        written: list[object] = value if isinstance(value, list) else []
        seen: set[str] = set()
        told: set[str] = set()  # each repeated id once, at its second place
        for j, value_j in enumerate(written):
            if not isinstance(value_j, str):
                continue
            if value_j in seen and value_j not in told:
                out.append(
                    at(
                        entry,
                        (key, j),
                        "ref-twice",
                        f"`{value_j}` is listed more than once in `{key}`",
                        "the bundle names it once: keep one",
                        "warning",
                    )
                )
                told.add(value_j)
            seen.add(value_j)
    return out


def loi_ids(sub: Fields) -> list[str] | None:
    """The submission's line-of-inquiry ids, or None when one of them cannot be read at all
    (then no reference to a line of inquiry can be called unknown). An id with an error of its
    own (`LOI-x`) counts as written: a reference to anything else is still unknown in the same
    run (red team h195: one such id hid every unknown reference until it was put right)."""
    lines = sub.raw.get("lines_of_inquiry")
    if not isinstance(lines, list):
        return None
    ids = []
    for i, line in enumerate(lines):
        read = sub.text("lines_of_inquiry", i, "id")
        written = line.get("id") if isinstance(line, dict) else None
        if read is None and not isinstance(written, str):
            return None
        ids.append(read if read is not None else str(written))
    return ids


def tabbed_kinds(sub: Fields) -> set[str] | None:
    """The kinds some tab takes, or None when a tab's kinds cannot be read. A tab's list with
    an error of its own (empty, a kind misspelt) takes the kinds it names as written: it takes
    no other, so an item of a kind no tab names is still said to have none in the same run
    (red team h186: `kinds: []` in one tab hid `kind-no-tab` until it was put right)."""
    kinds: set[str] = set()
    tabs = sub.raw.get("tabs")
    if not isinstance(tabs, list):
        return None
    for i, tab in enumerate(tabs):
        if sub.complete("tabs", i, "kinds"):
            kinds.update(sub.get("tabs", i, "kinds"))
            continue
        written = tab.get("kinds") if isinstance(tab, dict) else None
        if isinstance(written, str):
            written = [written]
        if not isinstance(written, list):
            return None
        kinds.update(k for k in written if isinstance(k, str))
    return kinds


def _duplicates(ctx: Context, by_id: dict[str, list[Entry]]) -> list[Problem]:
    out = []
    for item_id, entries in by_id.items():
        if len(entries) > 1:
            # A draft may not take a final item's id (ids are never reused), so only drafts
            # sharing an id among themselves are let off with a warning.
            severity: Severity = "warning" if all(ctx.lenient(e) for e in entries) else "error"
            for entry in entries:
                out.append(
                    at(
                        entry,
                        ("id",),
                        "id-duplicate",
                        f"id `{item_id}` is also used in {_others(entry, entries)}",
                        "ids are unique across the submission and never reused",
                        severity,
                    )
                )
    return out


SHOWN_OTHERS = 3
"""How many other files an `id-duplicate` problem names (or lines a `loi-duplicate`): with
thousands of copies, naming every other in every problem would make the report grow with the
square of their number."""


def _others(entry: Entry, entries: list[Entry]) -> str:
    """The other files using an id: the first few by name, then how many more."""
    # Only the few shown are named (naming is slow): all N files of one id cost N, not N².
    first = [e for e in entries[: SHOWN_OTHERS + 1] if e is not entry][:SHOWN_OTHERS]
    shown = ", ".join(_named(e.file, entry.file) for e in first)
    more = len(entries) - 1 - SHOWN_OTHERS  # `entry` is one of them
    return shown if more <= 0 else f"{shown} and {more:,} other file{'s' if more > 1 else ''}"


def _named(other: str, this: str) -> str:
    """Another file's name, told apart from this one's where both print alike (`café.yaml`
    written both ways, the accent one character or two)."""
    if not same_when_normalised(other, this):
        return other
    return (
        f"{escaped(other, non_ascii=True)}, a name that differs from this file's only in how "
        "its accented letters are encoded"
    )


def _repeated(
    corpus: Corpus, sub: Fields, listed: str, key: str, code: str, what: str, hint: str
) -> list[Problem]:
    """A problem at every occurrence of a value of `key` written more than once in the list
    `listed` of submission.yaml, each naming the lines of the others."""
    places: dict[str, list[int]] = defaultdict(list)
    for i in sub.indices(listed):
        value = sub.text(listed, i, key)
        if value is not None:
            places[value].append(i)
    doc = corpus.submission_doc
    out = []
    for value, indices in places.items():
        if len(indices) < 2:
            continue
        for i in indices:
            out.append(
                at_submission(
                    corpus,
                    (listed, i, key),
                    code,
                    f"{what} `{value}` is also defined on {_lines(doc, listed, key, i, indices)}",
                    hint,
                )
            )
    return out


def _lines(doc: Document | None, listed: str, key: str, i: int, indices: list[int]) -> str:
    """The lines of submission.yaml where the other occurrences are written: the first few,
    then how many more (as `_others` names files)."""
    first = [o for o in indices[: SHOWN_OTHERS + 1] if o != i][:SHOWN_OTHERS]
    lines = [doc.value_pos((listed, o, key)).line if doc else 1 for o in first]
    more = len(indices) - 1 - SHOWN_OTHERS
    shown = f"line{'s' if len(indices) > 2 else ''} {', '.join(map(str, lines))}"
    return shown if more <= 0 else f"{shown} and {more:,} other line{'s' if more > 1 else ''}"


def _submission(corpus: Corpus, sub: Fields) -> list[Problem]:
    out = _repeated(
        corpus,
        sub,
        "lines_of_inquiry",
        "id",
        "loi-duplicate",
        "line of inquiry",
        "give each line of inquiry its own id",
    )
    out += _repeated(
        corpus, sub, "tabs", "tab", "tab-duplicate", "tab", "give each tab its own letter"
    )
    tabbed: set[str] = set()
    for i in sub.indices("tabs"):
        for j in sub.indices("tabs", i, "kinds"):
            kind = sub.text("tabs", i, "kinds", j)
            if kind in tabbed:
                out.append(
                    at_submission(
                        corpus,
                        ("tabs", i, "kinds", j),
                        "tab-kind-twice",
                        f"`{kind}` is filed under two tabs",
                        "each kind belongs to one tab, so every item has one number",
                    )
                )
            if kind is not None:
                tabbed.add(kind)
    return out


def _entry(
    ctx: Context,
    entry: Entry,
    lois: list[str] | None,
    kinds: set[str] | None,
    ids: set[str],
    unread: frozenset[str],
    near: tuple[Nearest, Nearest],  # the item ids and the lines of inquiry most likely meant
) -> list[Problem]:
    out = []
    refs = refs_of(entry)
    kind = refs.kind
    if kinds is not None and kind is not None and kind not in kinds:
        out.append(
            at(
                entry,
                ("kind",),
                "kind-no-tab",
                f"no tab in submission.yaml takes `{kind}`",
                "add the kind to a tab's `kinds`",
            )
        )
    for j, ref in refs.lois:
        if lois is None or ref in lois:
            continue
        close = near[1](ref)
        out.append(
            at(
                entry,
                ("lines_of_inquiry", j),
                "ref-unknown-loi",
                f"unknown line of inquiry `{ref}`",
                f"did you mean `{close}`?"
                if close
                else f"defined in submission.yaml: {', '.join(lois) or 'none'}",
            )
        )
    out += refs.twice
    for j, ref in refs.related:
        if ref == refs.id:
            out.append(
                at(
                    entry,
                    ("related", j),
                    "ref-self",
                    "an item cannot be related to itself",
                    "list other items' ids here",
                )
            )
        elif ref not in ids and ref not in unread:  # a file that could not be read: said there
            close = near[0](ref)
            out.append(
                at(
                    entry,
                    ("related", j),
                    "ref-unknown-item",
                    f"unknown item `{ref}`",
                    f"did you mean `{close}`?" if close else "no item has this id",
                )
            )
    return out


def check(ctx: Context) -> list[Problem]:
    corpus = ctx.corpus
    by_id = item_ids(corpus)
    out = _duplicates(ctx, by_id)
    sub = corpus.submission_fields
    if sub is None:
        return out
    out += _submission(corpus, sub)
    lois = loi_ids(sub)
    kinds = tabbed_kinds(sub)
    used: set[str] = set()
    ids = set(by_id)
    unread = corpus.unread_ids - ids
    near = (Nearest(ids), Nearest(lois or ()))
    for entry in corpus.entries:
        out += _entry(ctx, entry, lois, kinds, ids, unread, near)
        used.update(ref for _, ref in refs_of(entry).lois if ref)
    # An item that failed to load may well bear on the line: say nothing until it loads.
    if len(corpus.items) == corpus.files:
        for i in sub.indices("lines_of_inquiry"):
            loi = sub.text("lines_of_inquiry", i, "id")
            if loi is not None and loi not in used:
                out.append(
                    at_submission(
                        corpus,
                        ("lines_of_inquiry", i, "id"),
                        "loi-no-evidence",
                        f"no evidence item bears on line of inquiry `{loi}`",
                        "add an item, or drop the line of inquiry",
                        "warning",
                    )
                )
    return out
