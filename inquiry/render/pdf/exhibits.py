"""Exhibit preparation: turn an exhibit file (PDF, PNG, JPEG) into sanitised pages, and draw them.

An exhibit is untrusted input that ends up inside a court bundle, so it is opened defensively:
whatever could run, launch, submit or smuggle a file (JavaScript, actions, attachments, XFA) is
removed, while everything that was *visible* (page content, form values, annotation appearances)
stays visible. Each exhibit page is later drawn into a bundle page as a Form XObject, which keeps
its text extractable (nothing is rasterised) and leaves behind anything only the catalog reached.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf
from PIL import Image, ImageOps, UnidentifiedImageError

from inquiry.errors import BuildFailed

Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)  # 595.28 x 841.89 pt
A6_SHORT = 105 * MM  # pages whose shorter side is below A6's are scaled up to it
IMAGE_MARGIN = 20 * MM
MAX_SIDE = 14400.0  # the largest page side PDF viewers accept (200 in); never scale up past it

PAGE_KEYS = frozenset(
    {
        "/Type",
        "/Parent",
        "/Contents",
        "/Resources",
        "/MediaBox",
        "/CropBox",
        "/Rotate",
        "/Group",
        "/UserUnit",
    }
)
"""Page keys kept by sanitising: all a Form XObject copy of the page needs, nothing that can act."""

CATALOG_KEYS = frozenset({"/Type", "/Pages"})
"""Catalog keys kept; the rest (OpenAction, AA, Names, AcroForm, Outlines, AF…) is dropped."""

FORBIDDEN_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/OpenAction",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/AF",
        "/XFA",
        "/AcroForm",
        "/Annots",
    }
)
"""Keys removed wherever they appear under a page's contents and resources."""

STREAM_FILE_KEYS = frozenset({"/F", "/FFilter", "/FDecodeParms", "/Ref"})
"""Stream keys that fetch data from outside the PDF (external streams, reference XObjects)."""

