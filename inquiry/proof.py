"""The last guard of the public edition: no redacted string anywhere in what was rendered.

Redaction happens once, on the views, before anything is written; this module proves it worked
by reading the outputs as a reader's software would and searching them with the same matcher
(`inquiry.redaction`), so a name split by formatting, an entity, a line end or a ligature is found
here exactly when it would be found by a person. Searched:
- PDF: the text of every page (as pdfium extracts it, form XObjects included), every string
  object (metadata, bookmarks, link targets, alternate text), every stream that is not page
  content (whose text the page text covers), a font program or image data — decoded — and the
  metadata segments of JPEG images;
- DOCX: the text of every XML part (tags removed, entities decoded), every attribute and
  relationship target, and the metadata of embedded pictures;
- HTML, manifest.json, redactions.json, references.json: their text.
A bundle in which anything is found is not installed.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import urllib.parse
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from inquiry.imagetexts import image_texts, jpeg_texts
from inquiry.redaction import Matcher

_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'="([^"]*)"')


@dataclass(frozen=True)
class Leak:
    """A redacted string found in an output: which file, where in it, and which string (for
    tests: a message must never print it, since build logs may be public)."""

    file: str
    where: str
    string: str


def _search(matcher: Matcher, text: str, file: str, where: str) -> list[Leak]:
    found = [Leak(file, where, s) for s, _ in matcher.search(text)]
    if not found and "%" in text:  # an address names someone percent-encoded too
        decoded = urllib.parse.unquote_plus(text)
        found = [Leak(file, where, s) for s, _ in matcher.search(decoded)]
    return found


def leaks(
    staged: Path, written: Sequence[str], matcher: Matcher, *, pieces_checked: bool = False
) -> list[Leak]:
    """Every redacted string found in the outputs `written` (names under `staged`)."""
    found: list[Leak] = []
    for name in written:
        path = staged / name
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file():
                    label = f"{name}/{sub.relative_to(path).as_posix()}"
                    found += file_leaks(sub, label, matcher)
        elif path.is_file():
            found += file_leaks(path, name, matcher, pieces_checked=pieces_checked)
    return found


def bundle_leaks(path: str, redact: tuple[tuple[str, str | None], ...]) -> list[Leak]:
    """Worker entry point: what assembly added to the bundle at `path` (its pages were searched
    as pieces), searched for the strings of `redact` (`(text, code)` pairs)."""
    return file_leaks(Path(path), Path(path).name, Matcher.of(redact), pieces_checked=True)


def piece_leaks(pdf: bytes, source: str, matcher: Matcher) -> list[Leak]:
    """Redacted strings in a typst-made piece: in the text of each of its pages, as pdfium
    extracts it, and anywhere in the typst source it was made from — every string typst writes
    (page text, link targets, structure titles and alternate text) comes from that source, and
    its text is drawn with CID fonts, so its content streams hold glyph numbers, not words."""
    found = _search(matcher, source, "piece", "typst source")
    for where, text in _page_texts(pdf):
        found += _search(matcher, text, "piece", where)
    return found


def assembled_texts(source: Path) -> Iterator[tuple[str, str]]:
    """What assembly adds to pages searched as pieces: the document information and XMP
    metadata, bookmarks, links and annotations, and the structure elements made at assembly
    (the exhibits' figures)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        yield "document information", "\n".join(_strings_in(pdf.trailer.get("/Info")))
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            yield "XMP metadata", metadata.read_bytes().decode("utf-8", errors="replace")
        titles = []
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                titles.append(item.title)
                stack.extend(item.children)
        yield "bookmarks", "\n".join(titles)
        texts = []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", ()):
                if not isinstance(annot, pikepdf.Dictionary):
                    continue
                action = annot.get("/A")
                if isinstance(action, pikepdf.Dictionary):
                    texts += _strings_in(action)
                texts += [str(annot[k]) for k in ("/Contents", "/T", "/TU") if k in annot]
        yield "links and annotations", "\n".join(texts)
        tree = pdf.Root.get("/StructTreeRoot")
        if isinstance(tree, pikepdf.Dictionary):
            document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
            kids = document.get("/K", pikepdf.Array())
            figure = pikepdf.Name.Figure  # made once: each `Name.X` is a new object
            alts = [
                str(k.get(key))
                for k in (kids if isinstance(kids, pikepdf.Array) else [])
                if isinstance(k, pikepdf.Dictionary) and k.get("/S") == figure
                for key in ("/Alt", "/ActualText", "/T")
                if k.get(key) is not None
            ]
            yield "structure (figures)", "\n".join(alts)


def file_leaks(
    path: Path, label: str, matcher: Matcher, *, pieces_checked: bool = False
) -> list[Leak]:
    """Redacted strings found in one output file, by its kind. With `pieces_checked`, a PDF's
    pages were each searched when their piece was made (typst's chunks and the exhibits, see
    `render/pdf/compile.py` and `exhibits/prepare.py`): only what assembly added is searched."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        if pieces_checked:
            return [
                leak for w, t in assembled_texts(path) for leak in _search(matcher, t, label, w)
            ]
        return pdf_leaks(path, label, matcher)
    if suffix == ".docx":
        return docx_leaks(path.read_bytes(), label, matcher)
    if suffix in (".png", ".jpg", ".jpeg"):
        texts = image_texts(path.read_bytes())
        return [leak for where, text in texts for leak in _search(matcher, text, label, where)]
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm", ".xml", ".svg"):
        text = "\n".join(
            [
                xml_text(text),
                html.unescape(_TAG.sub(" ", text)),
                " ".join(html.unescape(a) for a in _ATTR.findall(text)),
            ]
        )
    elif suffix == ".json":
        with contextlib.suppress(ValueError):  # JSON's escapes decoded, as a reader sees them
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return _search(matcher, text, label, "text")


# ----------------------------------------------------------------------------- PDF


def pdf_leaks(path: Path | bytes, label: str, matcher: Matcher) -> list[Leak]:
    found: list[Leak] = []
    for where, text in pdf_texts(path):
        found += _search(matcher, text, label, where)
    return found


def pdf_texts(source: Path | bytes) -> Iterator[tuple[str, str]]:
    """Every text a PDF holds: page text, string objects, decoded streams, image metadata."""
    yield from _page_texts(source)
    yield from object_texts(source)


def _page_texts(source: Path | bytes) -> Iterator[tuple[str, str]]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(source if isinstance(source, bytes) else str(source))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            try:
                yield f"page {i + 1} text", textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()


_FONT_FILES = {"/FontFile", "/FontFile2", "/FontFile3"}


def object_texts(source: Path | bytes) -> Iterator[tuple[str, str]]:
    """Every text a PDF's objects hold beyond what its pages show: string objects and names,
    decoded streams (not font programs), literal strings in content streams, JPEG metadata."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    try:
        fonts = set()  # font programs: glyph outlines, no text
        contents = set()  # page content: its text is the page text
        for obj in pdf.objects:
            if (
                isinstance(obj, pikepdf.Dictionary)
                and obj.get("/Type") == pikepdf.Name.FontDescriptor
            ):
                for key in _FONT_FILES:
                    program = obj.get(key)
                    if program is not None and program.is_indirect:
                        fonts.add(program.objgen)
        for page in pdf.pages:
            found = page.obj.get("/Contents")
            for stream in found if isinstance(found, pikepdf.Array) else [found]:
                if isinstance(stream, pikepdf.Stream):
                    contents.add(stream.objgen)
        strings: list[str] = []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                strings += _strings_in(obj.stream_dict)
                if obj.objgen in fonts:
                    continue
                if obj.objgen in contents or obj.get("/Subtype") == pikepdf.Name.Form:
                    yield from _content_strings(obj)
                    continue
                yield from _stream_texts(obj)
            else:
                strings += _strings_in(obj)
        strings += _strings_in(pdf.trailer)
        yield "strings (metadata, bookmarks, links)", "\n".join(strings)
    finally:
        pdf.close()


def _strings_in(obj: object, depth: int = 0) -> list[str]:
    import pikepdf

    out: list[str] = []
    if depth > 50:
        return out
    if isinstance(obj, pikepdf.String):
        out.append(str(obj))
    elif isinstance(obj, pikepdf.Name):
        out.append(str(obj)[1:])
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            if not (isinstance(item, pikepdf.Object) and item.is_indirect):
                out += _strings_in(item, depth + 1)
    elif isinstance(obj, pikepdf.Dictionary):
        for key, value in obj.items():
            out.append(key[1:])  # a key is a name too: a resource may be named anything
            if key in ("/Parent", "/P"):
                continue
            if not (isinstance(value, pikepdf.Object) and value.is_indirect):
                out += _strings_in(value, depth + 1)
    return out


_LITERAL = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.DOTALL)
_NAME = re.compile(rb"/([^\s/<>\[\](){}%]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _content_strings(stream: object) -> Iterator[tuple[str, str]]:
    """The literal strings a content stream shows with simple fonts (its page text covers the
    rest) and the names it uses: text a reader could read out of the stream itself."""
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return
    if b"(" in data:
        found = b" ".join(_LITERAL.findall(data))
        if found:
            yield f"stream {stream.objgen[0]} (literal strings)", found.decode("latin-1")
    if b"/" in data:  # names: a resource or a marked-content tag may be named anything
        names = b" ".join(dict.fromkeys(_NAME.findall(data)))  # each name once
        if b"#" in names:
            names = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), names)
        yield f"stream {stream.objgen[0]} (names)", names.decode("latin-1")


