"""Which characters typst can show with its embedded fonts: writes `inquiry/data/glyphs.json`.

Run after upgrading typst: `.venv/bin/python scripts/glyph_coverage.py`. Every assigned Unicode
character is typeset as the bundle is (typst's embedded fonts only, the template's font list),
and each one's glyph is read back from the PDF: a character drawn with the `.notdef` glyph (glyph
0, a box) has no glyph in any of the fonts. Reading the text layer alone is not enough: typst
maps glyph 0 to the first character drawn with it and gives every later one an `/ActualText`
span, so a search finds most of them although the page shows boxes. The run is made twice, in
two orders, and a character is covered only when both runs drew it with a real glyph.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

FONTS = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")
"""The template's `body-font`: the first that has a glyph draws the character."""

SENTINEL = "\U0010fffd"
"""A private-use character no font has: drawn first, it takes the one text-layer mapping typst
gives glyph 0, so every later box is marked with an /ActualText span."""

CHUNK = 6000
"""Characters per document: typst lays out a few thousand in well under a second."""

UNSHAPED_SCRIPTS = ("Deva",)
"""Scripts the fonts have letters for but do not shape. Looked at in PNGs (`pdftoppm`) of typst
0.15: Devanagari (New Computer Modern) forms no conjuncts, so क्ष shows as क्‌ष with a visible
virama. Arabic (DejaVu Sans Mono) joins its letters and forms lam-alef, monospaced but
legible; Hebrew and Lao read correctly. Check again after upgrading typst."""

DATA = Path(__file__).resolve().parent.parent / "inquiry" / "data" / "glyphs.json"


def candidates() -> list[str]:
    """Every assigned character text can hold: not a control, surrogate, unassigned or private
    (the Basic Multilingual Plane's private-use area is kept: a font may draw there)."""
    out = []
    for n in range(0x20, 0x110000):
        ch = chr(n)
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Cn") or (category == "Co" and n > 0xFFFF):
            continue
        out.append(ch)
    return out


STYLES = (("regular", "normal"), ("bold", "normal"), ("regular", "italic"))
"""The faces the bundle's text is set in (headings and labels bold, Markdown emphasis italic):
a character counts as covered only when every one draws it."""


def _source(chars: Iterable[str], weight: str = "regular", style: str = "normal") -> str:
    """Typst source drawing each character after a space (so each is a cluster of its own, a
    combining mark on the space), in the body font, as string literals (nothing is markup)."""
    font_list = ", ".join(f'"{f}"' for f in FONTS)
    lines = [
        f'#set text(font: ({font_list}), size: 8pt, weight: "{weight}", style: "{style}")',
        '#set par(linebreaks: "simple")',
    ]
    chars = list(chars)
    lines.append("#" + json.dumps(SENTINEL, ensure_ascii=False))
    for i in range(0, len(chars), 40):
        text = " " + " ".join(chars[i : i + 40])
        lines.append("#" + json.dumps(text, ensure_ascii=False) + "\n")
    return "\n".join(lines)


def compile_pdf(chars: Iterable[str], weight: str = "regular", style: str = "normal") -> bytes:
    """A PDF of `chars` typeset as the bundle's pages are (embedded fonts only)."""
    import typst

    with tempfile.TemporaryDirectory(prefix="inquiry-glyphs-") as tmp:
        main = Path(tmp) / "main.typ"
        main.write_text(_source(chars, weight, style), encoding="utf-8")
        pdf = typst.compile(main, root=Path(tmp), font_paths=[], ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _utf16(hexed: bytes) -> str:
    return bytes.fromhex(hexed.decode()).decode("utf-16-be", "surrogatepass")


def _to_unicode(font: Any) -> dict[int, str]:
    """A Type0 font's ToUnicode map: glyph code → text."""
    out: dict[int, str] = {}
    stream = font.get("/ToUnicode")
    if stream is None:
        return out
    data = stream.read_bytes()
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in _BFRANGE.findall(block):
            first = ord(_utf16(dst)[-1])
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = _utf16(dst)[:-1] + chr(first + k)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in _BFCHAR.findall(block):
            out[int(src, 16)] = _utf16(dst)
    return out


def _codes(operands: list[Any], operator: str) -> Iterator[int]:
    """The 2-byte glyph codes a text-showing operator draws (typst's fonts are Identity-H)."""
    import pikepdf

    strings = operands[0] if operator == "TJ" else operands[-1:]
    for s in strings:
        if isinstance(s, pikepdf.String):
            raw = bytes(s)
            yield from (int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))


