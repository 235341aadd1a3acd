"""An exhibit's `sha256` pin may be written in upper case, as Windows' `Get-FileHash` prints it:
it is compared without regard to case and kept in lower case, as every hash the build prints is
(before stop 32 it was refused as `schema-value`, and failed `exhibit-sha256` too)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import make_pdf
from test_rules import check, exhibit

from inquiry.model.items import Exhibit


def test_an_upper_case_pin_of_the_file_passes(tmp_path: Path) -> None:
    pdf = make_pdf(1)
    pin = f"    sha256: '{hashlib.sha256(pdf).hexdigest().upper()}'\n"
    files = {"evidence/exhibits/a.pdf": pdf, "evidence/item.yaml": exhibit("exhibits/a.pdf", pin)}
    assert check(tmp_path, files).problems == ()


def test_an_upper_case_pin_of_another_file_fails_at_the_pin(tmp_path: Path) -> None:
    pdf = make_pdf(1)
    pin = f"    sha256: '{'AB' * 32}'\n"
    files = {"evidence/exhibits/a.pdf": pdf, "evidence/item.yaml": exhibit("exhibits/a.pdf", pin)}
    report = check(tmp_path, files)
    assert report.flatten("code", "line", "column") == [("exhibit-sha256", 20, 13)]
    assert report.problems[0].hint == f"the file's sha256 is {hashlib.sha256(pdf).hexdigest()}"


def test_the_pin_is_kept_in_lower_case() -> None:
    shown = Exhibit.model_validate({"file": "a.pdf", "description": "A", "sha256": "aB" * 32})
    assert shown.sha256 == "ab" * 32


def test_a_pin_that_is_not_hex_is_still_refused(tmp_path: Path) -> None:
    pdf = make_pdf(1)
    pin = f"    sha256: '{'G' * 64}'\n"
    files = {"evidence/exhibits/a.pdf": pdf, "evidence/item.yaml": exhibit("exhibits/a.pdf", pin)}
    assert ("schema-value", 20) in check(tmp_path, files).flatten("code", "line")
