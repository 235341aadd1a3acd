"""The words a name's title is made of: forms of address, honours, ranks and religious titles
(`Dr`, `Rt Hon`, `Detective Sergeant`, `Revd Canon`). `name_forms` takes them off an entry's
first words (`Dr Jane Example` also hides `Jane Example`); `name_patterns` lets up to
`BETWEEN_MOST` of them stand between a surname written first and the given name
(`Wrenfield, Revd Canon Hobart`).
"""

from __future__ import annotations

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


BETWEEN_MOST = 4
"""How many title words may stand between a surname written first and the given name
(`WRENFIELD, His Honour Judge Hobart`, `Wrenfield, Detective Chief Inspector Hobart`)."""


def between() -> str:
    """An expression of any one title word (`TITLES`, `TITLE_BEFORE`, `TITLE_AFTER`), longest
    first, as normalised text writes it (folded to lower case)."""
    words = sorted(TITLES | TITLE_BEFORE | TITLE_AFTER, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(words) + ")"
