"""The reference document's styles keep ECMA-376's order of properties (stop 30, red team
h92): Heading 4–6 gave `<w:i/>` after the sizes, the header style its border after its tab
stops, the draft label its border before its size. LibreOffice reads them anyway; the schema
(and Word, which drops a run property out of place) does not."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def _names(text: str) -> list[str]:
    return text.split()


RPR = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
PPR = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)


def _children(xml: str, tag: str) -> list[list[str]]:
    """The child element names of each `<w:tag>` (not nested in another of its kind)."""
    out = []
    for body in re.findall(rf"<w:{tag}>(.*?)</w:{tag}>", xml, re.S):
        depth, names = 0, []
        for closing, name, selfclosing in re.findall(r"<(/?)w:(\w+)[^>]*?(/?)>", body):
            if closing:
                depth -= 1
                continue
            if depth == 0:
                names.append(name)
            if not selfclosing:
                depth += 1
        out.append(names)
    return out


def test_every_style_keeps_the_schema_order() -> None:
    repo = Path(__file__).resolve().parents[1]
    with zipfile.ZipFile(repo / "templates/reference.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    for tag, order in (("rPr", RPR), ("pPr", PPR)):
        for names in _children(styles, tag):
            known = [n for n in names if n in order]
            assert known == sorted(known, key=order.index), (tag, names)
