"""Helpers shared by the rule modules."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from inquiry.load import SUBMISSION_PATH, Corpus, Entry
from inquiry.problems import Problem, Severity, unshown, wanted
from inquiry.yamlcompose import Pos, spellings
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
    if not wanted(entry.file, code):
        return unshown(entry.file, code, severity)
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
    if not wanted(entry.file, code):
        return unshown(entry.file, code, severity)
    pos = entry.doc.value_pos(path)
    line, column = pos.line, pos.column
    first_line = words.split("\n", 1)[0]
    found = _written_at(entry.doc.text, pos.line, pos.column, first_line, nth, outside_code)
    if found is None and outside_code:  # raw attribute syntax is itself a code span
        found = _written_at(entry.doc.text, pos.line, pos.column, first_line, nth)
    if found is not None:
        line, column = found
    return Problem(entry.file, line, column, code, message, severity, hint)


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> list[str]:
    """`text`'s lines, split once for the many problems placed in one file in a row."""
    return text.splitlines()


def _value_lines(text: str, line: int, column: int) -> Iterator[tuple[int, str, int]]:
    """The lines of the value starting at `line`, `column` (line number, its text, the index
    to search from): its own line, then the lines after it indented deeper than that line (a
    block scalar's or a multi-line scalar's continuation), up to the first that is not."""
    lines = _lines(text)
    if not 1 <= line <= len(lines):
        return
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(" "))
    for number in range(line, len(lines) + 1):
        here = lines[number - 1]
        if number > line and here.strip() and len(here) - len(here.lstrip(" ")) <= indent:
            return
        yield number, here, column - 1 if number == line else 0


def _written_at(
    text: str, line: int, column: int, words: str, nth: int, outside_code: bool = False
) -> tuple[int, int] | None:
    """(line, column) of the `nth` occurrence of `words` in the value starting at `line`,
    `column` (see `_value_lines`)."""
    if not words:
        return None
    seen = 0
    for number, here, start in _value_lines(text, line, column):
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


def matched_at(
    entry: Located,
    path: Path,
    pattern: re.Pattern[str],
    accept: Callable[[re.Match[str]], bool] = lambda _: True,
    *,
    nth: int = 1,
) -> Pos | None:
    """Where the `nth` match of `pattern` that `accept`s is written in the value at `path`
    (for what is written otherwise than it reads: an escape, a character reference): where
    its group that matched starts, or the match when it has none; None when there is none."""
    pos = entry.doc.value_pos(path)
    seen = 0
    for number, here, start in _value_lines(entry.doc.text, pos.line, pos.column):
        for found in pattern.finditer(here, start):
            if accept(found):
                seen += 1
                if seen == nth:
                    return Pos(number, found.start(found.lastindex or 0) + 1)
    return None


def at_character(
    entry: Located,
    path: Path,
    ch: str,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = "error",
) -> Problem:
    """A problem at the first place `ch` is written in the value at `path`, itself or as an
    escape (`title: "A \\u202E B"` at the escape); at the value when it cannot be found."""
    if not wanted(entry.file, code):
        return unshown(entry.file, code, severity)
    pos = matched_at(entry, path, spellings(ch)) or entry.doc.value_pos(path)
    return Problem(entry.file, pos.line, pos.column, code, message, severity, hint)


@dataclass(frozen=True)
class SubmissionFile:
    """submission.yaml as a file problems are placed in (as items are)."""

    file: str
    doc: Document


def submission_file(corpus: Corpus) -> SubmissionFile | None:
    """submission.yaml, when it was read."""
    doc = corpus.submission_doc
    return SubmissionFile(SUBMISSION_PATH, doc) if doc is not None else None


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


FULL_SEARCHES = 200
_LONGEST = 64


class Nearest:
    """The known id a reference most likely meant (`Nearest(ids)(ref)`): the same id in other
    case (`pe-001` → `PE-001`), else the closest spelling, else None. Made once by a check for
    all its references.

    Every known id is compared for the first `FULL_SEARCHES` references; after that (a pull
    request of 45,000 unknown references to 1,000 items took 69 s), only the ids one letter
    away (added, dropped or changed), found in an index of each id with each of its letters
    dropped."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = known  # looked at on the first reference: most checks meet none
        self.full_left = FULL_SEARCHES

    @functools.cached_property
    def ids(self) -> list[str]:
        return sorted(self.known)

    @functools.cached_property
    def by_case(self) -> dict[str, str]:
        return {i.casefold(): i for i in self.ids}

    @functools.cached_property
    def by_dropped(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for i in self.ids:
            if len(i) <= _LONGEST + 1:  # one letter away from a reference at most `_LONGEST`
                for key in _dropped(i.upper()):
                    out.setdefault(key, []).append(i)
        return out

    def __call__(self, ref: str) -> str | None:
        found = self.by_case.get(ref.casefold())
        if found is not None:
            return found
        wanted = ref.upper()
        if self.full_left > 0:
            self.full_left -= 1
            close = difflib.get_close_matches(wanted, self.ids, n=1)
        elif len(wanted) > _LONGEST:  # no id that long is indexed
            return None
        else:
            near = {i for key in _dropped(wanted) for i in self.by_dropped.get(key, ())}
            close = difflib.get_close_matches(wanted, sorted(near), n=1)
        return close[0] if close else None


def _dropped(word: str) -> set[str]:
    """`word` and each spelling of it with one letter dropped."""
    return {word} | {word[:k] + word[k + 1 :] for k in range(len(word))}
