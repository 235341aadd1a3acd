"""Exhibit preparation: sanitising, page geometry, images, refusals, hostile files and the
real-world corpus — each prepared as the build prepares it, and the refusals through a build."""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from pathlib import Path

import pikepdf
import pytest
from conftest import CORPUS, make_pdf, make_png, write_tree
from exhibit_helpers import (
    black_scan,
    darkness,
    decoded_streams,
    flate_bomb,
    forbidden_found,
    has,
    huge_png,
    image_bytes,
    image_streams,
    jpeg_claiming,
    one_page_pdf,
    only_image,
    opened,
    page_tree_cycle,
    pdf_bytes,
    prepared,
    render,
    secret_images,
    text_of,
    truncated_pdf,
    zero_pages,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.files import read_exhibit
from inquiry.exhibits.geometry import A4, A6_SHORT, placement
from inquiry.exhibits.images import strip_jpeg_metadata
from inquiry.exhibits.prepare import Prepared

needs_poppler = pytest.mark.skipif(
    not (has("pdftoppm") and has("pdftotext")), reason="poppler-utils not installed"
)


def prepare_pdf(pdf: pikepdf.Pdf, *, strip: float = 0.0) -> Prepared:
    return prepared(pdf_bytes(pdf), strip=strip)


def refusal(data: bytes, code: str | None = None) -> str:
    with pytest.raises(ExhibitError) as info:
        prepared(data)
    if code is not None:
        assert info.value.code == code, str(info.value)
    message = str(info.value)
    assert "Traceback" not in message and not re.search(r"0x[0-9a-f]{6,}", message), message
    return message


# --------------------------------------------------------------------------- basics


def test_simple_pdf_keeps_pages_sizes_and_hash() -> None:
    data = make_pdf(3, size=(612, 792), text="Report")
    exhibit = prepared(data)
    assert exhibit.kind == "pdf"
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    assert exhibit.sizes == ((612, 792),) * 3
    assert len(opened(exhibit).pages) == 3


def test_a_strip_is_added_below_every_page_and_left_empty() -> None:
    exhibit = prepared(make_pdf(2, size=(612, 792)), strip=30)
    assert exhibit.sizes == ((612, 822),) * 2
    for page in opened(exhibit).pages:
        content = page.obj.Contents.read_bytes().decode()
        # The exhibit is drawn clipped to the area above the strip, as one form.
        assert content.startswith("q 0 30 612 792 re W n ") and content.endswith("/Exh0 Do Q\n")


@needs_poppler
def test_prepared_pages_keep_their_text() -> None:
    exhibit = prepared(make_pdf(2, text="Searchable"), strip=30)
    assert "Searchable page 2" in text_of(exhibit.pdf, 2)


def test_placement_fits_and_centres() -> None:
    # 200 wide fits a 200-wide box exactly; 100 tall is centred in 300.
    assert placement((0, 0, 200, 100), 0, (100, 100, 300, 400)) == (1, 0, 0, 1, 100, 200)
    # a page twice the box's size is halved
    assert placement((0, 0, 400, 400), 0, (0, 0, 200, 200)) == (0.5, 0, 0, 0.5, 0, 0)


# --------------------------------------------------------------------------- sanitising


def hostile_pdf() -> pikepdf.Pdf:
    """JavaScript everywhere, an attachment, a launch link, a form with a value and XFA."""
    pdf = pikepdf.new()

    def js(code: str) -> pikepdf.Object:
        return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=code))

    embedded = pdf.make_stream(b"secret attachment", Type=pikepdf.Name.EmbeddedFile)
    filespec = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F="a.txt", EF=pikepdf.Dictionary(F=embedded))
    )
    helv = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    sneaky_form = pdf.make_stream(
        b"BT /F1 12 Tf 20 400 Td (Inside a form xobject) Tj ET",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 300, 500],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helv)),
        AA=pikepdf.Dictionary(O=js("app.alert(1)")),
        AF=pikepdf.Array([filespec]),
    )
    content = b"BT /F1 14 Tf 20 450 Td (Visible exhibit text) Tj ET /Fm0 Do /GS0 gs"
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 300, 500],
                Resources=pikepdf.Dictionary(
                    Font=pikepdf.Dictionary(F1=helv),
                    XObject=pikepdf.Dictionary(Fm0=sneaky_form),
                    ExtGState=pikepdf.Dictionary(
                        GS0=pikepdf.Dictionary(
                            Type=pikepdf.Name.ExtGState, JS="app.alert(2)", Extra=js("x()")
                        )
                    ),
                ),
                Contents=pdf.make_stream(content),
                AA=pikepdf.Dictionary(O=js("app.alert(3)")),
                AF=pikepdf.Array([filespec]),
            )
        )
    )
    page = pdf.pages[0].obj
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            FT=pikepdf.Name.Tx,
            T="name",
            V="WITNESSVALUE",
            DA="/Helv 12 Tf 0 g",
            Rect=[20, 300, 250, 330],
            F=4,
            P=page,
            AA=pikepdf.Dictionary(K=js("app.alert(4)")),
        )
    )
    link = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[20, 200, 100, 220],
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"),
        )
    )
    attachment = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.FileAttachment,
            Rect=[20, 100, 40, 120],
            FS=filespec,
        )
    )
    page.Annots = pikepdf.Array([field, link, attachment])
    pdf.Root.OpenAction = js("app.alert(5)")
    pdf.Root.AA = pikepdf.Dictionary(WC=js("app.alert(6)"))
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=["init", js("app.alert(7)")]),
        EmbeddedFiles=pikepdf.Dictionary(Names=["a.txt", filespec]),
    )
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=[field],
        NeedAppearances=True,
        DA="/Helv 12 Tf 0 g",
        DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=helv)),
        XFA=pdf.make_stream(b"<xdp:xdp/>"),
    )
    return pdf


