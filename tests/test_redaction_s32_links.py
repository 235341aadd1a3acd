"""A link percent-encoded twice names its witness in no output (red team s32): a mail filter's
link checker (Outlook's Safe Links) or a search engine's redirect (`google.com/url?q=`) wraps a
link whose own address was already encoded, so a space is `%2520`; decoded once it read
`Hobart%20Wrenfield`, and the name stayed in the link's target (the HTML's `href`, the DOCX's
relationships, the PDF's `/URI`) and in its text. Decoding now goes on while escapes remain,
in the redaction, in a source's address and in the proof.

Also the build helper the other s32 tests use: one testimony redacting the names, built in
every format, and every output searched bluntly (`test_redaction_output.places`)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from test_redaction_output import Edition, build_edition, needs_tools, places

from inquiry.proof import file_leaks
from inquiry.redaction import Matcher
from inquiry.scaffold import init

NAME = "Hobart Wrenfield"
SAFE_LINK = (
    "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fforum.example.org"
    "%2FHobart%2520Wrenfield%2520story&data=05"
)
REDIRECT = "https://www.google.com/url?q=https://forum.example.org/Hobart%2520Wrenfield&sa=D"


def write_testimony(
    root: Path,
    *,
    paragraphs: list[str],
    redact: Sequence[object],
    summary: str = "A witness describes the service.",
    url: str | None = None,
    exhibit: str | None = None,
) -> Path:
    """A scaffolded submission with one public testimony (TM-032) redacting `redact`."""
    init(root)
    source = {"title": "Forum post", "author": "W-32", "accessed": "2025-07-01"}
    if url is not None:
        source["url"] = url
    lines = [
        "id: TM-032",
        "kind: testimony",
        "title: A therapist's statement",
        "date: 2025-05",
        "lines_of_inquiry: [LOI-1]",
        "summary: " + json.dumps(summary, ensure_ascii=False),
        "source: " + json.dumps(source),
        "witness: {reference: W-32, role: Therapist}",
        "consent: {publication: public, basis: Published by the author on a forum}",
        "paragraphs: " + json.dumps(paragraphs, ensure_ascii=False),
        "statement_of_truth: false",
        "redact: " + json.dumps(redact, ensure_ascii=False),
    ]
    if exhibit is not None:
        from conftest import make_pdf

        path = root / "evidence" / exhibit
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_pdf(1, text="A letter"))
        lines.append("exhibits: " + json.dumps([{"file": exhibit, "description": "A letter"}]))
    (root / "evidence/testimonies/TM-032.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return root


def squashed(text: str) -> str:
    """Decomposed, accents and everything but letters and digits dropped, case folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "", text)


def found(edition: Edition, tmp: Path, needles: list[str]) -> dict[str, list[str]]:
    """Which needles (squashed) are in which places of every output, percent-escapes decoded
    as often as they were encoded."""
    wanted = {squashed(n): n for n in needles}
    out: dict[str, list[str]] = {}
    for where, text in places(edition, tmp):
        readings = [text]
        while "%" in readings[-1] and len(readings) < 6:
            from urllib.parse import unquote_plus

            decoded = unquote_plus(readings[-1])
            if decoded == readings[-1]:
                break
            readings.append(decoded)
        flat = "".join(squashed(r) for r in readings)
        for key, needle in wanted.items():
            if key in flat:
                out.setdefault(needle, []).append(where)
    return out


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Edition:
    root = write_testimony(
        tmp_path_factory.mktemp("links") / "repo",
        # A field whose only mention of the witness is a link encoded twice: a field whose
        # words and once-decoded links named no one was not walked (`render.rich.prepare`), and
        # the proof refused the build; the plain name is in another paragraph.
        summary=f"She wrote [a post]({SAFE_LINK}) about the service.",
        url=REDIRECT,
        paragraphs=[f"Read <{SAFE_LINK}> for the thread.", f"{NAME} said nothing else."],
        redact=[NAME],
    )
    return build_edition(root, tmp_path_factory.mktemp("links-out") / "out", build_cache)


@needs_tools
def test_a_doubly_encoded_name_is_in_no_output(edition: Edition, tmp_path: Path) -> None:
    leaks = found(edition, tmp_path, [NAME, "hobartwren"])
    assert leaks == {}, {k: v[:5] for k, v in leaks.items()}
    html = (edition.out / "html/items").glob("*TM-032*.html")
    assert any("[REDACTED]" in p.read_text("utf-8") for p in html)


def test_the_proof_finds_a_doubly_encoded_name(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f'<p><a href="{SAFE_LINK}">her post</a></p>', encoding="utf-8")
    assert [leak.string for leak in file_leaks(page, "page.html", Matcher.of([NAME]))] == [NAME]
    page.write_text(f'<p><a href="{REDIRECT}">her post</a></p>', encoding="utf-8")
    assert [leak.string for leak in file_leaks(page, "page.html", Matcher.of([NAME]))] == [NAME]


@pytest.mark.parametrize(
    "url",
    [
        SAFE_LINK,
        REDIRECT,
        "https://x.org/Hobart%252520Wrenfield",
        "https://x.org/%2548obart+Wrenfield",
    ],
)
def test_a_link_encoded_again_and_again_names_its_witness(url: str) -> None:
    assert Matcher.of([NAME]).in_url(url)
