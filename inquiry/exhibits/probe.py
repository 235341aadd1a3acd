"""`validate` opens every exhibit as the build will: the same code, the same limits.

An exhibit that the build would refuse (encrypted, damaged, truncated, a bomb, no pages, a page
too thin to show) is refused here first, at the item's line, so a pull request learns of it from
`validate` and not from a failed build. The probe also learns each exhibit's page count, which
is how a redaction region on a page the exhibit does not have is found, and which pages have no
text (a search of the bundle would miss their words unless OCR reads them).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path

from inquiry.checks.common import at
from inquiry.checks.redaction import Region, region_problems, regions
from inquiry.exhibits.edition import cropped_pages, turned_pages
from inquiry.exhibits.files import resolve
from inquiry.exhibits.prepare import Options
from inquiry.exhibits.stage import Ready, Request, prepare_many
from inquiry.load import Corpus, Entry
from inquiry.problems import Problem
from inquiry.tempdirs import private

FILE_PROBLEMS = frozenset(
    {
        "exhibit-missing",
        "exhibit-not-file",
        "exhibit-outside",
        "exhibit-path-control",
        "exhibit-sha256",
        "exhibit-too-large",
        "exhibit-type",
        "exhibit-unreadable",
    }
)
"""The errors in an exhibit's file that `validate` finds without opening it (at its line). A
warning (a path written `./exhibits//a.pdf`, a file attached twice) leaves the file to be opened:
stop 29 found a damaged PDF passing `validate` because its path was not written plainly."""
STRIP = 28.0  # as render/pdf/stamps.py: the same prepared pages, so the build reuses them


def probe(
    corpus: Corpus,
    known: list[Problem],
    *,
    jobs: int | None = None,
    include_drafts: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Problem]:
    """Problems found by opening every exhibit that passed the cheaper checks (`known`: the
    problems found so far; an exhibit with one of `FILE_PROBLEMS` at its line is not opened):
    what preparing it refuses, a redaction region off its pages, and the exhibit that takes an
    edition's pages over `limits.BUNDLE_PAGES` (drafts counted with `include_drafts`)."""

    from inquiry import limits
    from inquiry.cache import Cache
    from inquiry.exhibits.ocr import ocr_available
    from inquiry.workers import Pool

    # Only a problem with the exhibit's file itself (missing, outside, a wrong type, a pin that
    # differs) keeps it closed: an exhibit written on one line (`- {file: …, redact: […]}`)
    # puts every other problem of its entry at the same line, and a bad box must not hide that
    # another region names a page the exhibit does not have.
    flagged = {(p.file, p.line) for p in known if p.code in FILE_PROBLEMS and p.severity == "error"}
    wanted: list[tuple[Entry, int, Request]] = []
    for entry in corpus.entries:
        fields = entry.fields
        for i in fields.indices("exhibits"):
            file = fields.text("exhibits", i, "file")
            if file is None:
                continue
            pos = entry.doc.value_pos(("exhibits", i, "file"))
            if (entry.file, pos.line) in flagged:
                continue
            path = resolve(corpus.root, file)
            if isinstance(path, Path) and path.is_file():
                wanted.append((entry, i, Request(path, file, Options(STRIP, ocr="never"))))
    if not wanted:
        return []
    with (
        private("probe") as tmp,
        Pool(jobs=jobs, memory=limits.EXHIBIT_MEMORY) as pool,
    ):
        results = prepare_many(
            [r for _, _, r in wanted],
            pool=pool,
            seconds=limits.EXHIBIT_SECONDS,
            cache=Cache(),
            workdir=Path(tmp),
            budget=limits.exhibits_budget(_total_size(r.path for _, _, r in wanted)),
            progress=progress,
        )
        by_exhibit: dict[tuple[str, int], list[Region]] = {}
        for region in regions(corpus):
            by_exhibit.setdefault((region.entry.file, region.exhibit), []).append(region)
        sizes = {  # read while the prepared files are at hand
            (entry.file, i): page_sizes(result.path)
            for (entry, i, _), result in zip(wanted, results, strict=True)
            if isinstance(result, Ready)
            and any(r.box is not None for r in by_exhibit.get((entry.file, i), []))
        }
    out: list[Problem] = []
    ocr = None
    for (entry, i, request), result in zip(wanted, results, strict=True):
        where = ("exhibits", i, "file")
        if not isinstance(result, Ready):
            out.append(at(entry, where, result.code, f"exhibit `{request.name}` {result.message}"))
            continue
        for region in by_exhibit.get((entry.file, i), []):
            out += region_problems(region, result.pages, sizes.get((entry.file, i), ()))
        if result.turned:
            message, hint = turned_pages(request.name, result.turned)
            out.append(at(entry, where, "exhibit-turned", message, hint, severity="warning"))
        if result.cropped:
            message, hint = cropped_pages(request.name, result.cropped)
            out.append(at(entry, where, "exhibit-cropped-text", message, hint, severity="warning"))
        if result.no_text:
            ocr = ocr_available() if ocr is None else ocr
            out.append(
                at(
                    entry,
                    where,
                    "exhibit-no-text",
                    *no_text(request.name, result.no_text, ocr=ocr),
                    severity="warning",
                )
            )
    counted = {
        (entry.file, i): (entry, request.name, result.pages)
        for (entry, i, request), result in zip(wanted, results, strict=True)
        if isinstance(result, Ready)
    }
    return out + too_many_pages(corpus, counted, include_drafts=include_drafts)


