"""A redacted name run into the words of a host or file name is found there, as in an e-mail
address's name part (stop 29: `Somerset` stayed in `https://oursomerset.org.uk/…` in every
output); a short one is not looked for inside them, so the namespaces of every Word file and
ordinary addresses are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from inquiry.redaction import Matcher

M = Matcher.of(
    (("Somerset", None), ("Jane Smith", "PI"), ("Ann", None), ("Mat", None), ("Al Tosh", None))
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("https://oursomerset.org.uk/news", "Somerset"),
        ("OurSomerset.ORG.uk", "Somerset"),
        ("www.janesmithphotography.co.uk", "Jane Smith"),
        ("mail hello@thejanesmithblog.com", "Jane Smith"),
        ("exhibits/janesmithstatement.pdf", "Jane Smith"),
        ("https://altoshdesigns.example.org/", "Al Tosh"),  # six letters once joined
    ],
)
def test_a_name_inside_a_host_is_found(text: str, name: str) -> None:
    assert name in [found for found, _ in M.search(text)]
    assert M.search(M.plain(text)) == []  # what redaction leaves holds it no more
    assert M.in_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # `Mat` in formats
        "https://planning.gov.uk/annual",  # `Ann` in planning
        "Their somersetshire accent.",  # not a host: whole words only, as before
        "e.g. the format.docx, i.e. a file",
    ],
)
def test_a_short_name_or_a_word_is_not_found_inside_a_host(text: str) -> None:
    assert M.search(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Paths, queries, fragments, punycode and the ideographic full stop (red team h88).
        ("https://www.facebook.com/groups/oursomersetparents/", "Somerset"),
        ("see https://x.org/p?u=thejanesmith99x", "Jane Smith"),
        ("https://x.org/#oursomersetnews", "Somerset"),
        ("https://xn--zoblanchflower-6kb.com/about", "Zoë Blanchflower"),
        ("xn\u2013zoblanchflower-6kb.com", "Zoë Blanchflower"),  # its -- made a dash
        ("oursomerset\u3002org", "Somerset"),
    ],
)
def test_a_name_anywhere_in_a_web_address_is_found(text: str, name: str) -> None:
    matcher = Matcher.of((("Somerset", None), ("Jane Smith", None), ("Zoë Blanchflower", None)))
    assert name in [found for found, _ in matcher.search(text)]
    assert matcher.search(matcher.plain(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "They moved to Manchester.Then they left.",  # sentences run together: not an address
        "settings.xml, inq-footer1.xml and style.css",  # our own parts' file names
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    ],
)
def test_words_that_only_look_like_an_address_are_left(text: str) -> None:
    matcher = Matcher.of((("Chester", None), ("Foote", None), ("Setti", None)))
    assert matcher.search(text) == []


def test_a_reading_that_runs_paragraphs_together_finds_no_address() -> None:
    matcher = Matcher.of((("Chester", None),))
    assert matcher.search("moved to Manchester.It was", hosts=False) == []


def test_a_public_bundle_with_names_like_its_own_formats_words_builds(
    sample: Path, build_cache: Path
) -> None:
    """Names that Word's, the PDF's and the HTML's own addresses and file names hold (a
    `Foote` in every DOCX's `…/footer`, `Setti` in `settings.xml`) and a sentence ending a
    paragraph in a name's longer word (`Manchester.` then `It`): the public build is not
    refused (red team h88: both were, by the final search)."""
    from test_pdf import build_pdf
    from test_spec_audit_s28 import edit

    tm = sample / "evidence/testimonies/TM-003.yaml"
    edit(
        tm,
        "redact: [Jane Placeholder]",
        "redact: [Jane Placeholder, Chester, Foote, Setti, Bering, Forge]",
    )
    edit(
        tm,
        "- We were told to *discharge* people quickly.",
        "- We were told to *discharge* people quickly. They moved to Manchester.\n  - It was far.",
    )
    built = build_pdf(
        sample, sample.parent / "out", cache=build_cache, formats=("pdf", "docx", "html")
    )
    assert (built.out / "bundle.docx").is_file() and (built.out / "html/index.html").is_file()
