"""The DOCX bundle: pandoc with the reference document, then python-docx for fields.

The whole bundle is written as ONE Markdown document (every plain string escaped, every
redaction already made) and converted by ONE pandoc call; python-docx then adds what pandoc
cannot write (bookmarks, PAGEREF/PAGE fields, footer, settings, properties), and the zip is
rewritten so the same sources and SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from inquiry.numbering import Plan


def render_docx(plan: Plan, *, root: Path, dest: Path, epoch: int, commit: str | None) -> None:
    """Write the bundle DOCX to `dest`."""
    import docx
    from inquiry.render.docx import exhibits, fields, finish, front, items
    from inquiry.render.docx.context import Context
    from inquiry.render.docx.convert import to_docx
    from inquiry.render.docx.package import normalize
    from inquiry.render.docx.scan import assert_redacted

    ctx = Context.for_plan(plan, root=root, commit=commit)
    front.cover(ctx)
    front.index(ctx)
    front.lines_of_inquiry(ctx)
    for section in plan.sections:
        front.tab_page(ctx, section)
        for numbered in section.items:
            items.item(ctx, numbered)
            exhibits.exhibits(ctx, numbered)

    with tempfile.TemporaryDirectory(prefix="inquiry-docx-") as tmp:
        raw = Path(tmp) / "pandoc.docx"
        to_docx(ctx.out.text(), root=root, dest=raw)
        document = docx.Document(str(raw))

    body = document.element.body
    fields.bookmark_headings(body, ctx.out.headings)
    fields.page_references(body, ctx.out.pages)
    fields.tabs_after_labels(body)
    finish.tables(document)
    finish.pictures(document)
    finish.footers(
        document, plan, pages=ctx.out.page, title=ctx.redact.plain(plan.submission.title)
    )
    finish.update_fields_on_open(document)
    finish.core_properties(document, plan, epoch=epoch, commit=commit, redact=ctx.redact)

    buf = io.BytesIO()
    document.save(buf)
    data = normalize(buf.getvalue(), epoch=epoch)
    assert_redacted(data, ctx.redact.strings)
    dest.write_bytes(data)
