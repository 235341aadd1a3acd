"""A name OCR reads approximately inside a picture on a page that has text (a pasted
screenshot, a signature) is boxed as on an OCR'd page (stop 33, h115's note): a picture's
words were matched exactly only, so a misread (`Dlingworth`) kept the name in its pixels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_exhibit_pictures import FONT, letter, signature

from inquiry.exhibits.prepare import Options, prepare

NAME = "Agatha Thistlewood"


@pytest.mark.skipif(
    shutil.which("tesseract") is None or not Path(FONT).exists(),
    reason="Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) and DejaVu fonts needed",
)
def test_a_name_read_one_letter_off_in_a_picture_is_boxed(tmp_path: Path) -> None:
    # What OCR would make of a worn signature: one letter off, read as written.
    sig = signature(tmp_path, "Agatha Thistlewoad")
    data = letter(tmp_path, f'#image("{sig}", width: 12cm)')
    result = prepare(data, strip=Options(30.0, "auto", ocr_tools=True, strings=((NAME, None),)))
    assert result.marks == ((1, None),)
    assert result.redacted
