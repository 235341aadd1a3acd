"""Composite fonts whose text cannot be trusted: a TrueType font's own map against its ToUnicode.

A composite font (Type 0) with a TrueType program (`CIDFontType2`) and the identity encoding
draws each two-byte code's glyph; its `/ToUnicode` says separately what text each code is, and
the program's own `cmap` table says which characters each glyph is made for. A file can make the
two disagree — a page that shows `Marjorie Wrenfield` and extracts as `Znewbevr Jerasvryq` (stop
35, red team h124) — and a search of the text then passes the name by. A font whose ToUnicode
makes a letter or digit of a glyph its program makes for other characters only is distrusted
(`inquiry.exhibits.glyphs`): in an edition that redacts, every page drawing with it is read by
eye. A glyph the program maps no character to (a ligature, an alternate, a subset without a
`cmap`), or only private-use ones, tells nothing, and is passed over; a program fontTools cannot
read vouches for nothing, and its font is distrusted when its ToUnicode makes any letter.
"""

from __future__ import annotations

import io
import struct
import unicodedata

import pikepdf

from inquiry.pagehash_values import name_text

_IDENTITY = frozenset({"/Identity-H", "/Identity-V"})


def cid_distrusted(font: pikepdf.Dictionary, mapped: dict[int, str]) -> bool:
    """Whether the composite `font`'s ToUnicode (`mapped`: two-byte code → text) makes a letter
    or digit of a code whose glyph its TrueType program makes for other characters."""
    program = _program(font)
    if program is None:
        return False
    descendant, data = program
    drawn = _drawn(data)
    if drawn is None:  # a program that cannot be read cannot vouch for its map (review h145)
        return _says_letters(mapped)
    if not drawn:
        return False
    gids = _gids(descendant)
    for code, text in mapped.items():
        shown = _fold(text)
        if not any(ch.isalnum() for ch in shown):
            continue
        gid = code if gids is None else (gids[code] if code < len(gids) else None)
        made_for = drawn.get(gid) if gid is not None else None
        # Text of several characters on one glyph is a word shaped as a whole (Arabic set by
        # a word processor gives the word to its first glyph): it only has to hold the glyph's.
        if made_for is not None and not any(c in shown for c in made_for):
            return True
    return False


def simple_distrusted(font: pikepdf.Dictionary, mapped: dict[int, str]) -> bool:
    """Whether a simple TrueType `font` with no encoding whose glyph names say its letters (a
    symbolic font: `glyphs` has nothing to check its ToUnicode against) has a ToUnicode
    (`mapped`: one-byte code → text) making a letter or digit of a code whose glyph its
    program makes for other characters (red team h139: an embedded DejaVu Sans mapping every
    letter to `x` drew a name no search found). A code's glyph is the program's (3,0) `cmap`
    entry for it (at 0xF000 + code, as PDF reads a symbolic font), else its (1,0) entry; what
    the glyph is made for, the program's Unicode `cmap`, else its glyph names."""
    data = _font_file2(font) if font.get("/Subtype") == pikepdf.Name.TrueType else None
    if data is None:
        return False
    from fontTools.ttLib import TTFont

    try:
        program = TTFont(io.BytesIO(data), lazy=True, fontNumber=0)
        gids = _code_gids(program)
        drawn = _drawn_by(program) if gids else {}
    except Exception:  # a program that cannot be read cannot vouch for its map (review h145)
        return _says_letters(mapped)
    for code, text in mapped.items():
        shown = _fold(text)
        made_for = drawn.get(gids[code]) if code in gids else None
        lies = bool(made_for) and not any(c in shown for c in made_for or ())
        if lies and any(ch.isalnum() for ch in shown):
            return True
    return False


def _code_gids(program: object) -> dict[int, int]:
    """Each one-byte code's glyph in a simple TrueType font's program, by its symbol (3,0) or
    Macintosh (1,0) `cmap` table; empty when it has neither."""
    from fontTools.ttLib import TTFont

    assert isinstance(program, TTFont)
    for platform, encoding in ((3, 0), (1, 0)):
        table = program["cmap"].getcmap(platform, encoding)
        if table is None:
            continue
        out = {}
        for code in range(256):
            tried = (
                (0xF000 + code, 0xF100 + code, 0xF200 + code, code) if platform == 3 else (code,)
            )
            name = next((table.cmap[c] for c in tried if c in table.cmap), None)
            if name is not None:
                out[code] = program.getGlyphID(name)
        return out
    return {}


def _drawn_by(program: object) -> dict[int, set[str]]:
    """`_drawn` of an open program, with its glyph names where its Unicode `cmap` is silent."""
    from fontTools.ttLib import TTFont

    from inquiry.pdfobjects import glyph_unicode

    assert isinstance(program, TTFont)
    out = _drawn_from(program)
    if not out:
        for gid, name in enumerate(program.getGlyphOrder()):
            text = glyph_unicode("/" + name)
            if text and unicodedata.category(text[0]) != "Co":
                out[gid] = {_fold(text)}
    return out


def _program(font: pikepdf.Dictionary) -> tuple[pikepdf.Dictionary, bytes] | None:
    """The descendant font and its TrueType program, for a Type 0 font with the identity
    encoding; None for any other."""
    if (
        font.get("/Subtype") != pikepdf.Name.Type0
        or name_text(font.get("/Encoding")) not in _IDENTITY
    ):
        return None
    descendants = font.get("/DescendantFonts")
    if not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return None
    descendant = descendants[0]
    if not isinstance(descendant, pikepdf.Dictionary):
        return None
    if descendant.get("/Subtype") != pikepdf.Name.CIDFontType2:
        return None
    data = _font_file2(descendant)
    return None if data is None else (descendant, data)


def _font_file2(font: pikepdf.Dictionary) -> bytes | None:
    """The TrueType program a font's descriptor embeds (`/FontFile2`), or None."""
    descriptor = font.get("/FontDescriptor")
    stream = descriptor.get("/FontFile2") if isinstance(descriptor, pikepdf.Dictionary) else None
    if not isinstance(stream, pikepdf.Stream):
        return None
    try:
        return stream.read_bytes()
    except pikepdf.PikepdfError:
        return None


def _says_letters(mapped: dict[int, str]) -> bool:
    """Whether a ToUnicode makes a letter or digit of any code."""
    return any(ch.isalnum() for text in mapped.values() for ch in _fold(text))


def _drawn(data: bytes) -> dict[int, set[str]] | None:
    """Each glyph's characters, folded, as the program's best `cmap` table makes them (empty
    when it has none, or cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        return _drawn_from(TTFont(io.BytesIO(data), lazy=True, fontNumber=0))
    except Exception:  # a damaged program: fontTools raises many kinds
        return None


def _drawn_from(program: object) -> dict[int, set[str]]:
    from fontTools.ttLib import TTFont

    assert isinstance(program, TTFont)
    cmap = program.getBestCmap() or {}
    out: dict[int, set[str]] = {}
    for cp, name in cmap.items():
        if unicodedata.category(chr(cp)) != "Co":  # a private-use code tells nothing
            out.setdefault(program.getGlyphID(name), set()).add(_fold(chr(cp)))
    return out


def _gids(descendant: pikepdf.Dictionary) -> tuple[int, ...] | None:
    """The `/CIDToGIDMap` stream's glyph of each code (two bytes a code, high byte first), or
    None for the identity (a code is its glyph)."""
    gids = descendant.get("/CIDToGIDMap")
    if not isinstance(gids, pikepdf.Stream):
        return None
    try:
        data = gids.read_bytes()
    except pikepdf.PikepdfError:
        return ()
    return struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
