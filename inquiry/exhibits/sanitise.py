"""Sanitising an exhibit: keep what is visible, remove whatever could act.

An exhibit is untrusted input that ends up inside a court bundle, so whatever could run, launch,
submit or smuggle a file (JavaScript, actions, attachments, XFA, external streams) is removed,
while everything that was *visible* (page content, form values, annotation appearances) stays:
forms and annotations are first flattened into the page content.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pikepdf

from inquiry.exhibits.appearances import synthesise_appearances
from inquiry.exhibits.errors import ExhibitError, describe
from inquiry.exhibits.geometry import A4, inherited, intersect, num, rect, rotation
from inquiry.exhibits.images import strip_jpeg_metadata
from inquiry.exhibits.layers import hide_off_layers
from inquiry.exhibits.syntax_check import ContentKey, content_key
from inquiry.pagehash_values import name_text
from inquiry.pdfobjects import filter_chain, image_codec_data

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
        "/Metadata",
        "/PieceInfo",
        "/PTEX.FileName",
        "/PTEX.InfoDict",
        "/PTEX.PageNumber",
    }
)
"""Keys removed wherever they appear under a page's contents and resources (the last five hold
data no reader sees on the page: XMP metadata, an application's private data, and where
pdfTeX took an included figure from, with that file's own document information)."""

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


_NOT_COMMENTS = frozenset({"/Link", "/Widget", "/Popup"})


def left_out(pdf: pikepdf.Pdf) -> tuple[str, ...]:
    """What a reader of the exhibit could open but the bundle will not carry, in words (before
    `flatten` and `sanitise`): attached files, and the text of comments (their marks on the page
    are drawn in; what a comment says is shown only when opened). Counted, never named: a
    name may be one the edition redacts, and warnings reach CI logs."""
    files = comments = 0
    names = pdf.Root.get("/Names")
    tree = names.get("/EmbeddedFiles") if isinstance(names, pikepdf.Dictionary) else None
    if isinstance(tree, pikepdf.Dictionary):
        with contextlib.suppress(pikepdf.PikepdfError, ValueError, TypeError):
            files += len(pikepdf.NameTree(tree))
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else ():
            if not isinstance(annot, pikepdf.Dictionary):
                continue
            subtype = annot.get("/Subtype")
            if subtype == "/FileAttachment":
                files += 1
            elif subtype not in _NOT_COMMENTS and name_text(annot.get("/Contents", "")).strip():
                comments += 1
    out = []
    if files:
        out.append(f"{files} attached file(s)")
    if comments:
        out.append(f"the text of {comments} comment(s)")
    return tuple(out)


def flatten(pdf: pikepdf.Pdf) -> None:
    """Draw form values and annotation appearances into the page content, so that removing the
    annotations afterwards loses nothing that was visible. What a viewer does not show stays
    unshown: layers off by default (`inquiry.exhibits.layers`), and annotations hidden,
    invisible or not for the screen (NoView: a watermark for printing only)."""
    try:
        hide_off_layers(pdf)  # before the catalogue's layer settings are dropped
        if "/AcroForm" in pdf.Root:
            pdf.generate_appearance_streams()  # fields marked NeedAppearances have none yet
        for page in pdf.pages:
            synthesise_appearances(pdf, page)
        pdf.flatten_annotations(mode="screen")
    except pikepdf.PikepdfError as exc:
        raise ExhibitError(
            f"has form fields or annotations that cannot be flattened ({describe(exc)})"
        ) from exc


def sanitise(pdf: pikepdf.Pdf) -> None:
    """Keep only what drawing the pages needs, then scrub everything those pages reach."""
    for page in pdf.pages:
        normalise_page(page)
        for key in list(page.obj.keys()):
            if key not in PAGE_KEYS:
                del page.obj[key]
    for key in list(pdf.Root.keys()):
        if key not in CATALOG_KEYS:
            del pdf.Root[key]
    for page in pdf.pages:
        _scrub(page.obj)


