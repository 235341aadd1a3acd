"""Pages whose drawn words a text reading may not give: read by eye in an edition that redacts.

An exhibit page's text layer is what pdfium reads out of its content, and it is searched for
the edition's redacted strings. Three constructs draw words that reading does not give, or
gives as other words — a red team built each to carry a name past the search:

- marked content with `/ActualText` (written in the content, or in the page's `/Properties`)
  around glyphs: a reader's software gives the replacement text instead of the glyphs drawn,
  so the glyphs may draw `Octavius Brand` while the text says `Mary Jones` (around a picture,
  as Google Docs marks an emoji, it hides no glyphs);
- a tiling pattern whose cell draws text: pdfium reads no text inside a pattern;
- a soft mask whose group draws text: the words show through what is painted with the mask,
  and pdfium does not read them.

Each such page, wherever in its resources (forms, patterns, masks, Type 3 glyphs) the
construct is, is read by OCR as one drawn with a font that gives no Unicode is
(`redact._read_by_eye`).
Ordinary producers also use `/ActualText` around glyphs for ligatures and hyphens, so some
pages are read that need not be: time, never a name left.
"""

from __future__ import annotations

import io

import pikepdf

from inquiry.pagehash_values import name_text

_MAX_DEPTH = 16
_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_SHOWING = (b"Tj", b"TJ", b"'", b'"')
Key = tuple[int, int, bool]


def unread_text_pages(pdf: bytes) -> set[int]:
    """The 0-based pages drawing words their text reading may not give (the module's note).
    A page that cannot be looked through (a content stream that does not parse, resources
    nested past `_MAX_DEPTH`) is counted: what is not known to be read is read by eye."""
    out: set[int] = set()
    own: dict[Key, bool] = {}  # each numbered stream's own content, judged once
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            try:
                if _hides(page, own):
                    out.add(index)
            except (pikepdf.PdfError, RecursionError, ValueError, TypeError):
                out.add(index)
    return out


def _hides(page: pikepdf.Page, own: dict[Key, bool]) -> bool:
    """Whether the page's content, or anything it draws however deep, hides words: every
    stream reached is looked at once for the page (a form drawing itself ends there)."""
    resources = page.obj.get("/Resources")
    if _own_hides(page, resources, inside=False):
        return True
    stack = [(child, res, inside, 1) for child, res, inside in _drawn(resources, False)]
    seen: set[Key] = set()
    while stack:
        stream, res, inside, depth = stack.pop()
        if depth > _MAX_DEPTH:
            return True
        key = (*stream.objgen, inside) if stream.is_indirect else None
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
            if key not in own:
                own[key] = _own_hides(stream, res, inside=inside)
            hides = own[key]
        else:
            hides = _own_hides(stream, res, inside=inside)
        if hides:
            return True
        stack += [(child, r, hid, depth + 1) for child, r, hid in _drawn(res, inside)]
    return False


def _drawn(resources: object, inside: bool) -> list[tuple[pikepdf.Stream, object, bool]]:
    """What `resources` lets a content stream draw that may hold text, each with its own
    resources and whether it is inside a pattern, a mask or a Type 3 glyph (where a reading
    finds no text at all)."""
    if not isinstance(resources, pikepdf.Dictionary):
        return []
    out: list[tuple[pikepdf.Stream, object, bool]] = []
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for form in xobjects.values():
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form":
                out.append((form, form.get("/Resources"), inside))
    patterns = resources.get("/Pattern")
    if isinstance(patterns, pikepdf.Dictionary):
        for pattern in patterns.values():
            if isinstance(pattern, pikepdf.Stream):  # a tiling pattern (a shading has no text)
                out.append((pattern, pattern.get("/Resources"), True))
    states = resources.get("/ExtGState")
    if isinstance(states, pikepdf.Dictionary):
        for state in states.values():
            mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
            group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
            if isinstance(group, pikepdf.Stream):
                out.append((group, group.get("/Resources"), True))
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/Type3":
                procs = font.get("/CharProcs")
                if isinstance(procs, pikepdf.Dictionary):
                    res = font.get("/Resources")
                    out += [(g, res, True) for g in procs.values() if isinstance(g, pikepdf.Stream)]
    return out


def _own_hides(holder: pikepdf.Page | pikepdf.Stream, resources: object, *, inside: bool) -> bool:
    """Whether `holder`'s own content shows glyphs a reading does not give: any at all
    `inside` a pattern, a mask or a Type 3 glyph; elsewhere, inside marked content whose
    `/ActualText` (in its operand, or in `resources`' `/Properties`) replaces them."""
    if isinstance(holder, pikepdf.Page):
        contents = holder.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        data = b"\n".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    else:
        data = holder.read_bytes()
    if inside:
        if not any(op in data for op in _SHOWING):
            return False
        return any(
            name_text(i.operator) in _SHOW
            for i in pikepdf.parse_content_stream(holder)
            if isinstance(i, pikepdf.ContentStreamInstruction)
        )
    replacing = _replacing(resources)
    # Cheap tests first: the key written out, one written with `#` escapes, or a named one.
    if b"BDC" not in data or not (b"ActualText" in data or b"#" in data or replacing):
        return False
    marked: list[bool] = []  # for each open marked content: whether it replaces its glyphs
    for instruction in pikepdf.parse_content_stream(holder):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operands, name = instruction.operands, name_text(instruction.operator)
        if name in ("BDC", "BMC"):
            props = operands[1] if name == "BDC" and len(operands) > 1 else None
            replaces = (isinstance(props, pikepdf.Dictionary) and "/ActualText" in props) or (
                isinstance(props, pikepdf.Name) and name_text(props) in replacing
            )
            marked.append(replaces or bool(marked and marked[-1]))
        elif name == "EMC":
            if marked:
                marked.pop()
        elif name in _SHOW and marked and marked[-1]:
            return True
    return False


def _replacing(resources: object) -> frozenset[str]:
    """The names of the `/Properties` entries holding `/ActualText` in `resources`."""
    properties = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(properties, pikepdf.Dictionary):
        return frozenset()
    return frozenset(
        str(k)
        for k, v in properties.items()
        if isinstance(v, pikepdf.Dictionary) and "/ActualText" in v
    )
