"""The DOCX says what an exhibit's hash is of: a redacted exhibit's is the redacted copy's (the
coalition's file's hash is not published, since a reader with a guess at the redacted words could
test it), and stop 32's red team found it labelled "SHA-256" like any other, matching no file a
reader holds."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render import wording


def test_a_redacted_exhibits_hash_says_it_is_the_redacted_copys(
    sample: Path, tmp_path: Path
) -> None:
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    text = sf.read_text(encoding="utf-8").replace(
        "  - {file: exhibits/report.pdf, description: The survey report}",
        "  - {file: exhibits/report.pdf, description: The survey report,\n"
        "     redact: [{page: 1, box: [50, 50, 200, 120]}]}",
    )
    sf.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample), "--out", str(out), "--format", "docx", "-q"],
        env={"SOURCE_DATE_EPOCH": "1700000000"},
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    source = hashlib.sha256((sample / "evidence/exhibits/report.pdf").read_bytes()).hexdigest()
    photo = hashlib.sha256((sample / "evidence/exhibits/photo.png").read_bytes()).hexdigest()
    assert source not in xml  # the redacted exhibit's own file is not named by its hash
    assert xml.count(f">{wording.REDACTED_HASH}<") == 1
    # The photograph, not redacted, keeps its file's hash, labelled plainly.
    at = xml.index(photo)
    assert xml.rfind(">SHA-256<", 0, at) > xml.rfind(f">{wording.REDACTED_HASH}<", 0, at)
