"""The restricted edition says what it is in its metadata, not only on its pages: a lawyer who
finds the file alone (a title bar, a document-management system's properties) knows it is not
for publication. The public edition's metadata stays as it was."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render import wording

FORMATS = ["--format", "pdf", "--format", "docx", "--format", "html"]


def build(root: Path, audience: str) -> Path:
    out = root / f"out-{audience}"
    args = ["build", "--root", str(root), "--out", str(out), "--audience", audience, *FORMATS]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def subjects(out: Path) -> dict[str, str]:
    with pikepdf.open(out / "bundle.pdf") as pdf:
        info = str(pdf.docinfo.Subject)
        with pdf.open_metadata() as xmp:
            described = str(xmp.get("dc:description", ""))
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
    found = re.search(r"<dc:subject>(.*?)</dc:subject>", core)
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta content="([^"]*)" name="description"', page)
    assert found and meta
    return {
        "pdf": info,
        "xmp": described,
        "docx": html.unescape(found.group(1)),
        "html": html.unescape(meta.group(1)),
    }


def test_only_the_restricted_editions_metadata_says_it_is_restricted(sample: Path) -> None:
    restricted = subjects(build(sample, "restricted"))
    public = subjects(build(sample, "public"))
    for where, subject in restricted.items():
        assert subject.endswith(f" — {wording.RESTRICTED_EDITION}"), (where, subject)
    for where, subject in public.items():
        assert wording.RESTRICTED_EDITION not in subject, (where, subject)
        assert subject == restricted[where].removesuffix(f" — {wording.RESTRICTED_EDITION}")