def _stream_texts(stream: object) -> Iterator[tuple[str, str]]:
    import pikepdf

    assert isinstance(stream, pikepdf.Stream)
    where = f"stream {stream.objgen[0]}"
    if stream.get("/Subtype") == pikepdf.Name.Image:
        filters = stream.get("/Filter")
        if filters == pikepdf.Name.DCTDecode or (
            isinstance(filters, pikepdf.Array) and pikepdf.Name.DCTDecode in list(filters)
        ):
            for segment, text in jpeg_texts(stream.read_raw_bytes()):
                yield f"{where} (JPEG {segment})", text
        return
    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        data = stream.read_raw_bytes()
    if len(data) > 64 * 1024 * 1024:
        data = data[: 64 * 1024 * 1024]
    yield where, data.decode("latin-1")
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        yield where, data.decode("utf-16", errors="replace")


# ----------------------------------------------------------------------------- DOCX


def docx_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Every text of a DOCX package: each part's text and attributes, pictures' metadata."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.startswith("word/media/"):
                for where, text in image_texts(raw):
                    yield f"{name} ({where})", text
                continue
            xml = raw.decode("utf-8", errors="replace")
            yield name, xml_text(xml)
            yield f"{name} (paragraphs)", ooxml_text(xml)
            yield f"{name} (attributes)", "\n".join(html.unescape(a) for a in _ATTR.findall(xml))


_CAMEL = re.compile(r"(?<=[a-z0-9])(?:<[^>]+>)+(?=[A-Z])")


def xml_text(xml: str) -> str:
    """An XML part's text as one run: markup between the letters of a word joins them up
    (`Cor</w:t>…<w:t>nelius`), except where a lower-case letter meets a capital across it
    (`Dunmore</dc:title><dc:subject>The`), which is two words."""
    return html.unescape(_TAG.sub("", _CAMEL.sub(" ", xml)))


def ooxml_text(xml: str) -> str:
    """A Word part's text as Word shows it: runs joined, paragraphs, cells, breaks and every
    element outside Word's own namespace apart."""

    def tag(m: re.Match[str]) -> str:
        name = m.group(2)
        joins = name.startswith("w:") and not re.match(
            r"w:(p|tc|tr|tbl|br|cr|tab|footnote|endnote|hdr|ftr)\b", name
        )
        return "" if joins else "\n"

    return html.unescape(re.sub(r"<(/?)([^>/]+)(/?)>", tag, xml))


def docx_leaks(data: bytes, label: str, matcher: Matcher) -> list[Leak]:
    found: list[Leak] = []
    for where, text in docx_texts(data):
        found += _search(matcher, text, label, where)
    return found
