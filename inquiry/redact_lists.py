"""Which item files' `redact` lists could not all be read: what they redact is then not known,
so a public log cannot be said to name none of it (`redacted_log.unread_lists`).

A list is unread when YAML could not read its lines (`Document.unread`), when a second `redact`
key or a second document was dropped, when its file could not be read at all (not UTF-8, too
large, refused) — judged by the file's own bytes, which are looked through for the key — or when
the file is one evidence/ holds but does not read (`TM-002.YAML`).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from inquiry.yamlnodes import MAX_BYTES, Document

SCANNED = 64 * 1024 * 1024
"""How much of a file not read is looked through for a `redact` key (`may_redact`)."""
_WORD = "redact"
_ENCODED = tuple(
    _WORD.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
"""The key as each encoding YAML allows writes it (Notepad's "Unicode" is UTF-16)."""
_KEY_LINE = re.compile(r"""(?:^|[{,\n])[ \t]*(?:-[ \t]+)*["']?redact["']?[ \t]*:""")
"""A `redact` key as YAML writes one: at a line's start (in a list item or not) or in a flow
mapping."""


def may_redact(path: str | Path) -> bool:
    """Whether a file not read could hold a `redact` list: its bytes hold the word in an
    encoding YAML allows, or they cannot be looked through (unreadable, or longer than
    `SCANNED`). Not a link, a pipe or a device (refused as `file-not-regular`, and never
    opened: a pipe would wait for ever)."""
    try:
        if not stat.S_ISREG(os.stat(path, follow_symlinks=False).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped since
                return False
            tail = b""
            for _ in range(SCANNED // 65536):
                chunk = f.read(65536)
                if not chunk:
                    return False
                if any(word in tail + chunk for word in _ENCODED):
                    return True
                tail = chunk[-24:]
    except OSError:
        return True
    return True


def lists_unread(doc: Document, path: str | Path) -> bool:
    """Whether a file read as `doc` has a `redact` list that was not read: on lines YAML could
    not read, or dropped with a second key or a second document — more `redact` keys written
    in the file than lists read from it. Only a file YAML found fault with is read again."""
    if "redact" in doc.unread:
        return True
    if not doc.flaws and not doc.unread:
        return False
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError:
        return True
    written = len(_KEY_LINE.findall(raw.decode("utf-8", "replace")))
    return written > _lists_read(doc.data)


def _lists_read(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    exhibits = data.get("exhibits")
    inner = exhibits if isinstance(exhibits, list) else []
    return ("redact" in data) + sum(isinstance(e, dict) and "redact" in e for e in inner)
