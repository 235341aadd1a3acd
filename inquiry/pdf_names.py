"""PDF's own names, and the names programs make up: the vocabulary a redacted string is not looked
for in, when the search reads a PDF's name objects.

A name object can hold anyone's name (`/Jane#20Doe BMC`, `<</Who /Jane_Doe>>`, a form's
`/Signer /JaneDoe`), so the search reads names (red team s47). But most names are PDF's own words
(`/Type /Page`, `/Span`, `/Strong`) or a producer's made-up labels for resources (`/F1`,
`/Im0`): a witness with a single-word redaction such as `Page`, `Strong` or `Bates` must not
find them on every page of the bundle, which typst and inquiry write with these names.
"""

from __future__ import annotations

import re

_SPELLED = (
    # structure types (PDF 1.7 and 2.0)
    "Document DocumentFragment Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct "
    "Private Aside Title FENote Sub P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead "
    "TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form Em Strong Artifact Tx OC "
    # marked content's properties, artifacts' attributes, structure attributes
    "MCID ActualText Alt E Lang ReversedChars Type Subtype BBox Attached Pagination Layout Page "
    "Background Header Footer Watermark PageNum Bates LineNum Redaction Top Bottom Left Right "
    "Block Inline Before Start End Center Justify Row Column Both List PrintField Table Decimal "
    "Disc Circle Square UpperRoman LowerRoman UpperAlpha LowerAlpha Ordered Unordered Solid "
    "Underline LineThrough Overline Placement Scope Headers ColSpan RowSpan ListNumbering "
    "TextDecorationType TextDecorationColor TextDecorationThickness BaselineShift LineHeight "
    "BackgroundColor BorderColor BorderStyle BorderThickness "
    # colour spaces, rendering intents, blend modes, inline images' keys, filters, parameters
    "DeviceGray DeviceRGB DeviceCMYK Pattern Indexed Separation DeviceN ICCBased Lab CalRGB "
    "CalGray All None AbsoluteColorimetric RelativeColorimetric Saturation Perceptual Normal "
    "Multiply Screen Overlay Darken Lighten ColorDodge ColorBurn HardLight SoftLight Difference "
    "Exclusion Hue Color Luminosity Compatible BPC CS D DP F IM I W Intent Interpolate ImageMask "
    "Decode DecodeParms Filter Height Width BitsPerComponent ColorSpace G RGB CMYK AHx A85 LZW Fl "
    "RL CCF DCT JPX JBIG2 ASCIIHexDecode ASCII85Decode LZWDecode FlateDecode RunLengthDecode "
    "CCITTFaxDecode DCTDecode JPXDecode JBIG2Decode Crypt K EndOfLine EncodedByteAlign Columns "
    "Rows EndOfBlock BlackIs1 DamagedRowsBeforeError Predictor Colors EarlyChange "
    # object types and subtypes, fonts, actions, annotations, destinations, the catalogue
    "Catalog Pages Font FontDescriptor XObject Image ExtGState Shading Metadata XML ObjStm XRef "
    "Outlines StructTreeRoot StructElem MCR OBJR ParentTree RoleMap ClassMap MarkInfo "
    "ViewerPreferences Action GoTo GoToR URI Launch Named JavaScript Text FreeText Widget Popup "
    "Highlight Ink FileAttachment Filespec EmbeddedFile Group Transparency OCG OCMD OutputIntent "
    "Type0 Type1 Type1C Type3 TrueType MMType1 CIDFontType0 CIDFontType0C CIDFontType2 CMap "
    "Identity Identity-H Identity-V WinAnsiEncoding MacRomanEncoding StandardEncoding "
    "PDFDocEncoding OpenType Fit FitH FitV FitB FitBH FitBV FitR XYZ UseOutlines UseNone "
    "UseThumbs FullScreen UseOC UseAttachments SinglePage OneColumn TwoColumnLeft "
    "TwoColumnRight TwoPageLeft TwoPageRight L2R R2L PDF ImageB ImageC ImageI True False On Off "
    "Print View Btn Ch Sig Helv ZaDb Sig SubmitForm ResetForm Border Beveled Inset "
    # keys inquiry's bundles are written with
    "A Alt Annots Ascent Author BBox Border CIDSet CIDSystemInfo CIDToGIDMap CapHeight CharSet "
    "Contents Count CreationDate Creator DW Dest DescendantFonts Descent DisplayDocTitle "
    "Encoding FirstChar Flags FontBBox FontFamily FontFile FontFile2 FontFile3 FontName "
    "FormType ID IDTree Info ItalicAngle Keywords Kids Last LastChar Length Length1 Length2 "
    "Length3 Limits Marked MediaBox MissingWidth ModDate N Names Next Nums O Obj OpenAction "
    "Ordering PageLabels PageMode Parent ParentTreeNextKey Pg Prev ProcSet Producer Range Rect "
    "Registry Resources Root S Size StemH StemV StructParent StructParents Subject Supplement T "
    "Tabs ToUnicode Trapped WMode Widths XHeight First CropBox TrimBox BleedBox ArtBox Rotate "
    "UserUnit Dests AcroForm Fields DA DR AP AS MK Ff FT V Opt TU TM NeedAppearances "
    "Differences BaseEncoding FontMatrix CharProcs FontStretch FontWeight Leading AvgWidth "
    "MaxWidth StemW CIDFontType Matrix PaintType TilingType XStep YStep ShadingType Coords "
    "Domain Function Extend FunctionType Bounds Encode C0 C1 SMask Mask Matte SMaskInData "
    "Version Extensions Lang URI Base Display Visible Limits Prefix Ref Private Structure "
    "BaseFont Datetime Terms Emph InlineQuote "
    # a graphics state's keys
    "LW LC LJ ML RI OP op OPM BG BG2 UCR UCR2 TR2 HT FL SM SA BM CA ca AIS TK UseBlackPtComp HTO"
)
PDF_NAMES = frozenset(_SPELLED.split())
"""PDF's own words, as names: structure types, attributes, colour spaces, filters, object types,
the keys inquiry's bundles are written with."""
SLASHED = frozenset("/" + name for name in PDF_NAMES)
"""`PDF_NAMES` as pikepdf writes a name (`/Type`), to be looked up without a copy."""

