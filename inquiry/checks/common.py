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
