"""What in a Word package reaches outside it: relationships with `TargetMode="External"` (an
attached template, a mail-merge data source, a linked picture, OLE object, subdocument or frame)
and the mail merge in its settings. Word follows them when the document is opened, so a
reference document holding one would have every reviewer's Word fetch a file from a host the
reference document chose (a remote macro template, the reviewer's Windows credentials sent to
it). Validation refuses such a reference document (`template-external`, `outside_references`);
the DOCX writer strips whatever got past it (`stripped`), keeping only the hyperlinks the
evidence wrote, which Word follows only when clicked.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterable
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK = f"{R_NS}/hyperlink"
SETTINGS = "word/settings.xml"
# The parts pandoc writes from the evidence, whose hyperlinks are the evidence's links.
CONTENT = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")
# Settings that name a file outside the document, with or without a relationship.
OUTSIDE_SETTINGS = ("attachedTemplate", "mailMerge")
# Elements that mean nothing once the relationship they name is gone.
_NAMING = {
    f"{{{W_NS}}}{tag}"
    for tag in (
        *OUTSIDE_SETTINGS,
        *("subDoc", "dataSource", "headerSource", "src", "sourceFileName", "recipientData"),
    )
}
_SETTINGS_TAGS = frozenset(f"{{{W_NS}}}{t}" for t in OUTSIDE_SETTINGS)
_MAX_SHOWN = 200


def parse_xml(data: bytes) -> Any:
    """An XML part parsed with no entity resolved and nothing fetched."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def external(relationship: Any) -> bool:
    """Whether a relationship points outside the package (any mode but the default, Internal)."""
    mode = relationship.get("TargetMode")
    return mode is not None and mode.strip() != "Internal"


def _relationships(root: Any) -> list[Any]:
    return [e for e in root if etree.QName(e).localname == "Relationship"]


def source_of(rels: str) -> str:
    """The part a relationships part belongs to: `word/_rels/settings.xml.rels` →
    `word/settings.xml` (`_rels/.rels`, the package's own, → ``)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def shown(text: str) -> str:
    """A target as a message quotes it: printable, and not too long."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def outside_references(members: Iterable[tuple[str, bytes]]) -> list[tuple[str, str, str]]:
    """(part, what, target) of each reference outside the package of a Word document given as
    (name, bytes) members, whose XML parts are well-formed: every external relationship of
    every relationships part (what: its type, `attachedTemplate`) but the text's hyperlinks,
    and the mail merge of its settings (which names its data source in its own text too)."""
    found: list[tuple[str, str, str]] = []
    for name, data in members:
        if name.endswith(".rels"):
            for rel in _relationships(parse_xml(data)):
                if external(rel) and not _followed_on_click(rel, source_of(name)):
                    kind = str(rel.get("Type", "")).rstrip("/").rpartition("/")[2] or "link"
                    found.append((name, kind, shown(str(rel.get("Target", "")))))
        elif name == SETTINGS:
            for element in parse_xml(data).iter(f"{{{W_NS}}}mailMerge"):
                said = [str(v) for e in element.iter() for v in e.attrib.values()]
                found.append((name, "mailMerge", shown(" ".join(said))))
    return found


def _followed_on_click(relationship: Any, source: str) -> bool:
    """Whether an external relationship is a hyperlink of a part of the text, which Word
    follows only when it is clicked (pandoc's own reference document has two, to
    example.com; pandoc writes the text anew, leaving them out)."""
    return relationship.get("Type") == HYPERLINK and source in CONTENT


def stripped(data: bytes) -> dict[str, bytes]:
    """The parts of the DOCX package `data` rewritten so that nothing in it reaches outside
    it: every external relationship dropped but the hyperlinks of the parts written from the
    evidence, with each attribute naming one in its part (and an element that only names it,
    such as an attached template or a subdocument) and the settings' attached template and
    mail merge. Parts with nothing to strip are not given (the package stays as it was)."""
    out: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        dropped: dict[str, set[str]] = {}
        for name in sorted(n for n in names if n.endswith(".rels")):
            root = parse_xml(z.read(name))
            source = source_of(name)
            gone = {
                str(rel.get("Id"))
                for rel in _relationships(root)
                if external(rel) and not _followed_on_click(rel, source)
            }
            if not gone:
                continue
            for rel in _relationships(root):
                if str(rel.get("Id")) in gone:
                    root.remove(rel)
            out[name] = _xml(root)
            dropped[source] = gone
        for source in sorted(set(dropped) | {SETTINGS}):
            if source not in names or not source.endswith(".xml"):
                continue
            root = parse_xml(z.read(source))
            if _unnamed(root, dropped.get(source, set())):
                out[source] = _xml(root)
    return out


def _unnamed(root: Any, ids: set[str]) -> bool:
    """Remove from an XML part every attribute naming one of the relationships `ids`, the
    elements that only name one, and the settings that reach outside; whether any was."""
    changed = False
    doomed = []
    for element in root.iter():
        for key in [k for k in element.attrib if k.startswith(f"{{{R_NS}}}")]:
            if element.get(key) in ids:
                del element.attrib[key]
                changed = True
                if element.tag in _NAMING:
                    doomed.append(element)
        if element.tag in _SETTINGS_TAGS:
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
            changed = True
    return changed


def _xml(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
