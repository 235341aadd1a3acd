"""Words an exhibit holds but does not show: where redaction must reach beyond the page text.

A PDF carries text no reader sees on its pages and any tool can read out of the file: names in
font names, optional-content layer names, marked-content properties, private application data,
strings in dictionaries a viewer never shows. Sanitising drops the containers that exist only to
hold such data (XMP metadata, /PieceInfo). What is left is searched here for the edition's
redacted strings (`inquiry.pdfobjects`); where one is found, every resource the pages never
draw is dropped, a text string that names one shows its mark instead, a font name that holds one
is replaced by a neutral one (the font keeps working under any name), content streams lose their
comments, and binary streams have the name blanked where their format keeps text (a font's name
table, an ICC profile, a JPEG's comments: `inquiry.embedded`). Whatever still holds one
afterwards (bytes in a content stream that spell the name but are drawn as other glyphs)
refuses the exhibit rather than let the name into the bundle.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings

import pikepdf

from inquiry.content_strings import content_names
from inquiry.embedded import blank, cuts, span_text
from inquiry.exhibits.errors import ExhibitError
from inquiry.pagehash_values import name_text
from inquiry.pdf_names import OPERATORS
from inquiry.pdfobjects import (
    COMMENT,
    FILE_STRUCTURE,
    FONT_NAME_KEYS,
    IMAGE_CODECS,
    RESOURCE_KINDS,
    content_streams,
    filter_chain,
    font_kinds,
    font_name_text,
    named,
    object_texts,
    stream_texts,
    strings_in,
)
from inquiry.redaction import Matcher


def scrub(pdf: bytes, matcher: Matcher) -> bytes:
    """`pdf` with every redacted string gone from its objects' text and names; ExhibitError
    (`exhibit-redaction`) when one is still found in it. Searched first: most exhibits hold
    none, and are returned as they came."""
    if not matcher or not _found(pdf, matcher):
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            # A resource the page never draws (a form, a font) can only hide things. Content
            # qpdf cannot parse keeps its resources, and the search below still looks in them.
            with contextlib.suppress(pikepdf.PikepdfError):
                page.remove_unreferenced_resources()
        contents = content_streams(doc)
        fonts = font_kinds(doc)
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream):
                _fix(obj.stream_dict, matcher)
                if obj.objgen in contents:
                    _rewrite_content(obj, matcher)
                elif obj.get("/Type") not in FILE_STRUCTURE:
                    _blank_stream(obj, fonts.get(obj.objgen), matcher)
            else:
                _fix(obj, matcher)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        pdf = out.getvalue()
    where = _found(pdf, matcher)
    if where:
        raise ExhibitError(
            f"holds a redacted string where it cannot be removed ({where}); supply a copy "
            "without it, or redact that part by region",
            code="exhibit-redaction",
        )
    return pdf


def _found(pdf: bytes, matcher: Matcher) -> str | None:
    """Where in `pdf`'s objects a redacted string is first found, if anywhere. The texts are
    searched together (a NUL between them, which no match crosses), then one by one to say
    where: one search of many small texts costs more than the texts themselves."""
    texts = list(object_texts(pdf))
    if not matcher.search("\x00".join(text for _, text in texts)):
        return None
    return next((where for where, text in texts if matcher.search(text)), "its objects")


def _fix(container: pikepdf.Object, matcher: Matcher, depth: int = 0, within: str = "") -> None:
    """Replace, inside `container` (and the direct objects it holds), each string or name that
    holds a redacted string, and each such key (not a resource's: its content names it, and a
    page that does is drawn again from pixels). `within` is the key `container` is held by."""
    if within in _GLYPH_NAMES:
        return  # a font's glyph names: renamed, the glyph would vanish; found, it is refused
    if isinstance(container, pikepdf.Array):
        slots: list[tuple[int | str, str]] = [(i, "") for i in range(len(container))]
    elif isinstance(container, pikepdf.Dictionary):
        slots = [(str(key), str(key)) for key in container]
    else:
        return
    for slot, key in slots:
        value = container[slot]
        new = _replacement(value, matcher, key)
        if new is not None:
            container[slot] = value = new
        elif depth < 50 and _is_direct_container(value):
            _fix(value, matcher, depth + 1, key)
        if key and within not in RESOURCE_KINDS and _holds(pikepdf.Name(key), matcher):
            del container[key]
            container[str(_neutral(pikepdf.Name(key)))] = value


_GLYPH_NAMES = frozenset({"/Differences", "/CharProcs"})
"""Where a font names its glyphs: a glyph named after someone (a signature drawn as a glyph) is
not renamed, which would leave it undrawn in silence; the exhibit is refused instead."""


def _replacement(value: pikepdf.Object, matcher: Matcher, key: str) -> pikepdf.Object | None:
    """A text string's replacement (its redacted text), or a name's: a font's by a neutral one
    (the font program it names is embedded, or a viewer would not know the name anyway; the
    standard fonts, drawn by name, are never searched), any other that is not PDF's own word
    by a neutral one too (`/Signer /Jane_Doe`; the same name each time, so an appearance state
    and its key still agree). None to keep `value`."""
    if isinstance(value, pikepdf.String):
        text = str(value)
        return pikepdf.String(matcher.plain(text)) if matcher.search(text) else None
    if isinstance(value, pikepdf.Name) and key in FONT_NAME_KEYS:
        words = font_name_text(name_text(value))
        if not words or not matcher.search(words):
            return None
        digest = hashlib.sha256(words.encode("utf-8", "surrogateescape")).hexdigest()
        return pikepdf.Name("/Redacted-" + digest[:12])
    if isinstance(value, pikepdf.Name) and key not in _GLYPH_NAMES and _holds(value, matcher):
        return _neutral(value)
    return None


_PROPERTIES = frozenset({"BDC", "DP"})
"""The operators that carry a property list: marked content's `/ActualText`, `/Alt`, `/E`."""


