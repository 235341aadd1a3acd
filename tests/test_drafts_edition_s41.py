"""A public edition built with `--include-drafts` that holds a draft says so beyond the draft's
own pages: on the cover, in every DOCX page header and in the metadata.

Red team h174 (stop 41): the cover said "Public edition" and every DOCX header "Public edition ·
…" though the draft had moved every later item's number and pages off the edition that can be
served; a page passed on alone gave wrong pinpoints with nothing to say so."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render.wording import DRAFTS_EDITION, PUBLIC_EDITION
from inquiry.scaffold import init


def _build(root: Path, *extra: str) -> Path:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--format", "pdf", "--format", "docx", *extra]
    )
    assert result.exit_code == 0, result.output
    return root / "build"


def _headers(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/[a-z-]*header\d*\.xml", n)]
        return ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", z.read(n).decode())) for n in parts]


def test_a_drafts_edition_says_so_on_its_cover_headers_and_metadata(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    statistic = root / "evidence/statistics/ST-001.yaml"
    statistic.write_text(statistic.read_text(encoding="utf-8") + "status: draft\n", "utf-8")
    out = _build(root, "--include-drafts")
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(out / "bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert DRAFTS_EDITION.split(" — ")[0] in " ".join(cover.split()), cover
    headers = [h for h in _headers(out / "bundle.docx") if h.strip()]
    assert headers and all(h.startswith(DRAFTS_EDITION) for h in headers), headers
    with pikepdf.open(out / "bundle.pdf") as pdf:
        assert DRAFTS_EDITION in str(pdf.docinfo.get("/Subject", ""))
    out = _build(root)  # the same sources without drafts: the public edition, as before
    headers = [h for h in _headers(out / "bundle.docx") if h.strip()]
    assert headers and all(h.startswith(f"{PUBLIC_EDITION} · ") for h in headers), headers