def test_hostile_pdf_leaves_nothing_active() -> None:
    exhibit = prepare_pdf(hostile_pdf(), strip=30)
    assert forbidden_found(exhibit.pdf) == set()
    assert b"secret attachment" not in decoded_streams(exhibit.pdf)
    with opened(exhibit) as pdf:
        assert set(pdf.Root.keys()) <= {"/Type", "/Pages"}
        assert all("/Annots" not in page.obj for page in pdf.pages)


@needs_poppler
def test_hostile_pdf_keeps_visible_text_and_form_values() -> None:
    text = text_of(prepare_pdf(hostile_pdf()).pdf)
    assert "Visible exhibit text" in text
    assert "Inside a form xobject" in text
    assert "WITNESSVALUE" in text  # the form value was flattened into the page


def test_forbidden_found_detects_what_it_should() -> None:
    """The checker itself works, so the absence of findings above means something."""
    found = forbidden_found(pdf_bytes(hostile_pdf()))
    assert {"/JavaScript", "/JS", "/EmbeddedFiles", "/OpenAction", "/AA", "/XFA"} <= found


def test_hidden_annotations_stay_hidden() -> None:
    pdf = one_page_pdf(b"")
    appearance = pdf.make_stream(
        b"BT /F1 12 Tf 0 0 Td (HIDDENNOTE) Tj ET",
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 100, 20],
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary(
                F1=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                )
            )
        ),
    )
    pdf.pages[0].obj.Annots = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Stamp,
                Rect=[10, 10, 110, 30],
                F=2,  # hidden
                AP=pikepdf.Dictionary(N=appearance),
            )
        ]
    )
    assert b"HIDDENNOTE" not in decoded_streams(prepare_pdf(pdf).pdf)


def markup(subtype: str, **keys: object) -> pikepdf.Dictionary:
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype), F=4)
    for key, value in keys.items():
        annot[f"/{key}"] = value
    return annot


@needs_poppler
def test_markup_without_appearance_streams_stays_visible(tmp_path: Path) -> None:
    """Highlights, shapes and ink often have no appearance stream; viewers draw them anyway."""
    pdf = one_page_pdf(b"BT /F1 12 Tf 20 452 Td (Marked words) Tj ET", mediabox=(0, 0, 300, 500))
    blue = [0, 0, 1]
    pdf.pages[0].obj.Annots = pikepdf.Array(
        [
            # a nonsense /Rect, as in the wild: the quads decide
            markup(
                "/Highlight",
                C=blue,
                QuadPoints=[15, 470, 150, 470, 15, 445, 150, 445],
                Rect=[0, 0, 1, 1],
            ),
            markup("/Square", C=blue, IC=[0], Rect=[20, 300, 120, 400], Border=[0, 0, 2]),
            markup(
                "/Ink",
                C=blue,
                InkList=[[150, 300, 280, 300, 280, 302, 150, 302]],
                BS=pikepdf.Dictionary(W=8),
                Rect=[150, 296, 280, 306],
            ),
            markup("/Circle", Rect=[20, 100, 120, 200]),  # no colour: nothing to draw
            markup("/Highlight", C=blue, QuadPoints=[1, 2, 3]),  # malformed: skipped
        ]
    )
    exhibit = prepare_pdf(pdf)
    rendered = render(exhibit.pdf, tmp_path, dpi=72)
    assert darkness(rendered, (60 / 300, 32 / 500, 140 / 300, 52 / 500)) > 0.5  # highlight
    assert darkness(rendered, (30 / 300, 110 / 500, 110 / 300, 190 / 500)) > 0.9  # filled square
    assert darkness(rendered, (160 / 300, 196 / 500, 270 / 300, 202 / 500)) > 0.5  # ink
    assert "Marked words" in text_of(exhibit.pdf)  # the highlight does not hide the text


# --------------------------------------------------------------------------- geometry

ROTATIONS = [(0, 0), (90, 90), (180, 180), (270, 270), (-90, 270), (450, 90), (45, 0)]


def unrotated(rect: tuple[float, ...], rotate: int, w: float, h: float) -> list[float]:
    """A rectangle given in the upright (visible) view, in the page's own coordinates."""
    points = []
    for vx, vy in ((rect[0], rect[1]), (rect[2], rect[3])):
        x, y = {
            0: (vx, vy),
            90: (w - vy, vx),
            180: (w - vx, h - vy),
            270: (vy, h - vx),
        }[rotate]
        points.append((x, y))
    (x0, y0), (x1, y1) = points
    return [min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)]


def marker_pdf(rotate_key: int, effective: int, *, inherited: bool = False) -> pikepdf.Pdf:
    """A 300x500 page with a black bar over the left half of the top edge *as displayed*."""
    w, h = 300.0, 500.0
    vw, vh = (h, w) if effective in (90, 270) else (w, h)
    x, y, rw, rh = unrotated((0, vh - vh / 8, vw / 2, vh), effective, w, h)
    pdf = one_page_pdf(f"0 g {x} {y} {rw} {rh} re f".encode(), mediabox=(0, 0, w, h))
    if inherited:
        pdf.Root.Pages.Rotate = rotate_key
    else:
        pdf.pages[0].obj.Rotate = rotate_key
    return pdf


def assert_bar_top_left(image: Image.Image) -> None:
    assert darkness(image, (0.05, 0.02, 0.45, 0.1)) > 0.8, "bar missing from top left"
    assert darkness(image, (0.55, 0.02, 0.95, 0.1)) < 0.1, "mirrored"
    assert darkness(image, (0.05, 0.3, 0.95, 0.98)) < 0.1, "bar not at the top"


