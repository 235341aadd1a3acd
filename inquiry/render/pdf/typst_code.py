"""Python values as typst code, and the dates and numbers as a reader of the bundle sees them.

User text only ever enters typst as a string literal made by `lit`, so a title such as
`#import "x"` or `]` is shown as written and can never become markup or code.
"""

from __future__ import annotations

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
