"""A `redact` entry that names a post or a place before its comma is not read as a person's name
set apart by the comma (red team of stop 32's name forms): `Chief Executive, Dean Street Clinic`
hid every chief executive a policy quoted, and `Mental Health Unit, Leeds` hid `unit, Leeds
Mental Health` in ordinary prose. A person's name before a comma still is."""

from __future__ import annotations

import pytest

from inquiry.redaction import Matcher


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Chief Executive, Dean Street Clinic", "The chief executive of each trust must act."),
        ("Staff Nurse, Oak Ward", "Every staff nurse is supervised."),
        ("Head of Nursing, the Priory Hospital", "The head of nursing signs it off."),
        ("Ward Manager, the Oaks", "Ask the ward manager."),
        ("Community Mental Health Team, north Leeds", "Refer to the community mental health team."),
        ("Flat A, the Old Mill", "Flat A is empty."),
        ("Mental Health Unit, Leeds", "In each unit, Leeds Mental Health Trust reported delays."),
        ("Dean Street, Soho", "On Street, Soho Dean was seen."),
    ],
)
def test_a_post_or_a_place_hides_only_itself(entry: str, text: str) -> None:
    matcher = Matcher.of([entry])
    assert matcher.plain(text) == text
    assert matcher.plain(f"{text} {entry}.") == f"{text} [REDACTED]."


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Quorvath, Jane", "Jane Quorvath wrote"),
        ("Jane Example, consultant", "Jane Example wrote"),
        ("Dr Jane Example, Leeds", "Jane Example wrote"),
        ("Oona Taskerville, Consultant Psychiatrist", "Oona Taskerville wrote"),
        # a first name or surname that is a title word only beside another
        ("Grace Smith, nurse", "Grace Smith wrote"),
        ("Jane Field, consultant", "Jane Field wrote"),
    ],
)
def test_a_persons_name_before_a_comma_is_hidden_alone(entry: str, text: str) -> None:
    assert Matcher.of([entry]).plain(text) == "[REDACTED] wrote"


@pytest.mark.parametrize(
    "text",
    ["St Mark's Hall", "St Mark’s Hall", "Marks Hall", "Exam marks. Hall staff", "Wills Hall"],
)
def test_a_letter_glued_to_a_word_is_no_middle_initial(text: str) -> None:
    """An initial stands after a space or a dot: a letter glued to the word before it, or after
    an apostrophe, made `St Mark's Hall` read as `Mark Hall` (red team s32)."""
    matcher = Matcher.of(["Mark Hall", "Will Hall"])
    assert matcher.plain(text) == text


@pytest.mark.parametrize(
    "text", ["Mark K. Hall", "Mark K Hall", "Mark Q.R. Hall", "Mark-Q-Hall", "Mark (K) Hall"]
)
def test_a_middle_initial_is_still_passed_over(text: str) -> None:
    assert Matcher.of(["Mark Hall"]).plain(text) == "[REDACTED]"


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("O'Sullivan, Siobhan", "Siobhan O'Sullivan wrote"),
        ("O'Sullivan, Siobhan", "Siobhan O’Sullivan wrote"),
        ("Van der Berg, Anna", "Anna Van der Berg wrote"),
    ],
)
def test_a_surname_of_parts_typed_first_hides_the_name_given_first(entry: str, text: str) -> None:
    """`O'Sullivan` is one name of two parts, and `der` a particle inside `Van der Berg`: typed
    surname first, each hid only itself (noted by stop 32's redaction fixer)."""
    assert Matcher.of([entry]).plain(text) == "[REDACTED] wrote"
