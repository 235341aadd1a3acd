"""A witness called Strong, Table or Heading (stop 30, red team h94): the search of each typst
piece's source read the names of typst's functions and arguments (`#strong[…]`, `table(`,
`heading(`, `title: `) as text, so every public build of such a witness was refused. The
source's text and strings are still searched: a name in a link's address, or in the text."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from test_pdf import build_pdf

from inquiry.proof import piece_leaks
from inquiry.redaction import Matcher
from inquiry.scaffold import init


def _empty_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('#strong[Important] #table(columns: 2)[a][b] #heading(level: 4, "x")', False),
        ('#link("https://example.org/mr-strong")[the page]', True),
        ("Mr Strong said so.", True),
        ('#item-page((title: [#"A statement by Strong"], kind: "Testimony"), [])', True),
    ],
)
def test_the_sources_own_words_are_not_searched(source: str, found: bool) -> None:
    leaks = piece_leaks(_empty_pdf(), source, Matcher.of(["Strong"]))
    assert bool(leaks) is found, leaks


def witness_named(tmp_path: Path, name: str) -> Path:
    """A new submission whose TM-001 says "Mr `name` said so." and redacts `name`."""
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "  - The second paragraph.\n" in text and "\nredact:" not in text
    text = text.replace("  - The second paragraph.\n", f"  - Mr {name} said so.\n")
    item.write_text(text + f"redact: [{name}]\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("name", ["Strong", "Table", "Heading", "Goto"])
def test_a_witness_named_as_a_typst_function_is_built(
    tmp_path: Path, build_cache: Path, name: str
) -> None:
    root = witness_named(tmp_path, name)
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    words = subprocess.run(
        ["pdftotext", str(built.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Mr {name}" not in words and "Mr [REDACTED] said so." in " ".join(words.split())
