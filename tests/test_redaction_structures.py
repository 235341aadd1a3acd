"""A redacted name in a Markdown structure whose parts a reader reads on from one to the next
(red team, editions stop 2): next to a footnote's mark, in a definition list, over the lines of
a line block, the cells of a table row or two rows, two paragraphs, two footnotes. Every one of
these passed validation and then made a public build fail at its final proof (exit 3, naming no
item); each is now cut, every part of the name giving way to a mark, and the public build of
PDF, DOCX and HTML holds neither part of the name anywhere, read by pdfium and by pdftotext,
from the DOCX's XML, from the HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import write_tree

from inquiry.build import build
from inquiry.errors import InvalidEvidence
from inquiry.markdown import parse_many
from inquiry.redaction import Matcher
from inquiry.render.rich import everything, prepare, runs_across
from inquiry.scaffold import init

EPOCH = "1700000000"
NAME = "Agatha Thistlewood"
MARK = "[REDACTED]"

# (id, Markdown, marks the item shows): each part of the name read apart gets a mark.
CASES = [
    ("note-after", "Agatha Thistlewood[^1] said so.\n\n[^1]: A note.", 1),
    ("note-inside", "Agatha[^1] Thistlewood said so.\n\n[^1]: A note.", 1),
    ("note-before", "Said so.[^1]\n\n[^1]: By Agatha Thistlewood.", 1),
    ("note-lines", "Said so.[^1]\n\n[^1]: By Agatha\n    Thistlewood, in a note.", 1),
    ("two-notes", "One[^1] and two.[^2]\n\n[^1]: Said Agatha\n\n[^2]: Thistlewood said.", 2),
    ("definition", "Witness\n:   Agatha Thistlewood", 1),
    ("term", "Agatha Thistlewood\n:   The witness", 1),
    ("term-and-definition", "Agatha\n:   Thistlewood", 2),
    ("line-block", "| Agatha\n| Thistlewood", 2),
    ("line-block-indented", "| Told by Agatha\n|     Thistlewood, in a poem", 2),
    ("table-row", "| First | Last |\n|---|---|\n| Agatha | Thistlewood |", 2),
    ("table-header", "| Agatha | Thistlewood |\n|---|---|\n| a | b |", 2),
    ("table-rows", "| Name |\n|---|\n| Agatha |\n| Thistlewood |", 2),
    ("paragraphs", "Told by Agatha\n\nThistlewood, later.", 2),
    ("list-items", "- Agatha\n- Thistlewood", 2),
    ("code-block", "Told by Agatha\n\n    Thistlewood", 2),
    ("percent-escaped", "Agatha%20Thistlewood said so.", 1),
]
IDS = [case[0] for case in CASES]


def prepared(markdown: str) -> tuple[str, int]:
    """The field prepared for the public edition: its blocks as JSON, and how many marks."""
    [blocks] = parse_many([markdown])
    cleaned, outcome = prepare(blocks, Matcher.of([NAME]))
    text = json.dumps(cleaned, ensure_ascii=False)
    assert text.count(MARK) == len(outcome.marks)
    return text, len(outcome.marks)


@pytest.mark.parametrize(("case", "markdown", "marks"), CASES, ids=IDS)
def test_the_field_loses_every_part_of_the_name(case: str, markdown: str, marks: int) -> None:
    text, made = prepared(markdown)
    assert "Agatha" not in text and "Thistlewood" not in text, text
    assert made == marks, text


@pytest.mark.parametrize(("case", "markdown", "marks"), CASES, ids=IDS)
def test_the_quick_search_reads_the_parts_apart(case: str, markdown: str, marks: int) -> None:
    """The search that decides whether a field needs the careful pass reads a footnote and the
    parts of a definition apart from the words beside them, as a reader does."""
    [blocks] = parse_many([markdown])
    assert Matcher.of([NAME]).search(everything(blocks)), everything(blocks)


def test_the_quick_search_keeps_words_apart_that_are_apart() -> None:
    """A note's text, a definition's term or a link's target read on its own line, never glued
    to the word beside it, and a note's text never put between the words around its mark."""
    [blocks] = parse_many(
        [
            "Agatha[^1] Thistlewood met Ann[x](https://e.org/Smith).\n\nWitness\n:   Zed\n\n"
            "[^1]: A note."
        ]
    )
    text = everything(blocks)
    assert "Agatha  Thistlewood" in text
    assert "Annx" in text and "WitnessZed" not in text and "Witness\nZed" in text
    assert "\nA note." in text and "\nhttps://e.org/Smith" in text


def test_a_name_split_between_two_fields_is_seen() -> None:
    """Two paragraphs of a testimony are two fields, each redacted on its own; `runs_across`
    finds a name that only the pair holds (the HTML and DOCX read one into the next)."""
    matcher = Matcher.of([NAME])
    [said, name_after, other, note_end, note_start] = [
        prepare(b, matcher)[0]
        for b in parse_many(
            [
                "It was told to Agatha",
                "Thistlewood said so.",
                "Nobody said so.",
                "One.[^1]\n\n[^1]: Told to Agatha",
                "Two.[^1]\n\n[^1]: Thistlewood said so.",
            ]
        )
    ]
    assert runs_across(said, name_after, matcher)
    assert runs_across(note_end, name_after, matcher)
    assert runs_across(note_end, note_start, matcher)
    assert not runs_across(said, other, matcher)
    assert not runs_across(name_after, said, matcher)
    assert not runs_across(said, name_after, Matcher.of(()))


