"""A served record's entries checked one by one, each problem at the key or value at fault.

`parse_record` (in `inquiry.served_record`) reads a record or a manifest and needs every entry
shaped like one: `id` and `number` strings, `first_page` and `last_page` page numbers, exhibits
likewise. `shape_problems` says what is wrong with each entry that is not — the key missing, a
value of the wrong type, a page below 1, a range reversed — all of them, each with the path of
the value at fault. `record_problems` adds what a served record a build numbers from must also
hold to: ids that are item ids, an item's exhibits on pages of their own, the front matter's
lines of inquiry and the tabs covering its items. `locate` turns a path into the line and
column of the record's text where that value starts, so a problem is reported where the hand
edit was made.
"""

from __future__ import annotations

import contextlib
import itertools
import json.decoder
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from inquiry.model.types import FULL_DATE_PATTERN

Path = tuple[str | int, ...]
"""Where a value is in the manifest: keys and list indexes (`("items", 1, "first_page")`)."""

ITEM_ID = re.compile(r"[A-Z]{2,5}-[0-9]{3,}")
_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")
_SHOWN = 40


def shape_problems(manifest: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """Every entry of `items` and `retired` (and each exhibit of one) that is not an entry:
    the path of the value at fault (the entry's own, for a missing key) and why."""
    out: list[tuple[Path, str]] = []
    for where in ("items", "retired"):
        entries = manifest.get(where, [])
        if not isinstance(entries, list):
            out.append(((where,), f"`{where}` must be a list of entries, not {kind_of(entries)}"))
            continue
        for i, entry in enumerate(entries):
            here: Path = (where, i)
            out += _entry(here, entry, ("id", "number"))
            if not isinstance(entry, dict):
                continue
            exhibits = entry.get("exhibits", [])
            if not isinstance(exhibits, list):
                out.append(
                    (
                        (*here, "exhibits"),
                        f"`{_dotted((*here, 'exhibits'))}` must be a list of exhibits (`file`, "
                        f"`first_page`, `last_page`), not {kind_of(exhibits)}",
                    )
                )
                continue
            for k, exhibit in enumerate(exhibits):
                out += _entry((*here, "exhibits", k), exhibit, ("file",))
    return out


def _entry(here: Path, entry: Any, names: Sequence[str]) -> list[tuple[Path, str]]:
    """Why `entry` (at `here`) is not an object with string `names` and a page range."""
    name = f"`{_dotted(here)}`"
    keys = (*names, "first_page", "last_page")
    needs = ", ".join(f"`{k}`" for k in keys[:-1]) + f" and `{keys[-1]}`"
    if not isinstance(entry, dict):
        return [(here, f"{name} must be an object with {needs}, not {kind_of(entry)}")]
    out: list[tuple[Path, str]] = []
    missing = [f"`{k}`" for k in keys if k not in entry]
    if missing:
        lacks = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "") + missing[-1]
        out.append((here, f"{name} needs {needs}; it has no {lacks}"))
    for key in keys:
        at = (*here, key)
        if key not in entry:
            continue
        value = entry[key]
        if key in names:
            if not isinstance(value, str):
                out.append((at, f"`{_dotted(at)}` must be a string, not {kind_of(value)}"))
        elif not isinstance(value, int) or isinstance(value, bool):
            out.append((at, f"`{_dotted(at)}` must be a page number, not {kind_of(value)}"))
        elif value < 1:
            out.append((at, f"`{_dotted(at)}` is {value:,}: pages are numbered from 1"))
    if not out and entry["first_page"] > entry["last_page"]:
        first, last = entry["first_page"], entry["last_page"]
        out.append(
            (
                (*here, "first_page"),
                f"{name} has `first_page` {first:,} after `last_page` {last:,}: its range is "
                "reversed",
            )
        )
    return out


