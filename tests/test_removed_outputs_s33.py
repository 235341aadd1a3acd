"""A build that makes fewer formats than the set in `--out` removes the earlier outputs (they
must not outlive the manifest that described them) and says so, even with `-q`: a served
bundle.pdf gone without a word is a lost bundle."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main


def _build(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_an_html_only_build_names_the_pdf_docx_and_manifest_it_removed(sample: Path) -> None:
    code, _, _ = _build(sample, "-q")
    assert code == 0
    out = sample / "build"
    assert (out / "bundle.pdf").is_file() and (out / "manifest.json").is_file()
    code, stdout, stderr = _build(sample, "-q", "--format", "html")
    assert code == 0, stderr
    assert not (out / "bundle.pdf").exists()
    said = [line for line in stderr.splitlines() if line.startswith("removed ")]
    assert len(said) == 1, stderr
    for name in ("bundle.pdf", "bundle.docx", "manifest.json"):
        assert str(out / name) in said[0]
    assert "--format html" in said[0]
    assert "removed" not in stdout


def test_a_build_making_every_earlier_output_removes_nothing(sample: Path) -> None:
    assert _build(sample, "-q", "--format", "pdf")[0] == 0
    code, _, stderr = _build(sample, "--format", "pdf", "--format", "docx")
    assert code == 0
    assert "removed" not in stderr
    code, _, stderr = _build(sample, "--format", "docx")
    assert code == 0
    assert "removed" in stderr and "bundle.pdf" in stderr and "manifest.json" in stderr
    assert "bundle.docx" not in stderr.split("removed", 1)[1].split(":", 1)[0]
