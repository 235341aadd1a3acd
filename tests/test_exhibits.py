"""Exhibit preparation: sanitising, page geometry, images, refusals, and the real-world corpus."""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pikepdf
import pytest
from conftest import CORPUS, make_pdf, make_png
from exhibit_helpers import (
    blank_target,
    darkness,
    forbidden_found,
    has,
    image_bytes,
    one_page_pdf,
    place_all,
    render,
    save,
    text_of,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inquiry.errors import BuildFailed
from inquiry.render.pdf.exhibits import A4, A6_SHORT, PreparedExhibit, place_page, prepare_exhibit

needs_poppler = pytest.mark.skipif(
    not (has("pdftoppm") and has("pdftotext")), reason="poppler-utils not installed"
)


def prepare(tmp_path: Path, data: bytes, name: str = "exhibits/x.pdf") -> PreparedExhibit:
    path = tmp_path / Path(name).name
    path.write_bytes(data)
    return prepare_exhibit(path, name=name)


def prepare_pdf(tmp_path: Path, pdf: pikepdf.Pdf, name: str = "exhibits/x.pdf") -> PreparedExhibit:
    buf = io.BytesIO()
    pdf.save(buf)
    return prepare(tmp_path, buf.getvalue(), name)


def refusal(tmp_path: Path, data: bytes, name: str = "exhibits/bad.pdf") -> str:
    with pytest.raises(BuildFailed) as info:
        prepare(tmp_path, data, name)
    assert info.value.file == name
    assert name in str(info.value)
    return str(info.value)


# --------------------------------------------------------------------------- basics


def test_simple_pdf_keeps_pages_sizes_and_hash(tmp_path: Path) -> None:
    import hashlib

    data = make_pdf(3, size=(612, 792), text="Report")
    exhibit = prepare(tmp_path, data, "exhibits/report.pdf")
    assert exhibit.file == "exhibits/report.pdf"
    assert exhibit.sha256 == hashlib.sha256(data).hexdigest()
    assert len(exhibit.pdf.pages) == 3
    assert exhibit.sizes == ((612, 792),) * 3


@needs_poppler
def test_placed_pages_keep_their_text(tmp_path: Path) -> None:
    exhibit = prepare(tmp_path, make_pdf(2, text="Searchable"))
    out = save(place_all(exhibit, strip=30), tmp_path / "out.pdf")
    assert "Searchable page 2" in text_of(out, 2)


def test_place_page_draws_beneath_existing_content(tmp_path: Path) -> None:
    exhibit = prepare(tmp_path, make_pdf(1))
    target = blank_target(A4, b"0 g 10 10 50 20 re f")
    place_page(target, target.pages[0], exhibit, 0, box=(0, 40, *A4))
    contents = target.pages[0].obj.Contents
    assert isinstance(contents, pikepdf.Array)
    first, last = contents[0].read_bytes(), contents[-1].read_bytes()
    assert first.startswith(b"q ") and b" re W n " in first and b" Do Q" in first
    assert last == b"0 g 10 10 50 20 re f"


def test_place_page_into_box_fits_and_centres(tmp_path: Path) -> None:
    exhibit = prepare(tmp_path, make_pdf(1, size=(200, 100)))
    target = blank_target((500, 500))
    place_page(target, target.pages[0], exhibit, 0, box=(100, 100, 300, 400))
    stream = target.pages[0].obj.Contents[0].read_bytes().decode()
    numbers = [float(n) for n in re.findall(r"(-?[\d.]+)", stream.split("re W n")[1])[:6]]
    assert numbers == [1, 0, 0, 1, 100, 200]  # 200 wide fits exactly; 100 tall centred in 300


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


def test_hostile_pdf_is_sanitised_in_the_prepared_pdf(tmp_path: Path) -> None:
    exhibit = prepare_pdf(tmp_path, hostile_pdf())
    assert forbidden_found(save(exhibit.pdf, tmp_path / "prepared.pdf")) == set()
    assert set(exhibit.pdf.Root.keys()) == {"/Type", "/Pages"}
    assert "/Annots" not in exhibit.pdf.pages[0].obj


def test_hostile_pdf_leaves_nothing_active_in_the_bundle(tmp_path: Path) -> None:
    exhibit = prepare_pdf(tmp_path, hostile_pdf())
    out = save(place_all(exhibit, strip=30), tmp_path / "out.pdf")
    assert forbidden_found(out) == set()
    assert b"secret attachment" not in out.read_bytes()
    with pikepdf.open(out) as pdf:
        assert "/Annots" not in pdf.pages[0].obj


@needs_poppler
def test_hostile_pdf_keeps_visible_text_and_form_values(tmp_path: Path) -> None:
    exhibit = prepare_pdf(tmp_path, hostile_pdf())
    text = text_of(save(place_all(exhibit), tmp_path / "out.pdf"))
    assert "Visible exhibit text" in text
    assert "Inside a form xobject" in text
    assert "WITNESSVALUE" in text  # the form value was flattened into the page


def test_forbidden_found_detects_what_it_should(tmp_path: Path) -> None:
    """The checker itself works, so the absence of findings above means something."""
    found = forbidden_found(save(hostile_pdf(), tmp_path / "raw.pdf"))
    assert {"/JavaScript", "/JS", "/EmbeddedFiles", "/OpenAction", "/AA", "/XFA"} <= found


def test_hidden_annotations_stay_hidden(tmp_path: Path) -> None:
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
    exhibit = prepare_pdf(tmp_path, pdf)
    contents = exhibit.pdf.pages[0].obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    assert all(b"HIDDENNOTE" not in stream.read_bytes() for stream in streams)


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
    exhibit = prepare_pdf(tmp_path, pdf)
    rendered = render(place_all(exhibit), tmp_path, dpi=72)
    assert darkness(rendered, (60 / 300, 32 / 500, 140 / 300, 52 / 500)) > 0.5  # highlight
    assert darkness(rendered, (30 / 300, 110 / 500, 110 / 300, 190 / 500)) > 0.9  # filled square
    assert darkness(rendered, (160 / 300, 196 / 500, 270 / 300, 202 / 500)) > 0.5  # ink
    out = save(place_all(exhibit), tmp_path / "out.pdf")
    assert "Marked words" in text_of(out)  # the highlight does not hide the text


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
def test_rotation_normalised_into_sizes(tmp_path: Path, rotate: int, effective: int) -> None:
    exhibit = prepare_pdf(tmp_path, marker_pdf(rotate, effective))
    assert exhibit.sizes == ((500, 300),) if effective in (90, 270) else ((300, 500),)
    assert int(exhibit.pdf.pages[0].obj.Rotate) == effective


@needs_poppler
@pytest.mark.parametrize(("rotate", "effective"), ROTATIONS)
@pytest.mark.parametrize("inherited", [False, True])
def test_rotated_page_is_placed_upright(
    tmp_path: Path, rotate: int, effective: int, inherited: bool
) -> None:
    exhibit = prepare_pdf(tmp_path, marker_pdf(rotate, effective, inherited=inherited))
    assert_bar_top_left(render(place_all(exhibit), tmp_path))


@needs_poppler
def test_rotated_page_in_a_box_with_a_strip(tmp_path: Path) -> None:
    exhibit = prepare_pdf(tmp_path, marker_pdf(90, 90))
    (w, h), strip = exhibit.sizes[0], 100.0
    target = blank_target((w, h + strip))
    place_page(target, target.pages[0], exhibit, 0, box=(0, strip, w, h + strip))
    image = render(target, tmp_path)
    content = image.crop((0, 0, image.width, int(image.height * h / (h + strip))))
    assert_bar_top_left(content)
    assert darkness(image, (0, 0.8, 1, 1)) < 0.01  # the strip is left empty for the stamp


def test_offset_mediabox_and_cropbox(tmp_path: Path) -> None:
    pdf = one_page_pdf(b"", mediabox=(100, 200, 800, 1200), CropBox=[150, 250, 650, 1150])
    assert prepare_pdf(tmp_path, pdf).sizes == ((500, 900),)


def test_cropbox_partly_outside_mediabox_is_intersected(tmp_path: Path) -> None:
    pdf = one_page_pdf(b"", mediabox=(0, 0, 600, 800), CropBox=[300, 400, 1000, 1000])
    exhibit = prepare_pdf(tmp_path, pdf)
    assert exhibit.sizes == ((300, 400),)
    assert [float(v) for v in exhibit.pdf.pages[0].obj.CropBox] == [300, 400, 600, 800]


def test_cropbox_wholly_outside_or_reversed_falls_back(tmp_path: Path) -> None:
    outside = one_page_pdf(b"", mediabox=(0, 0, 600, 800), CropBox=[700, 900, 1000, 1000])
    assert prepare_pdf(tmp_path, outside).sizes == ((600, 800),)
    reversed_box = one_page_pdf(b"", mediabox=(600, 800, 0, 0), CropBox=[500, 700, 100, 100])
    assert prepare_pdf(tmp_path, reversed_box).sizes == ((400, 600),)


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
    exhibit = prepare_pdf(tmp_path, pdf)
    assert exhibit.sizes == ((800, 400),)
    assert_bar_top_left(render(place_all(exhibit), tmp_path, dpi=40))


def test_user_unit_counts_in_the_size(tmp_path: Path) -> None:
    pdf = one_page_pdf(b"", mediabox=(0, 0, 10000, 12000), UserUnit=3)
    assert prepare_pdf(tmp_path, pdf).sizes == ((30000, 36000),)


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
    tmp_path: Path, size: tuple[float, float], expected: tuple[float, float]
) -> None:
    exhibit = prepare(tmp_path, make_pdf(1, size=size))
    assert exhibit.sizes[0] == pytest.approx(expected, abs=0.01)


