"""A served item that its edition now leaves out (made a draft, or restricted in the public
edition) is withdrawn by the next build: its pages say so for good, and its id is never used
again but with `--reissue`. Said as a warning where it is decided (`served-item-left-out`,
red team h133: a coalition reworking an item lost its served number without a word)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from inquiry import numbering
from inquiry.load import EVIDENCE, Corpus
from inquiry.problems import Problem


def left_out(
    corpus: Corpus,
    served: numbering.Served,
    *,
    audience: numbering.Audience,
    include_drafts: bool = False,
) -> list[Problem]:
    """`served-item-left-out` (a warning) at the `status` or `audience` of each item `served`
    holds that this edition leaves out."""
    problems = []
    for entry in corpus.entries:
        data = entry.doc.data if isinstance(entry.doc.data, dict) else {}
        item_id = entry.item.id if entry.item is not None else data.get("id")
        record = served.items.get(item_id) if isinstance(item_id, str) else None
        if entry.item is not None:
            kept = numbering.included(entry.item, audience=audience, include_drafts=include_drafts)
        else:  # a draft that fails the schema is left out too (a final one stops the build)
            kept = not entry.draft or include_drafts
        if record is None or kept:
            continue
        restricted = data.get("audience") == "restricted" and audience == "public"
        key, now, back = (
            ("audience", "restricted", "audience: public")
            if restricted
            else ("status", "a draft", "status: final")
        )
        pos = entry.doc.value_pos((key,))
        problems.append(
            Problem(
                entry.file,
                pos.line,
                pos.column,
                "served-item-left-out",
                f"{item_id} was served in the {audience} edition as {record.number}; {now}, it "
                "is left out, so the next build withdraws it: its pages say withdrawn, and its "
                "id is not used again",
                "warning",
                hint=f"write `{back}` to keep it where it was served; to take it out for good, "
                "delete its file (or build with `--reissue` later to serve it under a new number)",
            )
        )
    return problems + _not_read(corpus, served, audience=audience)


def _not_read(
    corpus: Corpus, served: numbering.Served, *, audience: numbering.Audience
) -> list[Problem]:
    """`served-item-left-out` at each file under evidence/ that is not read (`.SF-001.yaml`,
    `SF-001.yml.txt`, `.drafts/SF-001.yaml`: `file-not-read`) and is named after a served item
    no file read now has: the next build withdraws it as surely as if the file were deleted
    (red team h140). A file deleted is withdrawn without a word, as the README says."""
    ids = {entry.item.id for entry in corpus.entries if entry.item is not None} | {
        entry.doc.data.get("id") for entry in corpus.entries if isinstance(entry.doc.data, dict)
    }
    missing = {item_id: r for item_id, r in served.items.items() if item_id not in ids}
    if not missing:
        return []
    read = {entry.file for entry in corpus.entries}
    problems = []
    for file in _files(corpus.root):
        name = _ITEM_NAME.fullmatch(file.rsplit("/", 1)[-1])
        record = missing.get(name.group(1).upper()) if name else None
        if record is None or file in read:
            continue
        item_id = record.id
        problems.append(
            Problem(
                file,
                1,
                1,
                "served-item-left-out",
                f"{item_id} was served in the {audience} edition as {record.number}; no item "
                f"file read has its id, and `{file}` is not read, so the next build withdraws "
                "it: its pages say withdrawn, and its id is not used again",
                "warning",
                hint=f"if `{file}` is {item_id}, rename it to `{item_id}.yaml` in a folder "
                "whose name does not start with `.`; to take the item out for good, delete it",
            )
        )
    return problems


_ITEM_NAME = re.compile(r"[.~#]*([A-Za-z]{2,5}-[0-9]{3,})\.(?:ya?ml|yam|ymal)\b.*", re.IGNORECASE)
"""A name an item's file may have been given by mistake or by an editor: `.SF-001.yaml`,
`SF-001.yml.txt`, `sf-001.YAML~`."""
_LOOKED = 10_000


def _files(root: Path) -> Iterator[str]:
    """The files under evidence/ (links not followed, `.git` not entered, at most `_DEEPEST`
    folders down), as paths relative to `root`, the first `_LOOKED` of them. Walked with a
    stack: `os.walk` recurses, and a pull request can commit folders 1,000 deep (review h145)."""
    seen = 0
    stack = [(root / EVIDENCE, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
            except OSError:
                continue
            if is_folder and entry.name != ".git" and depth < _DEEPEST:
                below.append((Path(entry.path), depth + 1))
            elif is_file:
                seen += 1
                if seen > _LOOKED:
                    return
                yield Path(entry.path).relative_to(root).as_posix()
        stack += reversed(below)  # the first folder is looked in next


_DEEPEST = 64
