"""Whether a served record (read by `inquiry.served_record`) holds together to be numbered
from: its audience, its front matter and index ranges, every number of its tab form and never
given twice, every range inside the bundle and clear of every other, no number skipped and no
page unaccounted for (`placement_at`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from inquiry.served_fields import field_problems
from inquiry.served_record import page_range, record_entries, shown, unclaimed_problem
from inquiry.served_shape import Path as Path_
from inquiry.served_shape import page_span, record_problems

_NUMBER = re.compile(r"[A-Z][0-9]{1,9}")
_STATES = ("withdrawn", "superseded")
_FRONT: Path_ = ("bundle", "front_pages")
_PAGES: Path_ = ("bundle", "pages")


def placement_problem(manifest: Mapping[str, Any], *, audience: str) -> str | None:
    """Why a served record's manifest cannot be numbered from, or None (`placement_at`)."""
    found = placement_at(manifest, audience=audience)
    return found[0] if found else None


def placement_at(manifest: Mapping[str, Any], *, audience: str) -> tuple[str, Path_] | None:
    """Why a served record's manifest (read by `parse_record`) cannot be numbered from, with the
    path of the value at fault (for `served_shape.locate`), or None: its audience is another
    edition's; its front matter or supplementary index pages are not page ranges; an item or
    retired number lacks its tab, is not of the form `A1` under that tab, or is given twice;
    an id is served twice; an entry lies on a front-matter page or has an exhibit outside
    it; two ranges share a page or one ends past the bundle; a tab's numbers skip one; or a
    page belongs to nothing (`unclaimed_pages`). The last two are what an entry taken out of
    `items` or `retired` leaves: a build would otherwise give its number and pages out
    again."""
    extra = record_problems(manifest) + field_problems(manifest)
    if extra:
        return extra[0][1], extra[0][0]
    bundle = manifest["bundle"]
    said = bundle.get("audience", audience)
    if said != audience:
        return f"records the {shown(said)} edition, not the {audience} one", (
            "bundle",
            "audience",
        )
    front = bundle.get("front_pages", [1, 1])
    if not (page_range(front) and front[0] == 1):
        return "`bundle.front_pages` must be [1, last page of the front matter]", _FRONT
    supplements = bundle.get("supplement_pages", [])
    if not (isinstance(supplements, list) and all(page_range(s) for s in supplements)):
        return "`bundle.supplement_pages` must be a list of [first, last] page ranges", (
            "bundle",
            "supplement_pages",
        )
    annex = bundle.get("annex_pages")
    if annex is not None and not page_range(annex):
        return "`bundle.annex_pages` must be a [first, last] page range", ("bundle", "annex_pages")
    former = bundle.get("former_annex_pages", [])
    if not (isinstance(former, list) and all(page_range(f) for f in former)):
        return "`bundle.former_annex_pages` must be a list of [first, last] page ranges", (
            "bundle",
            "former_annex_pages",
        )
    pages = bundle.get("pages")
    if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
        # Without it, the pages after the last entry could not be told from pages never
        # served: an entry deleted from the end would move unseen.
        return "`bundle.pages` must be the number of pages served", _PAGES
    hashes = bundle.get("page_sha256", [])
    if hashes and len(hashes) != pages:
        why = f"`bundle.page_sha256` has {len(hashes):,} hashes for {pages:,} pages"
        return why, ("bundle", "page_sha256")
    ranges: list[tuple[int, int, str, Path_]] = [(front[0], front[1], "the front matter", _FRONT)]
    ranges += [
        (a, b, "a supplementary index", ("bundle", "supplement_pages", k))
        for k, (a, b) in enumerate(supplements)
    ]
    if annex is not None:
        ranges.append((annex[0], annex[1], "the annex", ("bundle", "annex_pages")))
    ranges += [
        (a, b, "an earlier annex", ("bundle", "former_annex_pages", k))
        for k, (a, b) in enumerate(former)
    ]
    numbers: dict[str, str] = {}
    number_at: dict[str, Path_] = {}
    ids: set[str] = set()
    for where, i, entry in record_entries(manifest):
        place = f"`{where}[{i}]` ({shown(entry['id'])})"
        at: Path_ = (where, i)
        tab, number = entry.get("tab"), entry["number"]
        if not (isinstance(tab, str) and len(tab) == 1 and "A" <= tab <= "Z"):
            return f"{place} needs `tab`, the letter of its tab", (*at, "tab")
        if not (_NUMBER.fullmatch(number) and number[0] == tab):
            why = f"{place} has number `{shown(number)}`, not one of tab {tab} (`{tab}1`, …)"
            return why, (*at, "number")
        if number in numbers:
            return f"{place} has number {number}, which {numbers[number]} has too", (*at, "number")
        numbers[number], number_at[number] = place, (*at, "number")
        if where == "items":
            if entry["id"] in ids:
                return f"{place}: {shown(entry['id'])} is served twice", (*at, "id")
            ids.add(entry["id"])
        elif entry.get("state", "withdrawn") not in _STATES:
            why = f"{place} has `state` {shown(entry.get('state'))}, not withdrawn or superseded"
            return why, (*at, "state")
        first, last = entry["first_page"], entry["last_page"]
        if first <= front[1]:
            return (
                f"{place} at {page_span(first, last)} is on a front-matter page: it shares a page "
                f"with the front matter at {page_span(*front)}"
            ), (*at, "first_page")
        for k, e in enumerate(entry.get("exhibits", [])):
            if not first <= e["first_page"] <= e["last_page"] <= last:
                why = f"{place} has an exhibit on pages outside its own ({page_span(first, last)})"
                return why, (*at, "exhibits", k)
        ranges.append((first, last, place, (*at, "first_page")))
    ranges.sort(key=lambda r: (r[0], r[1]))
    reach = ranges[0]  # the range that reaches furthest of those before
    for first, last, what, where_at in ranges[1:]:
        if first <= reach[1]:
            a, b, other, _ = reach
            here, there = page_span(first, last), page_span(a, b)
            why = f"{what} at {here} shares a page with {other} at {there}"
            return why, where_at
        if last > reach[1]:
            reach = (first, last, what, where_at)
    if reach[1] > pages:
        why = f"{reach[2]} ends on page {reach[1]:,}, past the bundle's {pages:,} pages"
        return why, reach[3]
    skipped = skipped_number(numbers)
    if skipped is not None:
        return skipped[0], number_at[skipped[1]]
    successor = successor_problem(manifest)
    if successor is not None:
        return successor
    unclaimed = unclaimed_problem(manifest, audience=audience)
    return (unclaimed, _PAGES) if unclaimed else None


