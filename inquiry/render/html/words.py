"""The few words only the HTML edition writes: its navigation and the links a PDF cannot have.

Everything the bundle says about the evidence comes from the views and `render/wording.py`; these
are the site's own signposts (skip link, navigation, file links), kept in one place so that they
can join `wording.py` if another format ever needs them.
"""

from __future__ import annotations

from inquiry.render import wording

SKIP_LINK = "Skip to main content"
BUNDLE_NAV = "Bundle"
ITEMS_NAV = "Previous and next items"
PDF_BUNDLE = "PDF bundle"
PREVIOUS = "Previous item"
NEXT = "Next item"
PAGES_IN_PDF = "Pages in the PDF bundle"
IMAGE_NOT_REPRODUCED = "[image not reproduced]"
NUMBERS_NOTE = (
    "Page numbers are those of the PDF bundle. A reference gives the item and the bundle page "
    "in square brackets, item first: A1/34 is item A1, bundle page 34. In this edition the "
    "item number links to the item's page and, where the PDF bundle is published alongside, "
    "the page number links to that page of the PDF."
)
NUMBERS_NOTE_NO_PAGES = (
    "A reference gives the item's number in square brackets, linked to the item's page."
)


def pdf_page(page: int) -> str:
    """The accessible name of a link to one page of the PDF bundle."""
    return f"page {page} of the PDF bundle"


def exhibit_in_pdf(words: str, page: int) -> str:
    """The accessible name of an exhibit's words (`Exhibit 2`) linked to its first page of the
    PDF bundle: the words, then where they lead."""
    return f"{words}, {pdf_page(page)}"


def pdf_pages(first: int, last: int) -> str:
    """The accessible name of a link to an item's pages in the PDF bundle."""
    return f"{wording.pages_phrase(first, last)} of the PDF bundle"


def exhibit_file(index: int, pages: int) -> str:
    """The words of the link to an exhibit's file."""
    return f"Open exhibit {index} (PDF, {wording.plural(pages, 'page')})"


def back_to_reference(note: int) -> str:
    """The accessible name of a footnote's link back to where it is referenced."""
    return f"Back to reference {note}"


def item_link(number: str, item_id: str) -> str:
    """A link's title naming an item."""
    return f"{number} ({item_id})"


def own_words() -> tuple[str, ...]:
    """Every word the HTML edition writes of its own (besides `wording.py`'s), for the check
    that no `redact` entry is one of them (`redact-own-wording`): a witness called Main would
    otherwise be found in "Skip to main content" only once every page is written."""
    return (
        SKIP_LINK,
        BUNDLE_NAV,
        ITEMS_NAV,
        PDF_BUNDLE,
        PREVIOUS,
        NEXT,
        PAGES_IN_PDF,
        IMAGE_NOT_REPRODUCED,
        NUMBERS_NOTE,
        NUMBERS_NOTE_NO_PAGES,
        exhibit_in_pdf("Exhibit 1", 2),
        pdf_pages(1, 2),
        exhibit_file(1, 2),
        back_to_reference(1),
    )
