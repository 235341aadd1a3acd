"""Read `evidence/` into models, turning every YAML and schema error into a positioned Problem.

Inputs are measured before they are read: only regular files inside evidence/ are opened (a FIFO
would block, a device such as /dev/zero would never end, and git carries symlinks to either),
and only up to the size limit. Nothing is skipped in silence: a folder or file that cannot be
read is a problem naming it. A file that fails the schema still yields the fields that passed,
for every other check to run on.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from inquiry.model import ITEM_MODELS, KINDS, Item, ItemBase, Submission
from inquiry.model.messages import describe, position
from inquiry.model.partial import Fields, validate_partial
from inquiry.problems import Problem
from inquiry.yamlnodes import MAX_BYTES, Document, Pos, YamlProblem, read_yaml

EVIDENCE = "evidence"
SUBMISSION_FILE = "submission.yaml"
SUBMISSION_PATH = f"{EVIDENCE}/{SUBMISSION_FILE}"
YAML_SUFFIXES = (".yaml", ".yml")


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


class Unreadable(Exception):
    """An input refused before or while reading it; becomes one problem at the file."""

    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def _not_regular(mode: int) -> Unreadable:
    what = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return Unreadable(
        "file-not-regular",
        f"the file is {what}, not a regular file",
        "evidence holds regular files only; remove it",
    )


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them; raise `Unreadable` otherwise.

    The type and size are checked before opening (opening a device can itself do something),
    then again on the open descriptor, which is non-blocking so that a file swapped for a FIFO
    in between cannot hang the read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise Unreadable("file-unreadable", f"the file cannot be read: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unreadable("file-unreadable", f"the file cannot be read: {_reason(exc)}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise _too_large(size, limit)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> Unreadable:
    return Unreadable(
        "file-too-large",
        f"the file is {size:,} bytes; the limit is {limit:,}",
        "split it, or move long material into an exhibit",
    )


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _rel(root: Path, path: Path | str) -> str:
    """`path` (found under `root`) relative to it, with forward slashes."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    rel = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(text, root)
    return rel.replace(os.sep, "/")


