"""Characters no output of the bundle can carry, found cheaply.

XML (the DOCX) refuses C0 controls other than tab, line feed and carriage return, and lone
surrogates cannot be encoded at all (a YAML escape such as `"\\ud800"` makes one); typst and
most tools mishandle C1 controls and the Unicode noncharacters (U+FDD0–U+FDEF and the last two
code points of every plane). The line and paragraph separators (U+2028, U+2029) are refused
too: YAML reads them as a new line in some places and not others, and each output breaks a
line at them or not as it pleases. Validation reports each at its line; reports print them
escaped.
"""

from __future__ import annotations

import bisect
import re

# Two classes, for speed: one holding an astral character makes `re` search ten times slower.
_BAD_BMP = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_BAD_ASTRAL = re.compile(
    "[" + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(1, 17)) + "]"
)


_YAML_REFUSES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
"""What YAML's readers refuse anywhere in a file (and U+0085, which libyaml takes for a line
break where editors do not, so every later line number would be off by one; and U+2028 and
U+2029, which YAML reads as a line break inside quotes, block scalars and comments but not in a
plain value, so neither the text nor the line numbers after one are certain). A lone surrogate
here is a byte that is not UTF-8, as `surrogateescape` decoding keeps it."""


_NEWLINE = re.compile("\n")


def yaml_refused(text: str) -> list[tuple[int, str]]:
    """Where `text` holds a character YAML refuses: (index, character) for each."""
    return [(m.start(), m.group()) for m in _YAML_REFUSES.finditer(text)]


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts: what `place` finds a line by."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def place(starts: list[int], index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `index`, given the text's `line_starts`."""
    line = bisect.bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


def bad_character(text: str) -> str | None:
    """The first character of `text` that no output can carry, if any."""
    found = _BAD_BMP.search(text)
    if found is None and not text.isascii() and max(text) > "\uffff":
        found = _BAD_ASTRAL.search(text)
    return found.group() if found else None


def bad_characters(text: str) -> list[tuple[int, str]]:
    """Where `text` holds a character no output can carry: (index, character) for each."""
    found = [(m.start(), m.group()) for m in _BAD_BMP.finditer(text)]
    if not text.isascii() and max(text, default="") > "\uffff":
        found = sorted(found + [(m.start(), m.group()) for m in _BAD_ASTRAL.finditer(text)])
    return found


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
    elif n in (0x2028, 0x2029):
        kind = "a line separator" if n == 0x2028 else "a paragraph separator"
    else:
        kind = "a noncharacter"
    return f"U+{n:04X} ({kind})"