@pytest.mark.parametrize(("rotate", "effective"), ROTATIONS)
def test_rotation_is_turned_upright_into_sizes(rotate: int, effective: int) -> None:
    exhibit = prepare_pdf(marker_pdf(rotate, effective))
    assert exhibit.sizes == (((500, 300),) if effective in (90, 270) else ((300, 500),))
    with opened(exhibit) as pdf:
        assert int(pdf.pages[0].obj.get("/Rotate", 0)) == 0, "upright in the content, not a key"


@needs_poppler
@pytest.mark.parametrize(("rotate", "effective"), ROTATIONS)
@pytest.mark.parametrize("inherited", [False, True])
def test_rotated_page_is_placed_upright(
    tmp_path: Path, rotate: int, effective: int, inherited: bool
) -> None:
    exhibit = prepare_pdf(marker_pdf(rotate, effective, inherited=inherited))
    assert_bar_top_left(render(exhibit.pdf, tmp_path))


@needs_poppler
def test_rotated_page_above_a_strip(tmp_path: Path) -> None:
    strip = 100.0
    exhibit = prepare_pdf(marker_pdf(90, 90), strip=strip)
    w, h = exhibit.sizes[0]
    assert (w, h) == (500, 300 + strip)
    image = render(exhibit.pdf, tmp_path)
    content = image.crop((0, 0, image.width, int(image.height * (h - strip) / h)))
    assert_bar_top_left(content)
    assert darkness(image, (0, 0.8, 1, 1)) < 0.01  # the strip is left empty for the stamp


def _bbox(exhibit: Prepared) -> list[float]:
    with opened(exhibit) as pdf:
        return [float(v) for v in pdf.pages[0].Resources.XObject.Exh0.BBox]


def test_offset_mediabox_and_cropbox() -> None:
    pdf = one_page_pdf(b"", mediabox=(100, 200, 800, 1200), CropBox=[150, 250, 650, 1150])
    exhibit = prepare_pdf(pdf)
    assert exhibit.sizes == ((500, 900),)
    assert _bbox(exhibit) == [150, 250, 650, 1150], "only the crop is shown"


def test_cropbox_partly_outside_mediabox_is_intersected() -> None:
    pdf = one_page_pdf(b"", mediabox=(0, 0, 600, 800), CropBox=[300, 400, 1000, 1000])
    exhibit = prepare_pdf(pdf)
    assert exhibit.sizes == ((300, 400),)
    assert _bbox(exhibit) == [300, 400, 600, 800]


def test_cropbox_wholly_outside_or_reversed_falls_back() -> None:
    outside = one_page_pdf(b"", mediabox=(0, 0, 600, 800), CropBox=[700, 900, 1000, 1000])
    assert prepare_pdf(outside).sizes == ((600, 800),)
    reversed_box = one_page_pdf(b"", mediabox=(600, 800, 0, 0), CropBox=[500, 700, 100, 100])
    assert prepare_pdf(reversed_box).sizes == ((400, 600),)


@needs_poppler
def test_cropped_offset_rotated_page_shows_the_crop_upright(tmp_path: Path) -> None:
    """MediaBox off the origin, a CropBox inside it, /Rotate 270: only the crop shows, upright."""
    crop = (150.0, 250.0, 550.0, 1050.0)
    w, h = crop[2] - crop[0], crop[3] - crop[1]
    x, y, rw, rh = unrotated((0, w - w / 8, h / 2, w), 270, w, h)
    content = (
        f"0 g {crop[0] + x} {crop[1] + y} {rw} {rh} re f "  # the bar, in page coordinates
        "100 200 50 900 re f 550 200 50 900 re f"  # black outside the crop: must be cut off
    )
    pdf = one_page_pdf(
        content.encode(), mediabox=(100, 200, 600, 1100), CropBox=list(crop), Rotate=270
    )
    exhibit = prepare_pdf(pdf)
    assert exhibit.sizes == ((800, 400),)
    assert_bar_top_left(render(exhibit.pdf, tmp_path, dpi=40))


def test_user_unit_counts_in_the_size() -> None:
    pdf = one_page_pdf(b"", mediabox=(0, 0, 1000, 1200), UserUnit=3)
    assert prepare_pdf(pdf).sizes == ((3000, 3600),)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((100, 100), (A6_SHORT, A6_SHORT)),
        ((3.84, 3.84), (A6_SHORT, A6_SHORT)),
        ((100, 200), (A6_SHORT, 2 * A6_SHORT)),
        ((297.6378, 419.5276), (297.6378, 419.5276)),  # A6 itself
        ((5000, 7000), (5000, 7000)),  # huge pages keep their size
        ((10, 10000), (14.4, 14400)),  # but scaling never passes the largest page viewers allow
    ],
)
def test_small_pages_are_scaled_up_to_a6(
    size: tuple[float, float], expected: tuple[float, float]
) -> None:
    exhibit = prepared(make_pdf(1, size=size))
    assert exhibit.sizes[0] == pytest.approx(expected, abs=0.01)


def test_a_page_at_the_viewers_limit_still_gets_its_strip() -> None:
    """20,000 points square: scaled so that page and strip together stay within 14,400; the
    strip is in proportion to the page (see the next test), and the page stays square."""
    from inquiry.exhibits.geometry import strip_scale

    exhibit = prepared(make_pdf(1, size=(20000, 20000)), strip=28)
    width, height = exhibit.sizes[0]
    strip = 28 * strip_scale(width, width)
    assert 14300 < height <= 14400
    assert height - strip == pytest.approx(width, abs=0.01)


