"""One item's pages in the DOCX: its heading, its sections, then a page per exhibit.

The tab's heading (level 1) sits above its first item's heading, on the same page, as in the PDF:
no divider pages. The item heading carries the item's start bookmark and, in the "Item Reference"
character style, `A1 · SF-001`, which the running head shows through a STYLEREF field.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from inquiry.render import wording
from inquiry.render.docx import openxml
from inquiry.render.docx.pandoc_ast import (
    Node,
    header,
    image,
    raw,
    styled,
    styled_para,
    words,
)
from inquiry.render.docx.translate import TEXT_WIDTH_CM, Context, block, fact_rows, inlines
from inquiry.render.nodes import ExhibitView, Fact, ItemView, Text

MAX_PICTURE_HEIGHT_CM = 19.0
"""An exhibit picture's height at most: a page less its heading, details and note."""


def item(ctx: Context, view: ItemView, images: Mapping[tuple[str, int], bytes]) -> list[Node]:
    """The item from its (tab) heading to its last exhibit page."""
    out: list[Node] = []
    if view.first_in_tab:
        out.append(header(1, words(wording.tab_heading(view.tab, view.tab_title))))
    title = [
        *ctx.bookmark(
            openxml.item_start(view.id), [styled("Item Reference", words(view.running_head))]
        ),
        *words(" · "),
        *inlines(ctx, view.title),
    ]
    out.append(header(2, title))
    kind = words(view.kind_name)
    if view.draft:
        kind += [*words(" · "), styled("Draft Label", words(wording.DRAFT))]
    out.append(styled_para("Item Kind", kind))
    head = fact_rows(ctx, view.head, style="Item Head")
    out += [*head[:-1], _restyle(head[-1], "Item Head Last")] if head else []
    for section in view.sections:
        if section.title is not None:
            out.append(header(3, words(section.title)))
        for b in section.blocks:
            out += block(ctx, b)
    for exhibit in view.exhibits:
        out += _exhibit(ctx, view, exhibit, images.get((view.id, exhibit.index)))
    return out


def _restyle(node: Node, style: str) -> Node:
    attrs = node["c"][0]
    return {"t": "Div", "c": [[attrs[0], attrs[1], [["custom-style", style]]], node["c"][1]]}


def _picture_size(data: bytes) -> tuple[float, float]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        width, height = picture.size
    scale = min(TEXT_WIDTH_CM / width, MAX_PICTURE_HEIGHT_CM / height)
    return width * scale, height * scale


def _exhibit(ctx: Context, view: ItemView, exhibit: ExhibitView, data: bytes | None) -> list[Node]:
    """A page for the exhibit: the picture itself, or for a PDF a description standing in for
    the pages the PDF bundle reproduces."""
    title = [
        *ctx.bookmark(
            openxml.exhibit_start(view.id, exhibit.index),
            words(wording.exhibit_heading(view.number, exhibit.index)),
            page_break=True,
        ),
        *words(" · "),
        *inlines(ctx, exhibit.name),
    ]
    out: list[Node] = [header(3, title)]
    if data is not None and exhibit.kind in ("png", "jpeg"):
        width, height = _picture_size(data)
        picture = image(
            data,
            f"image/{exhibit.kind}",
            alt=exhibit.description.plain(),
            title="",
            width_cm=width,
            height_cm=height,
        )
        out.append(styled_para("Figure", [picture]))
    labels = wording.EXHIBIT_FACTS
    rows = [
        Fact(labels[0], exhibit.description),
        Fact(labels[1], exhibit.file),
    ]
    if exhibit.kind == "pdf":
        rows.append(Fact(labels[2], Text.of(f"{exhibit.pages:,}")))
    out += fact_rows(ctx, rows)
    out.append(
        styled_para(
            "Fact",
            [
                styled("Fact Label", words(exhibit.hash_label)),
                raw(openxml.tab()),
                styled("Hash", words(exhibit.sha256)),
            ],
        )
    )
    out.append(styled_para("Exhibit Note", inlines(ctx, exhibit.note)))
    return out


__all__ = ["item"]
