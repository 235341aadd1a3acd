"""Text an exhibit's page holds outside what it shows: cropped off, yet found by a search.

A page whose visible area (its CropBox) is smaller than the page it was drawn on shows only that
area, and the bundle shows it so too; but the text cropped off stays in the page, and a reader's
software (pdfium, in Chrome and Edge) extracts it. A coalition that cropped a scan to leave out
a letter's heading, or a name, would publish what it meant to hide: `validate` and `build` warn
(`exhibit-cropped-text`), naming the pages. Only pages cropped inside their page are looked at
(most are not), and only the rectangles pdfium groups their text into, so a long exhibit costs
next to nothing.
"""

from __future__ import annotations

import pypdfium2 as pdfium

SLACK = 2.0
"""Points text may stand past the visible edge before it counts as cropped off: a line set
flush to a cropped edge, or a descender, is not hidden text."""


def cropped_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> bool:
    """Whether `page` is cropped inside its page and draws text past the crop (by more than
    `SLACK`): text the page does not show and a search finds."""
    left, bottom, right, top = page.get_cropbox()
    m_left, m_bottom, m_right, m_top = page.get_mediabox()
    if (
        left <= m_left + SLACK
        and bottom <= m_bottom + SLACK
        and right >= m_right - SLACK
        and top >= m_top - SLACK
    ):
        return False  # not cropped: the page shows all it was drawn on
    for i in range(textpage.count_rects()):
        r_left, r_bottom, r_right, r_top = textpage.get_rect(i)
        if r_right <= r_left or r_top <= r_bottom:
            continue
        if (
            r_left < left - SLACK
            or r_bottom < bottom - SLACK
            or r_right > right + SLACK
            or r_top > top + SLACK
        ):
            return True
    return False
