"""A redacted string found in the DOCX body is reported with the item it sits in (its id, never
the string): the build log then says which evidence file to fix, not only `word/document.xml`."""

from __future__ import annotations

import io
import zipfile

from inquiry.proof import docx_leaks
from inquiry.redaction import Matcher

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    return out.getvalue()


def _item(name: str, text: str) -> str:
    return (
        f'<w:p><w:bookmarkStart w:id="1" w:name="{name}"/><w:r><w:t>Heading</w:t></w:r></w:p>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def test_a_leak_names_the_item_it_is_in() -> None:
    data = _docx(
        _item("item_SF_001", "Nothing to see.")
        + _item("item_TM_002", "Zebe</w:t></w:r><w:r><w:t>dee Quorvath said so.")
        + _item("item_TM_003", "Nor here.")
    )
    found = docx_leaks(data, "bundle.docx", Matcher.of((("Zebedee Quorvath", None),)))
    assert found
    assert all("in item TM-002" in f.where for f in found if "document.xml" in f.where)
    assert not any("Zebedee" in f.where or "Quorvath" in f.where for f in found)


def test_an_exhibits_bookmark_names_its_item() -> None:
    data = _docx(
        _item("item_SF_001", "Nothing.") + _item("item_SF_001_x2", "Zebedee Quorvath's letter.")
    )
    [first, *_] = docx_leaks(data, "bundle.docx", Matcher.of((("Zebedee Quorvath", None),)))
    assert "in item SF-001" in first.where


def test_a_leak_outside_any_item_is_still_reported() -> None:
    data = _docx("<w:p><w:r><w:t>Zebedee Quorvath on the cover.</w:t></w:r></w:p>")
    found = docx_leaks(data, "bundle.docx", Matcher.of((("Zebedee Quorvath", None),)))
    assert found and all("in item" not in f.where for f in found)
