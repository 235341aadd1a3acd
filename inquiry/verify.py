"""Is this the bundle that was served? Re-hash a received PDF against its manifest.

Needs only the PDF and the JSON (a manifest, or a served record from `served/`): no repository,
no build. The file's SHA-256 says whether the bytes are identical; the page hashes say which
pages show something else, so a copy re-saved by another program (which changes the file hash but
no page) is told from one with a page altered, and the altered page is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inquiry.pagehash import PageHashError, page_hashes
from inquiry.pagehash_run import page_hashes_limited
from inquiry.served import file_sha256
from inquiry.served_record import load_record, manifest_of


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


@dataclass(frozen=True)
class VerifyResult:
    """How a PDF compares with its manifest; pages are 1-based bundle pages."""

    pdf: Path
    manifest: Path
    file_matches: bool
    pages: int  # in the PDF
    expected: int  # in the manifest
    differing: tuple[int, ...] = ()
    missing: tuple[int, ...] = ()  # in the manifest, not in the PDF
    added: tuple[int, ...] = ()  # in the PDF, not in the manifest
    moved: tuple[tuple[int, int], ...] = ()  # (PDF page, manifest page it shows)
    pages_checked: bool = True  # False when the manifest has no page hashes
    manifest_given: bool = False  # named by the caller, not the one beside the PDF
    earlier: Edition | None = None  # the served record's earlier edition this file is
    document: tuple[str, ...] = ()  # how its catalogue differs from a built bundle's

    @property
    def matches(self) -> bool:
        """The file and every page are as the manifest says (the file alone when the manifest
        has no page hashes: identical bytes show identical pages)."""
        if not self.pages_checked:
            return self.file_matches
        return self.file_matches and self.pages_match

    @property
    def pages_match(self) -> bool:
        return self.pages_checked and not (self.differing or self.missing or self.added)


_HEX = frozenset("0123456789abcdef")


def verify(pdf: Path, manifest: Path | None = None, *, isolate: bool = True) -> VerifyResult:
    """Compare `pdf` with `manifest` (default: `manifest.json` beside it), file and every page.

    With `isolate` the pages are hashed in a separate process under a time and a memory limit,
    as a received PDF deserves. Raises `VerifyError` when either file cannot be read: the
    manifest as a manifest, or the PDF as a PDF whose every page can be hashed (empty,
    truncated, not a PDF, encrypted, or over the time and memory limits).
    """
    from inquiry.errors import InquiryError

    given = manifest is not None
    manifest = manifest or pdf.with_name("manifest.json")
    if not pdf.is_file():
        raise VerifyError(f"{pdf}: no such file")
    try:
        record = load_record(manifest)
        bundle = manifest_of(record)["bundle"]
        actual_sha = file_sha256(pdf)
    except (InquiryError, OSError) as exc:
        raise VerifyError(str(exc)) from None
    said = bundle.get("sha256")
    if not _is_sha256(said):
        raise VerifyError(f"{manifest}: `bundle.sha256` is not a SHA-256: not a bundle's manifest")
    expected = list(bundle.get("page_sha256", []))
    file_matches = actual_sha == said
    count = len(expected) if expected else int(bundle.get("pages", 0))
    earlier = None if file_matches else _earlier_edition(record, actual_sha)
    if earlier is not None:  # a bundle served before the record's latest edition: its bytes
        return VerifyResult(
            pdf,
            manifest,
            True,
            earlier.pages,
            earlier.pages,
            pages_checked=False,
            manifest_given=given,
            earlier=earlier,
        )
    try:
        actual = page_hashes_limited(pdf) if isolate else page_hashes(pdf)
    except PageHashError as exc:
        # Nothing was compared: not "does not match" (exit 1), which would say it was.
        raise VerifyError(str(exc)) from None
    if not expected:
        return VerifyResult(
            pdf,
            manifest,
            file_matches,
            len(actual),
            count,
            pages_checked=False,
            manifest_given=given,
        )
    document = () if file_matches else tuple(catalog_problems(pdf))
    where = {h: n for n, h in reversed(list(enumerate(expected, 1)))}
    pairs = zip(actual, expected, strict=False)  # unequal lengths: the rest is missing or added
    differing = tuple(n for n, (a, e) in enumerate(pairs, 1) if a != e)
    return VerifyResult(
        pdf,
        manifest,
        file_matches,
        len(actual),
        len(expected),
        differing=differing,
        missing=tuple(range(len(actual) + 1, len(expected) + 1)),
        added=tuple(range(len(expected) + 1, len(actual) + 1)),
        moved=tuple((n, where[actual[n - 1]]) for n in differing if actual[n - 1] in where),
        manifest_given=given,
        document=document,
    )


def catalog_problems(pdf: Path) -> list[str]:
    """How the document-level parts of `pdf` differ from what `inquiry build` writes, which no
    page hash covers: page labels saying the bundle's page numbers (1 to N), opening on page 1
    at 100%, and no action, script, attachment or form. Empty when they do not, or when the
    PDF cannot be opened (the page hashes say that). Called only once the page hashes were
    taken under a time and a memory limit (`page_hashes_limited`, which reads every page of the
    same file): what is read here, the catalogue and the first page, is a part of that."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            root = doc.Root
            out = []
            labels = root.get("/PageLabels")
            nums = labels.get("/Nums") if isinstance(labels, pikepdf.Dictionary) else None
            decimal = (
                isinstance(nums, pikepdf.Array)
                and len(nums) == 2
                and nums[0] == 0
                and isinstance(nums[1], pikepdf.Dictionary)
                and nums[1].get("/S") == pikepdf.Name.D
                and set(nums[1].keys()) <= {"/S", "/St", "/Type"}
                and int(nums[1].get("/St", 1)) == 1
            )
            if not decimal:
                out.append("its page labels are not the bundle's page numbers (1 to N)")
            opens = root.get("/OpenAction")
            first = doc.pages[0].obj.objgen if len(doc.pages) else None
            if isinstance(opens, pikepdf.Dictionary):
                out.append(f"it runs an action when opened ({opens.get('/S', 'unnamed')})")
            elif not (
                isinstance(opens, pikepdf.Array)
                and len(opens) == 5
                and isinstance(opens[0], pikepdf.Dictionary)
                and opens[0].objgen == first
                and opens[1] == pikepdf.Name.XYZ
                and opens[4] == 1
            ):
                out.append("it does not open on page 1 at 100%")
            names = root.get("/Names")
            for key, what in (("/JavaScript", "scripts"), ("/EmbeddedFiles", "attached files")):
                if isinstance(names, pikepdf.Dictionary) and key in names:
                    out.append(f"it holds {what} ({key})")
            for key, what in (("/AA", "actions"), ("/AcroForm", "a form")):
                if key in root:
                    out.append(f"it holds {what} ({key})")
            return out
    except (pikepdf.PdfError, OSError, ValueError, TypeError):
        return []


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in _HEX for c in value)


