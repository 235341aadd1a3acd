"""Which way a language's text runs, from its BCP 47 tag.

The script subtag decides when the tag has one (`pa-Arab` runs right to left, `pa-Guru` and
`ar-Latn` left to right); otherwise the language's usual script does (`ckb`, Sorani Kurdish, is
written in Arabic script; `pa`, Punjabi, in Gurmukhi in India and in most writing). The HTML's
`dir` and the PDF's text direction are both set from this, so they agree.
"""

from __future__ import annotations

from typing import Literal

RIGHT_TO_LEFT_SCRIPTS = frozenset(
    {"adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)
"""ISO 15924 scripts written right to left (Adlam, Arabic and its Nastaliq, Hebrew, Mandaic,
Mende Kikakui, N'Ko, Hanifi Rohingya, Samaritan, Syriac, Thaana, Yezidi)."""

RIGHT_TO_LEFT_LANGUAGES = frozenset(
    {
        "ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw",
        "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "rhg", "sd", "sdh", "syr", "ug", "ur",
        "yi",
    }
)  # fmt: skip
"""Languages whose usual script runs right to left, when the tag names no script."""


def text_direction(tag: str) -> Literal["ltr", "rtl"]:
    """`rtl` for a tag whose text runs right to left, else `ltr`."""
    language, *rest = tag.lower().split("-")
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        return "rtl" if rest[0] in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if language in RIGHT_TO_LEFT_LANGUAGES else "ltr"


__all__ = ["RIGHT_TO_LEFT_LANGUAGES", "RIGHT_TO_LEFT_SCRIPTS", "text_direction"]
