"""What changed between two editions of a bundle, by item and by page.

`diff` compares two manifests (or served records): items added, removed, changed (which fields)
and moved (old → new pages), the bundle's own fields that changed, and for every old page the new
page that shows the same thing. Editors see it in a pull request's job summary (`render_markdown`);
tools read `render_json`; people read `render_text`.

What a source names is read by `inquiry.diff_sources.load_source`. Manifests made before a
field existed are read with that field unknown: it is never reported as changed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inquiry.served_record import manifest_of

FIELDS = (
    "title",
    "kind",
    "lines_of_inquiry",
    "item_file",
    "redactions",
    "exhibits",
    "number",
    "tab",
    "status",
    "cites",
)
"""The item fields a change is reported in, in this order. `cites`: the pinpoints and related
items' numbers its pages show, which change when a cited item is reissued, though the citing
item's own file did not (a served page that reads differently is never passed over).
`redactions`: whether its text, and each exhibit, is redacted (a redaction removed, or added,
which `item_file` alone does not tell an editor)."""

_BUNDLE_FIELDS = (
    "title",
    "inquiry",
    "submitted_by",
    "tabs",
    "line_titles",
    "audience",
    "pages",
    "front_pages",
)


@dataclass(frozen=True)
class Moved:
    """An item on different pages: `old` and `new` are (first_page, last_page)."""

    id: str
    old: tuple[int, int]
    new: tuple[int, int]


@dataclass(frozen=True)
class Diff:
    """Differences from an old edition to a new one; `page_map[p - 1]` is where old page p went
    (None for a page whose content is gone)."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: dict[str, tuple[str, ...]]
    moved: tuple[Moved, ...]
    bundle: tuple[str, ...]
    page_map: tuple[int | None, ...]
    old: Mapping[str, Any] = field(repr=False, compare=False)
    new: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def empty(self) -> bool:
        """No item or bundle field differs (the page map may still be shown)."""
        return not (self.added or self.removed or self.changed or self.moved or self.bundle)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """Compare two manifests or served records (either shape, either side)."""
    a, b = manifest_of(old), manifest_of(new)
    olds, news = _by_id(a["items"]), _by_id(b["items"])
    changed = {}
    moved = []
    for id_, before in olds.items():
        after = news.get(id_)
        if after is None:
            continue
        fields = tuple(f for f in FIELDS if _differs(before, after, f))
        if fields:
            changed[id_] = fields
        if _span(before) != _span(after):
            moved.append(Moved(id_, _span(before), _span(after)))
    bundle = tuple(f for f in _BUNDLE_FIELDS if _known_differs(a["bundle"], b["bundle"], f))
    return Diff(
        added=tuple(i for i in news if i not in olds),
        removed=tuple(i for i in olds if i not in news),
        changed=changed,
        moved=tuple(moved),
        bundle=bundle,
        page_map=_page_map(a, b),
        old=a,
        new=b,
    )


