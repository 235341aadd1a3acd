"""Redaction proved on what was built (issue 8): a public edition whose testimony redacts several
names, spelt in every way of the red team's 33 (emphasis splitting a name, entities, no-break and
escaped spaces, superscript, strikeout, zero-width and soft hyphens, decomposed accents, dash
ligatures, a hyphen at a line end, curly apostrophes, capitals…), and the same names on the
cover, in metadata, another item, a title, link targets, an exhibit's file name, its image
metadata and its own text — builds (exit 0), and none of them can be found anywhere in anything it
wrote, while the marks that stand in their place can. The restricted edition shows the names.

The search here is the test's own, deliberately blunter than the build's matcher: text is
decomposed, accents and every non-alphanumeric character (spaces, dashes, zero-width characters,
soft hyphens, punctuation, tags) dropped, case folded, percent-escapes decoded, and then the
names are looked for as runs of letters — so `Cor**nelius** Dunmore`, `Black-⏎wood` and
`Sebastian%20Quill` are all found if they survive.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import shutil
import subprocess
import unicodedata
import urllib.parse
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import write_tree
from PIL import Image, PngImagePlugin
from test_pdf import EPOCH, page_texts

from inquiry.build import build
from inquiry.scaffold import init

NAMES = [
    "Cornelius Dunmore",
    "Jeremiah Blackwood",
    "Anne-Marie Oyelaran",
    "Vivian Thackeray",
    "Sebastian Quill",
    "Rupert Pemberton",
    "Océane Fairweather",
    "Siobhan O'Sullivan",
    "Theodora Vance",
]
SURNAMES = ["dunmore", "blackwood", "oyelaran", "thackeray", "quill", "pemberton", "fairweather"]
GONE = ["TM-011", "RESTRICTEDONLYWORDS", "ST-011", "DRAFTONLYWORDS"]
"""What the restricted testimony and the draft statistic alone contain."""

# Each spelling sits between `Qnn` and `Znn`: in the bundle exactly one mark stands between them.
INLINE = [
    "Cor**nelius** Dunmore",
    "J&#101;remiah Blackwood",
    "Cornelius&nbsp;Dunmore",
    "Jeremiah\\ Blackwood",
    "Vivian ^Thackeray^",
    "~~Sebastian Quill~~",
    "Rupert\u200bPemberton",
    "Vivian Thack\u00aderay",
    "Oce\u0301ane Fairweather",
    "Anne--Marie Oyelaran",
    "Anne---Marie Oyelaran",
    "Jeremiah Black-\nwood",
    "Siobhan O\u2019Sullivan",
    "CORNELIUS DUNMORE",
    "rupert pemberton",
    "Anne Marie Oyelaran",
    "AnneMarie Oyelaran",
    "*Sebastian Quill*",
    "[Vivian Thackeray](https://example.org/people/vivian-thackeray)",
    "<https://example.org/search?q=Sebastian%20Quill>",
    "`Rupert Pemberton`",
    "\uff23\uff4f\uff52\uff4e\uff45\uff4c\uff49\uff55\uff53 Dunmore",
    "Jeremiah&#x20;Blackwood",
    "Océane Fairweather",
    "OCÉANE FAIRWEATHER",
    "Siobhan O'Sullivan",
    "Siobhan O\u2018Sullivan",
    "C&shy;ornelius Dunmore",
    "Cornelius Dun&#8203;more",
    "Vivian  Thackeray",
    "Anne\u2011Marie Oyelaran",
    "Cornelius\nDunmore",
    "Sebastian\u00a0Quill",
    "Cornelius\u2800Dunmore",
    "Viv\U000e0100ian Thackeray",
    "Sebas\U000e0041tian Quill",
    "Rupert\u3164Pemberton",
    "C\u043ernelius Dunm\u043ere",  # Cyrillic o: drawn as the Latin name
    "JEREMIAH BL\u0410CKW\u039f\u039fD",  # Cyrillic A, Greek capital Omicron
    "Vi\u03bdian Thackeray",  # Greek nu, drawn as a v
    "Rupert Pemberto\u03b7",  # Greek eta, drawn as an n
    "Sebastian Q\u03c5ill",  # Greek upsilon, drawn as a u
    "Jeremiah Blackwoo\u0501",  # Cyrillic komi de, drawn as a d
    "Sebastian Qu\u200aill",  # a hair space inside a word (stop 25)
    "Cornelius\u2009\u2022\u2009Dunmore",  # a bullet between the words
    "Vivian|Thackeray",
    "R.U.P.E.R.T. P.E.M.B.E.R.T.O.N",  # letters spaced with dots
    "S-E-B-A-S-T-I-A-N Q-U-I-L-L",
]
# A name touching a digit is still the name: the mark stands beside the digit (Q5n…Z5n).
ADJACENT = [
    ("Rupert Pemberton2", "[REDACTED]2"),
    ("Sebastian Quill\u00b9", "[REDACTED]\u00b9"),
    ("3Vivian Thackeray", "3[REDACTED]"),
    ("Cornelius Dunmore\u00b2\u2070", "[REDACTED]\u00b2\u2070"),
]
CODED = "Theodora\u00a0Vance"  # redacted with code GRO-B
STRUCTURAL = [
    "A footnote.^[Told to us by Theodora Vance.]",
    "> Quoted from Jeremiah Blackwood.",
    "- Anne-Marie Oyelaran, in a list\n- and another line",
    "# Vivian Thackeray as a heading",
]
AT_BLOCK_EDGES = [
    "| Who | Role |\n|---|---|\n| Rupert Pemberton | Manager |",
    "Said nothing\n\nRupert Pemberton spoke",
    "- first item\n- Rupert Pemberton",
]
"""Names that begin or end a block (a table cell, a paragraph, a list item) next to another
block's words: built on their own (see the test)."""


