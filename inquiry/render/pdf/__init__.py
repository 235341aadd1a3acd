"""The PDF bundle: items laid out in chunks, numbered in Python, assembled with their exhibits.

The order matters (Sphinx's "resolve once, then write in parallel"):
1. every Markdown field is written as typst once (one pandoc call, cached);
2. items are laid out in small chunks, in parallel and cached (batch.py), with their pinpoints
   taken from an estimate of where pages will land; their page counts give the real layout
   (layout.py);
3. chunks whose pinpoints the real layout changes are laid out again (typst's in-process memory
   makes that cheap: a chunk goes back to the worker that laid it out) until nothing changes —
   pinpoints use tabular figures, so a number's value never changes a page break;
4. the front matter is laid out last, from the known numbers;
5. assembly merges the pieces and the prepared exhibits, stamps every page number, resolves links
   and writes bookmarks and metadata.
An item's typst depends on where it lands only through the numbers of the pinpoints its text
cites, so a chunk whose items and numbers are unchanged is never laid out again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry.errors import BuildFailed
from inquiry.numbering import Plan
from inquiry.problems import Problem
from inquiry.render.nodes import ItemView, Rich
from inquiry.render.pdf import hints
from inquiry.render.pdf import typst_front as tf
from inquiry.render.pdf import typst_source as ts
from inquiry.render.pdf.batch import compile_batch
from inquiry.render.pdf.compile import Compiled
from inquiry.render.pdf.layout import ANNEX, Layout, Pieces, compute, compute_served
from inquiry.render.pdf.pins import exhibits_replaced, pins_beyond
from inquiry.render.richtext import Store, Tokenised, render
from inquiry.render.view import Views

if TYPE_CHECKING:
    from inquiry.workers import Pool

CHUNK_TARGET = 12
"""Items per chunk on average: small enough that an edit re-lays out little, large enough that
font subsets and per-document costs stay small."""
CHUNK_MAX = 32
CHUNK_WEIGHT = 600_000
"""The most a chunk holds, in characters of its fields' typst (see `FOOTNOTE_WEIGHT`), unless
one item alone holds more: typst needs about 0.4 MB for each thousand, so a chunk of long
testimonies stays near 0.3 GB, well inside `limits.TYPST_MEMORY`."""
FOOTNOTE_WEIGHT = 8_500
"""What a footnote weighs, in characters: typst's memory grows by about 3.4 MB for each
footnote of a document (it lays out each footnote's page again), as much as for 8,500 characters
of text. 27 testimonies with 162 footnotes took 0.9 GB in one chunk and ran out of memory."""
MAX_PASSES = 5


@dataclass(frozen=True)
class ExhibitFile:
    """A prepared exhibit on disk and its page sizes (strip included)."""

    path: Path
    sizes: tuple[tuple[float, float], ...]
    source_sha256: str = ""  # the coalition's file's (`stage.Ready.source_sha256`)


@dataclass(frozen=True)
class PdfResult:
    pages: int
    layout: Layout
    warnings: tuple[Problem, ...] = ()
    glyphs: Path | None = None
    """The compiled pieces of every page stamp and exhibit caption (`stamps.glyph_source`),
    for exhibits stamped alone (the HTML edition's copies); None when not asked for."""


def chunks(
    items: Sequence[ItemView], weight: Callable[[ItemView], int] = lambda view: 0
) -> list[list[ItemView]]:
    """Consecutive items grouped by content-defined boundaries: an item whose id hashes to 0
    modulo CHUNK_TARGET ends its chunk, so inserting or editing an item changes one chunk only.
    A chunk also ends at CHUNK_MAX items, and before an item that would take its `weight` past
    CHUNK_WEIGHT (so that typst lays out no chunk too large for its memory)."""
    out: list[list[ItemView]] = [[]]
    held = 0
    for view in items:
        heavy = weight(view)
        if out[-1] and held + heavy > CHUNK_WEIGHT:
            out.append([])
            held = 0
        out[-1].append(view)
        held += heavy
        digest = int(hashlib.sha256(view.id.encode()).hexdigest()[:8], 16)
        if digest % CHUNK_TARGET == 0 or len(out[-1]) >= CHUNK_MAX:
            out.append([])
            held = 0
    return [c for c in out if c]


def typst_weight(view: ItemView, rich: Mapping[str, Tokenised]) -> int:
    """An item's weight for `chunks`: its fields' typst, in characters, and its footnotes."""
    texts = [rich[r.key].text for s in view.sections for b in s.blocks for r in _riches(b)]
    return sum(len(t) + FOOTNOTE_WEIGHT * t.count("#footnote") for t in texts)


class Unsettled(BuildFailed):
    """The layout passes found no page numbers consistent with the pieces' page counts."""


class ServedItemGrew(Exception):
    """Served items (or indexes) that no longer fit their served pages."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = tuple(ids)


def render_pdf(
    views: Views,
    *,
    plan: Plan,
    exhibits: Mapping[tuple[str, int], ExhibitFile],
    dest: Path | None,
    workdir: Path,
    epoch: int,
    pool: Pool,
    cache: Store | None,
    tagged: bool = True,
    glyphs: bool = False,
    tick: Callable[[str, int, int], None] = lambda stage, done, total: None,
) -> PdfResult:
    """Write the bundle PDF to `dest` (using `workdir` for pieces); say where everything landed.

    With `dest` None the bundle is laid out but not assembled: the page numbers an edition
    without the PDF (HTML or DOCX alone) shows are the ones the PDF would have. With `glyphs`,
    the stamps' and captions' pieces are kept in `workdir` (and their path returned) whether
    or not the bundle is assembled."""
    from inquiry.render.pdf import assemble as asm
    from inquiry.render.pdf.outline import bookmarks, metadata
    from inquiry.render.pdf.stamps import glyph_source, spared
    from inquiry.render.pdf.structure import Figure

    front = views.front
    redact = tuple((e.text, e.code) for e in views.matcher.entries)
    item_files = {n.entry.item.id: n.entry.file for n in plan.items}
    restricted = "RESTRICTED EDITION — NOT FOR PUBLICATION" if front.restricted else None
    preamble = ts.preamble(restricted=restricted, language=front.language)
    riches = [r for v in views.items for s in v.sections for b in s.blocks for r in _riches(b)]
    written_typst = render(riches, "typst", cache=cache)
    rich = ts.RichTypst(written_typst)
    groups = chunks(views.items, lambda view: typst_weight(view, written_typst))
    order = [(v.id, v.number) for v in views.items]
    exhibit_counts = {
        v.id: tuple(len(exhibits[(v.id, e.index)].sizes) for e in v.exhibits) for v in views.items
    }
    exhibit_sha256 = {v.id: tuple(e.sha256 for e in v.exhibits) for v in views.items}

    written: dict[tuple[str, tuple[int, ...]], str] = {}

    def item_source(view: ItemView, numbers: ts.Numbers) -> str:
        # An item's typst depends on where pages land only through its pinpoints' numbers.
        key = (view.id, tuple(numbers.page(p) for p in view.pins))
        if key not in written:
            written[key] = ts.item(view, rich, numbers)
        return written[key]

    index_groups: list[int] = []  # the group of each index piece: the same for any numbers
    whole: set[int] = set()  # index groups laid out as before stop 43 (see below)

    def sources_for(numbers: ts.Numbers) -> list[str]:
        out = [preamble + "\n".join(item_source(v, numbers) for v in g) + "\n" for g in groups]
        pieces = tf.index_pieces(front, numbers, preamble_=preamble, whole=whole)
        index_groups[:] = [group for group, _ in pieces]
        return out + [source for _, source in pieces]

    compiled: dict[str, Compiled] = {}
    laid = [0, 0]  # pieces laid out and to lay out, over every pass: the phase has one counter

    def lay_out(todo: Sequence[str], sources: Sequence[str]) -> list[Compiled]:
        """Compile `todo` (of the pieces `sources`), keeping each result in `compiled`."""
        held = {src: [v.id for v in g] for src, g in zip(sources, groups, strict=False)}
        laid[1] += len(todo)
        tick("Laying out the items", *laid)

        def one_more() -> None:
            laid[0] += 1
            tick("Laying out the items", *laid)

        named = tf.piece_names(index_groups, sources[len(groups) :])
        made = compile_batch(
            todo, pool, cache, tagged, sources, redact, item_files, held, one_more, named
        )
        compiled.update(zip(todo, made, strict=True))
        return made

    def settle(memo: hints.Memo | None) -> tuple[Layout, list[str]]:
        """The layout the estimate leads to, and its pieces' sources; each pass compiles only
        the pieces whose page counts `memo` cannot tell (all, without one)."""

        def widths_for(numbers: ts.Numbers) -> list[str]:
            return sources_for(hints.Widths(numbers) if memo is not None else numbers)

        numbers: ts.Numbers = hints.estimate(views.items, exhibit_counts)
        for _ in range(MAX_PASSES):
            sources, widths = sources_for(numbers), widths_for(numbers)
            counted: dict[str, Compiled] = {}
            for source, width in zip(sources, widths, strict=True):
                hit = memo.get(width) if memo is not None and source not in compiled else None
                if hit is not None:
                    counted[source] = Compiled(b"", hit[0], hit[1])
            # The indexes first: each is one long compile, which should not be the last to start.
            longest_first = [*sources[len(groups) :], *sources[: len(groups)]]
            todo = [
                s for s in dict.fromkeys(longest_first) if s not in compiled and s not in counted
            ]
            made = lay_out(todo, sources)
            if memo is not None:
                width_of = dict(zip(sources, widths, strict=True))
                for source, result in zip(todo, made, strict=True):
                    memo.put(width_of[source], result.pages, result.anchors)
            counted.update((s, compiled[s]) for s in sources if s not in counted)
            layout = _layout([counted[s] for s in sources])
            # The pieces show the numbers of the layout their own page counts make: settled.
            if widths_for(layout) == widths:
                return layout, sources_for(layout)
            numbers = layout
        raise Unsettled(message="page numbers did not settle after several layout passes")

    def _layout(results: Sequence[Compiled]) -> Layout:
        pieces = _pieces(groups, results[: len(groups)], exhibit_counts, exhibit_sha256)
        index_pages: dict[int, int] = {}
        for g, r in zip(index_groups, results[len(groups) :], strict=True):
            index_pages[g] = index_pages.get(g, 0) + r.pages
        if plan.served is None:
            return compute(index_pages[0], order, pieces, index_pages.get(ANNEX, 0))
        return compute_served(plan, index_pages, pieces)

    def settled() -> tuple[Layout, list[str]]:
        memo = hints.Memo(cache, tagged) if cache is not None else None
        try:
            layout, sources = settle(memo)
        except Unsettled:
            if memo is None:
                raise
            memo = None  # counts remembered wrongly kept it from settling: nothing remembered
            layout, sources = settle(None)
        if memo is not None:
            # The settled pieces, compiled as they are (what is assembled), must make the layout
            # they show; a count remembered wrongly means it is made again from compiled pieces.
            lay_out([s for s in dict.fromkeys(sources) if s not in compiled], sources)
            if sources_for(_layout([compiled[s] for s in sources])) != sources:
                layout, sources = settle(None)
        return layout, sources

    layout, sources = settled()
    grown = {int(g.split()[1]) for g in layout.grew if g.startswith("index ")} - {ANNEX}
    if grown:
        # An index served as laid out before stop 43 (one document, its number column never
        # widened) can take a page more now: it is laid out so again, as it was served.
        whole.update(grown)
        layout, sources = settled()
    if layout.grew:
        raise ServedItemGrew(layout.grew)

    warnings = (
        *pins_beyond(views, layout, plan),
        *exhibits_replaced(views, layout, plan, {k: e.source_sha256 for k, e in exhibits.items()}),
    )
    captions = [(e.caption[0], e.caption[2]) for v in views.items for e in v.exhibits]
    glyph_path, filler_path = workdir / "glyphs.pdf", workdir / "fillers.pdf"
    if dest is not None or glyphs:
        # The glyph pieces are drawn inside pagination artifacts: they must carry no tags.
        sheet = compile_batch([glyph_source(captions)], pool, cache, False, None, redact)[0]
        glyph_path.write_bytes(sheet.pdf)
    kept = glyph_path if glyphs else None
    if dest is None:
        return PdfResult(layout.count, layout, warnings, kept)

    files = {source: workdir / f"piece-{i:05d}.pdf" for i, source in enumerate(sources)}
    for source, path in files.items():
        path.write_bytes(compiled[source].pdf)
    filler_runs = [run for run in layout.runs if run.kind == "filler"]
    if filler_runs:
        filler_source = ts.filler_pages(filler_runs, dict(front.tab_titles), preamble_=preamble)
        made = compile_batch([filler_source], pool, cache, tagged, None, redact)
        filler_path.write_bytes(made[0].pdf)
    pool.release()  # nothing more to compile: the workers' memory is assembly's to use

    chunk_of = {v.id: g for g, group in enumerate(groups) for v in group}
    index_files: dict[int, list[tuple[Path, int]]] = {}
    for g, s in zip(index_groups, sources[len(groups) :], strict=True):
        index_files.setdefault(g, []).append((files[s], compiled[s].pages))
    segments: list[asm.Segment] = []
    filler_next = 1
    for run in layout.runs:
        count = run.last - run.first + 1
        if run.kind == "index":  # its pieces' pages in turn, as many as the run has
            for path, pages in index_files[run.index]:
                if count > 0:
                    segments.append(asm.Segment(path, 1, min(pages, count)))
                count -= pages
        elif run.kind == "item":
            source = sources[chunk_of[run.item]]
            start = compiled[source].anchors[run.item] + 1
            segments.append(asm.Segment(files[source], start, start + count - 1))
        elif run.kind == "exhibit":
            segments.append(asm.Segment(exhibits[(run.item, run.index)].path, 1, count))
        else:
            segments.append(asm.Segment(filler_path, filler_next, filler_next + count - 1))
            filler_next += count
    figures = [
        Figure(
            f"Exhibit {e.index} of {view.number} ({view.id})",
            e.description.plain(),
            range(first, last + 1),
        )
        for view in views.items
        for e, (first, last) in zip(view.exhibits, layout.items[view.id].exhibits, strict=True)
    ]
    caption_index = {
        (v.id, e.index): k
        for k, (v, e) in enumerate((v, e) for v in views.items for e in v.exhibits)
    }
    tick("Assembling the bundle", 0, layout.count)
    done = [0]

    def page_done() -> None:
        done[0] += 1
        if done[0] % 500 == 0 or done[0] == layout.count:
            tick("Assembling the bundle", done[0], layout.count)

    pages = asm.assemble(
        segments,
        dest,
        layout=layout,
        glyphs=glyph_path,
        captions=caption_index,
        spare=[spared(before, after) for before, after in captions],
        outline=bookmarks(
            views.items,
            layout,
            supplements=front.supplements,
            tabs=dict(front.tab_titles),
            parts=_index_anchors(index_groups, [compiled[s] for s in sources[len(groups) :]]),
            shows=lambda text: bool(views.matcher.search(text)),
        ),
        metadata=metadata(front),
        epoch=epoch,
        tagged={*files.values(), filler_path} if tagged else set(),
        figures=figures,
        tick=page_done,
    )
    return PdfResult(pages, layout, warnings, kept)


def _index_anchors(groups: Sequence[int], pieces: Sequence[Compiled]) -> dict[int, dict[str, int]]:
    """Each index group's anchors, 0-based from its first page, over its pieces in turn."""
    out: dict[int, dict[str, int]] = {}
    before: dict[int, int] = {}
    for group, piece in zip(groups, pieces, strict=True):
        at = out.setdefault(group, {})
        for key, page in piece.anchors.items():
            at.setdefault(key, before.get(group, 0) + page)
        before[group] = before.get(group, 0) + piece.pages
    return out


def _riches(block: object) -> list[Rich]:
    from inquiry.render.nodes import NumberedParagraphs, Prose

    if isinstance(block, Prose):
        return [block.rich]
    if isinstance(block, NumberedParagraphs):
        return list(block.paragraphs)
    return []


def _pieces(
    groups: Sequence[Sequence[ItemView]],
    results: Sequence[Compiled],
    exhibit_counts: Mapping[str, tuple[int, ...]],
    exhibit_sha256: Mapping[str, tuple[str, ...]],
) -> dict[str, Pieces]:
    out: dict[str, Pieces] = {}
    for group, result in zip(groups, results, strict=True):
        starts = []
        for view in group:
            if view.id not in result.anchors:
                raise BuildFailed(message=f"typst did not place item {view.id}")
            starts.append(result.anchors[view.id])
        ends = [*starts[1:], result.pages]
        for view, start, end in zip(group, starts, ends, strict=True):
            out[view.id] = Pieces(
                max(1, end - start), exhibit_counts[view.id], exhibit_sha256[view.id]
            )
    return out


__all__ = ["ExhibitFile", "PdfResult", "chunks", "render_pdf"]