def _by_id(items: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {i["id"]: i for i in items}


def _span(item: Mapping[str, Any]) -> tuple[int, int]:
    return (item["first_page"], item["last_page"])


def _known_differs(a: Mapping[str, Any], b: Mapping[str, Any], key: str) -> bool:
    return key in a and key in b and a[key] != b[key]


def _differs(a: Mapping[str, Any], b: Mapping[str, Any], name: str) -> bool:
    if name == "item_file":  # the YAML file, by `source_sha256` (not its `source:` field)
        return _known_differs(a, b, "source_sha256")
    if name == "redactions":
        return _flags(a) != _flags(b)
    if name == "exhibits":
        if "exhibits" not in a or "exhibits" not in b:
            return False
        return _exhibit_files(a) != _exhibit_files(b)
    return _known_differs(a, b, name)


def _flags(item: Mapping[str, Any]) -> tuple[bool, frozenset[str]]:
    """Whether its text is redacted, and which exhibits (by file) are."""
    exhibits = item.get("exhibits") or []
    files = frozenset(str(e.get("file")) for e in exhibits if e.get("redacted") is True)
    return item.get("source_redacted") is True, files


def _exhibit_files(item: Mapping[str, Any]) -> list[tuple[Any, Any]]:
    return [(e.get("file"), e.get("sha256")) for e in item["exhibits"]]


def _front(manifest: Mapping[str, Any]) -> int:
    """The last page of the front matter: as recorded, else the page before the first item."""
    front = manifest["bundle"].get("front_pages")
    if isinstance(front, list) and len(front) == 2 and isinstance(front[1], int):
        return front[1]
    firsts = [i["first_page"] for i in [*manifest["items"], *manifest.get("retired", [])]]
    return min(firsts, default=_pages(manifest) + 1) - 1


def _runs(manifest: Mapping[str, Any]) -> list[tuple[int, int]]:
    runs = manifest["bundle"].get("supplement_pages")
    if not isinstance(runs, list):
        return []
    ok = [r for r in runs if isinstance(r, list) and len(r) == 2]
    return [(r[0], r[1]) for r in ok if all(isinstance(p, int) for p in r)]


def _pages(manifest: Mapping[str, Any]) -> int:
    pages = manifest["bundle"].get("pages")
    if isinstance(pages, int):
        return pages
    return max((i["last_page"] for i in manifest["items"]), default=0)


def _segments(item: Mapping[str, Any]) -> Iterator[tuple[object, int, int]]:
    """An item's pages in parts that keep their content: its own pages, then each exhibit
    (known by its bytes' hash, so a renamed file keeps its pages)."""
    exhibits = item.get("exhibits") or []
    own_last = min((e["first_page"] for e in exhibits), default=item["last_page"] + 1) - 1
    yield ("own",), item["first_page"], own_last
    seen: dict[object, int] = {}
    for e in exhibits:
        # The same bytes show the same pages, whatever the file is called now.
        sha = e.get("sha256")
        key = sha if isinstance(sha, str) and sha else (e["file"], sha)
        seen[key] = seen.get(key, 0) + 1
        yield ("exhibit", key, seen[key]), e["first_page"], e["last_page"]


def _redacted(item: Mapping[str, Any], other: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The exhibits of `item`, if any of its or of `other` (the same item in the other
    edition) was redacted; else none: they are known by their bytes."""
    exhibits = list(item.get("exhibits") or [])
    both = [*exhibits, *(other.get("exhibits") or [])]
    return exhibits if any(e.get("redacted") is True for e in both) else []


def _page_map(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[int | None, ...]:
    """For each old page, the new page showing the same thing, or None."""
    old_pages, new_pages = _pages(a), _pages(b)
    mapped: list[int | None] = [None] * old_pages

    def place(first: int, last: int, new_first: int, new_last: int) -> None:
        for p in range(max(first, 1), min(last, old_pages) + 1):
            q = new_first + (p - first)
            mapped[p - 1] = q if q <= min(new_last, new_pages) else None

    front = min(_front(a), _front(b))
    place(1, front, 1, front)
    # The pages that introduce supplementary items (their heading and index), run by run.
    for (first, last), (new_first, new_last) in zip(_runs(a), _runs(b), strict=False):
        place(first, last, new_first, new_last)
    news = _by_id(b["items"])
    for item in a["items"]:
        after = news.get(item["id"])
        if after is None:
            continue
        targets = {key: (first, last) for key, first, last in _segments(after)}
        # An exhibit redacted (in either edition) is known by its file: its bytes as prepared
        # change with the redactions, yet its pages show the same document.
        old, new = _redacted(item, after), _redacted(after, item)
        files = {e.get("file"): (e["first_page"], e["last_page"]) for e in new}
        named = {(e["first_page"], e["last_page"]): e.get("file") for e in old}
        for key, first, last in _segments(item):
            if key in targets:
                place(first, last, *targets[key])
            elif named.get((first, last)) in files:
                place(first, last, *files[named[(first, last)]])
    # Withdrawn and superseded pages that stay where they were show the same mark.
    retired = {(r["id"], r["number"]): r for r in b.get("retired", [])}
    for gone in a.get("retired", []):
        now = retired.get((gone["id"], gone["number"]))
        if now is not None:
            place(gone["first_page"], gone["last_page"], now["first_page"], now["last_page"])
    return tuple(mapped)


def page_ranges(
    page_map: Sequence[int | None],
) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """The page map as runs: ((old_first, old_last), (new_first, new_last) or None)."""
    runs: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    for p, q in enumerate(page_map, 1):
        if runs:
            (first, _), target = runs[-1]
            if target is None and q is None:
                runs[-1] = ((first, p), None)
                continue
            if target is not None and q == target[1] + 1:
                runs[-1] = ((first, p), (target[0], q))
                continue
        runs.append(((p, p), None if q is None else (q, q)))
    return runs


def render_json(d: Diff) -> str:
    """SPEC's shape (`added`, `removed`, `changed`, `moved`), plus `fields`, `bundle` and
    `page_map` (runs of old pages and where they went)."""
    out = {
        "added": list(d.added),
        "removed": list(d.removed),
        "changed": list(d.changed),
        "moved": [{"id": m.id, "old": list(m.old), "new": list(m.new)} for m in d.moved],
        "fields": {k: list(v) for k, v in d.changed.items()},
        "bundle": list(d.bundle),
        "page_map": [
            {"old": list(old), "new": None if new is None else list(new)}
            for old, new in page_ranges(d.page_map)
        ],
    }
    # ASCII: an id from a pull request may hold a lone surrogate, which no output can encode;
    # and no `##[`, which a CI runner takes for a command (the same text to a JSON reader).
    return json.dumps(out, indent=2, ensure_ascii=True).replace("##[", "#\\u0023[")


def _pages_text(span: tuple[int, int]) -> str:
    first, last = span
    return f"page {first}" if first == last else f"pages {first}–{last}"


def _range(span: tuple[int, int] | None) -> str:
    if span is None:  # the pages may still be there (withdrawn, blank, another file)
        return "content gone"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _counts(d: Diff) -> str:
    parts = [
        f"{len(d.added)} added",
        f"{len(d.removed)} removed",
        f"{len(d.changed)} changed",
        f"{len(d.moved)} moved",
    ]
    return ", ".join(parts)


def _bundle_changes(d: Diff) -> list[tuple[str, str, str]]:
    """Each bundle field that changed (not `pages`: the counts line says them), as (name,
    before, after); a tab's title by its letter (`tab B`), a tab added or gone as `—`."""
    out = []
    for name in (f for f in d.bundle if f != "pages"):
        before, after = d.old["bundle"][name], d.new["bundle"][name]
        if name in ("tabs", "line_titles") and isinstance(before, dict) and isinstance(after, dict):
            label = "tab" if name == "tabs" else "line of inquiry"
            for key in sorted(set(before) | set(after)):
                if before.get(key) != after.get(key):
                    was, now = (str(t.get(key, "—")) for t in (before, after))
                    out.append((f"{label} {printable(str(key))}", was, now))
        else:
            out.append((name, str(before), str(after)))
    return out


def render_text(d: Diff, redact: Callable[[str], str] = str) -> str:
    """A few lines for people: each difference, then the page map as runs. `redact` is applied
    to every title and bundle field printed (a public diff must not print a redacted name
    that an older manifest still holds)."""
    if d.empty:
        return "No changes to the bundle"
    olds, news = _by_id(d.old["items"]), _by_id(d.new["items"])
    lines = [f"Bundle: {_pages(d.old)} → {_pages(d.new)} pages; {_counts(d)}"]
    for name, before, after in _bundle_changes(d):
        lines.append(f"bundle {name}: {redact(before)!r} → {redact(after)!r}")
    for id_ in d.added:
        item = news[id_]
        lines.append(
            f"added    {printable(str(item['number']))} {printable(id_)} "
            f"{redact(str(item.get('title', '')))!r}, "
            f"{_pages_text(_span(item))}"
        )
    for id_ in d.removed:
        item = olds[id_]
        lines.append(
            f"removed  {printable(str(item['number']))} {printable(id_)} "
            f"{redact(str(item.get('title', '')))!r}, "
            f"was {_pages_text(_span(item))}"
        )
    for id_, fields in d.changed.items():
        said = ", ".join(_field(f, olds[id_], news[id_]) for f in fields)
        lines.append(f"changed  {id_number(olds, news, id_)} {printable(id_)}: {said}")
    for m in d.moved:
        lines.append(
            f"moved    {id_number(olds, news, m.id)} {printable(m.id)}: "
            f"{_pages_text(m.old)} → {_pages_text(m.new)}"
        )
    runs = page_ranges(d.page_map)
    lines.append("pages: " + "; ".join(f"{_range(o)} → {_range(n)}" for o, n in runs))
    return "\n".join(lines)


def _field(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """A changed field's name; for `cites`, with the pinpoints and numbers that went and came
    (`cites [C1/6] → [C2/11]`)."""
    if name != "cites":
        return name
    was, now = (set(map(str, i["cites"])) for i in (before, after))
    gone, came = (", ".join(f"[{printable(c)}]" for c in sorted(x)) for x in (was - now, now - was))
    return f"cites {gone or '—'} → {came or '—'}"


def id_number(olds: Mapping[str, Any], news: Mapping[str, Any], id_: str) -> str:
    """An item's number, as `B3 → B7` when it changed (escaped as `printable`)."""
    a, b = (printable(str(n)) for n in (olds[id_]["number"], news[id_]["number"]))
    return a if a == b else f"{a} → {b}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#<>!~])")


def _md(text: object) -> str:
    """Text from a pull request, made inert in a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(str(text).split())))


_UNSEEN = frozenset({"Cc", "Cf", "Cs"})


def printable(text: str) -> str:
    """`text` with each control or format character (ESC, a bidirectional override) and each
    lone surrogate written as its escape (`\\x1b`, `\\u202e`): a title or id from a pull
    request cannot move the terminal's cursor, reorder a job summary, or stop the output."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _UNSEEN else c for c in text)


def _escape(c: str) -> str:
    code = ord(c)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def render_markdown(d: Diff, redact: Callable[[str], str] = str) -> str:
    """A GitHub job summary: heading, counts, a table per kind of difference (`redact` as for
    `render_text`)."""
    if d.empty:
        return "No changes to the bundle"
    olds, news = _by_id(d.old["items"]), _by_id(d.new["items"])
    audience = d.new["bundle"].get("audience")
    out = [f"## Changes to the {_md(audience)} bundle" if audience else "## Changes to the bundle"]
    out.append("")
    out += [f"{_pages(d.old)} → {_pages(d.new)} pages: {_counts(d)}.", ""]
    fields = _bundle_changes(d)
    if fields:
        out += ["| Bundle field | Before | After |", "| --- | --- | --- |"]
        out += [
            f"| {_md(f)} | {_md(redact(before))} | {_md(redact(after))} |"
            for f, before, after in fields
        ]
        out.append("")

    def table(title: str, header: str, rows: list[str]) -> None:
        if rows:
            cells = header.count("|") - 1
            out.extend([f"### {title}", "", header, "|" + " --- |" * cells, *rows, ""])

    def row(id_: str, number: str, item: Mapping[str, Any], *cells: str) -> str:
        title = _md(redact(str(item.get("title", ""))))
        return f"| {_md(number)} | {_md(id_)} | {title} | " + " | ".join(cells) + " |"

    head = "| Number | Id | Title |"
    added = [row(i, news[i]["number"], news[i], _range(_span(news[i]))) for i in d.added]
    table("Added", head + " Pages |", added)
    removed = [row(i, olds[i]["number"], olds[i], _range(_span(olds[i]))) for i in d.removed]
    table("Removed", head + " Pages |", removed)
    changed = [
        row(
            i,
            id_number(olds, news, i),
            news[i],
            ", ".join(_md(_field(f, olds[i], news[i])) if f == "cites" else f for f in fs),
        )
        for i, fs in d.changed.items()
    ]
    table("Changed", head + " Fields |", changed)
    moved = [
        row(m.id, id_number(olds, news, m.id), news[m.id], _range(m.old), _range(m.new))
        for m in d.moved
    ]
    table("Moved", head + " Old pages | New pages |", moved)
    shifted = [(o, n) for o, n in page_ranges(d.page_map) if o != n]
    if shifted:
        out += ["<details><summary>Pages that moved or went</summary>", ""]
        out += ["| Old pages | New pages |", "| --- | --- |"]
        out += [f"| {_range(o)} | {_range(n)} |" for o, n in shifted]
        out += ["", "</details>"]
    return "\n".join(out).rstrip() + "\n"