@pytest.mark.parametrize(
    ("size", "scale"),
    [
        ((595, 842), 1.0),
        ((842, 595), 1.0),
        ((612, 884), 1.0),
        ((1768, 1191), 2.0),
        ((5000, 3000), 5000 / 884),
    ],
)
def test_a_large_page_gets_a_strip_in_proportion_and_assembly_reads_it_back(
    size: tuple[float, float], scale: float
) -> None:
    """An A0 plan shown whole on a screen or printed on A4 would make a 28-point strip a
    speck: the strip (and the number drawn in it) grows with the page's longer side, and the
    stamp finds the same scale from the extended page alone."""
    from inquiry.exhibits.geometry import strip_scale_of

    exhibit = prepared(make_pdf(1, size=size), strip=28)
    width, total = exhibit.sizes[0]
    assert width == pytest.approx(size[0], abs=0.01)
    assert total - size[1] == pytest.approx(28 * scale, abs=0.01)
    assert strip_scale_of(width, total, 28) == pytest.approx(scale, rel=1e-4)


@needs_poppler
def test_a_full_page_scan_stays_above_the_strip(tmp_path: Path) -> None:
    """A scan is an opaque full-page image: it fills the exhibit's area and nothing of it
    reaches the strip, where assembly draws the caption and the bundle's stamp."""
    pdf = black_scan(60, 85)
    exhibit = prepare_pdf(pdf, strip=28)
    rendered = render(exhibit.pdf, tmp_path, dpi=36)
    strip = 28 / (842 + 28)
    assert darkness(rendered, (0.01, 0.01, 0.99, 1 - strip - 0.01)) > 0.95  # the scan
    assert darkness(rendered, (0, 1 - strip + 0.005, 1, 1)) < 0.01  # the strip, empty


# --------------------------------------------------------------------------- images


def test_png_becomes_one_a4_page() -> None:
    portrait = prepared(make_png(300, 400))
    landscape = prepared(make_png(400, 300))
    assert portrait.kind == landscape.kind == "png"
    assert len(portrait.sizes) == len(landscape.sizes) == 1
    assert portrait.sizes[0] == pytest.approx((595.2756, 841.8898), abs=0.01)
    assert landscape.sizes[0] == pytest.approx((841.8898, 595.2756), abs=0.01)


def test_a_picture_stays_a4_with_the_strip_in_its_margin(tmp_path: Path) -> None:
    """A PNG or JPEG becomes one A4 page (SPEC) even with the bundle's strip: the picture sits
    inside 20 mm margins, so the strip's 28 points lie in its blank bottom margin."""
    black = image_bytes(Image.new("RGB", (300, 400), "black"), "PNG")
    for data, size in ((black, (595.2756, 841.8898)), (make_png(400, 300), (841.8898, 595.2756))):
        exhibit = prepared(data, strip=28)
        assert exhibit.sizes == (pytest.approx(size, abs=0.01),)
    rendered = render(prepared(black, strip=28).pdf, tmp_path, dpi=36)
    strip = 28 / 841.8898
    assert darkness(rendered, (0, 1 - strip, 1, 1)) < 0.01  # the strip's room, blank
    assert darkness(rendered, (0.3, 0.3, 0.7, 0.7)) > 0.95  # the picture


def test_jpeg_image_data_is_embedded_without_recompression() -> None:
    data = image_bytes(Image.new("RGB", (50, 40), "red"), "JPEG")
    exhibit = prepared(data)
    assert exhibit.kind == "jpeg"
    xobject = only_image(exhibit)
    assert xobject.Filter == pikepdf.Name.DCTDecode
    assert xobject.read_raw_bytes() == strip_jpeg_metadata(data) == data  # no metadata to drop
    assert xobject.ColorSpace == pikepdf.Name.DeviceRGB


def test_image_metadata_never_reaches_the_prepared_exhibit() -> None:
    """EXIF (artist, description, GPS…), XMP, comments and PNG text chunks are dropped; the
    pixels (and a JPEG's compressed scan) are kept."""
    # Artist and ImageDescription among the EXIF tags.
    jpeg, png = secret_images((64, 48), {0x013B: "SECRETARTIST", 0x010E: "SECRETDESCRIPTION"})
    assert b"SECRETCOMMENT" in jpeg and b"SECRETARTIST" in jpeg and b"SECRETPNGTEXT" in png
    for data in (jpeg, png):
        exhibit = prepared(data)
        raw = exhibit.pdf + decoded_streams(exhibit.pdf)
        for secret in (b"SECRET", b"Exif", b"<x>"):
            assert secret not in raw, (data[:4], secret)
    scan = jpeg[jpeg.index(b"\xff\xda") :]
    assert only_image(prepared(jpeg)).read_raw_bytes().endswith(scan)


def test_cmyk_and_grey_jpegs() -> None:
    cmyk = prepared(image_bytes(Image.new("CMYK", (20, 20)), "JPEG"))
    xobject = only_image(cmyk)
    assert xobject.ColorSpace == pikepdf.Name.DeviceCMYK
    assert "/Decode" in xobject  # Pillow writes Adobe (inverted) CMYK JPEGs
    grey = prepared(image_bytes(Image.new("L", (20, 20)), "JPEG"))
    assert only_image(grey).ColorSpace == pikepdf.Name.DeviceGray