def markdown_paragraphs() -> list[str]:
    out = [f"Q{n:02d} {spelling} Z{n:02d}." for n, spelling in enumerate(INLINE, 1)]
    out += [f"Q{n:02d} {spelling} Z{n:02d}." for n, (spelling, _) in enumerate(ADJACENT, 51)]
    out.append(f"Q99 {CODED} Z99.")
    return out + STRUCTURAL


def exhibit_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Rupert Pemberton")
    info.add_itxt("Description", "A photograph by Vivian Thackeray")
    exif = Image.Exif()
    exif[0x013B] = "Cornelius Dunmore"  # Artist
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(buf, "PNG", pnginfo=info, exif=exif.tobytes())
    return buf.getvalue()


def exhibit_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Jeremiah Blackwood"  # Artist
    exif[0x010E] = "Taken for Siobhan O'Sullivan"  # ImageDescription
    buf = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(
        buf, "JPEG", exif=exif.tobytes(), comment=b"Sent by Sebastian Quill"
    )
    return buf.getvalue()


def exhibit_letter() -> bytes:
    """A born-digital letter naming two of the people, with its own metadata naming another."""
    pdf = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    lines = [
        "Dear colleague,",
        "Theodora Vance asked me to write about the targets.",
        "Sebastian Quill agreed that the figures were wrong.",
        "The service was measured by the wrong numbers.",
    ]
    ops = "BT /F1 14 Tf 60 760 Td 20 TL " + " ".join(f"({t}) Tj T*" for t in lines) + " ET"
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream(ops.encode()),
            )
        )
    )
    pdf.docinfo.Author = "Cornelius Dunmore"
    pdf.docinfo.Title = "Letter for Océane Fairweather"
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def make_submission(root: Path) -> Path:
    init(root)
    ev = root / "evidence"
    submission = ev / "submission.yaml"
    text = submission.read_text(encoding="utf-8")
    text = text.replace(
        "submitted_by: Example Coalition", "submitted_by: Example Coalition and Cornelius Dunmore"
    )
    text = text.replace(
        "inquiry: The inquiry this evidence is submitted to",
        "inquiry: The inquiry Rupert Pemberton called for",
    )
    text = text.replace(
        "question: Which alternative models of care should the inquiry examine?",
        "question: Which alternative models of care did Vivian Thackeray propose?",
    )
    text = text.replace(
        "  PI: Personal information of someone who is not a witness\n",
        "  PI: Personal information of someone who is not a witness\n"
        "  GRO-B: The identity of a witness\n",
    )
    submission.write_text(text, encoding="utf-8")
    redact = [json.dumps(n) for n in NAMES if n != "Theodora Vance"]
    redact.append('{text: "Theodora Vance", code: GRO-B}')
    write_tree(
        root,
        {
            "evidence/exhibits/Rupert Pemberton.png": exhibit_png(),
            "evidence/exhibits/photo.jpg": exhibit_jpeg(),
            "evidence/exhibits/letter.pdf": exhibit_letter(),
            "evidence/testimonies/TM-010.yaml": "\n".join(
                [
                    "id: TM-010",
                    "kind: testimony",
                    "title: What the team leader told us",
                    "date: 2025-04-10",
                    "lines_of_inquiry: [LOI-1]",
                    "summary: Names several colleagues, all of whom are redacted.",
                    "source: {title: Forum post, author: W-10, accessed: 2025-04-11}",
                    "witness: {reference: W-10, role: Team leader}",
                    "consent: {publication: public, basis: Published by the author on a forum}",
                    "paragraphs: " + json.dumps(markdown_paragraphs(), ensure_ascii=False),
                    "statement_of_truth: true",
                    "redact: [" + ", ".join(redact) + "]",
                    "exhibits:",
                    "  - {file: exhibits/letter.pdf, description: A letter from Theodora Vance}",
                    "  - {file: exhibits/Rupert Pemberton.png, description: A photograph}",
                    "  - {file: exhibits/photo.jpg, description: Another photograph}",
                    "",
                ]
            ),
            "evidence/testimonies/TM-011.yaml": """
            id: TM-011
            kind: testimony
            title: A restricted testimony naming Cornelius Dunmore
            date: 2025-03-02
            lines_of_inquiry: [LOI-2]
            summary: RESTRICTEDONLYWORDS, heard by the panel only.
            source: {title: Interview notes, author: Example Coalition, accessed: 2025-03-03}
            witness: {reference: W-11, role: Service user}
            consent: {publication: panel_only, basis: Written consent for the panel only}
            audience: restricted
            paragraphs: [RESTRICTEDONLYWORDS appear only in the restricted edition.]
            statement_of_truth: true
            redact: [Somebody Else]
            """,
            "evidence/statistics/ST-011.yaml": """
            id: ST-011
            kind: statistic
            title: A draft statistic
            date: 2024-05
            lines_of_inquiry: [LOI-1]
            summary: DRAFTONLYWORDS, not yet verified.
            source: {title: Draft table, publisher: Example Office, accessed: 2025-01-01}
            measure: Waiting list
            value: 42
            unit: people
            as_of: 2024-05-01
            geography: Example area
            status: draft
            """,
        },
    )
    replace = {
        "survey_findings/SF-001.yaml": [
            (
                "title: Example finding — replace with a finding from your survey",
                "title: What Jeremiah Blackwood's survey found",
            )
        ],
        "statistics/ST-001.yaml": [
            (
                "summary: An example statistic with a series, drawn as a chart in the bundle.",
                "summary: Figures collected by Rupert Pemberton, drawn as a chart.",
            )
        ],
        "policy_extracts/PE-001.yaml": [
            ("commentary: Why these words matter", "commentary: As Vivian Thackeray argued, why"),
            (
                "  accessed: 2025-07-01\ndocument:",
                "  url: https://example.org/search?q=Sebastian%20Quill\n"
                "  accessed: 2025-07-01\ndocument:",
            ),
        ],
        "testimonies/TM-001.yaml": [
            ("  author: W-01\n", "  author: W-01\n  url: https://example.org/people/vivian-thackeray\n")
        ],
    }  # fmt: skip
    for rel, pairs in replace.items():
        path = ev / rel
        content = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in content, (rel, old)
            content = content.replace(old, new)
        path.write_text(content, encoding="utf-8")
    return root


