"""Names as a message shows them: a character that prints as nothing, or like another, is
written as its code point (`ti<U+200B>tle`), so that two names that print alike can be told
apart and a key holding a zero-width space is not shown as the plain word."""

from __future__ import annotations

import decimal
import unicodedata

_UNSEEN = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs", "Mn", "Me"})
"""Control and format characters, private-use, unassigned and surrogates, separators and
spaces (but the plain space), and combining marks (drawn on the letter before them)."""


def unseen(char: str) -> bool:
    """Whether `char` prints as nothing, or only on the letter before it."""
    return char != " " and unicodedata.category(char) in _UNSEEN


def _code(char: str) -> str:
    return f"<U+{ord(char):04X}>"


def escaped(text: str, *, non_ascii: bool = False) -> str:
    """`text` with each character that prints as nothing, or only on another, as `<U+XXXX>`;
    with `non_ascii`, every character beyond ASCII too (to show how a name is encoded)."""
    return "".join(_code(c) if (non_ascii and not c.isascii()) or unseen(c) else c for c in text)


def same_when_normalised(a: str, b: str) -> bool:
    """Whether two names differ only in how their accented letters are encoded (NFC: `é` as
    one character; NFD: `e` and a combining accent, as macOS may write a file's name)."""
    return a != b and unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)


def number(value: float) -> str:
    """A number in a message with every digit that tells it from its neighbours: the shortest
    text that reads back as the same number (`100.0000001`, `1000000000000000.1`, where `:g`
    rounded them to `100` and `1e+15`, the very numbers they were refused for not being), a
    whole number without `.0`, and without an exponent unless written out it would be over 24
    characters."""
    if isinstance(value, int):
        return str(value)
    plain = str(int(value)) if value.is_integer() else format(decimal.Decimal(repr(value)), "f")
    return plain if len(plain) <= 24 else repr(value)