def _rewrite_content(stream: pikepdf.Stream, matcher: Matcher) -> None:
    """A content stream whose comments or marked-content properties name a redacted string,
    written again without its comments (a comment is never drawn; qpdf's tokens leave them
    out) and with each such property's string showing its mark (red team h185: a figure's
    `/Alt`, an `/ActualText` over no glyphs). Strings the page draws are the page text's to
    redact."""
    try:
        data = stream.read_bytes()
    except pikepdf.PikepdfError:
        return
    comments = b" ".join(COMMENT.findall(data)).decode("latin-1") if b"%" in data else ""
    named = bool(matcher.search(comments))
    names = "\n".join(content_names(data))
    renaming = bool(names) and bool(matcher.search(names))
    if not (named or renaming) and not (b"<<" in data and (b"BDC" in data or b"DP" in data)):
        return
    with contextlib.suppress(pikepdf.PikepdfError), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # qpdf's complaints about a damaged stream
        ops = pikepdf.parse_content_stream(stream)
        dropped: set[int] = set()
        for n, op in enumerate(ops):
            if not isinstance(op, pikepdf.ContentStreamInstruction):
                continue  # an inline image: its names are keys or its resources'
            held = str(op.operator) in _PROPERTIES and len(op.operands) > 0
            if held and matcher.search("\n".join(strings_in(op.operands[-1]))):
                _fix(op.operands[-1], matcher)
                named = True
            if renaming:
                if str(op.operator) not in OPERATORS:  # `BX Jane Doe EX`: words, not drawing
                    dropped.add(n)
                    continue
                operands = _renamed(op, matcher)
                if operands is not None:
                    ops[n] = pikepdf.ContentStreamInstruction(operands, op.operator)
                    named = True
        if named or dropped:
            kept = [op for n, op in enumerate(ops) if n not in dropped]
            stream.write(pikepdf.unparse_content_stream(kept))


_RESOURCE_OPERANDS = {"Tf": 0, "Do": 0, "gs": 0, "sh": 0, "cs": 0, "CS": 0, "BDC": 1, "DP": 1}
"""Where an operator names a resource (its key in the resources is searched, and a page that
names a redacted string there is drawn again from pixels): that name is left as it is."""
_TAGS = frozenset({"BMC", "BDC", "MP", "DP"})