def decode_contents(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    number: int,
    made: dict[ContentKey, pikepdf.Object],
) -> None:
    """Replace the page's content streams by one decoded stream, now rather than when the page
    is placed: a content stream that cannot be decoded is a damaged exhibit, reported here
    instead of failing half-way through writing the bundle. Pages drawing the same streams
    share the one decoded stream made for the first (kept in `made`), so later steps see that
    they draw the same, and read it once."""
    key = content_key(page.obj)
    if key is not None and key in made:
        page.obj.Contents = made[key]
        return
    contents = page.obj.get("/Contents")
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        data = b"\n".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    except pikepdf.PikepdfError as exc:
        raise ExhibitError(f"is damaged beyond repair (page {number}: {describe(exc)})") from exc
    page.obj.Contents = pdf.make_stream(data)
    if key is not None:
        made[key] = page.obj.Contents


def normalise_page(page: pikepdf.Page) -> None:
    """Make the page stand alone: inherited attributes pushed down, boxes ordered and the
    CropBox inside the MediaBox, /Rotate one of 0/90/180/270 (as PDF viewers read it)."""
    obj = page.obj
    media = rect(inherited(obj, "/MediaBox")) or (0.0, 0.0, *A4)
    crop = intersect(rect(inherited(obj, "/CropBox")) or media, media) or media
    obj.MediaBox = pikepdf.Array([num(v) for v in media])
    obj.CropBox = pikepdf.Array([num(v) for v in crop])
    obj.Rotate = rotation(inherited(obj, "/Rotate"))
    resources = inherited(obj, "/Resources")
    obj.Resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()


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
        if isinstance(container, pikepdf.Stream):
            _full_filter_names(container)
            if container.get("/Subtype") == "/Image":
                _plain_picture(container)
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


_ABBREVIATED = {
    "/AHx": "/ASCIIHexDecode",
    "/A85": "/ASCII85Decode",
    "/LZW": "/LZWDecode",
    "/Fl": "/FlateDecode",
    "/RL": "/RunLengthDecode",
    "/CCF": "/CCITTFaxDecode",
    "/DCT": "/DCTDecode",
}
"""The filter names an inline image may abbreviate, which viewers take in any stream and qpdf
does not: written whole, so what a viewer draws is what inquiry reads (red team h189: a JPEG
behind `/DCT` was drawn, and neither stripped nor searched)."""


def _full_filter_names(stream: pikepdf.Stream) -> None:
    found = stream.get("/Filter")
    given = list(found) if isinstance(found, pikepdf.Array) else [found]
    # A name that is not UTF-8 (`/Fl#E9`) is read as pagehash reads names, never by `str`.
    said = [name_text(f) if isinstance(f, pikepdf.Name) else "" for f in given]
    if not any(n in _ABBREVIATED for n in said):
        return
    whole = [
        pikepdf.Name(_ABBREVIATED[n]) if n in _ABBREVIATED else f
        for f, n in zip(given, said, strict=True)
    ]
    stream.Filter = pikepdf.Array(whole) if isinstance(found, pikepdf.Array) else whole[0]


def _plain_picture(image: pikepdf.Stream) -> None:
    """A JPEG image written again without its metadata (`images.strip_jpeg_metadata`): EXIF
    (an author, a camera's position), XMP, an ICC profile's descriptions, comments, which no
    viewer of a PDF shows or uses — dropped as `/Metadata` is (red team h185: a name in UTF-16
    in a photo's EXIF reached the bundle). A JPEG that cannot be read is left as it is, for
    the search to read whole."""
    try:
        codec, data = image_codec_data(image)
        if codec != "/DCTDecode":
            return
        plain = strip_jpeg_metadata(data)
    except (pikepdf.PikepdfError, ValueError):
        return
    if plain != data:
        parms = dict(filter_chain(image)).get("/DCTDecode")
        image.write(
            plain,
            filter=pikepdf.Name.DCTDecode,
            decode_parms=parms if isinstance(parms, pikepdf.Dictionary) else None,
        )


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
        or (isinstance(subtype, pikepdf.Name) and name_text(subtype) in ACTION_TYPES)
        or (kind == pikepdf.Name.Filespec and "/EF" in obj)
        or _is_page_node(obj)
    )


# --------------------------------------------------------------------------- images
