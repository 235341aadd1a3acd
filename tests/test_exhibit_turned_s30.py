"""Exhibit pages whose text reads sideways or upside down are warned of (stop 30, red team h95):
the bundle keeps an exhibit's pages as filed, so a page saved turned (`/Rotate 90` over upright
text) came through sideways with nothing said, where the guidance on electronic bundles expects
pages upright. A page turned so that its turned text reads upright is not."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from test_pdf import build_pdf
from test_redaction_hyphen_s29 import helvetica_pages

from inquiry.cli import main
from inquiry.exhibits.ocr import read_pages

UPRIGHT = b"BT /F1 12 Tf 72 720 Td (Hello upright words on the page) Tj ET"
TURNED = b"BT /F1 12 Tf 0 1 -1 0 300 300 Tm (Hello turned words on the page) Tj ET"


def _pdf(pages: list[tuple[bytes, int]]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(helvetica_pages([content for content, _ in pages])))
    for page, (_, rotate) in zip(pdf.pages, pages, strict=True):
        if rotate:
            page.obj.Rotate = rotate
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "rotate", "turned"),
    [
        (UPRIGHT, 0, 0),
        (UPRIGHT, 90, 90),
        (UPRIGHT, 180, 180),
        (TURNED, 0, 270),
        (TURNED, 90, 0),  # turned text on a page turned back: reads upright
        (UPRIGHT + b" " + TURNED, 0, 0),  # as much of each: no single way it reads
    ],
)
def test_how_far_a_pages_text_reads_turned(content: bytes, rotate: int, turned: int) -> None:
    (page,) = read_pages(_pdf([(content, rotate)]))
    assert page.turned == turned


def test_validate_and_build_warn_of_sideways_pages(
    sample: Path, tmp_path: Path, build_cache: Path
) -> None:
    pages = [(UPRIGHT, 0), (UPRIGHT, 90), (TURNED, 90), (UPRIGHT, 180)]
    (sample / "evidence/exhibits/report.pdf").write_bytes(_pdf(pages))
    done = CliRunner().invoke(main, ["validate", "--root", str(sample), "--format", "json"])
    found = [p for p in json.loads(done.output)["problems"] if p["code"] == "exhibit-turned"]
    assert len(found) == 1 and "(page 2, 4)" in found[0]["message"], found
    built = build_pdf(sample, tmp_path / "out", cache=build_cache)
    said = [w for w in built.result.warnings if w.code == "exhibit-turned"]
    assert [w.message for w in said] == [found[0]["message"]]
