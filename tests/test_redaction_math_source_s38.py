"""A formula pandoc cannot read is shown as its TeX, in every format (stop 38, red team h146):
`$Jane\\hphantom{x}Placeholder$` printed `Jane\\hphantom{x}Placeholder` in the PDF, the DOCX
and the HTML, because the formula was searched only as it would be drawn (`tex_reading`:
`JanexPlaceholder`). Its TeX is now searched as written too, each command and its arguments
read as a space between words; a formula naming someone there is replaced by a mark."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.rich_nodes import tex_source_reading, tex_words

FORMULAS = [
    r"$Jane\hphantom{x}Placeholder$",
    r"$Jane\foo[o]{x}{y}Placeholder$",
    r"$Jane\unknowncommand Placeholder$",
    # h150: words set as text around an unknown command, and a name split by a formula's edge.
    r"$\text{Jane}\hphantom{x}\text{Placeholder}$",
    r"$\operatorname{Jane}\foo{x}\textrm{Placeholder}$",
    r"Jane $\foo{x}Placeholder$",
    r"$Jane\foo{\textrm{x}}Placeholder$",
    r"$\text{Jane}_a \text{Placeholder}$",  # h153
    r"$\text{Jane}\kern1em\text{Placeholder}$",
]


def _flat(text: str) -> str:
    return "".join(text.split()).lower()


def test_a_formula_shown_as_its_tex_names_no_one(sample: Path) -> None:
    item = sample / "evidence/testimonies/TM-003.yaml"
    lines = "\n".join(f"  - 'Formula {k}: {tex} in the minutes.'" for k, tex in enumerate(FORMULAS))
    text = item.read_text(encoding="utf-8")
    assert "  - We were told to *discharge* people quickly." in text
    item.write_text(
        text.replace("  - We were told to *discharge* people quickly.", lines), encoding="utf-8"
    )
    formats = ["--format", "pdf", "--format", "docx", "--format", "html"]
    result = CliRunner().invoke(main, ["build", "--root", str(sample), "-q", *formats])
    assert result.exit_code == 0, result.output
    out = sample / "build"
    pdf = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        xml = "".join(docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith(".xml"))
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    for name, shown in (("pdf", pdf), ("docx", xml), ("html", html)):
        assert "placeholder" not in _flat(shown), name
        assert "hphantom" not in shown and "unknowncommand" not in shown, name
    for k in range(len(FORMULAS)):
        assert f"Formula {k}: [REDACTED]" in " ".join(pdf.split()), pdf


def test_the_words_of_a_formula() -> None:
    assert tex_words(r"\text{Mark}\hphantom{x}\text{Oldfield}") == "Mark Oldfield"
    assert tex_words(r"\operatorname{Mark}\foo{x}\textrm{Oldfield}") == "Mark Oldfield"
    assert tex_words(r"\text{W}\text{renfield}") == "Wrenfield"
    assert tex_words(r"x^2 + \text{Jo}\ \text{Rowe}").split() == ["x", "+", "Jo", "Rowe"]
    # h153: a subscript, and a space given by a length, stand between words.
    assert tex_words(r"\text{Jane}_a \text{Placeholder}").split() == ["Jane", "Placeholder"]
    assert tex_words(r"\text{Jane}\kern1em\text{Placeholder}") == "Jane Placeholder"


def test_the_reading_of_a_formulas_tex_as_written() -> None:
    assert tex_source_reading(r"Jane\hphantom{x}Placeholder") == "Jane Placeholder"
    assert tex_source_reading(r"a^{2}") == "a  2 "
    # Shown as written, a text command's words are read: `\text{Jane}\kern1em\text{…}` (h153).
    assert tex_source_reading(r"\text{Jane}").split() == ["Jane"]
    assert tex_source_reading(r"\text{Jane}\kern1em\text{Doe}").split() == ["Jane", "Doe"]