def drawn(pdf: bytes) -> tuple[set[str], set[str]]:
    """(characters drawn with a real glyph, characters drawn with glyph 0) in a typst PDF."""
    import io

    import pikepdf

    shown: set[str] = set()
    boxed: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        maps: dict[Any, dict[int, str]] = {}
        for page in doc.pages:
            fonts: Any = page.Resources.get("/Font", {})
            current: dict[int, str] = {}
            spans: list[tuple[str | None, list[int]]] = []
            instructions: Any = pikepdf.parse_content_stream(page)
            for operands, op in instructions:
                operator = str(op)
                if operator == "Tf":
                    font = fonts[operands[0]]
                    key = font.objgen
                    if key not in maps:
                        maps[key] = _to_unicode(font)
                    current = maps[key]
                elif operator in ("BDC", "BMC"):
                    props = operands[1] if operator == "BDC" and len(operands) > 1 else None
                    found = (
                        props.get("/ActualText") if isinstance(props, pikepdf.Dictionary) else None
                    )
                    spans.append((str(found) if found is not None else None, []))
                elif operator == "EMC" and spans:
                    actual, codes = spans.pop()
                    if actual is not None:
                        target = boxed if 0 in codes else shown
                        target.update(ch for ch in actual if ch != " ")
                elif operator in ("Tj", "TJ", "'", '"'):
                    codes = list(_codes(list(operands), operator))
                    # Text inside an /ActualText span (at any depth: a right-to-left run nests
                    # a /ReversedChars span in it) is that span's, whatever the glyphs map to.
                    outer = [span for span in spans if span[0] is not None]
                    if outer:
                        outer[-1][1].extend(codes)
                    else:
                        shown.update(ch for c in codes if c and (t := current.get(c)) for ch in t)
    return shown, boxed


def classify(chars: list[str]) -> tuple[set[str], set[str]]:
    """(covered, boxed) among `chars`: drawn with a real glyph in every run (each face, and the
    regular face in both orders, so no character depends on what came before it), and drawn
    with glyph 0 in any."""
    wanted = set(chars)
    covered = set(wanted)
    boxed: set[str] = set()
    runs = [(chars, *STYLES[0]), (chars[::-1], *STYLES[0])]
    runs += [(chars[:: (-1) ** k], *face) for k, face in enumerate(STYLES[1:])]
    for order, weight, style in runs:
        shown: set[str] = set()
        for i in range(0, len(order), CHUNK):
            s, b = drawn(compile_pdf(order[i : i + CHUNK], weight, style))
            shown |= s
            boxed |= b
        covered &= shown
    return covered - boxed, boxed & wanted


def ranges(points: Iterable[int]) -> list[list[int]]:
    """Sorted code points as [first, last] runs."""
    out: list[list[int]] = []
    for n in sorted(points):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def main() -> int:
    import typst
    from fontTools import unicodedata as fu  # type: ignore[import-untyped]

    chars = candidates()
    covered, boxed = classify(chars)
    silent = set(chars) - covered - boxed  # drawn as nothing: spaces, joiners, selectors
    print(
        "drawn as nothing:",
        ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}" for c in sorted(silent)),
    )
    silent |= {"\t", "\n", "\r"}  # the line breaks and tabs YAML text may hold: white space
    unshaped = {ch for ch in covered if fu.script(ch) in UNSHAPED_SCRIPTS}
    blocks: list[list[Any]] = []
    for n in range(0, 0x110000):
        name = fu.block(chr(n))
        if blocks and blocks[-1][2] == name:
            blocks[-1][1] = n
        else:
            blocks.append([n, n, name])
    data = {
        "typst": getattr(typst, "__version__", "?"),
        "fonts": list(FONTS),
        "covered": ranges(ord(c) for c in covered | silent),
        "unshaped": ranges(ord(c) for c in unshaped),
        "blocks": [b for b in blocks if b[2] != "No_Block"],
    }
    DATA.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"{len(chars):,} characters: {len(covered):,} drawn, {len(boxed):,} boxes,"
        f" {len(silent):,} drawn as nothing, {len(unshaped):,} of them unshaped -> {DATA}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