@pytest.mark.parametrize(
    ("image", "colour"),
    [
        (Image.new("RGBA", (10, 10), (0, 0, 0, 0)), (255, 255, 255)),  # transparent → white
        (Image.new("RGBA", (10, 10), (255, 0, 0, 255)), (255, 0, 0)),
        (Image.new("LA", (10, 10), (0, 0)), (255, 255, 255)),
        (Image.new("P", (10, 10), 0), (0, 0, 0)),
        (Image.new("1", (10, 10), 1), (255, 255, 255)),
        (Image.new("I;16", (10, 10), 65535), (255, 255, 255)),  # 16-bit scaled, not clipped
        (Image.new("I;16", (10, 10), 32896), (128, 128, 128)),
        (Image.new("L", (10, 10), 77), (77, 77, 77)),
    ],
    ids=[
        "rgba-clear",
        "rgba-red",
        "la-clear",
        "palette",
        "bilevel",
        "16bit-white",
        "16bit-mid",
        "L",
    ],
)
def test_png_modes(image: Image.Image, colour: tuple[int, int, int]) -> None:
    xobject = only_image(prepared(image_bytes(image, "PNG")))
    pixel = pikepdf.PdfImage(xobject).as_pil_image().convert("RGB").getpixel((5, 5))
    assert pixel == colour


def test_png_with_transparent_palette_entry() -> None:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    xobject = only_image(prepared(image_bytes(image, "PNG", transparency=0)))
    pixel = pikepdf.PdfImage(xobject).as_pil_image().convert("RGB").getpixel((5, 5))
    assert pixel == (255, 255, 255)


@needs_poppler
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_exif_orientation_is_honoured(tmp_path: Path, fmt: str) -> None:
    """Stored sideways with orientation 6 (rotate 90° clockwise to view): shown upright."""
    upright = Image.new("L", (300, 200), 255)
    upright.paste(0, (0, 0, 150, 25))  # dark bar top-left as the camera meant it
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise, now 200x300
    exif = Image.Exif()
    exif[0x0112] = 6
    exhibit = prepared(image_bytes(stored.convert("RGB"), fmt, exif=exif.tobytes()))
    (page_w, page_h), margin = exhibit.sizes[0], 20 / 25.4 * 72
    assert (page_w, page_h) == pytest.approx((A4[1], A4[0]))  # landscape, as displayed
    scale = min((page_w - 2 * margin) / 300, (page_h - 2 * margin) / 200)
    left, top = (page_w - 300 * scale) / 2 / page_w, (page_h - 200 * scale) / 2 / page_h
    width, height = 300 * scale / page_w, 200 * scale / page_h
    rendered = render(exhibit.pdf, tmp_path, dpi=40)
    bar_h = height / 8
    bar = (left + 0.02, top + 0.01, left + width / 2 - 0.02, top + bar_h - 0.01)
    assert darkness(rendered, bar) > 0.8
    beside = (left + width / 2 + 0.02, top + 0.01, left + width - 0.02, top + bar_h - 0.01)
    assert darkness(rendered, beside) < 0.1
    below = (left + 0.02, top + bar_h + 0.02, left + width - 0.02, top + height - 0.02)
    assert darkness(rendered, below) < 0.1


# --------------------------------------------------------------------------- refusals


def test_encrypted_with_user_password_is_refused() -> None:
    data = pdf_bytes(one_page_pdf(b""), encryption=pikepdf.Encryption(user="u", owner="o"))
    message = refusal(data, "exhibit-encrypted")
    assert "encrypted with a password; supply an unencrypted copy" in message


def test_encrypted_with_owner_password_only_opens() -> None:
    data = pdf_bytes(one_page_pdf(b""), encryption=pikepdf.Encryption(user="", owner="o"))
    assert len(prepared(data).sizes) == 1


def test_zero_pages_refused() -> None:
    assert "has no pages" in refusal(zero_pages(), "exhibit-no-pages")


def test_a_page_qpdf_cannot_read_is_damage_not_no_pages() -> None:
    """A MediaBox of 1e38 overflows qpdf's integers: it drops the page object, and the file
    was reported as having no pages — which sends its owner looking for the wrong fault."""
    data = pdf_bytes(one_page_pdf(b"", mediabox=(0, 0, 1e38, 1e38)))
    message = refusal(data, "exhibit-damaged")
    assert "damaged beyond repair" in message and "cannot be read" in message


def test_not_a_pdf_or_image_refused() -> None:
    assert "not a PDF, PNG or JPEG" in refusal(b"Just some text\n", "exhibit-type")
    assert "not a PDF, PNG or JPEG" in refusal(b"", "exhibit-type")
    gif = image_bytes(Image.new("RGB", (4, 4)), "GIF")
    assert "not a PDF, PNG or JPEG" in refusal(gif, "exhibit-type")


def test_damaged_pdf_refused() -> None:
    message = refusal(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert "damaged" in message or "has no pages" in message


def test_a_truncated_pdf_is_refused_not_blank_pages() -> None:
    assert "truncated" in refusal(truncated_pdf())


def test_a_page_tree_cycle_is_refused_in_plain_words() -> None:
    message = refusal(page_tree_cycle())
    assert "damaged beyond repair" in message and "Loop detected" in message


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images_refused(fmt: str) -> None:
    noisy = Image.effect_noise((200, 200), 50).convert("RGB")
    data = image_bytes(noisy, fmt)
    assert "truncated or damaged" in refusal(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make", "pixels"),
    [(huge_png, "13,000 × 13,000"), (jpeg_claiming, "12,000 × 12,000")],
    ids=["png-13000", "jpeg-claims-12000"],
)
def test_pixel_bombs_are_refused_at_once_naming_the_limit(make: object, pixels: str) -> None:
    data = make()  # type: ignore[operator]
    start = time.monotonic()
    message = refusal(data, "exhibit-too-large")
    assert time.monotonic() - start < 2
    assert pixels in message and "over the limit of 60,000,000 pixels" in message, message


def test_a_flate_bomb_is_refused_within_seconds() -> None:
    data = flate_bomb()
    assert len(data) < 5 * 1024 * 1024  # 4 MB claiming 4 GiB, as in issue 9
    start = time.monotonic()
    message = refusal(data, "exhibit-too-large")
    assert time.monotonic() - start < 15
    assert "compression bomb" in message


def test_unreadable_or_special_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExhibitError) as info:
        read_exhibit(tmp_path / "missing.pdf")
    assert info.value.code == "exhibit-unreadable"
    os.mkfifo(tmp_path / "pipe.pdf")
    with pytest.raises(ExhibitError) as info:
        read_exhibit(tmp_path / "pipe.pdf")  # never blocks
    assert info.value.code == "exhibit-not-file"
    with pytest.raises(ExhibitError) as info:
        read_exhibit(Path("/dev/zero"))  # a device, not a file: never read
    assert info.value.code == "exhibit-not-file"
    (tmp_path / "big.pdf").write_bytes(b"%PDF-" + b"0" * 2000)
    with pytest.raises(ExhibitError) as info:
        read_exhibit(tmp_path / "big.pdf", limit=1000)
    assert info.value.code == "exhibit-too-large"


