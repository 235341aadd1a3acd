"""What `verify` needs of the JSON it is given before comparing a PDF with it.

A manifest whose items and pages contradict each other describes no bundle: matching a PDF
against it would say nothing (red team h142: items past `bundle.pages`, two items on one page,
`bundle.pages` not the number of page hashes, all gave "matches"). `manifest_problem` is what
`inquiry diff` refuses too (`diff_sources.load_source`), so the two commands read one manifest
alike. A served record's own keys (`served`, `history`) are checked by `record_problem`: an
earlier edition is recognised by them, so a damaged one would turn "an earlier edition" into
"does not match". `Edition` and `earlier_edition` find that edition. `outline_problem` says how
a PDF's bookmarks (`bookmarks`) contradict the items of its manifest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inquiry.readfiles import Unreadable, read_limited, reason
from inquiry.render import wording
from inquiry.served_fields import field_problems
from inquiry.served_record import listing_problem, page_range, unclaimed_text
from inquiry.served_shape import history_problems, page_span

_LONG_NUMBER = re.compile(r"-?[0-9][0-9,]{19,}")
_SHOWN_DIGITS = 12


class VerifyError(Exception):
    """Nothing could be compared: a file is missing or unreadable. One line."""


@dataclass(frozen=True)
class Edition:
    """An earlier edition in a served record's `history` whose file hash a PDF has."""

    served: str  # the date it was served
    number: int  # 1 for the first edition served
    editions: int  # how many the record holds, its latest included
    latest: str  # the date the record's latest edition was served
    pages: int  # as recorded


def file_problem(path: Path) -> str | None:
    """Why `path` is not a regular file that can be read, as `load_record` says it of a
    manifest (`the file is a character device, not a regular file`), or None."""
    if not os.path.lexists(path):
        return "no such file"
    try:
        if path.is_file():
            return None
        read_limited(path, 0)  # not a regular file: says which kind, before opening it
    except Unreadable as exc:
        return exc.message
    except OSError as exc:
        return f"the file cannot be read: {reason(exc)}"
    return "not a regular file"


def manifest_problem(manifest: Mapping[str, Any]) -> str | None:
    """Why a manifest (read by `parse_record`) contradicts itself, or None: an id listed twice
    or an entry past `bundle.pages` (`listing_problem`); `bundle.page_sha256` not one hash per
    page; two items or retired numbers (or one and the front matter, a supplementary index or
    the annex) on one page."""
    why = listing_problem(manifest)
    if why is not None:
        return why
    bundle = manifest["bundle"]
    pages = bundle.get("pages")
    hashes = bundle.get("page_sha256", [])
    if hashes and isinstance(pages, int) and len(hashes) != pages:
        return f"`bundle.page_sha256` has {len(hashes):,} page hashes for {pages:,} pages"
    hashed = [w for at, w in field_problems(manifest) if at[:2] == ("bundle", "page_sha256")]
    if hashed:  # a page hash that is no hash would blame the PDF's page for the record's fault
        return hashed[0]
    ranges = sorted(_ranges(manifest), key=lambda r: (r[0], r[1]))
    if not ranges:
        return None
    reach = ranges[0]  # of the ranges before, the one reaching furthest
    for first, last, what in ranges[1:]:
        if first <= reach[1]:
            a, b, other = reach
            here, there = page_span(first, last), page_span(a, b)
            return f"{what} at {here} shares a page with {other} at {there}"
        if last > reach[1]:
            reach = (first, last, what)
    return None


def unclaimed_problem(manifest: Mapping[str, Any]) -> str | None:
    """Why a manifest (without `manifest_problem`s) does not describe every page of its
    bundle, or None: in a manifest that says where its front matter ends, a page that no item,
    retired number, supplementary index or annex accounts for (`unclaimed_pages`) — an item
    taken out of `items`, or `items` emptied. A manifest made before `front_pages` is not
    checked. `verify` asks it of the manifest a PDF is matched against; `diff` does not, which
    also compares manifests written by hand or by older versions."""
    bundle = manifest["bundle"]
    pages = bundle.get("pages")
    if not (_laid_out(bundle) and isinstance(pages, int)):
        return None
    audience = bundle.get("audience")
    said = unclaimed_text(manifest, audience=audience if isinstance(audience, str) else "")
    return None if said is None else f"{said} (the bundle has {pages:,} pages)"


def record_problem(record: Mapping[str, Any]) -> str | None:
    """Why a served record's own keys are not as `inquiry serve` writes them (the first of
    `served_shape.history_problems`), or None. A manifest (no `manifest` key) has neither."""
    found = history_problems(record)
    return found[0][1] if found else None


