"""A coalition's own `templates/reference.docx` carrying a redacted name where the proof's
reading of a DOCX did not look (red team h184): an XML comment, a processing instruction or a
CDATA section (read as tags), a part saved as UTF-16 (read as UTF-8 noise), and files its parts
point to that are not PNG or JPEG (a GIF comment, an EMF's UTF-16 text, an SVG, a text file), or
a PNG's ICC profile name and private chunk. pandoc and python-docx copy those into the bundle;
each reached bundle.docx with exit 0. Now the proof reads them, and such a build is refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from test_pdf import build_pdf

from inquiry.errors import InvalidEvidence
from inquiry.imagetexts import png_texts
from inquiry.proof import docx_texts
from inquiry.redaction import Entry, Matcher

NAMES = {
    "comment": "Quentin Marchbanks",
    "instruction": "Desmond Achterberg",
    "cdata": "Aurelio Pemberton",
    "utf16": "Griselda Tomkins",
    "gif": "Ottoline Varga",
    "emf": "Octavia Brennan",
    "svg": "Hortensia Blaine",
    "text": "Thaddeus Orwell",
    "icc": "Leopold Grimsby",
    "private": "Winifred Calloway",
}


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png() -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    icc = _chunk(b"iCCP", NAMES["icc"].encode() + b"\0\0" + zlib.compress(b"profile"))
    private = _chunk(b"prVt", NAMES["private"].encode())
    pixels = _chunk(b"IDAT", zlib.compress(b"\0\0"))
    return b"\x89PNG\r\n\x1a\n" + header + icc + private + pixels + _chunk(b"IEND", b"")


def _package() -> dict[str, bytes]:
    return {
        "word/theme/theme1.xml": (
            f'<?xml version="1.0"?><a:theme name="Office"><!-- {NAMES["comment"]} -->'
            f"<?mso-x {NAMES['instruction']}?></a:theme>"
        ).encode(),
        "word/webSettings.xml": (
            f"<w:webSettings><![CDATA[{NAMES['cdata']}]]></w:webSettings>"
        ).encode(),
        "word/fontTable.xml": (
            f'<?xml version="1.0" encoding="UTF-16"?><w:fonts><w:font w:name="{NAMES["utf16"]}"/>'
            "</w:fonts>"
        ).encode("utf-16"),
        "word/media/logo.gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00\x21\xfe\x0e"
        + NAMES["gif"].encode()
        + b"\x00\x3b",
        "word/media/logo.emf": b"\x01\x00\x00\x00" + bytes(60) + NAMES["emf"].encode("utf-16-le"),
        "word/media/bullet.svg": f"<svg><text>{NAMES['svg']}</text></svg>".encode(),
        "word/media/notes.txt": NAMES["text"].encode() + b"\n",
        "word/media/bullet.png": _png(),
    }


def _docx(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("where", sorted(NAMES))
def test_the_proof_reads_every_place(where: str) -> None:
    matcher = Matcher.of([Entry(NAMES[where])])
    texts = list(docx_texts(_docx(_package())))
    assert any(matcher.search(text) for _, text in texts), where


def test_a_pngs_profile_name_and_private_chunk_are_read() -> None:
    found = "\n".join(text for _, text in png_texts(_png()))
    assert NAMES["icc"] in found and NAMES["private"] in found


def test_a_build_with_such_a_template_is_refused(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    template = sample / "templates/reference.docx"
    with zipfile.ZipFile(template) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    theme = parts["word/theme/theme1.xml"].decode("utf-8")
    at = theme.index(">", theme.index("<a:theme")) + 1
    parts["word/theme/theme1.xml"] = (
        theme[:at] + "<!-- made by Jane Placeholder -->" + theme[at:]
    ).encode("utf-8")
    template.write_bytes(_docx(parts))
    # Refused at validation since stop 46 (`redact-own-wording`, naming the part), before the
    # last search of bundle.docx (`docx_texts`, above) that refused it at stop 45.
    with pytest.raises(InvalidEvidence) as refused:
        build_pdf(sample, tmp_path / "out", cache=build_cache, formats=("pdf", "docx"))
    [problem] = [p for p in refused.value.report.problems if p.code == "redact-own-wording"]
    assert "word/theme/theme1.xml" in problem.message
    assert not (tmp_path / "out/bundle.docx").exists()