# --------------------------------------------------------------------------- searching


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FORMAT = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def fold(text: str, *, urls: bool = True) -> str:
    """Decomposed, accents dropped, case folded; with `urls`, the text percent-decoded too.
    (Regular expressions rather than a loop over characters: a decompressed image is large.)"""
    if urls and "%" in text:
        text = urllib.parse.unquote(text) + "\n" + text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def squash(text: str, *, urls: bool = True) -> str:
    return re.sub(r"[^0-9a-z]+", "", fold(text, urls=urls))


SQUASHED = {squash(n, urls=False): n for n in NAMES}


def found_in(text: str) -> list[str]:
    """The names (and the surnames, standing alone) found in `text`."""
    folded = fold(text)
    squashed = re.sub(r"[^0-9a-z]+", "", folded)
    hits = [name for key, name in SQUASHED.items() if key in squashed]
    words = set(re.findall(r"[0-9a-z]+", _FORMAT.sub("", folded)))
    hits += [s for s in SURNAMES if s in words]
    hits += [g for g in GONE if g.casefold() in folded]
    return hits


@dataclass
class Edition:
    out: Path
    written: list[Path]

    @property
    def pdf(self) -> Path:
        return self.out / "bundle.pdf"


def build_edition(root: Path, out: Path, cache: Path, **options: object) -> Edition:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        mp.setenv("INQUIRY_CACHE_DIR", str(cache))
        result = build(root, out=out, formats=("pdf", "docx", "html"), **options)  # type: ignore[arg-type]
    return Edition(out, list(result.written))


