"""A name split by a formula's markup (stop 33, red team h112): `$\\text{W}\\text{renfield}$`
shows `Wrenfield` (or `W renfield`), but the TeX was searched as written, so a PDF-only build
kept the name and its proof passed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main


@pytest.mark.parametrize(
    "tex",
    [
        r"\text{Jane Place}\text{holder}",
        r"\text{Jane Place}{\text{holder}}",
        r"\text{Jane Place}\mathrm{holder}",
        r"\mathrm{Jane}\ \mathrm{Placeholder}",
    ],
)
def test_a_name_split_by_a_formulas_markup_is_cut_from_the_pdf(sample: Path, tex: str) -> None:
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - We were told to *discharge* people quickly.",
            f"  - 'The formula read ${tex}$ in the minutes.'",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--root", str(sample), "-q", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(sample / "build/bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = "".join(text.split()).lower()
    assert "placeholder" not in flat and "holder" not in flat
    assert "[REDACTED]" in text


def test_the_reading_of_a_formula() -> None:
    from inquiry.render.rich_nodes import tex_reading

    assert tex_reading(r"\text{W}\text{renfield}") == "Wrenfield"
    assert tex_reading(r"x^2 + \text{Jo}\ \text{Rowe}") == "x2 + Jo Rowe"
    assert tex_reading(r"a \quad b") == "a   b"
