"""A `redact` entry the build would cut where the edition uses ordinary words (red team h165).

An entry is removed wherever the public edition holds it, in any case and in every form a name
takes (surname first, titles between, glued in a file name): a name is sometimes written in
lower case (a forum post quoted verbatim), and leaving it there would be the worst defect a
bundle can have. But a name made of words (`Will`, `Day`, `Case`, `Hope`) is then cut wherever
those words are used as words: an item redacting `Day` took "the number of clients per day" out
of another item's title, the index and a line of inquiry, and `Will Day` took "day, the nurse
will" (surname first, a title read away), and the build said nothing. So validation says so:
of each entry written with a capital, every cut the build's own matcher would make in the
public edition's texts where the words cut are written without capitals, as prose writes them
(not a name glued in an address or a file name: `jane.example@nhs.net` is the name); in which
items, never the words (logs are public). The entry is still removed everywhere; the editor
decides whether to list the forms the name takes instead.
"""

from __future__ import annotations

import re

from inquiry.checks.common import Context, at
from inquiry.checks.redaction import edition_texts, entry_strings, too_short
from inquiry.numbering import included
from inquiry.problems import Problem
from inquiry.redacted_log import matcher_of

SHOWN_ITEMS = 3
"""Items named in a message; the rest are counted."""

_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """A text's words, casefolded: what a cut is matched to its entries by."""
    return _WORD.findall(text.casefold())


def owns(entry: str, cut: str) -> bool:
    """Whether a cut without capitals (`day, the nurse will`, `cases`) is one of `entry`'s:
    each of the entry's words starts a word of the cut (a plural or possessive `s` after it)."""
    words = words_of(cut)
    return all(any(w.startswith(e) for w in words) for e in words_of(entry))


def ordinary_words(ctx: Context) -> list[Problem]:
    """`redact-ordinary-words`: each of an included testimony's own `redact` entries written
    with a capital that the build would cut, in the public edition's texts (the included items'
    fields and submission.yaml's, as written), where the words cut are written without
    capitals."""
    corpus = ctx.corpus
    if corpus.submission_doc is None:
        return []
    if not any(getattr(e.item, "redact", None) for e in corpus.entries):
        return []
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
        if path[0] == "redact" and not too_short(text) and any(c.isupper() for c in text)
    ]
    if not asked:
        return []
    strings = sorted({text for _, _, text in asked})
    matcher = matcher_of(corpus)  # the build's own (made once a run)
    # Each field as written (Markdown's marks do not part words a reader sees as ordinary).
    sources = [("submission.yaml", edition_texts(corpus.submission_doc.data))]
    sources += [(e.item.id if e.item else e.file, edition_texts(e.doc.data)) for e in public]
    where: dict[str, list[str]] = {}
    # A cut without capitals holds a word of an entry written without capitals: a text with
    # none is passed over at C speed (the matcher's own reading costs ~0.5 ms a text).
    lower = sorted({w for text in strings for w in words_of(text)}, key=len, reverse=True)
    either = "|".join(re.escape(w) for w in lower)
    gate = re.compile(rf"(?<!\w)(?:{either})(?:['’]?s)?(?!\w)")
    for name, texts in sources:
        for text in texts:
            if not gate.search(text) or not matcher.words_present(text):
                continue  # no cut, or none without capitals
            for hit in matcher.find(text):
                cut = text[hit.start : hit.end]
                if any(c.isupper() for c in cut) or _glued(text, hit.start, hit.end):
                    continue
                for string in strings:
                    if owns(string, cut) and name not in where.setdefault(string, []):
                        where[string].append(name)
    return [
        at(
            entry,
            path,
            "redact-ordinary-words",
            # Worded without `case`, `will`, `mark`: the log marks a redacted string wherever
            # it says one, its own words included.
            f"`redact` entry {int(path[1]) + 1} is also found in words written without capitals "
            f"in the public edition, {_places(where[text])}: each is removed as the name is, so "
            "where they are ordinary words, they are cut from the bundle",
            "if the name is also a word people use, list the forms the name takes instead "
            "(`Mr Surname`, `Given Surname`) and check them in the bundle; while this entry is "
            "listed, every such form is removed too, should it be the name",
            "warning",
        )
        for entry, path, text in asked
        if text in where
    ]


_ADDRESS = re.compile(r"@|/|\w\.\w")


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a cut is a name as an address, a handle or a file name writes it: words run
    together without a space (`jane_example`, `janeexample`), or in a word that holds `@`, `/`
    or a dot between letters (`jane.example@nhs.net`, `…/team/jane-example`)."""
    cut = text[start:end]
    if len(words_of(cut)) > 1 and not any(c.isspace() for c in cut):
        return True
    first = max(text.rfind(c, 0, start) for c in " \t\n") + 1
    last = min((i for i in (text.find(c, end) for c in " \t\n") if i >= 0), default=len(text))
    return bool(_ADDRESS.search(text[first:last]))


def _places(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_ITEMS])
    rest = len(names) - SHOWN_ITEMS
    if rest <= 0:
        return f"in {shown}"
    return f"in {shown} and {rest:,} more"
