"""Where binary formats keep text (`inquiry.embedded`): found there, blanked in place."""

from __future__ import annotations

from inquiry.embedded import blank, spans


def _index(items: list[bytes]) -> bytes:
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    return len(items).to_bytes(2, "big") + b"\x01" + bytes(offsets) + b"".join(items)


def test_a_cff_fonts_names_and_strings_are_found_and_blanked() -> None:
    name, notice = b"AnneOyelaran-Hand", b"Copyright Anne Oyelaran"
    font = b"\x01\x00\x04\x01" + _index([name]) + _index([b"\x8b\x00"]) + _index([notice])
    found = [font[a:b] for a, b, _ in spans(font, "cff")]
    assert found == [name, notice]
    cuts = [(a, b) for a, b, _ in spans(font, "cff")]
    blanked = blank(font, cuts)
    assert len(blanked) == len(font) and b"Oyelaran" not in blanked
    assert blanked[:4] == font[:4], "the header and every offset stay"


def test_a_damaged_table_is_searched_whole_and_glyphs_never() -> None:
    assert (0, 2, "latin-1") in spans(b"\x01\x00", "cff")  # and as UTF-8 and UTF-16
    # A TrueType program's glyph data is not searched, where a short name would sooner or
    # later turn up by chance (stop 45: every table but outlines, metrics and rules is, and in
    # those, runs of eight printable characters or more, as `strings` finds them).
    glyphs = b"An\x01ne" * 10
    directory = b"glyf" + bytes(4) + (28).to_bytes(4, "big") + len(glyphs).to_bytes(4, "big")
    font = b"\x00\x01\x00\x00\x00\x01" + bytes(6) + directory + glyphs
    assert spans(font, "truetype") == []


def test_other_data_is_read_as_latin_1_and_as_utf_16_at_either_alignment() -> None:
    data = b"x" + "Anne".encode("utf-16-be")
    texts = {data[a:b].decode(e, "replace") for a, b, e in spans(data, "data")}
    assert "Anne" in texts
