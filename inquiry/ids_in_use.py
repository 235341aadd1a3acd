"""Which ids of a prefix a submission repository already holds, for `inquiry new`.

Ids are never reused, so an id counts as taken wherever it stands:
- the `id` of an item file, read the way validation reads it (`readfiles`), so that `id : X`,
  `"id": X`, `{id: X}` and a folded `id: >-` are all seen;
- the name of any file under evidence/ (`SF-002.yaml`, a copy not yet edited);
- anywhere in the text of a file that cannot be read cleanly: a half-written item still
  reserves its id, and a guess too many costs a gap in the numbering, a guess too few a
  duplicate;
- anywhere in a served record (an item served and since removed is still cited);
- in the name of any file under evidence/ that a commit deleted (an item withdrawn before it
  was served was still reviewed, and may be cited in its pull request).
What cannot be read at all is a warning naming it, never skipped in silence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inquiry.evidence_files import EVIDENCE, run_git, walk
from inquiry.problems import Problem
from inquiry.readfiles import FileRead, Unreadable, read_files, read_limited, relative
from inquiry.served_record import RECORD_MAX_BYTES
from inquiry.yamlnodes import MAX_BYTES

SERVED = "served"


@dataclass(frozen=True)
class InUse:
    """The numbers taken under one prefix, and what could not be read to find them."""

    numbers: frozenset[int]
    warnings: tuple[str, ...]

    def highest(self) -> int:
        """The highest number taken, 0 when none is."""
        return max(self.numbers, default=0)


def pattern(prefix: str) -> re.Pattern[str]:
    """An id of `prefix` standing on its own in any text (not inside `XSF-0012` or `SF-0012a`);
    its group is the number."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(prefix)}-([0-9]{{3,}})(?![A-Za-z0-9])")


def ids_in_use(root: Path, prefix: str) -> InUse:
    """Every number of `prefix` that the repository at `root` holds anywhere (see the module)."""
    token = pattern(prefix)
    numbers: set[int] = set()
    warnings: list[str] = []

    def take(text: str) -> None:
        numbers.update(int(n) for n in token.findall(text))

    if (root / EVIDENCE).is_dir():
        problems: list[Problem] = []
        paths = walk(root, problems)
        for problem in problems:  # a folder that cannot be listed, a link out or to nowhere
            take(Path(problem.file).name)
            warnings.append(f"{problem.file}: {problem.message}; ids in it were not seen")
        for read in read_files(root, paths):
            take(Path(read.path).name)
            warning = _item_ids(root, read, take)
            if warning:
                warnings.append(warning)
    warning = _deleted_ids(root, take)
    if warning:
        warnings.append(warning)
    served = root / SERVED
    for path in sorted(served.glob("*.json")) if served.is_dir() else []:
        try:
            take(read_limited(path, RECORD_MAX_BYTES).decode("utf-8", errors="replace"))
        except Unreadable as exc:
            warnings.append(f"{relative(root, path)}: {exc.message}; ids in it were not seen")
    return InUse(frozenset(numbers), tuple(warnings))


def _deleted_ids(root: Path, take: Callable[[str], None]) -> str | None:
    """Take the ids in the names of the files under evidence/ that any commit deleted (or
    renamed away); a warning when the repository's history cannot be read."""
    found = run_git(
        root, "log", "--all", "--format=", "--name-only", "--no-renames", "--diff-filter=D",
        "--", EVIDENCE,
    )  # fmt: skip
    if found is None:  # git missing, or the history too long to read in its time
        if os.path.lexists(root / ".git"):
            return "git's history could not be read; ids of items deleted in it were not seen"
        return None
    if found.returncode == 0:  # else not a repository, or one without a commit yet
        take("\n".join(Path(line).name for line in found.stdout.splitlines()))
    return None


def _item_ids(root: Path, read: FileRead, take: Callable[[str], None]) -> str | None:
    """Take the ids one item file holds; a warning when it cannot be read at all."""
    data = read.doc.data if read.doc is not None else None
    item_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(item_id, str):
        take(item_id)
        if not read.problems:
            return None
    # Half-written, broken or hostile: whatever in its text looks like an id may be one.
    if read.doc is not None:
        take(read.doc.text)
        return None
    try:
        raw = read_limited(read.path, MAX_BYTES)
    except Unreadable as exc:  # a FIFO, a device, too large, no permission
        return f"{relative(root, read.path)}: {exc.message}; ids in it were not seen"
    take(raw.decode("utf-8", errors="replace"))
    return None
