"""Python values as typst code, and the dates and numbers as a reader of the bundle sees them.

User text only ever enters typst as a string literal made by `lit`, so a title such as
`#import "x"` or `]` is shown as written and can never become markup or code.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from inquiry.render.cut import no_name, shorten

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


def short_title(title: str, limit: int = 70, shows: Callable[[str], bool] = no_name) -> str:
    """The title in at most `limit` characters for a bookmark, cut as `render.cut` cuts (after
    whole words, never where the cut shows a redacted string), with an ellipsis when cut."""
    return shorten(title, limit, len, shows)


INDEX_ID_FITS = 9
"""The longest id the index's id column holds at its usual width and size (`SF-000001`)."""
_ID_CHARACTER = 0.602  # DejaVu Sans Mono's advance, in ems
_ID_SIZE, _ID_SMALLEST = 7.0, 4.5  # points
_ID_WIDEST = 110.0  # points: past it the title column would be too narrow to read
_ID_INSETS = 12.0  # points: the cell's insets and a margin


def index_id_width(longest: int) -> float:
    """The index's id column for ids of at most `longest` characters: the usual 46 points, or
    wide enough for the longest at the usual size, up to `_ID_WIDEST` (red teams h158, h161)."""
    if longest <= INDEX_ID_FITS:
        return 46.0
    return float(min(_ID_WIDEST, math.ceil(longest * _ID_CHARACTER * _ID_SIZE + _ID_INSETS)))


INDEX_NUMBER_FITS = 4
"""The longest number the index's number column holds at its usual 26 points (`A999`)."""
_NUMBER_CHARACTER = 5.0  # points: a figure at the index's 8.5 points, and a margin


def index_number_width(longest: int) -> float | None:
    """The index's number column for numbers of at most `longest` characters: None for the
    usual 26 points, or wider by a figure's width for each character more (`A1250`, in a tab
    of a thousand items or more, ran over the column's rule into the id)."""
    if longest <= INDEX_NUMBER_FITS:
        return None
    return 26.0 + _NUMBER_CHARACTER * (longest - INDEX_NUMBER_FITS)


def index_id(item_id: str, width: float) -> str:
    """An index row's id as typst fields for a column `width` points wide: as it is when it
    fits; smaller (never below `_ID_SMALLEST`) when not; past that, broken into lines of as
    many characters as fit. Only that row's id changes: one long id leaves the others alone."""
    room = width - _ID_INSETS
    if len(item_id) * _ID_CHARACTER * _ID_SIZE <= room:
        return f"id: {lit(item_id)}"
    size = max(_ID_SMALLEST, math.floor(room / (len(item_id) * _ID_CHARACTER) * 1000) / 1000)
    per_line = max(1, math.floor(room / (_ID_CHARACTER * size) + 1e-9))
    lines = [item_id[i : i + per_line] for i in range(0, len(item_id), per_line)]
    shown = "[" + "#linebreak()".join(f"#{lit(line)}" for line in lines) + "]"
    return f"id: {shown}, id-size: {size:.3f}pt"
