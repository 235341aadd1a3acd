"""Ordered lists show the same labels in the PDF, the DOCX and the HTML (stop 29).

The HTML was made to show the PDF's labels (test_html_list_labels_s29.py); two defects stayed
outside it. In the PDF, a list numbered `1.` (or `#.`) inside another list took that list's
numbering and start: pandoc's typst writer writes it as bare `+` items, which inherit the
enclosing `#set enum(numbering: "(a)", start: 3)`, so `1.` under `(c)` printed `(c)`, `(d)`. In
the DOCX, pandoc's writer gave every example list of the document one Word list written `(%1)`,
so `@.` showed `(4)` where the PDF shows `4.` and a testimony paragraph's `(@)` went on from the
summary's count, and it wrote a nested `#.` list `a.`. Each format's labels are read from the
built file: the PDF's text, Word's numbering worked out from numbering.xml and document.xml as
Word counts, and the DOCX as LibreOffice prints it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from test_html_list_labels_s29 import LISTS, OTHER_FIELD, SHOWN, html_labels, page, pdf_labels

from inquiry.cli import main
from inquiry.scaffold import init

NESTED = """
Text.

(c) nestouter
    1. nestone
    2. nesttwo

    > #. nestquoted
(d) nestnext
    #. nesthash
        a. nestdeeper

Text.

1. hashparent
    #. hashchild
    #. hashchildtwo

Text.

(@) exampleagain
"""
NESTED_SHOWN = {
    "nestouter": "(c)", "nestone": "1.", "nesttwo": "2.", "nestquoted": "1.",
    "nestnext": "(d)", "nesthash": "1.", "nestdeeper": "a.", "hashparent": "1.",
    "hashchild": "1.", "hashchildtwo": "2.", "exampleagain": "(6)",
}  # fmt: skip
"""The nested lists' labels, as the HTML shows them and as written; `(@)` counts on from the
summary's five example items (each field counts its own)."""
EXPECTED = SHOWN | NESTED_SHOWN
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDF, DOCX and HTML editions of a new submission whose testimony's summary holds a
    list of every style, delimiter and start and lists inside lists, and one of whose numbered
    paragraphs holds an example list of its own."""
    root = tmp_path_factory.mktemp("lists") / "submission"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = "summary: |\n" + textwrap.indent(LISTS + NESTED, "  ")
    text = re.sub(r"(?m)^summary: .*$", lambda _: summary.rstrip("\n"), text)
    text = text.replace("  - The second paragraph.", f"  - {json.dumps(OTHER_FIELD)}")
    item.write_text(text, encoding="utf-8")
    out = root / "out"
    formats = ["--format", "pdf", "--format", "docx", "--format", "html"]
    args = ["build", "--root", str(root), "--out", str(out), *formats, "--no-cache"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_the_pdf_numbers_a_list_inside_a_list_as_written(built: Path) -> None:
    """`1.` and `#.` under `(c)` are 1., 2. in the PDF, as in the HTML."""
    pdf = pdf_labels(built / "bundle.pdf")
    assert {word: pdf.get(word) for word in EXPECTED} == EXPECTED
    shown = html_labels(page(built))
    assert {word: shown.get(word) for word in EXPECTED} == EXPECTED


# ------------------------------------------------------------------------------ the DOCX


def _letters(n: int) -> str:
    """Word's `lowerLetter`: a to z, then aa, bb… (the letter repeated), not typst's ab."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for numeral, value in (
        ("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
        ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += numeral * count
    return out


WORD_FORMATS = {
    "decimal": str,
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


def _val(element: etree._Element, child: str, default: str = "") -> str:
    found = element.find(f"{W}{child}")
    return default if found is None else str(found.get(f"{W}val"))


def docx_labels(path: Path) -> dict[str, str]:
    """Each numbered paragraph's first word → its label, as Word numbers it: a list (`w:num`)
    counts its own items per level from its start (pandoc writes a `startOverride` for every
    level of every list, so lists sharing a definition do not count on from one another), an
    item restarts the levels below its own, and `lvlText`'s `%n` is level n's count."""
    with zipfile.ZipFile(path) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    abstracts = {
        a.get(f"{W}abstractNumId"): {int(str(lv.get(f"{W}ilvl"))): lv for lv in a.iter(f"{W}lvl")}
        for a in numbering.iter(f"{W}abstractNum")
    }
    lists = {}
    for num in numbering.iter(f"{W}num"):
        levels = abstracts[_val(num, "abstractNumId")]
        starts = {k: int(_val(lv, "start", "0")) for k, lv in levels.items()}
        for override in num.iter(f"{W}lvlOverride"):
            if override.find(f"{W}startOverride") is not None:
                starts[int(str(override.get(f"{W}ilvl")))] = int(_val(override, "startOverride"))
        lists[num.get(f"{W}numId")] = (levels, starts)
    counts: dict[str, dict[int, int]] = {}
    out: dict[str, str] = {}
    for p in body.iter(f"{W}p"):
        pr = p.find(f"{W}pPr/{W}numPr")
        if pr is None:
            continue
        num_id, level = _val(pr, "numId"), int(_val(pr, "ilvl", "0"))
        levels, starts = lists[num_id]
        count = counts.setdefault(num_id, {})
        count[level] = count.get(level, starts[level] - 1) + 1
        for deeper in [k for k in count if k > level]:
            del count[deeper]
        label = _val(levels[level], "lvlText")
        for k in range(level + 1):
            fmt = WORD_FORMATS.get(_val(levels[k], "numFmt"))
            if fmt is not None:
                label = label.replace(f"%{k + 1}", fmt(count.get(k, starts[k])))
        words = "".join(t.text or "" for t in p.iter(f"{W}t")).split()
        if words:
            out[words[0].rstrip(",")] = label
    return out


def test_the_docx_numbers_every_list_as_the_pdf_does(built: Path) -> None:
    """Example lists `@.` and `@)` keep their delimiter, a paragraph's `(@)` counts from 1,
    a nested `#.` list is `1.`: Word's numbering, worked out from the package."""
    docx = docx_labels(built / "bundle.docx")
    assert {word: docx.get(word) for word in EXPECTED} == EXPECTED


def test_every_example_list_is_a_word_list_of_its_own(built: Path) -> None:
    """The document's example lists no longer share one Word list: a list in a later field
    (or item) cannot count on from an earlier one whatever the reader does with numbering."""
    with zipfile.ZipFile(built / "bundle.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    lists = {}
    for p in body.iter(f"{W}p"):
        words = "".join(t.text or "" for t in p.iter(f"{W}t")).split()
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        if words and num is not None:
            lists[words[0].rstrip(",")] = num.get(f"{W}val")
    examples = ["exampleone", "examplethree", "exampleperiod", "exampleparen", "otherfield"]
    assert lists["exampleone"] == lists["exampletwo"]
    assert len({lists[w] for w in [*examples, "exampleagain"]}) == 6


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is needed to print the DOCX")
def test_libreoffice_prints_the_pdfs_labels(built: Path, tmp_path: Path) -> None:
    """The DOCX as a reader shows it: LibreOffice's text of it, each label before its item."""
    assert SOFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(built / "bundle.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (tmp_path / "bundle.txt").read_text(encoding="utf-8-sig")
    printed = {
        m.group(2): m.group(1) for m in re.finditer(r"(?m)^[ \t]*(\S+)[ \t]+([a-z]+)\b", text)
    }
    assert {word: printed.get(word) for word in EXPECTED} == EXPECTED
