"""Numbers are printed as written (red team h_d, stop 29, repro 11): a statistic's value
150123456789.12 printed 150,123,456,789.119995, a series value 0.0000004 printed 0 and
-999999999999999.9 printed -999,999,999,999,999.875, in every format (a fixed six decimals of the
binary value). Now the shortest decimal that reads back as the same number, thousands separated."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
import pytest
from test_pdf import Built, all_text, build_pdf
from test_spec_audit_s28 import edit

from inquiry.render.chart import tick_label
from inquiry.render.wording import number
from inquiry.scaffold import init

ALL = ("pdf", "docx", "html")


def scaffold(base: Path) -> Path:
    root = base / "submission"
    init(root)
    return root


def docx_text(built: Built) -> str:
    with zipfile.ZipFile(built.out / "bundle.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml)


def html_text(built: Built) -> str:
    pages = sorted((built.out / "html").rglob("*.html"))
    return "\n".join(lxml.html.parse(str(p)).getroot().text_content() for p in pages)


# ------------------------------------------------------------------------------ numbers


def test_a_number_is_printed_as_written_never_with_float_noise_or_rounded_to_zero() -> None:
    assert number(150123456789.12) == "150,123,456,789.12"  # was 150,123,456,789.119995
    assert number(0.0000004) == "0.0000004"  # was 0
    assert number(-999999999999999.9) == "-999,999,999,999,999.9"  # was …999.875
    assert number(5e-324).startswith("0.000") and number(5e-324).endswith("5")
    assert [number(v) for v in (1234.0, 60, 12.5, -0.0, 1e15)] == [
        "1,234",
        "60",
        "12.5",
        "0",
        "1,000,000,000,000,000",
    ]
    assert tick_label(0.1 + 0.2, 0.1) == "0.3"
    assert tick_label(-5.551115123125783e-17, 0.1) == "0.0"  # never -0.0
    assert tick_label(4e-7, 1e-7) == "0.0000004"


@pytest.fixture(scope="module")
def numbers(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("numbers")
    root = scaffold(base)
    st_ = root / "evidence/statistics/ST-001.yaml"
    edit(st_, "value: 120\n", "value: 150123456789.12\n")
    edit(st_, "value: 90}", "value: 0.0000004}")
    edit(st_, "value: 110}", "value: -999999999999999.9}")
    return build_pdf(root, base / "out", cache=build_cache, formats=ALL)


def test_every_format_prints_the_numbers_as_written(numbers: Built) -> None:
    for name, text in [
        ("pdf", all_text(numbers.pdf)),
        ("docx", docx_text(numbers)),
        ("html", html_text(numbers)),
    ]:
        flat = re.sub(r"\s+", " ", text)
        for shown in ("150,123,456,789.12", "0.0000004", "-999,999,999,999,999.9"):
            assert shown in flat, (name, shown)
        for noise in ("789.119995", "999.875", "2021-22: 0 "):
            assert noise not in flat, (name, noise)
