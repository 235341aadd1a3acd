"""A redacted name OCR misread (`Illingworth` read as `Dlingworth`) is still boxed in an exhibit's
pixels: in text OCR wrote, names are found approximately (`inquiry.exhibits.ocr_names`), never
in a born-digital page's own text, and never so loosely that ordinary English is boxed (h112)."""

from __future__ import annotations

import io
import random
import re
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits.ocr_names import edits, find_near, fold, near, targets
from inquiry.exhibits.redact import StringRedaction, redact_pdf
from inquiry.redaction import Entry

SAMPLE = [Entry("Marnie Burnley"), Entry("Burnley"), Entry("Illingworth", "GRO-B")]
LINE = "Reply from Marnie Burnley about the rota; Ilma Lillie and Illingworth copied."
EVIDENCE = Path(__file__).resolve().parent.parent / "evidence"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
)


def words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"[^\W_]+(?:[|!][^\W_]*)*|[|!][^\W_]+", text)]


def found(text: str, strings: list[Entry] = SAMPLE) -> list[str]:
    tokens = words(text)
    return [" ".join(tokens[a:b]) for a, b, _ in near(tokens, targets(strings))]


# --------------------------------------------------------------------------- matching


def test_ocr_confusions_fold_together() -> None:
    assert fold("Illingworth") == fold("1l|ingworth") == fold("I!lingworth")
    assert fold("Marnie") == fold("Mamie")
    assert fold("Clare") == fold("dare")
    assert fold("Wolves") == fold("vvo1ves")
    assert fold("B0SS") == fold("8o55")
    assert fold("Zoë") == fold("2oe")


