"""DOCX packages written by pandoc from pieces of one bundle, joined into one package.

pandoc holds the whole document in memory (about fifteen times its JSON), so a bundle of a thousand
items or more is written in pieces, each under pandoc's memory limit, and joined here. Every piece
comes from the same reference document; what differs between them, and is renumbered as it is
joined, is what each piece numbered on its own: relationships (links, pictures) and the media
they name, footnotes, list numbering, styles pandoc added, and drawing ids. Bookmark ids are the
bundle's own and already unique.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
FOOTNOTES = "word/footnotes.xml"
FOOTNOTES_RELS = "word/_rels/footnotes.xml.rels"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
TYPES = "[Content_Types].xml"
# Relationships every piece has alike (to its own parts): not copied.
_SHARED = (
    "/styles",
    "/numbering",
    "/settings",
    "/webSettings",
    "/fontTable",
    "/theme",
    "/footnotes",
    "/comments",
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Package:
    """A DOCX package's parts, with the XML ones the join changes parsed."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {name: z.read(name) for name in z.namelist()}
        self.xml = {
            name: etree.fromstring(self.parts[name], _PARSER)
            for name in (
                DOCUMENT,
                DOCUMENT_RELS,
                FOOTNOTES,
                FOOTNOTES_RELS,
                NUMBERING,
                STYLES,
                TYPES,
            )
            if name in self.parts
        }

    def data(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in self.parts.items():
                if name in self.xml:
                    blob = etree.tostring(
                        self.xml[name], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                z.writestr(name, blob)
        return out.getvalue()

    def body(self) -> Any:
        return self.xml[DOCUMENT].find(_w("body"))

    def rels(self, name: str) -> Any:
        if name not in self.xml:
            self.xml[name] = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
            self.parts[name] = b""
        return self.xml[name]


def _copy_rels(base: Package, piece: Package, name: str, prefix: str) -> dict[str, str]:
    """The piece's own relationships (links, pictures) added to the base's, under new ids; the
    pictures they name copied under new names. Old id → new id."""
    mapping: dict[str, str] = {}
    if name not in piece.xml:
        return mapping
    target_rels = base.rels(name)
    for rel in piece.xml[name]:
        kind = rel.get("Type", "")
        if kind.endswith(_SHARED):
            continue
        new = etree.SubElement(target_rels, f"{{{PR}}}Relationship", dict(rel.attrib))
        new.set("Id", f"{prefix}{rel.get('Id')}")
        mapping[str(rel.get("Id"))] = str(new.get("Id"))
        if rel.get("TargetMode") != "External":
            target = str(rel.get("Target"))
            folder, _, file = target.rpartition("/")
            renamed = f"{folder}/{prefix}{file}" if folder else f"{prefix}{file}"
            new.set("Target", renamed)
            base.parts[f"word/{renamed}"] = piece.parts[f"word/{target}"]
            _copy_override(base, piece, f"/word/{target}", f"/word/{renamed}")
    return mapping


def _copy_override(base: Package, piece: Package, old: str, new: str) -> None:
    """The content type a piece gave a part by name, given to its copy."""
    for override in piece.xml[TYPES].iter(f"{{{CT}}}Override"):
        if override.get("PartName") == old:
            copy = etree.SubElement(base.xml[TYPES], f"{{{CT}}}Override", dict(override.attrib))
            copy.set("PartName", new)


def _copy_types(base: Package, piece: Package) -> None:
    types = base.xml[TYPES]
    known = {d.get("Extension") for d in types.iter(f"{{{CT}}}Default")}
    first_override = types.find(f"{{{CT}}}Override")
    for default in piece.xml[TYPES].iter(f"{{{CT}}}Default"):
        if default.get("Extension") not in known:
            copy = etree.Element(f"{{{CT}}}Default", dict(default.attrib))
            if first_override is not None:
                first_override.addprevious(copy)
            else:
                types.append(copy)


def _copy_numbering(base: Package, piece: Package) -> dict[str, str]:
    """The piece's lists added to the base's numbering under new ids. Old numId → new."""
    if NUMBERING not in piece.xml or NUMBERING not in base.xml:
        return {}
    numbering = base.xml[NUMBERING]
    abstracts = numbering.findall(_w("abstractNum"))
    nums = numbering.findall(_w("num"))
    next_abstract = 1 + max((int(a.get(_w("abstractNumId")) or 0) for a in abstracts), default=0)
    next_num = 1 + max((int(n.get(_w("numId")) or 0) for n in nums), default=0)
    abstract_map: dict[str, str] = {}
    anchor = abstracts[-1] if abstracts else None
    for abstract in piece.xml[NUMBERING].findall(_w("abstractNum")):
        new_id = str(next_abstract)
        next_abstract += 1
        abstract_map[str(abstract.get(_w("abstractNumId")))] = new_id
        abstract.set(_w("abstractNumId"), new_id)
        nsid = abstract.find(_w("nsid"))
        if nsid is not None:  # Word joins lists that share an nsid
            nsid.set(_w("val"), f"{int(new_id) & 0xFFFFFFFF:08X}")
        if anchor is not None:
            anchor.addnext(abstract)
        else:
            numbering.insert(0, abstract)
        anchor = abstract
    num_map: dict[str, str] = {}
    for num in piece.xml[NUMBERING].findall(_w("num")):
        new_id = str(next_num)
        next_num += 1
        num_map[str(num.get(_w("numId")))] = new_id
        num.set(_w("numId"), new_id)
        ref = num.find(_w("abstractNumId"))
        if ref is not None:
            ref.set(_w("val"), abstract_map.get(str(ref.get(_w("val"))), str(ref.get(_w("val")))))
        numbering.append(num)
    return num_map


def _copy_styles(base: Package, piece: Package) -> None:
    styles = base.xml[STYLES]
    known = {s.get(_w("styleId")) for s in styles.iter(_w("style"))}
    for style in piece.xml[STYLES].iter(_w("style")):
        if style.get(_w("styleId")) not in known:
            styles.append(style)


def _remap(element: Any, rels: dict[str, str], notes: dict[str, str], nums: dict[str, str]) -> None:
    """Point a piece's content at its relationships, footnotes and lists under their new ids."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        for key, value in node.attrib.items():
            if key.startswith(f"{{{R}}}") and value in rels:
                node.set(key, rels[value])
        if node.tag == _w("footnoteReference"):
            node.set(_w("id"), notes.get(str(node.get(_w("id"))), str(node.get(_w("id")))))
        elif node.tag == _w("numId"):
            node.set(_w("val"), nums.get(str(node.get(_w("val"))), str(node.get(_w("val")))))


def _copy_footnotes(
    base: Package, piece: Package, rels: dict[str, str], nums: dict[str, str]
) -> dict[str, str]:
    """The piece's footnotes added to the base's under new ids. Old id → new."""
    if FOOTNOTES not in piece.xml or FOOTNOTES not in base.xml:
        return {}
    notes = base.xml[FOOTNOTES]
    next_id = 1 + max((int(n.get(_w("id")) or 0) for n in notes.findall(_w("footnote"))), default=0)
    mapping: dict[str, str] = {}
    for note in piece.xml[FOOTNOTES].findall(_w("footnote")):
        if note.get(_w("type")) is not None:  # the separators every piece has
            continue
        mapping[str(note.get(_w("id")))] = str(next_id)
        note.set(_w("id"), str(next_id))
        next_id += 1
        _remap(note, rels, {}, nums)
        notes.append(note)
    return mapping


def _append(base: Package, piece: Package, prefix: str) -> None:
    rels = _copy_rels(base, piece, DOCUMENT_RELS, prefix)
    note_rels = _copy_rels(base, piece, FOOTNOTES_RELS, prefix)
    _copy_types(base, piece)
    nums = _copy_numbering(base, piece)
    notes = _copy_footnotes(base, piece, note_rels, nums)
    _copy_styles(base, piece)
    body = base.body()
    end = body.find(_w("sectPr"))
    for child in list(piece.body()):
        if child.tag == _w("sectPr"):
            continue
        _remap(child, rels, notes, nums)
        if end is not None:
            end.addprevious(child)
        else:
            body.append(child)


def _renumber_drawings(base: Package) -> None:
    """Drawing ids unique across the document (each piece counted from 1)."""
    drawings = base.xml[DOCUMENT].iter(f"{{{WP}}}docPr", f"{{{PIC}}}cNvPr")
    for n, node in enumerate(drawings, 1):
        node.set("id", str(n))


def merge(pieces: Sequence[bytes]) -> bytes:
    """One package from pandoc's packages of consecutive pieces of a document."""
    if len(pieces) == 1:
        return pieces[0]
    base = Package(pieces[0])
    for k, data in enumerate(pieces[1:], 1):
        _append(base, Package(data), f"p{k}x")
    _renumber_drawings(base)
    return base.data()


def convert_in_pieces(
    pieces: Sequence[str],
    write: Callable[[str, int], bytes],
    *,
    limit: int,
    wrap: Callable[[str], str],
    parallel: int = 2,
) -> bytes:
    """Group consecutive JSON pieces (each a comma-joined run of blocks) into documents of at
    most `limit` bytes (a piece larger than that alone), write the n-th with
    `write(wrap(blocks), n)` — `parallel` at a time: pandoc runs in its own process — and join
    the packages in order."""
    from concurrent.futures import ThreadPoolExecutor

    groups: list[list[str]] = [[]]
    size = 0
    for piece in pieces:
        if not piece:
            continue
        if groups[-1] and size + len(piece) > limit:
            groups.append([])
            size = 0
        groups[-1].append(piece)
        size += len(piece)
    documents = [wrap(",".join(group)) for group in groups if group]
    if len(documents) == 1:
        return write(documents[0], 0)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        packages = list(pool.map(write, documents, range(len(documents))))
    return merge(packages)