def no_text(name: str, pages: tuple[int, ...], *, ocr: bool) -> tuple[str, str]:
    """The message and hint of `validate`'s `exhibit-no-text`: pages without a text layer
    (image-only pages, a PNG or JPEG) are named whether or not the build can read them by OCR,
    since OCR's words are a machine's reading of the page, not the page's own."""
    listed = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
    message = f"exhibit `{name}` has {len(pages)} page(s) without text (page {listed})"
    if ocr:
        return (
            f"{message}: the build gives them a text layer by OCR",
            "OCR's words may differ from the page's: search the built bundle for a few of them; "
            "a photograph with no words needs nothing",
        )
    return (
        f"{message}: a search of the bundle will miss their words",
        "install Tesseract (tesseract-ocr, tesseract-ocr-eng) and ocrmypdf, and the build "
        "reads them",
    )


def page_sizes(prepared: Path) -> tuple[tuple[float, float], ...]:
    """Each page's width and height in the exhibit's own user space (its CropBox within its
    MediaBox, before /Rotate and /UserUnit), which is what the public build's redaction
    measures a region against (pdfium's page box there): the prepared page draws the exhibit's
    page as a form whose BBox is that box. Empty when the file is not as prepared."""
    import pikepdf

    out = []
    try:
        with pikepdf.open(prepared) as pdf:
            for page in pdf.pages:
                x0, y0, x1, y1 = (float(v) for v in page.Resources.XObject.Exh0.BBox)
                out.append((x1 - x0, y1 - y0))
    except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError, OSError):
        return ()
    return tuple(out)


def too_many_pages(
    corpus: Corpus,
    counted: dict[tuple[str, int], tuple[Entry, str, int]],
    *,
    include_drafts: bool = False,
) -> list[Problem]:
    """`exhibit-too-large` at the exhibit that takes an edition's exhibit pages over
    `limits.BUNDLE_PAGES`, as the build says it (`edition.outcomes`): the public edition's, or
    else the restricted one's (every item). `counted`: the pages of each exhibit opened, by
    (item file, index). Items are taken in the build's order when submission.yaml can be read
    (its tabs, then date and id), else in the order of their files."""
    from inquiry import numbering
    from inquiry.exhibits.edition import over_bundle_pages
    from inquiry.limits import BUNDLE_PAGES

    if sum(pages for _, _, pages in counted.values()) <= BUNDLE_PAGES:
        return []
    by_file: dict[str, list[tuple[int, Entry, str, int]]] = {}
    for (file, i), (entry, name, pages) in sorted(counted.items(), key=lambda kv: kv[0]):
        by_file.setdefault(file, []).append((i, entry, name, pages))
    for audience in ("public", "restricted"):
        if corpus.submission is not None:
            plan = numbering.plan(corpus, audience=audience, include_drafts=include_drafts)
            files = [n.entry.file for n in plan.items]
        else:
            files = [
                e.file
                for e in corpus.entries
                if (include_drafts or not e.draft)
                and (audience == "restricted" or e.fields.text("audience") != "restricted")
            ]
        total = 0
        for file in files:
            for i, entry, name, pages in by_file.get(file, []):
                total += pages
                if total - pages <= BUNDLE_PAGES < total:
                    whose = "" if audience == "public" else " (the restricted bundle: every item)"
                    message, hint = over_bundle_pages(name, total, BUNDLE_PAGES)
                    where = ("exhibits", i, "file")
                    return [at(entry, where, "exhibit-too-large", message, hint + whose)]
    return []


def _total_size(paths: Iterable[Path]) -> int:
    """The bytes of the distinct files among `paths` (one attached twice counts once)."""
    total = 0
    for path in {p.resolve() for p in paths}:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total
