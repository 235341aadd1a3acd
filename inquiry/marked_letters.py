"""Latin letters with something drawn on them that Unicode gives no decomposition: a reader
takes each for its plain letter (`inquiry.folding` folds them so)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection


def marked_letters(*, keep: Collection[str]) -> dict[str, str]:
    """Every Latin letter Unicode names as a plain one "with" something drawn on it (a stroke,
    hook, bar, tail, curl, middle tilde or dot: `ɫ`, `ƚ`, `ɍ`, `ƒ`, `ɇ`, `ŀ`) that its
    decomposition does not already make that plain letter: a reader takes it for the letter
    (stop 35, red team h124: `Wrenfieɫd`, `Marjoɍie` were left in every output). Not letters
    Unicode names as two (`ǅ`, `ǈ`: their decompositions are those letters), nor those it names
    otherwise (turned, reversed or script letters: `ɐ`, `ɘ`), nor those in `keep` (read
    otherwise already: a look-alike as what it looks like, `ᶌ` as `y`)."""
    out = {}
    for first, last in _LATIN_BLOCKS:
        for cp in range(first, last + 1):
            ch = chr(cp)
            named = _MARKED.fullmatch(unicodedata.name(ch, ""))
            if named is None or ch in keep:
                continue
            base = named.group(1).lower()
            decomposed = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            ).casefold()
            if decomposed != base and not (decomposed.isascii() and decomposed.isalpha()):
                out[ch] = base
    # A capital named otherwise whose small letter is one of them (`Ɖ`, African D, is `ɖ`).
    for first, last in _LATIN_BLOCKS:
        for cp in range(first, last + 1):
            ch = chr(cp)
            if ch not in out and ch not in keep and ch.casefold() in out:
                out[ch] = out[ch.casefold()]
    return out


_LATIN_BLOCKS = (
    (0x0080, 0x024F),  # Latin-1 Supplement, Extended-A and -B
    (0x0250, 0x02AF),  # IPA Extensions
    (0x1D00, 0x1DBF),  # Phonetic Extensions (and Supplement)
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D
    (0xAB30, 0xAB6F),  # Latin Extended-E
    (0x1DF00, 0x1DFFF),  # Latin Extended-G
)
_MARKED = re.compile(
    "LATIN (?:SMALL |CAPITAL |LETTER SMALL CAPITAL |SMALL CAPITAL LETTER )(?:LETTER )?([A-Z])"
    " WITH (?!SMALL LETTER).+"
)
