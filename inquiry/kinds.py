"""The four kinds of evidence item, by name.

Kept apart from the models so that naming them loads no pydantic: the command line imports this
for its help, and every worker's fork server imports the command line (0.1 s instead of 0.26 s
before the first worker starts).
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["survey_finding", "testimony", "statistic", "policy_extract"]
KINDS: tuple[Kind, ...] = ("survey_finding", "testimony", "statistic", "policy_extract")

ALIASES: dict[str, Kind] = {
    "survey": "survey_finding",
    "survey_findings": "survey_finding",
    "finding": "survey_finding",
    "sf": "survey_finding",
    "testimonies": "testimony",
    "tm": "testimony",
    "statistics": "statistic",
    "stat": "statistic",
    "st": "statistic",
    "policy": "policy_extract",
    "policy_extracts": "policy_extract",
    "extract": "policy_extract",
    "pe": "policy_extract",
}
"""Other names a person gives a kind: its folder's (`testimonies`), a short one (`survey`),
its ids' prefix (`TM`)."""


def kind_named(word: str) -> Kind | None:
    """The kind `word` names, in any case, with `-` or a space for `_`; None if none."""
    plain = word.strip().casefold().replace("-", "_").replace(" ", "_")
    for kind in KINDS:
        if plain == kind:
            return kind
    return ALIASES.get(plain)