def record_problems(manifest: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """What a served record (shaped as `shape_problems` wants) must hold to besides its
    numbers and pages (`placement_problem`): each id an item id (`SF-001`; a build shows it
    on withdrawn pages and names a page of the HTML edition after it); an item's exhibits each
    on pages of their own; every tab an item is served under in `bundle.tabs`, when the
    record says which; `bundle.lines_of_inquiry` a list of ids, none twice."""
    out: list[tuple[Path, str]] = []
    for where, i, entry in _entries(manifest):
        if not ITEM_ID.fullmatch(entry["id"]):
            out.append(
                (
                    (where, i, "id"),
                    f"`{where}[{i}].id` is `{_text(entry['id'])}`, not an item id (like SF-001)",
                )
            )
        exhibits = sorted(
            (e["first_page"], e["last_page"], k) for k, e in enumerate(entry.get("exhibits", []))
        )
        for (a, b, k), (c, d, m) in itertools.pairwise(exhibits):
            if c <= b:
                (x, one), (y, two) = sorted([(k, page_span(a, b)), (m, page_span(c, d))])
                out.append(
                    (
                        (where, i, "exhibits", m, "first_page"),
                        f"`{where}[{i}]` ({_text(entry['id'])}) has exhibits {x + 1} and {y + 1} "
                        f"sharing a page (at {one} and {two}): each exhibit has pages of its own",
                    )
                )
    bundle = manifest["bundle"]
    tabs = bundle.get("tabs")
    if isinstance(tabs, dict):
        for i, item in enumerate(manifest["items"]):
            if isinstance(item.get("tab"), str) and item["tab"] not in tabs:
                out.append(
                    (
                        ("items", i, "tab"),
                        f"`items[{i}]` ({_text(item['id'])}) is served under tab "
                        f"{_text(item['tab'])}, which `bundle.tabs` does not have",
                    )
                )
    elif tabs is not None:
        out.append(
            (("bundle", "tabs"), f"`bundle.tabs` must map letters to titles, not {kind_of(tabs)}")
        )
    out += _lines_problems(manifest)
    return out


def _lines_problems(manifest: Mapping[str, Any]) -> list[tuple[Path, str]]:
    bundle = manifest["bundle"]
    lines = bundle.get("lines_of_inquiry")
    if lines is None:
        return []  # a record from before the front matter's lines were recorded
    at: Path = ("bundle", "lines_of_inquiry")
    if not (isinstance(lines, list) and all(isinstance(x, str) for x in lines)):
        return [(at, "`bundle.lines_of_inquiry` must be a list of line of inquiry ids")]
    if len(set(lines)) != len(lines):
        return [(at, "`bundle.lines_of_inquiry` names a line of inquiry twice")]
    # A line an item bears on may be missing from the list (a record the previous version of
    # inquiry wrote when a line was added since serving, which it listed nowhere): it is not a
    # fault of the record, and the build lists the line in a supplementary index.
    return []


def built_problems(manifest: Mapping[str, Any]) -> list[str]:
    """What a manifest as `inquiry build` writes it holds besides entries (`shape_problems`):
    supplementary indexes as page ranges, tab titles as strings, and the flags that say an
    item's source or an exhibit was hashed as redacted as true or false, never true in the
    restricted edition (which redacts nothing). `serve` checks the manifest it records."""
    out: list[str] = []
    bundle = manifest["bundle"]
    ranges = bundle.get("supplement_pages", [])
    if not isinstance(ranges, list) or not all(
        isinstance(r, list)
        and len(r) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in r)
        and r[0] <= r[1]
        for r in ranges
    ):
        out.append("`bundle.supplement_pages` must be a list of page ranges ([first, last])")
    tabs = bundle.get("tabs", {})
    if not isinstance(tabs, dict) or not all(isinstance(t, str) for t in tabs.values()):
        out.append("`bundle.tabs` must map each letter to its title")
    restricted = bundle.get("audience") == "restricted"
    for where, i, entry in _entries(manifest):
        flags = [("source_redacted", entry.get("source_redacted"))] + [
            ("redacted", e.get("redacted")) for e in entry.get("exhibits", [])
        ]
        for name, flag in flags:
            if flag is not None and not isinstance(flag, bool):
                out.append(f"`{where}[{i}]`: `{name}` must be true or false")
            elif flag and restricted:
                out.append(
                    f"`{where}[{i}]`: `{name}` in the restricted edition, which redacts nothing"
                )
    return out


def _entries(manifest: Mapping[str, Any]) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    for where in ("items", "retired"):
        for i, entry in enumerate(manifest.get(where, [])):
            yield where, i, entry


def locate(text: str, paths: Sequence[Path]) -> list[tuple[int, int]]:
    """The line and column (1-based) where the value at each of `paths` starts in the JSON
    `text` (already parsed without error); of the nearest value above it, when it is not
    there. One walk of the text, however many paths."""
    wanted = {path[:depth] for path in paths for depth in range(len(path) + 1)}
    offsets: dict[Path, int] = {}
    with contextlib.suppress(IndexError, ValueError, RecursionError):  # not JSON: the start
        _walk(text, _skip(text, 0), (), offsets, wanted)
    out = []
    for path in paths:
        offset = next(
            (offsets[path[:d]] for d in range(len(path), -1, -1) if path[:d] in offsets), 0
        )
        line = text.count("\n", 0, offset) + 1
        out.append((line, offset - (text.rfind("\n", 0, offset) + 1) + 1))
    return out


