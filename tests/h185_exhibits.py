"""Exhibit PDFs whose images and non-font streams hold names (stop 46, red team h185's
generator): `exhibit(angle)` gives one page with that angle, `NAMES[angle]` the name it hides."""

import io
import struct
import zlib

import pikepdf
from PIL import Image

NAMES = {
    "A": "Quentin Marchbanks",  # JPEG EXIF XPAuthor, UTF-16LE
    "B": "Zoë Brontë",  # JPEG XMP packet, UTF-8
    "C": "Oswin Threlkeld",  # JPEG APP2 ICC profile, mluc desc (UTF-16BE)
    "D": "Perpetua Oakenshaw",  # bytes after a Flate image's pixels
    "E": "Wilhelmina Grusz",  # content stream: ActualText literal UTF-16BE, empty BDC/EMC
    "F": "Barnaby Quill",  # content stream: ActualText hex UTF-16BE, empty BDC/EMC
    "G": "Ferdinand Ashcombe",  # inline image data
    "H": "Rosalind Pyke",  # JPX: a top-level jp2i box
    "I": "Cosmo Pettigrew",  # JPX: ICC profile in the colr box (desc, ASCII)
    "J": "Lavinia Strode",  # ICCBased colour space stream, mluc desc (control)
    "K": "Tobias Wrenfield",  # JPEG EXIF UserComment, UNICODE, big-endian TIFF
}


def icc(desc_kind: str, text: str) -> bytes:
    """A minimal ICC profile with a desc tag (mluc UTF-16BE, or v2 desc ASCII) holding text."""
    if desc_kind == "mluc":
        s = text.encode("utf-16-be")
        tag = (
            b"mluc"
            + b"\0" * 4
            + struct.pack(">II", 1, 12)
            + b"enUS"
            + struct.pack(">II", len(s), 28)
            + s
        )
    else:
        a = text.encode("latin-1") + b"\0"
        tag = b"desc" + b"\0" * 4 + struct.pack(">I", len(a)) + a + b"\0" * (4 + 4 + 2 + 1 + 67)
    while len(tag) % 4:
        tag += b"\0"
    wtpt = b"XYZ " + b"\0" * 4 + struct.pack(">iii", 63190, 65536, 54061)
    tags = [(b"desc", tag), (b"wtpt", wtpt)]
    table_len = 4 + 12 * len(tags)
    offset = 128 + table_len
    table = struct.pack(">I", len(tags))
    body = b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = 128 + table_len + len(body)
    version = 0x04300000 if desc_kind == "mluc" else 0x02100000
    header = (
        struct.pack(">I", size)
        + b"\0" * 4
        + struct.pack(">I", version)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 4 * 4
        + b"\0" * 8
        + b"\0" * 4
        + struct.pack(">iii", 63190, 65536, 54061)
        + b"\0" * 4
        + b"\0" * 16
        + b"\0" * 28
    )
    assert len(header) == 128, len(header)
    return header + table + body


def picture(colour: tuple[int, int, int]) -> Image.Image:
    return Image.new("RGB", (16, 16), colour)


def jpeg(img: Image.Image, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, **kw)
    return buf.getvalue()


