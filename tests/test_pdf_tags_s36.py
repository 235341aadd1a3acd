"""The structure an item's sections are tagged with (accessibility audit h134), and that the tags
change nothing on the page.

"Related evidence" and "Exhibits" lines are a list (L, an LI per line with its Lbl and an LBody
holding a P, the link inline in it), as the HTML's <ul>; a policy extract is a BlockQuote of
paragraphs (P), as the HTML's <blockquote>; a statement of truth and the note under it are two
paragraphs. Each was loose inline content (a Span, a Link placed as a block) under Document.

A served bundle's pages are cited and never move: the template's new `lines`, `extract` and
`statement` are laid out exactly as the markup they replace, checked pixel by pixel at every
place a page may break them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
from pikepdf import Array, Dictionary, Name
from test_pdf import Built, build_pdf, make_sample

from inquiry.render import wording
from inquiry.render.pdf.compile import TEMPLATE, template_text
from inquiry.render.pdf.typst_source import STATEMENT_NOTE_MAX


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("tags-s36")
    root = make_sample(base)
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    one = "extract: The exact words of the policy, copied verbatim.\n"
    two = "extract: |\n  First paragraph, line one.\n  Line two.\n\n  Second paragraph.\n"
    assert one in pe.read_text(encoding="utf-8")
    pe.write_text(pe.read_text(encoding="utf-8").replace(one, two), encoding="utf-8")
    # A testimony without a statement of truth: the sentence saying so, and its note.
    tm = root / "evidence/testimonies/TM-003.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8").replace(
            "statement_of_truth: true", "statement_of_truth: false"
        ),
        encoding="utf-8",
    )
    return build_pdf(root, base / "out", cache=build_cache, ocr="never")


# --------------------------------------------------------------------------- reading the tree


def _kids(node: Any) -> list[Dictionary]:
    kids = node.get("/K")
    items = list(kids) if isinstance(kids, Array) else [kids]
    return [k for k in items if isinstance(k, Dictionary) and "/S" in k]


def _sections(pdf: pikepdf.Pdf, title: str) -> Iterator[list[Dictionary]]:
    """The elements after each H4 `title` (an item's section), to the next heading."""
    doc = pdf.Root.StructTreeRoot.K
    doc = doc[0] if isinstance(doc, Array) else doc
    top = _kids(doc)
    for i, e in enumerate(top):
        if e.S == Name.H4 and str(e.get("/T", "")) == title:
            body = []
            for x in top[i + 1 :]:
                # the next heading, the next item's head (Div), an exhibit's pages (Figure)
                if str(x.S) in ("/H1", "/H2", "/H3", "/H4", "/Div", "/Figure"):
                    break
                body.append(x)
            yield body


def _roles(nodes: list[Dictionary]) -> list[str]:
    return [str(n.S)[1:] for n in nodes]


def _placement(node: Dictionary) -> str | None:
    attrs = node.get("/A")
    for a in list(attrs) if isinstance(attrs, Array) else [attrs]:
        if isinstance(a, Dictionary) and "/Placement" in a:
            return str(a.Placement)
    return None


def _all(node: Dictionary) -> Iterator[Dictionary]:
    yield node
    for kid in _kids(node):
        yield from _all(kid)


@pytest.mark.parametrize("title", ["Related evidence", "Exhibits"])
def test_lines_are_a_list_of_paragraphs_with_inline_links(bundle: Built, title: str) -> None:
    """Each line an LI (Lbl, LBody) of one L, its words a P with the link inline in it: not a
    Span, a Link placed as a block and a Span under Document."""
    with pikepdf.open(bundle.pdf) as pdf:
        found = list(_sections(pdf, title))
        assert found, title
        lines = 2 if title == "Exhibits" else 1
        for body in found:
            assert _roles(body) == ["L"], _roles(body)
            items = _kids(body[0])
            assert _roles(items) == ["LI"] * len(items) and items
            for li in items:
                assert _roles(_kids(li)) == ["Lbl", "LBody"]
                paragraph = _kids(_kids(li)[1])
                assert _roles(paragraph) == ["P"]
                assert "Link" in _roles(_kids(paragraph[0]))
                assert all(_placement(n) != "/Block" for n in _all(paragraph[0]))
        assert max(len(_kids(body[0])) for body in found) == lines


def test_an_extract_is_a_block_quote_of_paragraphs(bundle: Built) -> None:
    with pikepdf.open(bundle.pdf) as pdf:
        (body,) = _sections(pdf, "Extract")
        assert _roles(body) == ["BlockQuote"]
        assert _roles(_kids(body[0])) == ["P", "P"]


def test_a_statement_of_truth_and_its_note_are_two_paragraphs(bundle: Built) -> None:
    """Given (TM-001) and not given (TM-003): two P each, not one Span."""
    with pikepdf.open(bundle.pdf) as pdf:
        found = list(_sections(pdf, "Statement of truth"))
    assert len(found) == 2
    for body in found:
        assert _roles(body) == ["P", "P"]


# --------------------------------------------------------------------------- the page is as it was

OLD = """
#let old-lines(items) = {
  set par(spacing: 0.45em)
  for l in items { block(l) }
}
#let old-extract(body) = block(
  width: 100%,
  inset: (left: 14pt, right: 10pt, y: 6pt),
  stroke: (left: 2pt + rule),
  body,
)
#let old-statement(words, note) = block(
  width: 100%,
  stroke: (left: 2pt),
  inset: (left: 8pt, y: 4pt),
  [#words #linebreak() #small(note)],
)
"""
LONG = "A title long enough to wrap over the line and round to the next one, " * 2


def _pages(folder: Path, source: str) -> list[bytes]:
    import typst

    (folder / TEMPLATE).write_text(template_text(), encoding="utf-8")
    main = folder / "main.typ"
    main.write_text(source, encoding="utf-8")
    pdf = typst.compile(main, root=folder, format="pdf", pdf_tags=True, timestamp=0)
    assert isinstance(pdf, bytes)
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=1).to_pil().tobytes() for i in range(len(document))]


