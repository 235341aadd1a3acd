"""Exhibit PDFs holding names where red team h189 found today's first fixes did not look (stop 46):
`main(out, angle)` writes one, `NAMES[angle]` the name it hides."""

import io
import struct
import sys
import zlib

import pikepdf
from PIL import Image

NAMES = {
    "P1": "Agatha Penrose",  # BDC /Alt literal with balanced unescaped parens before the name
    "P2": "Šimon Novák",  # BDC /ActualText literal in PDFDocEncoding (Š = 0x97)
    "P3": "Cornelius Fairweather",  # comment with '(' then UTF-16BE BOM ActualText literal
    "P4": "Hortensia Blythe",  # JPX: COM in tile-part header
    "P5": "Leopold Ashdown",  # BDC /ActualText literal UTF-16BE without BOM
    "P6": "Łucja Wróbel",  # BDC /Alt literal in PDFDocEncoding (Ł = 0x95)
    "P7": "Ignatius Crewe",  # UTF-16BE BOM string with balanced parens bytes inside
    "P8": "Marguerite Oddie",  # a BI dictionary's string
    "P9": "Rupert Vane",  # JPX XL-length jp2i box
    "P10": "Evander Holt",
    "H1": "Barnabas Loxley",  # held?: JPEG SMask (gray) with EXIF XPAuthor UTF-16LE
    "H2": "Clementine Voss",  # held?: JPEG in /Alternates with XMP UTF-16LE
    "H3": "Desmond Farrow",  # held?: JPX bare codestream (J2K) with COM in main header UTF-16BE
    "P11": "Octavia Marchetti",  # BDC /ActualText hex UTF-16BE with BOM and a terminating NUL
    "P12": "Florian Kestrel",  # /Filter /DCT (abbreviated): EXIF XPAuthor UTF-16LE
    "P13": "Winifred Oakes",  # (see h189)
}


def pdfdoc(s):
    table = {"Š": 0x97, "Ł": 0x95, "ł": 0x9B, "š": 0x9D, "Ž": 0x99, "ž": 0x9E, "’": 0x90}
    out = bytearray()
    for ch in s:
        out.append(table[ch] if ch in table else ord(ch))
    return bytes(out)


def lit(b):
    return (
        b"("
        + b"".join(b"\\%03o" % c if c < 32 or c > 126 or c in b"()\\" else bytes([c]) for c in b)
        + b")"
    )


def jpx_bytes(img, tile_com=None, xl_box=None):
    buf = io.BytesIO()
    img.save(buf, "JPEG2000", no_jp2=False)
    data = buf.getvalue()
    if tile_com is not None:
        # find jp2c box and SOT inside
        pos = 0
        out = b""
        while pos < len(data):
            length = int.from_bytes(data[pos : pos + 4], "big")
            kind = data[pos + 4 : pos + 8]
            if length == 0:
                length = len(data) - pos
            whole = data[pos : pos + length]
            if kind == b"jp2c":
                cs = whole[8:]
                sot = cs.find(b"\xff\x90")
                lsot = int.from_bytes(cs[sot + 2 : sot + 4], "big")
                psot = int.from_bytes(cs[sot + 6 : sot + 10], "big")
                com_payload = b"\x00\x01" + tile_com
                com = b"\xff\x64" + struct.pack(">H", len(com_payload) + 2) + com_payload
                at = sot + 2 + lsot
                new_psot = psot + len(com) if psot else 0
                cs = cs[: sot + 6] + struct.pack(">I", new_psot) + cs[sot + 10 : at] + com + cs[at:]
                whole = struct.pack(">I", 8 + len(cs)) + b"jp2c" + cs
            out += whole
            pos += length
        data = out
    if xl_box is not None:
        kind, payload = xl_box
        box = struct.pack(">I", 1) + kind + struct.pack(">Q", 16 + len(payload)) + payload
        i = data.find(b"jp2c") - 4
        data = data[:i] + box + data[i:]
    return data


