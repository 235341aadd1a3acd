"""Characters no output of the bundle can carry, found cheaply.

XML (the DOCX) refuses C0 controls other than tab, line feed and carriage return, and lone
surrogates cannot be encoded at all (a YAML escape such as `"\\ud800"` makes one); typst and
most tools mishandle C1 controls and the Unicode noncharacters (U+FDD0–U+FDEF and the last two
code points of every plane). Validation reports each at its line; reports print them escaped.
"""

from __future__ import annotations

import re

# Two classes, for speed: one holding an astral character makes `re` search ten times slower.
_BAD_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BAD_ASTRAL = re.compile(
    "[" + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(1, 17)) + "]"
)


def bad_character(text: str) -> str | None:
    """The first character of `text` that no output can carry, if any."""
    found = _BAD_BMP.search(text)
    if found is None and not text.isascii() and max(text) > "\uffff":
        found = _BAD_ASTRAL.search(text)
    return found.group() if found else None


def replace_bad(text: str) -> str:
    """`text` with every character no output can carry replaced by U+FFFD."""
    return _BAD_ASTRAL.sub("\ufffd", _BAD_BMP.sub("\ufffd", text))


def character_name(ch: str) -> str:
    """`U+FFFE (a noncharacter)` and the like, for messages."""
    n = ord(ch)
    if 0xD800 <= n <= 0xDFFF:
        kind = "a lone surrogate, half of a character"
    elif n < 0x20 or 0x7F <= n <= 0x9F:
        kind = "a control character"
    else:
        kind = "a noncharacter"
    return f"U+{n:04X} ({kind})"
