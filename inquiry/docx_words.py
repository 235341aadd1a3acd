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

import html
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
        if _format_word(part, element, attribute, xml[tag : xml.find(">", found.end()) + 1]):
            continue
        yield html.unescape(value)


def _format_word(part: str, element: str, attribute: str, tag: str) -> bool:
    if attribute == "xmlns" or attribute.startswith("xmlns:") or attribute in THEME_ATTRIBUTES:
        return True
    if part.endswith(".rels") and element == "Relationship":
        return not (attribute == "Target" and 'TargetMode="External"' in tag)
    if element in FONT_ELEMENTS:
        return True
    return attribute == "w:val" and element in STYLE_REFERENCES


__all__ = ["reader_attributes"]
