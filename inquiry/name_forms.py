"""The forms a redacted string is looked for in, besides the one typed.

People write a name in more ways than an editor lists. The matcher (`inquiry.redaction`) looks
for each `redact` entry as written and also:

- without a title before it: `Dr Jane Example` also hides `Jane Example` (and `Dr Example`
  also hides `Example`), since a witness named once with a title is named elsewhere without;
- surname first: `Jane Example` also hides `Example, Jane` (how a reference list or a
  signature block writes it);
- with a German or Scandinavian letter spelt out: `Jürgen Blümwald` also hides
  `Juergen Bluemwald` (`ä ö ü ø å` as `ae oe ue oe aa`), the spelling a keyboard without
  them gives.

Every form is a plain string made of the entry's own words, so both readings of a text (as
written and with look-alike letters, see `inquiry.folding`) are built from it the same way.
"""

from __future__ import annotations

import unicodedata

from inquiry.folding import INVISIBLE, normalise

TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "master", "dr", "doctor", "prof", "professor",
        "sir", "dame", "lord", "lady", "rev", "revd", "reverend", "fr", "father", "sr",
        "sister", "cllr", "councillor", "hon", "judge", "nurse",
    }
)  # fmt: skip
"""Words taken as a title before a name (compared folded: `DR.` is `dr`)."""

SPELT_OUT = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
    "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa",
}  # fmt: skip
"""Letters with a conventional two-letter spelling where the letter cannot be typed."""


def words(text: str) -> list[str]:
    """The words of `text` as written: runs of letters and digits (with their accents),
    split at anything else; invisible characters dropped."""
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch in INVISIBLE:
            continue
        if ch.isalnum() or unicodedata.category(ch).startswith("M"):
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def forms(text: str) -> list[str]:
    """`text` and the other forms it is looked for in, each as its words joined by spaces;
    the typed form first, no form twice."""
    typed = words(text)
    if not typed:
        return []
    bare = [typed]
    if len(typed) > 1 and normalise(typed[0])[0] in TITLES:
        bare.append(typed[1:])
    ordered = [*bare, *([w[-1], *w[:-1]] for w in bare if len(w) > 1)]
    out = [" ".join(w) for w in ordered]
    spelt = [_spelt_out(f) for f in out]
    return list(dict.fromkeys(out + spelt))


def _spelt_out(text: str) -> str:
    composed = unicodedata.normalize("NFC", text)
    return "".join(SPELT_OUT.get(ch, ch) for ch in composed)
