"""A redacted name that is also a word of the bundle's own wording (a witness called May, or
Page): dates keep their meaning, and a name that cannot be removed is refused at its entry."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

EPOCH = "1700000000"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wording") / "repo"
    init(root)
    return root


def listing(root: Path, redact: str) -> Path:
    """The sample testimony (dated 2025-05) with `redact` as its list."""
    path = root / "evidence" / "testimonies" / "TM-001.yaml"
    text = re.sub(r"\nredact:.*", "", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\nredact: {redact}\n", encoding="utf-8")
    return path


def build(root: Path, out: Path, *formats: str) -> tuple[int, str]:
    args = ["build", "--root", str(root), "--out", str(out), "-q"]
    for f in formats:
        args += ["--format", f]
    done = CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": EPOCH})
    return done.exit_code, done.output


def test_a_witness_called_may_leaves_dates_as_the_evidence_gives_them(
    repo: Path, tmp_path: Path
) -> None:
    listing(repo, "[May]")
    code, output = build(repo, tmp_path / "out", "pdf", "docx", "html")
    assert code == 0, output
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out" / "bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert not re.search(r"\bmay\b", text, re.IGNORECASE)
    assert "2025-05" in text  # the testimony's date, kept (not "[REDACTED] 2025")
    assert "June 2025" in text  # other months are written as words still
    with zipfile.ZipFile(tmp_path / "out" / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode()
    assert "2025-05" in body and not re.search(r"\bMay\b", body)


@pytest.mark.parametrize("word", ["Page", "Index"])
def test_a_name_the_bundle_writes_itself_is_refused_at_its_entry(
    repo: Path, tmp_path: Path, word: str
) -> None:
    path = listing(repo, f"[Jane Placeholder, {word}]")
    code, output = build(repo, tmp_path / "out", "pdf")
    assert code == 1, output
    line = (
        path.read_text(encoding="utf-8").splitlines().index(f"redact: [Jane Placeholder, {word}]")
    )
    where = f"evidence/testimonies/TM-001.yaml:{line + 1}:28: error[redact-own-wording]"
    assert where in output
    assert not (tmp_path / "out" / "bundle.pdf").exists()
    validate = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    assert json.loads(validate.output)["valid"]  # an edition's matter: validation passes


def test_a_public_build_refused_names_no_redacted_string_in_its_errors(
    repo: Path, tmp_path: Path
) -> None:
    """A public build's log (CI's) is public: its errors go through the redactions too."""
    path = listing(repo, "[Jane Placeholder]")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  - The second paragraph.",
            "  - The second paragraph, [see](ftp://jane.placeholder.example/).",
        ),
        encoding="utf-8",
    )
    try:
        code, output = build(repo, tmp_path / "out", "pdf")
        assert code == 1, output
        assert "TM-001.yaml" in output and "ftp" in output
        assert "placeholder" not in output.lower()
        validate = CliRunner().invoke(main, ["validate", "--root", str(repo)])
        # A pull request's check is in a log too (stop 27): the line is named, the name is not.
        assert "TM-001.yaml" in validate.output and "ftp" in validate.output
        assert "placeholder" not in validate.output.lower()
    finally:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", ["Mark", "Ed", "Ada", "Li"])
def test_a_witness_whose_name_is_in_the_tools_own_files_builds_every_format(
    repo: Path, tmp_path: Path, name: str
) -> None:
    """Our own files carry words and hexadecimal that hold short names by chance: a style
    named `Draft Mark`, a stylesheet's comments and `@media`, a colour `0F9ED5`, SHA-256s, the
    XMP metadata's `<rdf:li>` tags.
    None of them is evidence, and none may make a public build impossible."""
    listing(repo, f"[{name}]")
    code, output = build(repo, tmp_path / "out", "pdf", "docx", "html")
    assert code == 0, output


def test_a_redacted_string_too_short_to_remove_is_refused_by_validation(repo: Path) -> None:
    """`7` or `2024` is in the bundle's own page numbers, dates and pinpoints: every public
    build would be refused at its final check, naming no entry. Validation refuses the entry."""
    path = listing(repo, "[Jane Placeholder, '7', {text: '2024', code: PI}, J, 07700 900123]")
    done = CliRunner().invoke(main, ["validate", "--root", str(repo), "--format", "json"])
    report = json.loads(done.output)
    short = [p for p in report["problems"] if p["code"] == "redact-too-short"]
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index("redact: [Jane Placeholder, '7', {text: '2024', code: PI}, J, 07700 900123]")
    )
    written = path.read_text(encoding="utf-8").splitlines()[line]
    columns = [written.index(w) + 1 for w in ("'7'", "'2024'", " J,")]
    columns[2] += 1  # the J itself, after its space
    assert [(p["line"], p["column"]) for p in short] == [(line + 1, c) for c in columns]
    assert not report["valid"]
    listing(repo, "[Jane Placeholder]")
