"""Python values as typst code, and the dates and numbers as a reader of the bundle sees them.

User text only ever enters typst as a string literal made by `lit`, so a title such as
`#import "x"` or `]` is shown as written and can never become markup or code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def lit(text: str) -> str:
    """A typst string literal showing `text` exactly."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


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


def number(v: float) -> str:
    """1,234 or 12.5: whole numbers without a decimal point, thousands separated."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def short_title(title: str, limit: int = 70) -> str:
    """The title cut at a word boundary for a bookmark, with an ellipsis when cut."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"
