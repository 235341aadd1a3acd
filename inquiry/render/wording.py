"""Every word the bundle itself writes, in one place, so the PDF, DOCX and HTML read the same.

Labels, kind names, dates, numbers, pinpoints and fixed sentences live here; `render/view.py`
decides which of them each item shows, and the renderers only translate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal, localcontext

STATEMENT_OF_TRUTH = "I believe that the facts stated in this witness statement are true."
NO_STATEMENT_OF_TRUTH = "No statement of truth was given with this testimony."
NO_STATEMENT_NOTE = "Its facts are not verified by a statement of truth from the witness."

KIND_NAMES = {
    "survey_finding": "Survey finding",
    "testimony": "Testimony",
    "statistic": "Statistic",
    "policy_extract": "Policy extract",
}
PUBLICATION = {
    "public": "Public",
    "panel_only": "The inquiry panel only",
    "none": "Not given",
}
PUBLIC_EDITION = "Public edition"
DRAFTS_EDITION = "Public edition with drafts — not to be served"
"""A public edition built with `--include-drafts` that holds a draft: its numbers and pages are
not those of the edition that can be served, so every page's header (DOCX) and the cover say
so, not only the draft's own pages (red team h174)."""
RESTRICTED_EDITION = "Restricted edition — not for publication"
RESTRICTED_BANNER = "RESTRICTED EDITION — NOT FOR PUBLICATION"
RESTRICTED_MARKS = ("RESTRICTED", "NOT FOR PUBLICATION")
RESTRICTED_TITLE = "RESTRICTED"
"""What every page title of a restricted HTML edition begins with."""
"""The restricted edition's marks in the strip under an exhibit page, each boxed (two, so that
a narrow page's caption can wrap between them)."""
DRAFT = "DRAFT"
DRAFT_NOTE = (
    "This edition includes draft items. Each is marked DRAFT on its pages and in the index; "
    "they are not final evidence."
)
NUMBERS_NOTE = (
    "Page numbers are those of this PDF file: the boxed number at the foot of every page is its "
    "bundle page. A reference gives the item and the bundle page in square brackets, item "
    "first: A1/34 is item A1, bundle page 34. The index and every reference are links."
)
INDEX = "Index"
INDEX_COLUMNS = ("No.", "ID", "Title", "Kind", "Date", "Lines", "Pages")
SUPPLEMENTARY = "Supplementary"
LINES_OF_INQUIRY = "Lines of inquiry"
LOI_COLUMNS = ("ID", "Line of inquiry", "Evidence [item/page]")
NO_EVIDENCE = "No evidence in this edition."
REDACTION_MARKS = "Redactions"
NO_REASON = "removed, with no reason code given"
EVIDENCE_SINCE = "See the supplementary index."
"""A served line of inquiry whose evidence was all added since it was served (no longer than
`NO_EVIDENCE`, which the served page may have shown: the served front matter must still fit)."""
EMPTY_EDITION = "This edition holds no items."
SUPPLEMENT_LINES_ONLY = (
    "No evidence was added with this supplement: it lists lines of inquiry added since the "
    "bundle was served, with the evidence already in the bundle that bears on them."
)
BLANK_PAGE = "This page is intentionally left blank."
ANNEX = "Annex: redactions in the public edition"
ANNEX_NOTE = (
    "The public edition of this bundle removes the following, each replaced by a visible mark "
    "naming its reason code. An item's count is of the redacted strings in its own text; an "
    "exhibit's, of the redactions its entry lists (strings and page regions). Every redacted "
    "string is also removed from any exhibit whose text contains it, whichever item or exhibit "
    "lists it; those removals are not counted here. Pages are those of this edition."
)
ANNEX_COLUMNS = ("Item", "Where", "Code", "Reason", "Occurrences")
WITHDRAWN = "Withdrawn"
SUPERSEDED = "Superseded"
SUPERSEDED_BY = f"{SUPERSEDED} by"
IMAGE_NOT_REPRODUCED = "[image not reproduced]"
DOCX_NUMBERS_NOTE = (
    "Page numbers in the index and in references are those of the PDF bundle. A reference "
    "gives the item and the bundle page in square brackets, item first: A1/34 is item A1, "
    "bundle page 34. The page count above and the page number at the "
    "foot of each page are this document's own; it stands in for each PDF exhibit with a single "
    "page describing it. The index and every reference are links."
)
EXHIBIT_FACTS = ("Description", "File", "Pages", "SHA-256")
REDACTED_HASH = "SHA-256 (of the redacted copy)"
"""The label of a redacted exhibit's hash: not the coalition's file's, which a reader holding a
guess at the redacted words could otherwise test."""
PAGE_N_OF_M = ("Page ", " of ")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(date: str | dt.date) -> str:
    """15 June 2025, June 2025 or 2025: as precise as the evidence is, and no more."""
    text = date.isoformat() if isinstance(date, dt.date) else date
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def short_date(date: str | dt.date) -> str:
    """15 Jun 2025, Jun 2025 or 2025, for the index."""
    text = date.isoformat() if isinstance(date, dt.date) else date
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1][:3]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1][:3]} {parts[0]}"
    return str(parts[0])


