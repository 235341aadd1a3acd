"""File names that differ only in case or in how their accented letters are encoded: a checkout
on Windows or macOS keeps one of them. `name_clashes` warns at each such name in a folder under
evidence/ (`evidence_files.walk`); `near_name` finds the file a path meant."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath

from inquiry.problems import Problem
from inquiry.readfiles import relative
from inquiry.shown import escaped, same_when_normalised


def _fold(name: str) -> str:
    """A name as a checkout on macOS or Windows tells names apart: without case, and with its
    accented letters encoded one way."""
    return unicodedata.normalize("NFC", name).casefold()


def name_clashes(root: Path, folder: str, names: list[str]) -> list[Problem]:
    """A warning at each name that one before it in the folder differs from only in case or in
    how its accented letters are encoded: a checkout on Windows or macOS keeps one of them."""
    out = []
    first: dict[str, str] = {}
    for name in names:
        kept = first.setdefault(_fold(name), name)
        if kept == name:
            continue
        accents = same_when_normalised(kept, name)
        how = "in how their accented letters are encoded" if accents else "in case"
        shown = [escaped(n, non_ascii=accents) for n in (name, kept)]
        out.append(
            Problem(
                relative(root, os.path.join(folder, name)),
                1,
                1,
                "file-name-clash",
                f"`{shown[0]}` and `{shown[1]}` differ only {how}: a checkout on "
                "Windows or macOS keeps only one of them",
                "warning",
                "rename one of them (or remove the copy left over), so that every name differs "
                "in more than case and accents",
            )
        )
    return out


def near_name(base: Path, file: str) -> tuple[str, str] | None:
    """The path under `base` that `file` names but for case or the encoding of its accented
    letters, and how they differ (`case` or `encoding`); None when there is none."""
    current, parts, how = base, [], "encoding"
    for part in PurePosixPath(file).parts:
        if not os.path.lexists(current / part):
            try:
                names = sorted(os.listdir(current))
            except OSError:
                return None
            match = next((n for n in names if _fold(n) == _fold(part)), None)
            if match is None:
                return None
            if not same_when_normalised(part, match):
                how = "case"
            part = match
        parts.append(part)
        current = current / part
    written = "/".join(PurePosixPath(file).parts)
    found = "/".join(parts)
    return (found, how) if found != written else None
