"""Is this the bundle that was served? Re-hash a received PDF against its manifest.

Needs only the PDF and the JSON (a manifest, or a served record from `served/`): no repository,
no build. The file's SHA-256 says whether the bytes are identical; the page hashes say which
pages show something else, so a copy re-saved by another program (which changes the file hash but
no page) is told from one with a page altered, and the altered page is named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inquiry.pagehash import PageHashError, page_hashes
from inquiry.pagehash_run import page_hashes_limited
from inquiry.served import file_sha256
from inquiry.served_record import load_record, manifest_of
from inquiry.served_shape import is_sha256
from inquiry.verify_manifest import (
    Bookmark,
    Edition,
    VerifyError,
    bookmarks,
    earlier_edition,
    file_problem,
    manifest_problem,
    outline_problem,
    record_problem,
    short_numbers,
    tab_marks_problem,
    unclaimed_problem,
)


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
    outline: str | None = None  # how the file's bookmarks contradict the manifest's items

    @property
    def matches(self) -> bool:
        """The file and every page are as the manifest says (the file alone when the manifest
        has no page hashes: identical bytes show identical pages)."""
        if self.outline is not None:
            return False
        if not self.pages_checked:
            return self.file_matches
        return self.file_matches and self.pages_match

    @property
    def pages_match(self) -> bool:
        return self.pages_checked and not (self.differing or self.missing or self.added)


def verify(
    pdf: Path, manifest: Path | None = None, *, isolate: bool = True, check: bool = False
) -> VerifyResult:
    """Compare `pdf` with `manifest` (default: `manifest.json` beside it), file and every page.

    With `isolate` the pages are hashed in a separate process under a time and a memory limit,
    as a received PDF deserves. Raises `VerifyError` when either file cannot be read: the
    manifest as a manifest, or the PDF as a PDF whose every page can be hashed (empty,
    truncated, not a PDF, encrypted, or over the time and memory limits).

    With `check` (`inquiry verify`), also when the manifest contradicts itself (what `diff`
    refuses, `manifest_problem`, and a page nothing describes), a served record's `served` or
    `history` is damaged, or the manifest's page count is not that of the file it gives the
    hash of; and a file with that hash whose bookmarks contradict the manifest's items does
    not match (`outline`). `serve`, which checks the manifest it records and says why in its
    own words, compares without.
    """
    from inquiry.errors import InquiryError

    given = manifest is not None
    manifest = manifest or pdf.with_name("manifest.json")
    why = file_problem(pdf)
    if why is not None:
        raise VerifyError(f"{pdf}: {why}")
    try:
        record = load_record(manifest)
        actual_sha = file_sha256(pdf)
    except (InquiryError, OSError) as exc:
        raise VerifyError(short_numbers(str(exc))) from None
    listed = manifest_of(record)
    bundle = listed["bundle"]
    said = bundle.get("sha256")
    if not is_sha256(said):
        raise VerifyError(f"{manifest}: `bundle.sha256` is not a SHA-256: not a bundle's manifest")
    # Checked as `inquiry diff` checks it, and for a page nothing describes: a manifest that
    # contradicts itself describes no bundle, and a PDF "matching" it would say nothing.
    if check:
        why = record_problem(record) or manifest_problem(listed) or unclaimed_problem(listed)
        if why is not None:
            raise VerifyError(short_numbers(f"{manifest}: {why}"))
    expected = list(bundle.get("page_sha256", []))
    file_matches = actual_sha == said
    count = len(expected) if expected else int(bundle.get("pages", 0))
    earlier = None if file_matches else earlier_edition(record, actual_sha)
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
    if check and file_matches and len(actual) != bundle.get("pages", len(actual)):
        raise VerifyError(
            short_numbers(
                f"{manifest}: `bundle.pages` is {bundle['pages']:,}, but {pdf.name}, the file "
                f"whose SHA-256 it gives, has {len(actual):,} pages"
            )
        )
    outline = _outline_problem(pdf, listed) if check and file_matches else None
    if not expected:
        return VerifyResult(
            pdf,
            manifest,
            file_matches,
            len(actual),
            count,
            pages_checked=False,
            manifest_given=given,
            outline=outline,
        )
    document = () if file_matches else tuple(catalog_problems(pdf))
    if check and not file_matches:  # bookmarks no page hash covers (h190: a tab renamed)
        marked = _outline_problem(pdf, listed)
        document += (f"its bookmarks contradict the manifest: {marked}",) if marked else ()
    where = {h: n for n, h in reversed(list(enumerate(expected, 1)))}
    pairs = zip(actual, expected, strict=False)  # unequal lengths: the rest is missing or added
    differing = tuple(n for n, (a, e) in enumerate(pairs, 1) if a != e)
    missing, added = _gone_and_new(actual, expected)
    return VerifyResult(
        pdf,
        manifest,
        file_matches,
        len(actual),
        len(expected),
        differing=differing,
        missing=missing,
        added=added,
        moved=tuple((n, where[actual[n - 1]]) for n in differing if actual[n - 1] in where),
        manifest_given=given,
        document=document,
        outline=outline,
    )


def _gone_and_new(
    actual: Sequence[str], expected: Sequence[str]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The manifest's pages whose content the PDF lacks, and the PDF's pages the manifest does
    not hold, by their own numbers (red team h190: a page deleted at 5 was "missing: page 15",
    whose content was there as page 14). Pages are paired by hash, a page where it belongs
    first, then in order (a page copied twice is added once). A page changed where it stands
    is neither: it differs."""
    spare: dict[str, list[int]] = {}
    for n, h in enumerate(expected, 1):
        if n > len(actual) or actual[n - 1] != h:
            spare.setdefault(h, []).append(n)
    unmatched_new = []
    for n, h in enumerate(actual, 1):
        if n <= len(expected) and expected[n - 1] == h:
            continue
        if spare.get(h):
            spare[h].pop(0)
        else:
            unmatched_new.append(n)
    unmatched_old = sorted(n for ns in spare.values() for n in ns)
    both = set(unmatched_old) & set(unmatched_new)  # changed where it stands
    return (
        tuple(n for n in unmatched_old if n not in both),
        tuple(n for n in unmatched_new if n not in both),
    )


def _outline_problem(pdf: Path, manifest: Mapping[str, Any]) -> str | None:
    """How the bookmarks of `pdf`, a file the manifest gives the SHA-256 of, contradict the
    manifest's items, or None: the build makes both from the same numbers and pages, so a
    manifest edited after the build (an item's pages or title) names pages its own file does
    not. Read once the pages were hashed under limits; bookmarks that cannot be read are not
    compared (the pages were)."""
    try:
        marks = bookmarks(pdf)
        return outline_problem(marks, manifest) or tab_marks_problem(marks, manifest)
    except VerifyError:
        return None


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
    if result.outline is not None:
        return [
            f"{name} has the SHA-256 {against} gives, but its bookmarks contradict {against}: "
            f"{result.outline}",
            f"{name} does not match {against}: {against} names other items, pages or titles "
            "than the file's own (edited after the build?)",
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