def date_span(start: str | dt.date, end: str | dt.date) -> str:
    """1 April 2025 – 31 May 2025; a single date when both ends are the same."""
    first, last = long_date(start), long_date(end)
    return first if first == last else f"{first} – {last}"


def number(v: float) -> str:
    """1,234 or 12.5: whole numbers without a decimal point, thousands separated.

    A number is printed as written: the shortest decimal that reads back as the same float
    (Python's `repr`), never in exponent form, so 150123456789.12 is 150,123,456,789.12 and not
    the binary value's 150,123,456,789.119995, and 0.0000004 is 0.0000004, not 0.
    """
    if isinstance(v, int):
        return f"{v:,}"
    if not math.isfinite(v):
        return repr(float(v))  # validate refuses these; never reached from evidence
    exact = Decimal(repr(float(v)))
    if exact == exact.to_integral_value():
        return f"{int(exact):,}"  # -0.0 is 0, 1e15 is 1,000,000,000,000,000
    return format(exact, ",f")


SERIES_PLACES = 6
"""The most decimal places a series' values are padded to; past it each is written as is."""


def series_numbers(values: Sequence[float]) -> tuple[str, ...]:
    """Each value of a series as `number` writes it, all with as many decimal places as the
    most precise: `43.0` beside `41.2` is 43.0, not 43, which a reader takes for a rounder
    figure (red team h143). A series of whole numbers stays whole."""
    written = [number(v) for v in values]
    places = max((len(s) - s.index(".") - 1 for s in written if "." in s), default=0)
    if places == 0 or places > SERIES_PLACES:  # 1e-300 would give every cell 300 digits
        return tuple(written)
    step = Decimal(1).scaleb(-places)
    out = []
    for v in values:
        exact = Decimal(v) if isinstance(v, int) else Decimal(repr(float(v)))
        with localcontext() as context:  # 1e30 to one place needs 32 digits, not 28
            context.prec = max(28, exact.adjusted() + places + 2)
            out.append(format((exact if exact else Decimal(0)).quantize(step), ",f"))
    return tuple(out)


def is_percent(unit: str) -> bool:
    """A statistic's unit that means per cent, however it is written."""
    return unit.strip().lower() in ("percent", "per cent", "%", "percentage")


def value_with_unit(v: float, unit: str) -> str:
    """12.5% for a percentage, else `1,200 referrals`."""
    return f"{number(v)}%" if is_percent(unit) else f"{number(v)} {unit}"


def pinpoint(number_: str, page: int) -> str:
    """[A1/34]: item A1, bundle page 34."""
    return f"[{number_}/{page}]"


def tab_heading(tab: str, title: str) -> str:
    """Tab A — Survey findings (`Tab A` for a tab without a title: a served tab left with
    retired numbers only, since taken out of submission.yaml)."""
    return f"Tab {tab} — {title}" if title else f"Tab {tab}"


