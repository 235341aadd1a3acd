"""One structure tree for the assembled bundle, from the trees typst wrote for each piece.

Typst tags every page it lays out (headings, paragraphs, tables with header cells, lists, links,
figures with alternate text); each chunk of items is its own document with its own tree, and the
exhibits have none. A piece's pages are copied into the bundle first; its tree is then copied
right after them (`TreeMerge.add`, before its file is closed), by the same copier, so its
references to its pages and links land on the bundle's copies without walking the tree. What
is left is bookkeeping linear in the page count: each piece's parent-tree keys are moved past the
previous pieces', every exhibit page becomes a Figure whose alternate text names the exhibit and
the page and gives its description (its own text stays extractable), and the top-level elements
are put in reading order under one Document.
(Table-cell ids, numbered from scratch in every piece, are made unique by `unique_ids` when the
piece is compiled; a table's row-group headers are linked to their rows then too, `row_groups`.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name


@dataclass(frozen=True)
class Piece:
    """A typst-made PDF opened for assembly, and the bundle pages copied from it, in order."""

    source: pikepdf.Pdf
    pages: Sequence[pikepdf.Object]  # the copies, in the bundle


@dataclass(frozen=True)
class Figure:
    """An exhibit: what it is ("Exhibit 1 of A2 (TM-001)"), its description, and its bundle
    pages. Each page is a figure of its own, whose alternate text says which page it is."""

    label: str
    description: str
    pages: Sequence[int]

    def alt(self, k: int) -> str:
        """The alternate text of the exhibit's `k`-th page (from 1)."""
        n = len(self.pages)
        where = f", page {k} of {n}" if n > 1 else ""
        return f"{self.label}{where}: {self.description}"


def unique_ids(source: pikepdf.Pdf, prefix: str) -> None:
    """Prefix every structure id (and every table cell's reference to one) with `prefix`: each
    piece numbers its table cells from scratch, and ids must be unique in the bundle. The
    piece's /IDTree becomes one flat, sorted node of the new ids, for `build_tree` to gather.
    Each table's cells then name their headers as `row_groups` says."""
    named: dict[str, pikepdf.Object] = {}
    tables: list[pikepdf.Object] = []
    for obj in source.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.StructElem:
            continue
        if obj.get("/S") == Name.Table:
            tables.append(obj)
        ident = obj.get("/ID")
        if isinstance(ident, pikepdf.String):
            obj.ID = pikepdf.String(prefix + str(ident))
            named[prefix + str(ident)] = obj
        for a in _attributes(obj):
            headers = a.get("/Headers") if isinstance(a, Dictionary) else None
            if isinstance(headers, Array):
                a.Headers = Array([pikepdf.String(prefix + str(h)) for h in headers])
    for table in tables:
        row_groups(table)
    tree = source.Root.get("/StructTreeRoot")
    if isinstance(tree, Dictionary):
        if named:
            flat = [x for key in sorted(named) for x in (pikepdf.String(key), named[key])]
            tree.IDTree = Dictionary(Names=Array(flat))
        elif "/IDTree" in tree:
            del tree["/IDTree"]


def row_groups(table: pikepdf.Object) -> None:
    """Link the data cells of a table with row-group headers (the index's tab rows: one header
    cell spanning every column) to their own column's header and their group's.

    Typst gives every data cell below such a row that row's header alone, and the row the
    headers of all the columns, so a screen reader announced each cell under all seven column
    names (or the tab only), never its own. Each data cell's /Headers becomes its columns'
    headers (those of the first row, spans counted) then its group's; the group's header is
    under no column. A table without such rows is left as typst wrote it."""
    rows = [row for part in _kids(table) for row in _rows(part)]
    if len(rows) < 2:
        return
    columns: list[pikepdf.Object] = []  # the first row's header over each column
    for cell in _kids(rows[0]):
        if not isinstance(cell, Dictionary) or cell.get("/S") != Name.TH or "/ID" not in cell:
            return
        columns += [cell] * _span(cell, "/ColSpan")
    width = len(columns)
    if width < 2 or not any(_group(row, width) is not None for row in rows[1:]):
        return
    # Each id read once (a 1,000-row index has 7,000 cells: every pikepdf access counts).
    column_ids = [bytes(c.ID) for c in columns]
    group_id: bytes | None = None
    busy = [0] * width  # how many more rows a cell spanning rows from above still covers
    for row in rows[1:]:
        head = _group(row, width)
        if head is not None:
            group_id = bytes(head.ID)
            _table_attrs(head).Headers = Array()
            busy = [0] * width
            continue
        taken, busy = [b > 0 for b in busy], [max(b - 1, 0) for b in busy]
        col = 0
        for cell in _kids(row):
            if not isinstance(cell, Dictionary):
                continue
            while col < width and taken[col]:
                col += 1
            data = cell.get("/S") == Name.TD
            attrs = _table_attrs(cell, create=data)
            span, down = _count(attrs.get("/ColSpan")), _count(attrs.get("/RowSpan"))
            spanned = range(col, min(col + span, width))
            for c in spanned:
                busy[c] = max(busy[c], down - 1)
            if data:
                heads = list(dict.fromkeys(column_ids[c] for c in spanned))
                if group_id is not None:
                    heads.append(group_id)
                attrs.Headers = Array([pikepdf.String(h) for h in heads])
            col += span