@needs_poppler
def test_scan_under_stamp_leaves_the_stamp_visible(tmp_path: Path) -> None:
    """A scan is an opaque full-page image; drawn beneath, it must not hide the bundle stamp."""
    scan = Image.new("L", (60, 85), 255)
    scan.paste(0, (0, 0, 60, 8))  # a dark band at the top, to see that the scan was drawn
    pdf = pikepdf.new()
    image = pdf.make_stream(
        scan.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=60,
        Height=85,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
    )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
                Contents=pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            )
        )
    )
    exhibit = prepare_pdf(tmp_path, pdf, "exhibits/scan.pdf")
    stamp = b"0 g 400 20 150 40 re f"  # bottom right, as typst's page number would be
    target = blank_target((595, 842), stamp)
    place_page(target, target.pages[0], exhibit, 0, box=(0, 0, 595, 842))
    rendered = render(target, tmp_path)
    assert darkness(rendered, (0.7, 0.93, 0.9, 0.96)) > 0.9  # the stamp, on top of the scan
    assert darkness(rendered, (0.2, 0.01, 0.8, 0.07)) > 0.9  # the scan's own dark band
    assert darkness(rendered, (0.1, 0.3, 0.9, 0.8)) < 0.05


# --------------------------------------------------------------------------- images


