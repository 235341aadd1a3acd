"""The PDF bundle: one typst document for every page, then pikepdf draws the exhibits in.

The order matters: exhibits are prepared first, because their page counts and sizes decide the
placeholder pages typst lays out, and so every page number typst computes (index, pinpoints,
stamps). Only then is the one document compiled, and assembled.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry.errors import BuildFailed
from inquiry.numbering import Plan

if TYPE_CHECKING:
    from inquiry.render.pdf.exhibits import PreparedExhibit


@dataclass(frozen=True)
class ExhibitPages:
    file: str  # as written in the item, relative to evidence/
    sha256: str
    first_page: int
    last_page: int


@dataclass(frozen=True)
class ItemPages:
    first_page: int
    last_page: int  # includes the item's exhibits
    exhibits: tuple[ExhibitPages, ...] = ()


@dataclass(frozen=True)
class PdfLayout:
    """Where everything landed in the bundle, 1-based page numbers."""

    pages: int
    items: dict[str, ItemPages] = field(default_factory=dict)  # by item id


@contextmanager
def _stage(progress: bool, label: str, length: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for one stage, or a no-op tick when progress is off."""
    if not progress:
        yield lambda: None
        return
    import click

    with click.progressbar(length=max(length, 1), label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def render_pdf(
    plan: Plan, *, root: Path, dest: Path, epoch: int, commit: str | None, progress: bool = False
) -> PdfLayout:
    """Write the bundle PDF to `dest` and say where every item and exhibit landed."""
    from inquiry.render.pdf import typst_source
    from inquiry.render.pdf.assemble import Placement, assemble
    from inquiry.render.pdf.compile import compile_pdf
    from inquiry.render.pdf.outline import bookmarks, metadata

    prepared = _prepare(plan, root, progress)
    infos = {
        item_id: [typst_source.ExhibitInfo(ex.file, desc, ex.sizes) for ex, desc in exhibits]
        for item_id, exhibits in prepared.items()
    }
    source = typst_source.document(plan, infos, commit=commit)
    with _stage(progress, "Laying out the bundle", 1) as tick:
        pdf, pages = compile_pdf(source.text, epoch=epoch, names=source.names)
        tick()
    layout = _layout(plan, prepared, pages)
    placements = [
        Placement(ex, pages[typst_source.exhibit_label(item_id, k)])
        for item_id, exhibits in prepared.items()
        for k, (ex, _) in enumerate(exhibits, 1)
    ]
    with _stage(progress, "Assembling exhibits  ", len(placements)) as tick:
        total = assemble(
            pdf,
            placements=placements,
            outline=bookmarks(plan, layout),
            metadata=metadata(plan),
            epoch=epoch,
            dest=dest,
            tick=tick,
        )
    return PdfLayout(total, layout.items)


def _prepare(
    plan: Plan, root: Path, progress: bool
) -> dict[str, list[tuple[PreparedExhibit, str]]]:
    """Every exhibit of every included item, sanitised, with its description; by item id."""
    from inquiry.checks.exhibits import resolve
    from inquiry.render.pdf.exhibits import prepare_exhibit

    wanted = [(n.item.id, e) for n in plan.items for e in n.item.exhibits]
    out: dict[str, list[tuple[PreparedExhibit, str]]] = {}
    with _stage(progress, "Preparing exhibits   ", len(wanted)) as tick:
        for item_id, exhibit in wanted:
            path = resolve(root, exhibit.file)
            if isinstance(path, str):
                raise BuildFailed(message=f"exhibit is {path}", file=exhibit.file)
            out.setdefault(item_id, []).append(
                (prepare_exhibit(path, name=exhibit.file), exhibit.description)
            )
            tick()
    return out


def _layout(
    plan: Plan, prepared: dict[str, list[tuple[PreparedExhibit, str]]], pages: dict[str, int]
) -> PdfLayout:
    from inquiry.render.pdf import typst_source as ts

    items: dict[str, ItemPages] = {}
    last_page = 0
    for entry in plan.items:
        item_id = entry.item.id
        exhibits = []
        for k, (ex, _) in enumerate(prepared.get(item_id, ()), 1):
            first = pages[ts.exhibit_label(item_id, k)]
            exhibits.append(ExhibitPages(ex.file, ex.sha256, first, first + len(ex.sizes) - 1))
        first = pages[ts.item_label(item_id)]
        last = exhibits[-1].last_page if exhibits else pages[ts.end_label(item_id)]
        items[item_id] = ItemPages(first, last, tuple(exhibits))
        last_page = max(last_page, last)
    return PdfLayout(last_page, items)


__all__ = ["ExhibitPages", "ItemPages", "PdfLayout", "render_pdf"]
