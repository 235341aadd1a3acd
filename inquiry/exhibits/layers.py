"""An exhibit's hidden layers stay hidden.

A PDF may hold optional content (layers) that a viewer does not show unless the reader turns it
on: a draft layer, a note, a watermark for printing. Sanitising keeps only the catalogue's page
tree, so the layers' default states (`/OCProperties`) would be lost and every viewer would draw
every layer: the court would see what the exhibit as filed does not show. Before that, what is
off by default is taken out of the pages here, as a viewer leaves it out:

- marked content tagged with an optional content group (or membership dictionary) that is off
  (`/OC /Name BDC … EMC`): what it paints is not painted, though its graphics state changes
  (and any clip it sets) still apply, as the PDF reference says of hidden content;
- an image or form XObject whose own `/OC` is off: not drawn;
- an annotation whose `/OC` is off: removed before annotations are drawn into the page.

Only a document whose default configuration turns some group off is touched; every other
exhibit keeps its content streams byte for byte. Visibility expressions (`/VE`) are read as
their groups' policy (`/P`), which every producer writes beside them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf

from inquiry.exhibits.geometry import inherited
from inquiry.pagehash_values import name_text

PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
"""Path-painting operators: in hidden content each ends its path unpainted (`n`), so that a
clip set with it (`W n`) still clips what follows."""

DROPPED = frozenset({"Tj", "TJ", "Do", "sh"})
"""Operators that draw text, XObjects and shadings: left out in hidden content (inline images
too, which pikepdf gives as objects of their own). `'` and `"` keep what they do besides
showing text: the move to the next line, and `"`'s spacing."""

ObjGen = tuple[int, int]
Piece = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


def hide_off_layers(pdf: pikepdf.Pdf) -> int:
    """Take out of every page what the document's default configuration hides; return how many
    pages changed (0 when nothing is off by default)."""
    off = _off_groups(pdf)
    if not off:
        return 0
    done: dict[ObjGen, bool] = {}
    changed = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            kept = [a for a in annots if _shown(a.get("/OC") if _is_dict(a) else None, off)]
            if len(kept) != len(annots):
                page.obj.Annots = pikepdf.Array(kept)
                changed += 1
        resources = inherited(page.obj, "/Resources")  # a page may take its parent's
        _forms(pdf, resources, off, done)
        new = _filtered(pikepdf.parse_content_stream(page), resources, off)
        if new is not None:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(new))
            changed += 1
    return changed


def _is_dict(value: object) -> bool:
    return isinstance(value, pikepdf.Dictionary)


def _off_groups(pdf: pikepdf.Pdf) -> set[ObjGen]:
    """The optional content groups the default configuration turns off."""
    props = pdf.Root.get("/OCProperties")
    if not isinstance(props, pikepdf.Dictionary):
        return set()
    groups = props.get("/OCGs")
    config = props.get("/D")
    if not isinstance(groups, pikepdf.Array) or not isinstance(config, pikepdf.Dictionary):
        return set()
    every = {g.objgen for g in groups if _is_dict(g)}
    on = {g.objgen for g in _array(config.get("/ON")) if _is_dict(g)}
    off = {g.objgen for g in _array(config.get("/OFF")) if _is_dict(g)}
    if config.get("/BaseState") == pikepdf.Name.OFF:
        return (every - on) | off
    return off - on if off & on else off


def _array(value: object) -> Iterable[pikepdf.Object]:
    return value if isinstance(value, pikepdf.Array) else ()


def _shown(oc: object, off: set[ObjGen]) -> bool:
    """Whether content marked with `oc` (a group, a membership dictionary, or nothing) shows."""
    if not isinstance(oc, pikepdf.Dictionary):
        return True
    if oc.get("/Type") != pikepdf.Name.OCMD:
        return oc.objgen not in off
    members = oc.get("/OCGs")
    groups = (
        [members]
        if isinstance(members, pikepdf.Dictionary)
        else [g for g in _array(members) if _is_dict(g)]
    )
    if not groups:
        return True
    states = [g.objgen not in off for g in groups]
    policy = oc.get("/P", pikepdf.Name.AnyOn)
    if policy == pikepdf.Name.AllOn:
        return all(states)
    if policy == pikepdf.Name.AnyOff:
        return not all(states)
    if policy == pikepdf.Name.AllOff:
        return not any(states)
    return any(states)


def _forms(pdf: pikepdf.Pdf, resources: object, off: set[ObjGen], done: dict[ObjGen, bool]) -> None:
    """Each form XObject `resources` reach, filtered once (a form may be shared by pages)."""
    if not isinstance(resources, pikepdf.Dictionary):
        return
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for _, xobject in xobjects.items():
        if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != "/Form":
            continue
        key = xobject.objgen
        if key in done:
            continue
        done[key] = True
        inner = xobject.get("/Resources")
        _forms(pdf, inner, off, done)
        try:
            parsed = pikepdf.parse_content_stream(xobject)
        except pikepdf.PdfError:
            continue  # a form that cannot be parsed is left as it is
        new = _filtered(parsed, inner, off)
        if new is not None:
            xobject.write(pikepdf.unparse_content_stream(new))


def _filtered(
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage],
    resources: object,
    off: set[ObjGen],
) -> list[Piece] | None:
    """The instructions with hidden content left out, or None when nothing was hidden."""
    properties = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    hidden: list[bool] = []  # per open marked-content sequence: whether it is hidden
    out: list[Piece] = []
    touched = False
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            if hidden and hidden[-1]:
                touched = True
                continue
            out.append(instruction)
            continue
        operator = name_text(instruction.operator)
        operands = instruction.operands
        inside = bool(hidden) and hidden[-1]
        if operator in ("BDC", "BMC"):
            here = inside
            if operator == "BDC" and len(operands) == 2 and operands[0] == pikepdf.Name.OC:
                oc: object = operands[1]
                if isinstance(oc, pikepdf.Name) and isinstance(properties, pikepdf.Dictionary):
                    oc = properties.get(oc)  # by the name itself: it need not be UTF-8
                here = here or not _shown(oc, off)
            hidden.append(here)
            touched |= here and not inside
            out.append(instruction)
            continue
        if operator == "EMC":
            if hidden:
                hidden.pop()
            out.append(instruction)
            continue
        if operator == "Do" and operands and isinstance(xobjects, pikepdf.Dictionary):
            name = operands[0]
            target = xobjects.get(name) if isinstance(name, pikepdf.Name) else None
            if isinstance(target, pikepdf.Stream) and not _shown(target.get("/OC"), off):
                touched = True
                continue
        if inside:
            if operator in DROPPED:
                continue
            if operator in ("'", '"'):
                out += _line_only(list(operands))
                continue
            if operator in PAINTING:
                out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("n")))
                continue
        out.append(instruction)
    return out if touched else None


def _line_only(operands: list[pikepdf.Object]) -> list[Piece]:
    """What `'` (or `"`, which sets word and character spacing first) does but show text."""
    out: list[Piece] = []
    if len(operands) == 3:  # `aw ac string "`
        out.append(pikepdf.ContentStreamInstruction([operands[0]], pikepdf.Operator("Tw")))
        out.append(pikepdf.ContentStreamInstruction([operands[1]], pikepdf.Operator("Tc")))
    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")))
    return out
