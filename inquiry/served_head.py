"""Whether the served record in the work tree is behind the one the last commit holds.

A build numbers from `served/<audience>.json` as it finds it. Deleted by mistake, or put back to
an older version (`git checkout <old> -- served/`, a merge conflict settled on the older side),
the record no longer holds the latest edition served: the next build would give its numbers and
pages out again and `serve` would drop it from the history (red team h140). When the root is in
a git work tree and HEAD holds the record, the work tree's must hold HEAD's latest edition too
(as its own, or in its history); to start a new edition deliberately, commit the deletion.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

RESTORE = (
    "restore it (`git checkout HEAD -- {file}`, in the submission's folder); to start "
    "numbering afresh on purpose, commit its deletion first, on its own"
)


def behind_head(root: Path, audience: str) -> str | None:
    """Why the work tree's `served/<audience>.json` is behind HEAD's, or None: it is missing
    while HEAD has it, or it does not record the edition HEAD's serves last. None too when
    root is not in a git work tree, HEAD has no record or HEAD's cannot be read (nothing to
    compare with)."""
    from inquiry.evidence_files import run_git
    from inquiry.served_record import RECORD_MAX_BYTES, RecordError, load_record, parse_record

    file = f"served/{audience}.json"
    # Its size first: a record over the limit (a committed blob of 2 GiB packs into 2 MB) is
    # not read out of git at all (review h145: 8 GB of memory).
    size = run_git(root, "cat-file", "-s", f"HEAD:./{file}")
    if size is None or size.returncode != 0 or not size.stdout.strip().isdigit():
        return None
    if int(size.stdout) > RECORD_MAX_BYTES:
        return None  # not a record `serve` wrote: nothing to compare with
    shown = run_git(root, "show", f"HEAD:./{file}")
    if shown is None or shown.returncode != 0:
        return None
    try:
        head = parse_record(shown.stdout, name=f"HEAD:{file}")
    except RecordError:
        return None
    latest = _bundle(head).get("sha256")
    if not isinstance(latest, str):
        return None
    when = f" served {head['served']}" if isinstance(head.get("served"), str) else ""
    edition = f"the edition of {_bundle(head).get('pages')} pages{when}"
    path = root / file
    if not os.path.lexists(path):
        return (
            f"{file} is in the last commit but not in the work tree: without it the build "
            f"would number the bundle afresh, giving {edition} its pages again"
        )
    try:
        here = load_record(path)
    except RecordError:
        return None  # reported where the record is read
    if latest not in _editions(here):
        return (
            f"{file} is older than the last commit's: {edition} is not in it, so the build "
            "would give that edition's numbers and pages out again"
        )
    return None


def _bundle(record: Mapping[str, Any]) -> Mapping[str, Any]:
    from inquiry.served_record import manifest_of

    bundle = manifest_of(record).get("bundle")
    return bundle if isinstance(bundle, Mapping) else {}


def _editions(record: Mapping[str, Any]) -> set[str]:
    """The file hashes of every edition a record holds: its own and its history's."""
    out = {h for h in [_bundle(record).get("sha256")] if isinstance(h, str)}
    history = record.get("history")
    for entry in history if isinstance(history, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("sha256"), str):
            out.add(entry["sha256"])
    return out
