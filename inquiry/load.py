"""Read `evidence/` into models, turning every YAML and schema error into a positioned Problem.

Only files inside evidence/ are read, each as `readfiles` reads it (measured first, under the
YAML limits, many at once on every core). Nothing is skipped in silence: a folder or file that
cannot be read is a problem naming it. A file that fails the schema still yields the fields that
passed, for every other check to run on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from inquiry.evidence_files import EVIDENCE as EVIDENCE
from inquiry.evidence_files import SUBMISSION_FILE as SUBMISSION_FILE
from inquiry.evidence_files import leads_outside, submission_hint, walk
from inquiry.file_schema import is_mapping, kind_problem, meant_kind, validate_file
from inquiry.model import ITEM_MODELS, Item, ItemBase, Submission
from inquiry.model.kindguess import by_fields, likely_kind, other_kind, wrong_kind_words
from inquiry.model.partial import Fields
from inquiry.problems import Problem
from inquiry.readfiles import (
    FileRead,
    Unreadable,
    problem_at,
    read_file,
    read_files,
    read_limited,
    reason,
    relative,
)
from inquiry.redact_lists import (
    LOOK_AGAIN_BYTES,
    lists_not_read,
    lists_unread,
    may_redact,
    read_again,
)
from inquiry.yamlcompose import Pos
from inquiry.yamlnodes import MAX_BYTES, Document

SUBMISSION_PATH = f"{EVIDENCE}/{SUBMISSION_FILE}"


@dataclass(frozen=True)
class LoadedItem:
    """An evidence item that passed the schema, with the file it came from."""

    item: Item
    file: str  # relative to the root, with forward slashes
    doc: Document
    sha256: str


@dataclass(frozen=True)
class Entry:
    """An item file as far as it could be read: every field that passed, whole or not."""

    file: str
    doc: Document
    fields: Fields
    draft: bool  # `status: draft` as written, whether or not the rest passed
    item: Item | None  # the whole item, when it passed the schema
    known: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)
    """What rules work out from this entry alone (its id, its redacted strings), kept the first
    time one asks (`remembered`): validation asks as each file arrives, while later files are
    still being read, so its rules across items, after the last file, only look it up."""


T = TypeVar("T")


def remembered(entry: Entry, what: str, make: Callable[[Entry], T]) -> T:
    """`make(entry)`, worked out once per entry (`Entry.known`, under `what`): an entry's
    fields never change once read."""
    if what in entry.known:
        return cast(T, entry.known[what])
    value = entry.known[what] = make(entry)
    return value


@dataclass(frozen=True)
class Corpus:
    """Everything read from a submission repository, valid or not."""

    root: Path
    submission: Submission | None
    submission_doc: Document | None
    items: tuple[LoadedItem, ...]
    files: int
    entries: tuple[Entry, ...] = ()
    submission_fields: Fields | None = None
    unread_ids: frozenset[str] = frozenset()
    """Ids of item files that could not be read (their own problem says why), as their `id:`
    line or their name gives them: a reference to one is not to an unknown item."""
    unread_files: frozenset[str] = frozenset()
    """Files whose `redact` lists could not all be read (`inquiry.redact_lists`): not read at
    all, read in part, or not read by design (`TM-002.YAML`); what they redact is not known,
    so the log withholds what might name it (`redacted_log.redacted_report`)."""
    read_again: tuple[object, ...] = ()
    """The data of files not read as items whose `redact` lists could all be read again (an
    item in UTF-16, `TM-002.YAML`: `redact_lists.read_again`): what they redact is known."""


def _load_submission(
    root: Path, problems: list[Problem]
) -> tuple[Submission | None, Document | None, Fields | None]:
    path = root / EVIDENCE / SUBMISSION_FILE
    try:
        os.lstat(path)
    except PermissionError as exc:  # evidence/ cannot be searched: not "missing"
        problems.append(
            problem_at(
                SUBMISSION_PATH,
                Pos(1, 1),
                "file-unreadable",
                f"evidence/submission.yaml cannot be read: {reason(exc)}",
                "let the account that runs inquiry read the evidence/ folder and its files",
            )
        )
        return None, None, None
    except OSError:
        problems.append(
            problem_at(
                SUBMISSION_PATH,
                Pos(1, 1),
                "submission-missing",
                "evidence/submission.yaml is missing",
                submission_hint(root),
            )
        )
        return None, None, None
    leads = (
        leads_outside(Path(os.path.realpath(root / EVIDENCE)), str(path))
        if os.path.islink(path)
        else False
    )
    if leads is not False:
        where = "outside evidence/" if leads else "nowhere (a broken link)"
        problems.append(
            problem_at(
                SUBMISSION_PATH,
                Pos(1, 1),
                "file-outside",
                f"this link leads {where}",
                "evidence holds the files themselves; replace the link with a copy",
            )
        )
        return None, None, None
    read = read_file(root, path)
    problems += read.problems
    doc = read.doc
    if doc is None or not is_mapping(doc, SUBMISSION_PATH, problems):
        return None, doc, None
    model, fields = validate_file(Submission, doc, SUBMISSION_PATH, problems)
    whole = model if isinstance(model, Submission) and not doc.unread else None
    return whole, doc, fields


TOTAL_VALUES = 2_000_000
"""The most values a submission's item files may hold in all (a real item holds 20–60; 10,000
items about 500,000). Each file is limited too (`yamlbuild.MAX_NODES`), but a pull request of
many files each at that limit would otherwise hold gigabytes in memory (about 260 bytes a value)
and take a CI runner down."""


TOTAL_CHARACTERS = 256 * 1024 * 1024
"""The most text the item files may hold in all (10,000 real items: about 12 MB). Each file is
kept with its text, for placing problems; a few kilobytes of git can unpack to a file of 512 KB."""


def _too_large(file: str) -> Problem:
    return problem_at(
        file,
        Pos(1, 1),
        "submission-too-large",
        f"the item files hold more than {TOTAL_VALUES:,} values or {TOTAL_CHARACTERS:,} "
        "characters in all; this file was not checked",
        "a submission holds thousands of items of a few dozen values each: look for files "
        "of very long lists, and move long tables into exhibits",
    )


_ID_LINE = re.compile(r"""^["']?id["']?[ \t]*:[ \t]*["']?([A-Z]{2,5}-[0-9]{3,})(?![0-9])""", re.M)
_ID_NAME = re.compile(r"([A-Z]{2,5}-[0-9]{3,})\.ya?ml")


def _unread_id(path: str, doc: Document | None) -> str | None:
    """The id a file that could not be read holds, from its top-level `id:` line, whatever
    follows it there (or, failing that, its name, `TM-001.yaml`): what a broken item would be
    cited by."""
    if doc is not None:
        text = doc.text
    else:
        try:
            text = read_limited(path, MAX_BYTES).decode("utf-8", errors="replace")
        except Unreadable:  # not a regular file, too large, no permission: its name only
            text = ""
    found = _ID_LINE.search(text)
    if found:
        return found.group(1)
    named = _ID_NAME.fullmatch(os.path.basename(path))
    return named.group(1) if named else None


def load(
    root: Path,
    *,
    jobs: int | None = None,
    each: Callable[[Entry], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Corpus, list[Problem]]:
    """Read submission.yaml and every item; return what could be read and every problem met.

    Many files are read in `jobs` worker processes (default: every core); the result is the
    same for every `jobs`, but for a file that overruns the workers' limits (see `readfiles`).
    `each(entry)` is called for every entry, in order, as soon as it is made: while later
    files are still being read; `progress(done, total)` as each file is taken."""
    problems: list[Problem] = []
    evidence = root / EVIDENCE
    if evidence.is_symlink() and not Path(os.path.realpath(evidence)).is_relative_to(
        os.path.realpath(root)
    ):
        problems.append(
            problem_at(
                EVIDENCE,
                Pos(1, 1),
                "file-outside",
                "evidence/ is a link that leads outside the repository; nothing was read",
                "evidence/ holds the files themselves; replace the link with the folder",
            )
        )
        return Corpus(root, None, None, (), files=0), problems
    submission, sub_doc, sub_fields = _load_submission(root, problems)
    paths = walk(root, problems) if evidence.is_dir() else []
    skipped = lists_not_read(root, problems)  # `TM-002.YAML`, a `.drafts/` folder
    items: list[LoadedItem] = []
    entries: list[Entry] = []
    room = [TOTAL_VALUES, TOTAL_CHARACTERS]
    unread: set[str | None] = set()
    unread_files: set[str] = set()
    again: list[object] = []
    budget = [LOOK_AGAIN_BYTES]

    def known(path: str | Path) -> bool:
        """Whether a file not read as an item has its lists read again (`read_again`)."""
        data = read_again(path, budget)
        if data is not None:
            again.append(data)
        return data is not None

    def take(read: FileRead) -> None:
        """One item file, checked against its kind's model (while later files are read)."""
        problems.extend(read.problems)
        doc = read.doc
        file = relative(root, read.path)

        def not_read() -> None:  # its lists, if it has any, are not known
            # (but those of a file refused for its encoding alone, read again)
            recode = doc is None and any(p.code == "yaml-encoding" for p in read.problems)
            if may_redact(read.path) and not (recode and known(read.path)):
                unread_files.add(file)

        if doc is None:
            unread.add(_unread_id(read.path, None))
            not_read()
            return
        if doc.values > room[0] or len(doc.text) > room[1]:
            problems.append(_too_large(file))
            unread.add(_unread_id(read.path, doc))
            not_read()
            return
        if lists_unread(doc, read.path):
            unread_files.add(file)
        room[0] -= doc.values
        room[1] -= len(doc.text)
        if not is_mapping(doc, file, problems):
            not_read()  # a list of items, say: refused
            return
        draft = doc.data.get("status") == "draft"
        kind = doc.data.get("kind")
        model: type[ItemBase] | None = ITEM_MODELS.get(kind) if isinstance(kind, str) else None
        other = other_kind(doc.data, kind) if model is not None else None
        item: Item | None = None
        if "id" in doc.unread:  # cited by an id on a line YAML could not read
            unread.add(_unread_id(read.path, None))
        if "kind" in doc.unread and "kind" not in doc.data:
            # The kind is on a line YAML could not read: the item is checked as the kind its
            # fields clearly are, or else only for what every kind has.
            meant = by_fields(doc.data)
            if meant is None:
                _, fields = validate_file(ItemBase, doc, file, problems, common_only=True)
            else:
                _, fields = validate_file(ITEM_MODELS[meant], doc, file, problems, meant=meant)
        elif model is None:
            # Checked as the kind it most likely is, so that its other problems come in this
            # run, not after the kind is put right.
            guess, why = likely_kind(doc.data, file)
            meant = meant_kind(kind) or guess
            problems.append(kind_problem(doc, file, meant, why))
            if meant is None:
                _, fields = validate_file(ItemBase, doc, file, problems, common_only=True)
            else:
                _, fields = validate_file(ITEM_MODELS[meant], doc, file, problems, meant=meant)
        elif other is not None:
            message, hint = wrong_kind_words(doc.data, kind, other)
            problems.append(
                problem_at(file, doc.value_pos(("kind",)), "schema-value", message, hint)
            )
            _, fields = validate_file(ITEM_MODELS[other], doc, file, problems, meant=other)
        else:
            valid, fields = validate_file(model, doc, file, problems)
            item = None if doc.unread else valid  # type: ignore[assignment]  # never whole
        entry = Entry(file, doc, fields, draft, item)
        entries.append(entry)
        if item is not None:
            items.append(LoadedItem(item, file, doc, read.sha256))
        if each is not None:
            each(entry)

    done = [0]

    def counted(read: FileRead) -> None:
        take(read)
        done[0] += 1
        if progress is not None:
            progress(done[0], len(paths))

    read_files(root, paths, jobs=jobs, each=counted, keep=False)
    corpus = Corpus(
        root,
        submission,
        sub_doc,
        tuple(items),
        files=len(paths),
        entries=tuple(entries),
        submission_fields=sub_fields,
        unread_ids=frozenset(i for i in unread if i is not None),
        unread_files=frozenset({*unread_files, *(f for f in skipped if not known(root / f))}),
        read_again=tuple(again),
    )
    return corpus, problems
