"""Stop 35: the search for redacted strings does the same work in less time — web addresses
looked for only in runs of characters that can hold one, and the drawn reading asked for only
where a look-alike stands among letters. These tests hold the fast paths to what they replace."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry import name_addresses as addresses

_PIECES = st.sampled_from(
    [
        *"ab.c/\\:~-_ w1x+#?",
        "\u3002",
        "\u00a0",
        "\u2003",
        "\n",
        "\t",
        "http://",
        "www.",
        "org",
        "xn--",
        "the",
        "C:\\",
        "exhibits/",
        "Smith",
        ".pdf",
        "e.g.",
    ]
)


@settings(max_examples=500)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_hosts_finds_what_a_search_of_the_whole_text_finds(text: str) -> None:
    whole = [(m.start(), m.end()) for m in addresses.HOST.finditer(text)]
    assert [(m.start(), m.end()) for m in addresses.hosts(text)] == whole


def test_hosts_in_prose() -> None:
    text = (
        "See www.example.org/a?b=1 and exhibits/letters/jane.pdf. Then C:\\Users\\x\\y.msg; "
        "not Manchester.Then or e.g. this, but janesmith.therapy and a/b/c\u3000x\u3002org"
    )
    found = [m.group() for m in addresses.hosts(text)]
    assert found == [m.group() for m in addresses.HOST.finditer(text)]
    assert "www.example.org/a?b=1" in found and "janesmith.therapy" in found


def _run_of(errors: list[int], length: int) -> bool:
    run = 0
    for e in errors:
        run = run + 1 if e == 1 else 0
        if run >= length:
            return True
    return False


class _TextPage:
    def __init__(self, errors: list[int]) -> None:
        self.errors = errors

    def count_chars(self) -> int:
        return len(self.errors)


@settings(max_examples=500)
@given(st.lists(st.sampled_from([1, 1, 0, -1]), max_size=40), st.integers(2, 4))
def test_a_run_of_unmapped_characters_is_found_asking_every_lengthth_first(
    errors: list[int], length: int
) -> None:
    import pypdfium2.raw as pdfium_c
    import pytest

    from inquiry.exhibits import ocr

    page: Any = _TextPage(errors)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfium_c, "FPDFText_HasUnicodeMapError", lambda tp, i: tp.errors[i])
        assert ocr._unmapped_run(page, length) == _run_of(errors, length)
