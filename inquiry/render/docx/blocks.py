"""Building blocks every layout shares: aligned label/value details, Markdown fields made safe
to splice, verbatim quotations, and the small headings inside an item."""

from __future__ import annotations

import re

from inquiry.numbering import Numbered
from inquiry.render.docx.context import Context, bookmark
from inquiry.render.docx.text import paragraphs

_BLANK = re.compile(r"\n[ \t]*\n")


def _label(ctx: Context, label: str) -> str:
    """A detail's label; the python-docx pass puts a tab after it so the values line up."""
    return f'[{ctx.t(label)}]{{custom-style="Detail Label"}}'


def details(ctx: Context, pairs: list[tuple[str, str]]) -> None:
    """Label/value lines (values already Markdown), aligned on a tab stop."""
    lines = [f"{_label(ctx, label)} {value}" for label, value in pairs if value]
    if lines:
        ctx.out.styled("Detail", "\n\n".join(lines))


def field(ctx: Context, text: str) -> str:
    """A Markdown field from the evidence, isolated first (which drops attributes a field may
    not set) and then redacted (whose mark sets one)."""
    return ctx.redact.markdown(ctx.out.isolate(text))


def markdown(ctx: Context, text: str) -> None:
    """A Markdown field as blocks of its own."""
    ctx.out.block(field(ctx, text))


def one_line(ctx: Context, text: str) -> str:
    """A multi-line text field as escaped Markdown on one line (for details and cells)."""
    return " ".join(ctx.t(p) for p in paragraphs(text))


def quotation(ctx: Context, text: str) -> None:
    """Verbatim words as a block quotation, keeping their paragraphs and line breaks."""
    blocks = []
    for paragraph in _BLANK.split(text.strip()):
        lines = [ctx.t(line.strip()) for line in paragraph.splitlines() if line.strip()]
        if lines:
            blocks.append("\\\n".join(lines))
    quoted = "\n".join(f"> {line}" if line else ">" for line in "\n\n".join(blocks).split("\n"))
    ctx.out.block(quoted)


def subheading(ctx: Context, numbered: Numbered, title: str) -> None:
    slug = title.lower().replace(" ", "_")
    ctx.out.heading(3, ctx.t(title), bookmark=f"{bookmark(numbered.number)}_{slug}", new_page=False)
