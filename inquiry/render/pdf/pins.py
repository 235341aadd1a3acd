"""The warning a pinpoint past its item's last page gets, once the layout is known, one on
a page of a served item's span now left blank, and one where another file now stands on a
served exhibit's pages."""

from __future__ import annotations

import re
from collections.abc import Mapping

from inquiry.numbering import Plan
from inquiry.problems import Problem
from inquiry.render.pdf.layout import Layout
from inquiry.render.view import Views
from inquiry.served_changes import exhibit_replaced


def pins_beyond(views: Views, layout: Layout, plan: Plan) -> list[Problem]:
    """A `ref-page-beyond` warning for each `[@ID, p. N]` naming a page past the cited item's
    last, at the field that holds it (the pinpoint shows the item's last page); and a
    `ref-page-blank` warning for one naming a page a served item re-rendered in place left
    blank (its exhibit removed, its text shorter)."""
    from inquiry.checks.common import at_words
    from inquiry.render.view_writer import markdown_fields_for

    by_id = plan.by_id()
    out: list[Problem] = []
    for view in views.items:
        for pin in dict.fromkeys(p for p in view.pins if p.page and not p.exhibit):
            first, last = layout.pages(pin.item)
            if pin.page is None:
                continue
            blank = first + pin.page - 1 in layout.blank_pages(pin.item)
            if first + pin.page - 1 <= last and not blank:
                continue
            entry = by_id[view.id]
            fields = markdown_fields_for([entry])
            # The field that cites this page, or failing that (a locator written otherwise) the
            # first that cites the item at all.
            cited = re.compile(rf"@{re.escape(pin.item)}\b[^\];\n]*?(?<!\d){pin.page}(?!\d)")
            path = next(
                (p for _, p, text in fields if cited.search(text)),
                next((p for _, p, text in fields if f"@{pin.item}" in text), ("id",)),
            )
            pages = last - first + 1
            if blank:
                out.append(
                    at_words(
                        entry.entry,
                        path,
                        f"@{pin.item}",
                        "ref-page-blank",
                        f"page {pin.page} of `{pin.item}` ({pin.number}) is cited, but that page "
                        "of its served pages is now left blank",
                        "cite the page that holds what is meant (the item's pages are listed "
                        f"in the index), or `[@{pin.item}]` for its first page",
                        severity="warning",
                    )
                )
                continue
            # At the reference as written (its own line in a block), as validation places one.
            out.append(
                at_words(
                    entry.entry,
                    path,
                    f"@{pin.item}",
                    "ref-page-beyond",
                    f"page {pin.page} of `{pin.item}` ({pin.number}) is cited, but it has "
                    f"{pages} page{'s' if pages != 1 else ''} in this bundle: its last is shown",
                    f"cite a page from 1 to {pages}, or `[@{pin.item}]` for its first page",
                    severity="warning",
                )
            )
    return out


def exhibits_replaced(
    views: Views, layout: Layout, plan: Plan, sources: Mapping[tuple[str, int], str]
) -> list[Problem]:
    """A `served-exhibit-replaced` warning at each exhibit of a served item that now stands on
    the pages a different file was served on (the same page count, other bytes): the pages
    keep their numbers, so what was cited at them, in this bundle or in submissions that
    quote it, now shows another document. `sources`: each exhibit's own file's hash, by (item
    id, exhibit index): a file served unredacted and redacted since is the same document
    (`serve` says the earlier copies still show what is redacted now), as `validate` has it."""
    served = plan.served
    if served is None:
        return []
    by_id = plan.by_id()
    out: list[Problem] = []
    for view in views.items:
        slot, placed = served.items.get(view.id), layout.items.get(view.id)
        if slot is None or placed is None or slot.number != placed.number:
            continue
        served_redacted = [*slot.exhibits_redacted, *[False] * len(slot.exhibits)]
        was = {
            first: (sha, last, served_redacted[j])
            for j, (sha, first, last) in enumerate(slot.exhibits)
        }
        for k, ((first, _), exhibit) in enumerate(
            zip(placed.exhibits, view.exhibits, strict=False)
        ):
            before = was.get(first)
            if before is None or before[0] == exhibit.sha256:
                continue
            if not before[2] and sources.get((view.id, exhibit.index)) == before[0]:
                continue  # the file served, redacted now
            entry = by_id[view.id].entry
            pos = entry.doc.value_pos(("exhibits", k, "file"))
            served_last = before[1]  # the pages it was served on (a shorter file leaves blanks)
            pages = f"page {first}" if first == served_last else f"pages {first}–{served_last}"
            out.append(
                exhibit_replaced(entry.file, pos, k, view.id, placed.number, pages, now=True)
            )
    return out