def _earlier_edition(record: Mapping[str, Any], sha: str) -> Edition | None:
    """The earlier edition of a served record whose file hash is `sha`, or None."""
    history = record.get("history")
    if "manifest" not in record or not isinstance(history, list):
        return None
    for number, entry in enumerate(history, 1):
        if isinstance(entry, dict) and entry.get("sha256") == sha:
            return Edition(
                str(entry.get("served", "an unrecorded date")),
                number,
                len(history) + 1,
                str(record.get("served", "an unrecorded date")),
                entry["pages"] if isinstance(entry.get("pages"), int) else 0,
            )
    return None


def page_runs(pages: Sequence[int]) -> str:
    """Ascending page numbers as runs: `3, 7–9`."""
    spans: list[list[int]] = []
    for p in pages:
        if spans and spans[-1][1] == p - 1:
            spans[-1][1] = p
        else:
            spans.append([p, p])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def render_text(result: VerifyResult) -> list[str]:
    """One line per finding (each differing page on its own line), then a verdict line. A
    manifest the caller named is named as given (`old/manifest.json`, `served/public.json`):
    by its name alone, another manifest.json read as the one beside the PDF."""
    name = result.pdf.name
    against = str(result.manifest) if result.manifest_given else result.manifest.name
    if result.earlier is not None:
        e = result.earlier
        return [
            f"{name} matches an earlier edition in {against}: the file served on {e.served} "
            f"(edition {e.number} of {e.editions}; the latest, served on {e.latest}, differs "
            "from it)"
        ]
    if result.matches and result.pages_checked:
        return [f"{name} matches {against}: the file and all {result.pages} pages"]
    if result.matches:
        return [f"{name} matches {against} as a file ({against} has no page hashes)"]
    lines = []
    shows = dict(result.moved)
    for page in result.differing:
        if page in shows:
            lines.append(f"page {page} differs: it shows page {shows[page]} of {against}")
        else:
            lines.append(f"page {page} differs")
    if result.missing:
        lines.append(f"missing: page(s) {page_runs(result.missing)} of {against} are not in {name}")
    if result.added:
        lines.append(f"added: page(s) {page_runs(result.added)} of {name} are not in {against}")
    if not result.pages_checked:
        lines.append(f"{against} has no page hashes (made by an older inquiry): pages not compared")
    lines += [f"{name} is not as built: {why}" for why in result.document]
    if result.pages_match and not result.file_matches and not result.document:
        lines.append(
            f"{name} differs from {against} as a file, but every one of its {result.pages} pages "
            "matches: re-saved by another program?"
        )
    else:
        found = len(result.differing) + len(result.missing) + len(result.added)
        lines.append(
            f"{name} does not match {against}"
            + (f": {found} page(s) differ, are missing or were added" if found else "")
        )
    return lines


@dataclass(frozen=True)
class Bookmark:
    """One bookmark of a PDF: its title, the 1-based page it opens (0: none), its children."""

    title: str
    page: int
    children: tuple[Bookmark, ...] = ()


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
    from inquiry.render.pdf.typst_code import short_title

    if not marks:
        return None
    # (number and id, page) → the bookmarks opening that page whose title begins so.
    at: dict[tuple[str, int], list[Bookmark]] = {}
    for each in _walk(marks):
        at.setdefault((" ".join(each.title.split(" ", 2)[:2]), each.page), []).append(each)
    for item in manifest["items"]:
        number, item_id, first = item["number"], item["id"], item["first_page"]
        title = f"{number} {item_id} {short_title(str(item.get('title', '')))} (p. {first})"
        there = at.get((f"{number} {item_id}", first), [])
        mark = next((m for m in there if m.title == title), None)
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


def _walk(marks: Sequence[Bookmark]) -> Iterator[Bookmark]:
    for mark in marks:
        yield mark
        yield from _walk(mark.children)


__all__ = [
    "Bookmark",
    "Edition",
    "VerifyError",
    "VerifyResult",
    "bookmarks",
    "catalog_problems",
    "outline_problem",
    "page_runs",
    "render_text",
    "verify",
]
