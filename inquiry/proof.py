"""The last guard of the public edition: no redacted string anywhere in what was rendered.

Redaction happens once, on the views, before anything is written; this module proves it worked
by reading the outputs as a reader's software would and searching them with the same matcher
(`inquiry.redaction`), so a name split by formatting, an entity, a line end or a ligature is found
here exactly when it would be found by a person. Searched:
- PDF: the text of every page (as pdfium extracts it, form XObjects included), and what its
  objects hold beyond that (`inquiry.pdfobjects`): text strings (metadata, bookmarks, link
  targets, alternate text), font names, the text kept in streams (font programs' names, ICC
  profiles, JPEG and JPEG 2000 metadata), literal strings and comments in content streams;
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
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry.docx_parts import markup_texts, other_file_texts, part_text
from inquiry.docx_words import reader_attributes
from inquiry.imagetexts import image_texts
from inquiry.name_addresses import unquotings
from inquiry.pdfobjects import object_texts, strings_in
from inquiry.redaction import Matcher
from inquiry.typst_words import source_text

if TYPE_CHECKING:
    import pikepdf

_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'="([^"]*)"')
_IN_PAGE = re.compile(r'\bhref="#[^"]*"')
"""A link to a place in the same page (`href="#content"`): the page's own words, not a hashtag
(a witness called Conte is not in `#content`); its target is the `id` of something on the page,
searched with the other attributes."""


@dataclass(frozen=True)
class Leak:
    """A redacted string found in an output: which file, where in it, and which string (for
    tests: a message must never print it, since build logs may be public)."""

    file: str
    where: str
    string: str


_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _search(
    matcher: Matcher,
    text: str,
    file: str,
    where: str,
    *,
    hosts: bool = True,
    words: bool = False,
) -> list[Leak]:
    """Without `hosts`, for a reading that runs paragraphs together (`xml_text`), where
    `Manchester.` and `It` would read as a web address (see `Matcher.search`). With `words`,
    for a reading of the words a reader sees (a page's text, a document's paragraphs), words
    run together by their capitals are read apart too; not in a format's own names and
    attributes (`DecValTok`, `CreatorTool`, `rIdInqHeader1`), where that finds what no reader
    reads as a name (stop 33, red team h117)."""
    found = [
        Leak(file, where, s) for s, _ in matcher.search(text, hosts=hosts, camel=words, lines=False)
    ]
    # An address names someone percent-encoded too. Only an escape changes what decoding
    # reads (a `+` becomes a space, which the matcher already reads as one): a page that
    # says "40%" is not searched twice.
    # Decoded again while escapes remain: a redirector's link is encoded twice (`%2520`).
    if not found and _ESCAPE.search(text):
        for decoded in unquotings(text):
            found = [
                Leak(file, where, s)
                for s, _ in matcher.search(decoded, hosts=hosts, camel=words, lines=False)
            ]
            if found:
                break
    return found


def leaks(
    staged: Path, written: Sequence[str], matcher: Matcher, *, pieces_checked: bool = False
) -> list[Leak]:
    """Every redacted string found in the outputs `written` (names under `staged`); the HTML
    edition's stylesheet, when it is ours as shipped (its selectors hold `li`, `mark`…), is not
    an output of the evidence."""
    from inquiry.render.html import stylesheet

    found: list[Leak] = []
    ours = {stylesheet()}  # written byte for byte from the package: no evidence reaches it
    for name in written:
        path = staged / name
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and not (sub.suffix == ".css" and sub.read_bytes() in ours):
                    label = f"{name}/{sub.relative_to(path).as_posix()}"
                    found += file_leaks(sub, label, matcher)
        elif path.is_file():
            found += file_leaks(path, name, matcher, pieces_checked=pieces_checked)
    return found


def bundle_leaks(
    path: str, redact: tuple[tuple[str, str | None], ...], figures: tuple[int, ...] | None = None
) -> list[Leak]:
    """Worker entry point: what assembly added to the bundle at `path` (its pages were searched
    as pieces), searched for the strings of `redact` (`(text, code)` pairs); `figures` are the
    exhibit pages (1-based), whose figures assembly made."""
    matcher, label = Matcher.of(redact), Path(path).name
    return [
        leak
        for where, text in assembled_texts(Path(path), figures)
        for leak in _search(matcher, text, label, where)
    ]


def piece_leaks(pdf: bytes, source: str, matcher: Matcher) -> list[Leak]:
    """Redacted strings in a typst-made piece: in the text of each of its pages, as pdfium
    extracts it, and anywhere in the typst source it was made from — every string typst writes
    (page text, link targets, structure titles and alternate text) comes from that source, and
    its text is drawn with CID fonts, so its content streams hold glyph numbers, not words."""
    found = _search(matcher, source_text(source), "piece", "typst source")
    for where, text in _page_texts(pdf):
        found += _search(matcher, text, "piece", where, words=True)
    return found


def _xmp_words(data: bytes) -> str:
    """What XMP says, not how it is tagged: its text and attribute values (`<rdf:li>` holds no
    witness called Li); the whole of it, tags and all, when it cannot be parsed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return data.decode("utf-8", errors="replace")
    words = [*root.itertext()]
    words += [value for element in root.iter() for value in element.attrib.values()]
    return "\n".join(words)


