"""The texts a PDF's objects hold beyond what its pages show, and where.

What a reader's software finds by opening the file rather than reading the pages: text strings
(metadata, bookmarks, link targets, alternate text, layer names), font names, the text kept
inside streams (font programs' name tables, ICC profiles, JPEG and JPEG 2000 metadata; see
`inquiry.embedded`), and literal strings and comments in content streams. `inquiry.proof`
searches them; `inquiry.exhibits.hidden` blanks what it finds in an exhibit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from inquiry.content_strings import COMMENT, content_strings
from inquiry.embedded import Span, span_text, spans
from inquiry.imagetexts import jpeg_spans
from inquiry.pagehash_values import name_text
from inquiry.pdf_names import SLASHED, own_name, parted, readings


def font_kinds(pdf: object) -> dict[tuple[int, int], str]:
    """Each embedded font program of `pdf` (a `pikepdf.Pdf`) and its kind for `embedded.spans`:
    "type1", "truetype" or "cff"."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    kinds: dict[tuple[int, int], str] = {}
    descriptors: list[pikepdf.Dictionary] = []  # wherever written: fonts are often direct

    def walk(obj: object, depth: int) -> None:
        if depth > 20:
            return
        if isinstance(obj, pikepdf.Dictionary):
            if any(key in obj for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                descriptors.append(obj)
            children: Iterable[object] = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            return
        for child in children:
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                walk(child, depth + 1)

    for obj in pdf.objects:
        walk(obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj, 0)
    for obj in descriptors:
        for key, kind in (("/FontFile", "type1"), ("/FontFile2", "truetype"), ("/FontFile3", "")):
            program = obj.get(key)
            if isinstance(program, pikepdf.Stream) and program.is_indirect:
                subtype = program.get("/Subtype")
                kinds[program.objgen] = kind or (
                    "truetype" if subtype == pikepdf.Name.OpenType else "cff"
                )
    return kinds


FILE_STRUCTURE = ("/ObjStm", "/XRef")
"""Streams that hold the file's own structure: the objects in them are searched as objects."""


def object_texts(source: Path | bytes) -> Iterator[tuple[str, str]]:
    """Every text a PDF's objects hold beyond what its pages show: text strings and font names,
    the text kept in streams (font programs' names, ICC profiles, JPEG and JPEG 2000 metadata;
    see `inquiry.embedded`), literal strings and comments in content streams."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    try:
        fonts = font_kinds(pdf)
        contents = content_streams(pdf)
        strings: list[str] = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Type") in FILE_STRUCTURE:
                    continue
                strings += strings_in(obj.stream_dict)
                if obj.objgen in contents:
                    yield from content_strings(obj)
                    continue
                found_in = stream_texts(obj, fonts.get(obj.objgen))
                if found_in is not None:
                    data, spans = found_in
                    for span in spans:
                        text = span_text(data, span)
                        yield f"stream {obj.objgen[0]} ({span[2]} at {span[0]})", text
            else:
                strings += strings_in(obj)
        strings += strings_in(pdf.trailer)
        yield "strings (metadata, bookmarks, links)", "\n".join(strings)
    finally:
        pdf.close()


def content_streams(pdf: object) -> set[tuple[int, int]]:
    """The streams of `pdf` (a `pikepdf.Pdf`) that hold content to draw: each page's, every
    form XObject (their text is the pages' text, not text kept aside), every tiling pattern's
    cell and every Type 3 font's glyph procedures."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    out = set()
    for page in pdf.pages:
        found = page.obj.get("/Contents")
        for stream in found if isinstance(found, pikepdf.Array) else [found]:
            if isinstance(stream, pikepdf.Stream):
                out.add(stream.objgen)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (
            obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1
        ):
            out.add(obj.objgen)  # a tiling pattern's cell is content too (red team h193)
        elif isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.Type3:
            procs = obj.get("/CharProcs")  # and a Type 3 font's glyphs
            for glyph in procs.values() if isinstance(procs, pikepdf.Dictionary) else ():
                if isinstance(glyph, pikepdf.Stream):
                    out.add(glyph.objgen)
    return out


def filter_chain(stream: object) -> list[tuple[str, object]]:
    """A stream's filters in order, each with its decode parameters (None when it has none)."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    filters = stream.get("/Filter")
    names = [
        name_text(n) for n in (filters if isinstance(filters, pikepdf.Array) else [filters]) if n
    ]
    parms = stream.get("/DecodeParms")
    parm_list = list(parms) if isinstance(parms, pikepdf.Array) else [parms] * len(names)
    return list(zip(names, parm_list, strict=False))


def stream_texts(stream: object, font: str | None) -> tuple[bytes, list[Span]] | None:
    """A stream's data (decoded as far as text can be read in it) and where it keeps text;
    None for one with no text to keep (an image's pixels) or that cannot be read. `font`: its
    kind when it is a font program."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    try:
        if stream.get("/Subtype") == pikepdf.Name.Image:
            codec, data = image_codec_data(stream)
            if codec == "/DCTDecode":
                return data, jpeg_spans(data)
            if codec == "/JPXDecode":
                return data, spans(data, "jpx")
            return None
    except pikepdf.PikepdfError:
        return None
    try:
        data = stream.read_bytes()
    except pikepdf.PikepdfError:
        # A filter no reader knows: its bytes as they are, which `strings` reads (red team
        # h185: an ICC profile behind `/Filter /H185Decode`), and blanking writes unfiltered.
        data = stream.read_raw_bytes()
        font = None
    data = data[: 64 * 1024 * 1024]
    if font == "type1":
        clear = stream.get("/Length1")
        end = int(clear) if isinstance(clear, int | pikepdf.Object) else len(data)
        return data, [(0, min(end, len(data)), "latin-1")]
    return data, spans(data, font or "data")


IMAGE_CODECS = ("/DCTDecode", "/JPXDecode")


def image_codec_data(stream: object) -> tuple[str | None, bytes]:
    """An image stream's codec (DCT or JPX; None for another) and its data with every filter
    before that codec undone: the JPEG or JPEG 2000 file itself."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    chain = filter_chain(stream)
    at = next((i for i, (name, _) in enumerate(chain) if name in IMAGE_CODECS), None)
    if at is None:
        return None, b""
    raw = stream.read_raw_bytes()
    if at == 0:
        return chain[0][0], raw
    with pikepdf.new() as scratch:  # the outer filters alone, on a copy of the raw data
        outer = pikepdf.Stream(scratch, b"")
        outer.write(
            raw,
            filter=pikepdf.Array([pikepdf.Name(name) for name, _ in chain[:at]]),
            # No parameters is null, not an empty dictionary: qpdf refuses to undo ASCII85,
            # ASCIIHex or RunLength given one, and the JPEG behind them went unread (red team
            # h188: a name in its EXIF reached the bundle).
            decode_parms=pikepdf.Array(
                [
                    pikepdf.Dictionary(dict(p.items()))
                    if isinstance(p, pikepdf.Dictionary)
                    else None
                    for _, p in chain[:at]
                ]
            ),
        )
        return chain[at][0], outer.read_bytes()


FONT_NAME_KEYS = frozenset({"/BaseFont", "/FontName"})
"""The keys whose name values are words a producer chose (a font's name); every other name in a
PDF is its vocabulary (`/Type /Page`, `/Subtype /Image`), which a redacted surname such as
`Page` must not be taken to match."""
STANDARD_FONTS = frozenset(
    f"{family}{style}"
    for family, styles in (
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
        ("Arial", ("", ",Bold", ",Italic", ",BoldItalic", "MT", "-BoldMT", "-ItalicMT")),
        ("TimesNewRoman", ("", ",Bold", ",Italic", ",BoldItalic", "PSMT", "PS-BoldMT")),
        ("CourierNew", ("", ",Bold", ",Italic", ",BoldItalic", "PSMT")),
    )
    for style in styles
)
"""The standard fonts (and their common Windows names): a viewer draws them by name, so they
keep it, and a name such as `Times-Roman` is a font, not a person."""


def font_name_text(name: str) -> str | None:
    """The words of a font name (`/ABCDEF+Ophelia-Hand` → `Ophelia-Hand`), None for a standard
    font's."""
    bare = name.lstrip("/")
    plus = bare.find("+")
    if plus == 6:
        bare = bare[7:]
    return None if bare in STANDARD_FONTS else bare


RESOURCE_KINDS = (
    "/Font",
    "/XObject",
    "/ExtGState",
    "/ColorSpace",
    "/Pattern",
    "/Shading",
    "/Properties",
)
"""The kinds of a resource dictionary, whose keys are names a producer chose (`/F1`, `/Im0`, or
a file's or a person's name): words, unlike the rest of a PDF's names."""
_NUMBERED = re.compile(r"/?(?:[A-Za-z]{1,3}[0-9]+|InqStamp)")
"""Resource names that are a few letters and a number (`/F1`, `/Im0`, typst's `/f0`, our
`/Exh0`), or the stamp's (`/InqStamp`): never a name, and not searched, so a witness called
Stamp does not find every page of the bundle."""


def strings_in(obj: object, depth: int = 0) -> list[str]:
    """The text strings in `obj` and the direct objects it holds, its font names, and the names
    its resources go by."""
    import pikepdf

    out: list[str] = []
    if depth > 50:
        return out
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            if isinstance(item, pikepdf.Name):
                out += named(item)
            elif not (isinstance(item, pikepdf.Object) and item.is_indirect):
                out += strings_in(item, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary):
        for key, value in obj.items():
            if key in ("/Parent", "/P"):
                continue
            if key not in SLASHED and not own_name(key[1:]):  # a producer's: `/Jane#20Doe 1`
                out.append(key[1:])
            if key in ("/Differences", "/CharSet"):
                out.append(glyph_text(value))  # glyph names spell what the font draws
                if key == "/Differences":
                    continue  # its names are glyphs', read just now as what they draw
            if key in RESOURCE_KINDS and isinstance(value, pikepdf.Dictionary):
                resources = [str(n) for n in value if not _NUMBERED.fullmatch(str(n))]
                out.append(" ".join(n.lstrip("/") for n in resources))
            if isinstance(value, pikepdf.Name):
                if key in FONT_NAME_KEYS:
                    words = font_name_text(name_text(value))
                    out += [words] if words else []
                else:
                    out += named(value)
            elif not (isinstance(value, pikepdf.Object) and value.is_indirect):
                out += strings_in(value, depth + 1)
    return out


def named(name: object) -> list[str]:
    """A name object's text, unless it is PDF's own word or a program's label (`pdf_names`):
    `/Jane_Doe` as a value is words in the file (red team s47); read as `pdf_names.readings`
    reads it, its glued words parted too."""
    text = name_text(name)
    if text in SLASHED or len(text) < 2 or own_name(text[1:]):
        return []
    if text.isascii():  # as UTF-8 reads it: the one reading, and its words parted
        return list(dict.fromkeys((text[1:], parted(text[1:]))))
    raw = bytes(name)  # type: ignore[call-overload]
    return readings(raw[1:] if raw[:1] == b"/" else raw)  # `/Od#E1lys`: not UTF-8


def glyph_unicode(name: str) -> str:
    """The text a glyph name stands for by the Adobe Glyph List (`/M` → `M`, `/f_i` → `fi`,
    `/uni00E9` → `é`, `/a.sc` → `a`); empty for a name it does not know (`/g12`)."""
    from fontTools.agl import toUnicode

    return str(toUnicode(name.lstrip("/")))


def glyph_text(names: object) -> str:
    """A font's glyph names read as the letters they stand for, in their order: a
    `/Differences` array (a code between them starts a new run) or a `/CharSet` string
    (`/M/a/r`). What stands for no letter reads as a space; a name the Adobe Glyph List does
    not know reads as itself, between spaces (`/Jane_Doe.sig`: a producer's own name for a
    glyph, which is words in the file all the same)."""
    import pikepdf

    if isinstance(names, pikepdf.String):
        items: list[object] = [pikepdf.Name("/" + n) for n in str(names).split("/") if n]
    elif isinstance(names, pikepdf.Array):
        items = list(names)
    else:
        return ""
    out = []
    for item in items:
        name = name_text(item) if isinstance(item, pikepdf.Name) else ""
        text = glyph_unicode(name) if name else ""
        if text and all(ch.isalnum() for ch in text):
            out.append(text)
        elif name and not text:
            out.append(f" {name.lstrip('/')} ")
        else:
            out.append(" ")
    return "".join(out)


__all__ = [
    "COMMENT",
    "FILE_STRUCTURE",
    "FONT_NAME_KEYS",
    "IMAGE_CODECS",
    "RESOURCE_KINDS",
    "STANDARD_FONTS",
    "content_streams",
    "filter_chain",
    "font_kinds",
    "font_name_text",
    "glyph_text",
    "glyph_unicode",
    "image_codec_data",
    "named",
    "object_texts",
    "stream_texts",
    "strings_in",
]
