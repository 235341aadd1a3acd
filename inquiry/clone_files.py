"""The files GitHub may create in a new repository that `init` also writes (README.md,
.gitignore): in a fresh clone, init adds its text to them rather than refusing or replacing.

A coalition that ticked "Add a README" and a .gitignore template when it made its repository
keeps both: its README's title and description stay at the top, inquiry's sections follow; its
ignore patterns stay and inquiry's missing ones are appended. A file that is a link, a folder
or not UTF-8 text is not joined: init names it to move aside, as before.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from inquiry.atomic import write_atomic

JOINED = ("README.md", ".gitignore")
"""What init writes that a fresh clone may already hold; joined, never replaced."""

_HEADING = re.compile(r"^#[ \t]+\S|^[^\n]+\n=+[ \t]*$", re.MULTILINE)
_IGNORE_NOTE = "# inquiry: its build output, virtual environment and build lock"


def joinable(path: Path) -> bytes | None:
    """The bytes of a README.md or .gitignore init may add to, or None when it is not a
    regular UTF-8 text file (a link, a folder, binary)."""
    if path.name not in JOINED or os.path.islink(path) or not path.is_file():
        return None
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return data


def join(name: str, theirs: bytes, ours: str) -> str:
    """`ours` added to the text a clone already holds in `name`."""
    text = theirs.decode("utf-8").lstrip("\ufeff")
    if name == "README.md":
        return _join_readme(text, ours)
    return _join_ignore(text, ours)


def _join_readme(text: str, ours: str) -> str:
    """Their README first (its title names the repository); ours follows without its own
    title when theirs has one, so the page has one top-level heading."""
    if not text.strip():
        return ours
    if _HEADING.search(text) and ours.startswith("# "):
        ours = ours.split("\n", 1)[1].lstrip("\n")
    return text.rstrip() + "\n\n" + ours


def _join_ignore(text: str, ours: str) -> str:
    """Their patterns kept; each of ours they lack appended under a note saying whose."""
    have = {line.strip() for line in text.splitlines()}
    missing = [
        line
        for line in ours.splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in have
    ]
    if not missing:
        return text
    head = text.rstrip("\n") + "\n\n" if text.strip() else ""
    return head + _IGNORE_NOTE + "\n" + "\n".join(missing) + "\n"


def write_joined(target: Path, joined: dict[str, str], theirs: dict[str, bytes]) -> list[Path]:
    """Write each joined file whole or not at all (`atomic.write_atomic`); when one
    fails, those already written get their own text back, and the failure is raised."""
    done: list[Path] = []
    try:
        for name, text in joined.items():
            write_atomic(target / name, text.encode("utf-8"))
            done.append(target / name)
    except OSError:
        for path in done:
            write_atomic(path, theirs[path.name])
        raise
    return done
