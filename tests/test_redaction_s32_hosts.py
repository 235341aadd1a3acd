"""A name run into a web address with no scheme and a top-level domain not on a list, a file's
name with an extension not on a list, or a folder's name in a path, is found there (red team
s32): `hobartwrenfieldcounselling.therapy`, `interviewwithhobartwrenfield.mp3` and an exhibit
at `exhibits/HobartWrenfieldLetters/letter.pdf` named the witness in every output (only a path's
last part was read as a file's name). Any dotted word whose last label is two to 24 letters and
digits is now read as a host or a file's name, with the folders before it — but not two
sentences run together (`Manchester.Then`), a bundle's own parts (`settings.xml`), `e.g.`."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools
from test_redaction_s32_links import found, write_testimony

from inquiry.redaction import Matcher

NAME = "Hobart Wrenfield"
TEXTS = [
    "Hosts: hobartwrenfieldcounselling.therapy, hobartwrenfieldphotos.studio/about and"
    " www-free hobartwrenfieldlaw.legal.",
    "Files: interviewwithhobartwrenfield.mp3, hobartwrenfieldnotes.msg, hobartwrenfield1.webp,"
    " hobartwrenfieldcv.pages and hobartwrenfieldarchive.zip.",
    "Paths: letters/HobartWrenfieldLetters/ and `C:\\Users\\HobartWrenfieldX\\notes.docx`.",
]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("hosts32") / "repo",
        paragraphs=TEXTS,
        redact=[NAME],
        exhibit="exhibits/HobartWrenfieldLetters/letter.pdf",
    )
    return build_edition(root, tmp_path_factory.mktemp("hosts32-out") / "out", build_cache)


@needs_tools
def test_a_name_in_any_host_file_or_folder_is_in_no_output(
    edition: Edition, tmp_path: Path
) -> None:
    leaks = found(edition, tmp_path, ["hobartwrenfield"])
    assert leaks == {}, {k: v[:4] for k, v in leaks.items()}
    page = next((edition.out / "html/items").glob("*TM-032*.html")).read_text("utf-8")
    assert page.count("[REDACTED]") >= 10, page


@pytest.mark.parametrize(
    "text",
    [
        "They moved to Manchester.Then they left.",
        "It was Manchester.The end.",
        "e.g. the format, i.e. a file; see No.5 and 3.5mg",
        "settings.xml, inq-footer1.xml, style.css and manifest.json",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
        "and/or he/she, 24/7 and 12/05/2024",
        "(\\000\\033\\000\\013)",  # a PDF string's octal escapes are no Windows path
    ],
)
def test_words_that_only_look_like_an_address_are_left(text: str) -> None:
    matcher = Matcher.of(["Chester", "Foote", "Setti", "Anifest", "Hester"])
    assert matcher.search(text) == []
    assert matcher.plain(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "\\\\server\\share\\hobartwrenfieldfiles\\x.doc",
        "~/hobartwrenfielddocs/x",
        "https://x.org/a/b/hobartwrenfieldpage",
        "HobartWrenfieldCounselling.Therapy",
    ],
)
def test_a_name_anywhere_in_a_path_is_found(text: str) -> None:
    matcher = Matcher.of([NAME])
    assert matcher.search(text), text
    assert "wrenf" not in matcher.plain(text).lower()
