"""Constructors for the pandoc AST nodes the DOCX is built from.

Plain text only ever enters as `Str` and `Space` nodes, so no character of it is read as markup
by anyone; styles are asked for by name through pandoc's `custom-style` attribute, which the
reference document defines.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from typing import Any

Node = dict[str, Any]
_NO_ATTR: list[Any] = ["", [], []]
_SPACES = re.compile(r"([ \t\r\n]+)")


def words(text: str) -> list[Node]:
    """`text` as one Str node, each run of ordinary white space one space (no-break spaces
    stay). pandoc writes a Str holding spaces as it writes Str and Space nodes, and a run of
    words as one node takes a fraction of pandoc's memory and time on a large bundle."""
    text = _SPACES.sub(" ", text)
    return [{"t": "Str", "c": text}] if text else []


def merge_words(inlines: list[Any]) -> list[Any]:
    """Consecutive Str, Space and SoftBreak nodes of an inline list as one Str (see `words`)."""
    out: list[Any] = []
    for node in inlines:
        t = node.get("t") if type(node) is dict else None
        if t == "Str" or t == "Space" or t == "SoftBreak":
            text = node["c"] if t == "Str" else " "
            last = out[-1] if out else None
            if type(last) is dict and last.get("t") == "Str":
                out[-1] = {"t": "Str", "c": last["c"] + text}
            else:
                out.append({"t": "Str", "c": text})
        else:
            out.append(node)
    return out


def styled(style: str, inlines: Sequence[Node]) -> Node:
    """Inlines in a character style."""
    return {"t": "Span", "c": [["", [], [["custom-style", style]]], list(inlines)]}


def raw(xml: str) -> Node:
    """OpenXML we generate (fields, bookmarks), never text of the evidence."""
    return {"t": "RawInline", "c": ["openxml", xml]}


def link(target: str, inlines: Sequence[Node]) -> Node:
    return {"t": "Link", "c": [list(_NO_ATTR), list(inlines), [target, ""]]}


def line_break() -> Node:
    return {"t": "LineBreak"}


def para(inlines: Sequence[Node]) -> Node:
    return {"t": "Para", "c": list(inlines)}


def div(style: str, blocks: Sequence[Node]) -> Node:
    """Blocks whose paragraphs take a paragraph style."""
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], list(blocks)]}


def styled_para(style: str, inlines: Sequence[Node]) -> Node:
    return div(style, [para(inlines)])


def header(level: int, inlines: Sequence[Node]) -> Node:
    """A heading without an identifier: pandoc adds no bookmark of its own."""
    return {"t": "Header", "c": [level, list(_NO_ATTR), list(inlines)]}


def image(
    data: bytes, mime: str, *, alt: str, title: str, width_cm: float, height_cm: float
) -> Node:
    """A picture embedded as a data URI (pandoc runs sandboxed and reads no file)."""
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    size = [["width", f"{width_cm:.2f}cm"], ["height", f"{height_cm:.2f}cm"]]
    return {"t": "Image", "c": [["", [], size], words(alt), [uri, title]]}


# "default": the paragraphs' own alignment (a justified style stays justified).
_ALIGN = {"left": "AlignLeft", "right": "AlignRight", "default": "AlignDefault"}


def table(
    widths: Sequence[float],
    aligns: Sequence[str],
    head: Sequence[Sequence[Node]] | None,
    rows: Sequence[Sequence[tuple[list[Node], int]]],
    *,
    cell_style: str | None = "Table Text",
) -> Node:
    """A table: `head` holds one cell's blocks per column; each row holds (blocks, column span)
    per cell. Cell paragraphs take `cell_style` (None: the styles the blocks ask for). `aligns`
    are "left", "right" or "default"."""

    def cell(blocks: list[Node], span: int, align: str) -> list[Any]:
        alignment = {"t": _ALIGN.get(align, "AlignLeft")}
        content = [div(cell_style, blocks)] if cell_style is not None else list(blocks)
        return [list(_NO_ATTR), alignment, 1, span, content]

    def row(cells: Sequence[tuple[list[Node], int]]) -> list[Any]:
        out, column = [], 0
        for blocks, span in cells:
            out.append(cell(blocks, span, aligns[column] if span == 1 else "left"))
            column += span
        return [list(_NO_ATTR), out]

    colspecs = [
        [{"t": _ALIGN.get(a, "AlignLeft")}, {"t": "ColWidth", "c": w}]
        for w, a in zip(widths, aligns, strict=True)
    ]
    head_rows = [row([(list(c), 1) for c in head])] if head is not None else []
    return {
        "t": "Table",
        "c": [
            list(_NO_ATTR),
            [None, []],
            colspecs,
            [list(_NO_ATTR), head_rows],
            [[list(_NO_ATTR), 0, [], [row(r) for r in rows]]],
            [list(_NO_ATTR), []],
        ],
    }


def json_blocks(blocks: list[Node]) -> str:
    """Blocks as compact JSON without the enclosing brackets, to be joined with others."""
    return json.dumps(blocks, ensure_ascii=False, separators=(",", ":"))[1:-1]


def json_document(blocks: str, meta: dict[str, Any], api_version: list[int]) -> str:
    """A pandoc JSON document around blocks from `json_blocks` (joined with commas)."""
    head = json.dumps({"pandoc-api-version": api_version, "meta": meta}, separators=(",", ":"))
    return head[:-1] + ',"blocks":[' + blocks + "]}"


QUOTE_LEVELS = 3
"""Block Text, Block Text 2, Block Text 3: each a step further in; a deeper quote takes the
last (the PDF indents each level; pandoc's DOCX gave every level Block Text)."""


def nest_quotes(node: Any, depth: int = 0) -> Any:
    """A quotation inside a quotation as its own paragraphs one step further in, so that who
    quotes whom reads as in the PDF: the outer one stays a block quote (Block Text), an inner
    one's paragraphs take Block Text 2, 3."""
    if isinstance(node, list):
        return [nest_quotes(child, depth) for child in node]
    if not isinstance(node, dict):
        return node
    if node.get("t") == "BlockQuote":
        inner = nest_quotes(node["c"], depth + 1)
        if depth == 0:
            return {"t": "BlockQuote", "c": inner}
        return div(f"Block Text {min(depth + 1, QUOTE_LEVELS)}", inner)
    return {k: nest_quotes(v, depth) for k, v in node.items()}