def earlier_edition(record: Mapping[str, Any], sha: str) -> Edition | None:
    """The earlier edition of a served record whose file hash is `sha`, or None (a date not
    recorded as one is said as such: `record_problem` refuses it when checking)."""
    history = record.get("history")
    if "manifest" not in record or not isinstance(history, list):
        return None
    for number, entry in enumerate(history, 1):
        if isinstance(entry, dict) and entry.get("sha256") == sha:
            pages = entry.get("pages")
            return Edition(
                _date(entry.get("served")),
                number,
                len(history) + 1,
                _date(record.get("served")),
                pages if isinstance(pages, int) and not isinstance(pages, bool) else 0,
            )
    return None


def _date(value: object) -> str:
    return value if isinstance(value, str) else "an unrecorded date"


@dataclass(frozen=True)
class Bookmark:
    """One bookmark of a PDF: its title, the 1-based page it opens (0: none), its children."""

    title: str
    page: int
    children: tuple[Bookmark, ...] = ()


_DRAFT_LEAD = f"{wording.DRAFT} · "
"""What leads a draft's bookmark title."""
_NUMBERED = re.compile(r"[A-Z][0-9]+ [A-Z]{2,5}-[0-9]{3,}")
"""How an item's or a retired number's bookmark begins: its number and its id."""
OUTLINE_MAX = 1_000_000
"""The most bookmarks read from one PDF (a bundle has a few per item)."""


def bookmarks(pdf: Path) -> list[Bookmark]:
    """The bookmarks of `pdf`, top level first, each with its children.

    Raises `VerifyError` when the PDF or its outline cannot be read, or holds more than
    `OUTLINE_MAX` bookmarks.
    """
    import pikepdf

    count = 0

    def read(items: Any, pages: Mapping[tuple[int, int], int]) -> tuple[Bookmark, ...]:
        nonlocal count
        out = []
        for item in items:
            count += 1
            if count > OUTLINE_MAX:
                raise VerifyError(f"{pdf}: more than {OUTLINE_MAX:,} bookmarks")
            dest = item.destination
            page = 0
            if (
                isinstance(dest, pikepdf.Array)
                and len(dest)
                and isinstance(dest[0], pikepdf.Dictionary)
            ):
                page = pages.get(dest[0].objgen, 0)
            out.append(Bookmark(str(item.title), page, read(item.children, pages)))
        return tuple(out)

    try:
        with pikepdf.open(pdf) as doc:
            pages = {page.obj.objgen: n for n, page in enumerate(doc.pages, 1)}
            with doc.open_outline() as outline:
                return list(read(outline.root, pages))
    except (pikepdf.PdfError, pikepdf.OutlineStructureError, OSError, ValueError) as exc:
        raise VerifyError(f"{pdf}: its bookmarks cannot be read ({exc})") from None
    except RecursionError:
        raise VerifyError(f"{pdf}: its bookmarks are nested too deeply") from None


def outline_problem(marks: Sequence[Bookmark], manifest: Mapping[str, Any]) -> str | None:
    """Why a bundle's bookmarks (`bookmarks`) contradict its manifest, or None.

    The build makes both from the same numbers and pages: each item has a bookmark
    `A1 SF-001 Title (p. 4)` opening its first page, each of its exhibits one beneath it
    (`Exhibit 1: … (p. 5)`), and each withdrawn or superseded number one opening its first
    page (`B2 TM-002 — withdrawn (p. 6)`). A manifest whose number, id, title or pages were
    changed after the build has an entry with no such bookmark. A PDF without bookmarks is
    not checked (it was not made by `inquiry build`)."""
    if not marks:
        return None
    # (number and id, page) → the bookmarks opening that page whose title begins so.
    at: dict[tuple[str, int], list[Bookmark]] = {}
    for each in _walk(marks):
        at.setdefault((" ".join(each.title.split(" ", 2)[:2]), each.page), []).append(each)
    for item in manifest["items"]:
        number, item_id, first = item["number"], item["id"], item["first_page"]
        whole = str(item.get("title", ""))
        draft = item.get("status") == "draft"
        lead = _DRAFT_LEAD if draft else ""
        title = f"{number} {item_id} {lead}{whole} (p. {first})"
        there = at.get((f"{number} {item_id}", first), [])
        mark = next(
            (m for m in there if _titled(m.title, number, item_id, whole, first, draft)), None
        )
        if mark is None:
            said = f" (the PDF's says `{there[0].title}`)" if there else ""
            return f"{number} {item_id} has no bookmark `{title}` opening page {first}{said}"
        for k, exhibit in enumerate(item.get("exhibits", []), 1):
            page = exhibit["first_page"]
            if not any(
                c.page == page
                and c.title.startswith(f"Exhibit {k}: ")
                and c.title.endswith(f"(p. {page})")
                for c in mark.children
            ):
                return f"{number} {item_id} has no bookmark for its exhibit {k} opening page {page}"
    for gone in manifest.get("retired", []):
        number, item_id, first = gone["number"], gone["id"], gone["first_page"]
        there = at.get((f"{number} {item_id}", first), [])
        if not any(m.title.startswith(f"{number} {item_id} — ") for m in there):
            state = gone.get("state", "retired")
            return f"the {state} {number} {item_id} has no bookmark opening page {first}"
    listed = {
        (f"{e['number']} {e['id']}", e["first_page"])
        for e in [*manifest["items"], *manifest.get("retired", [])]
    }
    for key, there in at.items():
        if _NUMBERED.fullmatch(key[0]) and key not in listed:
            return f"the bookmark `{there[0].title}` names no item or number of the manifest"
    return None