ACTION_TYPES = frozenset(
    {
        "/GoTo",
        "/GoToR",
        "/GoToE",
        "/GoToDp",
        "/Launch",
        "/Thread",
        "/URI",
        "/Sound",
        "/Movie",
        "/Hide",
        "/Named",
        "/SubmitForm",
        "/ResetForm",
        "/ImportData",
        "/JavaScript",
        "/SetOCGState",
        "/Rendition",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)


@dataclass(frozen=True)
class PreparedExhibit:
    file: str  # as written in the item (relative to evidence/)
    sha256: str  # of the original file's bytes
    pdf: pikepdf.Pdf  # sanitised pages, one per exhibit page
    # per page: visible (width, height) in pt after /Rotate, the CropBox and scaling-up of pages
    # smaller than A6; the area the bundle page must give the page content.
    sizes: tuple[tuple[float, float], ...]


# --------------------------------------------------------------------------- preparing


def prepare_exhibit(path: Path, *, name: str) -> PreparedExhibit:
    """Read `path` (named `name` in messages) and return its sanitised pages and their sizes.

    Every failure, whatever library it comes from, becomes a `BuildFailed` naming the file, so a
    bad exhibit is reported as a message and never as a traceback."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildFailed(message=f"cannot be read ({exc.strerror or exc})", file=name) from exc
    kind = _sniff(data)
    try:
        if kind == "pdf":
            pdf = _prepare_pdf(data, name)
        elif kind in ("png", "jpeg"):
            pdf = _prepare_image(data, name, jpeg=kind == "jpeg")
        else:
            raise BuildFailed(
                message="is not a PDF, PNG or JPEG file (its contents are not recognised)",
                file=name,
            )
        sizes = tuple(_visible_size(page) for page in pdf.pages)
    except BuildFailed:
        raise
    except Exception as exc:  # pikepdf/qpdf and Pillow raise many types; none may escape
        raise BuildFailed(message=f"could not be prepared ({_describe(exc)})", file=name) from exc
    return PreparedExhibit(file=name, sha256=hashlib.sha256(data).hexdigest(), pdf=pdf, sizes=sizes)


def _sniff(data: bytes) -> str | None:
    """The file's real type from its first bytes; extensions lie, and the contents decide."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if b"%PDF-" in data[:1024]:  # readers accept junk before the header, so qpdf does too
        return "pdf"
    return None


def _describe(exc: BaseException) -> str:
    """A one-line reason from a library exception, without the temporary path qpdf puts first."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"^(stream <[^>]*>|[^:<>]*[/\\][^:<>]*): ", "", text)
    return text[:200]


def _prepare_pdf(data: bytes, name: str) -> pikepdf.Pdf:
    """Open (with qpdf's repair), check, flatten and sanitise a PDF exhibit."""
    pdf = _open_pdf(data, name)
    try:
        count = len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise _damaged(name, exc) from exc
    if count == 0:
        raise BuildFailed(message="has no pages", file=name)
    _flatten(pdf, name)
    _sanitise(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        _decode_contents(pdf, page, number, name)
    return pdf


def _open_pdf(data: bytes, name: str) -> pikepdf.Pdf:
    """Open from memory so the file is not held open; translate qpdf's refusals into messages."""
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise BuildFailed(
            message="is encrypted with a password; supply an unencrypted copy", file=name
        ) from exc
    except pikepdf.PdfError as exc:
        raise _damaged(name, exc) from exc


def _damaged(name: str, exc: BaseException) -> BuildFailed:
    """The message for a PDF that qpdf could not repair, with qpdf's reason in plain words."""
    reason = _describe(exc)
    if "pages tree" in reason or "/Kids" in reason or "/Pages" in reason:
        reason = f"no page tree: {reason}"
    return BuildFailed(message=f"is damaged beyond repair ({reason})", file=name)


def _flatten(pdf: pikepdf.Pdf, name: str) -> None:
    """Draw form values and annotation appearances into the page content, so that removing the
    annotations afterwards loses nothing that was visible. Hidden and invisible ones stay hidden."""
    try:
        if "/AcroForm" in pdf.Root:
            pdf.generate_appearance_streams()  # fields marked NeedAppearances have none yet
        for page in pdf.pages:
            _synthesise_appearances(pdf, page)
        pdf.flatten_annotations(mode="all")
    except pikepdf.PdfError as exc:
        raise BuildFailed(
            message=f"has form fields or annotations that cannot be flattened ({_describe(exc)})",
            file=name,
        ) from exc


# Markup annotations often come without an appearance stream (viewers draw them from their
# geometry), and qpdf only flattens appearance streams; without these, highlights would vanish.

MARKUP = frozenset(
    {
        "/Highlight",
        "/Underline",
        "/StrikeOut",
        "/Squiggly",
        "/Square",
        "/Circle",
        "/Ink",
        "/Line",
        "/Polygon",
        "/PolyLine",
    }
)


def _synthesise_appearances(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Give markup annotations that have no appearance stream one drawn from their geometry."""
    annots = page.obj.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary) or "/AP" in annot:
            continue
        if str(annot.get("/Subtype")) not in MARKUP:
            continue
        drawing = _markup_drawing(annot)
        if drawing is not None:
            ops, bounds = drawing
            annot.Rect = pikepdf.Array([_num(v) for v in bounds])
            annot.AP = pikepdf.Dictionary(N=_appearance(pdf, annot, ops, bounds))


def _appearance(
    pdf: pikepdf.Pdf, annot: pikepdf.Dictionary, ops: str, bounds: Box
) -> pikepdf.Stream:
    """A Form XObject in page coordinates whose BBox is the annotation's new /Rect, so qpdf's
    flattening maps it onto the page unchanged; highlights multiply like a marker pen."""
    state = pikepdf.Dictionary(Type=pikepdf.Name.ExtGState)
    opacity = annot.get("/CA")
    if isinstance(opacity, int | float | Decimal):
        state.CA = state.ca = _num(float(opacity))
    if annot.get("/Subtype") == pikepdf.Name.Highlight:
        state.BM = pikepdf.Name.Multiply
    return pdf.make_stream(
        f"/GS0 gs {ops}".encode(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=pikepdf.Array([_num(v) for v in bounds]),
        Resources=pikepdf.Dictionary(ExtGState=pikepdf.Dictionary(GS0=state)),
    )


def _markup_drawing(annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Content-stream operators drawing the annotation, and their bounds; None if nothing shows."""
    subtype = str(annot.get("/Subtype"))
    if subtype in ("/Highlight", "/Underline", "/StrikeOut", "/Squiggly"):
        return _text_markup(subtype, annot)
    if subtype in ("/Square", "/Circle"):
        return _shape(subtype, annot)
    return _lines(subtype, annot)


def _shape(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """A rectangle or ellipse inside /Rect, its border inset so that it stays within."""
    rect = _rect(annot.get("/Rect"))
    width = _border_width(annot)
    stroke = _colour(annot.get("/C"), stroking=True) if width else None
    fill = _colour(annot.get("/IC"), stroking=False)
    paint = _paint(stroke, fill, closed=True)
    if rect is None or paint is None:
        return None
    inset = width / 2
    x0, y0, x1, y1 = rect[0] + inset, rect[1] + inset, rect[2] - inset, rect[3] - inset
    if subtype == "/Square":
        path = f"{_fmt((x0, y0, x1 - x0, y1 - y0))} re"
    else:
        path = _ellipse(x0, y0, x1, y1)
    return f"{width:.2f} w {stroke or ''} {fill or ''} {path} {paint}", rect


def _lines(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Ink strokes, a line, a polygon or a polyline, through their points."""
    if subtype == "/Ink":
        ink = annot.get("/InkList")
        strokes: list[object] = list(ink) if isinstance(ink, pikepdf.Array) else []
    else:
        strokes = [annot.get("/L" if subtype == "/Line" else "/Vertices")]
    shapes = [shape for shape in map(_points, strokes) if len(shape) >= 2]
    width = _border_width(annot)
    stroke = _colour(annot.get("/C"), stroking=True)
    if not shapes or stroke is None or not width:
        return None
    closed = subtype == "/Polygon"
    fill = _colour(annot.get("/IC"), stroking=False) if closed else None
    paths = " ".join(_polyline(shape, closed=closed) for shape in shapes)
    ops = (
        f"{width:.2f} w 1 J 1 j {stroke} {fill or ''} {paths} {_paint(stroke, fill, closed=closed)}"
    )
    return ops, _bounds([point for shape in shapes for point in shape], width)


def _text_markup(subtype: str, annot: pikepdf.Dictionary) -> tuple[str, Box] | None:
    """Highlight fills each quadrilateral; underline, strike-out and squiggly rule through it."""
    highlight = subtype == "/Highlight"
    colour = _colour(annot.get("/C"), stroking=not highlight)
    points = _points(annot.get("/QuadPoints"))
    quads = [points[i : i + 4] for i in range(0, len(points) - 3, 4)]
    if not quads or colour is None:
        return None
    ops = [colour]
    for quad in quads:
        x0, y0, x1, y1 = _bounds(quad, 0)
        height = y1 - y0
        if highlight:
            ops.append(f"{_fmt((x0, y0, x1 - x0, height))} re f")
        else:
            y = y0 + height / 2 if subtype == "/StrikeOut" else y0 + height / 14
            ops.append(f"{max(height / 14, 0.5):.2f} w {_fmt((x0, y))} m {_fmt((x1, y))} l S")
    return " ".join(ops), _bounds([p for quad in quads for p in quad], 1)


def _colour(value: object, *, stroking: bool) -> str | None:
    """An annotation colour array as a colour operator; None for absent or transparent."""
    if not isinstance(value, pikepdf.Array):
        return None
    try:
        components = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    operator = {1: "G", 3: "RG", 4: "K"}.get(len(components))
    if operator is None:
        return None
    return f"{_fmt(tuple(components))} {operator if stroking else operator.lower()}"


def _border_width(annot: pikepdf.Dictionary) -> float:
    """The border width from /BS /W, else the third /Border entry, else 1 (the PDF default)."""
    style, border = annot.get("/BS"), annot.get("/Border")
    try:
        if isinstance(style, pikepdf.Dictionary) and "/W" in style:
            return max(float(style.W), 0.0)
        if isinstance(border, pikepdf.Array) and len(border) >= 3:
            return max(float(border[2]), 0.0)
    except (TypeError, ValueError):
        pass
    return 1.0


def _points(value: object) -> list[tuple[float, float]]:
    """A flat number array as (x, y) points; anything malformed gives no points."""
    if not isinstance(value, pikepdf.Array):
        return []
    try:
        numbers = [float(v) for v in value]
    except (TypeError, ValueError):
        return []
    return list(zip(numbers[0::2], numbers[1::2], strict=False))


def _bounds(points: list[tuple[float, float]], pad: float) -> Box:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad)


def _polyline(points: list[tuple[float, float]], *, closed: bool) -> str:
    moves = [f"{_fmt(points[0])} m", *(f"{_fmt(p)} l" for p in points[1:])]
    return " ".join(moves) + (" h" if closed else "")


def _ellipse(x0: float, y0: float, x1: float, y1: float) -> str:
    """An ellipse inscribed in the rectangle, as four Bézier curves."""
    k = 0.5523  # control-point distance for a quarter circle
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    return " ".join(
        [
            f"{_fmt((cx + rx, cy))} m",
            f"{_fmt((cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry))} c",
            f"{_fmt((cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy))} c",
            f"{_fmt((cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry))} c",
            f"{_fmt((cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy))} c h",
        ]
    )


def _paint(stroke: str | None, fill: str | None, *, closed: bool) -> str | None:
    """The path-painting operator for what is coloured: stroke, fill, both, or nothing."""
    if fill and closed:
        return "b" if stroke else "f"
    return "S" if stroke else None


def _sanitise(pdf: pikepdf.Pdf) -> None:
    """Keep only what drawing the pages needs, then scrub everything those pages reach."""
    for page in pdf.pages:
        _normalise_page(page)
        for key in list(page.obj.keys()):
            if key not in PAGE_KEYS:
                del page.obj[key]
    for key in list(pdf.Root.keys()):
        if key not in CATALOG_KEYS:
            del pdf.Root[key]
    for page in pdf.pages:
        _scrub(page.obj)


def _decode_contents(pdf: pikepdf.Pdf, page: pikepdf.Page, number: int, name: str) -> None:
    """Replace the page's content streams by one decoded stream, now rather than when the page
    is placed: a content stream that cannot be decoded is a damaged exhibit, reported here
    instead of failing half-way through writing the bundle."""
    contents = page.obj.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        data = b"\n".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    except pikepdf.PdfError as exc:
        raise BuildFailed(
            message=f"is damaged beyond repair (page {number}: {_describe(exc)})", file=name
        ) from exc
    page.obj.Contents = pdf.make_stream(data)


def _normalise_page(page: pikepdf.Page) -> None:
    """Make the page stand alone: inherited attributes pushed down, boxes ordered and the
    CropBox inside the MediaBox, /Rotate one of 0/90/180/270 (as PDF viewers read it)."""
    obj = page.obj
    media = _rect(_inherited(obj, "/MediaBox")) or (0.0, 0.0, *A4)
    crop = _intersect(_rect(_inherited(obj, "/CropBox")) or media, media) or media
    obj.MediaBox = pikepdf.Array([_num(v) for v in media])
    obj.CropBox = pikepdf.Array([_num(v) for v in crop])
    obj.Rotate = _rotation(_inherited(obj, "/Rotate"))
    resources = _inherited(obj, "/Resources")
    obj.Resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()


def _inherited(obj: pikepdf.Object, key: str) -> pikepdf.Object | None:
    """`key` from the page or the nearest ancestor in the page tree that has it."""
    node: pikepdf.Object | None = obj
    seen: set[tuple[int, int]] = set()
    while isinstance(node, pikepdf.Dictionary):
        value = node.get(key)
        if value is not None:
            return value
        if node.is_indirect:
            if node.objgen in seen:  # a looping page tree; qpdf usually repairs these
                break
            seen.add(node.objgen)
        node = node.get("/Parent")
    return None


def _rect(value: pikepdf.Object | None) -> Box | None:
    """A box array as (x0, y0, x1, y1) with x0 < x1 and y0 < y1, or None if unusable."""
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        a, b, c, d = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    x0, x1 = sorted((a, c))
    y0, y1 = sorted((b, d))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _intersect(a: Box, b: Box) -> Box | None:
    """The overlap of two boxes, or None when they do not overlap (then the MediaBox wins)."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _rotation(value: pikepdf.Object | None) -> int:
    """/Rotate normalised like PDF viewers do (pdf.js): not a multiple of 90 → 0, else mod 360."""
    try:
        number = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0
    if not number.is_integer() or int(number) % 90:
        return 0
    return int(number) % 360


def _num(value: float) -> Decimal | int:
    """A PDF number that stays compact and exact enough for boxes and matrices."""
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else Decimal(str(rounded))


def _scrub(root: pikepdf.Object) -> None:
    """Remove active content from everything reachable from a page (not climbing to /Parent).

    Copied into the bundle as Form XObjects, these are the only objects that survive, so no
    script, action or attachment may hide in them (e.g. an action in a resource dictionary)."""
    for container in _reachable(root):
        if isinstance(container, pikepdf.Array):
            for i in reversed(range(len(container))):
                if _is_dangerous(container[i]):
                    del container[i]
            continue
        is_root = container.is_indirect and container.objgen == root.objgen
        for key in list(container.keys()):
            if is_root and key == "/Parent":
                continue  # the page's own place in its page tree
            if (
                key in FORBIDDEN_KEYS
                or key == "/Parent"  # below the page, a way back up to whole documents
                or (key in STREAM_FILE_KEYS and isinstance(container, pikepdf.Stream))
                or _is_dangerous(container[key])
            ):
                del container[key]


def _reachable(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Every dictionary, stream dictionary and array reachable from `root`, each once."""
    stack: list[pikepdf.Object] = [root]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            yield obj
            stack.extend(item for item in obj if _is_container(item))
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj
            stack.extend(
                value
                for key, value in obj.items()
                if key != "/Parent" and _is_container(value) and not _is_page_node(value)
            )


def _is_container(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream)


def _is_page_node(obj: pikepdf.Object) -> bool:
    """Pages and page-tree nodes: referring to them from resources would drag in whole documents."""
    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") in (
        pikepdf.Name.Page,
        pikepdf.Name.Pages,
    )


def _is_dangerous(obj: pikepdf.Object) -> bool:
    """Actions, file specifications with embedded files, embedded files and page references."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return False
    kind = obj.get("/Type")
    subtype = obj.get("/S")
    return (
        kind in (pikepdf.Name.Action, pikepdf.Name.EmbeddedFile)
        or (isinstance(subtype, pikepdf.Name) and str(subtype) in ACTION_TYPES)
        or (kind == pikepdf.Name.Filespec and "/EF" in obj)
        or _is_page_node(obj)
    )


# --------------------------------------------------------------------------- images


def _prepare_image(data: bytes, name: str, *, jpeg: bool) -> pikepdf.Pdf:
    """One A4 page (landscape when the image is wider than tall) with the image fitted within
    the margins. JPEG keeps its original bytes (no recompression, no quality loss)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decodes everything, so a truncated file fails here, not in a viewer
            orientation = _exif_orientation(image)
            if jpeg:
                pdf, xobject = _jpeg_xobject(data, image)
            else:
                pdf, xobject = _png_xobject(ImageOps.exif_transpose(image))
                orientation = 1
    except (
        OSError,
        SyntaxError,
        ValueError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
    ) as exc:
        raise BuildFailed(
            message=f"is not a readable image; it may be truncated or damaged ({_describe(exc)})",
            file=name,
        ) from exc
    width, height = int(xobject.Width), int(xobject.Height)
    if orientation >= 5:  # EXIF orientations 5-8 swap the displayed width and height
        width, height = height, width
    page_w, page_h = (A4[1], A4[0]) if width > height else A4
    scale = min((page_w - 2 * IMAGE_MARGIN) / width, (page_h - 2 * IMAGE_MARGIN) / height)
    shown_w, shown_h = width * scale, height * scale
    x0, y0 = (page_w - shown_w) / 2, (page_h - shown_h) / 2
    matrix = _multiply(_exif_matrix(orientation), (shown_w, 0, 0, shown_h, x0, y0))
    content = f"q {_fmt(matrix)} cm /Im0 Do Q\n".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=pikepdf.Array([0, 0, _num(page_w), _num(page_h)]),
        Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    _normalise_page(pdf.pages[0])
    return pdf


def _jpeg_xobject(data: bytes, image: Image.Image) -> tuple[pikepdf.Pdf, pikepdf.Stream]:
    """The JPEG's own bytes as a DCTDecode image; Adobe CMYK JPEGs are stored inverted."""
    spaces = {"L": pikepdf.Name.DeviceGray, "RGB": pikepdf.Name.DeviceRGB}
    pdf = pikepdf.new()
    if image.mode == "CMYK":
        stream = pdf.make_stream(data, ColorSpace=pikepdf.Name.DeviceCMYK)
        if "adobe" in image.info:
            stream.Decode = pikepdf.Array([1, 0] * 4)
    elif image.mode in spaces:
        stream = pdf.make_stream(data, ColorSpace=spaces[image.mode])
    else:
        raise ValueError(f"unsupported JPEG colour mode {image.mode}")
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Image
    stream.Width, stream.Height = image.size
    stream.BitsPerComponent = 8
    stream.Filter = pikepdf.Name.DCTDecode
    return pdf, stream


def _png_xobject(image: Image.Image) -> tuple[pikepdf.Pdf, pikepdf.Stream]:
    """A Flate image from any Pillow mode: transparency flattened onto white, 16-bit scaled down."""
    flat = _flatten_mode(image)
    space = {
        "L": pikepdf.Name.DeviceGray,
        "RGB": pikepdf.Name.DeviceRGB,
        "CMYK": pikepdf.Name.DeviceCMYK,
    }[flat.mode]
    pdf = pikepdf.new()
    stream = pdf.make_stream(
        zlib.compress(flat.tobytes(), 9),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=flat.width,
        Height=flat.height,
        ColorSpace=space,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    return pdf, stream


def _flatten_mode(image: Image.Image) -> Image.Image:
    """Reduce an image to L, RGB or CMYK with 8 bits per component and no transparency."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # Pillow clips 16-bit values when converting to L; scale them down instead
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if image.mode == "P" or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        white = Image.new("RGBA", image.size, "white")
        white.alpha_composite(image.convert("RGBA"))
        image = white.convert("RGB")
    if image.mode == "1":
        image = image.convert("L")
    if image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    return image


def _exif_orientation(image: Image.Image) -> int:
    """The EXIF orientation (1-8) a camera recorded; viewers honour it, so the bundle must too."""
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not sink an otherwise good photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _exif_matrix(orientation: int) -> Matrix:
    """Maps the unit square of the stored image onto the unit square of the upright image.

    An image XObject fills the unit square with its first row at the top; each EXIF orientation
    is a rotation and/or mirror of that square."""
    return {
        1: (1, 0, 0, 1, 0, 0),
        2: (-1, 0, 0, 1, 1, 0),  # mirrored horizontally
        3: (-1, 0, 0, -1, 1, 1),  # rotated 180
        4: (1, 0, 0, -1, 0, 1),  # mirrored vertically
        5: (0, -1, -1, 0, 1, 1),  # transposed
        6: (0, -1, 1, 0, 0, 1),  # rotated 90 clockwise to view
        7: (0, 1, 1, 0, 0, 0),  # transversed
        8: (0, 1, -1, 0, 1, 0),  # rotated 90 counter-clockwise to view
    }[orientation]


# --------------------------------------------------------------------------- sizes and placing


def _visible_size(page: pikepdf.Page) -> tuple[float, float]:
    """The page as a reader sees it (CropBox, then /Rotate), scaled up if smaller than A6."""
    x0, y0, x1, y1 = _crop(page)
    unit = _user_unit(page.obj.get("/UserUnit"))
    width, height = (x1 - x0) * unit, (y1 - y0) * unit
    if _rotation(page.obj.get("/Rotate")) in (90, 270):
        width, height = height, width
    scale = _upscale(width, height)
    return (round(width * scale, 4), round(height * scale, 4))


def _user_unit(value: object) -> float:
    """/UserUnit (PDF 1.6): the size of a user-space unit in points, for pages over 200 in."""
    try:
        unit = float(value) if isinstance(value, int | float | Decimal) else 1.0
    except (TypeError, ValueError):
        return 1.0
    return unit if unit > 0 else 1.0


def _upscale(width: float, height: float) -> float:
    """How much to enlarge a small page: its shorter side up to A6's shorter side, but never
    past the largest page side viewers accept. Pages at least that big keep their size."""
    if min(width, height) >= A6_SHORT:
        return 1.0
    return max(1.0, min(A6_SHORT / min(width, height), MAX_SIDE / max(width, height)))


def _crop(page: pikepdf.Page) -> Box:
    """The prepared page's visible rectangle in its own user space."""
    box = _rect(page.obj.get("/CropBox")) or _rect(page.obj.get("/MediaBox"))
    if box is None:
        raise ValueError("page has no usable MediaBox")
    return box


def place_page(
    target: pikepdf.Pdf,
    page: pikepdf.Page,
    exhibit: PreparedExhibit,
    index: int,
    *,
    box: Box,
) -> None:
    """Draw exhibit page `index` upright into rectangle `box` = (x0, y0, x1, y1) of `page`, scaled
    uniformly to fit and centred, beneath the page's existing content (the bundle page-number
    stamp, which must stay on top), clipped to `box`."""
    source = exhibit.pdf.pages[index]
    crop = _crop(source)
    form = source.as_form_xobject(handle_transformations=False)
    form.BBox = pikepdf.Array([_num(v) for v in crop])
    if "/Matrix" in form:
        del form["/Matrix"]
    # A fixed name (pikepdf's prefix= picks one at random): the same sources, the same bytes.
    existing = page.obj.get("/Resources", pikepdf.Dictionary()).get(
        "/XObject", pikepdf.Dictionary()
    )
    name = next(f"/Exh{n}" for n in range(len(existing) + 1) if f"/Exh{n}" not in existing)
    page.add_resource(target.copy_foreign(form), pikepdf.Name.XObject, pikepdf.Name(name))
    matrix = _placement(crop, _rotation(source.obj.get("/Rotate")), box)
    bx0, by0, bx1, by1 = box
    clip = f"{_fmt((bx0, by0, bx1 - bx0, by1 - by0))} re W n"
    content = f"q {clip} {_fmt(matrix)} cm {name} Do Q\n".encode()
    page.contents_add(target.make_stream(content), prepend=True)


def _placement(crop: Box, rotate: int, box: Box) -> Matrix:
    """The cm matrix taking the exhibit's user space to `box`: rotate the visible area upright
    with its lower-left corner at the origin, then scale uniformly and centre."""
    cx0, cy0, cx1, cy1 = crop
    upright: Matrix = {
        0: (1, 0, 0, 1, -cx0, -cy0),
        90: (0, -1, 1, 0, -cy0, cx1),
        180: (-1, 0, 0, -1, cx1, cy1),
        270: (0, 1, -1, 0, cy1, -cx0),
    }[rotate]
    width, height = cx1 - cx0, cy1 - cy0
    if rotate in (90, 270):
        width, height = height, width
    bx0, by0, bx1, by1 = box
    scale = min((bx1 - bx0) / width, (by1 - by0) / height)
    dx = bx0 + ((bx1 - bx0) - width * scale) / 2
    dy = by0 + ((by1 - by0) - height * scale) / 2
    return _multiply(upright, (scale, 0, 0, scale, dx, dy))


def _multiply(first: Matrix, then: Matrix) -> Matrix:
    """The matrix applying `first`, then `then` (PDF row-vector convention: first × then)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _fmt(numbers: tuple[float, ...]) -> str:
    """Numbers for a content stream: fixed-point (PDF has no exponents), no trailing zeros."""
    return " ".join(_fmt_one(n) for n in numbers)


def _fmt_one(number: float) -> str:
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
