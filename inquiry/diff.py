"""What changed between two editions of a bundle, by item and by page.

`diff` compares two manifests (or served records): items added, removed, changed (which fields)
and moved (old → new pages), the bundle's own fields that changed, and for every old page the new
page that shows the same thing. Editors see it in a pull request's job summary, tools read it as
JSON, people as a few lines: `inquiry.diff_render`.

What a source names is read by `inquiry.diff_sources.load_source`. Manifests made before a
field existed are read with that field unknown: it is never reported as changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
    reread: tuple[int, ...] = ()
    """Pages that read differently when nothing else differs."""

    @property
    def empty(self) -> bool:
        """No item, bundle field or page differs (the page map may still be shown)."""
        return not (
            self.added or self.removed or self.changed or self.moved or self.bundle or self.reread
        )


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """Compare two manifests or served records (either shape, either side)."""
    a, b = manifest_of(old), manifest_of(new)
    olds, news = by_id(a["items"]), by_id(b["items"])
    changed = {}
    moved = []
    for id_, before in olds.items():
        after = news.get(id_)
        if after is None:
            continue
        fields = tuple(f for f in FIELDS if _differs(before, after, f))
        if fields:
            changed[id_] = fields
        if item_span(before) != item_span(after):
            moved.append(Moved(id_, item_span(before), item_span(after)))
    bundle = tuple(f for f in _BUNDLE_FIELDS if _known_differs(a["bundle"], b["bundle"], f))
    reread: tuple[int, ...] = ()
    if not (changed or moved or bundle or set(olds) ^ set(news)):
        # Nothing the fields say, yet pages that read differently (red team h190: a cover's
        # date, the front matter's wording) are a difference all the same.
        reread = differing_pages(a, b)
    return Diff(
        added=tuple(i for i in news if i not in olds),
        removed=tuple(i for i in olds if i not in news),
        changed=changed,
        moved=tuple(moved),
        bundle=bundle,
        page_map=_page_map(a, b),
        old=a,
        new=b,
        reread=reread,
    )


def differing_pages(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[int, ...]:
    """The pages whose hash differs between two manifests of as many pages (none when either
    lacks page hashes, or the counts differ)."""
    old, new = a["bundle"].get("page_sha256"), b["bundle"].get("page_sha256")
    if not (isinstance(old, list) and isinstance(new, list) and old and len(old) == len(new)):
        return ()
    return tuple(n for n, (x, y) in enumerate(zip(old, new, strict=True), 1) if x != y)


def by_id(items: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """A manifest's items by their id."""
    return {i["id"]: i for i in items}


def item_span(item: Mapping[str, Any]) -> tuple[int, int]:
    """An item's first and last page."""
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
    return min(firsts, default=page_count(manifest) + 1) - 1


def _runs(manifest: Mapping[str, Any]) -> list[tuple[int, int]]:
    runs = manifest["bundle"].get("supplement_pages")
    if not isinstance(runs, list):
        return []
    ok = [r for r in runs if isinstance(r, list) and len(r) == 2]
    return [(r[0], r[1]) for r in ok if all(isinstance(p, int) for p in r)]


def page_count(manifest: Mapping[str, Any]) -> int:
    """The bundle's pages: as recorded, else the last page of its last item."""
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
    old_pages, new_pages = page_count(a), page_count(b)
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
    news = by_id(b["items"])
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
