"""Stop 46 (left alone at stop 45): a redacted name in the repository's DOCX reference document
(a style's alias, a header, the author Word writes into it) reached bundle.docx, which the build
refused at its last search (exit 3) after `validate` had said valid, so a pull request's checks
passed and its build failed. Validate now says so (`redact-own-wording`), at the entry."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_served_loi import run

from inquiry.scaffold import init

NAME = "Quentin Marchbanks"


def _repo(tmp_path: Path, part: str, old: str, new: str) -> Path:
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    tm.write_text(tm.read_text(encoding="utf-8") + f"redact:\n  - {NAME}\n", encoding="utf-8")
    reference = root / "templates/reference.docx"
    with zipfile.ZipFile(reference) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[part].decode("utf-8")
    assert old in xml, part
    parts[part] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return root


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        (
            "word/styles.xml",
            '<w:name w:val="Title"/>',
            f'<w:name w:val="Title"/><w:aliases w:val="{NAME} title"/>',
        ),
        ("docProps/core.xml", "<dc:creator></dc:creator>", f"<dc:creator>{NAME}</dc:creator>"),
        ("word/footnotes.xml", "Footnote Text", f"Footnote by {NAME.upper()}"),
    ],
    ids=["a style's alias", "the document's author", "a footnote's text, in capitals"],
)
def test_validate_says_what_the_build_refuses(
    tmp_path: Path, part: str, old: str, new: str
) -> None:
    root = _repo(tmp_path, part, old, new)
    code, out = run("validate", "--root", root)
    lines = [n for n in out.splitlines() if "redact-own-wording" in n]
    assert code == 1 and len(lines) == 1, out
    assert lines[0].startswith("evidence/testimonies/TM-001.yaml:"), lines
    assert part in lines[0], lines  # the part to edit
    assert "Quentin" not in out and "Marchbanks" not in out, out  # logs are public
    code, out = run("build", "--root", root, "--format", "docx")
    assert code == 1 and "redact-own-wording" in out, out
    assert not (root / "build/bundle.docx").exists()


def test_a_reference_document_without_the_name_says_nothing(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        "docProps/core.xml",
        "<dc:creator></dc:creator>",
        "<dc:creator>A Person</dc:creator>",
    )
    code, out = run("validate", "--root", root)
    assert code == 0 and "redact-own-wording" not in out, out


@pytest.mark.parametrize("name", ["Table", "Normal", "Footnote"])
def test_words_inquirys_own_reference_document_holds_are_not_the_templates(
    tmp_path: Path, name: str
) -> None:
    """`init` copies inquiry's reference document, which has a style of type `table`, names the
    `Normal` template and holds footnote text: a witness so named still validates (and builds a
    PDF), as before the template was searched."""
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    text = tm.read_text(encoding="utf-8").replace(
        "  - The second paragraph.\n", f"  - Mr {name} said so.\n"
    )
    tm.write_text(text + f"redact: [{name}]\n", encoding="utf-8")
    code, out = run("validate", "--root", root)
    assert code == 0 and "redact-own-wording" not in out, out
