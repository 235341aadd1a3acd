"""A language tag with a script, a numeric region or a variant builds the PDF (red team h_d,
stop 29, repro 06): `sr-Latn-RS`, `es-419`, `zh-Hant` and `en-GB-oxendict` are valid BCP 47 and
passed validation, but everything after the first `-` went to typst as the region ("expected two
letter region code", build exit 3). Typst now gets the language and a two-letter region only; the
PDF, HTML and DOCX still say the whole tag."""

from __future__ import annotations

import zipfile
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from test_numbers_s29a import ALL, scaffold
from test_pdf import all_text, build_pdf
from test_spec_audit_s28 import edit

from inquiry.render.pdf.typst_source import preamble
from inquiry.render.richtext import typst_language

# ------------------------------------------------------------------------------ languages

TAGS = ("sr-Latn-RS", "es-419", "zh-Hant", "en-GB-oxendict")


def test_typst_is_given_the_language_and_only_a_two_letter_region() -> None:
    assert typst_language("sr-Latn-RS") == ("sr", "rs")
    assert typst_language("es-419") == ("es", None)
    assert typst_language("zh-Hant") == ("zh", None)
    assert typst_language("en-GB-oxendict") == ("en", "gb")
    assert typst_language("cy") == ("cy", None)
    assert 'lang: "es", region: none' in preamble(restricted=None, language="es-419")


@pytest.mark.parametrize("tag", TAGS)
def test_a_language_with_script_numeric_region_or_variant_builds_the_pdf(
    tag: str, tmp_path: Path, build_cache: Path
) -> None:
    root = scaffold(tmp_path)
    edit(root / "evidence/submission.yaml", "language: en-GB ", f"language: {tag} ")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    with pikepdf.open(built.pdf) as pdf:
        assert str(pdf.Root.Lang) == tag  # the whole tag, as the submission gives it


def test_the_html_and_docx_keep_the_whole_tag_and_spans_in_such_tags_build(
    tmp_path: Path, build_cache: Path
) -> None:
    root = scaffold(tmp_path)
    edit(root / "evidence/submission.yaml", "language: en-GB ", "language: sr-Latn-RS ")
    spans = "[Zdravo]{lang=sr-Latn-RS}, [hola]{lang=es-419} and [Bore da]{lang=cy-GB}"
    edit(
        root / "evidence/survey_findings/SF-001.yaml",
        "Most respondents asked for **fewer targets**.",
        f"Most respondents asked for **fewer targets**. {spans}.",
    )
    built = build_pdf(root, tmp_path / "out", cache=build_cache, formats=ALL)
    index = lxml.html.parse(str(built.out / "html/index.html")).getroot()
    assert index.get("lang") == "sr-Latn-RS"
    with zipfile.ZipFile(built.out / "bundle.docx") as z:
        assert 'w:val="sr-Latn-RS"' in z.read("word/styles.xml").decode("utf-8")
    assert "Zdravo" in all_text(built.pdf) and "hola" in all_text(built.pdf)
    # A span keeps its whole tag where a format can say it (stop 29: a span's `lang` was kept
    # only as a language and two-letter region, and `es-419` or `sr-Latn-RS` was dropped).
    pages = " ".join(
        p.read_text(encoding="utf-8") for p in sorted((built.out / "html").rglob("*.html"))
    )
    assert 'lang="es-419"' in pages and 'lang="sr-Latn-RS"' in pages
    with zipfile.ZipFile(built.out / "bundle.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert 'w:val="es-419"' in body
