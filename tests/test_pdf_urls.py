"""A source's web address is copied from the PDF as it was written: typst breaks it only after
a slash or before a hyphen, never after a hyphen, which PDF readers take for hyphenation and
drop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pdf import EPOCH, page_texts

from inquiry.build import build
from inquiry.render.pdf.typst_source import URL_PART_MAX, url_text
from inquiry.scaffold import init

URLS = [
    "https://www.example.org/blog/2025/06/iapt-is-value-laden-non-prefigurative-non-dialogic"
    "-and-non-person-centred/",
    "https://www.example.org/news/2025/06/a-new-mental-health-model-of-care-for-the-whole"
    "-community-and-its-people/?ref=one-two-three-four",
]


def test_a_url_is_boxed_between_its_slashes() -> None:
    code = url_text("https://a.org/x-y/" + "z" * (URL_PART_MAX + 1))
    assert code.startswith('{box("https:/"); box("/"); box("a.org/"); box("x"); box("-y/"); "zzz')
    assert url_text("") == '""'


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="needs poppler-utils")
def test_long_addresses_copy_whole(tmp_path: Path, build_cache: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    for n, url in enumerate(URLS, 1):
        path = root / f"evidence/statistics/ST-00{n + 1}.yaml"
        text = (root / "evidence/statistics/ST-001.yaml").read_text(encoding="utf-8")
        text = text.replace("id: ST-001", f"id: ST-00{n + 1}")
        text, k = re.subn(
            r"(?m)^(source:\n(?:  .*\n)*?)(  accessed:)", rf"\1  url: {url}\n\2", text
        )
        assert k == 1, text
        path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        mp.setenv("INQUIRY_CACHE_DIR", str(build_cache))
        build(root, out=tmp_path / "out", formats=("pdf",))
    text = "\n".join(page_texts(tmp_path / "out/bundle.pdf"))
    joined = text.replace("\n", "")  # a line break inside an address is not a character of it
    for url in URLS:
        assert url in joined, (url, [line for line in text.splitlines() if "example.org" in line])
