"""Reading a served record or a manifest, and refusing one whose pages contradict each other.

A record is read under limits (size, number of arrays and objects) and must be shaped like a
manifest: `bundle`, and `items` each with `id`, `number`, `first_page` and `last_page`. That is
enough for `diff` and `verify`. A served record that a build numbers from must also hold
together, since every page it names is kept where it was cited (`served_placement`): numbers of
their tab's form and never given twice, every range after the front matter, inside the bundle
and clear of every other range. A record edited by hand, or merged from two branches taking both
sides, would otherwise move a served page or show two items under one number — with exit 0.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Container, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from inquiry.errors import InquiryError
from inquiry.limits import BUNDLE_PAGES
from inquiry.served_shape import Path as Path_
from inquiry.served_shape import locate, page_span, shape_problems

RECORD_MAX_BYTES = 32 * 1024 * 1024
"""The largest manifest or served record read: a 50,000-page bundle's is about 4 MB."""
RECORD_MAX_CONTAINERS = 1_000_000
"""The most arrays and objects a record may hold (a real one has a few per item): a small file
of `[],[],…` would otherwise take gigabytes to parse."""


_LONG_NUMBER = re.compile(r"[0-9]{4000,}")
"""A run of digits longer than Python reads as one integer (4,300): where such a record fails."""


class RecordError(InquiryError):
    """A served record or manifest that cannot be read; the message names the file. `line` and
    `column` (1-based) say where, when known."""

    def __init__(
        self,
        message: str,
        line: int = 1,
        column: int = 1,
        found: tuple[tuple[str, int, int], ...] = (),
    ) -> None:
        super().__init__(message)
        self.line, self.column = line, column
        self.found = found or ((message, line, column),)
        """Every problem found, each (message without the file's name, line, column)."""


def load_record(path: Path) -> dict[str, Any]:
    """A served record or a manifest read from `path`, as a dict.

    Raises `RecordError` (one line, naming the file) when it is missing, not JSON, or not shaped
    like a manifest (`bundle`, and `items` each with `id`, `number`, `first_page`, `last_page`).
    """
    from inquiry.readfiles import Unreadable, read_limited

    if not os.path.lexists(path):
        raise RecordError(f"{path}: no such file")
    try:
        text = read_limited(path, RECORD_MAX_BYTES).decode("utf-8")
    except Unreadable as exc:  # a FIFO, a device, a folder, too large, unreadable
        raise RecordError(f"{path}: {exc.message}") from None
    except UnicodeDecodeError:
        raise RecordError(f"{path}: not valid JSON (not UTF-8 text)") from None
    return parse_record(text, name=str(path))


