"""Which item files' `redact` lists could not all be read: what they redact is then not known,
so a public log cannot be said to name none of it (`Corpus.unread_files`).

A list is unread when YAML could not read its lines (`Document.unread`), when a second `redact`
key or a second document was dropped, when its strings hold bytes that were not UTF-8, when its
file could not be read at all (too large, refused) — judged by the file's own bytes, which are
looked through for the key in any encoding YAML allows — or when the file is one evidence/ holds
but does not read (`TM-002.YAML`, a `.drafts/` folder; `editors_file` says which of those are an
editor's own).

Which keys are lists: `redact`, and a key meant as it (`redact_like`: `Redact`, `redcat`,
`to_redact`), at any depth (`redact_paths`): validation refuses all but the item's and its
exhibits' own, but a person meant them, so the log and the public edition take them too.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from inquiry.problems import Problem
from inquiry.yamlcompose import YamlProblem
from inquiry.yamlnodes import MAX_BYTES, Document, read_text
from inquiry.yamltext import any_utf, readable_str

_WORD = "redact"
_ENCODED = tuple(
    _WORD.encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
"""The key as each encoding YAML allows writes it (Notepad's "Unicode" is UTF-16)."""
_KEY_LINE = re.compile(
    r"""(?:^|[{,\n])[ \t]*(?:-[ \t]+)*["']?redact["']?[ \t]*:(?=[ \t\r\n]|$)""", re.IGNORECASE
)
"""A `redact` key as YAML writes one: at a line's start (in a list item or not) or in a flow
mapping."""


def may_redact(path: str | Path) -> bool:
    """Whether a file (or folder) not read could hold a `redact` list: it holds the word in an
    encoding YAML allows, or it cannot be looked through (`holds_word` does not know)."""
    return holds_word(path) is not False


def holds_word(path: str | Path) -> bool | None:
    """Whether a file, or a file in a folder, holds the word `redact` in an encoding YAML
    allows; None when that cannot be known without reading more than an item may be (a file
    over `MAX_BYTES` is never opened: it is refused as too large) or it cannot be read. Not a
    link, a pipe or a device (refused as `file-not-regular`, and never opened: a pipe would
    wait for ever)."""
    try:
        info = os.stat(path, follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            return _folder_holds_word(path)
        if not stat.S_ISREG(info.st_mode):
            return False
        if info.st_size > MAX_BYTES:
            return None
        raw = _raw(path)
    except OSError:
        return None
    if raw is None:
        return None
    return any(word in raw.lower() for word in _ENCODED)


FOLDER_LOOK = 10_000
"""How many entries of a folder not read (`.drafts/`) are looked through before it is taken to
hold a list (as `evidence_files.HIDDEN_LOOK`)."""


def _folder_holds_word(folder: str | Path) -> bool | None:
    """`holds_word` of a folder: True when a file in it does, None when one cannot be known
    (or the folder is too large to look through), links not followed. A repository of its
    own (a submodule) is not the submission's, and is empty in a CI checkout: False."""
    if os.path.lexists(os.path.join(folder, ".git")):
        return False
    seen, unknown = 0, False
    for top, dirs, files in os.walk(folder, onerror=lambda _: None):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            seen += 1
            if seen > FOLDER_LOOK:
                return None
            found = holds_word(os.path.join(top, name))
            if found:
                return True
            unknown = unknown or found is None
    return None if unknown else False


def lists_unread(doc: Document, path: str | Path) -> bool:
    """Whether a file read as `doc` has a `redact` list that was not read: on lines YAML could
    not read, or dropped with a second key or a second document — more `redact` keys written
    in the file than lists read from it. Only a file YAML found fault with is read again."""
    if any(redact_like(key) for key in doc.unread):
        return True
    if not doc.flaws and not doc.unread:
        return False
    found = redact_paths(doc.data)
    if any(_replaced(value) for _, value in found):
        return True  # a string with bytes that were not UTF-8 is not the name as written
    raw = _raw(path)
    if raw is None:
        return True
    return _dropped(raw.decode("utf-8", "replace"), found)


def _dropped(text: str, found: list[tuple[KeyPath, object]]) -> bool:
    """Whether `text` writes more `redact` keys than lists were read from it (`found`): one
    dropped with a second key or a second document, or a value YAML refused (an alias, a tag),
    read as nothing."""
    return len(_KEY_LINE.findall(text)) > sum(value is not None for _, value in found)


LOOK_AGAIN_BYTES = 256 * 1024
"""How many bytes of the files evidence/ does not read as items are read again for their
`redact` lists (`read_again`), in all; `LOOK_AGAIN_FILE` a file. They are parsed in the main
process, outside the workers' limits: eight crafted files of 512 KB took a minute and 1.2 GB
(red team h151). An item is a few kilobytes (twice that in UTF-16)."""
LOOK_AGAIN_FILE = 64 * 1024


def read_again(path: str | Path, budget: list[int]) -> object | None:
    """The data of a file evidence/ holds but does not read as an item — written in UTF-16
    (Notepad's "Unicode") or UTF-32, or named so it is not read (`TM-002.YAML`,
    `TM-002.yaml.txt`) — read again only so that what its `redact` lists hold is known to the
    log, which otherwise withholds every message: one first-day mistake would hide every
    other problem's words. None when that cannot all be known: the file is too large, not
    text, not read whole by YAML (a list may be on a line it could not read), holds a
    character replaced, or `budget` (bytes still to spend, `LOOK_AGAIN_BYTES` at first) is
    spent. The file's own problems are said as before; this reading makes none."""
    raw = _raw(path)
    if raw is None or len(raw) > min(LOOK_AGAIN_FILE, budget[0]):
        return None
    budget[0] -= len(raw)
    text = any_utf(raw)
    if text is None:
        return None
    try:
        doc = read_text(*readable_str(text))
    except YamlProblem:
        return None
    if doc.flaws or doc.unread:
        return None
    if _dropped(text, redact_paths(doc.data)):
        return None
    data: object = doc.data
    return data


def _raw(path: str | Path) -> bytes | None:
    """The file's first bytes, opened as `may_redact` opens it (never a pipe or a link)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            return f.read(MAX_BYTES + 1)
    except OSError:
        return None


def _replaced(value: object) -> bool:
    """Whether a value holds U+FFFD (a byte that was not UTF-8, replaced when it was read)."""
    if isinstance(value, str):
        return "\ufffd" in value
    if isinstance(value, dict):
        return any(_replaced(k) or _replaced(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_replaced(v) for v in value)
    return False


KeyPath = tuple[str | int, ...]
_CLOSE = 0.8
"""How close a key must be to `redact` to be taken for a misspelling of it (difflib's ratio:
`redcat`, `reduct`, `rdact` are; `related`, `extract`, `reason` are not)."""
_DEPTH = 8


def redact_paths(data: object, path: KeyPath = (), depth: int = 0) -> list[tuple[KeyPath, object]]:
    """(path, value) of each key of `data`, at any depth, that is `redact` or was meant as it
    (`redact_like`): the item's list and its exhibits', and a list put where none is read
    (`witness: {redact: […]}`) or under a misspelt key (`redcat:`), which validation refuses
    but a person meant."""
    out: list[tuple[KeyPath, object]] = []
    if depth > _DEPTH:
        return out
    if isinstance(data, dict):
        for key, value in data.items():
            # Every item file is walked as it is read (10,000 files: 200,000 keys): a key seen
            # before is looked up here, without a call.
            meant = _KEYS_SEEN.get(key) if type(key) is str else None
            if meant is None:
                meant = redact_like(key)
            if meant:
                out.append(((*path, key), value))
            elif isinstance(value, (dict, list)):
                out += redact_paths(value, (*path, key), depth + 1)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, (dict, list)):
                out += redact_paths(value, (*path, i), depth + 1)
    return out


def redact_like(key: object) -> bool:
    """Whether a mapping's key is `redact`, or was meant as it: the word in it (`Redact`,
    `to_redact`, `redactions`), or a misspelling close to it (`redcat`; `_CLOSE`), with
    look-alike letters read as Latin ones and invisible characters left out; never another
    field's name (`related`)."""
    if not isinstance(key, str):
        return False
    if key == "redact":
        return True
    # The same few dozen keys recur in every file: 200,000 keys of 10,000 items took 2 s.
    meant = _KEYS_SEEN.get(key)
    if meant is None:
        meant = _redact_word(key)
        if len(key) <= _KEY_CACHED and len(_KEYS_SEEN) < _KEYS_KEPT:
            _KEYS_SEEN[key] = meant
    return meant


_KEYS_SEEN: dict[str, bool] = {}
_KEY_CACHED = 64
_KEYS_KEPT = 4096
"""The answers `redact_like` remembers: for keys up to `_KEY_CACHED` characters, the first
`_KEYS_KEPT` keys met (the fields' names, and a pull request's own keys up to that many; any
more, or longer, are worked out each time)."""


def _redact_word(key: str) -> bool:
    from inquiry.look_alikes import LOOK_ALIKES
    from inquiry.shown import unseen

    plain = unicodedata.normalize("NFKC", "".join(c for c in key if not unseen(c)))
    word = "".join(LOOK_ALIKES.get(c, c) for c in plain).casefold()
    if word in _field_names():
        return word == "redact"
    return "redact" in word or difflib.SequenceMatcher(None, word, "redact").ratio() >= _CLOSE


@functools.cache
def _field_names() -> frozenset[str]:
    """Every field name of every item kind, at any depth."""
    import typing

    from inquiry.model import ITEM_MODELS

    names: set[str] = set()
    models: list[Any] = list(ITEM_MODELS.values())
    seen: set[Any] = set()
    while models:
        model = models.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in getattr(model, "model_fields", {}).items():
            names.add(name)
            pending = [info.annotation]
            while pending:
                kind = pending.pop()
                if hasattr(kind, "model_fields"):
                    models.append(kind)
                pending += list(typing.get_args(kind))
    return frozenset(names)


def lists_not_read(root: Path, problems: list[Problem]) -> list[str]:
    """The files evidence/ holds but does not read (`file-not-read`: `TM-002.YAML`, a
    `.drafts/` folder) that may hold a `redact` list; each one found to hold the word is made
    an error in `problems` (`not_read_with_list`: the public edition would not apply its
    list), but an editor's own file (`editors_file`). An old copy of submission.yaml holds
    `redaction_codes`, no list: it is not one of them."""
    out = []
    for k, problem in enumerate(problems):
        name = problem.file.rsplit("/", 1)[-1]
        if problem.code != "file-not-read" or name.startswith("submission."):
            continue
        found = holds_word(root / problem.file)
        if found is False:
            continue
        out.append(problem.file)  # the log cannot know what it redacts, whatever it is
        if found and not editors_file(problem.file):
            problems[k] = not_read_with_list(problem)
    return out


def not_read_with_list(problem: Problem) -> Problem:
    """A `file-not-read` warning made an error: the file (or folder) may hold a `redact` list,
    which the public edition would not apply (a public item naming that witness would be built
    with the name)."""
    return dataclasses.replace(
        problem,
        severity="error",
        message=f"{problem.message}; it holds the word `redact`, and a list there would not "
        "be applied to the public edition",
        hint=f"{problem.hint}; move any `redact` entries into the item they belong to"
        if problem.hint
        else "move any `redact` entries into the item they belong to",
    )


_EDITORS = re.compile(r"(?:^\.#|^\._|^\.~lock\.|\.sw[a-p]$|~$|\.(?:bak|orig|tmp)$)")
"""An editor's own file (vim's swap, emacs's lock, macOS's resource fork, LibreOffice's lock, a
backup): kept in evidence/ while a person edits, never committed as an item."""


def editors_file(file: str) -> bool:
    """Whether `file` (a path) is an editor's own file (`_EDITORS`), which a `redact` list in it
    does not make an error: it is the item being edited, not a list left out."""
    return bool(_EDITORS.search(file.rsplit("/", 1)[-1]))
