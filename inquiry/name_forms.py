"""The forms a redacted string is looked for in, besides the one typed.

People write a name in more ways than an editor lists. The matcher (`inquiry.redaction`) looks
for each `redact` entry as written and also:

- without a title before it: `Dr Jane Example` also hides `Jane Example`, since a witness
  named once with a title is named elsewhere without (but `Dr Example` does not hide every
  `Example`: a surname alone may be a common word — list it on its own when it should go);
- surname first, after a comma: `Jane Example` also hides `Example, Jane` (how a reference
  list or a signature block writes it; the matcher requires the comma, so `…the price. Mark
  said` is not `Mark Price`);
- with a German or Scandinavian letter spelt out: `Jürgen Blümwald` also hides
  `Juergen Bluemwald` (`ä ö ü ø å` as `ae oe ue oe aa`), the spelling a keyboard without
  them gives; and the other way, `Juergen Bluemwald` listed also hides `Jürgen Blümwald`
  (which the matcher reads without its accents, as `Jurgen Blumwald`).

Every form is a plain string (the typed one as typed, the others the entry's words joined by
spaces), so both readings of a text (as written and with look-alike letters, see
`inquiry.folding`) are built from it the same way; `forms` says which are surname first.
"""

from __future__ import annotations

import re
import unicodedata

from inquiry.folding import INVISIBLE, normalise

TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "master", "dr", "doctor", "prof", "professor",
        "sir", "dame", "lord", "lady", "rev", "revd", "reverend", "fr", "father", "sr",
        "sister", "cllr", "councillor", "hon", "judge", "nurse",
        # honours, peers and religious titles
        "rt", "honourable", "baron", "baroness", "viscount", "viscountess", "earl",
        "countess", "duke", "duchess", "marquess", "rabbi", "imam", "pastor", "bishop",
        "archbishop", "archdeacon", "vicar", "chaplain",
        # ranks of the forces and the police
        "pc", "wpc", "dc", "ds", "di", "dci", "dsi", "insp", "inspector", "supt",
        "superintendent", "sgt", "sergeant", "cpl", "corporal", "pte", "lt", "lieutenant",
        "capt", "captain", "maj", "col", "colonel", "brig", "brigadier", "gen", "cdr",
        "cmdr", "commander", "adm", "admiral", "matron", "midwife",
    }
)  # fmt: skip
"""Words taken as a title before a name (compared folded: `DR.` is `dr`); several may stand
before it (`Rt Hon`, `Dr Prof`, `The Revd`). Words that as often begin the name of a place or
a body (`General`, `Major`, `Private`, `Dean`, `Officer`, `Mother`, `Canon`, `Right`) are not
among them: `Major Trauma Centre` would hide every `trauma centre` (list the name without its
title too where it should go)."""

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


def forms(text: str) -> list[tuple[str, bool]]:
    """`text` and the other forms it is looked for in, each with whether it is surname first
    (its first two words are to be joined by a comma); the typed form first, no form twice."""
    typed = words(text)
    if not typed:
        return []
    digits = "".join(_NUMBER.findall(text)) if _PHONE.fullmatch(text) else ""
    if len(digits) >= 10 and digits.startswith("0"):
        # A UK telephone number is also written from abroad: `+44 7700 900123`.
        return [(text, False), (f"+44 {digits[1:]}", False)]
    named = typed
    while len(named) > 2 and (
        _title(named[0]) or (_title(named[1]) and normalise(named[0])[0] == "the")
    ):
        named = named[1:]
    out: list[tuple[str, bool]] = [(text, False)]
    if named is not typed:
        out.append((" ".join(named), False))
    if len(named) > 1:
        out.append((" ".join([named[-1], *named[:-1]]), True))
    out += [(_spelt_out(form), reversed_) for form, reversed_ in out]
    out += [(_SPELLING.sub(lambda m: m.group()[0], form), reversed_) for form, reversed_ in out]
    return list(dict.fromkeys(out))


def _title(word: str) -> bool:
    return normalise(word)[0] in TITLES


_PHONE = re.compile(r"[\d\s().+\-]+")
_NUMBER = re.compile(r"\d")
_SPELLING = re.compile("ae|oe|ue|aa", re.IGNORECASE)
"""A spelt-out letter, read back as the plain letter the matcher makes of `ä ö ü ø å`."""


def _spelt_out(text: str) -> str:
    composed = unicodedata.normalize("NFC", text)
    return "".join(SPELT_OUT.get(ch, ch) for ch in composed)