def test_edits_counts_and_gives_up_over_the_limit() -> None:
    assert edits("dllngworth", "llllngworth", 2) == 2
    assert edits("kitten", "sitting", 3) == 3
    assert edits("kitten", "sitting", 1) == 2  # over the limit: limit + 1
    assert edits("abc", "abcdefgh", 2) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ima Lillie and Dlingworth copied.", ["dllngworth"]),  # h112's line 4
        ("Lillie and llingworth copied.", ["lllngworth"]),  # a letter dropped
        ("Lillie and lingworth copied.", ["llngworth"]),  # two
        ("Lillie and 1ilingworth copied.", ["llllngworth"]),
        ("and Illing worth copied", ["llllng worth"]),  # split in two
        ("Reply trom Mamie Burnley about", ["mamle bumley"]),  # the whole name, not the surname
        ("Reply from Marnie Bumley about", ["mamle bumley"]),
        ("Reply from Mamie Burniey about", ["mamle bumley"]),
        # A word of seven letters is read with OCR's confusions only, no edit (h117: one edit
        # from `Stuart` is `start`); the plural is the exact matcher's.
        ("Burnleys and Bumley", ["bumley"]),
        ("Burnley, Marnie wrote", ["bumley mamle"]),  # surname first
        ("wrote to Mamie Burnley", ["mamle bumley"]),  # not `to` with it, though close enough
    ],
)
def test_a_misread_name_is_found(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_every_name_within_its_edits_is_found() -> None:
    """Whatever the edits (the search compares only runs holding a piece of a name unchanged)."""
    rng = random.Random(33)
    names = ["Illingworth", "Burnley", "Marnie Burnley", "Quorvath", "Agatha Thistlewood"]
    for name in names * 40:
        entry = Entry(name)
        (target,) = [t for t in targets([entry]) if t.words == 1 or t.folded[0] == fold(name)[0]]
        letters = list(target.folded)
        for _ in range(target.allowed):
            at = rng.randrange(len(letters))
            change = rng.choice("sid")
            if change == "s":
                letters[at] = rng.choice("abcdeghkmnopqrtuvwxy")
            elif change == "i":
                letters.insert(at, rng.choice("abcdeghkmnopqrtuvwxy"))
            elif len(letters) > 1:
                del letters[at]
        misread = "".join(letters)
        assert edits(misread, target.folded, target.allowed) <= target.allowed
        assert near(["reply", "from", misread, "about"], [target]) == [(2, 3, target)], misread


def test_a_string_under_five_letters_is_only_ever_exact() -> None:
    assert targets([Entry("Ann"), Entry("Rowe"), Entry("Li Wu")]) == []
    assert found("Anne and Ana rowed to Rows", [Entry("Ann"), Entry("Rowe")]) == []


def test_numbers_are_not_read_approximately() -> None:
    assert targets([Entry("+44 7700 900123"), Entry("Flat 12")]) == []


def test_ordinary_english_is_not_taken_for_a_name() -> None:
    text = "\n".join(p.read_text("utf-8") for p in sorted(EVIDENCE.rglob("*.yaml")))
    assert len(words(text)) > 5000
    assert found(text) == []
    assert found(LINE.replace("Marnie Burnley", "Mary").replace("Illingworth", "everyone")) == []


# --------------------------------------------------------------------------- on a page


def text_page(lines: list[str], *, invisible: bool) -> bytes:
    """A letter-sized page drawing `lines` in Helvetica, invisibly (as OCR's layer) or not."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                           BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding)
    )  # fmt: skip
    body = "".join(f"({line}) Tj T* " for line in lines)
    mode = 3 if invisible else 0
    content = f"BT {mode} Tr /F1 11 Tf 14 TL 72 720 Td {body}ET".encode("latin-1")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 612, 792],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def redact(pdf: bytes) -> list[int]:
    result = redact_pdf(pdf, [StringRedaction(e.text, e.code) for e in SAMPLE], [], ocr=False)
    return [m.page for m in result.marks]


MISREAD = ["Ima Lillie and Dlingworth copied.", "Reply trom Mamie Burnley."]


def test_a_misread_name_in_an_ocr_text_layer_is_boxed() -> None:
    pdf = text_page(MISREAD, invisible=True)
    assert len(find_near(pdf, targets(SAMPLE))[0]) == 2
    assert redact(pdf) == [1, 1]  # `Burnley` exactly; `Dlingworth`; `Mamie` goes with Burnley


def test_a_born_digital_page_is_matched_exactly() -> None:
    pdf = text_page(MISREAD, invisible=False)
    assert find_near(pdf, targets(SAMPLE)) == {}
    assert redact(pdf) == [1]  # `Burnley` only


def test_an_ocr_page_of_ordinary_english_is_not_boxed() -> None:
    text = (EVIDENCE / "policy_extracts" / "PE-001.yaml").read_text("utf-8")
    lines = [line.encode("latin-1", "replace").decode("latin-1") for line in text.splitlines()]
    lines = [re.sub(r"[()\\]", " ", line)[:100] for line in lines[:50]]
    assert redact(text_page(lines, invisible=True)) == []


# --------------------------------------------------------------------------- with Tesseract


FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-BoldItalic.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Italic.ttf",
]


@needs_tesseract
def test_a_screenshot_s_misread_names_are_all_boxed() -> None:
    """h112's screenshot: the line Tesseract reads `Dlingworth` kept the name in its pixels."""
    from inquiry.exhibits.ocr import ocr_available
    from inquiry.exhibits.prepare import Options, prepare

    fonts = [f for f in FONTS if Path(f).exists()]
    if not ocr_available() or len(fonts) < 2:
        pytest.skip("needs ocrmypdf with Tesseract's English data, and DejaVu/Liberation fonts")
    image = Image.new("L", (900, 700), 255)
    draw, y = ImageDraw.Draw(image), 10
    for path in fonts:
        for size in (11, 13, 16):
            draw.text((10, y), LINE, fill=0, font=ImageFont.truetype(path, size))
            y += size + 12
    data = io.BytesIO()
    image.save(data, format="PNG")
    options = Options(
        36.0, ocr="always", ocr_tools=True, strings=tuple((e.text, e.code) for e in SAMPLE)
    )
    prepared = prepare(data.getvalue(), strip=options)
    document = pdfium.PdfDocument(prepared.pdf)
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
    finally:
        document.close()
    # The rebuilt page's text layer is OCR's reading of its pixels: no name, nor one misread.
    assert found(text) == []
    lines = [line for line in text.splitlines() if "rota" in line]
    assert len(lines) == 3 * len(fonts)
    assert all(line.count("[REDACTED]") + line.count("[GRO-B]") == 2 for line in lines), text
    assert not prepared.unverified


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["Clare"], "Patients are cared for; staff care and live in the dark"),
        (
            ["Stuart", "Turner", "Carter", "White", "Grace", "Walker", "Clive", "Clark"],
            "start turned carer while grade walked live give five dark park",
        ),
    ],
)
def test_one_word_names_of_few_letters_take_no_ordinary_word(names: list[str], text: str) -> None:
    """h117: `Clare` folds to `dare`, one edit from `are`; `Stuart` is one from `start`."""
    assert found(text, [Entry(n) for n in names]) == []