def assembled_texts(
    source: Path, figures: Sequence[int] | None = None
) -> Iterator[tuple[str, str]]:
    """What assembly adds to pages searched as pieces: the document information and XMP
    metadata, bookmarks, links and annotations, and the structure elements made at assembly
    (the figures of the exhibit pages `figures`, 1-based; None: of any page)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        yield "document information", "\n".join(strings_in(pdf.trailer.get("/Info")))
        metadata = pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream):
            yield "XMP metadata", _xmp_words(metadata.read_bytes())
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
                    texts += strings_in(action)
                texts += [str(annot[k]) for k in ("/Contents", "/T", "/TU") if k in annot]
        yield "links and annotations", "\n".join(texts)
        pages = range(1, len(pdf.pages) + 1) if figures is None else figures
        yield "structure (figures)", "\n".join(figure_alts(pdf, pages))


def figure_alts(pdf: pikepdf.Pdf, pages: Sequence[int]) -> list[str]:
    """The alternate text (and actual text, and title) of the figures that own the content of
    `pages` (1-based), found through each page's key in the flat parent tree assembly writes.
    Given the exhibit pages only, nothing else of the tree is read: reading the Document's
    children to find the figures parsed every structure element of the bundle (1.9 GB of
    memory for 10,000 items)."""
    import pikepdf

    tree = pdf.Root.get("/StructTreeRoot")
    parents = tree.get("/ParentTree") if isinstance(tree, pikepdf.Dictionary) else None
    nums = parents.get("/Nums") if isinstance(parents, pikepdf.Dictionary) else None
    if not isinstance(nums, pikepdf.Array):
        return []
    at = {int(nums[i]): i + 1 for i in range(0, len(nums) - 1, 2)}
    figure = pikepdf.Name.Figure  # made once: each `Name.X` is a new object
    out: list[str] = []
    every = list(pdf.pages)  # once: `pdf.pages[i]` walks the page list each time
    for number in pages:
        key = every[number - 1].obj.get("/StructParents")
        owners = nums[at[int(key)]] if key is not None and int(key) in at else None
        for k in owners if isinstance(owners, pikepdf.Array) else []:
            if isinstance(k, pikepdf.Dictionary) and k.get("/S") == figure:
                out += [str(k.get(n)) for n in ("/Alt", "/ActualText", "/T") if n in k]
    return out


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
        return [
            leak
            for where, text in texts
            for leak in _search(matcher, text, label, where, words=True)
        ]
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm", ".xml", ".svg"):
        joined = _search(matcher, xml_text(text), label, "text", hosts=False, words=True)
        text = "\n".join(
            [
                html.unescape(_TAG.sub(" ", text)),
                " ".join(html.unescape(a) for a in _ATTR.findall(_IN_PAGE.sub("", text))),
            ]
        )
        return joined + _search(matcher, text, label, "text")
    elif suffix == ".json":
        with contextlib.suppress(ValueError):  # JSON's escapes decoded, as a reader sees them
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return _search(matcher, text, label, "text")


# ----------------------------------------------------------------------------- PDF


def pdf_leaks(path: Path | bytes, label: str, matcher: Matcher) -> list[Leak]:
    found: list[Leak] = []
    for where, text in _page_texts(path):
        found += _search(matcher, text, label, where, words=True)
    for where, text in object_texts(path):
        found += _search(matcher, text, label, where)
    return found


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


# ----------------------------------------------------------------------------- DOCX


def docx_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Every text of a DOCX package: each part's text and attributes, pictures' metadata."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.startswith("word/media/") or not _is_xml(raw):
                if raw.startswith((b"\x89PNG", b"\xff\xd8")):
                    for where, text in image_texts(raw):
                        yield f"{name} ({where})", text
                else:  # a GIF, EMF or SVG a reference document brought (`docx_parts`)
                    for where, text in other_file_texts(raw):
                        yield f"{name} ({where})", text
                continue
            xml = part_text(raw)
            yield name, xml_text(xml)
            yield f"{name} (comments, instructions, CDATA)", markup_texts(xml)
            yield f"{name} (paragraphs)", ooxml_text(xml)
            yield f"{name} (attributes)", "\n".join(reader_attributes(name, xml))


def _is_xml(raw: bytes) -> bool:
    """Whether a part is XML (in UTF-8 or UTF-16, with or without a byte-order mark)."""
    return part_text(raw[:64]).lstrip("\ufeff \r\n\t").startswith("<")


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

    # A tag's name, then its attributes, whose values may hold a `/` (a namespace's address).
    return html.unescape(re.sub(r"<(/?)([^\s>/]+)[^>]*>", tag, xml))


def docx_leaks(data: bytes, label: str, matcher: Matcher) -> list[Leak]:
    found: list[Leak] = []
    for where, text in docx_texts(data):
        # A part's own reading (`xml_text`) runs its paragraphs together.
        hits = _search(
            matcher,
            text,
            label,
            where,
            hosts=where.endswith(")"),
            words=not where.endswith("(attributes)"),
        )
        if hits and where.startswith("word/document.xml"):
            item = _docx_item(data, matcher)
            hits = [
                Leak(h.file, f"{h.where}, in item {item}" if item else h.where, h.string)
                for h in hits
            ]
        found += hits
    return found


_ITEM_BOOKMARK = re.compile(r'<w:bookmarkStart\b[^>]*\bw:name="item_([^"]*)"')
_BOOKMARK_ID = re.compile(r"([A-Z]{2,5})_([0-9]{3,})(?:_x[0-9]+)?")


def _docx_item(data: bytes, matcher: Matcher) -> str:
    """The item whose part of the document body holds a redacted string (the body cut at each
    item's and exhibit's bookmark, each part read as `docx_texts` reads the whole), or "" when
    none does alone. Bookmark names are ids with `_` for `-` (see `render/docx/openxml.py`);
    a name too long for Word was shortened with a hash, and is given as it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8", errors="replace")
    marks = list(_ITEM_BOOKMARK.finditer(xml))
    ends = [n.start() for n in marks[1:]] + [len(xml)] * bool(marks)
    for m, end in zip(marks, ends, strict=True):
        part = xml[m.start() : end]
        attributes = "\n".join(_ATTR.findall(part))
        readings = ((xml_text(part), False), (ooxml_text(part), True), (attributes, True))
        if any(
            matcher.search(html.unescape(t), hosts=hosts, camel=t is not attributes, lines=False)
            for t, hosts in readings
        ):
            name = _BOOKMARK_ID.fullmatch(m.group(1))
            return f"{name.group(1)}-{name.group(2)}" if name else f"(bookmark item_{m.group(1)})"
    return ""