def _decode_pdf_string(raw: str) -> str:
    digits = re.sub(r"\s", "", raw)
    data = bytes.fromhex(digits + ("0" if len(digits) % 2 else ""))
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def pdf_places(pdf: Path, tmp: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a PDF holds that a reader or a tool could read."""
    for n, text in enumerate(page_texts(pdf), 1):
        yield f"pdftotext page {n}", text
    qdf = tmp / f"{pdf.stem}.qdf.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)],
        check=False,
        capture_output=True,
    )
    raw = qdf.read_bytes().decode("latin-1")
    yield "decompressed streams (qpdf --qdf)", raw
    yield (
        "hex strings",
        "\n".join(_decode_pdf_string(h) for h in re.findall(r"<([0-9a-fA-F\s]+)>", raw)),
    )
    with pikepdf.open(pdf) as doc:
        yield "Info", "\n".join(f"{k} {v}" for k, v in doc.docinfo.items())
        yield "XMP", str(doc.open_metadata())
        titles, uris = [], []
        with doc.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                titles.append(item.title)
                stack.extend(item.children)
        yield "bookmarks", "\n".join(titles)
        for page in doc.pages:
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                action = annot.get("/A")
                if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                    uris.append(str(action.URI))
                if "/Contents" in annot:
                    uris.append(str(annot.Contents))
        yield "link URIs", "\n".join(uris)
        alts = []
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary):
                alts += [str(obj[k]) for k in ("/Alt", "/ActualText", "/T", "/E") if k in obj]
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                yield f"image {obj.objgen[0]} (raw)", obj.read_raw_bytes().decode("latin-1")
        yield "structure text", "\n".join(alts)


def docx_places(docx: Path) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            yield f"{docx.name} part name {name}", name
            data = z.read(name)
            if name.startswith("word/media/"):
                yield f"{name} (bytes)", data.decode("latin-1")
                with Image.open(io.BytesIO(data)) as image:
                    yield f"{name} (info)", repr(image.info) + repr(dict(image.getexif()))
                continue
            xml = data.decode("utf-8", errors="replace")
            yield name, xml
            yield f"{name} (text)", html.unescape(re.sub(r"<[^>]+>", "", xml))


def places(edition: Edition, tmp: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(edition.out.rglob("*")):
        rel = path.relative_to(edition.out).as_posix()
        yield f"file name {rel}", rel
        if not path.is_file():
            continue
        if path.suffix == ".pdf":
            yield from ((f"{rel}: {w}", t) for w, t in pdf_places(path, tmp))
        elif path.suffix == ".docx":
            yield from docx_places(path)
        elif path.suffix in (".png", ".jpg", ".jpeg"):
            yield f"{rel} (bytes)", path.read_bytes().decode("latin-1")
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
            yield rel, text
            if path.suffix in (".html", ".json"):
                yield f"{rel} (unescaped)", html.unescape(re.sub(r"<[^>]+>", "", text))
            if path.suffix == ".json":
                yield f"{rel} (decoded)", json.dumps(json.loads(text), ensure_ascii=False)


# --------------------------------------------------------------------------- the editions

needs_tools = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("qpdf")), reason="needs poppler-utils, qpdf"
)


@pytest.fixture(scope="module")
def submission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_submission(tmp_path_factory.mktemp("redaction") / "submission")


@pytest.fixture(scope="module")
def public(
    submission: Path, tmp_path_factory: pytest.TempPathFactory, build_cache: Path
) -> Edition:
    return build_edition(submission, tmp_path_factory.mktemp("public") / "out", build_cache)


@pytest.fixture(scope="module")
def restricted(
    submission: Path, tmp_path_factory: pytest.TempPathFactory, build_cache: Path
) -> Edition:
    out = tmp_path_factory.mktemp("restricted") / "out"
    return build_edition(submission, out, build_cache, audience="restricted", ocr="never")


def test_the_submission_validates_cleanly(submission: Path) -> None:
    from inquiry.validate import validate

    report = validate(submission)[1]
    assert [p for p in report.problems if p.severity == "error"] == []


@needs_tools
def test_no_redacted_name_can_be_found_in_any_output(public: Edition, tmp_path: Path) -> None:
    names = {p.name for p in public.out.iterdir()}
    assert {"bundle.pdf", "bundle.docx", "manifest.json", "redactions.json"} <= names
    leaks = [(where, hit) for where, text in places(public, tmp_path) for hit in found_in(text)]
    assert leaks == [], "\n".join(f"{hit!r} in {where}" for where, hit in leaks[:30])


@needs_tools
def test_the_search_would_find_them(restricted: Edition, tmp_path: Path) -> None:
    """The same search over the restricted edition finds every name, in its outputs' every
    kind of place — so finding nothing in the public edition means something."""
    found: dict[str, set[str]] = {}
    for where, text in places(restricted, tmp_path):
        for hit in found_in(text):
            found.setdefault(hit, set()).add(where.split(" ")[0])
    assert set(NAMES) <= set(found), sorted(found)
    assert {"TM-011", "RESTRICTEDONLYWORDS"} <= set(found)
    assert "ST-011" not in found and "DRAFTONLYWORDS" not in found, "no drafts unless asked"
    assert any(w.startswith("bundle.pdf") for w in found["Cornelius Dunmore"])


@needs_tools
def test_every_spelling_is_replaced_by_exactly_one_mark(public: Edition) -> None:
    """Between `Qnn` and `Znn` the mark alone is left — except that a bare link's words may
    keep the rest of its address around the mark."""
    text = " ".join(" ".join(page_texts(public.pdf)).split())
    wrong = []
    for n, spelling in [*enumerate(INLINE, 1), (99, CODED)]:
        match = re.search(rf"Q{n:02d} (.*?) Z{n:02d}", text)
        assert match, f"Q{n:02d}…Z{n:02d} not found"
        mark = "[GRO-B]" if n == 99 else "[REDACTED]"
        shown = match[1]
        if spelling.startswith("<http"):
            ok = shown.count(mark) == 1 and not found_in(shown)
        else:
            ok = shown == mark
        if not ok:
            wrong.append(f"Q{n:02d} {spelling!r} shows {shown!r}")
    for n, (spelling, expected) in enumerate(ADJACENT, 51):
        match = re.search(rf"Q{n:02d} (.*?) Z{n:02d}", text)
        if match is None or match[1].replace(" ", "") != expected:
            wrong.append(f"Q{n:02d} {spelling!r} shows {match and match[1]!r}")
    assert wrong == [], "\n".join(wrong)


@needs_tools
def test_the_marks_are_visible_in_every_format(public: Edition) -> None:
    text = " ".join(page_texts(public.pdf))
    assert text.count("[REDACTED]") >= len(INLINE) and "[GRO-B]" in text
    cover = page_texts(public.pdf)[0]
    assert "Example Coalition and [REDACTED]" in " ".join(cover.split())
    with zipfile.ZipFile(public.out / "bundle.docx") as z:
        document = html.unescape(re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode()))
    assert document.count("[REDACTED]") >= len(INLINE) and "[GRO-B]" in document
    manifest = json.loads((public.out / "manifest.json").read_text(encoding="utf-8"))
    files = [e["file"] for i in manifest["items"] for e in i["exhibits"]]
    assert "exhibits/[REDACTED].png" in files
    titles = {i["id"]: i["title"] for i in manifest["items"]}
    assert titles["SF-001"] == "What [REDACTED]'s survey found"


@needs_tools
def test_the_schedule_lists_each_redaction_by_page_and_code(public: Edition) -> None:
    schedule = json.loads((public.out / "redactions.json").read_text(encoding="utf-8"))
    manifest = json.loads((public.out / "manifest.json").read_text(encoding="utf-8"))
    pages = {i["id"]: (i["first_page"], i["last_page"]) for i in manifest["items"]}
    assert {e["item"] for e in schedule} >= {"TM-010", "SF-001", "ST-001", "PE-001"}
    tm10 = [e for e in schedule if e["item"] == "TM-010" and e["exhibit"] is None]
    assert len(tm10) >= len(INLINE) + 1 + len(STRUCTURAL)
    assert any(e["code"] == "GRO-B" for e in tm10)
    letter = [e for e in schedule if e["item"] == "TM-010" and e["exhibit"] == 1]
    assert {e["code"] for e in letter} >= {"GRO-B"}, "the letter's own text was redacted"
    for entry in schedule:
        assert set(entry) == {"item", "exhibit", "page", "code"}
        first, last = pages[entry["item"]]
        assert first <= entry["page"] <= last, entry


@needs_tools
def test_the_restricted_edition_shows_the_names(restricted: Edition) -> None:
    text = " ".join(" ".join(page_texts(restricted.pdf)).split())
    assert "[REDACTED]" not in text and "[GRO-B]" not in text
    for n, spelling in enumerate(INLINE[:3], 1):
        assert re.search(rf"Q{n:02d} \S.* Z{n:02d}", text), spelling
    assert "Example Coalition and Cornelius Dunmore" in text
    assert not (restricted.out / "redactions.json").exists()


@needs_tools
def test_a_name_at_the_edge_of_a_block_is_redacted(tmp_path: Path, build_cache: Path) -> None:
    """A name that opens or closes a table cell, a paragraph or a list item, beside another
    block's words: the build exits 0 and the name is nowhere."""
    root = tmp_path / "edges"
    init(root)
    write_tree(
        root,
        {
            "evidence/testimonies/TM-012.yaml": "\n".join(
                [
                    "id: TM-012",
                    "kind: testimony",
                    "title: Names at the edges of blocks",
                    "date: 2025-04-10",
                    "lines_of_inquiry: [LOI-1]",
                    "summary: " + json.dumps("Nobody said anything\n\nRupert Pemberton did"),
                    "source: {title: Forum post, author: W-12, accessed: 2025-04-11}",
                    "witness: {reference: W-12, role: Team leader}",
                    "consent: {publication: public, basis: Published by the author on a forum}",
                    "paragraphs: " + json.dumps(AT_BLOCK_EDGES),
                    "statement_of_truth: true",
                    "redact: [Rupert Pemberton]",
                    "",
                ]
            )
        },
    )
    edition = build_edition(root, tmp_path / "out", build_cache, ocr="never")
    leaks = [(w, hit) for w, text in places(edition, tmp_path) for hit in found_in(text)]
    assert leaks == [], leaks[:10]
    assert " ".join(page_texts(edition.pdf)).count("[REDACTED]") == len(AT_BLOCK_EDGES) + 1


# --------------------------------------------------------------------------- the proof itself


def test_the_proof_catches_planted_leaks(public: Edition, tmp_path: Path) -> None:
    """`inquiry.proof.leaks` finds a name planted after the build in each kind of place."""
    from inquiry.proof import leaks
    from inquiry.redaction import Matcher

    matcher = Matcher.of(NAMES)
    shutil.copy(public.pdf, tmp_path / "bundle.pdf")
    shutil.copy(public.out / "bundle.docx", tmp_path / "bundle.docx")
    shutil.copy(public.out / "manifest.json", tmp_path / "manifest.json")
    written = ["bundle.pdf", "bundle.docx", "manifest.json"]
    assert leaks(tmp_path, written, matcher) == []
    assert leaks(tmp_path, written, matcher, pieces_checked=True) == []

    with pikepdf.open(tmp_path / "bundle.pdf", allow_overwriting_input=True) as pdf:
        pdf.docinfo.Keywords = "targets; Theodora Vance"
        pdf.save(tmp_path / "bundle.pdf")
    for checked in (False, True):
        found = leaks(tmp_path, ["bundle.pdf"], matcher, pieces_checked=checked)
        assert {f.string for f in found} == {"Theodora Vance"}, found
        assert all(f.file == "bundle.pdf" for f in found)

    with pikepdf.open(tmp_path / "bundle.pdf", allow_overwriting_input=True) as pdf:
        del pdf.docinfo["/Keywords"]
        annot = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=[0, 0, 10, 10],
                A=pikepdf.Dictionary(
                    S=pikepdf.Name.URI, URI="https://example.org/?who=Sebastian%20Quill"
                ),
            )
        )
        pdf.pages[0].obj.Annots = pikepdf.Array([*pdf.pages[0].obj.get("/Annots", []), annot])
        pdf.save(tmp_path / "bundle.pdf")
    for checked in (False, True):
        found = leaks(tmp_path, ["bundle.pdf"], matcher, pieces_checked=checked)
        assert {f.string for f in found} == {"Sebastian Quill"}, (checked, found)

    docx = tmp_path / "bundle.docx"
    with zipfile.ZipFile(public.out / "bundle.docx") as old, zipfile.ZipFile(docx, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = data.replace(b"</dc:title>", b" Cor</dc:title><x>nelius Dunmore</x>")
            new.writestr(item, data)
    found = leaks(tmp_path, ["bundle.docx"], matcher)
    assert {f.string for f in found} == {"Cornelius Dunmore"}, found

    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "exhibits/[REDACTED].png", "exhibits/Rupert\\u00a0Pemberton.png"
        ),
        encoding="utf-8",
    )
    found = leaks(tmp_path, ["manifest.json"], matcher)
    assert {f.string for f in found} == {"Rupert Pemberton"}, found


