"""The files under `evidence/` that are items, and each one that is not, named.

Walked in a stable order, without following a link out of `evidence/`; a folder that cannot be
listed, a link that leads outside or nowhere, a file named almost like an item (`TM-002.YAML`,
`TM-003.yaml.txt`) and an editor's or a system's file beside one (`._TM-001.yaml`) are each a
problem naming it, never skipped in silence.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from inquiry.problems import Problem
from inquiry.readfiles import problem_at, reason, relative
from inquiry.yamlcompose import Pos

EVIDENCE = "evidence"
SUBMISSION_FILE = "submission.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


def leads_outside(base: Path, path: str) -> bool | None:
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
                problem_at(
                    relative(root, folder),
                    Pos(1, 1),
                    "folder-unreadable",
                    f"the folder cannot be read: {reason(exc)}; its files were not checked",
                    "make it readable (chmod), or remove it from evidence/",
                )
            )
            continue
        for entry in found:
            is_yaml = entry.name.endswith(YAML_SUFFIXES)
            try:
                link = entry.is_symlink()
                folder_like = entry.is_dir(follow_symlinks=not link)
                linked_folder = link and entry.is_dir()
            except OSError:  # a link in a loop, or to where we may not look: not a folder
                link, folder_like, linked_folder = False, False, False
            submission = entry.name == SUBMISSION_FILE and folder == str(base)
            # `._TM-001.yaml` (macOS), `.#TM-001.yaml` (Emacs's lock, a link to nowhere),
            # `~$…` (Word): an editor's or a system's file beside an item, never an item.
            junk = is_yaml and entry.name.startswith((".", "~")) and not folder_like
            if junk:
                report.append(_not_read(relative(root, entry.path), entry.name, hidden=True))
                continue
            if link and (is_yaml or linked_folder) and not submission:  # that one: see below
                leads = leads_outside(real_base, entry.path)
                if leads is not False:
                    where = "outside evidence/" if leads else "nowhere (a broken link)"
                    report.append(
                        problem_at(
                            relative(root, entry.path),
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
            elif is_yaml and not submission:
                out.append(entry.path)
            elif not is_yaml and not entry.name.startswith((".", "~")) and _near_yaml(entry.name):
                report.append(_not_read(relative(root, entry.path), entry.name))
    return [Path(p) for p in sorted(out)]


_NEAR_YAML = re.compile(r"\.(?:ya?ml|yam|ymal|yaml?l)(?:\.txt)?\s*$", re.IGNORECASE)
"""A name an item file was meant to have: `TM-002.YAML`, `TM-003.yaml.txt` (Notepad's "Save
as"), `TM-005.yaml ` (a trailing space), a slip of the keys (`.ymal`, `.yam`). Not an editor's
own file (`.TM-001.yaml.swp`, `.~lock.TM-001.yaml#`) nor another kind of file (`scan.yaml.pdf`,
`responses.json`)."""


def _near_yaml(name: str) -> bool:
    """Whether `name` reads as an item file's, once look-alike letters (a Cyrillic `а` in
    `.yаml`) are read as the Latin ones they are drawn like."""
    from inquiry.folding import LOOK_ALIKES

    return bool(_NEAR_YAML.search("".join(LOOK_ALIKES.get(c, c) for c in name)))


def _not_read(file: str, name: str, *, hidden: bool = False) -> Problem:
    if hidden:
        message = f"`{name}` is not read: a name starting with `.` or `~` is an editor's file"
        hint = "delete it if it is left over; rename it without the first character if not"
    else:
        plain = "".join(c for c in name.strip() if c.isascii())
        stem = plain.split(".")[0] or plain
        message = f"`{name}` is not read: only files whose names end in `.yaml` or `.yml` are items"
        hint = f"rename it to `{stem}.yaml` if it is an item, or move it out of evidence/"
    return Problem(file, 1, 1, "file-not-read", message, "warning", hint)


def item_files(root: Path) -> list[Path]:
    """Every item file under evidence/, in a stable order."""
    return walk(root) if (root / EVIDENCE).is_dir() else []


__all__ = ["EVIDENCE", "SUBMISSION_FILE", "YAML_SUFFIXES", "item_files", "leads_outside", "walk"]
