"""Which attributes of a DOCX package are the format's own words, not text of the bundle.

The output proof (`inquiry.proof`) reads every attribute of every part of the DOCX, since a
name could hide in one (a link's address, a bookmark, a picture's description). Some are the
words of the format and of the reference document, the same in every bundle and never from the
evidence: namespaces, content types and part names, relationship types and internal targets,
font and theme names, style names. A witness called Main, Styles, Light or Calibri would
otherwise refuse every DOCX. What the evidence can reach stays read: an external link's
target, bookmark names, languages, alternate text, every element's text.
"""

from __future__ import annotations

import functools
import html
import io
import re
from collections.abc import Iterator

_ATTRIBUTE = re.compile(r'([^\s=<>"/]+)\s*=\s*"([^"]*)"')
_NAME = re.compile(r"<([A-Za-z_][\w:.-]*)")

FONT_ELEMENTS = frozenset(
    {
        "w:rFonts", "w:font", "w:altName", "w:panose1", "w:charset", "w:family", "w:pitch",
        "w:sig", "a:latin", "a:ea", "a:cs", "a:sym", "a:font", "a:theme", "a:clrScheme",
        "a:fontScheme", "a:fmtScheme", "w:latentStyles", "w:lsdException",
        "w:clrSchemeMapping", "w:compatSetting",
    }
)  # fmt: skip
"""Elements whose every attribute names a font, a theme, a colour of the theme, a built-in style
or a compatibility setting."""

STYLE_REFERENCES = frozenset(
    {
        "w:name", "w:basedOn", "w:next", "w:link", "w:pStyle", "w:rStyle", "w:tblStyle",
        "w:numStyleLink", "w:styleLink", "w:aliases", "w:uiPriority",
    }
)  # fmt: skip
"""Elements whose value (`w:val`) names a style: the reference document's and ours."""

THEME_ATTRIBUTES = frozenset(
    {
        "w:themeColor", "w:themeFill", "w:themeShade", "w:themeTint", "w:themeFillTint",
        "w:themeFillShade", "w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme",
        "w:styleId", "mc:Ignorable",
    }
)  # fmt: skip


@functools.cache
def known_words() -> frozenset[str]:
    """Every attribute value of the reference document inquiry ships (made from pandoc's own,
    so pandoc's styles are in it: `render/docx/reference.py`): the font, theme and style names
    a bundle's DOCX holds when its template adds none. A name a coalition's own template gives
    a style, a font or a theme is not among them, and is read (a template could name a
    witness)."""
    import zipfile
    from importlib import resources

    package = resources.files("inquiry").joinpath("data", "reference.docx").read_bytes()
    out: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                text = z.read(name).decode("utf-8", errors="replace")
                out.update(html.unescape(v) for _, v in _ATTRIBUTE.findall(text))
    return frozenset(out)


def reader_attributes(part: str, xml: str) -> Iterator[str]:
    """Each attribute value of a DOCX part that is not the format's own words, decoded. Every
    attribute is read but those known by their element to be the format's: one whose element
    cannot be told is read too."""
    if part == "[Content_Types].xml":
        return  # content types and part names only
    for found in _ATTRIBUTE.finditer(xml):
        attribute, value = found.groups()
        tag = xml.rfind("<", 0, found.start())
        named = _NAME.match(xml, tag) if tag >= 0 else None
        element = named.group(1) if named is not None else ""
        if _format_word(part, element, attribute, xml[tag : xml.find(">", found.end()) + 1], value):
            continue
        yield html.unescape(value)


def _format_word(part: str, element: str, attribute: str, tag: str, value: str) -> bool:
    if attribute == "xmlns" or attribute.startswith("xmlns:"):
        return True
    if part.endswith(".rels") and element == "Relationship":
        return not (attribute == "Target" and 'TargetMode="External"' in tag)
    named = (
        attribute in THEME_ATTRIBUTES
        or element in FONT_ELEMENTS
        or (attribute == "w:val" and element in STYLE_REFERENCES)
    )
    # A name the shipped reference document (or pandoc's) holds; a template's own is read.
    return named and html.unescape(value) in known_words()


__all__ = ["reader_attributes"]
