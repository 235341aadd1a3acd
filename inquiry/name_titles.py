"""The words a name's title is made of: forms of address, honours, ranks and religious titles
(`Dr`, `Rt Hon`, `Detective Sergeant`, `Revd Canon`). `name_forms` takes them off an entry's
first words (`Dr Jane Example` also hides `Jane Example`); `name_gaps` lets a run of them
(`title_run`) stand between a surname written first and the given name (`Wrenfield, Staff Nurse
Hobart`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


PHRASES = (
    "his honour", "her honour", "your honour", "police constable", "chief constable",
    "special constable", "warrant officer", "petty officer", "flying officer", "pilot officer",
    "rev'd", "hhj", "pcso", "dcs", "ps", "sqn ldr", "flt lt", "wg cdr", "lcpl", "pvt", "canon",
    "monsignor", "msgr", "cardinal", "deacon", "ven", "venerable", "alderman", "major",
    "private", "ward sister", "charge nurse", "district nurse", "community nurse",
    "district judge", "modern matron", "assoc prof", "associate professor",
)  # fmt: skip
"""Titles between a surname written first and the given name that `TITLES` does not hold as a
word of its own (`Wrenfield, His Honour Hobart`, `Wrenfield, PCSO Hobart`)."""
BETWEEN_SPACED = (
    "mr", "mrs", "ms", "miss", "mx", "master", "dr", "doctor", "prof", "professor", "sir",
    "dame", "lord", "lady", "rev", "revd", "fr", "cllr", "hon", "judge", "rabbi", "imam",
    "pastor", "sgt", "capt", "col", "maj", "lt", "rt", "right", "honourable", "sister", "nurse",
    "matron", "insp", "supt", "cpl",
)  # fmt: skip
"""The titles taken between a surname written first without a comma and the given name
(`WRENFIELD Dr Hobart`): a weak form, so a short list."""
BETWEEN_MOST = 3
"""How many titles may stand between a surname written first without a comma and the given
name (`WRENFIELD Rt Hon Dr Hobart`)."""
RUN_MOST = 4
"""How many titles (each a word of `TITLES`, with the words before and after it that make one
title: `Detective Chief Inspector`, `Mrs Justice`) may stand after a comma (`Wrenfield, Rt Hon
Dr Hobart`)."""


def title_run(gap: str) -> str:
    """An expression of up to `RUN_MOST` titles as a register writes them after a comma, the
    words parted by `gap`: each a word of `TITLES`, with up to two words of `TITLE_BEFORE`
    before it and two of `TITLE_AFTER` (or `TITLES`) after it (`Staff Nurse`, `Acting
    Detective Sergeant`, `Revd Canon`, `Lord Justice`), or one of `PHRASES`; `the` may come
    first (`The Rt Revd`). A word of `TITLE_BEFORE` or `TITLE_AFTER` alone is none (`staff`,
    `her mother`, `field officer`: red team h159); every word of `TITLES` is (`Major`,
    `Lieutenant`, `Madam` left a name in every output when a short list stood here, h163)."""
    before, after, titles = between(TITLE_BEFORE), between(TITLE_AFTER), between(TITLES)
    unit = (
        f"(?:(?:{before}{gap}){{0,2}}{titles}(?:{gap}(?:{after}|{titles})){{0,2}}"
        f"|{between(PHRASES, gap)})"
    )
    return f"(?:the{gap})?{unit}(?:{gap}{unit}){{0,{RUN_MOST - 1}}}"


def between(titles: Iterable[str], gap: str = " ") -> str:
    """An expression of any one of `titles`, as normalised text writes it (folded to lower
    case), the words of a phrase parted by `gap`: laid out as a tree of their letters
    (`rev(?:d|erend)?`), as `SPACES_JOIN` copies it into every surname-first form of every
    entry."""
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
