"""Stop 44, red team h179 F1: a `redact` entry written with quotes round it (pasted from a
word processor: `“Priya Hallam”`) or a list's comma after it (`- Tomasz Wrenfield,`) was looked
for with them, so the name alone was left in every output; in a restricted item's list (where
a witness's own name goes) nothing warned. The quotes, the list's punctuation and its number
are not part of what is looked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.name_forms import trimmed
from inquiry.redaction import Matcher

TEXT = "My colleagues Priya Hallam, Tomasz Wrenfield and Imogen Blackthorne were dismissed."


@pytest.mark.parametrize(
    "entry",
    [
        "“Priya Hallam”",
        '"Priya Hallam"',
        "«Priya Hallam»",
        "„Priya Hallam“",
        "‘Priya Hallam’",
        "Priya Hallam,",
        "Priya Hallam;",
        "Priya Hallam:",
        "Priya Hallam!",
        "Priya Hallam?",
        "“Priya Hallam”,",
        " Priya Hallam, ",
        ",Priya Hallam",
        "Priya Hallam &",
        "「Priya Hallam」",
        "Priya Hallam，",
    ],
)
def test_an_entry_is_found_without_what_stands_round_it(entry: str) -> None:
    shown = Matcher.of([(entry, "PI")]).plain(TEXT)
    assert "Hallam" not in shown and "[PI]" in shown, shown


@pytest.mark.parametrize(
    "entry",
    [
        "Perpetua Loxley (née Hartwell)",
        "+44 7700 900123",
        "O'Brien",
        "Ward 7",
        "J. R. Smith",
        "12. März 1970",
        "1. FC Köln",
    ],
)
def test_what_belongs_to_the_entry_stays(entry: str) -> None:
    assert trimmed(entry) == entry


@pytest.mark.parametrize(
    ("entry", "text"),
    [("12. März 1970", "born 12. März 1970."), ("“3. mai 1985”", "født 3. mai 1985")],
)
def test_a_date_written_with_a_point_is_cut_whole(entry: str, text: str) -> None:
    """Red team h181: a number before the name was taken for a list's and left out, so the
    day of a date of birth written the European way stayed in the bundle."""
    shown = Matcher.of([(entry, "PI")]).plain(text)
    assert shown.count("[PI]") == 1 and not any(c.isdigit() for c in shown), shown


def test_an_entry_of_nothing_but_quotes_finds_nothing() -> None:
    assert trimmed("“”") == "" and not Matcher.of([("“”", None)])


RESTRICTED = """\
id: TM-007
kind: testimony
title: Statement of a therapist
date: 2024-01-10
lines_of_inquiry: [LOI-1]
audience: restricted
summary: A therapist's own account.
source: {title: Statement given to the coalition, author: The witness, accessed: 2025-07-01}
witness: {reference: W-07, role: Therapist}
consent: {publication: panel_only, basis: Given to the coalition for the panel only.}
paragraphs:
  - I worked as a therapist with my colleagues.
statement_of_truth: true
redact:
  - “Priya Hallam”
  - Tomasz Wrenfield,
  - Imogen Blackthorne;
"""


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("edges44") / "repo",
        paragraphs=[TEXT],
        redact=["“Priya Hallam”"],
    )
    (root / "evidence/testimonies/TM-007.yaml").write_text(RESTRICTED, encoding="utf-8")
    return build_edition(root, tmp_path_factory.mktemp("edges44-out") / "out", build_cache)


@needs_tools
def test_names_listed_with_quotes_or_commas_are_in_no_output(
    edition: Edition, tmp_path: Path
) -> None:
    names = ["Priya Hallam", "Tomasz Wrenfield", "Imogen Blackthorne"]
    leaks = found(edition, tmp_path, names)
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[REDACTED]") >= 3, page