def successor_problem(manifest: Mapping[str, Any]) -> tuple[str, Path_] | None:
    """Why a superseded entry's `superseded_by` is not the number its item was served again
    under (red team h190: a hand-edited `5`, `Z9`, another item's `A1` or none at all were
    printed on the served page as where the item went, or made it "Withdrawn"); or None."""
    number_of: dict[str, set[str]] = {}
    for _, _, entry in record_entries(manifest):
        number_of.setdefault(entry["id"], set()).add(entry["number"])
    for i, entry in enumerate(manifest.get("retired", [])):
        if entry.get("state") != "superseded":
            continue
        by, at = entry.get("superseded_by"), ("retired", i, "superseded_by")
        place = f"`retired[{i}]` ({shown(entry['id'])}, {shown(entry['number'])})"
        if not isinstance(by, str) or by == entry["number"]:
            return f"{place} is superseded but `superseded_by` names no other number", at
        if by not in number_of[entry["id"]]:
            why = (
                f"{place} is superseded by {shown(by)}, which is not a number "
                f"{shown(entry['id'])} was served under"
            )
            return why, at
    return None


def skipped_number(numbers: Iterable[str]) -> tuple[str, str] | None:
    """Why a tab's numbers are not 1, 2, … without a gap (numbers are given out in turn and
    none is ever dropped: withdrawn and superseded ones stay in `retired`), with the number
    given twice or the tab's highest; or None."""
    by_tab: dict[str, list[int]] = {}
    for number in numbers:
        by_tab.setdefault(number[0], []).append(int(number[1:]))
    for tab, used in sorted(by_tab.items()):
        if len(set(used)) != len(used):
            ours = [n for n in numbers if n[0] == tab]
            twice = next((n for n in ours if n[1:] != str(int(n[1:]))), ours[0])
            return f"tab {tab} has one number written two ways (with a leading zero)", twice
        missing = min(set(range(1, max(used) + 1)) - set(used), default=None)
        if missing is not None:
            highest = next(n for n in numbers if n[0] == tab and int(n[1:]) == max(used))
            return (
                f"tab {tab} has numbers up to {tab}{max(used)} but no {tab}{missing}: an entry "
                "was taken out of `items` or `retired` (a served number stays, withdrawn or "
                "superseded, and is never given out again)"
            ), highest
    return None
