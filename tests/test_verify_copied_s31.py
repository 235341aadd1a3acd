"""A served bundle copied page by page by another tool still verifies page by page.

`qpdf --pages` (how many people join PDFs) drops from each copied page, and from the forms it
draws, every resource the page does not use. The page stamps once shared one resources
dictionary naming every glyph piece, so a recipient who appended one page of their own had
every page of the bundle reported as changed. Each stamp now names exactly what it draws.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import make_pdf, write_tree
from test_pdf import Built, build_pdf, make_sample

from inquiry.cli_served import verify as verify_command


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("copied")
    root = make_sample(base)
    write_tree(root, {"evidence/exhibits/long.pdf": make_pdf(12, text="Long")})
    item = root / "evidence/statistics/ST-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/long.pdf, description: A long exhibit}\n",
        encoding="utf-8",
    )
    return build_pdf(root, base / "out", cache=build_cache)


def _stamp_forms(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return [page.Resources.XObject.InqStamp for page in pdf.pages]


def test_every_stamp_names_exactly_the_pieces_it_draws(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        forms = _stamp_forms(pdf)
        assert len(forms) == bundle.manifest["bundle"]["pages"]
        for n, form in enumerate(forms, 1):
            drawn = set(re.findall(rb"(/Inq\w+) Do", form.read_bytes()))
            named = {name.encode() for name in form.Resources.XObject}
            assert drawn and named == drawn, f"page {n}: names {named - drawn} it never draws"


def test_a_copy_with_a_page_appended_by_qpdf_verifies_every_page(
    bundle: Built, tmp_path: Path
) -> None:
    src = str(bundle.pdf)
    joined = tmp_path / "joined.pdf"
    pikepdf.Job(["qpdf", src, "--pages", src, src, "1", "--", str(joined)]).run()
    result = CliRunner().invoke(
        verify_command, [str(joined), "--manifest", str(bundle.out / "manifest.json")]
    )
    pages = bundle.manifest["bundle"]["pages"]
    assert result.exit_code == 1, result.output
    assert f"added: page(s) {pages + 1} of joined.pdf" in result.output
    assert "differs" not in result.output, result.output
    assert "1 page(s) differ, are missing or were added" in result.output


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="needs the qpdf command")
def test_the_qpdf_command_joining_the_bundle_keeps_its_pages(bundle: Built, tmp_path: Path) -> None:
    import subprocess

    src = str(bundle.pdf)
    joined = tmp_path / "joined.pdf"
    subprocess.run(["qpdf", src, "--pages", src, src, "1", "--", str(joined)], check=True)
    result = CliRunner().invoke(
        verify_command, [str(joined), "--manifest", str(bundle.out / "manifest.json")]
    )
    assert "differs" not in result.output, result.output
