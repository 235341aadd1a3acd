"""What a `redact` entry may be: text to remove, with an optional reason code, or (on an exhibit)
a region of one of its pages."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Discriminator, Field, StringConstraints, Tag

from inquiry.model.submission import Strict
from inquiry.model.types import RedactionCode

MAX_REDACTED_CHARACTERS = 200
"""A redacted string's most characters: a name, an address, a telephone number, a phrase. Each
string is searched for, in all its forms, in every text of every output."""
MAX_REDACTIONS = 200
"""The most entries one `redact` list may hold (a testimony's or an exhibit's)."""
MAX_SUBMISSION_REDACTIONS = 2_000
"""The most distinct redacted strings a submission may hold (`redact-too-many`): each is
searched for in every text of every output, and a matcher of 2,000 takes about 1.5 s to make."""

Redacted = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=MAX_REDACTED_CHARACTERS)
]

PAGE_LIMIT = 100_000
POINT_LIMIT = 14_400
"""The largest PDF page is 200 inches, 14,400 points, on a side."""

STRING_TAG, TEXT_TAG, REGION_TAG = "redact:string", "redact:text", "redact:region"
UNION_TAGS = frozenset((STRING_TAG, TEXT_TAG, REGION_TAG))
"""Union member names, as pydantic puts them in error locations after the entry's index."""

Coordinate = Annotated[float, Field(strict=True, ge=0, le=POINT_LIMIT)]


def _ordered(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    if x0 >= x1 or y0 >= y1:
        raise ValueError(f"the box [{x0:g}, {y0:g}, {x1:g}, {y1:g}] needs x0 < x1 and y0 < y1")
    return box


Box = Annotated[
    tuple[Coordinate, Coordinate, Coordinate, Coordinate],
    AfterValidator(_ordered),
    Field(
        description="[x0, y0, x1, y1] in PDF points (1/72 inch) on the exhibit's own page,"
        " measured from its bottom-left corner; x0 < x1 and y0 < y1.",
        examples=[[72, 700, 300, 720]],
    ),
]


class RedactText(Strict):
    """Text removed from the public bundle, with the reason code shown in its place."""

    text: Redacted = Field(
        description="The text to remove wherever it appears (at most 200 characters).",
        examples=["Jane Doe"],
    )
    code: RedactionCode | None = Field(
        default=None, description="The reason code shown as the mark, e.g. [GRO-B]."
    )


class RedactRegion(Strict):
    """A region of an exhibit page, rebuilt from pixels with an opaque box in the public bundle."""

    page: int = Field(
        strict=True,
        ge=1,
        le=PAGE_LIMIT,
        description="The exhibit's own page number, from 1.",
        examples=[1],
    )
    box: Box
    code: RedactionCode | None = Field(
        default=None, description="The reason code printed on the box, e.g. GRO-B."
    )


def _entry_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return STRING_TAG
    if isinstance(value, dict):
        return REGION_TAG if "page" in value or "box" in value else TEXT_TAG
    if isinstance(value, RedactRegion):
        return REGION_TAG
    if isinstance(value, RedactText):
        return TEXT_TAG
    return None


_PLAIN = Annotated[
    Redacted,
    Tag(STRING_TAG),
    Field(title="Text to remove", description="Text removed from the public bundle."),
]

Redaction = Annotated[
    _PLAIN | Annotated[RedactText, Tag(TEXT_TAG)],
    Discriminator(_entry_kind),
]
"""A testimony's redaction: a string or `{text, code}`."""

ExhibitRedaction = Annotated[
    _PLAIN | Annotated[RedactText, Tag(TEXT_TAG)] | Annotated[RedactRegion, Tag(REGION_TAG)],
    Discriminator(_entry_kind),
]
"""An exhibit's redaction: a string, `{text, code}` or `{page, box, code}`."""
