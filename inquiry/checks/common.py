"""Helpers shared by the rule modules."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from inquiry.load import SUBMISSION_PATH, Corpus, Entry
from inquiry.problems import Problem, Severity
from inquiry.yamlnodes import Document, Path


class Located(Protocol):
    """Anything read from a file: an item entry, or a loaded item."""

    @property
    def file(self) -> str: ...

    @property
    def doc(self) -> Document: ...


@dataclass(frozen=True)
class Context:
    """What every rule may consult besides the corpus itself."""

    corpus: Corpus
    today: dt.date
    include_drafts: bool = False

    def lenient(self, *entries: Entry) -> bool:
        """Whether a problem involving these entries is only a warning: one of them is a draft
        and drafts are not included (they are left out of the bundle)."""
        return not self.include_drafts and any(e.draft for e in entries)


def at(
    entry: Located,
    path: Path,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
    key: bool = False,
) -> Problem:
    """A problem at the value (or key) found at `path` in an item's file."""
    pos = entry.doc.key_pos(path) if key else entry.doc.value_pos(path)
    return Problem(entry.file, pos.line, pos.column, code, message, severity, hint)


def at_words(
    entry: Located,
    path: Path,
    words: str,
    code: str,
    message: str,
    hint: str | None = None,
    *,
    nth: int = 1,
    severity: Severity = "error",
    outside_code: bool = False,
) -> Problem:
    """A problem at the `nth` place where `words` are written inside the value at `path` (a
    reference on line 12 of a `summary: |` block is reported on line 12, where a pull
    request's annotation belongs); at the value itself when they cannot be found as written.
    `outside_code`: not counting places inside a code span (`` `<b>` `` is text, not a tag),
    unless the words are found nowhere else (`` `<b>`{=html} `` is raw in one)."""
    pos = entry.doc.value_pos(path)
    line, column = pos.line, pos.column
    first_line = words.split("\n", 1)[0]
    found = _written_at(entry.doc.text, pos.line, pos.column, first_line, nth, outside_code)
    if found is None and outside_code:  # raw attribute syntax is itself a code span
        found = _written_at(entry.doc.text, pos.line, pos.column, first_line, nth)
    if found is not None:
        line, column = found
    return Problem(entry.file, line, column, code, message, severity, hint)


def _written_at(
    text: str, line: int, column: int, words: str, nth: int, outside_code: bool = False
) -> tuple[int, int] | None:
    """(line, column) of the `nth` occurrence of `words` in the value starting at `line`,
    `column`: its own line, then the lines after it indented deeper than that line (a block
    scalar's or a multi-line scalar's continuation), up to the first that is not."""
    lines = text.splitlines()
    if not words or not 1 <= line <= len(lines):
        return None
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(" "))
    seen = 0
    for number in range(line, len(lines) + 1):
        here = lines[number - 1]
        if number > line and here.strip() and len(here) - len(here.lstrip(" ")) <= indent:
            return None
        start = column - 1 if number == line else 0
        while (found := here.find(words, start)) >= 0:
            start = found + 1
            after = here[found + len(words) : found + len(words) + 1]
            if words[-1].isalnum() and (after.isalnum() or after == "-"):
                continue  # the beginning of a longer word: `@SF-00` in `@SF-001`
            if outside_code and here.count("`", 0, found) % 2 == 1:
                continue  # inside a code span on this line
            seen += 1
            if seen == nth:
                return number, found + 1
    return None


def at_submission(
    corpus: Corpus,
    path: Path,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
) -> Problem:
    """A problem at a value of submission.yaml."""
    doc = corpus.submission_doc
    pos = doc.value_pos(path) if doc is not None else None
    line, column = (pos.line, pos.column) if pos else (1, 1)
    return Problem(SUBMISSION_PATH, line, column, code, message, severity, hint)


def nearest(ref: str, known: Iterable[str]) -> str | None:
    """The known id `ref` most likely meant: the same id in other case (`pe-001` → `PE-001`),
    else the closest spelling, else None."""
    ids = sorted(known)
    by_case = {i.casefold(): i for i in ids}
    if ref.casefold() in by_case:
        return by_case[ref.casefold()]
    close = difflib.get_close_matches(ref.upper(), ids, n=1)
    return close[0] if close else None
