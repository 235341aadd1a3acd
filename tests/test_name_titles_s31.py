"""A title in a `redact` entry also hides the name without it, for the titles people carry in
the evidence (ranks, honours, religious titles) and for several together (a red-team pass
found `Sgt`, `Rt Hon`, `Rabbi`, `Baroness` and `Dr Prof` left the untitled name in place)."""

from __future__ import annotations

import pytest

from inquiry.redaction import Entry, Matcher

ENTRIES = [
    "Sgt Wilfred Axon",
    "Rt Hon Prudence Hale",
    "Rabbi Ezra Cohen",
    "Baroness Ada Lovell",
    "Dr Prof Mortimer Grice",
    "The Revd Jonah Pask",
    "DCI Morwenna Vyse",
    "Capt. Hector Blaine",
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_untitled_name_is_hidden_too(entry: str) -> None:
    untitled = " ".join(entry.split()[-2:])
    m = Matcher([Entry(entry, "W")])
    assert m.plain(f"I spoke to {untitled} today.") == "I spoke to [W] today."
    assert m.plain(f"I spoke to {entry} today.") == "I spoke to [W] today."


def test_a_surname_alone_or_a_title_alone_is_not_hidden() -> None:
    m = Matcher([Entry("Rt Hon Prudence Hale", "W")])
    for text in ("Hale and hearty", "the Rt Hon member", "Prudence is a virtue"):
        assert m.plain(text) == text


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Major Trauma Centre", "She was taken to the nearest trauma centre."),
        ("General Surgery Ward", "He was moved to a surgery ward."),
        ("Private Patients Unit", "the patients unit was closed"),
        ("Dean Street Clinic", "a street clinic opened"),
        ("General Medical Council", "the Medical Council of Ireland"),
        ("Officer Training Corps", "a training corps"),
    ],
)
def test_a_place_or_body_named_like_a_title_hides_only_itself(entry: str, text: str) -> None:
    """Words that as often begin the name of a place or a body are not titles: the form without
    them would hide a common phrase in every document (review of this change)."""
    m = Matcher([Entry(entry, "W")])
    assert m.plain(text) == text
    assert m.plain(f"at the {entry} today") == "at the [W] today"
