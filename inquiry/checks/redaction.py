"""Redaction entries: every reason code is declared in submission.yaml; every exhibit region
lies on a page the exhibit has, and on that page (checked by the exhibit probe, which knows the
pages)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from inquiry.checks.common import Context, at
from inquiry.checks.markdown import Parsed
from inquiry.load import Corpus, Entry, remembered
from inquiry.model.redact import MAX_SUBMISSION_REDACTIONS
from inquiry.model.types import ID_PATTERN
from inquiry.numbering import included
from inquiry.problems import Problem
from inquiry.redacted_log import matcher_of
from inquiry.redaction import Matcher
from inquiry.render.rich_nodes import everything
from inquiry.yamlnodes import Path


def entry_codes(entry: Entry) -> tuple[tuple[Path, str], ...]:
    """Every reason code an item's redactions name, with its path (worked out once an entry)."""
    return remembered(entry, "redact codes", _codes)


def _codes(entry: Entry) -> tuple[tuple[Path, str], ...]:
    f = entry.fields
    out: list[tuple[Path, str]] = []
    for i in f.indices("redact"):
        code = f.text("redact", i, "code")
        if code is not None:
            out.append((("redact", i, "code"), code))
    for e in f.indices("exhibits"):
        for i in f.indices("exhibits", e, "redact"):
            code = f.text("exhibits", e, "redact", i, "code")
            if code is not None:
                out.append((("exhibits", e, "redact", i, "code"), code))
    return tuple(out)


def entry_strings(entry: Entry) -> tuple[tuple[Path, str], ...]:
    """Every redacted string an item lists (its own and its exhibits'), with its path (worked
    out once an entry: half a dozen rules ask)."""
    return remembered(entry, "redact strings", _strings)


def _strings(entry: Entry) -> tuple[tuple[Path, str], ...]:
    f = entry.fields
    places: list[Path] = [("redact", i) for i in f.indices("redact")]
    for e in f.indices("exhibits"):
        places += [("exhibits", e, "redact", i) for i in f.indices("exhibits", e, "redact")]
    out: list[tuple[Path, str]] = []
    for path in places:
        value = f.text(*path)
        if value is not None:
            out.append((path, value))
        elif (text := f.text(*path, "text")) is not None:
            out.append(((*path, "text"), text))
    return tuple(out)


SHORTEST_NUMBER = 5
"""Digits a redacted string of no letters needs: a shorter number (`7`, `2024`) is found all
over a bundle's own page numbers, dates and pinpoints, which it cannot leave out."""


