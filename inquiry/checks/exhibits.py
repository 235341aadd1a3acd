"""Exhibits exist, stay inside evidence/, are regular files of the type their bytes say, and
match their pins. Each is measured before it is read and only its first bytes are kept (the
hash, when pinned, is taken in chunks), so a link to /dev/zero or a FIFO cannot hang validation.

Opening each exhibit as the build will (pages, damage, bombs) is the exhibit probe's work; it
reports a redaction region beyond an exhibit's last page through `redaction.region_problems`.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import stat
from pathlib import Path

from inquiry.checks.common import Context, at
from inquiry.evidence_files import EVIDENCE
from inquiry.exhibits.files import EXTENSIONS, MAX_BYTES, resolve, sniff
from inquiry.file_name_clashes import near_name
from inquiry.load import Entry
from inquiry.problems import Problem
from inquiry.shown import escaped
from inquiry.yamlnodes import Path as YamlPath

_CHUNK = 1 << 20


class _Refused(Exception):
    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def _head_and_hash(path: Path, *, digest: bool) -> tuple[bytes, str | None]:
    """The first KiB of a regular file within the size limit, and its SHA-256 when asked."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if not os.path.lexists(path):
            raise _Refused(
                "exhibit-missing",
                "does not exist",
                "paths are relative to evidence/, e.g. exhibits/report.pdf",
            ) from None
        raise _Refused("exhibit-unreadable", f"cannot be read: {exc.strerror}", _FIX) from None
    if not stat.S_ISREG(info.st_mode):
        raise _Refused("exhibit-not-file", "is not a regular file", "attach a PDF, PNG or JPEG")
    if info.st_size > MAX_BYTES:
        raise _Refused(
            "exhibit-too-large",
            f"is {info.st_size:,} bytes, over the limit of {MAX_BYTES:,}",
            "split the document, or reduce its scans' resolution",
        )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _Refused("exhibit-unreadable", f"cannot be read: {exc.strerror}", _FIX) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Refused("exhibit-not-file", "is not a regular file", "attach a PDF or image")
        head = os.read(fd, 1024)
        if not digest:
            return head, None
        hasher = hashlib.sha256(head)
        size = len(head)
        while chunk := os.read(fd, _CHUNK):
            size += len(chunk)
            if size > MAX_BYTES:
                raise _Refused("exhibit-too-large", "grew over the size limit", _FIX)
            hasher.update(chunk)
        return head, hasher.hexdigest()
    except OSError as exc:
        raise _Refused("exhibit-unreadable", f"cannot be read: {exc.strerror}", _FIX) from None
    finally:
        os.close(fd)


_FIX = "make the file readable, or replace it"


def _exhibit(root: Path, entry: Entry, i: int) -> list[Problem]:
    f = entry.fields
    file = f.text("exhibits", i, "file")
    if file is None:
        return []
    where = ("exhibits", i, "file")
    if _WEB.match(file):
        name = posixpath.basename(file.split("?")[0].rstrip("/")) or "report.pdf"
        return [
            at(
                entry,
                where,
                "exhibit-missing",
                f"exhibit `{file}` is a web address: exhibits are files in the repository",
                f"download it into evidence/exhibits/ and write its path, e.g. "
                f"`exhibits/{name}`; give the address as `source.url`",
            )
        ]
    found = resolve(root, file)
    if isinstance(found, str):
        return [
            at(
                entry,
                where,
                "exhibit-outside",
                f"exhibit `{file}` is {found}",
                "exhibits are files inside evidence/, named relative to it",
            )
        ]
    pin = f.text("exhibits", i, "sha256")
    try:
        head, digest = _head_and_hash(found, digest=pin is not None)
    except _Refused as exc:
        if exc.code == "exhibit-missing":
            return [_missing(root, entry, where, file, exc)]
        return [at(entry, where, exc.code, f"exhibit `{file}` {exc.message}", exc.hint)]
    if head.startswith(_LFS_POINTER):
        return [
            at(
                entry,
                where,
                "exhibit-type",
                f"exhibit `{file}` is a Git LFS pointer, not the file: the file itself was not "
                "fetched",
                "run `git lfs pull`; in CI, fetch LFS files too (`actions/checkout` with "
                "`lfs: true`)",
            )
        ]
    kind = sniff(head)
    declared = EXTENSIONS.get(found.suffix.lower())
    if not head:
        return [
            at(
                entry,
                where,
                "exhibit-type",
                f"exhibit `{file}` is empty (0 bytes)",
                "add the file itself: it was saved or copied empty",
            )
        ]
    if kind is not None and declared is not None and kind != declared:
        named = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}
        return [
            at(
                entry,
                where,
                "exhibit-type",
                f"exhibit `{file}` is a {named.get(kind, kind)} file named as a "
                f"{named.get(declared, declared)} (`{found.suffix}`)",
                "rename the file to match what it is (and its `file:` here)",
            )
        ]
    if kind is None or declared is None:
        return [
            at(
                entry,
                where,
                "exhibit-type",
                f"exhibit `{file}` is not a PDF, PNG or JPEG by its contents",
                _type_hint(found.suffix.lower()),
            )
        ]
    if pin is not None and digest != pin.lower():  # `Get-FileHash` prints upper case
        return [
            at(
                entry,
                ("exhibits", i, "sha256"),
                "exhibit-sha256",
                f"exhibit `{file}` does not match its pinned sha256",
                f"the file's sha256 is {digest}",
            )
        ]
    return []