def insert_app(data: bytes, marker: int, payload: bytes) -> bytes:
    seg = bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + seg + data[2:]


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def jpx(img: Image.Image, extra_top: bytes = b"", icc_profile: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG2000", no_jp2=False)
    data = buf.getvalue()
    assert data[4:8] == b"jP  ", data[:12]
    # walk top-level boxes; rebuild jp2h with an extra colr box when asked
    out = b""
    pos = 0
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if length == 0:
            length = len(data) - pos
        whole = data[pos : pos + length]
        if kind == b"jp2h" and icc_profile is not None:
            inner = whole[8:]
            # replace the enumerated colr box by a restricted-ICC one
            ip = 0
            new_inner = b""
            while ip < len(inner):
                ilen = int.from_bytes(inner[ip : ip + 4], "big")
                ikind = inner[ip + 4 : ip + 8]
                if ikind == b"colr":
                    new_inner += box(b"colr", b"\x02\x00\x00" + icc_profile)
                else:
                    new_inner += inner[ip : ip + ilen]
                ip += ilen
            whole = box(b"jp2h", new_inner)
        out += whole
        if kind == b"jp2h" and extra_top:
            out += extra_top
        pos += length
    return out


def exhibit(*angles: str) -> bytes:
    """A one-page exhibit holding each angle's name where `NAMES` says."""
    pdf = pikepdf.new()
    xobjects = pikepdf.Dictionary()
    draws = []
    content_extra = b""
    x = 72

    def add(name: str, stream: pikepdf.Stream) -> None:
        nonlocal x
        xobjects[name] = stream
        draws.append(f"q 40 0 0 40 {x} 600 cm {name} Do Q\n".encode())
        x += 50

    def dct(data: bytes) -> pikepdf.Stream:
        return pdf.make_stream(
            data,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=16,
            Height=16,
            ColorSpace=pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=pikepdf.Name.DCTDecode,
        )

    if "A" in angles:
        exif = Image.Exif()
        exif[0x9C9D] = NAMES["A"].encode("utf-16-le") + b"\0\0"  # XPAuthor
        add("/ImA", dct(jpeg(picture((200, 30, 30)), exif=exif.tobytes())))
    if "B" in angles:
        xmp = (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator><rdf:Seq><rdf:li>{NAMES['B']}</rdf:li></rdf:Seq></dc:creator>"
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
        data = insert_app(
            jpeg(picture((30, 200, 30))), 0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp
        )
        add("/ImB", dct(data))
    if "C" in angles:
        add("/ImC", dct(jpeg(picture((30, 30, 200)), icc_profile=icc("mluc", NAMES["C"]))))
    if "K" in angles:
        # EXIF UserComment (0x9286): "UNICODE\0", then UTF-16 in the byte order of the TIFF
        exif = Image.Exif()
        ifd = exif.get_ifd(0x8769)
        ifd[0x9286] = b"UNICODE\0" + NAMES["K"].encode("utf-16-le")
        add("/ImK", dct(jpeg(picture((120, 120, 30)), exif=exif.tobytes())))
    if "D" in angles:
        pixels = bytes([90] * (16 * 16 * 3)) + NAMES["D"].encode("latin-1")
        add(
            "/ImD",
            pdf.make_stream(
                zlib.compress(pixels),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Name.FlateDecode,
            ),
        )
    if "H" in angles or "I" in angles:
        extra = box(b"jp2i", NAMES["H"].encode()) if "H" in angles else b""
        profile = icc("desc", NAMES["I"]) if "I" in angles else None
        data = jpx(picture((200, 200, 30)), extra, profile)
        add(
            "/ImH",
            pdf.make_stream(
                data,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                Filter=pikepdf.Name.JPXDecode,
            ),
        )
    if "J" in angles:
        profile = pdf.make_stream(icc("mluc", NAMES["J"]), N=3, Alternate=pikepdf.Name.DeviceRGB)
        add(
            "/ImJ",
            pdf.make_stream(
                zlib.compress(bytes([160] * (16 * 16 * 3))),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Array([pikepdf.Name.ICCBased, profile]),
                BitsPerComponent=8,
                Filter=pikepdf.Name.FlateDecode,
            ),
        )
    if "E" in angles:
        lit = b"".join(b"\\%03o" % c for c in b"\xfe\xff" + NAMES["E"].encode("utf-16-be"))
        content_extra += b"/Span <</ActualText (" + lit + b")>> BDC EMC\n"
    if "F" in angles:
        hx = (b"\xfe\xff" + NAMES["F"].encode("utf-16-be")).hex().upper().encode()
        content_extra += b"/Span <</ActualText <" + hx + b">>> BDC EMC\n"
    if "G" in angles:
        g = NAMES["G"].encode()
        content_extra += (
            b"q 180 0 0 10 72 500 cm BI /W %d /H 1 /BPC 8 /CS /G ID " % len(g) + g + b" EI Q\n"
        )
    text = b"BT /F1 14 Tf 72 720 Td (A letter about the clinic and its pictures.) Tj ET\n"
    content = text + b"".join(draws) + content_extra
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(
            Font=pikepdf.Dictionary(
                F1=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font,
                    Subtype=pikepdf.Name.Type1,
                    BaseFont=pikepdf.Name.Helvetica,
                )
            ),
            XObject=xobjects,
        ),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
