"""One typst compile: a document's source in, its PDF and where each anchor landed out.

Runs in a worker process (under the build's time and memory limits). Typst runs in an empty
temporary root holding only the template and the source, with its own embedded fonts and no
system fonts: every machine gives the same pages, and nothing in the evidence can make typst read
a file. Each item's heading carries a label; typst writes a named destination for it, which is
how the item's first page is found in a chunk of several items.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry.tempdirs import private

if TYPE_CHECKING:
    import pikepdf

    from inquiry.redaction import Matcher

TEMPLATE = "template.typ"
ANCHOR_PREFIX = "inq item "


class CompileError(Exception):
    """Typst refused a document: a bug of ours (the evidence reaches typst only as literals)."""


@dataclass(frozen=True)
class Task:
    """A document to compile; `redact` (the edition's redacted strings and codes) asks for the
    compiled pages to be searched for them, as a reader would (see `inquiry.proof`)."""

    source: str
    tagged: bool
    redact: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Compiled:
    """A compiled document: its bytes, page count, the 0-based page of each item anchor, and
    where a redacted string could still be found in it (nothing, unless there is a bug)."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    leaks: tuple[tuple[str, str], ...] = ()
    """(item id, or "" where no item is known, and where in it) for each redacted string found."""


@cache
def template_text() -> str:
    return resources.files("inquiry.render.pdf").joinpath(TEMPLATE).read_text(encoding="utf-8")


COMPILING = (
    "inquiry.render.pdf.compile",
    "inquiry.render.pdf.structure",
    "inquiry/render/pdf/template.typ",
    "inquiry.proof",
    "inquiry.tempdirs",
    "inquiry.typst_words",
    "inquiry.docx_parts",
    "inquiry.docx_words",
    "inquiry.redaction",
    "inquiry.name_patterns",
    "inquiry.name_spaced",
    "inquiry.name_readings",
    "inquiry.name_drawn",
    "inquiry.name_look",
    "inquiry.name_present",
    "inquiry.name_spans",
    "inquiry.drawn_chars",
    "inquiry.redaction_spans",
    "inquiry.name_addresses",
    "inquiry.name_forms",
    "inquiry.name_titles",
    "inquiry.name_gaps",
    "inquiry.folding",
    "inquiry.folding_chars",
    "inquiry.marked_letters",
    "inquiry.look_alikes",
    "inquiry.imagetexts",
    "inquiry.pdfobjects",
    "inquiry.content_strings",
    "inquiry.pdf_names",
    "inquiry.pagehash_values",
    "inquiry.embedded",
)
"""The code that makes a compiled piece (`compile_task` and every module of ours it imports, the
template), whose digest is in the piece's cache key (`engine_version`)."""


@cache
def engine_version() -> str:
    """What shapes compiled pages besides the source: the versions of typst and of the libraries
    that finish and search a piece, and the source of the code that does it (`COMPILING`)."""
    from inquiry.cache_keys import code_digest, library_versions

    libraries = library_versions("typst", "pikepdf", "pypdfium2", "lxml")
    return f"{libraries}|{code_digest(*COMPILING)}"


def compile_task(task: Task) -> Compiled:
    """Compile `task.source`; raise CompileError with typst's first diagnostic on failure."""
    import typst

    with private("typst") as tmp:
        root = Path(tmp)
        (root / TEMPLATE).write_text(template_text(), encoding="utf-8")
        main = root / "main.typ"
        main.write_text(task.source, encoding="utf-8")
        try:
            pdf = typst.compile(
                main,
                root=root,
                font_paths=[],
                ignore_system_fonts=True,
                format="pdf",
                timestamp=0,
                pdf_tags=task.tagged,
            )
        except Exception as exc:  # typst raises TypstError or RuntimeError with diagnostics
            raise CompileError(_describe(exc)) from None
        if not isinstance(pdf, bytes):
            raise CompileError("typst returned no PDF")
        prefix = None
        if task.tagged:
            digest = hashlib.sha256(task.source.encode("utf-8", "surrogatepass")).hexdigest()
            prefix = f"p{digest[:10]}-"
        # Read back from a file: qpdf parses objects from its own file reader about twice as
        # fast as through a Python stream (the index's 18,000 objects: 0.19 s against 0.46 s).
        written = root / "typst.pdf"
        written.write_bytes(pdf)
        pdf, pages, anchors = _finish(written, pdf, prefix)
    leaks: tuple[tuple[str, str], ...] = ()
    if task.redact:
        from inquiry.proof import piece_leaks
        from inquiry.redaction import Matcher

        matcher = Matcher.of(task.redact)
        found = piece_leaks(pdf, task.source, matcher)
        # Where, never the string itself: logs are public.
        leaks = tuple(
            _source_item(task.source, matcher)
            if leak.where == "typst source"
            else _item_of(leak.where, anchors)
            for leak in found
        )
    return Compiled(pdf, pages, anchors, leaks)


_ITEM_START = re.compile(r"^(?=#item-page\()", re.MULTILINE)
_ANCHOR = re.compile(r'anchor: "' + re.escape(ANCHOR_PREFIX) + r'((?:[^"\\]|\\.)*)"')


def item_parts(source: str) -> tuple[str, list[str]]:
    """A piece's typst source cut before each item's `#item-page(…)` call, which starts a line
    (evidence text cannot: its `#` is escaped): what comes before the first (the template and
    its settings), and each item's part, in order."""
    head, *parts = _ITEM_START.split(source)
    return head, parts


def _source_item(source: str, matcher: Matcher) -> tuple[str, str]:
    """(the item whose part of a piece's typst source holds a redacted string, where) — each
    item's part searched on its own; ("", "typst source") when none does (a string across two
    items, or in what no item holds)."""
    from inquiry.typst_words import source_text

    for part in item_parts(source)[1]:
        anchor = _ANCHOR.search(part)
        if anchor is not None and matcher.search(source_text(part)):  # as the proof reads it
            return anchor.group(1), "its typst source"
    return "", "typst source"


def _item_of(where: str, anchors: dict[str, int]) -> tuple[str, str]:
    """(the item laid out on a piece's page, and which of its pages) for a leak found in
    `page N text`; ("", where) when no item starts on or before that page."""
    found = re.fullmatch(r"page (\d+) text", where)
    if found is None:
        return "", where
    page = int(found.group(1)) - 1
    # Front-matter anchors (`:index`) are no item: no item id starts with a colon.
    starts = [(f, item) for item, f in anchors.items() if f <= page and not item.startswith(":")]
    if not starts:
        return "", where
    first, item = max(starts)
    return item, f"its page {page - first + 1} as laid out"


def _finish(path: Path, pdf: bytes, prefix: str | None) -> tuple[bytes, int, dict[str, int]]:
    """The PDF (`pdf`, written at `path`) with its structure ids made unique (when `prefix`),
    its page count and the page of each anchor, from one reading of it."""
    import pikepdf

    with pikepdf.open(path) as doc:
        pages, anchors = _anchors(doc)
        tree = doc.Root.get("/StructTreeRoot")
        if prefix is None or not isinstance(tree, pikepdf.Dictionary) or "/IDTree" not in tree:
            return pdf, pages, anchors
        # Structure ids (table cells') are numbered from scratch in every document: made unique
        # here, once per piece and in parallel, so assembly need not walk every tree.
        from inquiry.render.pdf.structure import unique_ids

        unique_ids(doc, prefix)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue(), pages, anchors


def _anchors(doc: pikepdf.Pdf) -> tuple[int, dict[str, int]]:
    import pikepdf

    pages = list(doc.pages)
    index = {page.obj.objgen: i for i, page in enumerate(pages)}
    found: dict[str, int] = {}
    names = doc.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
        for key, target in pikepdf.NameTree(names.Dests).items():
            name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
            if not name.startswith(ANCHOR_PREFIX):
                continue
            if isinstance(target, pikepdf.Dictionary) and "/D" in target:
                target = target.D
            if isinstance(target, pikepdf.Array) and len(target) and target[0].is_indirect:
                found[name[len(ANCHOR_PREFIX) :]] = index[target[0].objgen]
    return len(pages), found


_TEMPORARY = re.compile(r"\S*inquiry-typst-\S*")


def _describe(exc: Exception) -> str:
    """Typst's message alone: never its diagnostic, which quotes the generated source (a line
    that may hold a redacted string the piece's search never got to check), nor a temporary
    path."""
    message = " ".join(str(getattr(exc, "message", "") or exc).split())
    return _TEMPORARY.sub("(the layout)", message)[:300]
