"""The words a name's title is made of: forms of address, honours, ranks and religious titles
(`Dr`, `Rt Hon`, `Detective Sergeant`, `Revd Canon`). `name_forms` takes them off an entry's
first words (`Dr Jane Example` also hides `Jane Example`); `name_gaps` lets those of `BETWEEN`
stand between a surname written first and the given name (`Wrenfield, Staff Nurse Hobart`).
"""

from __future__ import annotations

import re
from typing import Any

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
        # and as a register or a form may write them
        "mister", "br", "brother", "madam", "madame", "mme", "mlle", "sheikh",
    }
)  # fmt: skip
"""Words taken as a title before a name (compared folded: `DR.` is `dr`); several may stand
before it (`Rt Hon`, `Dr Prof`, `The Revd`). Words that as often begin the name of a place or
a body (`General`, `Major`, `Private`, `Dean`, `Officer`, `Mother`, `Canon`, `Right`) are not
among them: `Major Trauma Centre` would hide every `trauma centre` (list the name without its
title too where it should go)."""

TITLE_BEFORE = frozenset(
    {
        "his", "her", "your", "detective", "staff", "police", "chief", "deputy", "acting",
        "assistant", "senior", "lance", "station", "woman", "special", "right", "very", "most",
        "major", "field", "flight", "wing", "squadron", "group", "air", "vice", "rear",
    }
)  # fmt: skip
"""Words that are a title before another (`Detective Sergeant`, `Staff Nurse`, `His Honour`,
`Right Reverend`, `Major General`), and otherwise ordinary words (`Major Trauma Centre`)."""
TITLE_AFTER = frozenset(
    {
        "honour", "honor", "justice", "canon", "constable", "officer", "general", "dean",
        "executive", "lordship", "ladyship", "worship", "grace", "excellency", "majesty",
        "highness", "marshal", "leader", "superior", "mother",
    }
)  # fmt: skip
"""Words that are a title after another (`His Honour`, `Mrs Justice`, `Revd Canon`, `Police
Constable`, `Chief Executive`), and otherwise ordinary words or names (`Dean Street Clinic`,
`General Medical Council`, `Canon Law`): an entry's first words are taken as a title only where
each is one in its place, so `Officer Training Corps` keeps all its words."""


BETWEEN = (
    "mr", "mrs", "ms", "miss", "mx", "mister", "master", "dr", "doctor", "prof", "professor",
    "sir", "dame", "lord", "lady", "rt hon", "hon", "rev", "revd", "reverend", "fr", "father",
    "sr", "sister", "br", "brother", "cllr", "councillor", "judge", "district judge", "hhj",
    "his honour", "her honour", "his honour judge", "her honour judge", "nurse", "staff nurse",
    "charge nurse", "ward sister", "matron", "midwife", "rabbi", "imam", "pastor", "bishop",
    "pc", "wpc", "pcso", "dc", "ds", "di", "dci", "dcs", "dsi", "insp", "inspector", "supt",
    "sgt", "sergeant", "police constable", "detective constable", "detective sergeant",
    "detective inspector", "detective chief inspector", "capt", "captain", "maj", "col", "lt",
    "cpl", "baron", "baroness", "canon", "revd canon", "the rev", "the revd", "the reverend",
    "the rt hon", "the rt revd", "rev'd", "sqn ldr", "flt lt", "wg cdr",
)  # fmt: skip
"""What may stand between a surname written first and the given name (`Wrenfield, Mrs
Hobart`, `WRENFIELD, Staff Nurse Imogen`, `Ashworth, The Revd Cressida`; red teams h150,
h154): the titles a register or a list of names writes there, as whole phrases. Not every
word of `TITLES`, `TITLE_BEFORE` or `TITLE_AFTER` on its own: `staff`, `police`, `her
mother`, `field officer` after a comma made `Every day, staff will check` a `Will Day` (red
team h159), and each word is copied into every such form of every entry (a matcher of 500
names took 2.5 times as long to make)."""
BETWEEN_SPACED = (
    "mr", "mrs", "ms", "miss", "mx", "master", "dr", "doctor", "prof", "professor", "sir",
    "dame", "lord", "lady", "rev", "revd", "fr", "cllr", "hon", "judge", "rabbi", "imam",
    "pastor", "sgt", "capt", "col", "maj", "lt", "rt", "right", "honourable", "sister", "nurse",
    "matron", "insp", "supt", "cpl",
)  # fmt: skip
"""The titles taken between a surname written first without a comma and the given name
(`WRENFIELD Dr Hobart`): a weak form, so a short list."""
BETWEEN_MOST = 3
"""How many of them may stand there (`Wrenfield, Rt Hon Dr Hobart`, `WRENFIELD Rt Hon Dr
Hobart`)."""


def between(titles: tuple[str, ...] = BETWEEN, gap: str = " ") -> str:
    """An expression of any one of `titles`, as normalised text writes it (folded to lower
    case), the words of a phrase parted by `gap`: laid out as a tree of their letters
    (`rev(?:d|erend)?`), since it is copied into every surname-first form of every entry (a
    flat list made a matcher of 500 names take six times as long)."""
    tree: dict[str, Any] = {}
    for phrase in titles:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return "(?:" + _branches(tree, gap) + ")"


def _branches(node: dict[str, Any], gap: str) -> str:
    parts = [
        (gap if ch == " " else re.escape(ch)) + _branches(node[ch], gap)
        for ch in sorted(k for k in node if k)
    ]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body