def _hostile_bytes() -> bytes:
    return pdf_bytes(hostile_pdf(), object_stream_mode=pikepdf.ObjectStreamMode.generate)


FUZZ_SEEDS = [
    make_pdf(2),
    _hostile_bytes(),
    make_png(60, 40),
    image_bytes(Image.new("RGB", (30, 20), "blue"), "JPEG"),
]


@settings(
    max_examples=int(os.environ.get("EXHIBIT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_files_never_escape_as_tracebacks(data: st.DataObject) -> None:
    """Cut or corrupt a valid PDF, PNG or JPEG anywhere: it prepares, or it is refused."""
    original = data.draw(st.sampled_from(FUZZ_SEEDS))
    cut = data.draw(st.integers(8, len(original)))
    spot = data.draw(st.integers(0, cut - 1))
    noise = data.draw(st.binary(min_size=1, max_size=16))
    damaged = (original[:spot] + noise + original[spot + len(noise) :])[:cut]
    prepares_or_is_refused(damaged)


def prepares_or_is_refused(damaged: bytes) -> None:
    """A damaged exhibit is prepared whole, or refused with a message: never a traceback."""
    try:
        exhibit = prepared(damaged, strip=28)
    except ExhibitError as exc:
        assert str(exc)
        return
    with opened(exhibit) as pdf:
        assert len(pdf.pages) == len(exhibit.sizes) >= 1
        pdf.save(io.BytesIO())


@pytest.mark.skipif(not has("tesseract"), reason="needs Tesseract")
def test_an_exhibit_prepared_while_ocr_could_not_run_is_ocrd_once_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build on a machine (or in a worker) where OCR could not run leaves an image without
    text and says so; the cache must not hand that result to a later build that can OCR — the
    warning would stay, and the page stay unsearchable, for good."""
    from inquiry.cache import Cache
    from inquiry.exhibits import ocr, stage
    from inquiry.exhibits.prepare import Options
    from inquiry.workers import Pool

    scan = Image.new("L", (600, 200), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(scan).text((20, 80), "SEARCHABLE WORDS", fill=0)
    path = tmp_path / "scan.png"
    path.write_bytes(image_bytes(scan.resize((1800, 600)), "PNG"))
    cache = Cache(tmp_path / "cache")

    def in_process(self: Pool, fn: object, tasks: list[object], **_: object) -> list[object]:
        return [fn(task) for task in tasks]  # type: ignore[operator]

    def request(tools: bool) -> stage.Request:
        # Whether OCR can run is decided once by the build (edition.requests) and is part of the
        # options, so of the cache key.
        return stage.Request(path, "exhibits/scan.png", Options(28.0, "auto", ocr_tools=tools))

    assert ocr.ocr_available()
    monkeypatch.setattr(Pool, "run", in_process)
    with Pool(jobs=1, memory=1 << 30) as pool:
        [before] = stage.prepare_many(
            [request(False)], pool=pool, seconds=60, cache=cache, workdir=tmp_path
        )
        assert isinstance(before, stage.Ready) and before.no_text == (1,)
        [after] = stage.prepare_many(
            [request(True)], pool=pool, seconds=60, cache=cache, workdir=tmp_path
        )
    assert isinstance(after, stage.Ready)
    assert after.no_text == (), "the result made without OCR came back from the cache"


# --------------------------------------------------------------------------- through a build


def _item(item_id: str, files: list[str]) -> str:
    exhibits = "".join(f"  - {{file: {f}, description: Exhibit {f}}}\n" for f in files)
    return (
        f"id: {item_id}\nkind: policy_extract\ntitle: Exhibits of {item_id}\ndate: '2024'\n"
        "lines_of_inquiry: [LOI-2]\nsummary: A policy.\n"
        "source: {title: A policy, publisher: Example, accessed: 2025-01-01}\n"
        "document: {title: A policy, publisher: Example, published: '2024', reference: s. 1}\n"
        "extract: Words.\nexhibits:\n" + exhibits
    )


def _lines(root: Path, item_id: str) -> dict[str, int]:
    path = root / f"evidence/policy_extracts/{item_id}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    return {m[1]: n for n, line in enumerate(lines, 1) if (m := re.search(r"file: ([^,]+),", line))}


def _build(root: Path, cache: Path) -> tuple[int, str, float]:
    from click.testing import CliRunner

    from inquiry.cli import main

    start = time.monotonic()
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--format", "pdf", "--ocr", "never", "-q"],
        env={"SOURCE_DATE_EPOCH": "1700000000", "INQUIRY_CACHE_DIR": str(cache)},
    )
    return result.exit_code, result.output, time.monotonic() - start


def test_hostile_exhibits_are_refused_at_their_lines_in_one_build(
    sample: Path, build_cache: Path
) -> None:
    """Each class of hostile exhibit of issue 9, each at its item's line, in one run that
    takes seconds: exit 1, no traceback, nothing written."""
    hostile = {
        "exhibits/truncated.pdf": truncated_pdf(),
        "exhibits/bomb.pdf": flate_bomb(),
        "exhibits/huge.png": huge_png(),
        "exhibits/claims.jpg": jpeg_claiming(),
        "exhibits/cycle.pdf": page_tree_cycle(),
        "exhibits/empty.pdf": zero_pages(),
    }
    write_tree(sample, {f"evidence/{name}": data for name, data in hostile.items()})
    os.mkfifo(sample / "evidence/exhibits/pipe.pdf")
    (sample / "evidence/exhibits/zero.pdf").symlink_to("/dev/zero")
    names = [*hostile, "exhibits/pipe.pdf", "exhibits/zero.pdf"]
    write_tree(sample, {"evidence/policy_extracts/PE-009.yaml": _item("PE-009", names)})
    exit_code, output, seconds = _build(sample, build_cache)
    assert exit_code == 1, output
    assert "Traceback" not in output and "0x" not in output
    lines = _lines(sample, "PE-009")
    for name in names:
        found = [
            line
            for line in output.splitlines()
            if line.startswith(f"evidence/policy_extracts/PE-009.yaml:{lines[name]}:")
        ]
        assert len(found) == 1 and f"`{name}`" in found[0] and ": error[" in found[0], (
            name,
            output,
        )
    assert seconds < 30, f"took {seconds:.1f} s"
    assert not (sample / "build").exists()


def test_image_exhibits_carry_no_metadata_into_the_bundle(sample: Path, build_cache: Path) -> None:
    """EXIF, XMP, comments and PNG text chunks of image exhibits reach neither the PDF's image
    streams nor the DOCX's media (and no stream of the PDF at all)."""
    import zipfile

    # Artist and Copyright among the EXIF tags.
    jpeg, png = secret_images((120, 90), {0x013B: "SECRETARTIST", 0x8298: "SECRETCOPYRIGHT"})
    write_tree(sample, {"evidence/exhibits/a.jpg": jpeg, "evidence/exhibits/b.png": png})
    pe = sample / "evidence/policy_extracts/PE-001.yaml"
    pe.write_text(
        pe.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/a.jpg, description: A photo}\n"
        + "  - {file: exhibits/b.png, description: A picture}\n",
        encoding="utf-8",
    )
    from click.testing import CliRunner

    from inquiry.cli import main

    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample), "--format", "pdf", "--format", "docx", "--ocr", "never"],
        env={"SOURCE_DATE_EPOCH": "1700000000", "INQUIRY_CACHE_DIR": str(build_cache)},
    )
    assert result.exit_code == 0, result.output
    pdf = (sample / "build/bundle.pdf").read_bytes()
    images = image_streams(pdf)
    assert len(images) >= 3  # the two photos, and the sample's own PNG
    jpegs = [i for i in images if i.get("/Filter") == pikepdf.Name.DCTDecode]
    assert jpegs, "the JPEG keeps its compressed data"
    for image in images:
        raw = image.read_raw_bytes()
        assert b"SECRET" not in raw and b"Exif" not in raw
    for image in jpegs:
        markers = _jpeg_markers(image.read_raw_bytes())
        assert not any(m == 0xFE or 0xE1 <= m <= 0xEF for m in markers), markers
    assert b"SECRET" not in pdf + decoded_streams(pdf)
    with zipfile.ZipFile(sample / "build/bundle.docx") as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        assert len(media) >= 3
        for name in media:
            data = docx.read(name)
            assert b"SECRET" not in data and b"Exif" not in data, name
            with Image.open(io.BytesIO(data)) as image:
                assert not dict(image.getexif()), name
                assert set(image.info) <= HARMLESS_INFO, (name, image.info)


