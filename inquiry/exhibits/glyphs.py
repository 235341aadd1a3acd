"""Fonts whose text cannot be trusted, and glyph names that spell a redacted string.

A simple font (Type 1, TrueType, Type 3) names the glyph each code draws (`/Encoding`, its
`/Differences`) and may say separately what Unicode text each code is (`/ToUnicode`). A page's
text, as every reader's software extracts it, comes from the second; what is seen, from the
first. A file can make them disagree — a name drawn `Marchbanks` that extracts as `xxxxxxxxxx` —
and a search of the text then passes it by. In an edition that redacts, a font whose ToUnicode
gives a letter or digit other than the one its glyph name says (Adobe Glyph List, through
fontTools) marks every page that draws with it as one whose words are read by eye (OCR of its
rendering, as a page in a font without a Unicode map is); so does a composite font whose
ToUnicode belies its TrueType program's own map (`inquiry.exhibits.cid_fonts`).

The names a page's resources go by are words in the file as well (`/Jane_Doe_signature Do`): a
redacted string in one takes the page to pixels too.

The glyph names are text too: `/Differences [1 /M /a /r /c /h /b /a /n /k /s]` spells the name
in the font's dictionary for anyone who reads the file. Each font's names are read as letters
(`inquiry.pdfobjects.glyph_text`) and searched; a redacted string found there rebuilds from
pixels every page that draws with the font, so the font does not reach the bundle.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from inquiry.exhibits.cid_fonts import cid_distrusted, simple_distrusted
from inquiry.pagehash_values import name_text
from inquiry.pdfobjects import RESOURCE_KINDS, STANDARD_FONTS, glyph_text, glyph_unicode
from inquiry.redaction import Matcher

SIMPLE = frozenset({"/Type1", "/MMType1", "/TrueType", "/Type3"})
_BASE = {
    "/WinAnsiEncoding": "cp1252",
    "/MacRomanEncoding": "mac_roman",
    "/StandardEncoding": "ascii",  # the same letters and digits
}
_MAX_DEPTH = 16
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_SECTION = re.compile(
    rb"begin(bfchar|bfrange)(.*?)(?:end\1|(?=begin(?:bf|cid)|endcmap)|\Z)", re.DOTALL
)
"""A section of a ToUnicode CMap, read as leniently as other readers read it (poppler): its
count is not trusted, and one left without its `end…` runs to the next section or the map's
end (red team h179 F2: such maps are read by pdftotext, not by pdfium)."""
_RANGE = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*<([0-9A-Fa-f\s]*)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")


@dataclass
class FontFindings:
    """The 0-based pages drawing with a font whose ToUnicode disagrees with its glyph names
    (`distrusted`), and those drawing with a font whose glyph names spell a redacted string,
    with the code of each string spelled (`spelled`), and the glyph names' texts that spell one
    (`texts`)."""

    distrusted: set[int] = field(default_factory=set)
    spelled: dict[int, list[str | None]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


def survey_fonts(pdf: bytes, matcher: Matcher) -> FontFindings:
    """Every page's simple fonts (its own and its forms', patterns' and Type 3 fonts',
    however deep) checked as the module's note says."""
    out = FontFindings()
    verdicts: dict[tuple[int, int], tuple[bool, list[str | None], list[str]]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            for font in _fonts(page.obj):
                # A font held directly in a page's resources has no number: it is checked
                # where it stands, every time (keyed by `id()`, a freed font's verdict could
                # be taken for another's).
                key = font.objgen if font.is_indirect else None
                verdict = verdicts.get(key) if key is not None else None
                if verdict is None:
                    codes, texts = _spelled(font, matcher)
                    verdict = (_distrusted(font), codes, texts)
                    out.texts += texts
                    if key is not None:
                        verdicts[key] = verdict
                distrusted, codes, _ = verdict
                if distrusted:
                    out.distrusted.add(index)
                if codes:
                    out.spelled.setdefault(index, []).extend(codes)
            # The names its resources go by are words in the file too (`/Jane_Doe_sig Do`).
            named = " ".join(resource_names(page.obj))
            hits = matcher.find(named)
            if hits:
                out.spelled.setdefault(index, []).extend(hit.code for hit in hits)
                out.texts.append(named)
    return out


def resource_names(holder: pikepdf.Object) -> Iterator[str]:
    """The names `holder`'s resources go by (`/F1`, `/Im0`; a producer may use a file's or a
    person's name), and those of every form, pattern and Type 3 font it holds, as words."""
    for _, key, _, _ in _resources(holder, set(), 0):
        yield key.lstrip("/")


def _fonts(holder: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """The simple and composite fonts in `holder`'s resources and in those of everything they
    hold, each once."""
    for kind, _, value, first in _resources(holder, set(), 0):
        if not (first and kind == "/Font" and isinstance(value, pikepdf.Dictionary)):
            continue
        if value.get("/Subtype") in SIMPLE or value.get("/Subtype") == pikepdf.Name.Type0:
            yield value


def _resources(
    holder: pikepdf.Object, seen: set[tuple[int, int]], depth: int
) -> Iterator[tuple[str, str, pikepdf.Object, bool]]:
    """(kind, name, value, first) of each entry of `holder`'s resources and of those of
    everything they hold (forms, patterns, Type 3 fonts), however deep; `first` is false for
    an object met before, whose own resources are not walked again."""
    resources = holder.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary) or depth > _MAX_DEPTH:
        return
    for kind in RESOURCE_KINDS:
        entries = resources.get(kind)
        if not isinstance(entries, pikepdf.Dictionary):
            continue
        for key, value in entries.items():  # a name not UTF-8 comes surrogate-escaped
            if not isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
                yield kind, str(key), value, False  # `/F2 5`, `null`: as PDF reads it, nothing
                continue
            first = not value.is_indirect or value.objgen not in seen
            if value.is_indirect:
                seen.add(value.objgen)
            yield kind, str(key), value, first
            if first:
                yield from _resources(value, seen, depth + 1)


def _names(font: pikepdf.Dictionary) -> dict[int, str]:
    """The Unicode each code's glyph name says (where the font says a name that the Adobe Glyph
    List knows): the base encoding's, then `/Differences`."""
    encoding = font.get("/Encoding")
    base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
    out: dict[int, str] = {}
    codec = _BASE.get(name_text(base)) if isinstance(base, pikepdf.Name) else None
    if base is None and _latin_builtin(font):
        codec = "ascii"  # the font's own encoding: StandardEncoding, ASCII for every letter
    if codec is not None:
        for code in range(32, 256):
            text = bytes([code]).decode(codec, errors="ignore")
            if text:
                out[code] = text
    differences = encoding.get("/Differences") if isinstance(encoding, pikepdf.Dictionary) else None
    if isinstance(differences, pikepdf.Array):
        code = 0
        for item in differences:
            if isinstance(item, pikepdf.Name):
                text = glyph_unicode(name_text(item))
                if text:
                    out[code] = text
                else:
                    out.pop(code, None)
                code += 1
            elif isinstance(item, int):
                code = item
    return out


def _latin_builtin(font: pikepdf.Dictionary) -> bool:
    """Whether a simple font without an encoding of its own is a Latin Type 1 font, whose
    built-in encoding is StandardEncoding (red team h139: `/Times-Roman` with no `/Encoding`
    and a ToUnicode making every letter `x` was trusted, and the name it draws kept): one of
    the standard 14 but Symbol and ZapfDingbats, or a Type 1 font its descriptor says is
    not symbolic."""
    if font.get("/Subtype") not in (pikepdf.Name.Type1, pikepdf.Name.MMType1):
        return False
    base_font = font.get("/BaseFont")
    name = name_text(base_font).lstrip("/") if isinstance(base_font, pikepdf.Name) else ""
    bare = name.split("+", 1)[-1] if len(name) > 7 and name[6] == "+" else name
    if bare in STANDARD_FONTS:
        return bare not in ("Symbol", "ZapfDingbats")
    descriptor = font.get("/FontDescriptor")
    flags = descriptor.get("/Flags") if isinstance(descriptor, pikepdf.Dictionary) else None
    return isinstance(flags, int) and bool(flags & 32) and not flags & 4


def _distrusted(font: pikepdf.Dictionary) -> bool:
    """Whether the font's ToUnicode makes a letter or digit of a code whose glyph name says
    another (case aside: a small-capital glyph may well be text's capital); for a composite
    font, whose glyphs have no names, of a glyph its program makes for another
    (`inquiry.exhibits.cid_fonts`)."""
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return False
    if font.get("/Subtype") == pikepdf.Name.Type0:
        try:
            return cid_distrusted(font, to_unicode(stream.read_bytes(), width=2))
        except pikepdf.PikepdfError:
            return False
    named = _names(font)
    try:
        mapped = to_unicode(stream.read_bytes())
    except pikepdf.PikepdfError:
        return False
    if not named:  # no encoding to name its letters: only its program can say (TrueType)
        return simple_distrusted(font, mapped)
    for code, said in named.items():
        shown = _fold(said)
        if not any(ch.isalnum() for ch in shown):
            continue
        text = mapped.get(code)
        # The map may give the letter with another accent, or spelt out (`Tcommaaccent` as
        # U+021A where the Glyph List says U+0162, `ae` as `ae`, `onehalf` as `1/2`), or a
        # ligature's first letters only (`fi` as `f`): never a letter the glyph does not draw
        # (red team h181: honest Romanian text lost its text layer).
        folded = _fold(text) if text is not None else None
        if folded is not None and folded != shown and not (folded and shown.startswith(folded)):
            return True
    return False


def _fold(text: str) -> str:
    """`text` as its letters: compatibility forms and accents taken off, case folded, and the
    letters Unicode does not decompose spelt as Latin ones (`æ` `ae`, `ı` `i`, `Đ` `d`)."""
    plain = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return bare.translate(_SPELT)


_SPELT = str.maketrans(
    {"æ": "ae", "œ": "oe", "ı": "i", "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h",
     "ŧ": "t", "ĸ": "k", "ŋ": "n", "þ": "th", "ß": "ss", "\u2044": "/", "\u2215": "/"}
)  # fmt: skip


def _spelled(font: pikepdf.Dictionary, matcher: Matcher) -> tuple[list[str | None], list[str]]:
    """The codes of the redacted strings the font's glyph names spell (its `/Differences`, and
    its descriptor's `/CharSet`), and the texts that spell them."""
    texts = []
    encoding = font.get("/Encoding")
    if isinstance(encoding, pikepdf.Dictionary):
        differences = encoding.get("/Differences")
        if isinstance(differences, pikepdf.Array):
            texts.append(glyph_text(differences))
    descriptor = font.get("/FontDescriptor")
    if isinstance(descriptor, pikepdf.Dictionary):
        charset = descriptor.get("/CharSet")
        if isinstance(charset, pikepdf.String):
            texts.append(glyph_text(charset))
        program = descriptor.get("/FontFile")
        if isinstance(program, pikepdf.Stream):
            texts.append(type1_glyph_names(program))
    found = [(text, matcher.find(text)) for text in texts if text]
    return [hit.code for _, hits in found for hit in hits], [text for text, hits in found if hits]


_CHARSTRING = re.compile(rb"/([^\s/\[\]{}()<>%]+)\s+\d+\s+(?:RD|-\|)\s")
_EEXEC_KEY = 55665
_TYPE1_MAX = 4 * 1024 * 1024


def type1_glyph_names(program: pikepdf.Stream) -> str:
    """The glyph names a Type 1 font program keeps in its encrypted part (its CharStrings,
    `/Jane_Doe 42 RD …`), which no `strings` shows but any font tool reads: decrypted, as
    words."""
    from fontTools.misc.eexec import decrypt

    try:
        data = program.read_bytes()[:_TYPE1_MAX]
        clear, secret = int(program.get("/Length1", 0)), int(program.get("/Length2", 0))
    except (pikepdf.PikepdfError, TypeError, ValueError):
        return ""
    part = data[clear : clear + secret] if secret > 0 else data[clear:]
    if part[:4].strip(b"0123456789abcdefABCDEF \r\n\t") == b"":  # written in hex
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", part)
        part = bytes.fromhex(digits[: len(digits) // 2 * 2].decode("ascii"))
    plain, _ = decrypt(part, _EEXEC_KEY)
    return " ".join(m.decode("latin-1") for m in _CHARSTRING.findall(plain))


def to_unicode(data: bytes, *, width: int = 1) -> dict[int, str]:
    """A ToUnicode CMap's codes of `width` bytes (one: a simple font's; two: a composite font's
    with the identity encoding) and their text (`bfchar` and `bfrange` sections)."""
    out: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        if kind == b"bfchar":
            pairs = _HEX.findall(body)
            for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
                code = _code(src, width)
                if code is not None:
                    out[code] = _utf16(dst)
            continue
        for low, high, dst in _RANGE.findall(body):
            first, last = _code(low, width), _code(high, width)
            if first is None or last is None or last < first:
                continue
            if dst.startswith(b"["):
                for offset, one in enumerate(_HEX.findall(dst)):
                    if first + offset <= last:
                        out[first + offset] = _utf16(one)
                continue
            start = bytes.fromhex(_digits(dst.strip(b"<>")))
            if not start:
                continue
            for offset in range(last - first + 1):
                tail = (start[-1] + offset) & 0xFF  # a range's last byte counts on
                out[first + offset] = (start[:-1] + bytes([tail])).decode("utf-16-be", "replace")
    return out


def _digits(raw: bytes) -> str:
    digits = re.sub(rb"\s", b"", raw).decode("ascii")
    return digits + ("0" if len(digits) % 2 else "")


def _code(raw: bytes, width: int) -> int | None:
    """A source code of `width` bytes, None for one of another length."""
    data = bytes.fromhex(_digits(raw))
    return int.from_bytes(data, "big") if len(data) == width else None


def _utf16(raw: bytes) -> str:
    """A destination's text: UTF-16BE, or one byte as the character it numbers (`<50>`, `P`,
    as poppler reads a destination too short for UTF-16)."""
    data = bytes.fromhex(_digits(raw))
    return chr(data[0]) if len(data) == 1 else data.decode("utf-16-be", errors="replace")


__all__ = ["FontFindings", "survey_fonts", "to_unicode"]
