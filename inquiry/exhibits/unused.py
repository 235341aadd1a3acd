"""Resources a page never draws, dropped: in an edition that redacts, what is not shown goes.

A page's resource dictionary may hold an image, a form or a font that nothing on the page draws:
an editor "deleting" a signature often removes only the operator that painted it, and the
picture stays in the file for any tool to take out. A search of the page (its text, its
pictures as rendered) cannot see it, so in an edition that redacts each page keeps only the
resources its content names — images and forms (`Do`), fonts (`Tf`), patterns (`scn`),
shadings (`sh`), graphics states (`gs`, with their soft masks), marked-content properties — and
so does each form, tiling pattern, soft mask and Type 3 font it draws, however deep. A content
stream qpdf cannot parse keeps its resources (the search of the exhibit's objects still looks in
them). Colour spaces are kept: they draw nothing.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pikepdf

from inquiry.exhibits.syntax_check import ContentKey, content_key
from inquiry.pagehash_values import name_text

FILTERED = ("/XObject", "/Font", "/Pattern", "/Shading", "/ExtGState", "/Properties")
"""The kinds of resource dropped when unused."""
_OPERAND = {
    "Do": ("/XObject", 0),
    "Tf": ("/Font", 0),
    "sh": ("/Shading", 0),
    "gs": ("/ExtGState", 0),
    "scn": ("/Pattern", -1),
    "SCN": ("/Pattern", -1),
    "BDC": ("/Properties", 1),
    "DP": ("/Properties", 1),
}
"""Each operator that draws with a resource: its kind, and which operand names it."""
_MAX_DEPTH = 32


@dataclass
class _Walk:
    """What one pass over a PDF has done: the numbered objects already pruned, and what each
    page content read says — pages drawing the same streams (one stream of 200,000 operators
    shared by 80 pages, red team h110) are read once, not once a page."""

    done: set[tuple[int, int]] = field(default_factory=set)
    named: dict[tuple[ContentKey, tuple[bytes, ...]], bool] = field(default_factory=dict)
    used: dict[ContentKey, dict[str, set[str]] | None] = field(default_factory=dict)


def drop_unused(pdf: pikepdf.Pdf) -> None:
    """Remove from every page of `pdf`, and from everything it draws, the resources nothing
    draws (see the module's note). Pages sharing a resource dictionary each get their own."""
    walk = _Walk()
    for page in pdf.pages:
        _prune(page.obj, [page.obj.get("/Contents")], walk, 0, content_key(page.obj))


def _prune(
    holder: pikepdf.Object,
    contents: Sequence[object],
    walk: _Walk,
    depth: int,
    key: ContentKey | None = None,
) -> None:
    """Keep in `holder`'s /Resources only what `contents` (its content streams, known by `key`
    when they are a page's) use, then the same inside each thing they draw."""
    resources = holder.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary) or depth > _MAX_DEPTH:
        return
    if _all_named(resources, contents, walk, key):
        kept = resources  # nothing to drop here (the usual page): only what it draws is pruned
    else:
        used = _used_once(contents, walk, key)
        if used is None or not _borrowed(resources, used, depth):
            return  # unparseable: kept as it is
        kept = _kept(holder, resources, used)
    for kind in FILTERED:
        entries = kept.get(kind)
        if isinstance(entries, pikepdf.Dictionary):
            for value in entries.values():
                _descend(value, walk, depth + 1)


def _kept(
    holder: pikepdf.Object, resources: pikepdf.Dictionary, used: dict[str, set[str]]
) -> pikepdf.Dictionary:
    """`holder`'s resources narrowed to those `used`, as a dictionary of its own."""
    kept = _dictionary(resources.items())
    for kind in FILTERED:
        entries = resources.get(kind)
        if not isinstance(entries, pikepdf.Dictionary):
            continue
        names = used.get(kind, set())
        kept[kind] = _dictionary((k, v) for k, v in entries.items() if k in names)
    holder.Resources = kept
    return kept


def _dictionary(items: Iterable[tuple[str, pikepdf.Object]]) -> pikepdf.Dictionary:
    """A dictionary of `items`, entry by entry: a key whose name is not UTF-8 (`/F#E9`, its
    byte kept as a surrogate) cannot be passed to pikepdf.Dictionary in a Python dict."""
    out = pikepdf.Dictionary()
    for key, value in items:
        out[key] = value
    return out


_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)
_DELIMITER = rb"(?![^\s/\[\]()<>{}%])"
_INLINE_IMAGE = re.compile(rb"(?:^|\s)ID(?:\s|$)")


def _used_once(
    contents: Sequence[object], walk: _Walk, key: ContentKey | None
) -> dict[str, set[str]] | None:
    """`_used(contents)`, read once for each page content (a copy: the caller adds to it)."""
    if key is None:
        return _used(contents)
    if key not in walk.used:
        walk.used[key] = _used(contents)
    found = walk.used[key]
    return None if found is None else {kind: set(names) for kind, names in found.items()}