def only_image(exhibit: PreparedExhibit) -> pikepdf.Stream:
    (image,) = exhibit.pdf.pages[0].obj.Resources.XObject.values()
    assert isinstance(image, pikepdf.Stream)
    return image


def test_png_becomes_one_a4_page(tmp_path: Path) -> None:
    portrait = prepare(tmp_path, make_png(300, 400), "exhibits/p.png")
    landscape = prepare(tmp_path, make_png(400, 300), "exhibits/l.png")
    assert len(portrait.sizes) == len(landscape.sizes) == 1
    assert portrait.sizes[0] == pytest.approx((595.2756, 841.8898), abs=0.01)
    assert landscape.sizes[0] == pytest.approx((841.8898, 595.2756), abs=0.01)
    assert len(portrait.pdf.pages) == 1


def test_jpeg_bytes_are_embedded_as_is(tmp_path: Path) -> None:
    data = image_bytes(Image.new("RGB", (50, 40), "red"), "JPEG")
    exhibit = prepare(tmp_path, data, "exhibits/photo.jpg")
    xobject = only_image(exhibit)
    assert xobject.Filter == pikepdf.Name.DCTDecode
    assert xobject.read_raw_bytes() == data
    assert xobject.ColorSpace == pikepdf.Name.DeviceRGB


