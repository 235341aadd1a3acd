"""A name run into other words by their capitals (stop 33, red team h112): a campaign's name
or a handle copied without its `#` or `@` (`JusticeForMarjorieWrenfield`, `MarjWrenfield`,
`WrenfieldJustice`) was left in every output."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.name_readings import camel_readings
from inquiry.redaction import Matcher


def test_names_run_together_by_capitals_are_cut() -> None:
    matcher = Matcher.of(["Marjorie Wrenfield", "Wrenfield"])
    text = (
        "She started the JusticeForMarjorieWrenfield campaign; on X she is MarjWrenfield "
        "and the WrenfieldJustice group backs her."
    )
    assert matcher.plain(text) == (
        "She started the JusticeFor[REDACTED] campaign; on X she is Marj[REDACTED] "
        "and the [REDACTED]Justice group backs her."
    )
    assert {s for s, _ in matcher.search(text)} == {"Marjorie Wrenfield", "Wrenfield"}


def test_words_that_only_hold_a_name_inside_a_word_are_left() -> None:
    matcher = Matcher.of(["Wrenfield", "Ann Lee"])
    for text in ("iPhone and McDonald", "AnnLeeway", "Ann Leeway", "DejaVu Sans"):
        assert matcher.plain(text) == text, text
    assert matcher.plain("the AnnLee fund") == "the [REDACTED] fund"


def test_camel_readings_map_back_to_the_text() -> None:
    text = "x JusticeForJane y"
    ((spaced, origin),) = camel_readings(text)
    assert spaced == "Justice For Jane"
    assert "".join(text[i] for ch, i in zip(spaced, origin, strict=True) if ch != " ") == (
        "JusticeForJane"
    )
    assert camel_readings("plain words, ALLCAPS and Title Case") == []
    long = "a" * 10_000 + "Wrenfield"
    ((spaced, origin),) = camel_readings(long)
    assert spaced.endswith(" Wrenfield") and len(spaced) < 300


def test_the_built_outputs_hold_no_name_run_together(sample: Path) -> None:
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - We were told to *discharge* people quickly.",
            "  - We ran JusticeForJanePlaceholder; she posts as JanePlaceholderNHS.",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--root",
            str(sample),
            "-q",
            "--format",
            "pdf",
            "--format",
            "docx",
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.output
    texts = built_texts(sample / "build")
    assert "JusticeFor" in texts["bundle.pdf"]
    name = re.compile(r"placeholder", re.IGNORECASE)
    assert not [where for where, text in texts.items() if name.search(text)]


def built_texts(out: Path) -> dict[str, str]:
    """What a build in `out` shows: the PDF's text, each DOCX part, each HTML page."""
    texts = {
        "bundle.pdf": subprocess.run(
            ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
    }
    with zipfile.ZipFile(io.BytesIO((out / "bundle.docx").read_bytes())) as z:
        for part in z.namelist():
            texts[f"bundle.docx:{part}"] = z.read(part).decode("utf-8", "replace")
    for page in (out / "html").rglob("*.html"):
        texts[str(page.relative_to(out))] = page.read_text(encoding="utf-8")
    return texts


def test_a_short_entry_in_the_formats_own_names_does_not_refuse_the_build(sample: Path) -> None:
    """h117: pandoc's style ids (`DecValTok`, `CharTok`) and relationship ids
    (`rIdInqHeader1`) read apart by their capitals held `Val`, `Char`, `Header`: every DOCX
    build of an edition redacting such a name was refused by the proof."""
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "redact: [Jane Placeholder]", "redact: [Jane Placeholder, Val, Char, Header]"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["build", "--root", str(sample), "-q", "--format", "docx", "--format", "pdf"]
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO((sample / "build/bundle.docx").read_bytes())) as z:
        assert "DecValTok" in z.read("word/styles.xml").decode("utf-8")


def test_capitals_of_other_alphabets_and_long_words_are_read_apart() -> None:
    """h117: `MarjorieŠimková`, a full-width capital, and a name past the first 120 letters of a
    long word run together were left."""
    matcher = Matcher.of(["Marjorie Šimková", "Jan Łukasiewicz", "Wrenfield"])
    assert matcher.plain("MarjorieŠimková") == "[REDACTED]"
    assert matcher.plain("JanŁukasiewicz wrote") == "[REDACTED] wrote"
    assert matcher.plain("JusticeForＷrenfield") == "JusticeFor[REDACTED]"
    assert matcher.plain("aB" + "c" * 116 + "Wrenfield").endswith("c[REDACTED]")
    assert matcher.search("aB" + "c" * 116 + "Wrenfield")


def test_a_long_run_of_capitals_is_read_in_linear_time() -> None:
    """Each boundary of `aBaB…` walked 240 letters: 500,000 of them took 6 s (a correctness
    test on a size only a linear reading gets through quickly)."""
    matcher = Matcher.of(["Wrenfield"])
    assert not matcher.search("aB" * 200_000)
    assert matcher.search("aB" * 200_000 + "xWrenfield")


def test_a_name_inside_a_long_word_of_capitals_is_cut() -> None:
    """h117: `JUSTICEFORWRENFIELD` has no boundary to read; it is read as a hashtag is."""
    matcher = Matcher.of(["Wrenfield", "Jane Rowe"])
    assert matcher.plain("JUSTICEFORWRENFIELD now") == "JUSTICEFOR[REDACTED] now"
    assert matcher.plain("#JUSTICEFORJANEROWE") == "#JUSTICEFOR[REDACTED]"
    assert {s for s, _ in matcher.search("JUSTICEFORJANEROWE")} == {"Jane Rowe"}
    for text in ("ACCOUNTABILITYNOW", "IMPROVING ACCESS", "NOT FOR PUBLICATION"):
        assert matcher.plain(text) == text