def too_short(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return (letters == 0 and digits < SHORTEST_NUMBER) or (letters == 1 and digits == 0)


def short_strings(ctx: Context) -> list[Problem]:
    """A redacted string too short to be removed from a bundle: a lone letter, or a number of
    fewer than five digits with no word beside it."""
    return [
        at(
            entry,
            path,
            "redact-too-short",
            "this redacted string is too short to remove from the bundle: a lone letter or a "
            f"number of fewer than {SHORTEST_NUMBER} digits is also in its page numbers, dates "
            "and pinpoints",
            "redact it with the words around it (`Ward 7`, `Bed 12`), as the evidence writes it",
        )
        for entry in ctx.corpus.entries
        for path, text in entry_strings(entry)
        if too_short(text)
    ]


def too_many(corpus: Corpus) -> list[Problem]:
    """More distinct redacted strings than a bundle can be searched for
    (`MAX_SUBMISSION_REDACTIONS`): one problem, at the entry past the limit."""
    seen: set[str] = set()
    for entry in corpus.entries:
        for path, text in entry_strings(entry):
            seen.add(text)
            if len(seen) > MAX_SUBMISSION_REDACTIONS:
                return [
                    at(
                        entry,
                        path,
                        "redact-too-many",
                        f"the submission's items redact more than {MAX_SUBMISSION_REDACTIONS:,} "
                        "different strings; each is searched for in every text of every output",
                        "redact each name once, in the item that names it (a name redacted in "
                        "one item is removed from every item of the public bundle)",
                    )
                ]
    return []


def named_paths(corpus: Corpus) -> list[Problem]:
    """An item file (or a folder above it) named with a string some item redacts: the path is
    printed wherever a problem is reported in that file, as a mark (see `redacted_log`), and it
    is kept in the repository's history; the file is better named after its id."""
    matcher = matcher_of(corpus)
    if not matcher:
        return []
    return [
        Problem(
            entry.file,
            1,
            1,
            "redact-in-path",
            "this file's path holds a string that is redacted from the public bundle: logs "
            "show the path with its mark in place",
            "warning",
            "name the file after its id (e.g. `TM-002.yaml`), in a folder that names no one",
        )
        for entry in corpus.entries
        if matcher.search(entry.file)
    ]


_REFERENCE = re.compile("@" + ID_PATTERN.strip("^$") + r"(?![0-9])")


def references(ctx: Context) -> list[Problem]:
    """An item's redacted string that holds a reference (`Jane Doe [@SF-001]`): the bundle
    prints the reference as a pinpoint (`[A1/4]`), so the string as written is in no output and
    nothing would be removed, with no word said (an exhibit's own entries are searched for in
    its pages, where `@SF-001` is only text)."""
    out = []
    for entry in ctx.corpus.entries:
        for path, text in entry_strings(entry):
            found = _REFERENCE.search(text) if path[0] == "redact" else None
            if found is not None:
                out.append(
                    at(
                        entry,
                        path,
                        "redact-reference",
                        f"this redacted string holds a reference (`{found.group(0)}`), which "
                        "the bundle prints as a pinpoint such as `[A1/4]`: the string as "
                        "written is in no output, so nothing would be removed",
                        "list the words without the reference, each name on its own",
                    )
                )
    return out


APART = "\n\x00\n"
"""Between two texts searched as one: a control character, which no redacted string is
matched across (the build searches each field on its own)."""
NOT_FOUND_PASSES = 4
"""Searches of the whole edition for the entries: a string hidden in a longer one's match
(`Jane` in `Jane Placeholder`) is found by the next pass, made without the strings found."""


def not_found(ctx: Context, parsed: Sequence[Parsed] = ()) -> list[Problem]:
    """A testimony's `redact` entry that matches nothing in any text of the public edition
    (its included items' fields, as written and as their Markdown reads, and submission.yaml):
    nothing is removed for it, so a misspelt name leaves the name itself in the bundle. Said
    only when every file was read (an unread one may hold it), of included items' entries. The
    message never quotes the string (logs are public)."""
    corpus = ctx.corpus
    if corpus.submission_doc is None or len(corpus.items) != corpus.files:
        return []
    if not any(getattr(e.item, "redact", None) for e in corpus.entries):
        return []  # most submissions: nothing to search for
    public = [
        e
        for e in corpus.entries
        if e.item is not None
        and included(e.item, audience="public", include_drafts=ctx.include_drafts)
    ]
    asked = [
        (entry, path, text)
        for entry in public
        for path, text in entry_strings(entry)
        if path[0] == "redact"  # an exhibit's own list is searched in its pages by the build
        and not too_short(text)
        and not _REFERENCE.search(text)  # said otherwise
    ]
    if not asked:
        return []
    readings: dict[str, list[str]] = {}  # each file's Markdown as it reads, where parsed
    for field in parsed:
        readings.setdefault(field.entry.file, []).append(everything(field.blocks))
    # Every text once (titles, publishers and paragraphs repeat), searched as one: one search
    # of the edition costs far less than one per item.
    texts = dict.fromkeys(edition_texts(corpus.submission_doc.data))
    for entry in public:
        texts.update(dict.fromkeys([*edition_texts(entry.doc.data), *readings.get(entry.file, ())]))
    every = APART.join(texts)
    strings = {text for _, _, text in asked}
    missing = _found_nowhere(strings - _written(strings, every), every)
    return [
        at(
            entry,
            path,
            "redact-not-found",
            f"`redact` entry {int(path[1]) + 1} matches nothing in the public edition"
            + (
                "'s text (the build searches its exhibits' pages for it too)"
                if list(entry.fields.indices("exhibits"))
                else ": no text was removed for it"
            ),
            "check its spelling against the words it is to remove; words only in an "
            "exhibit's pages belong in that exhibit's own `redact` list",
            "warning",
        )
        for entry, path, text in asked
        if text in missing
    ]


def _written(strings: set[str], text: str) -> set[str]:
    """Those of `strings` written in `text` as they are, in any case, as whole words: each is
    a match (the matcher finds every string so written, and more), found without the cost of
    the matcher's search (a second at 10,000 items), which is left to the rest."""
    by_fold: dict[str, list[str]] = {}
    for string in strings:
        by_fold.setdefault(string.casefold(), []).append(string)
    words = "|".join(re.escape(f) for f in sorted(by_fold, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
    return {s for found in pattern.finditer(text.casefold()) for s in by_fold[found.group()]}


def _found_nowhere(strings: set[str], text: str) -> set[str]:
    """Those of `strings` the matcher finds nowhere in `text`; after `NOT_FOUND_PASSES`
    searches that each found some, none (said of nothing rather than wrongly)."""
    for _ in range(NOT_FOUND_PASSES):
        found = {s for s, _ in Matcher.of(sorted(strings)).search(text)}
        strings -= found
        if not found or not strings:
            return strings
    return set()


def edition_texts(data: Any) -> Iterator[str]:
    """Every string value in a file's data but its `redact` lists (what the edition may print
    of it), and each read with its character references decoded (`Jane&nbsp;Doe`)."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
            if "&" in value:
                yield html.unescape(value)
        elif isinstance(value, list):
            stack += reversed(value)
        elif isinstance(value, dict):
            stack += reversed([v for k, v in value.items() if k != "redact"])


def declared_codes(corpus: Corpus) -> dict[str, str] | None:
    """The submission's reason codes, or None when they cannot be read (then no code can be
    called undeclared)."""
    sub = corpus.submission_fields
    if sub is None or not sub.complete("redaction_codes"):
        return None
    codes = sub.get("redaction_codes")
    return dict(codes) if isinstance(codes, dict) else None


def check(ctx: Context) -> list[Problem]:
    declared = declared_codes(ctx.corpus)
    if declared is None:
        return short_strings(ctx) + references(ctx)
    hint = (
        f"declared in submission.yaml: {', '.join(sorted(declared))}"
        if declared
        else "declare it in submission.yaml under `redaction_codes`, with its meaning"
    )
    return (
        short_strings(ctx)
        + references(ctx)
        + [
            at(entry, path, "redact-unknown-code", f"reason code `{code}` is not declared", hint)
            for entry in ctx.corpus.entries
            for path, code in entry_codes(entry)
            if code not in declared
        ]
    )


@dataclass(frozen=True)
class Region:
    """A redaction region of an exhibit, for the exhibit probe to check against its pages."""

    entry: Entry
    exhibit: int  # index in the item's `exhibits`
    file: str  # the exhibit's path relative to evidence/
    path: Path  # the region's `page` in the item's file
    page: int
    box: tuple[float, float, float, float] | None = None  # when it passed the schema


def regions(corpus: Corpus) -> Iterator[Region]:
    """Every region of every exhibit that passed the schema."""
    for entry in corpus.entries:
        f = entry.fields
        for e in f.indices("exhibits"):
            file = f.text("exhibits", e, "file")
            for i in f.indices("exhibits", e, "redact"):
                page = f.get("exhibits", e, "redact", i, "page")
                box = f.get("exhibits", e, "redact", i, "box")
                if file is not None and isinstance(page, int):
                    corners = (
                        (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
                        if isinstance(box, tuple | list) and len(box) == 4
                        else None
                    )
                    path = ("exhibits", e, "redact", i, "page")
                    yield Region(entry, e, file, path, page, corners)


def region_problems(
    region: Region, pages: int, sizes: Sequence[tuple[float, float]] = ()
) -> list[Problem]:
    """The problem with a region on an exhibit of `pages` pages: a page it does not have
    (`redact-page`); or, given `sizes` (each page's width and height in its own user space, as
    the public build's redaction measures them), a box off its page, which that build refuses
    (`exhibit-redaction`, by the rule of `inquiry.exhibits.redact`'s region check). The exhibit
    probe, which opens every exhibit, calls this for every `regions(corpus)` entry of it."""
    if region.page > pages:
        return [
            at(
                region.entry,
                region.path,
                "redact-page",
                f"exhibit `{region.file}` has {pages} page(s); there is no page {region.page}",
                "pages count from 1 within the exhibit itself",
            )
        ]
    if region.box is None or not 1 <= region.page <= len(sizes):
        return []
    from inquiry.exhibits.geometry import off_page  # pikepdf: only where exhibits are opened

    width, height = sizes[region.page - 1]
    if not off_page(region.box, width, height):
        return []
    return [
        at(
            region.entry,
            (*region.path[:-1], "box"),
            "exhibit-redaction",
            f"exhibit `{region.file}` the region {list(region.box)} lies outside page "
            f"{region.page} ({width:g} × {height:g} pt)",
            f"a box is [x0, y0, x1, y1] in points from the page's bottom-left corner, within "
            f"{width:g} × {height:g}",
        )
    ]