def test_cmyk_and_grey_jpegs(tmp_path: Path) -> None:
    cmyk = prepare(tmp_path, image_bytes(Image.new("CMYK", (20, 20)), "JPEG"), "c.jpg")
    xobject = only_image(cmyk)
    assert xobject.ColorSpace == pikepdf.Name.DeviceCMYK
    assert "/Decode" in xobject  # Pillow writes Adobe (inverted) CMYK JPEGs
    grey = prepare(tmp_path, image_bytes(Image.new("L", (20, 20)), "JPEG"), "g.jpg")
    xobject = only_image(grey)
    assert xobject.ColorSpace == pikepdf.Name.DeviceGray


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
def test_png_modes(tmp_path: Path, image: Image.Image, colour: tuple[int, int, int]) -> None:
    exhibit = prepare(tmp_path, image_bytes(image, "PNG"), "exhibits/i.png")
    xobject = only_image(exhibit)
    pixel = pikepdf.PdfImage(xobject).as_pil_image().convert("RGB").getpixel((5, 5))
    assert pixel == colour


def test_png_with_transparent_palette_entry(tmp_path: Path) -> None:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    data = image_bytes(image, "PNG", transparency=0)
    exhibit = prepare(tmp_path, data, "exhibits/i.png")
    xobject = only_image(exhibit)
    assert pikepdf.PdfImage(xobject).as_pil_image().convert("RGB").getpixel((5, 5)) == (
        255,
        255,
        255,
    )


@needs_poppler
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_exif_orientation_is_honoured(tmp_path: Path, fmt: str) -> None:
    """Stored sideways with orientation 6 (rotate 90° clockwise to view): shown upright."""
    upright = Image.new("L", (300, 200), 255)
    upright.paste(0, (0, 0, 150, 25))  # dark bar top-left as the camera meant it
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise, now 200x300
    exif = Image.Exif()
    exif[0x0112] = 6
    data = image_bytes(stored.convert("RGB"), fmt, exif=exif.tobytes())
    exhibit = prepare(tmp_path, data, f"exhibits/photo.{fmt.lower()}")
    (page_w, page_h), margin = exhibit.sizes[0], 20 / 25.4 * 72
    assert (page_w, page_h) == pytest.approx((A4[1], A4[0]))  # landscape, as displayed
    scale = min((page_w - 2 * margin) / 300, (page_h - 2 * margin) / 200)
    left, top = (page_w - 300 * scale) / 2 / page_w, (page_h - 200 * scale) / 2 / page_h
    width, height = 300 * scale / page_w, 200 * scale / page_h
    rendered = render(place_all(exhibit), tmp_path, dpi=40)
    bar_h = height / 8
    assert (
        darkness(rendered, (left + 0.02, top + 0.01, left + width / 2 - 0.02, top + bar_h - 0.01))
        > 0.8
    )
    assert (
        darkness(
            rendered, (left + width / 2 + 0.02, top + 0.01, left + width - 0.02, top + bar_h - 0.01)
        )
        < 0.1
    )
    assert (
        darkness(
            rendered, (left + 0.02, top + bar_h + 0.02, left + width - 0.02, top + height - 0.02)
        )
        < 0.1
    )


# --------------------------------------------------------------------------- refusals


def test_encrypted_with_user_password_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    one_page_pdf(b"").save(buf, encryption=pikepdf.Encryption(user="u", owner="o"))
    message = refusal(tmp_path, buf.getvalue())
    assert "encrypted with a password; supply an unencrypted copy" in message