def _all_named(
    resources: pikepdf.Dictionary,
    contents: Sequence[object],
    walk: _Walk,
    key: ContentKey | None,
) -> bool:
    """Whether every resource that could be dropped is named, as a token outside the strings,
    in `contents`: then parsing them (a tenth of a millisecond a page) would drop nothing. A
    content stream with an inline image, a string within a string or a stream that cannot be
    read says no, and is parsed. The answer for a page content (`key`) and the same names is
    remembered in `walk`."""
    names = [
        str(name).encode("latin-1", "replace")
        for kind in FILTERED
        if isinstance(entries := resources.get(kind), pikepdf.Dictionary)
        for name in entries.keys()  # noqa: SIM118 (a pikepdf Dictionary)
    ]
    if not names:
        return True
    if len(set(names)) != len(names):
        return False  # a name two kinds share (an image /F1 beside a font /F1): parsed
    if key is None:
        return _named_in(names, contents)
    memo = (key, tuple(sorted(names)))
    if memo not in walk.named:
        walk.named[memo] = _named_in(names, contents)
    return walk.named[memo]


def _named_in(names: list[bytes], contents: Sequence[object]) -> bool:
    """Whether each of `names` is a token outside the strings of `contents` (no when they hold
    what the strings leave unclear, or cannot be read)."""
    data = []
    for stream in contents:
        for one in stream if isinstance(stream, pikepdf.Array) else [stream]:
            if isinstance(one, pikepdf.Stream):
                try:
                    data.append(one.read_bytes())
                except pikepdf.PikepdfError:
                    return False
    text = _STRING.sub(b" ", b"\n".join(data))
    if b"(" in text or b")" in text or b"%" in text or _INLINE_IMAGE.search(text):
        return False  # a comment (`% /Im1 Do`) or what the strings left unclear: parsed
    return all(re.search(re.escape(name) + _DELIMITER, text) for name in names)


def _descend(obj: object, walk: _Walk, depth: int) -> None:
    """Prune inside a used resource that has content of its own: a form, a tiling pattern, a
    Type 3 font, a graphics state's soft mask. Each indirect object once. An entry that is not
    a dictionary or stream (`/G0 5`, `null`: as PDF reads it, absent) holds nothing to prune."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    if obj.is_indirect:
        if obj.objgen in walk.done:
            return
        walk.done.add(obj.objgen)
    if isinstance(obj, pikepdf.Stream):
        if obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1:
            _prune(obj, [obj], walk, depth)
    elif isinstance(obj, pikepdf.Dictionary):
        if obj.get("/Subtype") == pikepdf.Name.Type3:
            procs = obj.get("/CharProcs")
            streams = list(procs.values()) if isinstance(procs, pikepdf.Dictionary) else []
            _prune(obj, streams, walk, depth)
        mask = obj.get("/SMask")
        if isinstance(mask, pikepdf.Dictionary) and isinstance(mask.get("/G"), pikepdf.Stream):
            _descend(mask.G, walk, depth + 1)


def _borrowed(resources: pikepdf.Dictionary, used: dict[str, set[str]], depth: int) -> bool:
    """Add to `used` what the forms and Type 3 fonts it names use of `resources` because they
    have none of their own (older files do so); False when one cannot be parsed."""
    for kind, key, subtype in (("/XObject", None, "/Form"), ("/Font", "/CharProcs", "/Type3")):
        entries = resources.get(kind)
        if not isinstance(entries, pikepdf.Dictionary) or depth > _MAX_DEPTH:
            continue
        for name in sorted(used.get(kind, set())):
            # Not .get(): it refuses a key whose name is not UTF-8 (its bytes as surrogates).
            obj = entries[name] if name in entries else None  # noqa: SIM401
            if obj is None or obj.get("/Subtype") != subtype or "/Resources" in obj:
                continue
            procs = obj.get(key) if key else None
            streams = list(procs.values()) if isinstance(procs, pikepdf.Dictionary) else [obj]
            more = _used(streams)
            if more is None:
                return False
            fresh = {k: v - used.get(k, set()) for k, v in more.items()}
            for k, v in fresh.items():
                used.setdefault(k, set()).update(v)
            if any(fresh.values()) and not _borrowed(resources, used, depth + 1):
                return False
    return True


def _used(contents: Sequence[object]) -> dict[str, set[str]] | None:
    """The resource names each kind of resource is used by in `contents`; None when one cannot
    be parsed."""
    used: dict[str, set[str]] = {}
    for stream in contents:
        streams = stream if isinstance(stream, pikepdf.Array) else [stream]
        for one in streams:
            if not isinstance(one, pikepdf.Stream):
                continue
            try:
                instructions = pikepdf.parse_content_stream(one)
            except pikepdf.PikepdfError:
                return None
            for instruction in instructions:
                operands = instruction.operands
                found = _OPERAND.get(name_text(instruction.operator))
                if found is None or not operands:
                    continue
                kind, at = found
                with contextlib.suppress(IndexError):
                    name = operands[at]
                    if isinstance(name, pikepdf.Name):
                        used.setdefault(kind, set()).add(name_text(name))
    return used


__all__ = ["FILTERED", "drop_unused"]