def parse_record(text: str, *, name: str) -> dict[str, Any]:
    """`load_record` of text already read; `name` says where it came from in messages."""
    if len(text) > RECORD_MAX_BYTES:
        limit = f"a record is at most {RECORD_MAX_BYTES:,}"
        raise RecordError(f"{name}: {len(text):,} characters; {limit}")
    if text.count("[") + text.count("{") > RECORD_MAX_CONTAINERS:
        raise RecordError(
            f"{name}: more than {RECORD_MAX_CONTAINERS:,} arrays and objects; not a record"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(f"{name}: not valid JSON ({exc})", exc.lineno, exc.colno) from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, deep nesting
        long = _LONG_NUMBER.search(text)
        if long is None:
            raise RecordError(f"{name}: not valid JSON ({_shortened(exc)})") from None
        line = text.count("\n", 0, long.start()) + 1
        column = long.start() - text.rfind("\n", 0, long.start())
        why = f"a number of {len(long.group(0)):,} digits, too long to be one a record holds"
        raise RecordError(f"{name}: not valid JSON ({why})", line, column) from None
    if not isinstance(data, dict):
        raise RecordError(f"{name}: neither a manifest nor a served record (not an object)")
    manifest = manifest_of(data)
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("bundle"), dict)
        and isinstance(manifest.get("items"), list)
    ):
        raise RecordError(f"{name}: neither a manifest nor a served record (no `bundle`, `items`)")
    inside: Path_ = ("manifest",) if "manifest" in data else ()
    found = shape_problems(manifest)
    if found:
        places = locate(text, [(*inside, *path) for path, _ in found])
        raise RecordError(
            f"{name}: {found[0][1]}",
            *places[0],
            found=tuple((why, *at) for (_, why), at in zip(found, places, strict=True)),
        )

    def refuse(why: str, *path: str | int) -> RecordError:
        return RecordError(f"{name}: {why}", *locate(text, [(*inside, *path)])[0])

    bundle = manifest["bundle"]
    hashes = bundle.get("page_sha256", [])
    if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
        raise refuse("`bundle.page_sha256` must be a list of hex digests", "bundle", "page_sha256")
    pages = bundle.get("pages", 1)
    if not _page(pages):
        raise refuse("`bundle.pages` must be a page count", "bundle", "pages")
    if pages > BUNDLE_PAGES:
        raise refuse(
            f"`bundle.pages` is {pages:,}, over the limit of {BUNDLE_PAGES:,}", "bundle", "pages"
        )
    for where in ("items", "retired"):
        for i, entry in enumerate(manifest.get(where, [])):
            ends: list[tuple[tuple[str | int, ...], int]] = [(("last_page",), entry["last_page"])]
            ends += [
                (("exhibits", k, "last_page"), e["last_page"])
                for k, e in enumerate(entry.get("exhibits", []))
            ]
            for end, last in ends:
                if last > BUNDLE_PAGES:
                    raise refuse(
                        f"`{where}[{i}]` ends on page {last:,}, past the limit of "
                        f"{BUNDLE_PAGES:,} pages a bundle may have",
                        where,
                        i,
                        *end,
                    )
    return data


def manifest_of(data: Mapping[str, Any]) -> Any:
    """The manifest inside a served record, or `data` itself when it is a manifest."""
    return data.get("manifest", data)


def unclaimed_text(manifest: Mapping[str, Any], *, audience: str) -> str | None:
    """The first run of `unclaimed_pages`, said (`pages 3–5 belong to no item, …`), or None."""
    runs = unclaimed_pages(manifest, audience=audience)
    if not runs:
        return None
    first, last = runs[0]
    belong = "belongs" if first == last else "belong"
    return f"{page_span(first, last)} {belong} to no item, withdrawn or superseded number, or index"


def unclaimed_problem(manifest: Mapping[str, Any], *, audience: str) -> str | None:
    """`unclaimed_text` with why it matters to a record numbered from, or None."""
    said = unclaimed_text(manifest, audience=audience)
    if said is None:
        return None
    return (
        f"{said}: "
        "an entry was taken out of `items` or `retired` (every served page stays accounted "
        "for, and is never given out again)"
    )


def unclaimed_pages(manifest: Mapping[str, Any], *, audience: str) -> list[tuple[int, int]]:
    """The runs of pages of a consistent record (no overlaps) that nothing accounts for.

    Every page after the front matter belongs to an item, a retired number, a supplementary
    index or, in the restricted edition, the annex (`bundle.annex_pages`) or an earlier
    edition's annex (`bundle.former_annex_pages`); in a record made before supplementary
    indexes kept their served pages (no `supplements_as_served`), the blank pages after one
    that took fewer pages than it was served on are excused. A restricted record
    made before the annex's pages were written (no `annex_pages`) has it on pages no entry
    names: at the end, or, served again, before the next supplementary index."""
    bundle = manifest["bundle"]
    front = bundle.get("front_pages", [1, 1])[1]
    supplements = [(a, b) for a, b in bundle.get("supplement_pages", [])]
    annex = bundle.get("annex_pages")
    claimed = [(1, front), *supplements, *([tuple(annex)] if annex else [])]
    claimed += [(a, b) for a, b in bundle.get("former_annex_pages", [])]
    claimed += [(e["first_page"], e["last_page"]) for _, _, e in record_entries(manifest)]
    claimed.sort()
    pages = bundle.get("pages")
    end = pages if isinstance(pages, int) else claimed[-1][1]
    index_ends = {b for _, b in supplements}
    index_starts = {a for a, _ in supplements}
    annexed = audience == "restricted" and "annex_pages" not in bundle
    runs = []
    page = 1
    for first, last in [*claimed, (end + 1, end + 1)]:
        if first > page:
            gap = (page, first - 1)
            # A record made before supplementary indexes kept their served pages named only
            # the pages a shrunk index still took.
            padding = page - 1 in index_ends and not bundle.get("supplements_as_served")
            old_annex = annexed and (first in index_starts or gap[1] == end)
            if not (padding or old_annex):
                runs.append(gap)
        page = max(page, last + 1)
    return runs


