"""One structure tree for the assembled bundle, from the trees typst wrote for each piece.

Typst tags every page it lays out (headings, paragraphs, tables with header cells, lists, links,
figures with alternate text); each chunk of items is its own document with its own tree, and the
exhibits have none. Assembly merges them into one tree, in reading order:

1. each piece's tree is read, and its page and annotation references are replaced by their
   positions (piece page, annotation index), so it can be copied without dragging its pages along;
2. the copies are placed in the bundle, positions turned back into the bundle's pages;
3. every exhibit becomes a Figure whose alternate text is its description, its pages' content
   marked as that figure (its own text stays extractable);
4. the top-level elements of all pieces and the figures are ordered by the page they start on,
   under one Document; ids are made unique per piece; the parent tree is rebuilt from scratch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

_PG = Name("/InqPg")
_OBJ = Name("/InqObj")


@dataclass(frozen=True)
class Piece:
    """A typst-made PDF and, for each of its pages, the bundle page it became (1-based)."""

    path: Path
    pages: Sequence[int]


@dataclass(frozen=True)
class Figure:
    """An exhibit: its alternative text and its bundle pages."""

    alt: str
    pages: Sequence[int]


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary of a structure tree below `root` (elements, MCRs, OBJRs), once each."""
    stack = [root]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
            continue
        if not isinstance(node, Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)


def _detach(piece: pikepdf.Pdf) -> pikepdf.Object | None:
    """The piece's top element(s) with page and annotation references replaced by positions."""
    tree = piece.Root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary) or "/K" not in tree:
        return None
    index = {page.obj.objgen: i for i, page in enumerate(piece.pages)}
    annots: dict[tuple[int, int], tuple[int, int]] = {}
    for i, page in enumerate(piece.pages):
        for j, annot in enumerate(page.obj.get("/Annots", Array())):
            if annot.is_indirect:
                annots[annot.objgen] = (i, j)
    top = tree.K
    for node in _elements(top):
        pg = node.get("/Pg")
        if pg is not None:
            del node["/Pg"]
            if pg.is_indirect and pg.objgen in index:
                node[_PG] = index[pg.objgen]
        obj = node.get("/Obj")
        if obj is not None:
            del node["/Obj"]
            if obj.is_indirect and obj.objgen in annots:
                node[_OBJ] = Array(list(annots[obj.objgen]))
        if "/P" in node:
            del node["/P"]
    for key in ("/ParentTree", "/IDTree"):
        if key in tree:
            del tree[key]
    return top if top.is_indirect else piece.make_indirect(top)


def _attach(
    target: pikepdf.Pdf, top: pikepdf.Object, piece_pages: Sequence[int], prefix: str
) -> list[pikepdf.Dictionary]:
    """The copied elements, their positions turned into the bundle's pages and annotations."""
    copied = target.copy_foreign(top)
    pages = target.pages
    for node in _elements(copied):
        pg = node.get(_PG)
        if pg is not None:
            node.Pg = pages[piece_pages[int(pg)] - 1].obj
            del node[_PG]
        obj = node.get(_OBJ)
        if obj is not None:
            page = pages[piece_pages[int(obj[0])] - 1].obj
            node.Obj = page.Annots[int(obj[1])]
            del node[_OBJ]
        ident = node.get("/ID")
        if isinstance(ident, pikepdf.String):
            node.ID = pikepdf.String(prefix + str(ident))
        for attrs in _attribute_dicts(node):
            headers = attrs.get("/Headers")
            if isinstance(headers, Array):
                attrs.Headers = Array([pikepdf.String(prefix + str(h)) for h in headers])
    if isinstance(copied, Array):
        return [e for e in copied if isinstance(e, Dictionary)]
    return [copied] if isinstance(copied, Dictionary) else []


