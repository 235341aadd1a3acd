"""Python values as typst code, and the dates and numbers as a reader of the bundle sees them.

User text only ever enters typst as a string literal made by `lit`, so a title such as
`#import "x"` or `]` is shown as written and can never become markup or code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = {
    **{c: f"\\u{{{c:x}}}" for c in [*range(0x20), *range(0x7F, 0xA0)]},
    **{ord(k): v for k, v in _ESCAPES.items()},
}


def lit(text: str) -> str:
    """A typst string literal showing `text` exactly (control characters as escapes)."""
    return '"' + text.translate(_TABLE) + '"'


@dataclass(frozen=True)
class Code:
    """Typst code written by us (never user text), passed through `value` as is."""

    code: str


Value = str | int | float | bool | None | Code | Sequence["Value"] | Mapping[str, "Value"]


def value(v: Value) -> str:
    """Typst code for a Python value: strings become literals, sequences arrays, mappings dicts."""
    if isinstance(v, Code):
        return v.code
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return lit(v)
    if isinstance(v, Mapping):
        if not v:
            return "(:)"
        return "(" + ", ".join(f"{k}: {value(x)}" for k, x in v.items()) + ")"
    return "(" + "".join(value(x) + ", " for x in v) + ")"


def short_title(title: str, limit: int = 70) -> str:
    """The title cut at a word boundary for a bookmark, with an ellipsis when cut."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


INDEX_ID_FITS = 9
"""The longest id the index's id column holds at its usual width and size (`SF-000001`)."""
_ID_CHARACTER = 0.602  # DejaVu Sans Mono's advance, in ems
_ID_WIDEST = 110.0  # points: past it the title column would be too narrow to read


def index_id_fit(longest: int) -> str:
    """The index page's arguments for an id of `longest` characters: none when it fits the
    usual column; else a column wide enough (and, past `_ID_WIDEST`, a size small enough) that
    the id never prints over the title beside it (stop 39, red team h158)."""
    if longest <= INDEX_ID_FITS:
        return ""
    size = min(7.0, (_ID_WIDEST - 12) / (longest * _ID_CHARACTER))
    width = min(_ID_WIDEST, math.ceil(longest * _ID_CHARACTER * size + 12))
    return f", id-width: {width}pt, id-size: {size:.3f}pt"
