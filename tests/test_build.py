"""`inquiry build --format pdf`: exit codes, and a failed build never replaces a good bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inquiry.cli import main

EPOCH = "1700000000"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        main,
        [str(a) for a in args],
        prog_name="inquiry",
        env={"SOURCE_DATE_EPOCH": EPOCH},
        catch_exceptions=False,
    )


def test_build_writes_the_bundle_and_the_manifest(sample: Path) -> None:
    result = run("build", "--root", sample, "--format", "pdf", "--quiet")
    assert result.exit_code == 0, result.output
    assert (sample / "build/bundle.pdf").read_bytes().startswith(b"%PDF-")
    assert (sample / "build/manifest.json").is_file()
    assert not (sample / "build/bundle.docx").exists()
    assert "wrote" in result.output and "bundle.pdf" in result.output
    leftovers = [p.name for p in (sample / "build").iterdir() if p.name.startswith(".inquiry-")]
    assert leftovers == []


def test_build_into_out(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = run("build", "--root", sample, "--out", out, "--format", "pdf", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bundle.pdf", "manifest.json"]


def test_invalid_evidence_exits_1_and_writes_nothing(sample: Path) -> None:
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    sf.write_text(sf.read_text(encoding="utf-8").replace("id: SF-001", "id: sf-1"), "utf-8")
    result = run("build", "--root", sample, "--format", "pdf")
    assert result.exit_code == 1
    assert not (sample / "build/bundle.pdf").exists()


def test_usage_errors_exit_2(sample: Path) -> None:
    assert run("build", "--root", sample, "--format", "html").exit_code == 2
    assert run("build", "--root", sample, "--audience", "everyone").exit_code == 2
    assert run("build", "--root", sample / "missing", "--format", "pdf").exit_code == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"%PDF-1.7\n this is not a PDF at all",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    ],
    ids=["garbage", "no-pages"],
)
def test_a_failed_build_exits_3_and_leaves_the_previous_bundle(sample: Path, damage: bytes) -> None:
    assert run("build", "--root", sample, "--format", "pdf", "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in (sample / "build").iterdir()}
    (sample / "evidence/exhibits/report.pdf").write_bytes(damage)
    result = run("build", "--root", sample, "--format", "pdf", "-q")
    assert result.exit_code == 3, result.output
    assert "exhibits/report.pdf" in result.output
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in (sample / "build").iterdir()}
    assert after == before


def test_restricted_and_drafts_options(sample: Path) -> None:
    result = run(
        "build", "--root", sample, "--format", "pdf", "-q", "--audience", "restricted",
        "--include-drafts",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    manifest = (sample / "build/manifest.json").read_text(encoding="utf-8")
    assert '"TM-002"' in manifest and '"ST-002"' in manifest
    assert '"audience": "restricted"' in manifest


REPO = Path(__file__).resolve().parents[1]


def _check_bundle(out: Path, items: int) -> None:
    import json

    import docx
    import pikepdf

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["items"]) == items
    with pikepdf.open(out / "bundle.pdf") as pdf:
        assert len(pdf.pages) == manifest["bundle"]["pages"]
    headings = [
        p.text
        for p in docx.Document(str(out / "bundle.docx")).paragraphs
        if p.style is not None and p.style.name == "Heading 2"
    ]
    for item in manifest["items"]:
        assert any(item["id"] in h for h in headings), item["id"]


def test_the_repositorys_own_submission_builds(tmp_path: Path) -> None:
    from inquiry.numbering import plan
    from inquiry.validate import validate

    result = run("build", "--root", REPO, "--out", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    corpus, _ = validate(REPO)
    _check_bundle(tmp_path, items=len(plan(corpus).items))


def test_a_new_repository_from_init_builds_both_formats(tmp_path: Path) -> None:
    root = tmp_path / "new"
    assert run("init", root).exit_code == 0
    assert run("validate", "--root", root, "--strict").exit_code == 0
    result = run("build", "--root", root, "--quiet")
    assert result.exit_code == 0, result.output
    _check_bundle(root / "build", items=4)


def test_an_unexpected_error_is_a_message_and_exit_3(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inquiry.render.pdf as pdf

    assert run("build", "--root", sample, "--format", "pdf", "--quiet").exit_code == 0
    before = (sample / "build/bundle.pdf").read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    result = run("build", "--root", sample, "--format", "pdf", "--quiet")
    assert result.exit_code == 3
    assert "No space left on device" in result.output
    assert (sample / "build/bundle.pdf").read_bytes() == before