_DOCUMENTS = frozenset(
    {".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".csv", ".numbers"}
    | {".ppt", ".pptx", ".odp", ".key"}
)
"""Extensions of office documents: an exhibit is one of these saved as PDF."""


def _type_hint(suffix: str) -> str:
    if suffix in _DOCUMENTS:
        return (
            "save or export the document as PDF (File › Save As or Export › PDF) and give the"
            f" .pdf file here: exhibits are PDF, PNG or JPEG, not {suffix} files"
        )
    return "exhibits must be PDF, PNG or JPEG, with the matching extension"


_WEB = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
"""A web address (`https://…`), written where a path belongs."""
_LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"
"""How a Git LFS pointer file starts: what a checkout without LFS leaves in the file's place."""


def _missing(root: Path, entry: Entry, where: YamlPath, file: str, exc: _Refused) -> Problem:
    """A missing exhibit, naming the file whose name differs only in case or in how its
    accented letters are encoded: found on macOS and Windows, missing in CI."""
    near = near_name(root / EVIDENCE, file)
    if near is None:
        return at(entry, where, exc.code, f"exhibit `{file}` {exc.message}", exc.hint)
    actual, how = near
    if how == "case":
        return at(
            entry,
            where,
            exc.code,
            f"exhibit `{file}` does not exist; `{actual}` does, a name differing only in case",
            f"write `{actual}`: names differ by case on Linux, where CI runs, though not on "
            "macOS or Windows",
        )
    return at(
        entry,
        where,
        exc.code,
        f"exhibit `{file}` does not exist as written: the file's name encodes its accented "
        f"letters differently (written `{escaped(file, non_ascii=True)}`, on disk "
        f"`{escaped(actual, non_ascii=True)}`)",
        "rename the file or retype the path so that both encode the letters alike: names "
        "typed on macOS may be stored decomposed (e and a combining accent)",
    )


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _written(entry: Entry, i: int, seen: dict[str, int]) -> list[Problem]:
    """A warning for a path not written plainly (`./exhibits//a.pdf`: the manifest and the
    stamps name the file as written, so one file would go by several names) and for a file
    the item attaches twice (its pages would be in the bundle twice)."""
    file = entry.fields.text("exhibits", i, "file")
    if file is None or _WEB.match(file):
        return []
    plain = posixpath.normpath(file)
    where = ("exhibits", i, "file")
    out = []
    if _CONTROL.search(file):
        out.append(
            at(
                entry,
                where,
                "exhibit-path-control",
                "this exhibit's path holds a line break, a tab or another control character",
                "rename the file (letters, digits, spaces, `-`, `_` and `.`): its name is "
                "printed in the manifest, the page stamps and the build's log",
            )
        )
    if plain != file and not plain.startswith(".."):
        out.append(
            at(
                entry,
                where,
                "exhibit-path-form",
                f"exhibit `{file}` is written `{plain}` in its plainest form",
                f"write `{plain}`: the manifest and the page stamps name the file as written",
                "warning",
            )
        )
    if plain in seen:
        out.append(
            at(
                entry,
                where,
                "exhibit-repeated",
                f"exhibit `{file}` is attached already, as exhibit {seen[plain] + 1}: its pages "
                "would be in the bundle twice",
                "attach a file once, and refer to its pages from the item's text",
                "warning",
            )
        )
    seen.setdefault(plain, i)
    return out


def check(ctx: Context) -> list[Problem]:
    out: list[Problem] = []
    for entry in ctx.corpus.entries:
        seen: dict[str, int] = {}
        for i in entry.fields.indices("exhibits"):
            out += _exhibit(ctx.corpus.root, entry, i)
            out += _written(entry, i, seen)
    return out
