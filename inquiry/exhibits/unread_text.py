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

Each such page, wherever in its resources (forms, patterns, masks, however deep) the construct
is, is read by OCR as one drawn with a font that gives no Unicode is (`redact._read_by_eye`).
Ordinary producers also use `/ActualText` around glyphs for ligatures and hyphens, so some
pages are read that need not be: time, never a name left.
"""

from __future__ import annotations

import io
import re

import pikepdf

_MAX_DEPTH = 12
_TEXT = re.compile(rb"(?<![A-Za-z0-9_])BT(?![A-Za-z0-9_])")
_MARKS = re.compile(rb"(?<![A-Za-z0-9_])(BDC|BMC|EMC|Tj|TJ)(?![A-Za-z0-9_])|[)>]\s*['\"]")
"""Marked content's bounds and the text-showing operators (`'` and `"` after a string)."""


def _replaced_glyphs(data: bytes, names: frozenset[bytes] = frozenset()) -> bool:
    """Whether content `data` shows glyphs inside marked content whose `/ActualText` replaces
    them: written in the content, or named from `/Properties` (`names`)."""
    starts = [m.start() for m in re.finditer(rb"/ActualText", data)]
    for name in names:
        starts += [m.start() for m in re.finditer(rb"/" + re.escape(name) + rb"\s+BDC", data)]
    for start in starts:
        depth = 0
        for mark in _MARKS.finditer(data, start):
            op = mark.group(1)
            if op in (b"BDC", b"BMC"):
                depth += 1
            elif op == b"EMC":
                depth -= 1
                if depth <= 0:
                    break
            elif depth > 0:
                return True
    return False


def unread_text_pages(pdf: bytes) -> set[int]:
    """The 0-based pages drawing words their text reading may not give (the module's note)."""
    out: set[int] = set()
    verdicts: dict[tuple[int, int, bool], bool] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for index, page in enumerate(doc.pages):
            try:
                if _content_hides(page.obj) or _resources_hide(
                    page.obj.get("/Resources"), verdicts, 0, inside=False
                ):
                    out.add(index)
            except (pikepdf.PdfError, RecursionError, ValueError):
                out.add(index)  # what cannot be looked through is read by eye
    return out


def _content_hides(page: pikepdf.Object) -> bool:
    contents = page.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    return _replaced_glyphs(data, _replacing(page.get("/Resources")))


def _replacing(resources: object) -> frozenset[bytes]:
    """The names of the `/Properties` entries holding `/ActualText` in `resources`."""
    properties = resources.get("/Properties") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(properties, pikepdf.Dictionary):
        return frozenset()
    return frozenset(
        str(k)[1:].encode("latin-1", "replace")
        for k, v in properties.items()
        if isinstance(v, pikepdf.Dictionary) and "/ActualText" in v
    )


def _resources_hide(
    resources: object, verdicts: dict[tuple[int, int, bool], bool], depth: int, *, inside: bool
) -> bool:
    """Whether what `resources` holds hides words; `inside` a pattern or a mask, any text."""
    if not isinstance(resources, pikepdf.Dictionary) or depth > _MAX_DEPTH:
        return False
    drawn: list[tuple[pikepdf.Stream, bool]] = []
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        drawn += [
            (form, inside)
            for form in xobjects.values()
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form"
        ]
    patterns = resources.get("/Pattern")
    if isinstance(patterns, pikepdf.Dictionary):
        drawn += [
            (pattern, True)
            for pattern in patterns.values()
            if isinstance(pattern, pikepdf.Stream) and pattern.get("/PatternType") == 1
        ]
    states = resources.get("/ExtGState")
    if isinstance(states, pikepdf.Dictionary):
        for state in states.values():
            mask = state.get("/SMask") if isinstance(state, pikepdf.Dictionary) else None
            group = mask.get("/G") if isinstance(mask, pikepdf.Dictionary) else None
            if isinstance(group, pikepdf.Stream):
                drawn.append((group, True))
    return any(_stream_hides(s, verdicts, depth, inside=hid) for s, hid in drawn)


def _stream_hides(
    stream: pikepdf.Stream,
    verdicts: dict[tuple[int, int, bool], bool],
    depth: int,
    *,
    inside: bool,
) -> bool:
    """Whether a form, a pattern's cell or a mask's group hides words, itself or in what it
    draws (any text at all `inside` a pattern or a mask); each numbered one looked at once."""
    key = (*stream.objgen, inside) if stream.is_indirect else None
    if key is not None:
        if key in verdicts:
            return verdicts[key]
        verdicts[key] = False  # a form drawing itself adds nothing
    data = stream.read_bytes()
    found = (inside and _TEXT.search(data) is not None) or _replaced_glyphs(
        data, _replacing(stream.get("/Resources"))
    )
    found = found or _resources_hide(stream.get("/Resources"), verdicts, depth + 1, inside=inside)
    if key is not None:
        verdicts[key] = found
    return found