def _renamed(op: pikepdf.ContentStreamInstruction, matcher: Matcher) -> list[pikepdf.Object] | None:
    """`op`'s operands with each name that holds a redacted string replaced (a marked-content
    tag by `/Span`, any other by a neutral name), inside its property list too; None when none
    does. A resource's name is left (see `_RESOURCE_OPERANDS`), as is a pattern's (`scn`)."""
    operator = str(op.operator)
    kept = _RESOURCE_OPERANDS.get(operator)
    operands: list[pikepdf.Object] = list(op.operands)
    changed = False
    for n, operand in enumerate(operands):
        if isinstance(operand, pikepdf.Name):
            if n == kept or (operator in ("scn", "SCN") and n == len(operands) - 1):
                continue
            if _holds(operand, matcher):
                tag = operator in _TAGS and n == 0
                operands[n] = pikepdf.Name.Span if tag else _neutral(operand)
                changed = True
        elif isinstance(operand, pikepdf.Dictionary | pikepdf.Array):
            new = _renamed_inside(operand, matcher)
            if new is not None:
                operands[n], changed = new, True
    return operands if changed else None


def _renamed_inside(
    value: pikepdf.Object, matcher: Matcher, depth: int = 0
) -> pikepdf.Object | None:
    """A direct dictionary or array with each name (a dictionary's keys too) that holds a
    redacted string replaced by a neutral one; None when none does."""
    if depth > 50:
        return None
    changed = False
    if isinstance(value, pikepdf.Array):
        items: list[pikepdf.Object] = []
        for item in value:
            new = _renamed_value(item, matcher, depth)
            changed |= new is not None
            items.append(item if new is None else new)
        return pikepdf.Array(items) if changed else None
    if isinstance(value, pikepdf.Dictionary):
        entries: dict[str, pikepdf.Object] = {}
        for key in list(value.keys()):
            item = value[key]
            new = _renamed_value(item, matcher, depth)
            named_key = _holds(pikepdf.Name(key), matcher)
            changed |= new is not None or named_key
            entries[str(_neutral(pikepdf.Name(key))) if named_key else key] = (
                item if new is None else new
            )
        return pikepdf.Dictionary(entries) if changed else None
    return None


def _renamed_value(item: pikepdf.Object, matcher: Matcher, depth: int) -> pikepdf.Object | None:
    if isinstance(item, pikepdf.Name):
        return _neutral(item) if _holds(item, matcher) else None
    if isinstance(item, pikepdf.Dictionary | pikepdf.Array) and not item.is_indirect:
        return _renamed_inside(item, matcher, depth + 1)
    return None


def _holds(name: pikepdf.Name, matcher: Matcher) -> bool:
    """Whether a name that is not PDF's own word nor a program's label holds a redacted string."""
    return any(matcher.search(text) for text in named(name))


def _neutral(name: pikepdf.Name) -> pikepdf.Name:
    """A name that says nothing, the same for the same name (so references still agree)."""
    digest = hashlib.sha256(name_text(name).encode("utf-8", "surrogateescape")).hexdigest()
    return pikepdf.Name("/Redacted-" + digest[:12])


def _blank_stream(stream: pikepdf.Stream, font: str | None, matcher: Matcher) -> None:
    """Overwrite with spaces each redacted string found where the stream keeps text (a font's
    names, an ICC profile's descriptions, an image's comments): same length, so the font, the
    profile and the image still work."""
    found = stream_texts(stream, font)
    if found is None:
        return
    data, spans = found
    ranges = []
    for span in spans:
        hits = matcher.find(span_text(data, span))
        ranges += cuts(data, span, [(h.start, h.end) for h in hits])
    if not ranges:
        return
    data = blank(data, ranges)
    if stream.get("/Subtype") != pikepdf.Name.Image:
        stream.write(data)  # decoded: saving compresses it again
        return
    # An image was read with its general filters undone: it keeps only its own (DCT or JPX).
    kept = [(name, parms) for name, parms in filter_chain(stream) if name in IMAGE_CODECS]
    stream.write(
        data,
        filter=pikepdf.Array([pikepdf.Name(name) for name, _ in kept]),
        decode_parms=pikepdf.Array(
            [p if isinstance(p, pikepdf.Dictionary) else pikepdf.Dictionary() for _, p in kept]
        ),
    )


def _is_direct_container(value: pikepdf.Object) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


__all__ = ["scrub"]
