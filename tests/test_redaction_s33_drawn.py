"""Letters typed for the one they are drawn like inside a name (stop 33, red team h112): in
a sans-serif font `WrenfieId` (a capital I) is `Wrenfield` to a reader, and `Wrenfie1d` nearly
so; both were left in every output. Stop 34: a 1, a bar or an exclamation mark may stand for
an `i` as well as an `l` (`Wrenf1eld`, `Wrenfie!d`, `Wrenf1e1d`), and 3, 4 and 5 for e, a, s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_redaction_s33_camel import built_texts

from inquiry.cli import main
from inquiry.name_readings import STROKE, drawn_text
from inquiry.redaction import Matcher


def test_a_name_with_a_letter_drawn_alike_is_cut() -> None:
    matcher = Matcher.of(["Wrenfield", "Jo Rowe"])
    text = "WrenfieId, Wrenfie1d and Wrenfie|d met Jo R0we."
    assert matcher.plain(text) == "[REDACTED], [REDACTED] and [REDACTED] met [REDACTED]."
    assert {s for s, _ in matcher.search(text)} == {"Wrenfield", "Jo Rowe"}


def test_a_one_or_a_mark_for_an_i_is_cut_too() -> None:
    """Stop 34 (left open at stop 33): `Wrenf1eld` read `Wrenfleld`, which is no name."""
    matcher = Matcher.of([("Marjorie Wrenfield", "GRO-B"), "Lily Hill", "Ali Khan"])
    for written in ("Wrenf1eld", "Wrenfie!d", "Wrenf1e1d", "Wrenf!e|d", "Wr3nfi3ld", "WRENF1ELD"):
        text = f"Ms Marjorie {written} gave evidence."
        assert matcher.plain(text) == "Ms [GRO-B] gave evidence.", text
        assert [s for s, _ in matcher.search(text)] == ["Marjorie Wrenfield"], text
    assert matcher.plain("Li1y Hi1l and A1i Khan") == "[REDACTED] and [REDACTED]"
    assert {s for s, _ in matcher.search("Li1y Hi1l and A1i Khan")} == {"Lily Hill", "Ali Khan"}


def test_only_a_match_over_a_letter_drawn_alike_counts() -> None:
    """The reading takes i and l for one letter: `All Khan` is still not `Ali Khan`."""
    matcher = Matcher.of(["Ali Khan", "Lily Hill"])
    for text in ("All Khan said so; A1B2 form", "Lliy Hlll, and Hi11s", "All Khan, file1a"):
        assert matcher.plain(text) == text, text
        assert matcher.search(text) == [], text


def test_the_reading_keeps_the_length_and_marks_a_capital_i_drawn_as_an_l() -> None:
    text = "McIntyre, iPhone, Ian, WILLIAM, Row 10, A1 B2, WrenfieId, HiII, AIi"
    reading = drawn_text(text)
    assert reading is not None and len(reading) == len(text)
    assert reading == text.replace("McI", f"Mc{STROKE}").replace("eId", f"e{STROKE}d").replace(
        "HiII", f"Hi{STROKE * 2}"
    ).replace("AIi", f"A{STROKE}i")
    assert drawn_text("No such words here: 12 May 2024, page 7.") is None


def test_ordinary_text_with_digits_is_left() -> None:
    matcher = Matcher.of(["Wrenfield", "Jo Rowe"])
    for text in (
        "Model 1a, file0x, A1B2C3, version2, Row 10",
        "McIntyre and iPhone",
        "Hello!wor1d",
    ):
        assert matcher.plain(text) == text


def test_a_word_ending_in_hexadecimal_letters_is_still_a_word() -> None:
    """h117: `e1d2024` is a hexadecimal run, but inside `Wrenfie1d2024` it is no digest."""
    matcher = Matcher.of(["Wrenfield"])
    assert matcher.plain("the Wrenfie1d2024 campaign") == "the [REDACTED]2024 campaign"
    assert matcher.plain("sha 3ed9f1c2a0b4d5e6 and #ed7d31") == "sha 3ed9f1c2a0b4d5e6 and #ed7d31"


_NAMES = ["Marjorie Wrenfield", "Jane Placeholder", "William Ellis", "Ali Khan", "Lily Hill"]
_NAMES += ["Sam Lee", "Moore", "Rowe", "Wrenfield", "Ellis", "Eli", "Esa", "Li", "Al"]
_NAMES += ["Ian Smith", "Ivy Cole", "Sam", "Lin", "Dani", "Nel", "Olla", "Lee", "Hal", "Sol"]
_NAMES += ["Mel", "Del", "Max", "Lola", "Lila", "Lona", "Iain", "Mia", "Leo", "Ola", "Oli"]


@pytest.mark.parametrize(
    "text",
    [
        # Red team h121 (stop 34): two look-alikes in a row, at a word's start or end, in
        # capitals, a capital I after a capital, invisible and accented neighbours, look-alikes
        # outside ASCII, a name followed by a digit, inside a long hashtag.
        "Wi11iam E11is",
        "M00re",
        "Lily HiII",
        "EIIis",
        "Jan3 Placeholder",
        "4li Khan",
        "Elli5",
        "Lily Hi1l",
        "|ily Hill",
        "MARJ0RIE WR3NFIELD",
        "JANE P1ACEH0LDER",
        "WILLIAM E11IS",
        "AL1 KHAN",
        "WRENFIE!D",
        "AIi Khan",
        "EIlis",
        "Marjorie Wrenf\u200b1eld",
        "Marjorie Wrenf\u00ad1eld",
        "Wrenfi\u04351d",
        "Wrenfi\u0435Id",
        "wrenf\u0131eId",
        "Aur\u00e9lie Wrenf1eld",
        "Wrenf\uff11eld",
        "Wrenf\u00b9eld",
        "Wrenf\U0001d7cfeld",
        "Wrenf\u00a1eld",
        "Wrenfie\u00a6d",
        "Wrenfie\u2502d",
        "Wrenfie\uff5cd",
        "Wrenfie\u0406d",
        "Wrenfie\u0399d",
        "Wrenfie1d4justice",
        "R0we4all",
        "R0we5th",
        "WrenfieId3a",
        "Jane P1aceh0lder3d",
        "Jane Placeh0lder5s",
        "#" + "x" * 130 + "wrenf1eld",
    ],
)
def test_every_way_a_reader_still_reads_the_name_is_cut(text: str) -> None:
    matcher = Matcher.of(_NAMES)
    assert matcher.plain(text) != text, text
    assert matcher.search(text), text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Red team h122 (stop 34): the drawn reading inside the other readings.
        ("JusticeForWrenf1eld", "JusticeFor"),
        ("JUSTICEFORWRENF1ELD", "JUSTICEFOR"),
        ("#justicef0rwrenf1eld", "#justicef0r"),
        ("mwrenf1eld@example.com", "@example.com"),
        ("@mwrenf1eld", "@m"),
        ("justiceforwrenf1eld.org.uk", ".org.uk"),
        ("https://savewrenf1eld.com/about", "https://save"),
        ("W R E N F 1 E L D", ""),
        ("J A N E  P L A C 3 H O L D E R", ""),
        ("Wrenf1-\neld", ""),
        ("Wren-\nf1eld", ""),
        ("Wrenfi-\ne1d", ""),
        ("WRENFlELD", ""),
        ("Wrenfie1dJustice", "Justice"),
        ("Wrenf1\u200aeld", ""),
        ("Wren\u2009f1eld", ""),
        ("Wrenf\u20601\u2060eld", ""),
        ("Wrenf\u01c0eld", ""),
        ("Wrenf\u2223eld", ""),
        ("Wrenf\u23fdeld", ""),
        ("Wrenf\uffe8eld", ""),
        ("Wrenf\u0661eld", ""),
        # Red team h123: a capital I drawn as an l in a camel-case word, an entry with a
        # number (a home address), short capitals with a bar, names made of a-f letters.
        ("JusticeForWrenfieId", "JusticeFor"),
        ("WrenfieIdJustice", "Justice"),
        ("14 Mi1l Lane", ""),
        ("Flat 2 Oak Hi1l", ""),
        ("MRS A|I KHAN", "MRS "),
        ("Mr Da1e said", "Mr "),
        ("B0b", ""),
        # Stop 35: letter-spaced with the gaps the plain reading reads (a slash, a colon).
        ("W/R/E/N/F/1/E/L/D", ""),
        ("W:R:E:N:F:1:E:L:D", ""),
        ("see W/R/E/N/F/1/E/L/D, p. 3", "see "),
    ],
)
def test_a_name_drawn_alike_is_read_in_every_other_reading(text: str, kept: str) -> None:
    names = ["Marjorie Wrenfield", "Wrenfield", "Jane Placeholder", "14 Mill Lane"]
    matcher = Matcher.of([*names, "Flat 2 Oak Hill", "Ali Khan", "Dale", "Bob"])
    plain = matcher.plain(text)
    assert "[REDACTED]" in plain and kept in plain, (text, plain)
    assert matcher.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "3.2e11 m/s",
        "#a11 colour",
        "fe80::a11",
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "l1 cache",
        "a||b",
        "All Khan said",
        "Hello!world",
        "A1B2 form",
        "SW1A 1AA",
        "Mi11s",
        "McIntyre and iPhone",
        "GUIs and APIs",
        "The lan network, like and look",
        "In Ivy we trust",
        "Iola Jones, Ilia Petrov, Iona Abbey; they had lain in bed; Philips-MBP.lan",
        "I woke at 5am, 1in of snow",
        "user dan1 logged in",
        "Newcastle NE1 4ST, Oldham OL1 1AA, Leicester LE3 0AB, Chesterfield S41 7TD",
        "Ha! I told you so! Who, me! Ha!Ha!",
        "D3L, S0L",
        "code 0x1d413",
        # Red team h123: reference numbers, code, addresses.
        "ME102500C M14132 L30357 KB0114079 INV143115 Ref KB10115 v10114 QQ301145A",
        "mode = 0o140000; x = a || ''; i||0; s = '\\u001a'",
        "rwe11@cl.cam.ac.uk, sta11@x.org",
        "sha 3ed9f1c2a0b4d5e6 and #ed7d31",
    ],
)
def test_what_only_looks_like_a_name_drawn_alike_is_left(text: str) -> None:
    """Red teams h121 and h122 (stop 34): hexadecimal numbers, codes in capitals, a digit
    starting a word (a time, a unit), a lone 1 ending one (a handle), an exclamation mark after
    a word are how words are written, not names drawn with look-alikes."""
    matcher = Matcher.of(_NAMES)
    assert matcher.plain(text) == text
    assert matcher.search(text) == []


_SWAPS = {"i": "1|!", "l": "1|I", "o": "0", "e": "3", "a": "4", "s": "5"}


@given(st.data())
def test_any_one_letter_swapped_for_its_look_alike_is_cut(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["Wrenfield", "Quorvath", "Marchbanks", "Ellis", "Rosalind"]))
    inner = [k for k in range(1, len(name) - 1) if name[k] in _SWAPS]
    k = data.draw(st.sampled_from(inner))
    written = name[:k] + data.draw(st.sampled_from(_SWAPS[name[k]])) + name[k + 1 :]
    if written[k] == "I" and not written[k - 1].islower():
        return  # a capital I after a capital is a capital I
    matcher = Matcher.of([name])
    assert matcher.plain(f"said {written}, today") == "said [REDACTED], today", written
    assert [s for s, _ in matcher.search(f"said {written}, today")] == [name], written


def test_the_built_outputs_hold_no_name_drawn_alike(sample: Path) -> None:
    """On what was rendered: the PDF's text, every DOCX part and every HTML page."""
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - We were told to *discharge* people quickly.",
            "  - We were told by Jane P1aceh0lder (or Jane Plac3ho!der) to *discharge* people.",
        ),
        encoding="utf-8",
    )
    args = ["build", "--root", str(sample), "-q"]
    result = CliRunner().invoke(
        main, [*args, "--format", "pdf", "--format", "docx", "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    texts = built_texts(sample / "build")
    assert "We were told by" in texts["bundle.pdf"].replace("\n", " ")
    name = re.compile(r"p[l1|!]ac[e3]h[o0][l1|!]der", re.IGNORECASE)
    assert not [where for where, text in texts.items() if name.search(text)]


@pytest.mark.parametrize(
    "text",
    [
        "see p. 1 and page 3 of 5; LOI-4\nA survey",
        "1. A point.\n3. We found 5 of 10",
        "Ref C1/34 and item A10, p. 4",
    ],
)
def test_a_look_alike_beside_words_asks_for_no_drawn_reading(text: str) -> None:
    """Stop 35: a look-alike standing alone beside whole words (`p. 1`, a list's `3.`) is no
    letter-spaced name; reading every such text again cost the proof a fifth of its time on a
    1,000-item bundle."""
    assert drawn_text(text) is None
