"""Names that are not UTF-8 named anew in the copy of an exhibit ocrmypdf reads.

A PDF name may hold any bytes (`/Im#E9`, a Shift JIS font name); ocrmypdf reads an image's, a
colour space's name and an operator with `str()`, which raises for such a name, and its OCR of
the page fails. The copy handed to it has them in hex (`/U-<bytes>`), and operators not UTF-8
(which no viewer runs) left out; the exhibit itself is not changed.
"""

from __future__ import annotations

import re

import pikepdf

_RESOURCES = (
    "/XObject",
    "/Font",
    "/Pattern",
    "/Shading",
    "/ExtGState",
    "/Properties",
    "/ColorSpace",
)


def utf8_names(pdf: pikepdf.Pdf) -> None:
    """Name anew each resource whose name is not UTF-8 (`/Im#E9`, `/#82l#82r…`), where it is kept
    and where content names it, and leave out operators not UTF-8 (which no viewer runs): ocrmypdf
    reads them with `str()`, and fails. Only the copy ocrmypdf reads changes, and only where such
    a name is; the new name is the old one's bytes in hex, the same wherever it stands."""
    contents: list[object] = []
    for page in pdf.pages:
        content = page.obj.get("/Contents")
        contents += list(content) if isinstance(content, pikepdf.Array) else [content]
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        resources = obj.get("/Resources")
        if isinstance(resources, pikepdf.Dictionary):
            for kind in _RESOURCES:
                entries = resources.get(kind)
                if isinstance(entries, pikepdf.Dictionary):
                    for key in [k for k in entries.keys() if not _is_utf8(k)]:  # noqa: SIM118
                        new = _utf8_name(key.encode("utf-8", "surrogateescape"))
                        if new not in entries:
                            entries[new] = entries[key]
                            del entries[key]
        if obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1:
            contents.append(obj)
        procs = obj.get("/CharProcs") if obj.get("/Subtype") == pikepdf.Name.Type3 else None
        if isinstance(procs, pikepdf.Dictionary):
            contents += list(procs.values())
    for stream in contents:
        if isinstance(stream, pikepdf.Stream):
            _utf8_content(stream)


def _utf8_content(stream: pikepdf.Stream) -> None:
    """Content `stream` with its names not UTF-8 named anew (`utf8_names`), if it has any."""
    try:
        # A name not UTF-8 is written with a byte past ASCII or a `#` escape: content without
        # either (most of it) is not parsed.
        if _MAYBE_NOT_UTF8.search(stream.read_bytes()) is None:
            return
        instructions = pikepdf.parse_content_stream(stream)
    except pikepdf.PdfError:
        return
    out: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    changed = False
    for op in instructions:
        if isinstance(op, pikepdf.ContentStreamInstruction):
            if not _is_utf8(op.operator):
                changed = True
                continue
            operands = list(op.operands)
            if any(isinstance(o, pikepdf.Name) and not _is_utf8(o) for o in operands):
                changed = True
                op = pikepdf.ContentStreamInstruction(
                    [_renamed_name(o) for o in operands], op.operator
                )
        out.append(op)
    if changed:
        stream.write(pikepdf.unparse_content_stream(out))


_MAYBE_NOT_UTF8 = re.compile(rb"[#\x80-\xff]")


def _is_utf8(name: object) -> bool:
    """Whether a name (or a key, its bytes not UTF-8 kept as surrogates) is UTF-8."""
    try:
        (name if isinstance(name, str) else str(name)).encode("utf-8")
    except UnicodeError:
        return False
    return True


def _utf8_name(raw: bytes) -> str:
    return "/U-" + raw[1:].hex()


def _renamed_name(operand: pikepdf.Object) -> pikepdf.Object:
    if isinstance(operand, pikepdf.Name) and not _is_utf8(operand):
        return pikepdf.Name(_utf8_name(bytes(operand)))
    return operand
