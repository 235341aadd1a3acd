"""Which way a language's text runs, from its BCP 47 tag.

The script subtag decides when the tag has one (`pa-Arab` runs right to left, `pa-Guru` and
`ar-Latn` left to right); otherwise the language's usual script does (`ckb`, Sorani Kurdish, is
written in Arabic script; `pa`, Punjabi, in Gurmukhi in India and in most writing), except
where the region implies another (`pa-PK`, Punjabi in Pakistan, is written in Shahmukhi). The
HTML's `dir`, the PDF's text direction and the DOCX's are all set from this, so they agree.
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
        "ks", "lrc", "mzn", "nqo", "ota", "pnb", "prs", "ps", "rhg", "sd", "sdh", "syr", "ug",
        "ur", "yi",
    }
)  # fmt: skip
"""Languages whose usual script runs right to left, when the tag names no script."""


BY_REGION = {
    ("pa", "pk"): "rtl",  # Punjabi in Pakistan: Shahmukhi, Arabic script
    ("az", "ir"): "rtl",  # Azerbaijani in Iran: Arabic script
    ("uz", "af"): "rtl",  # Uzbek in Afghanistan: Arabic script
    ("tk", "af"): "rtl",  # Turkmen in Afghanistan: Arabic script
    ("sd", "in"): "ltr",  # Sindhi in India: Devanagari
    ("ks", "in"): "rtl",  # Kashmiri: Arabic script in India too (Devanagari is named, `ks-Deva`)
}
"""A region that implies the script, where the tag names none (CLDR's likely subtags)."""


def text_direction(tag: str) -> Literal["ltr", "rtl"]:
    """`rtl` for a tag whose text runs right to left, else `ltr`."""
    language, *rest = tag.lower().split("-")
    if rest and len(rest[0]) == 4 and rest[0].isalpha():
        return "rtl" if rest[0] in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    region = rest[0] if rest and (len(rest[0]) == 2 or rest[0].isdigit()) else None
    implied = BY_REGION.get((language, region)) if region else None
    if implied is not None:
        return "rtl" if implied == "rtl" else "ltr"
    return "rtl" if language in RIGHT_TO_LEFT_LANGUAGES else "ltr"


__all__ = ["BY_REGION", "RIGHT_TO_LEFT_LANGUAGES", "RIGHT_TO_LEFT_SCRIPTS", "text_direction"]