def _document(new: bool, offsets: range) -> str:
    out = ['#import "template.typ": *', '#show: setup.with(lang: "en", region: "gb")', OLD]
    for k in offsets:
        out.append(f"#v({k}pt)")
        lines = ", ".join(
            f'[#"See also "#std.link("inquiry-goto:X", "A{j} (SF-00{j})");'
            f'#": "#"{LONG if j % 2 else "Short"}"#"."]'
            for j in range(3 if k % 4 else 1)
        )
        out.append(f"#section([Related evidence], {{{'' if new else 'old-'}lines(({lines},))}})")
        paragraphs = [f'#"{LONG}" #linebreak() #"Line two"', f'#"{LONG}"', '#"Short."']
        paragraphs = paragraphs[: 1 + k % 3]
        if new:
            extract = "extract((" + "".join(f"[{p}], " for p in paragraphs) + "))"
        else:
            extract = "old-extract([" + " #parbreak() ".join(paragraphs) + "])"
        out.append(f"#section([Extract], {{{extract}}})")
        # Notes of one and two lines as two paragraphs; a longer one as the one paragraph.
        reference = "W-" + "9" * [2, 90, 150, 300][k % 4]
        note = f"Witness {reference}. Dated 1 May 2024."
        words = wording.STATEMENT_OF_TRUTH if k % 2 else wording.NO_STATEMENT_OF_TRUTH
        one = ", one: true" if len(note) > STATEMENT_NOTE_MAX else ""
        call = (
            f'statement("{words}", [#"{note}"]{one})'
            if new
            else (f'old-statement("{words}", [#"{note}"])')
        )
        out.append(f"#section([Statement of truth], {{{call}}})")
        out.append('#section([Next], [#"Text."])')
        out.append("#pagebreak()")
    return "\n".join(out)


def test_the_tagged_sections_are_laid_out_as_before(tmp_path: Path) -> None:
    """At every place on a page (3pt apart down a whole page), so that every page break
    through the lines, the extract and the statement is tried: the same pages, pixel for
    pixel."""
    offsets = range(0, 720, 3)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = _pages(tmp_path / "old", _document(False, offsets))
    new = _pages(tmp_path / "new", _document(True, offsets))
    assert len(old) == len(new) > len(offsets)
    differ = [n for n, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b]
    assert not differ, f"pages {differ[:10]} of {len(old)} differ"
