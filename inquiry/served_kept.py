"""Whether a bundle keeps what was served before it: `serve`'s last check.

A served number keeps its pages, or its pages stand withdrawn or superseded; nothing new takes a
number or a page already served. The restricted edition's annex (the schedule of what the public
edition redacts) is served too: its pages either hold it still or say where it went, and a
supplementary index, an item or the annex itself never lands on a page served before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_AGAIN = "rebuild with the served record in place"


def kept_problem(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Why the manifest `new` moves a number or page the served manifest `old` fixed, or
    reuses one, or None. Both are read by `served_record.parse_record`, and `old` passed
    `placement_problem`."""
    placed = {i["id"]: i for i in new.get("retired", [])}
    placed.update({i["id"]: i for i in new["items"]})
    retired_now = {(r["id"], r["number"]): r for r in new.get("retired", [])}
    old_numbers = {i["number"] for i in [*old["items"], *old.get("retired", [])]}
    old_pages = int(old["bundle"].get("pages", 0))
    for item in old["items"]:
        found = retired_now.get((item["id"], item["number"])) or placed.get(item["id"])
        if found is None:
            return (
                f"{item['id']} ({item['number']}) was served at {_span(item)} and is neither in "
                f"this bundle nor withdrawn: {_AGAIN}"
            )
        if not _same_place(item, found):
            return (
                f"{item['id']} was served as {item['number']} at {_span(item)} but this bundle "
                f"has it as {found['number']} at {_span(found)}: {_AGAIN}"
            )
    for gone in old.get("retired", []):
        if not _same_place(gone, retired_now.get((gone["id"], gone["number"]), {})):
            return (
                f"the {gone.get('state', 'retired')} pages of {gone['id']} ({gone['number']}, "
                f"{_span(gone)}) are missing from this bundle: rebuild with the served record"
            )
    served_before = {(i["id"], i["number"]) for i in old["items"]}
    for item in new["items"]:
        if (item["id"], item["number"]) in served_before:
            continue
        if item["number"] in old_numbers or item["first_page"] <= old_pages:
            return (
                f"{item['id']} would take {item['number']} at {_span(item)}, a number or page "
                f"already served: {_AGAIN}"
            )
    # A served index keeps its first page (it may take fewer pages now); a new one comes after
    # every served page.
    old_indexes = {first for first, _ in old["bundle"].get("supplement_pages", [])}
    for first, last in new["bundle"].get("supplement_pages", []):
        if first not in old_indexes and first <= old_pages:
            return (
                f"this bundle's supplementary index at {_pages(first, last)} is on pages already "
                f"served (the served bundle has {old_pages} pages): {_AGAIN}"
            )
    return _annex_problem(old, new)


def _annex_problem(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    """Each annex served (the annex, and earlier ones whose pages say where it went) keeps
    its pages in the new bundle, as the annex or as pages saying where it went; an annex not
    served before comes after every served page."""
    from inquiry.numbering import served_from

    served = served_from(old)
    before = [*served.former_annexes, *([served.annex] if served.annex else [])]
    bundle = new["bundle"]
    annex = bundle.get("annex_pages")
    now = {(int(a), int(b)) for a, b in bundle.get("former_annex_pages", [])}
    if annex:
        now.add((int(annex[0]), int(annex[1])))
    for first, last in before:
        if (first, last) not in now:
            return (
                f"the annex served at {_pages(first, last)} is missing from this bundle (it "
                f"neither stands there nor do its pages say where it went): {_AGAIN}"
            )
    old_pages = int(old["bundle"].get("pages", 0))
    if annex and (annex[0], annex[1]) not in before and annex[0] <= old_pages:
        return (
            f"this bundle's annex at {_pages(annex[0], annex[1])} is on pages already served "
            f"(the served bundle has {old_pages} pages): {_AGAIN}"
        )
    return None


def _same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    keys = ("number", "first_page", "last_page")
    return all(k in b and a[k] == b[k] for k in keys)


def _span(item: Mapping[str, Any]) -> str:
    return _pages(item["first_page"], item["last_page"])


def _pages(first: int, last: int) -> str:
    return f"page {first}" if first == last else f"pages {first}–{last}"


__all__ = ["kept_problem"]
