"""A public build of the scaffold with one testimony's summary rewritten, and the words of its
outputs as a search finds them: for tests that a redacted string is nowhere in what was built."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

FORMATS = ("--format", "pdf", "--format", "docx", "--format", "html")


def built_with_summary(root: Path, said: str, redact: list[str]) -> Path:
    """`inquiry init` at `root`, TM-001's summary made `said` and its `redact` list `redact`,
    built in every format; the output folder."""
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    text = text.replace(summary, f"summary: >-\n  {said}")
    listed = "".join(f"  - {name}\n" for name in redact)
    item.write_text(text + f"redact:\n{listed}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *FORMATS])
    assert result.exit_code == 0, result.output
    return root / "build"


def output_texts(out: Path) -> dict[str, str]:
    """The PDF's text, the DOCX's XML parts and relationships, and the HTML pages, by format."""
    pdf = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        parts = "".join(
            docx.read(n).decode("utf-8", "replace")
            for n in docx.namelist()
            if n.endswith((".xml", ".rels"))
        )
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    return {"pdf": pdf, "docx": parts, "html": html}
