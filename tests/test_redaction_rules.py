"""Redaction entries, reason codes, regions, the bundle's language, and `[@ID]` references in
Markdown: each rule at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_pdf, write_tree
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_rules import ANCHOR, PE, SUBMISSION, TM, TODAY, check

from inquiry.checks import redaction
from inquiry.checks.citations import LOCATOR
from inquiry.problems import Report
from inquiry.validate import validate

CODES = SUBMISSION + "redaction_codes:\n  GRO-A: Name of a witness\n  GRO-B: Name of a place\n"


def with_codes(tmp_path: Path, files: dict[str, str | bytes], sub: str = CODES) -> Report:
    write_tree(tmp_path, {"evidence/submission.yaml": sub, "evidence/anchor.yaml": ANCHOR, **files})
    _, report = validate(tmp_path, today=TODAY)
    return report


def test_redact_entries_as_strings_and_with_codes(tmp_path: Path) -> None:
    text = TM.replace("First.", "Jane Doe worked at St Elsewhere.")
    text += "redact:\n  - Jane Doe\n  - {text: St Elsewhere, code: GRO-B}\n"
    assert with_codes(tmp_path, {"evidence/item.yaml": text}).problems == ()


def test_an_undeclared_code_at_its_line(tmp_path: Path) -> None:
    text = TM.replace("First.", "Jane met John.")
    text += "redact:\n  - {text: Jane, code: GRO-A}\n  - {text: John, code: GRO-C}\n"
    report = with_codes(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "file", "line", "column", "hint") == [
        (
            "redact-unknown-code",
            "evidence/item.yaml",
            18,
            24,
            "declared in submission.yaml: GRO-A, GRO-B",
        )
    ]


def test_a_code_without_any_declared(tmp_path: Path) -> None:
    text = TM.replace("First.", "Jane said so.") + "redact:\n  - {text: Jane, code: GRO-A}\n"
    report = with_codes(tmp_path, {"evidence/item.yaml": text}, sub=SUBMISSION)
    assert report.flatten("code", "line") == [("redact-unknown-code", 17)]
    assert "redaction_codes" in (report.problems[0].hint or "")


def test_a_badly_formed_code_is_a_schema_problem(tmp_path: Path) -> None:
    sub = SUBMISSION + "redaction_codes:\n  gro b: Lower case\n"
    report = with_codes(tmp_path, {}, sub=sub)
    assert report.flatten("code", "file", "line", "column") == [
        ("schema-value", "evidence/submission.yaml", 15, 3)
    ]
    assert "not a reason code" in report.problems[0].message


EXHIBIT = PE + (
    "exhibits:\n  - file: exhibits/a.pdf\n    description: A letter\n    redact:\n{entries}"
)


def exhibit(entries: str) -> str:
    return EXHIBIT.format(entries=entries)


def test_exhibit_redactions_of_every_shape(tmp_path: Path) -> None:
    text = exhibit(
        "      - Jane Doe\n"
        "      - {text: John, code: GRO-A}\n"
        "      - {page: 1, box: [72, 700, 300, 720.5], code: GRO-B}\n"
        "      - {page: 2, box: [0, 0, 595, 842]}\n"
    )
    files = {"evidence/item.yaml": text, "evidence/exhibits/a.pdf": make_pdf(2)}
    assert with_codes(tmp_path, files).problems == ()


@pytest.mark.parametrize(
    ("entry", "code", "column"),
    [
        ("{page: 1, box: [300, 700, 72, 720]}", "schema-value", 24),  # x0 >= x1
        ("{page: 1, box: [72, 720, 300, 720]}", "schema-value", 24),  # y0 >= y1
        ("{page: 1, box: [72, 700, 300]}", "schema-missing", 24),
        ("{page: 0, box: [72, 700, 300, 720]}", "schema-value", 16),
        ("{page: 1, box: [-1, 700, 300, 720]}", "schema-value", 25),
        ("{page: 1, box: [72, 700, 300, 720], code: GRO-Z}", "redact-unknown-code", 51),
        ("{page: 1, box: [72, 700, 300, 720], colour: red}", "schema-unknown-field", 45),
        ("{text: Jane, code: GRO-Z}", "redact-unknown-code", 28),
        ("17", "schema-type", 9),
    ],
)
def test_bad_exhibit_redactions_at_their_line(
    tmp_path: Path, entry: str, code: str, column: int
) -> None:
    files = {
        "evidence/item.yaml": exhibit(f"      - {entry}\n"),
        "evidence/exhibits/a.pdf": make_pdf(1),
    }
    report = with_codes(tmp_path, files)
    assert report.flatten("code", "line", "column") == [(code, 21, column)]


def test_a_region_beyond_the_last_page_is_found_by_the_exhibit_probe(tmp_path: Path) -> None:
    text = exhibit("      - {page: 3, box: [72, 700, 300, 720]}\n")
    files = {"evidence/item.yaml": text, "evidence/exhibits/a.pdf": make_pdf(2)}
    write_tree(
        tmp_path, {"evidence/submission.yaml": CODES, "evidence/anchor.yaml": ANCHOR, **files}
    )
    _, unprobed = validate(tmp_path, today=TODAY, probe_exhibits=False)
    assert unprobed.problems == ()
    corpus, report = validate(tmp_path, today=TODAY)
    assert report.flatten("code", "file", "line") == [("redact-page", "evidence/item.yaml", 21)]
    [region] = list(redaction.regions(corpus))
    assert (region.file, region.page, region.exhibit) == ("exhibits/a.pdf", 3, 0)
    assert redaction.region_problems(region, 3) == []
    [problem] = redaction.region_problems(region, 2)
    assert (problem.code, problem.file, problem.line, problem.column) == (
        "redact-page",
        "evidence/item.yaml",
        21,
        16,
    )


@pytest.mark.parametrize("language", ["en-GB", "cy", "sr-Latn-RS", "en"])
def test_a_language_tag(tmp_path: Path, language: str) -> None:
    report = with_codes(tmp_path, {}, sub=SUBMISSION + f"language: {language}\n")
    assert report.problems == ()


@pytest.mark.parametrize("language", ["english", "en_GB", "e", "en-GB-", "'42'"])
def test_not_a_language_tag(tmp_path: Path, language: str) -> None:
    report = with_codes(tmp_path, {}, sub=SUBMISSION + f"language: {language}\n")
    assert report.flatten("code", "line") == [("schema-value", 14)]


# References in Markdown


@pytest.mark.parametrize(
    "summary",
    [
        "See [@PE-900].",
        "See [@PE-900, p. 2].",
        "See [@PE-900, p.\u00a02] and [see @PE-900, page 3; @PE-900].",
        "As @PE-900 says.",
        "Write to me@example.org, or `@code`, or \\@escaped.",
        "Follow @NHSEngland and @nhs_talking on social media.",  # handles are text
    ],
)
def test_references_that_resolve(tmp_path: Path, summary: str) -> None:
    text = PE.replace("summary: A summary.", f"summary: '{summary}'")
    assert check(tmp_path, {"evidence/item.yaml": text}).problems == ()


@pytest.mark.parametrize(
    ("summary", "code"),
    [
        ("See [@PE-999].", "ref-unknown-item"),
        ("See @XX-001 too.", "ref-unknown-item"),
        ("See [@PE-900, p. 0].", "ref-locator"),
        ("See [@PE-900, p. two].", "ref-locator"),
        ("See [@PE-900, chapter 2].", "ref-locator"),
        ("See [@PE-900, pp. 2-3].", "ref-locator"),
    ],
)
def test_references_that_do_not(tmp_path: Path, summary: str, code: str) -> None:
    text = PE.replace("summary: A summary.", f"summary: '{summary}'")
    report = check(tmp_path, {"evidence/item.yaml": text})
    column = 11 + summary.index("@")  # at the reference itself
    assert report.flatten("code", "file", "line", "column") == [
        (code, "evidence/item.yaml", 6, column)
    ]


def test_a_reference_is_not_found_inside_a_longer_one(tmp_path: Path) -> None:
    summary = "|\n  See [@PE-900] for context.\n  The survey [@PE-90] and [@PE-9000] disagree.\n"
    text = PE.replace("summary: A summary.\n", f"summary: {summary}")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column") == [
        ("ref-unknown-item", 8, 15),
        ("ref-unknown-item", 8, 28),
    ]


def test_a_reference_in_a_block_is_reported_on_its_own_line(tmp_path: Path) -> None:
    summary = "|\n  First line.\n\n  Second, citing [@PE-999] and [@PE-998].\n  Third [@PE-999].\n"
    text = PE.replace("summary: A summary.\n", f"summary: {summary}")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line", "column") == [
        ("ref-unknown-item", 9, 19),
        ("ref-unknown-item", 9, 33),
        ("ref-unknown-item", 10, 10),
    ]


def test_an_unknown_reference_suggests_the_nearest(tmp_path: Path) -> None:
    text = PE.replace("summary: A summary.", "summary: See [@PE-090].")
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.problems[0].hint == "did you mean `@PE-900`?"


def test_references_in_every_markdown_field(tmp_path: Path) -> None:
    text = TM.replace("  - Second.", "  - Second, see [@XX-001].").replace(
        "summary: A summary.", "summary: See [@XX-002]."
    )
    report = check(tmp_path, {"evidence/item.yaml": text})
    assert report.flatten("code", "line") == [("ref-unknown-item", 6), ("ref-unknown-item", 14)]


def test_the_locator_expression() -> None:
    for good in (", p. 2", ", p.\u00a02".replace("\u00a0", " "), " page 12", ", pp. 3"):
        assert LOCATOR.match(good), good
    for bad in (", p. 2-3", ", chapter 2", ", p."):
        assert not LOCATOR.match(bad), bad


def test_fast_normalising_agrees_on_every_space_combining_mark_and_compatibility_form() -> None:
    """`normalise_fast` (outputs, and exhibit pages before a name is located) and `normalise`
    (sources, locating) must fold the same characters, wherever in Unicode a space or a combining
    mark lives, and whatever a compatibility form decomposes to (`︱` to an em dash, `ŉ` to a
    quote and a letter)."""
    import sys
    import unicodedata

    from inquiry.redaction import normalise, normalise_fast

    odd = [
        chr(cp)
        for cp in range(sys.maxunicode + 1)
        if not 0xD800 <= cp < 0xE000
        and (
            unicodedata.combining(chr(cp))
            or chr(cp).isspace()
            or unicodedata.normalize("NFKD", chr(cp)) != chr(cp)
        )
    ]
    assert len(odd) > 6000
    from inquiry.redaction import LOOK_ALIKES, LOOK_BLOCKS

    looking = [
        chr(cp)
        for first, last in LOOK_BLOCKS
        for cp in range(first, last + 1)
        if not unicodedata.combining(chr(cp))
    ]
    for ch in odd:
        text = f"ab{ch}cd"
        # Line ends stay line ends in both (stop 34: a line end parts letter-spaced words).
        assert normalise_fast(text) == normalise(text)[0], hex(ord(ch))
    for ch in [*odd, *looking, *LOOK_ALIKES]:
        text = f"ab{ch}cd"
        fast = normalise_fast(text, look_alike=True)
        assert fast == normalise(text, look_alike=True)[0], hex(ord(ch))


_MIXED = (
    "aZ9 -\n\t\r\u00a0\u2014\u2019e\u0301\u0323\u0307\u1e09\ufb01\u2460\u3000\u200b"
    "\ufe31\u0149\u00c5\u212b\uac00\u0627\u0651\u05d0\u05b8"
    "\u03bd\u039d\u03b7\u043f\u0433\u1c82\u03f9\u03ac\U0001d6ce"
)


@given(text=st.text(alphabet=st.sampled_from(_MIXED) | st.characters(), max_size=60))
@example("Ze\u0323\u0301ro \ufe31 Jo\u0301-\n se\u0301 \ufb01n \u3000\u2460")
@example("\u1e09\u0307\u0323a\u0149\uac00-\n\u212b")
@settings(max_examples=400, deadline=None)
def test_fast_normalising_agrees_on_mixed_text(text: str) -> None:
    """`normalise_fast` decomposes only the runs of non-ASCII characters; it must still agree
    with `normalise` on text mixing them with ASCII: letters followed by marks, marks in any
    order, ligatures, compatibility spaces and dashes, Hangul, hyphens at line ends."""
    from inquiry.redaction import normalise, normalise_fast

    assert normalise_fast(text) == normalise(text)[0]
    looking = normalise_fast(text, look_alike=True)
    assert looking == normalise(text, look_alike=True)[0]


@pytest.mark.parametrize(
    "exhibit_line",
    [
        # A bad box beside a region beyond the last page, the entry on one line.
        "  - {file: exhibits/a.pdf, description: A letter, redact: "
        "[{page: 9, box: [0, 0, 10, 10]}, {page: 1, box: [5, 5, 1, 1]}]}\n",
        # A missing description, reported at the same line.
        "  - {file: exhibits/a.pdf, redact: [{page: 9, box: [0, 0, 10, 10]}]}\n",
        # An undeclared code on the same line.
        "  - {file: exhibits/a.pdf, description: A letter, redact: "
        "[{page: 9, box: [0, 0, 10, 10], code: GRO-Z}]}\n",
    ],
)
def test_another_problem_on_the_exhibits_line_does_not_hide_a_page_it_lacks(
    tmp_path: Path, exhibit_line: str
) -> None:
    """Every problem in one run: the probe skipped an exhibit with any problem at its `file`
    line, and an exhibit written on one line has every problem of its entry there."""
    files = {
        "evidence/item.yaml": PE + "exhibits:\n" + exhibit_line,
        "evidence/exhibits/a.pdf": make_pdf(2),
    }
    codes = [p.code for p in with_codes(tmp_path, files).problems]
    assert "redact-page" in codes and len(codes) == 2, codes


def test_an_exhibit_whose_file_is_wrong_is_not_opened(tmp_path: Path) -> None:
    text = PE + (
        "exhibits:\n  - {file: exhibits/a.pdf, description: A letter, "
        'sha256: "' + "0" * 64 + '", redact: [{page: 9, box: [0, 0, 10, 10]}]}\n'
    )
    files = {"evidence/item.yaml": text, "evidence/exhibits/a.pdf": make_pdf(2)}
    assert [p.code for p in with_codes(tmp_path, files).problems] == ["exhibit-sha256"]