def _rows(element: pikepdf.Object) -> list[pikepdf.Object]:
    """The rows of a table part (THead, TBody, TFoot), or the row itself."""
    if not isinstance(element, Dictionary):
        return []
    if element.get("/S") == Name.TR:
        return [element]
    return [k for k in _kids(element) if isinstance(k, Dictionary) and k.get("/S") == Name.TR]


def _group(row: pikepdf.Object, width: int) -> pikepdf.Object | None:
    """The row's header when the row is a row group's: one header cell across every column."""
    cells = [c for c in _kids(row) if isinstance(c, Dictionary)]
    if len(cells) != 1 or cells[0].get("/S") != Name.TH or "/ID" not in cells[0]:
        return None
    return cells[0] if _span(cells[0], "/ColSpan") == width else None


def _span(cell: pikepdf.Object, key: str) -> int:
    return _count(_table_attrs(cell, create=False).get(key))


def _count(value: object) -> int:
    """A /ColSpan or /RowSpan as a count of at least one."""
    return max(int(value), 1) if isinstance(value, int) else 1


def _table_attrs(cell: pikepdf.Object, *, create: bool = True) -> pikepdf.Object:
    """A cell's table attributes (/A with /O /Table, alone or among others); made if absent
    (and `create`), else an empty dictionary."""
    listed = _attributes(cell)
    for a in listed:
        if isinstance(a, Dictionary) and a.get("/O") == Name.Table:
            return a
    made = Dictionary(O=Name.Table)
    if create:
        cell.A = Array([*listed, made]) if listed else made
    return made


def _attributes(element: pikepdf.Object) -> list[pikepdf.Object]:
    """An element's attribute objects (/A: one, or an array of them)."""
    attrs = element.get("/A")
    return (
        [attrs]
        if isinstance(attrs, Dictionary)
        else list(attrs)
        if isinstance(attrs, Array)
        else []
    )


def _top(
    source: pikepdf.Pdf,
) -> tuple[list[pikepdf.Object], list[pikepdf.Object], dict[str, pikepdf.Object]]:
    """A piece's top elements (its Document's children), its parent-tree entries, its roles."""
    tree = source.Root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary):
        return [], [], {}
    kids = tree.get("/K")
    tops = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
    children: list[pikepdf.Object] = []
    for element in tops:
        if isinstance(element, Dictionary) and element.get("/S") == Name.Document:
            children += _kids(element)
        else:
            children.append(element)
    parent_tree = tree.get("/ParentTree")
    nums = (
        list(parent_tree.Nums)
        if isinstance(parent_tree, Dictionary) and "/Nums" in parent_tree
        else []
    )
    roles = dict(tree.RoleMap.items()) if isinstance(tree.get("/RoleMap"), Dictionary) else {}
    return [c for c in children if isinstance(c, Dictionary)], nums, roles


def _page_of(element: pikepdf.Object, numbers: Mapping[tuple[int, int], int], last: int) -> int:
    """The bundle page an element starts on: the first /Pg found depth-first in it (a Div may
    hold its page only deep down), else the page of the element before it."""
    stack = [element]
    seen = 0
    while stack and seen < 200:
        node = stack.pop()
        seen += 1
        if not isinstance(node, Dictionary):
            continue
        pg = node.get("/Pg")
        if pg is not None and pg.objgen in numbers:
            return numbers[pg.objgen]
        stack.extend(reversed(_kids(node)))
    return last


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K") if isinstance(element, Dictionary) else None
    return list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []


