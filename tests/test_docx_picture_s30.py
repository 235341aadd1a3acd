"""An image exhibit's picture in the DOCX is the picture the PDF places, white edges and all
(stop 30, red team h92): it was cut to its non-white box, so a 1,600 × 1,000 letter whose text
sits in its top half arrived as a 570 × 351 strip. A page redaction rebuilt from pixels (one
image over the whole page) is still cut to what is not white: its margins are the PDF's."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from inquiry.exhibits.files import read_exhibit
from inquiry.exhibits.picture import picture
from inquiry.exhibits.prepare import prepare
from inquiry.render.pdf.stamps import STRIP


def test_the_picture_keeps_its_own_white_edges(tmp_path: Path) -> None:
    letter = Image.new("RGB", (1600, 1000), "white")
    ImageDraw.Draw(letter).rectangle((100, 100, 700, 160), fill="black")  # text, top left
    source = tmp_path / "letter.jpg"
    letter.save(source, quality=90)
    prepared = tmp_path / "prepared.pdf"
    prepared.write_bytes(prepare(read_exhibit(source), strip=STRIP).pdf)
    shown = Image.open(io.BytesIO(picture(prepared, "jpeg")))
    width, height = shown.size
    assert abs(width / height - 1.6) < 0.01, shown.size
    assert width > 1000  # the page's width less its margins, at 150 dpi: not the black bar's
