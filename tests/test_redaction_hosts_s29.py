"""A redacted name run into the words of a host or file name is found there, as in an e-mail
address's name part (stop 29: `Somerset` stayed in `https://oursomerset.org.uk/…` in every
output); a short one is not looked for inside them, so the namespaces of every Word file and
ordinary addresses are left alone."""

from __future__ import annotations

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