def _walk(text: str, pos: int, here: Path, out: dict[Path, int], wanted: set[Path]) -> int:
    """Walk the value starting at `pos`; record where each value `wanted` starts; return the
    offset just past it. (A later duplicate key wins, as in `json`.)"""
    if here in wanted:
        out[here] = pos
    c = text[pos]
    if c in "{[":
        close, index = ("}" if c == "{" else "]"), 0
        pos = _skip(text, pos + 1)
        if text[pos] == close:
            return pos + 1
        while True:
            step: str | int = index
            if c == "{":
                step, pos = _scanstring(text, pos + 1)
                pos = _skip(text, _skip(text, pos) + 1)  # past the colon
            pos = _skip(text, _walk(text, pos, (*here, step), out, wanted))
            index += 1
            if text[pos] != ",":
                return pos + 1
            pos = _skip(text, pos + 1)
    if c == '"':
        return _scanstring(text, pos + 1)[1]
    scalar = _SCALAR.match(text, pos)
    if scalar is None:
        raise ValueError(pos)
    return scalar.end()


def _scanstring(text: str, end: int) -> tuple[str, int]:
    """The JSON string whose body starts at `end` (past its quote), and the offset after it."""
    value, after = json.decoder.scanstring(text, end)  # type: ignore[attr-defined]
    return str(value), int(after)


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _dotted(path: Path) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def kind_of(value: object) -> str:
    """A value as a message names what it is: `the string "8"`, `a list`, `null`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'the string "{_text(value)}"'
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return _text(value)


def _text(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


_DAY = re.compile(FULL_DATE_PATTERN)
_HEX = frozenset("0123456789abcdef")


def is_sha256(value: object) -> bool:
    """Whether `value` is a SHA-256 as a manifest writes it: 64 lowercase hex digits."""
    return isinstance(value, str) and len(value) == 64 and all(c in _HEX for c in value)


def history_problems(record: Mapping[str, Any]) -> list[tuple[Path, str]]:
    """What is wrong with a served record's own keys, as `inquiry serve` writes them, each at
    the value at fault: `served` the date it was served (YYYY-MM-DD); `history` a list of the
    editions served before, each with the date it was served (null when the record it came
    from, a bare manifest, had none) and its file's SHA-256 (which
    `inquiry verify` matches a received copy against). A manifest (no `manifest`) has neither.
    Red team h170: a `history` entry of the wrong shape passed `validate`, `build` and `serve`,
    which carried it into the next record, and only `verify` refused it."""
    if "manifest" not in record:
        return []
    out: list[tuple[Path, str]] = []
    if "served" not in record:
        out.append(((), "it has no `served`, the date the record was served"))
    elif not isinstance(record["served"], str):
        said = f"not {kind_of(record['served'])}"
        out.append((("served",), f"`served` must be the date the record was served, {said}"))
    elif not _DAY.fullmatch(record["served"]):
        said = f"not `{_text(record['served'])}`"
        out.append((("served",), f"`served` must be the date the record was served, {said}"))
    history = record.get("history", [])
    if not isinstance(history, list):
        said = f"not {kind_of(history)}"
        out.append(
            (("history",), f"`history` must be a list of the editions served before, {said}")
        )
        return out
    for i, entry in enumerate(history):
        if not (isinstance(entry, Mapping) and is_sha256(entry.get("sha256"))):
            said = "with its file's `sha256`"
            out.append((("history", i), f"`history[{i}]` must be an edition served before, {said}"))
        elif (served := entry.get("served")) is not None and not (
            isinstance(served, str) and _DAY.fullmatch(served)
        ):
            # None: an edition whose record was a bare manifest (`serve` knew no date for it).
            out.append(
                (
                    ("history", i, "served"),
                    f"`history[{i}].served` must be the date it was served",
                )
            )
    return out


def page_span(first: int, last: int) -> str:
    """`page 4` or `pages 4–6`, as messages name a range."""
    return f"page {first:,}" if first == last else f"pages {first:,}–{last:,}"


__all__ = [
    "ITEM_ID",
    "Path",
    "history_problems",
    "is_sha256",
    "kind_of",
    "locate",
    "page_span",
    "record_problems",
    "shape_problems",
]