def main(out, angle):
    name = NAMES[angle]
    pdf = pikepdf.new()
    res = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(
            F1=pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
    )
    content = b"BT /F1 14 Tf 72 720 Td (A letter about the clinic and its pictures.) Tj ET\n"
    img = Image.new("RGB", (16, 16), (200, 40, 40))
    if angle == "P1":
        content += b"/Figure <</Alt (Photo (1) of " + name.encode() + b")>> BDC EMC\n"
    elif angle == "P2" or angle == "P6":
        content += b"/Span <</ActualText " + lit(pdfdoc(name)) + b">> BDC EMC\n"
    elif angle == "P3":
        content += (
            b"% see figure (1\n/Span <</ActualText "
            + lit(b"\xfe\xff" + name.encode("utf-16-be"))
            + b">> BDC EMC\n"
        )
    elif angle == "P5":
        content += b"/Span <</ActualText " + lit(name.encode("utf-16-be")) + b">> BDC EMC\n"
    elif angle == "P7":
        # raw balanced parens bytes inside the UTF-16 string: "()Ignatius Crewe"
        body = b"\xfe\xff" + "()".encode("utf-16-be") + name.encode("utf-16-be")
        s = (
            b"("
            + b"".join(
                b"\\%03o" % c if c in b"\\" or c < 32 or c > 126 else bytes([c]) for c in body
            )
            + b")"
        )
        content += b"/Span <</ActualText " + s + b">> BDC EMC\n"
    elif angle in ("P4", "P9"):
        data = jpx_bytes(
            img,
            tile_com=name.encode() if angle == "P4" else None,
            xl_box=(b"jp2i", b"Rights: photographs by " + name.encode()) if angle == "P9" else None,
        )
        im = pdf.make_stream(
            data,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=16,
            Height=16,
            Filter=pikepdf.Name.JPXDecode,
        )
        res.XObject = pikepdf.Dictionary(Im1=im)
        content += b"q 100 0 0 100 72 500 cm /Im1 Do Q\n"
    elif angle == "P11":
        hx = (b"\xfe\xff" + name.encode("utf-16-be") + b"\0\0").hex().upper().encode()
        content += b"/Span <</ActualText <" + hx + b">>> BDC EMC\n"
    elif angle in ("P12", "P13"):
        e = Image.Exif()
        e[0x9C9D] = name.encode("utf-16-le") + b"\0\0"
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90, exif=e.tobytes())
        jpg = buf.getvalue()
        if angle == "P12":
            im = pdf.make_stream(
                jpg,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Name("/DCT"),
            )
        else:
            im = pdf.make_stream(
                zlib.compress(jpg),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Array([pikepdf.Name("/Fl"), pikepdf.Name("/DCT")]),
            )
        res.XObject = pikepdf.Dictionary(Im1=im)
        content += b"q 100 0 0 100 72 500 cm /Im1 Do Q\n"
    elif angle in ("H1", "H2", "H3"):

        def jp(im, **kw):
            b = io.BytesIO()
            im.save(b, "JPEG", quality=90, **kw)
            return b.getvalue()

        base = pdf.make_stream(
            jp(img),
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=16,
            Height=16,
            ColorSpace=pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=pikepdf.Name.DCTDecode,
        )
        if angle == "H1":
            e = Image.Exif()
            e[0x9C9D] = name.encode("utf-16-le") + b"\0\0"
            base.SMask = pdf.make_stream(
                jp(Image.new("L", (16, 16), 255), exif=e.tobytes()),
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Name.DeviceGray,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
            )
        elif angle == "H2":
            xmp = (
                '<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>'
                + name
                + "</dc:creator></x:xmpmeta>"
            ).encode("utf-16-le")
            alt = jp(img)
            seg = (
                b"\xff\xe1"
                + (len(xmp) + 31).to_bytes(2, "big")
                + b"http://ns.adobe.com/xap/1.0/\0"
                + xmp
            )
            alt = alt[:2] + seg + alt[2:]
            alt_im = pdf.make_stream(
                alt,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                ColorSpace=pikepdf.Name.DeviceRGB,
                BitsPerComponent=8,
                Filter=pikepdf.Name.DCTDecode,
            )
            base.Alternates = pikepdf.Array(
                [pikepdf.Dictionary(Image=alt_im, DefaultForPrinting=True)]
            )
        else:
            b = io.BytesIO()
            img.save(b, "JPEG2000", no_jp2=True)
            cs = b.getvalue()
            pay = b"\x00\x00" + name.encode("utf-16-be")
            com = b"\xff\x64" + (len(pay) + 2).to_bytes(2, "big") + pay
            siz_end = 2 + 2 + int.from_bytes(cs[4:6], "big")
            cs = cs[:siz_end] + com + cs[siz_end:]
            base = pdf.make_stream(
                cs,
                Type=pikepdf.Name.XObject,
                Subtype=pikepdf.Name.Image,
                Width=16,
                Height=16,
                Filter=pikepdf.Name.JPXDecode,
            )
        res.XObject = pikepdf.Dictionary(Im1=base)
        content += b"q 100 0 0 100 72 500 cm /Im1 Do Q\n"
    elif angle == "P10":
        content += (
            b"BT /F1 12 Tf 72 600 Td [" + lit(b"\xfe\xff" + name.encode("utf-16-be")) + b"] TJ ET\n"
        )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=res,
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