# ----------------------------------------------------------------------------- built


def item_yaml(n: int, paragraph: str) -> str:
    return "\n".join(
        [
            f"id: TM-{n:03d}",
            "kind: testimony",
            f"title: Structure {n}",
            "date: 2025-05",
            "lines_of_inquiry: [LOI-1]",
            "summary: A testimony.",
            f"source: {{title: Forum, author: W-{n:02d}, accessed: 2025-07-01}}",
            f"witness: {{reference: W-{n:02d}, role: Therapist}}",
            "consent: {publication: public, basis: Published by the author on a public forum}",
            "paragraphs: " + json.dumps([paragraph]),
            "statement_of_truth: false",
            f"redact: [{NAME}]",
            "",
        ]
    )


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Path:
    """Every case as a testimony of its own (TM-001…, numbered B1… in that order), built in the
    public edition as PDF, DOCX and HTML; the output folder."""
    root = tmp_path_factory.mktemp("structures") / "repo"
    init(root)
    (root / "evidence" / "testimonies" / "TM-001.yaml").unlink()
    write_tree(
        root,
        {
            f"evidence/testimonies/TM-{n:03d}.yaml": item_yaml(n, markdown)
            for n, (_, markdown, _) in enumerate(CASES, 1)
        },
    )
    out = root / "build"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("INQUIRY_CACHE_DIR", str(build_cache))
        build(root, out=out, formats=("pdf", "docx", "html"))
    return out


def folded(text: str) -> str:
    """Accents gone, case folded, every non-letter dropped: the parts of the name are found
    however they were joined or split."""
    text = unicodedata.normalize("NFKD", html.unescape(text))
    return re.sub(
        r"[^a-z]+", "", "".join(c for c in text if not unicodedata.combining(c)).casefold()
    )


def assert_nameless(where: str, text: str) -> None:
    squashed = folded(text)
    assert "agatha" not in squashed and "thistlewood" not in squashed, where


def pdfium_pages(pdf: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        out = []
        for page in document:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return out
    finally:
        document.close()


def item_pages(out: Path) -> dict[str, tuple[int, int]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {i["id"]: (i["first_page"], i["last_page"]) for i in manifest["items"]}


def test_the_public_build_holds_no_part_of_the_name(edition: Path) -> None:
    pages = pdfium_pages(edition / "bundle.pdf")
    for n, text in enumerate(pages, 1):
        assert_nameless(f"pdfium page {n}", text)
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", str(edition / "bundle.pdf"), "-"], capture_output=True, check=True
        )
        assert_nameless("pdftotext", done.stdout.decode("utf-8"))
    with zipfile.ZipFile(edition / "bundle.docx") as docx:
        for part in docx.namelist():
            if part.endswith((".xml", ".rels")):
                assert_nameless(part, docx.read(part).decode("utf-8"))
    pages_html = sorted((edition / "html").rglob("*.html"))
    assert len(pages_html) > len(CASES)
    for page in pages_html:
        assert_nameless(page.name, page.read_text(encoding="utf-8"))
    for name in ("manifest.json", "redactions.json"):
        assert_nameless(name, (edition / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("n", "case", "marks"), [(n, c, m) for n, (c, _, m) in enumerate(CASES, 1)], ids=IDS
)
def test_each_part_is_marked_in_every_format(edition: Path, n: int, case: str, marks: int) -> None:
    item = f"TM-{n:03d}"
    first, last = item_pages(edition)[item]
    pages = pdfium_pages(edition / "bundle.pdf")[first - 1 : last]
    assert sum(p.count(MARK) for p in pages) == marks, pages
    [page] = (edition / "html" / "items").glob(f"B{n}-{item}.html")
    assert page.read_text(encoding="utf-8").count(MARK) == marks
    schedule = json.loads((edition / "redactions.json").read_text(encoding="utf-8"))
    assert [r["page"] for r in schedule if r["item"] == item] == [first] * marks


def test_the_docx_shows_every_mark(edition: Path) -> None:
    with zipfile.ZipFile(edition / "bundle.docx") as docx:
        text = "".join(
            re.sub(r"<[^>]+>", "", docx.read(part).decode("utf-8"))
            for part in ("word/document.xml", "word/footnotes.xml")
        )
    assert text.count(MARK) == sum(marks for _, _, marks in CASES)


# ----------------------------------------------------------------------------- two fields


def test_a_name_split_between_two_paragraphs_is_refused_at_the_paragraph(
    tmp_path: Path, build_cache: Path
) -> None:
    """No field's redaction can cut a name that two paragraphs of a testimony only hold
    together, but the HTML reads one paragraph on into the next: the build is refused with a
    problem at the second paragraph's line that names the first's, never a bare exit 3."""
    root = tmp_path / "repo"
    init(root)
    text = item_yaml(1, "placeholder").replace(
        'paragraphs: ["placeholder"]',
        'paragraphs:\n  - "It was told to Agatha"\n  - "Thistlewood said so."',
    )
    write_tree(root, {"evidence/testimonies/TM-001.yaml": text})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("INQUIRY_CACHE_DIR", str(build_cache))
        with pytest.raises(InvalidEvidence) as refused:
            build(root, out=root / "build", formats=("pdf", "docx", "html"))
    [problem] = refused.value.report.problems
    assert (problem.file, problem.line, problem.code) == (
        "evidence/testimonies/TM-001.yaml",
        12,
        "redact-across-fields",
    )
    assert "line 11" in problem.message and NAME not in problem.message
    assert not (root / "build" / "bundle.pdf").exists()