class TreeMerge:
    """One structure tree for the assembled bundle, made piece by piece: `add` each piece once
    its pages are copied (its source may be closed after), then `finish` with the figures."""

    def __init__(self, target: pikepdf.Pdf) -> None:
        self.target = target
        self.elements: list[tuple[int, int, pikepdf.Object]] = []
        self.nums: list[object] = []
        self.roles: dict[str, pikepdf.Object] = {}
        self.id_nodes: list[pikepdf.Object] = []
        self.offset = 0

    def add(self, piece: Piece, numbers: Mapping[tuple[int, int], int]) -> None:
        """Copy `piece`'s tree into the target; `numbers` gives the bundle page of each copied
        page (the piece's among them)."""
        target = self.target
        children, piece_nums, piece_roles = _top(piece.source)
        self.roles.update(piece_roles)
        for child in children:
            if "/P" in child:
                del child["/P"]
        copied = (
            target.copy_foreign(piece.source.make_indirect(Array(children)))
            if children
            else Array()
        )
        self.id_nodes += _id_node(target, piece.source)  # after the children: their /P above
        page = numbers.get(piece.pages[0].objgen, 1) if piece.pages else 1
        for element in copied:
            page = _page_of(element, numbers, page)
            self.elements.append((page, len(self.elements), element))
        copied_nums = (
            target.copy_foreign(piece.source.make_indirect(Array(piece_nums)))
            if piece_nums
            else Array()
        )
        offset = self.offset
        top_key = -1
        for i in range(0, len(copied_nums) - 1, 2):
            key = int(copied_nums[i]) + offset
            self.nums += [key, copied_nums[i + 1]]
            top_key = max(top_key, key)
        for copy in piece.pages:
            if "/StructParents" in copy:
                copy.StructParents = int(copy.StructParents) + offset
            for annot in copy.get("/Annots", Array()):
                if isinstance(annot, Dictionary) and "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.offset = max(offset, top_key + 1)

    def finish(self, bundle: Sequence[pikepdf.Object], figures: Sequence[Figure]) -> None:
        """Add the exhibits' figures and give the target (whose page objects in order are
        `bundle`) the merged tree."""
        target, elements, nums, offset = self.target, self.elements, self.nums, self.offset
        shared = marks(target)
        for figure in figures:
            for k, number in enumerate(figure.pages, 1):
                element = figure_element(target, bundle[number - 1], figure.alt(k), shared)
                bundle[number - 1].StructParents = offset
                nums += [offset, Array([element])]  # the page's MCID 0
                offset += 1
                elements.append((number, len(elements), element))
        # Reading order: by the page each top-level element starts on (a piece's elements in
        # its order, an exhibit's figure after its item's last page).
        elements.sort(key=lambda e: (e[0], e[1]))
        document = target.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array([e for _, _, e in elements]))
        )
        for _, _, element in elements:
            element.P = document
        root = target.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=Array([document]),
                ParentTree=target.make_indirect(Dictionary(Nums=Array(_sorted_nums(nums)))),
                ParentTreeNextKey=offset,
            )
        )
        document.P = root
        if self.roles:
            root.RoleMap = Dictionary(self.roles)
        if self.id_nodes:
            self.id_nodes.sort(key=lambda node: bytes(node.Limits[0]))
            root.IDTree = target.make_indirect(Dictionary(Kids=Array(self.id_nodes)))
        target.Root.StructTreeRoot = root
        target.Root.MarkInfo = Dictionary(Marked=True)


def _id_node(target: pikepdf.Pdf, source: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The piece's flat /IDTree node (see `unique_ids`) copied into `target`, with its limits."""
    tree = source.Root.get("/StructTreeRoot")
    ids = tree.get("/IDTree") if isinstance(tree, Dictionary) else None
    names = ids.get("/Names") if isinstance(ids, Dictionary) else None
    if not isinstance(names, Array) or len(names) < 2:
        return []
    copied = target.copy_foreign(source.make_indirect(names))
    limits = Array([copied[0], copied[len(copied) - 2]])
    return [target.make_indirect(Dictionary(Names=copied, Limits=limits))]


def _sorted_nums(nums: list[object]) -> list[object]:
    pairs = sorted(zip(nums[0::2], nums[1::2], strict=True), key=lambda p: int(p[0]))  # type: ignore[call-overload]
    return [x for pair in pairs for x in pair]


def marks(target: pikepdf.Pdf) -> tuple[pikepdf.Stream, pikepdf.Stream]:
    """The content streams that open and close a page's figure (MCID 0), to be shared by
    every page (an exhibit page then costs no stream of its own for them)."""
    return (
        target.make_stream(b"/Figure <</MCID 0>> BDC\n"),
        target.make_stream(b"\nEMC\n"),
    )


def figure_element(
    target: pikepdf.Pdf,
    page_obj: pikepdf.Object,
    alt: str,
    marks: tuple[pikepdf.Stream, pikepdf.Stream],
) -> pikepdf.Object:
    """A Figure element owning the whole content of one exhibit page (MCID 0), whose
    alternate text is `alt`."""
    begin, end = marks
    page = pikepdf.Page(page_obj)
    # The page is the exhibit drawn above its strip; the strip's caption and stamp are
    # artifacts added later, outside this marked content.
    page.contents_add(begin, prepend=True)
    page.contents_add(end)
    return target.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Figure,
            Alt=pikepdf.String(alt),
            K=Dictionary(Type=Name.MCR, Pg=page.obj, MCID=0),
        )
    )


def tag_exhibit(pdf: pikepdf.Pdf, figure: Figure, *, language: str) -> None:
    """Make a standalone exhibit (the HTML edition's copy) a tagged PDF: each page a figure
    with its alternate text, the document's title the exhibit's, its language the bundle's."""
    shared = marks(pdf)
    nums: list[object] = []
    kids = []
    for k, page in enumerate(pdf.pages, 1):
        element = figure_element(pdf, page.obj, figure.alt(k), shared)
        page.obj.StructParents = k - 1
        nums += [k - 1, Array([element])]
        kids.append(element)
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array(kids)))
    for element in kids:
        element.P = document
    root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=len(pdf.pages),
        )
    )
    document.P = root
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = pikepdf.String(language)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo.Title = pikepdf.String(f"{figure.label}: {figure.description}")