def _at(file: str, pos: Pos, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(file, pos.line, pos.column, code, message, "error", hint)


def _outside(base: Path, path: str) -> bool | None:
    """Whether a link leads outside evidence/ (None: it cannot be followed)."""
    try:
        return not Path(os.path.realpath(path, strict=True)).is_relative_to(base)
    except (OSError, RuntimeError):
        return None


def walk(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every item file under evidence/, in a stable order; each folder that cannot be listed
    and each link that leads outside evidence/ or nowhere is a problem (when a list is given)."""
    base = root / EVIDENCE
    real_base = Path(os.path.realpath(base))
    out: list[str] = []
    report = problems if problems is not None else []
    stack = [str(base)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            report.append(
                _at(
                    _rel(root, folder),
                    Pos(1, 1),
                    "folder-unreadable",
                    f"the folder cannot be read: {_reason(exc)}; its files were not checked",
                    "make it readable (chmod), or remove it from evidence/",
                )
            )
            continue
        for entry in found:
            is_yaml = entry.name.endswith(YAML_SUFFIXES)
            try:
                link = entry.is_symlink()
                folder_like = entry.is_dir(follow_symlinks=not link)
            except OSError:
                link, folder_like = False, False
            if link and (is_yaml or entry.is_dir()):
                leads = _outside(real_base, entry.path)
                if leads is not False:
                    where = "outside evidence/" if leads else "nowhere (a broken link)"
                    report.append(
                        _at(
                            _rel(root, entry.path),
                            Pos(1, 1),
                            "file-outside",
                            f"this link leads {where}",
                            "evidence holds the files themselves; replace the link with a copy",
                        )
                    )
                    continue
                if not is_yaml:
                    continue  # a folder linked from inside: walked where it really is
            if folder_like:
                stack.append(entry.path)
            elif is_yaml and not (entry.name == SUBMISSION_FILE and folder == str(base)):
                out.append(entry.path)
    return [Path(p) for p in sorted(out)]


def item_files(root: Path) -> list[Path]:
    """Every item file under evidence/, in a stable order."""
    return walk(root) if (root / EVIDENCE).is_dir() else []


def _read(root: Path, path: Path, problems: list[Problem]) -> tuple[Document, bytes] | None:
    file = _rel(root, path)
    try:
        raw = read_limited(path, MAX_BYTES)
        doc = read_yaml(raw)
    except Unreadable as exc:
        problems.append(_at(file, Pos(1, 1), exc.code, exc.message, exc.hint))
        return None
    except YamlProblem as exc:
        problems.append(_at(file, exc.pos, exc.code, exc.message, exc.hint))
        return None
    problems += [_at(file, f.pos, f.code, f.message, f.hint) for f in doc.flaws]
    return doc, raw


def _is_mapping(doc: Document, file: str, problems: list[Problem]) -> bool:
    """A file holds one mapping of fields; anything else is one problem at its start."""
    if isinstance(doc.data, dict):
        return True
    found = {type(None): "nothing", str: "only text", list: "a list"}.get(
        type(doc.data), "a single value"
    )
    message = f"the file holds {found}; it must hold a mapping of fields (`key: value` lines)"
    problems.append(
        _at(file, doc.value_pos(()), "schema-type", message, "write one `key: value` per line")
    )
    return False


def _validate(
    model: type[BaseModel], doc: Document, file: str, problems: list[Problem]
) -> tuple[BaseModel | None, Fields]:
    """The whole model when the file passes; otherwise its problems and the fields that did."""
    try:
        valid = model.model_validate(doc.data)
        return valid, Fields(valid, doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            found = describe(err, model)
            problems.append(_at(file, position(found, doc), found.code, found.message, found.hint))
    return None, Fields(validate_partial(model, doc.data), doc.data)


def _kind_problem(doc: Document, file: str) -> Problem:
    kind = doc.data.get("kind")
    pos = doc.value_pos(("kind",) if "kind" in doc.data else ())
    close = difflib.get_close_matches(str(kind), KINDS, n=1)
    return _at(
        file,
        pos,
        "schema-missing" if kind is None else "schema-value",
        "`kind` is required" if kind is None else f"unknown kind `{kind}`",
        f"did you mean `{close[0]}`?" if close else f"one of: {', '.join(KINDS)}",
    )


def _load_submission(
    root: Path, problems: list[Problem]
) -> tuple[Submission | None, Document | None, Fields | None]:
    path = root / EVIDENCE / SUBMISSION_FILE
    if not os.path.lexists(path):
        problems.append(
            _at(
                SUBMISSION_PATH,
                Pos(1, 1),
                "submission-missing",
                "evidence/submission.yaml is missing",
                "run `inquiry init DIR` for a new submission, or pass --root",
            )
        )
        return None, None, None
    if (
        os.path.islink(path)
        and _outside(Path(os.path.realpath(root / EVIDENCE)), str(path)) is not False
    ):
        problems.append(
            _at(
                SUBMISSION_PATH,
                Pos(1, 1),
                "file-outside",
                "this link leads outside evidence/",
                "evidence holds the files themselves; replace the link with a copy",
            )
        )
        return None, None, None
    read = _read(root, path, problems)
    if read is None or not _is_mapping(read[0], SUBMISSION_PATH, problems):
        return None, read[0] if read else None, None
    doc = read[0]
    model, fields = _validate(Submission, doc, SUBMISSION_PATH, problems)
    return (model if isinstance(model, Submission) else None), doc, fields


def load(root: Path) -> tuple[Corpus, list[Problem]]:
    """Read submission.yaml and every item; return what could be read and every problem met."""
    problems: list[Problem] = []
    evidence = root / EVIDENCE
    if evidence.is_symlink() and not Path(os.path.realpath(evidence)).is_relative_to(
        os.path.realpath(root)
    ):
        problems.append(
            _at(
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
    items: list[LoadedItem] = []
    entries: list[Entry] = []
    for path in paths:
        read = _read(root, path, problems)
        if not read:
            continue
        doc, raw = read
        file = _rel(root, path)
        if not _is_mapping(doc, file, problems):
            continue
        draft = doc.data.get("status") == "draft"
        kind = doc.data.get("kind")
        model: type[ItemBase] | None = ITEM_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            problems.append(_kind_problem(doc, file))
            fields = Fields(validate_partial(ItemBase, doc.data), doc.data)
            entries.append(Entry(file, doc, fields, draft, None))
            continue
        valid, fields = _validate(model, doc, file, problems)
        item: Item | None = valid  # type: ignore[assignment]
        entries.append(Entry(file, doc, fields, draft, item))
        if item is not None:
            items.append(LoadedItem(item, file, doc, hashlib.sha256(raw).hexdigest()))
    corpus = Corpus(
        root,
        submission,
        sub_doc,
        tuple(items),
        files=len(paths),
        entries=tuple(entries),
        submission_fields=sub_fields,
    )
    return corpus, problems