_GENERATED = re.compile(
    r"[A-Za-z]{1,4}[0-9]+(?:\.[0-9]+)?|[0-9A-Fa-f]{16,}"
    r"|Inq(?:Pg|Stamp|Of|Dot|S[0-9]+|C[0-9]|X[0-9]+_[0-9]+)"
)
"""Names a program makes up (`/F1`, `/Im0`, `/MC12`, `/a1.0`, a digest), and our stamps' own
(`/InqPg`, `/InqS3`; `render/pdf/stamps.py`): those exactly, not every name beginning `Inq` (red
team h193: `/InqOdalys_Quennell` was never read)."""


_OPERATORS = (
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J "
    "K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz "
    "v w W W* y ' \" true false null"
)
OPERATORS = frozenset(_OPERATORS.split())
"""The operators a content stream may use (and its keywords): any other word in it is no
instruction a viewer follows (inside `BX … EX` it is skipped), and may be anyone's name."""

BYTE_ORDER_MARKS = (
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)
"""A PDF text string's or a name's byte-order marks, each with the encoding it announces."""


def readings(raw: bytes) -> list[str]:
    """A name's bytes as text, every way a reader may take them (red team h193): after a
    byte-order mark, UTF-16 (or UTF-8); else UTF-8 when they are; else Latin-1, PDFDocEncoding
    and WinAnsi (`/Od#E1lys` is `Odálys`); and each with its words parted where a producer
    glued them (`/InqOdalys_Quennell` reads `Inq Odalys Quennell` too)."""
    texts = _decoded(raw)
    return texts + [p for p in map(parted, texts) if p not in texts]


_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])|[_.]")


def parted(text: str) -> str:
    """`text` with its glued words parted (`InqOdalys_Quennell` → `Inq Odalys Quennell`)."""
    return _GLUED.sub(" ", text)


def _decoded(raw: bytes) -> list[str]:
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return [raw[len(mark) :].decode(encoding, errors="replace")]
    try:
        return [raw.decode("utf-8")]
    except UnicodeDecodeError:
        pass
    import pikepdf.codec  # noqa: F401  (registers "pdfdoc")

    texts = [raw.decode("latin-1"), raw.decode("pdfdoc", errors="replace")]
    return [*texts, raw.decode("cp1252", errors="replace")]


def own_name(text: str) -> bool:
    """Whether a name (as text, without its slash) is PDF's own or made up by a program: not
    searched for a redacted string."""
    return text in PDF_NAMES or _GENERATED.fullmatch(text) is not None


__all__ = [
    "BYTE_ORDER_MARKS",
    "OPERATORS",
    "PDF_NAMES",
    "SLASHED",
    "own_name",
    "parted",
    "readings",
]