def test_a_leak_refuses_the_install_and_never_prints_the_name(
    submission: Path, tmp_path: Path, build_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renderer that let a name through (here: the PDF's author, put back after the views
    redacted it) is caught by the proof: exit 3, the old bundle left, the name not printed."""
    from click.testing import CliRunner

    import inquiry.render.pdf.outline as outline
    from inquiry.cli import main

    out = tmp_path / "out"
    out.mkdir()
    (out / "bundle.pdf").write_bytes(b"the old bundle")
    (out / "manifest.json").write_text('{"bundle": {}, "items": []}', encoding="utf-8")
    real = outline.metadata

    def leaky(front: Any) -> Any:
        return dataclasses.replace(real(front), author="Cornelius Dunmore")

    monkeypatch.setattr(outline, "metadata", leaky)
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--root",
            str(submission),
            "--out",
            str(out),
            "--format",
            "pdf",
            "--ocr",
            "never",
        ],
        env={"SOURCE_DATE_EPOCH": str(EPOCH), "INQUIRY_CACHE_DIR": str(build_cache)},
    )
    assert result.exit_code == 3, result.output
    assert "redacted string" in result.output
    assert "Cornelius" not in result.output and "Dunmore" not in result.output
    assert (out / "bundle.pdf").read_bytes() == b"the old bundle"
    assert sorted(p.name for p in out.iterdir()) == ["bundle.pdf", "manifest.json"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("https://example.org/?q=Sebastian%20Quill", True),
        ("https://example.org/?q=sebastian%20quill", True),
        ("https://example.org/?q=%53ebastian%2bQuill", True),  # lower-case escapes, `+` escaped
        ("https://example.org/?q=Sebastian+Quill", True),  # `+` is a gap the matcher reads
        ("40% of Sebastian people. Quill 100%", False),  # a per cent sign is no escape
    ],
)
def test_an_output_text_is_read_percent_decoded_when_it_holds_an_escape(
    text: str, found: bool, tmp_path: Path
) -> None:
    from inquiry.proof import file_leaks
    from inquiry.redaction import Matcher

    path = tmp_path / "out.txt"
    path.write_text(text, encoding="utf-8")
    leaks = file_leaks(path, "out.txt", Matcher.of(["Sebastian Quill"]))
    assert bool(leaks) is found, leaks


FILLER = (
    "Filler paragraph, long enough that a dozen of them push the statement onto a second page. "
    "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor "
    "invidunt ut labore et dolore magna aliquyam erat, sed diam voluptua."
)


@needs_tools
def test_the_schedule_puts_each_mark_on_its_own_page(tmp_path: Path, build_cache: Path) -> None:
    """A tab title that names a redacted place shows its mark in every page's running header
    and over the tab's first item: those marks are not the item's, and the item's own marks
    are scheduled on the pages they are drawn on, each code counted apart."""
    root = tmp_path / "pages"
    init(root)
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    text = text.replace(
        "{tab: B, title: Testimonies,", "{tab: B, title: Testimonies about Riverside Clinic,"
    )
    text = text.replace("  PI: Personal", "  TP: Third party\n  PI: Personal")
    submission.write_text(text, encoding="utf-8")
    paragraphs = ["I am Zoë Marchbanks and I worked at Riverside Clinic.", *[FILLER] * 14]
    paragraphs.append("The last paragraph names Zoë Marchbanks again.")
    write_tree(
        root,
        {
            "evidence/testimonies/TM-001.yaml": "\n".join(
                [
                    "id: TM-001",
                    "kind: testimony",
                    "title: Statement of a nurse",
                    "date: 2025-05",
                    "lines_of_inquiry: [LOI-1]",
                    "summary: Zoë Marchbanks describes the targets.",
                    "source: {title: Forum post, author: W-01, accessed: 2025-07-01}",
                    "witness: {reference: W-01, role: Nurse}",
                    "consent: {publication: public, basis: Published by the author on a forum}",
                    "redact: [Zoë Marchbanks, {text: Riverside Clinic, code: TP}]",
                    "paragraphs: " + json.dumps(paragraphs),
                    "statement_of_truth: true",
                    "",
                ]
            )
        },
    )
    edition = build_edition(root, tmp_path / "out", build_cache, ocr="never")
    manifest = json.loads((edition.out / "manifest.json").read_text(encoding="utf-8"))
    [item] = [i for i in manifest["items"] if i["id"] == "TM-001"]
    first, last = item["first_page"], item["last_page"]
    assert last > first, "the statement should run onto a second page"
    schedule = json.loads((edition.out / "redactions.json").read_text(encoding="utf-8"))
    marks = [(e["code"], e["page"]) for e in schedule if e["item"] == "TM-001"]
    assert marks == [(None, first), (None, first), ("TP", first), (None, last)]


@needs_tools
def test_a_number_grouped_with_plus_signs_is_redacted_in_every_format(
    tmp_path: Path, build_cache: Path
) -> None:
    """`943+476+5919` (a form's or a search address's way of writing `943 476 5919`): the
    matcher read `+` as a gap between words, not between a number's groups, so the PDF and an
    HTML-only build published it (the proof had caught it only while it decoded every text
    holding a per cent sign)."""
    root = tmp_path / "plus"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "  - The second paragraph." in text
    text = text.replace("  - The second paragraph.", "  - 'Patient 943+476+5919 waited.'")
    item.write_text(text + "redact:\n  - 943 476 5919\n", encoding="utf-8")
    edition = build_edition(root, tmp_path / "out", build_cache, ocr="never")
    pages = " ".join(page_texts(edition.pdf))
    assert "Patient [REDACTED] waited." in " ".join(pages.split())
    for path in sorted(edition.out.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json"):
            assert "5919" not in path.read_text(encoding="utf-8"), path
    with zipfile.ZipFile(edition.out / "bundle.docx") as docx:
        assert "5919" not in docx.read("word/document.xml").decode("utf-8")


@needs_tools
def test_the_schedule_counts_a_chart_drawing_a_redacted_measure_again(
    tmp_path: Path, build_cache: Path
) -> None:
    """A statistic's measure is drawn in its facts, its headline and again in its chart's
    title: the chart's marks were drawn but not counted, so a mark in the caveats, pages
    later, was scheduled on the first page. Each mark drawn is an entry on its page."""
    root = tmp_path / "chart"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8") + "redact:\n  - {text: Jane Secret, code: PI}\n",
        encoding="utf-8",
    )
    st = root / "evidence/statistics/ST-001.yaml"
    text = re.sub(
        r"(?m)^measure: .*$", "measure: Referrals received per Jane Secret", st.read_text()
    )
    filler = "Filler words to push the caveat onto a later page. " * 260
    text = re.sub(r"(?m)^caveats: .*$", f'caveats: "{filler}Last caveat names Jane Secret."', text)
    assert "series:" in text and "Jane Secret" in text
    st.write_text(text, encoding="utf-8")
    edition = build_edition(root, tmp_path / "out", build_cache, ocr="never")
    manifest = json.loads((edition.out / "manifest.json").read_text(encoding="utf-8"))
    [stat] = [i for i in manifest["items"] if i["id"] == "ST-001"]
    pages = page_texts(edition.pdf)
    drawn = [
        page
        for page in range(stat["first_page"], stat["last_page"] + 1)
        for _ in range(pages[page - 1].count("[PI]"))
    ]
    assert len(set(drawn)) > 1, "the caveat's mark should be pages after the others"
    schedule = json.loads((edition.out / "redactions.json").read_text(encoding="utf-8"))
    assert [e["page"] for e in schedule if e["item"] == "ST-001"] == drawn
