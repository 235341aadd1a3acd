"""The strings a PDF content stream holds, as a reader could read them out of the stream itself.

A page's text (what pdfium extracts) covers what its fonts draw; the stream holds more: a
figure's alternate text and an `/ActualText` in a marked-content property list, strings drawn
with fonts whose codes are not letters, comments. Each string is taken as the PDF syntax
delimits it (parentheses nest, escapes are undone: `(Photo (1) of Jane Doe)` is one string) and
read as a text string is (UTF-16 or UTF-8 after a byte-order mark), and, without one, byte for
byte and also as PDFDocEncoding and WinAnsi spell a name's letters above ASCII (`\\227imon` is
`Šimon`): red teams h185 and h189.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from inquiry.pdf_names import BYTE_ORDER_MARKS, OPERATORS, own_name, readings

COMMENT = re.compile(rb"%([^\r\n]*)")
"""A content stream's comments (a `%` inside a string is taken too: searching more is safe)."""

_OPENING = re.compile(rb"[(%]")
_INSIDE = re.compile(rb"[()\\]")
_LINE_END = re.compile(rb"[\r\n]")
_HEX_STRING = re.compile(rb"(?<!<)<([0-9A-Fa-f \t\r\n\f\x00]*)>")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_HIGH_CONTROLS = re.compile(rb"[\x18-\x1f\x7f-\x9f]")
"""The bytes PDFDocEncoding and WinAnsi give letters and marks that Latin-1 leaves as controls
(`Š Ł Œ Ž ’ “ ”`)."""


def content_strings(stream: object) -> Iterator[tuple[str, str]]:
    """The strings a content stream holds (literal and hex, each read as `text_string` reads
    it) and its comments, each kind as one text named by where it was found."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    try:
        data = stream.read_bytes()
    except pikepdf.PikepdfError:
        return
    where = f"stream {stream.objgen[0]}"
    spans = literal_spans(data) if b"(" in data else []
    if spans:
        # As a reader decodes them: `(\\112\\141\\156\\145)` is `Jane` (red team h139).
        found = " ".join(text_string(_unescaped(data[a + 1 : b - 1])) for a, b in spans)
        if found:
            yield f"{where} (literal strings)", found
    if b"<" in data:
        # A composite font's two-byte codes (`<0041>`) hold NULs: not text a reader could read
        # out of the stream, and left to the page text. One with a byte-order mark is text,
        # a NUL at its end its terminator (red team h189).
        texts = (text_string(_unhexed(s)) for s in _HEX_STRING.findall(data))
        hexed = " ".join(t for t in texts if "\0" not in t)
        if hexed.strip():
            yield f"{where} (hex strings)", hexed
    if b"%" in data:
        comments = b" ".join(COMMENT.findall(data))
        if comments:
            yield f"{where} (comments)", comments.decode("latin-1")
    if data.strip():
        named = "\n".join(content_names(data, spans))
        if named:
            yield f"{where} (names)", named


_TOKEN = re.compile(rb"/?[^\s/\[\]()<>{}%\x00]+")
_NUMBER = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
_NAME_CODE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SKIPPED = re.compile(
    rb"<[0-9A-Fa-f \t\r\n\f\x00]*>|%[^\r\n]*|(?<![^\s])ID[\s][\s\S]*?[\s]EI(?![^\s/\[<(%])"
)
"""Hex strings, comments, and an inline image's data (`ID` … `EI`): not names or words."""


def content_names(data: bytes, spans: list[tuple[int, int]] | None = None) -> list[str]:
    """The names a content stream writes outside its strings and comments (`/Jane#20Doe BMC`,
    a property list's `<</Name /Jane_Doe>>`: red team s47), and the words that are no operator
    (`BX Jane Doe EX`, which a viewer skips: red team h193), in the stream's order, each as
    every reading of its bytes (`pdf_names.readings`; `#20` a space), less PDF's own names and
    programs' (`pdf_names.own_name`). An inline image's data is not read."""
    outside = bytearray(data)
    for start, end in literal_spans(data) if spans is None else spans:
        outside[start:end] = b" " * (end - start)
    if b"<" in data or b"%" in data or b"ID" in data:
        outside = bytearray(_SKIPPED.sub(lambda m: b" " * len(m.group(0)), bytes(outside)))
    found: list[str] = []
    last = b""
    for raw in _TOKEN.findall(bytes(outside)):
        if raw == last or (
            raw[:1] != b"/" and (raw.decode("latin-1") in OPERATORS or _NUMBER.fullmatch(raw))
        ):
            continue  # a name said again at once adds nothing; kept in order, a split one joins
        last = raw
        spelled = _NAME_CODE.sub(lambda m: bytes([int(m.group(1), 16)]), raw.lstrip(b"/"))
        texts = readings(spelled)
        if texts[0] and not own_name(texts[0]):
            found += texts
    return found


def literal_spans(data: bytes) -> list[tuple[int, int]]:
    """Where each literal string of a content stream is written, from its opening parenthesis
    to just after its closing one (the stream's end, for one never closed): balanced ones
    inside it are its own (red team h189: `(Photo (1) of Jane Doe)`), an escaped one is not
    counted, and a comment (`% see figure (1`) is no string's beginning."""
    out: list[tuple[int, int]] = []
    at, n = 0, len(data)
    while (opening := _OPENING.search(data, at)) is not None:
        start = opening.start()
        if data[start] == 0x25:  # `%`: a comment, to its line's end
            end = _LINE_END.search(data, start)
            at = end.end() if end is not None else n
            continue
        depth, k = 1, start + 1
        while depth:
            found = _INSIDE.search(data, k)
            if found is None:
                k = n + 1
                break
            k = found.end()
            if data[found.start()] == 0x5C:  # a backslash: the next byte is escaped
                k += 1
            else:
                depth += 1 if data[found.start()] == 0x28 else -1
        out.append((start, min(k, n)))
        at = k
    return out


def text_string(data: bytes) -> str:
    """A PDF string's bytes as text: UTF-16 or UTF-8 after a byte-order mark (NULs ending it
    dropped), else Latin-1, and, where a byte is a control in Latin-1, as PDFDocEncoding and
    WinAnsi read it too."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[len(mark) :].decode(encoding, errors="replace").rstrip("\0")
    text = data.decode("latin-1")
    if _HIGH_CONTROLS.search(data):
        import pikepdf.codec  # noqa: F401  (registers "pdfdoc")

        text += " " + data.decode("pdfdoc", errors="replace")
        text += " " + data.decode("cp1252", errors="replace")
    return text


def _unescaped(literal: bytes) -> bytes:
    """A literal string's bytes as they are shown: escapes decoded (octal `\\112`, `\\n`, an
    escaped parenthesis or backslash), a backslash before a line end dropped."""
    if b"\\" not in literal:
        return literal

    def one(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if code[0] in b"01234567":
            return bytes([int(code, 8) & 0xFF])
        if code in (b"\r\n", b"\n", b"\r"):
            return b""
        return _ESCAPED.get(code, code)

    return _ESCAPE.sub(one, literal)


def _unhexed(digits: bytes) -> bytes:
    """A hex string's bytes (`<4A616E65>` is `Jane`; an odd last digit is followed by 0)."""
    clean = bytes(c for c in digits if c not in b" \t\r\n\f\x00")
    return bytes.fromhex((clean + b"0" if len(clean) % 2 else clean).decode("ascii"))


__all__ = [
    "COMMENT",
    "content_names",
    "content_strings",
    "literal_spans",
    "text_string",
]