def listing_problem(manifest: Mapping[str, Any]) -> str | None:
    """Why a manifest (read by `parse_record`) cannot be compared item by item, or None: an
    id listed twice among its items, or an entry (or an exhibit of one) past its
    `bundle.pages`. Looser than `placement_problem`: a manifest made before `tab`,
    `front_pages` or `retired` existed is still compared."""
    pages = manifest["bundle"].get("pages")
    seen: dict[str, int] = {}
    for where, i, entry in record_entries(manifest):
        if where == "items":
            if entry["id"] in seen:
                return f"`items[{i}]` ({shown(entry['id'])}) repeats `items[{seen[entry['id']]}]`"
            seen[entry["id"]] = i
        last = max([entry["last_page"], *(e["last_page"] for e in entry.get("exhibits", []))])
        if isinstance(pages, int) and last > pages:
            return (
                f"`{where}[{i}]` ({shown(entry['id'])}) ends on page {last:,}, past the "
                f"bundle's {pages:,} pages"
            )
    return None


def reissue_problem(
    manifest: Mapping[str, Any],
    ids: Iterable[str],
    *,
    record: str,
    present: Container[str] | None = None,
) -> str | None:
    """Why `--reissue` cannot take each of `ids` by the served record `record` names (its
    manifest, read by `parse_record`), or None.

    A served item can be reissued; so can a withdrawn one whose item is back in the evidence
    (`present`, the ids there, when known): it is served again under a new number, its old
    pages staying withdrawn. A withdrawn item not back, or an id never served, cannot."""
    served = {i["id"] for i in manifest["items"]}
    gone = {r["id"]: r for r in manifest.get("retired", []) if r.get("state") != "superseded"}
    why = []
    for item_id in ids:
        if item_id in served:
            continue
        retired = gone.get(item_id)
        if retired is None:
            why.append(f"{shown(item_id)} was never served in {record}")
        elif present is not None and item_id not in present:
            span = page_span(retired["first_page"], retired["last_page"])
            why.append(
                f"{item_id} was withdrawn ({retired['number']}, {span}) and is not in the "
                "evidence: add its item back to serve it again under a new number"
            )
    return "; ".join(why) or None


def record_entries(manifest: Mapping[str, Any]) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    """Each served item and retired number, as (`items` or `retired`, index, entry)."""
    for where in ("items", "retired"):
        for i, entry in enumerate(manifest.get(where, [])):
            yield where, i, entry


def _page(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def page_range(value: Any) -> bool:
    """Whether `value` is a range of pages `[first, last]`: page numbers, first ≤ last."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(_page(v) for v in value)
        and value[0] <= value[1]
    )


_SHOWN = 40


def shown(value: object) -> str:
    """A value from the record as a message shows it: at most 40 characters."""
    text = str(value) if isinstance(value, str) else json.dumps(value)[: _SHOWN + 1]
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _shortened(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"


__all__ = [
    "RECORD_MAX_BYTES",
    "RECORD_MAX_CONTAINERS",
    "RecordError",
    "listing_problem",
    "load_record",
    "manifest_of",
    "page_range",
    "parse_record",
    "record_entries",
    "reissue_problem",
    "shown",
    "unclaimed_pages",
    "unclaimed_problem",
    "unclaimed_text",
]
