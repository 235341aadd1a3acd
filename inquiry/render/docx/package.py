"""The DOCX package: its core properties, its zip rewritten reproducibly, and its every text.

python-docx stamps every zip entry with the wall clock and keeps whatever order its parts came in,
so two builds of the same evidence would differ. Rewriting the container with the build's epoch,
a fixed entry order and fixed compression makes `bundle.docx` depend on its sources alone. The core
properties are written whole, from the front matter's view (already redacted) and the epoch:
nothing of the machine that built it (no last-modified-by, no clock); the extended properties name
inquiry as the application and claim no statistics.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from xml.sax.saxutils import escape

from inquiry.render.nodes import FrontView

_DOS_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# Word and LibreOffice read the content types first; the rest follow in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_TAG = re.compile(r"<[^>]+>")
_ATTR = re.compile(r'="([^"]*)"')
CORE = "docProps/core.xml"
APP = "docProps/app.xml"
APPLICATION = "inquiry"


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """The zip timestamp for `epoch` (UTC): DOS time cannot go before 1980 or after 2107."""
    when = max(dt.datetime.fromtimestamp(epoch, dt.UTC), _DOS_EPOCH)
    when = min(when, dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name), "") if name in _FIRST else (len(_FIRST), name)


def normalize(data: bytes, *, epoch: int, replace: Mapping[str, bytes] | None = None) -> bytes:
    """`data` (a zip) with every entry's time, order, attributes and compression fixed, and the
    parts in `replace` given new contents."""
    replace = replace or {}
    stamp = zip_time(epoch)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in sorted(src.namelist(), key=_order):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, replace.get(name, src.read(name)), compresslevel=6)
    return out.getvalue()


def core_xml(front: FrontView, *, epoch: int) -> bytes:
    """The core properties: title, author, subject, keywords, language and the build's date."""
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [
        ("dc:title", front.title),
        ("dc:subject", front.subject),
        ("dc:creator", front.author),
        ("cp:keywords", front.keywords),
        ("dc:language", front.language),
    ]
    body = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in fields)
    dates = "".join(
        f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{when}</dcterms:{tag}>'
        for tag in ("created", "modified")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}{dates}<cp:revision>1</cp:revision></cp:coreProperties>"
    ).encode()


def app_xml() -> bytes:
    """The extended properties: the application that wrote the package, and no document
    protection. pandoc's template claims Word 12 wrote it, with its own page, word and editing
    time counts; the statistics only a word processor's layout knows are left out (all are
    optional), so no reader is shown numbers that describe another document."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes"><Application>{APPLICATION}</Application>'
        "<DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def package_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Every text a DOCX package holds, by part: each XML part's text (tags removed, entities
    decoded, runs joined as Word shows them), its attribute values (relationship targets,
    pictures' descriptions, bookmark names, field codes), and the names of its parts. Pictures
    are listed by name only: their metadata is the image checker's to read."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        yield "[zip entries]", "\n".join(names)
        for name in names:
            if not name.endswith((".xml", ".rels")):
                continue
            xml = z.read(name).decode("utf-8", errors="replace")
            # Paragraph and line ends become line ends; runs join with nothing between them.
            spaced = re.sub(r"</w:p>|<w:br\b[^>]*>|<w:tab\b[^>]*>", "\n", xml)
            yield name, html.unescape(_TAG.sub("", spaced))
            yield f"{name} (attributes)", "\n".join(html.unescape(a) for a in _ATTR.findall(xml))
