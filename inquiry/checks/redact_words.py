"""A `redact` entry that the edition also holds as an ordinary word (red team h165, stop 40).

An entry is removed wherever the public edition holds it, in any case: a name is sometimes
written in lower case (a forum post quoted verbatim), and leaving it there would be the worst
defect a bundle can have. But a name made of words (`Will`, `Day`, `Case`, `Hope`) is then cut
wherever those words are used as words: an item redacting `Day` took "the number of clients per
day" out of another item's title, the index and a line of inquiry, and the build said nothing.
So validation says so, of each entry written with a capital that the edition also holds all in
lower case, as a whole word (and a name of two words in either order: `health will` for `Will
Health`): how often and in which items, never the words (logs are public). The entry is still
removed everywhere; the editor decides whether to list the forms the name takes instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inquiry.checks.common import Context, at
from inquiry.checks.markdown import Parsed
from inquiry.checks.redaction import edition_texts, entry_strings, too_short
from inquiry.numbering import included
from inquiry.problems import Problem
from inquiry.render.rich_nodes import everything

_SUFFIX = re.compile(r"['’]?s$")
SHOWN_ITEMS = 3
"""Items named in a message; the rest are counted."""


def lower_forms(text: str) -> list[str]:
    """The all-lower-case forms of an entry written with a capital that are looked for: its
    words in lower case, and a name of two words in the other order too (as a surname first
    is matched); none for an entry with no capital (it was meant as written)."""
    words = text.split()
    if not words or not any(c.isupper() for c in text):
        return []
    lower = [w.lower() for w in words]
    forms = [" ".join(lower)]
    if len(lower) == 2:
        forms.append(f"{lower[1]} {lower[0]}")
    return forms


def ordinary_words(ctx: Context, parsed: Sequence[Parsed] = ()) -> list[Problem]:
    """`redact-ordinary-words`: each of an included testimony's own `redact` entries that the
    public edition's texts (the included items' fields, as written and as their Markdown
    reads, and submission.yaml's) also hold all in lower case, as whole words."""
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
        if path[0] == "redact" and not too_short(text) and lower_forms(text)
    ]
    if not asked:
        return []
    by_form: dict[str, set[str]] = {}
    for _, _, text in asked:
        for form in lower_forms(text):
            by_form.setdefault(form, set()).add(text)
    words = "|".join(
        r"\s+".join(re.escape(w) for w in form.split())
        for form in sorted(by_form, key=len, reverse=True)
    )
    # As the matcher reads a name: a plural or possessive `s` after it too (`cases`, `day's`).
    pattern = re.compile(rf"(?<!\w)(?:{words})(?:['’]?s)?(?!\w)")
    readings: dict[str, list[str]] = {}
    for field in parsed:
        readings.setdefault(field.entry.file, []).append(everything(field.blocks))
    sources = [("submission.yaml", list(edition_texts(corpus.submission_doc.data)))]
    for entry in public:
        name = entry.item.id if entry.item is not None else entry.file
        texts = [*edition_texts(entry.doc.data), *readings.get(entry.file, ())]
        sources.append((name, list(dict.fromkeys(texts))))
    times: dict[str, int] = {}
    where: dict[str, list[str]] = {}
    for name, texts in sources:
        for text in texts:
            for found in pattern.finditer(text):
                form = " ".join(found.group().split())
                bare = _SUFFIX.sub("", form)  # `cases`; but `hopkins` is itself
                for string in by_form.get(form) or by_form.get(bare) or set():
                    times[string] = times.get(string, 0) + 1
                    if name not in where.setdefault(string, []):
                        where[string].append(name)
    return [
        at(
            entry,
            path,
            "redact-ordinary-words",
            # Worded without `case`, `will`, `mark`: the log marks a redacted string wherever
            # it says one, its own words included.
            f"`redact` entry {int(path[1]) + 1} is also written without capitals in the public "
            f"edition, {_times(times[text])} ({_places(where[text])}): each is removed as the "
            "name is, so where it is an ordinary word, that word is cut from the bundle",
            "if the name is also a word people use, list the forms the name takes instead "
            "(`Mr Surname`, `Given Surname`); while this entry is listed, every one written "
            "without capitals is removed too, should it be the name",
            "warning",
        )
        for entry, path, text in asked
        if text in times
    ]


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def _places(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_ITEMS])
    rest = len(names) - SHOWN_ITEMS
    if rest <= 0:
        return f"in {shown}"
    return f"in {shown} and {rest:,} more"
