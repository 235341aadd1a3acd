"""redactions.json and references.json: what the build did, for the people who check it.

`redactions.json` is the public edition's redaction schedule, as an inquiry's redaction log is:
one entry per redaction made — in an item's text (its page found by looking for the mark on the
item's own pages) or in an exhibit (from the exhibit's preparation) — with its bundle page and
reason code, never the redacted text. `references.json` lists every `[@ID]` reference a Markdown
field makes, from which item, to which item and bundle page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inquiry.render.nodes import NumberedParagraphs, Prose, Rich

if TYPE_CHECKING:
    from inquiry.exhibits.stage import Ready
    from inquiry.render.pdf.layout import Layout
    from inquiry.render.view import Views


def _dump(data: object, dest: Path) -> None:
    dest.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _riches(view: Any) -> list[Rich]:
    out: list[Rich] = []
    for section in view.sections:
        for block in section.blocks:
            if isinstance(block, Prose):
                out.append(block.rich)
            elif isinstance(block, NumberedParagraphs):
                out += block.paragraphs
    return out


def redactions(
    views: Views,
    layout: Layout | None,
    exhibits: Mapping[tuple[str, int], Ready],
    pdf: Path | None,
) -> list[dict[str, Any]]:
    """One entry per redaction in the edition: item, exhibit (its number, or null), bundle page
    (or null when no PDF was built), code."""
    out: list[dict[str, Any]] = []
    texts = _page_texts(pdf, views, layout) if pdf is not None and layout is not None else {}
    for view in views.items:
        codes = list(view.marks)
        if codes:
            # The tab's heading, over the first item of a tab, shows the tab title's marks: not
            # this item's.
            shown = view.tab_title if view.first_in_tab else ""
            pages = _mark_pages(view.id, codes, texts, layout, shown)
            out += [
                {"item": view.id, "exhibit": None, "page": page, "code": code}
                for code, page in zip(codes, pages, strict=True)
            ]
        for e in view.exhibits:
            ready = exhibits.get((view.id, e.index))
            if ready is None:
                continue
            first = layout.items[view.id].exhibits[e.index - 1][0] if layout else None
            out += [
                {
                    "item": view.id,
                    "exhibit": e.index,
                    "page": (first + page - 1) if first else None,
                    "code": code,
                }
                for page, code in ready.marks
            ]
    return out


HEADER_POINTS = 24 * 72 / 25.4
"""The top margin of an item's pages (`margin: (top: 24mm …)` in the typst template), which
holds the running header: its tab title's marks are on every page and are not the item's."""


def _page_texts(pdf: Path, views: Views, layout: Layout) -> dict[int, str]:
    """The text under the running header of the own pages of every item that shows a mark."""
    import pypdfium2

    wanted: set[int] = set()
    for view in views.items:
        if view.marks:
            first, last = layout.items[view.id].own
            wanted.update(range(first, last + 1))
    out: dict[int, str] = {}
    if not wanted:
        return out
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in sorted(wanted):
            page = document[number - 1]
            width, height = page.get_size()
            textpage = page.get_textpage()
            out[number] = textpage.get_text_bounded(0, 0, width, height - HEADER_POINTS)
            textpage.close()
            page.close()
    finally:
        document.close()
    return out


def _mark_pages(
    item: str,
    codes: list[str | None],
    texts: Mapping[int, str],
    layout: Layout | None,
    shown: str = "",
) -> list[int | None]:
    """The page of each mark, in order: the marks of each code are found in reading order on
    the item's pages (a mark's label is `[CODE]` or `[REDACTED]`), those of the text `shown`
    above the item on its first page left out."""
    if layout is None:
        return [None] * len(codes)
    first, last = layout.items[item].own
    places: dict[str | None, list[int]] = {}
    for code in dict.fromkeys(codes):
        label = _label(code)
        found: list[int] = []
        for page in range(first, last + 1):
            count = texts.get(page, "").count(label)
            if page == first:
                count = max(0, count - shown.count(label))
            found += [page] * count
        places[code] = found
    out: list[int | None] = []
    taken: dict[str | None, int] = {}
    for code in codes:
        k = taken.get(code, 0)
        taken[code] = k + 1
        # A mark the text search cannot place (drawn as a chart's label, say) is given the
        # item's first page: the schedule never drops a redaction.
        out.append(places[code][k] if k < len(places[code]) else first)
    return out


def _label(code: str | None) -> str:
    from inquiry.redaction import mark_label

    return mark_label(code)


def references(views: Views, layout: Layout | None) -> list[dict[str, Any]]:
    """Every `[@ID]` reference made: from which item, to which item, to which bundle page."""
    out = []
    for view in views.items:
        for rich in _riches(view):
            for pin in rich.pins:
                out.append(
                    {
                        "from": view.id,
                        "to": pin.item,
                        "page": layout.page(pin) if layout else None,
                    }
                )
    return out


def pinpoints(views: Views, layout: Layout) -> dict[str, set[str]]:
    """Each item's pinpoints as they read (`C2/11`, without brackets), by the citing item's
    id: what `inquiry diff` compares, since a pinpoint's page changes the citing item's pages
    when the cited item is reissued, though its own file did not change."""
    numbers = {view.id: view.number for view in views.items}
    return {
        view.id: {
            f"{numbers[pin.item]}/{layout.page(pin)}"
            for rich in _riches(view)
            for pin in rich.pins
            if pin.item in numbers
        }
        for view in views.items
    }


def write(
    staged: Path,
    views: Views,
    layout: Layout | None,
    exhibits: Mapping[tuple[str, int], Ready],
    *,
    public: bool,
) -> list[str]:
    """Write the schedules into `staged`; return the names written."""
    pdf = staged / "bundle.pdf"
    written = []
    if public:
        _dump(
            redactions(views, layout, exhibits, pdf if pdf.is_file() else None),
            staged / "redactions.json",
        )
        written.append("redactions.json")
    _dump(references(views, layout), staged / "references.json")
    written.append("references.json")
    return written
