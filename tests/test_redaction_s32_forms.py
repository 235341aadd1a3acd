"""A `redact` entry written in one form hides the name in the others people write it in (red
team s32): `Quorvath, Jane` listed left `Jane Quorvath`; `Bram K. Zellweger` left `Bram
Zellweger`; `Prof Oona Taskerville OBE` left `Oona Taskerville`; `His Honour Judge Ida
Pellacombe` and `Detective Sergeant Rufus Marwick` left the bare names; `+44 7700 900123` left
`07700 900123`, and `07700 900456` left `0044 7700 900456`. Each stood in every output. The
forms stay names: no form is one word the entry did not list alone, and a place or a body
named like a title or a description keeps its words."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.redaction import Entry, Matcher

ENTRIES: list[str | dict[str, str]] = [
    "Quorvath, Jane",
    "Bram K. Zellweger",
    "Prof Oona Taskerville OBE",
    "His Honour Judge Ida Pellacombe",
    "Detective Sergeant Rufus Marwick",
    "Mrs Justice Cheema-Grubb",
    "Staff Nurse Wilhelmina Fairbrass",
    "Revd. Canon Tobias Ashgrove",
    "Perpetua Loxley (née Hartwell)",
    "Godfrey Plumtree, consultant",
    "Ignatius Wetherby PhD",
    "Cuthbert Ormsby Jr.",
    {"text": "+44 7700 900123", "code": "PI"},
    {"text": "07700 900456", "code": "PI"},
]
TEXTS = [
    ("I worked with Jane Quorvath for years.", "Jane Quorvath"),
    ("Bram Zellweger ran the ward.", "Bram Zellweger"),
    ("Oona Taskerville chaired the panel.", "Oona Taskerville"),
    ("Ida Pellacombe sat.", "Ida Pellacombe"),
    ("Rufus Marwick investigated.", "Rufus Marwick"),
    ("Justice Cheema-Grubb heard it.", "Cheema-Grubb"),
    ("Wilhelmina Fairbrass was on shift.", "Wilhelmina Fairbrass"),
    ("Tobias Ashgrove said grace.", "Tobias Ashgrove"),
    ("Perpetua Loxley wrote.", "Perpetua Loxley"),
    ("Godfrey Plumtree agreed.", "Godfrey Plumtree"),
    ("Ignatius Wetherby disagreed.", "Ignatius Wetherby"),
    ("Cuthbert Ormsby left.", "Cuthbert Ormsby"),
    ("Call 07700 900123 or +44 (0)7700 900123.", "7700900123"),
    ("Or 0044 7700 900456.", "7700900456"),
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("forms32") / "repo",
        paragraphs=[text for text, _ in TEXTS],
        redact=ENTRIES,
    )
    return build_edition(root, tmp_path_factory.mktemp("forms32-out") / "out", build_cache)


@needs_tools
def test_every_other_form_of_an_entry_is_in_no_output(edition: Edition, tmp_path: Path) -> None:
    leaks = found(edition, tmp_path, [name for _, name in TEXTS])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[REDACTED]") >= 12 and page.count("[PI]") >= 3, page


@pytest.mark.parametrize(("text", "name"), TEXTS)
def test_the_matcher_finds_each_form(text: str, name: str) -> None:
    entries = [e if isinstance(e, str) else Entry(e["text"], e["code"]) for e in ENTRIES]
    matcher = Matcher.of(entries)
    assert matcher.search(text), text
    kept = matcher.plain(text)
    assert name.split()[-1][-4:] not in kept.replace(" ", ""), kept


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("Mental Health Unit, Leeds", "the mental health unit was full"),
        ("Hill Street, London", "a house on Hill Street"),
        ("Major Trauma Centre", "the nearest trauma centre"),
        ("The Dean Street Clinic", "a street clinic"),
        ("Officer Training Corps", "the training corps"),
        ("Chief Nurse's Office", "the doctor's office"),
        ("Mary Alice Ma", "Mary Alice came"),  # `Ma` is a surname, not a degree
        ("Sabine Obe", "Sabine came"),
        ("Siobhan O'Sullivan", "Siobhan Sullivan came"),
        ("Dr Example", "Example"),
        ("Flat 2, 14 Hill Street", "flat 2 is empty"),
        ("Mrs Justice Cheema-Grubb", "Grubb"),
        ("Quorvath, Jane", "Quorvath alone"),
        ("Jane Quorvath, Leeds", "Leeds"),
    ],
)
def test_a_form_never_hides_less_than_a_name(entry: str, text: str) -> None:
    assert Matcher.of([entry]).plain(text) == text
