"""Stop 38, red team h153: surname first without a comma (`WRENFIELD Hobart`) is a weak form,
not taken across a line end by the outputs' check and `redact-across-fields` (two fields, two
paragraphs). But every other search had stopped taking it too, so a field whose text breaks
the line inside it (`WRENFIELD⏎Hobart`, drawn as one line by every reader) was never cut:
validate said `redact-not-found` and the build was refused by its own check."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.redaction import Matcher
from inquiry.scaffold import init


def test_a_weak_form_across_a_soft_line_break_is_cut(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("summary:"))
    broken = "The ward register lists WRENFIELD\n  Hobart as the nurse on duty."
    text = text.replace(summary, f"summary: |-\n  {broken}")
    item.write_text(text + "redact:\n  - Hobart Wrenfield\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 0 and "redact-not-found" not in result.output, result.output
    formats = ["--format", "pdf", "--format", "docx", "--format", "html"]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *formats])
    assert result.exit_code == 0, result.output
    out = root / "build"
    pdf = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    for name, shown in (("pdf", pdf), ("docx", xml), ("html", html)):
        assert "wrenfield" not in shown.lower(), name
    assert "The ward register lists [REDACTED] as the nurse" in " ".join(pdf.split())


def test_only_the_outputs_check_leaves_a_weak_form_across_lines() -> None:
    matcher = Matcher.of(["Will Power"])
    text = "Then the landlord cut the power\nWill it return?"
    assert matcher.search(text)  # what a field's gate and validate ask
    assert not matcher.search(text, lines=False)  # the outputs' check, across fields
    assert matcher.search("cut the power Will", lines=False)  # within a line, always


def test_an_entry_written_surname_first_with_a_particle_hides_every_form() -> None:
    """Red team h153: `van der Wrenfield, Anna` was not taken for a name written surname first
    (its first word is in lower case), so it hid only itself; `Anna van der Wrenfield` stayed."""
    matcher = Matcher.of(["van der Wrenfield, Anna"])
    for text in (
        "Signed: van der Wrenfield, Anna.",
        "Later Anna van der Wrenfield said so.",
        "VAN DER WRENFIELD Anna",
    ):
        assert "wrenfield" not in matcher.plain(text).lower(), text
    assert matcher.plain("the van arrived, Anna said") == "the van arrived, Anna said"


def test_more_ways_a_register_writes_a_surname_first() -> None:
    """Red team h153: a chain of patronymics, a colon, dash, slash or bracket for the comma,
    the titles `Rt Hon`, `Sister`, `Nurse`, three titles, and a title's dot with no space."""
    for entry, written in [
        ("Omar bin Khalid al-Rashid", "BIN KHALID AL-RASHID, Omar"),
        ("Hobart Wrenfield", "WRENFIELD – Hobart"),
        ("Hobart Wrenfield", "WRENFIELD — Hobart"),
        ("Hobart Wrenfield", "WRENFIELD: Hobart"),
        ("Hobart Wrenfield", "WRENFIELD/Hobart"),
        ("Hobart Wrenfield", "WRENFIELD (Hobart)"),
        ("Hobart Wrenfield", "Wrenfield, Rt Hon Hobart"),
        ("Hobart Wrenfield", "Wrenfield Sister Hobart"),
        ("Hobart Wrenfield", "Wrenfield Nurse Hobart"),
        ("Hobart Wrenfield", "Wrenfield, Sir Dr Prof Hobart"),
        ("Hobart Wrenfield", "Wrenfield, Mrs.Hobart"),
    ]:
        shown = Matcher.of([entry]).plain(f"The register lists {written} on duty.")
        assert "wrenfield" not in shown.lower() and "rashid" not in shown.lower(), written
    # A given name that begins like a title is still the given name.
    assert Matcher.of(["Drew Smith"]).plain("Smith, Drew said") == "[REDACTED] said"