HARMLESS_INFO = {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "gamma", "srgb"}
"""What Pillow reports of an image that carries no text: density, colour handling."""


def _jpeg_markers(data: bytes) -> list[int]:
    """The markers of a JPEG's segments up to its scan."""
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        out.append(marker)
        if marker == 0xDA:
            break
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return out


# --------------------------------------------------------------------------- the corpus

CORPUS_FILES = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
REFUSED = {
    "libreoffice-writer-password.pdf": ("exhibit-encrypted", "encrypted with a password"),
    "unreadablemetadata.pdf": ("exhibit-damaged", "damaged beyond repair (no page tree"),
}
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"PDF corpus not found at {CORPUS}")


def words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text))


@needs_corpus
@pytest.mark.parametrize("source", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_prepares_or_is_refused(source: Path) -> None:
    try:
        exhibit = prepared(source.read_bytes(), strip=28)
    except ExhibitError as exc:
        assert source.name in REFUSED, f"unexpectedly refused: {exc}"
        assert exc.code == REFUSED[source.name][0]
        assert REFUSED[source.name][1] in str(exc)
        return
    assert source.name not in REFUSED
    with pikepdf.open(source) as original:
        assert len(exhibit.sizes) == len(original.pages)
    assert forbidden_found(exhibit.pdf) == set()
    if has("pdftotext"):
        before = words(text_of(source))
        assert before <= words(text_of(exhibit.pdf)), "text of the first page lost"


@needs_corpus
def test_the_corpus_through_a_build(sample: Path, build_cache: Path) -> None:
    """All 21 attached to one item: the two that cannot be read are refused at their lines;
    without them, the other 19 become the bundle's pages, as many as they have."""
    names = [f"exhibits/corpus/{p.name}" for p in CORPUS_FILES]
    files = zip(names, CORPUS_FILES, strict=True)
    write_tree(sample, {f"evidence/{n}": p.read_bytes() for n, p in files})
    write_tree(sample, {"evidence/policy_extracts/PE-009.yaml": _item("PE-009", names)})
    exit_code, output, _ = _build(sample, build_cache)
    assert exit_code == 1
    lines = _lines(sample, "PE-009")
    refused = [line for line in output.splitlines() if ": error[" in line]
    assert len(refused) == len(REFUSED), output
    for name in REFUSED:
        file = f"exhibits/corpus/{name}"
        prefix = f"evidence/policy_extracts/PE-009.yaml:{lines[file]}:"
        assert any(line.startswith(prefix) and f"`{file}`" in line for line in refused), output
    good = [n for n in names if Path(n).name not in REFUSED]
    write_tree(sample, {"evidence/policy_extracts/PE-009.yaml": _item("PE-009", good)})
    exit_code, output, _ = _build(sample, build_cache)
    assert exit_code == 0, output
    # What the pages do not show is not carried, and the build says so, naming no file.
    from inquiry.build import build

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        mp.setenv("INQUIRY_CACHE_DIR", str(build_cache))
        result = build(sample, out=sample / "build", formats=("pdf",), ocr="never")
    left = {str(w.message): w for w in result.warnings if w.code == "exhibit-left-out"}
    said = "\n".join(left)
    assert "`exhibits/corpus/with-attachment.pdf`" in said and "1 attached file(s)" in said
    assert "`exhibits/corpus/annotated_pdf.pdf`" in said and "3 comment(s)" in said
    assert "image.png" not in said
    import json

    manifest = json.loads((sample / "build/manifest.json").read_text(encoding="utf-8"))
    [item] = [i for i in manifest["items"] if i["id"] == "PE-009"]
    assert [e["file"] for e in item["exhibits"]] == good
    for exhibit, source in zip(
        item["exhibits"], [CORPUS / Path(n).name for n in good], strict=True
    ):
        with pikepdf.open(source) as original:
            assert exhibit["last_page"] - exhibit["first_page"] + 1 == len(original.pages)
        if has("pdftotext"):
            before = words(text_of(source))
            after = words(text_of(sample / "build/bundle.pdf", exhibit["first_page"]))
            assert before <= after, source.name


DAMAGED_PAGE_TREE = (
    b"%PDF-1.3\n"
    b"%\xbf\xf7\xa2\xfe\n"
    b"1 0 obj\n"
    b"<< /Pages 2 0 R /Type /Catalog >>\n"
    b"endobj\n"
    b"2 0 obj\n"
    b"<< /Count 2 /Kids [ 3 0 R 4 0 R ] /Type /Pages >>\n"
    b"endobj\n"
    b"3 0 obj\n"
    b"<< /Contents 5 0 R /MediaBox [ 0 0 595 842 ] /Parent 2 0"
    b" R /Resources << /Font << /F1 6 0 R >> >> /Type /Page >>\n"
    b"endobj\n"
    b"4 0 obj\n"
    b"<< /Contents 7 0 R /MediaBox [ 0 0 595 842 ] /Parent 2 0"
    b" R /Resources << /Font << /F1 6 0 R >> >> /Type /Page >>\n"
    b"endobj\n"
    b"5 0 obj\n"
    b"<< /Length 53 /Filter /FlateDecode >>\n"
    b"stream\n"
    b"x\x9cs\n"
    b"Q\xd0w3T0\xb4P\x08IS07R071R\x08IQ\xd0p\xad\xc8"
    b"\xc8L\xca,Q(HLOU0\xd4T\x08\xc9Rp\r\x01\x00\xfc\x81\x0b\xc1\n"
    b"endstream\n"
    b"endobj\n"
    b"6 0 obj\n"
    b"<< /BaseFont /Helvetica /Subtype /Type1 /Type /Font >>\n"
    b"endobj\n"
    b"7 0 obj\n"
    b"<< /Length 53 /Filter /FlateDecode >>\n"
    b"stream\n"
    b"x\x9cs\n"
    b"Q\xd0w3T0\xb4P\x08IS07R071R\x08IQ\xd0p\xad\xc8"
    b"\xc8L\xca,Q(HLOU0\xd2T\x08\xc9Rp\r\x01\x00\xfc\x89\x0b\xc2\n"
    b"endstream\n"
    b"endobj\n"
    b"xref\n"
    b"0 8\n"
    b"0000000000 65535 f \n"
    b"0000000015 00000 n \n"
    b"0000000064 00000 n \n"
    b"0000000129 00000 n \n"
    b"0000000257 00000 n \n"
    b"0000000385 00000 n \n"
    b"0000000509 00000 n \n"
    b"0000000579 00000 n \n"
    b"trailer << /Root 1 0 R /Size 8 /ID [<5f744d2b1be7722fc"
    b"44c25243e1dc838><5f744d2b1be7722fc44c25243e1dc838>] >>\n"
    b"startxref\n"
    b"703\n"
    b"%%EOF\n"
)
"""A two-page PDF whose page tree, once a byte is damaged, qpdf cannot flatten: it raised
`QpdfRuntimeError`, which is not a `PdfError` (found by the fuzz test above, stop 25)."""


def test_a_page_tree_qpdf_cannot_flatten_is_refused() -> None:
    prepares_or_is_refused((DAMAGED_PAGE_TREE[:75] + b"\x00" + DAMAGED_PAGE_TREE[76:])[:258])