def _attribute_dicts(node: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    attrs = node.get("/A")
    if isinstance(attrs, Dictionary):
        return [attrs]
    if isinstance(attrs, Array):
        return [a for a in attrs if isinstance(a, Dictionary)]
    return []


def _document_children(top: Sequence[pikepdf.Dictionary]) -> list[pikepdf.Dictionary]:
    """A piece's tree is one Document element: its children are what the bundle takes."""
    out: list[pikepdf.Dictionary] = []
    for element in top:
        if element.get("/S") == Name.Document:
            kids = element.get("/K")
            items = list(kids) if isinstance(kids, Array) else [kids]
            out += [k for k in items if isinstance(k, Dictionary)]
        else:
            out.append(element)
    return out


def _first_page(element: pikepdf.Dictionary, pages: Mapping[tuple[int, int], int]) -> int:
    for node in _elements(element):
        pg = node.get("/Pg")
        if pg is not None and pg.objgen in pages:
            return pages[pg.objgen]
    return 1 << 30


def build_tree(
    target: pikepdf.Pdf,
    pieces: Sequence[Piece],
    figures: Sequence[Figure],
) -> None:
    """Give `target` (the assembled bundle) one structure tree, in reading order."""
    page_number = {page.obj.objgen: n for n, page in enumerate(target.pages, 1)}
    elements: list[tuple[int, int, pikepdf.Dictionary]] = []
    roles: dict[str, pikepdf.Object] = {}
    order = 0
    for k, piece in enumerate(pieces):
        with pikepdf.open(piece.path) as source:
            tree = source.Root.get("/StructTreeRoot")
            if isinstance(tree, Dictionary) and isinstance(tree.get("/RoleMap"), Dictionary):
                for key, value in tree.RoleMap.items():
                    roles[key] = value
            top = _detach(source)
            if top is None:
                continue
            for element in _document_children(_attach(target, top, piece.pages, f"p{k}-")):
                elements.append((_first_page(element, page_number), order, element))
                order += 1
    for figure in figures:
        element = _figure(target, figure)
        elements.append((figure.pages[0], order, element))
        order += 1
    elements.sort(key=lambda e: (e[0], e[1]))
    document = target.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, K=Array([e for _, _, e in elements]))
    )
    for _, _, element in elements:
        element.P = document
    root = target.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array([document])))
    document.P = root
    if roles:
        root.RoleMap = Dictionary(roles)
    _parent_tree(target, root, document)
    target.Root.StructTreeRoot = root
    target.Root.MarkInfo = Dictionary(Marked=True)


def _figure(target: pikepdf.Pdf, figure: Figure) -> pikepdf.Dictionary:
    """A Figure element owning the whole content of each of the exhibit's pages."""
    kids = []
    for number in figure.pages:
        page = target.pages[number - 1]
        # The page is the exhibit drawn above its strip; the strip's caption and stamp are
        # artifacts added later, outside this marked content.
        page.contents_add(target.make_stream(b"/Figure <</MCID 0>> BDC\n"), prepend=True)
        page.contents_add(target.make_stream(b"\nEMC\n"))
        kids.append(Dictionary(Type=Name.MCR, Pg=page.obj, MCID=0))
    return target.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            Alt=pikepdf.String(figure.alt),
            K=Array(kids),
        )
    )


def _parent_tree(
    target: pikepdf.Pdf, root: pikepdf.Dictionary, document: pikepdf.Dictionary
) -> None:
    """Rebuild the parent tree: for each page, the element owning each marked-content id; for
    each annotation in the tree, its element."""
    by_page: dict[tuple[int, int], dict[int, pikepdf.Dictionary]] = {}
    annots: list[tuple[pikepdf.Object, pikepdf.Dictionary]] = []
    for element in _elements(document):
        if element.get("/Type") in (Name.MCR, Name.OBJR):
            continue
        kids = element.get("/K")
        items = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
        for kid in items:
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and _is_int(kid)):
                pg = element.get("/Pg")
                if pg is not None:
                    by_page.setdefault(pg.objgen, {})[int(kid)] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                pg = kid.get("/Pg") or element.get("/Pg")
                if pg is not None:
                    by_page.setdefault(pg.objgen, {})[int(kid.MCID)] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                obj = kid.get("/Obj")
                if obj is not None:
                    annots.append((obj, element))
    nums: list[object] = []
    key = 0
    for page in target.pages:
        owners = by_page.get(page.obj.objgen)
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        if not owners:
            continue
        page.obj.StructParents = key
        top = max(owners)
        nums += [key, Array([owners.get(i) for i in range(top + 1)])]
        key += 1
    for annot, element in annots:
        annot.StructParent = key
        nums += [key, element]
        key += 1
    root.ParentTree = target.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key


def _is_int(obj: pikepdf.Object) -> bool:
    try:
        int(obj)
    except (TypeError, ValueError):
        return False
    return not isinstance(obj, Dictionary | Array)
