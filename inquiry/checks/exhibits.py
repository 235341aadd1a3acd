"""Exhibits exist, stay inside evidence/, are what their bytes say, and match their pins."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from inquiry.checks.common import at
from inquiry.load import EVIDENCE, Corpus
from inquiry.problems import Problem

MAGIC = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
EXTENSIONS = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def sniff(head: bytes) -> str | None:
    """The file type its first bytes declare (PDF allows junk before `%PDF-` in the first 1 KiB)."""
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    return "pdf" if b"%PDF-" in head[:1024] else None


def resolve(root: Path, file: str) -> Path | str:
    """The exhibit's real path, or the reason it is refused."""
    pure = PurePosixPath(file)
    if pure.is_absolute() or (len(file) > 1 and file[1] == ":"):
        return "an absolute path"
    if "\\" in file:
        return "a path with `\\` (separate folders with `/`)"
    if "\0" in file:
        return "a path with a NUL character"
    if ".." in pure.parts:
        return "a path with `..`"
    base = (root / EVIDENCE).resolve()
    try:
        real = (base / pure).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "a link that cannot be followed"
    if not real.is_relative_to(base):
        return "a link that leads outside evidence/"
    return real


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the file system, say
        return False


def check(corpus: Corpus) -> list[Problem]:
    out: list[Problem] = []
    for entry in corpus.items:
        for i, exhibit in enumerate(entry.item.exhibits):
            where = ("exhibits", i, "file")
            found = resolve(corpus.root, exhibit.file)
            if isinstance(found, str):
                out.append(
                    at(
                        entry,
                        where,
                        "exhibit-outside",
                        f"exhibit `{exhibit.file}` is {found}",
                        "exhibits are files inside evidence/, named relative to it",
                    )
                )
                continue
            if not _exists(found):
                out.append(
                    at(
                        entry,
                        where,
                        "exhibit-missing",
                        f"exhibit `{exhibit.file}` does not exist",
                        "paths are relative to evidence/, e.g. exhibits/report.pdf",
                    )
                )
                continue
            if not found.is_file():
                out.append(
                    at(
                        entry,
                        where,
                        "exhibit-not-file",
                        f"exhibit `{exhibit.file}` is not a regular file",
                    )
                )
                continue
            try:
                data = found.read_bytes()
            except OSError as exc:
                out.append(
                    at(
                        entry,
                        where,
                        "exhibit-unreadable",
                        f"exhibit `{exhibit.file}` cannot be read: {exc.strerror or exc}",
                    )
                )
                continue
            kind = sniff(data[:1024])
            declared = EXTENSIONS.get(found.suffix.lower())
            if kind is None or declared is None or kind != declared:
                out.append(
                    at(
                        entry,
                        where,
                        "exhibit-type",
                        f"exhibit `{exhibit.file}` is not a PDF, PNG or JPEG by its contents"
                        + (f" (it looks like {kind})" if kind else ""),
                        "exhibits must be PDF, PNG or JPEG, with the matching extension",
                    )
                )
                continue
            if exhibit.sha256 and hashlib.sha256(data).hexdigest() != exhibit.sha256:
                out.append(
                    at(
                        entry,
                        ("exhibits", i, "sha256"),
                        "exhibit-sha256",
                        f"exhibit `{exhibit.file}` does not match its pinned sha256",
                        f"the file's sha256 is {hashlib.sha256(data).hexdigest()}",
                    )
                )
    return out
