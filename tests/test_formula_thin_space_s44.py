"""Stop 44, red team h179 F3: a formula that sets a redacted name with a negative or thin space
inside it (`$H\\!allam$`) draws the name, but was read as `H allam`: a PDF-only build kept it
(drawn in math italic, and the formula's TeX in its `/Alt`). It is read closed up as well, and
marked whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_redaction_s32_links import write_testimony
from test_served_loi import run

from inquiry.render.rich_nodes import tex_readings


@pytest.mark.parametrize("tex", [r"H\!allam", r"Hal\,lam", r"Hall\;am", r"\text{Hal}\!\text{lam}"])
def test_a_formula_is_read_closed_up(tex: str) -> None:
    assert "Hallam" in tex_readings(tex)


@pytest.mark.skipif(not shutil.which("qpdf"), reason="needs qpdf")
def test_a_pdf_only_build_keeps_no_name_set_in_a_formula(tmp_path: Path) -> None:
    root = write_testimony(
        tmp_path / "repo",
        paragraphs=["The manager, $H\\!allam$, set the targets."],
        redact=["Hallam"],
    )
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    flat = tmp_path / "flat.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(root / "build/bundle.pdf"), str(flat)],
        check=False,
    )
    data = flat.read_bytes()
    assert b"allam" not in data
    text = subprocess.run(
        ["pdftotext", str(root / "build/bundle.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "[REDACTED]" in text