def exhibit_heading(number_: str, k: int) -> str:
    """A1 · Exhibit 2."""
    return f"{number_} · Exhibit {k}"


def page_range(first: int, last: int) -> str:
    """34–36, or 34 for a single page."""
    return f"{first}–{last}" if last > first else str(first)


def pages_phrase(first: int, last: int) -> str:
    """`page 12` or `pages 12–14`."""
    return f"pages {first}–{last}" if last > first else f"page {first}"


def at_pages(first: int, last: int) -> str:
    """` at pages 15–17` or ` at page 15`: where the PDF bundle has something, after a space."""
    return f" at {pages_phrase(first, last)}"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def exhibit_caption(number_: str, item_id: str, k: int, name: str) -> tuple[str, str, str]:
    """The caption in the strip under every page of an exhibit, in three parts around its page
    number and page count: `A1 (SF-001) · Exhibit 1 · page` 3 `of` 10 `· report.pdf`. The file
    name comes last, so a narrow page cuts the name, not the numbers."""
    return (f"{number_} ({item_id}) · Exhibit {k} · page", "of", f"· {name}")


def exhibit_page_caption(parts: tuple[str, str, str], page: int, pages: int) -> str:
    """The caption of one exhibit page as words."""
    return f"{parts[0]} {page} {parts[1]} {pages} {parts[2]}"


def withdrawn(number_: str, item_id: str) -> str:
    """The words on the pages of a served item since removed."""
    return f"{WITHDRAWN}: {number_} ({item_id}) is no longer part of this bundle."


def superseded(number_: str, item_id: str, by_number: str, page: int) -> str:
    """The words on the pages of a served item since reissued: its old number and id (what a
    served pinpoint names), and the number now in its place with that number's first page (0
    when that number is itself no longer in the bundle)."""
    if page:
        before, between, after = superseded_parts(number_, item_id)
        return f"{before}{by_number}{between}page {page}{after}"
    return (
        f"{SUPERSEDED}: {number_} ({item_id}) was replaced by {by_number}, which is no longer "
        "part of this bundle."
    )


def annex_moved(page: int) -> str:
    """The words on the pages where the restricted edition's annex was served, once it has
    moved to the end of the bundle (`page`, its first page now; 0 when the edition has none)."""
    if page:
        return (
            "Moved: the annex of redactions in the public edition that stood here is now at "
            f"page {page}."
        )
    return (
        f"{WITHDRAWN}: the annex of redactions in the public edition that stood here is no "
        "longer part of this bundle."
    )


def superseded_parts(number_: str, item_id: str) -> tuple[str, str, str]:
    """The words of `superseded` around the number now in its place and where that number
    is: `Superseded: B4 (TM-001) is replaced by` B7 `, at` page 212 `.` (the HTML page at a
    superseded number's old address gives the place as a pinpoint, `[B7/212]`)."""
    return (f"{SUPERSEDED}: {number_} ({item_id}) is replaced by ", ", at ", ".")


def superseded_by(by_number: str) -> str:
    """What the index says in place of a superseded number's title: `Superseded by B7`."""
    return f"{SUPERSEDED_BY} {by_number}"


def retired_bookmark(number_: str, item_id: str, by_number: str | None) -> str:
    """A withdrawn or superseded item's bookmark, before its page: `A3 SF-003 — withdrawn`,
    `B4 TM-001 — superseded by B7`."""
    state = f"superseded by {by_number}" if by_number else WITHDRAWN.lower()
    return f"{number_} {item_id} — {state}"


HEAD_ID_MOST = 24
"""The longest id a running head shows whole; the schema allows any number of digits."""


def head_id(item_id: str) -> str:
    """An id as a running head shows it: whole up to `HEAD_ID_MOST` characters, else its start
    and end around an ellipsis (`POLEX-0000…000123`), so the head stays one line beside the
    tab's (red team h161: 200 digits printed the head over itself). The item's own heading,
    the index and the pinpoints show it whole."""
    if len(item_id) <= HEAD_ID_MOST:
        return item_id
    return f"{item_id[:12]}…{item_id[-8:]}"