def test_encrypted_with_owner_password_only_opens(tmp_path: Path) -> None:
    buf = io.BytesIO()
    one_page_pdf(b"").save(buf, encryption=pikepdf.Encryption(user="", owner="o"))
    assert len(prepare(tmp_path, buf.getvalue()).pdf.pages) == 1


def test_zero_pages_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    pikepdf.new().save(buf)
    assert "has no pages" in refusal(tmp_path, buf.getvalue())


def test_not_a_pdf_or_image_refused(tmp_path: Path) -> None:
    assert "not a PDF, PNG or JPEG" in refusal(tmp_path, b"Just some text\n")
    assert "not a PDF, PNG or JPEG" in refusal(tmp_path, b"")
    gif = image_bytes(Image.new("RGB", (4, 4)), "GIF")
    assert "not a PDF, PNG or JPEG" in refusal(tmp_path, gif, "exhibits/a.gif")


def test_damaged_pdf_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert "damaged" in message or "has no pages" in message


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images_refused(tmp_path: Path, fmt: str) -> None:
    noisy = Image.effect_noise((200, 200), 50).convert("RGB")
    data = image_bytes(noisy, fmt)
    message = refusal(tmp_path, data[: len(data) // 2], f"exhibits/cut.{fmt.lower()}")
    assert "truncated or damaged" in message


def test_unreadable_file_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as info:
        prepare_exhibit(tmp_path / "missing.pdf", name="exhibits/missing.pdf")
    assert "exhibits/missing.pdf" in str(info.value)


def _hostile_bytes() -> bytes:
    buf = io.BytesIO()
    hostile_pdf().save(buf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buf.getvalue()


FUZZ_SEEDS = [
    make_pdf(2),
    _hostile_bytes(),
    make_png(60, 40),
    image_bytes(Image.new("RGB", (30, 20), "blue"), "JPEG"),
]


@settings(
    max_examples=int(os.environ.get("EXHIBIT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_files_never_escape_as_tracebacks(data: st.DataObject) -> None:
    """Cut or corrupt a valid PDF or PNG anywhere: it prepares and places, or it is refused."""
    original = data.draw(st.sampled_from(FUZZ_SEEDS))
    cut = data.draw(st.integers(8, len(original)))
    spot = data.draw(st.integers(0, cut - 1))
    noise = data.draw(st.binary(min_size=1, max_size=16))
    damaged = (original[:spot] + noise + original[spot + len(noise) :])[:cut]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x"
        path.write_bytes(damaged)
        try:
            exhibit = prepare_exhibit(path, name="exhibits/x")
        except BuildFailed as exc:
            assert "exhibits/x" in str(exc)
            return
        place_all(exhibit).save(io.BytesIO())


# --------------------------------------------------------------------------- the corpus

CORPUS_FILES = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
REFUSED = {
    "libreoffice-writer-password.pdf": "encrypted with a password",
    "unreadablemetadata.pdf": "damaged beyond repair (no page tree",
}


def words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text))


@pytest.mark.skipif(not CORPUS_FILES, reason=f"PDF corpus not found at {CORPUS}")
@pytest.mark.parametrize("source", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_prepares_or_is_refused(tmp_path: Path, source: Path) -> None:
    name = f"exhibits/{source.name}"
    try:
        exhibit = prepare_exhibit(source, name=name)
    except BuildFailed as exc:
        assert source.name in REFUSED, f"unexpectedly refused: {exc}"
        assert name in str(exc)
        assert REFUSED[source.name] in str(exc)
        return
    assert source.name not in REFUSED
    with pikepdf.open(source) as original:
        assert len(exhibit.pdf.pages) == len(original.pages) == len(exhibit.sizes)
    out = save(place_all(exhibit, strip=30), tmp_path / "out.pdf")
    assert forbidden_found(out) == set()
    with pikepdf.open(out) as bundle:
        assert len(bundle.pages) == len(exhibit.sizes)
    if has("pdftotext"):
        before = words(text_of(source))
        assert before <= words(text_of(out)), "text of the first page lost"