def tab_marks_problem(marks: Sequence[Bookmark], manifest: Mapping[str, Any]) -> str | None:
    """Which tab of the manifest's items has no bookmark of its title, or None (`verify`: red
    team h190, a tab renamed FORGED TAB was "re-saved by another program?"; `serve` says an
    edited tab title in its own words). Bookmarks not read, or none: not checked."""
    tabs = manifest["bundle"].get("tabs")
    if not marks or not isinstance(tabs, dict):
        return None
    for letter in sorted({i.get("tab") for i in manifest["items"]} & set(tabs)):
        heading = wording.tab_heading(letter, str(tabs[letter]))
        if not any(m.title.startswith(heading + " (p. ") for m in marks):
            return f"tab {letter} has no bookmark `{heading}`"
    return None


def _walk(marks: Sequence[Bookmark]) -> Iterator[Bookmark]:
    for mark in marks:
        yield mark
        yield from _walk(mark.children)


def _titled(
    bookmark: str, number: str, item_id: str, title: str, first: int, draft: bool = False
) -> bool:
    """Whether `bookmark` is an item's: `A1 SF-001 Title (p. 4)`, its title whole or cut short
    with an ellipsis (how a build cuts a long title has changed over versions, and may cut
    shorter to keep a redacted string out: any beginning of the title is its); a draft's
    title is led by `DRAFT · ` (not before stop 42)."""
    head, tail = f"{number} {item_id} ", f" (p. {first})"
    if not (bookmark.startswith(head) and bookmark.endswith(tail)):
        return False
    shown = bookmark[len(head) : len(bookmark) - len(tail)]
    # A draft's, led by the mark or (made before stop 42) not: a title may begin so itself.
    readings = [shown, shown.removeprefix(_DRAFT_LEAD)] if draft else [shown]
    return any(r == title or (r.endswith("…") and title.startswith(r[:-1])) for r in readings)


def short_numbers(message: str) -> str:
    """`message` with each number of more than 20 characters cut (`10,000,000,0… (401
    digits)`): a record can hold a page number of thousands of digits, and a one-line message
    must stay one line."""

    def cut(m: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in m.group())
        return f"{m.group()[:_SHOWN_DIGITS]}… ({digits:,} digits)"

    return _LONG_NUMBER.sub(cut, message)


def _ranges(manifest: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """The page ranges of the manifest's entries and, where well formed, of its front matter,
    supplementary indexes and annexes: none may share a page with another."""
    bundle = manifest["bundle"]
    out: list[tuple[int, int, str]] = []
    front = bundle.get("front_pages")
    if page_range(front):
        out.append((front[0], front[1], "the front matter"))
    for key, what in (("supplement_pages", "a supplementary index"), ("former_annex_pages", "")):
        runs = bundle.get(key)
        if isinstance(runs, list) and all(page_range(r) for r in runs):
            out += [(a, b, what or "an earlier annex") for a, b in runs]
    annex = bundle.get("annex_pages")
    if page_range(annex):
        out.append((annex[0], annex[1], "the annex"))
    for where in ("items", "retired"):
        for i, entry in enumerate(manifest.get(where, [])):
            place = f"`{where}[{i}]` ({_text(entry['id'])})"
            out.append((entry["first_page"], entry["last_page"], place))
    return out


def _laid_out(bundle: Mapping[str, Any]) -> bool:
    """The bundle's own ranges are all well formed, its front matter's said: which pages are
    accounted for can be told (a manifest made before `front_pages` cannot)."""
    return (
        page_range(bundle.get("front_pages"))
        and bundle["front_pages"][0] == 1
        and all(
            isinstance(bundle.get(key, []), list)
            and all(page_range(r) for r in bundle.get(key, []))
            for key in ("supplement_pages", "former_annex_pages")
        )
        and (bundle.get("annex_pages") is None or page_range(bundle["annex_pages"]))
    )


def _text(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


__all__ = [
    "OUTLINE_MAX",
    "Bookmark",
    "Edition",
    "VerifyError",
    "bookmarks",
    "earlier_edition",
    "file_problem",
    "manifest_problem",
    "outline_problem",
    "record_problem",
    "short_numbers",
    "tab_marks_problem",
    "unclaimed_problem",
]
