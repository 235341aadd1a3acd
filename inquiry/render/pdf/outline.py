"""The bookmarks and the document metadata, from the plan and where typst put everything.

Bookmarks follow the judiciary's guidance: one per tab, one per item beneath it, one per exhibit
beneath its item; each a short description ending with its page number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inquiry.numbering import Plan
from inquiry.render.pdf.assemble import Mark, Metadata
from inquiry.render.pdf.typst_code import short_title
from inquiry.render.pdf.typst_source import redactor_for

if TYPE_CHECKING:
    from inquiry.render.pdf import PdfLayout


def bookmarks(plan: Plan, layout: PdfLayout) -> list[Mark]:
    """Tab → item → exhibit, in bundle order."""
    tabs = []
    for section in plan.sections:
        items = []
        for entry in section.items:
            item = entry.item
            pages = layout.items[item.id]
            title = redactor_for(entry, plan).plain(item.title)
            redactor = redactor_for(entry, plan)
            exhibits = tuple(
                Mark(
                    f"Exhibit {k}: {short_title(redactor.plain(e.description), 60)}"
                    f" (p. {where.first_page})",
                    where.first_page,
                )
                for k, (e, where) in enumerate(zip(item.exhibits, pages.exhibits, strict=True), 1)
            )
            items.append(
                Mark(
                    f"{entry.number} {item.id} {short_title(title)} (p. {pages.first_page})",
                    pages.first_page,
                    exhibits,
                )
            )
        first = items[0].page
        tabs.append(
            Mark(f"Tab {section.tab.tab} — {section.tab.title} (p. {first})", first, tuple(items))
        )
    return tabs


def metadata(plan: Plan) -> Metadata:
    sub = plan.submission
    return Metadata(
        title=sub.title,
        author=sub.submitted_by,
        subject=sub.inquiry,
        keywords="; ".join(f"{loi.id}: {loi.title}" for loi in sub.lines_of_inquiry),
    )
