"""The PDF as the page hash (`inquiry.pagehash`) reads it: an object's type code, a dictionary's
entries, a stream's data (decoded where a re-saving tool may recompress it), numbers and boxes as
one spelling each, a page's inherited attributes, the named destinations, and qpdf's error words.
Like `pagehash`, which imports it when run as a script, it imports nothing else from inquiry."""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from pikepdf import NameTree, Object, ObjectType, PikepdfError

_GENERAL_FILTERS = frozenset(
    {"/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/ASCIIHexDecode"}
    | {"/Fl", "/LZW", "/A85", "/AHx"}  # their abbreviations
)
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
ENCODED_ONLY = frozenset({"/Length", "/Filter", "/DecodeParms", "/DL"})
STRING, NAME, ARRAY, DICTIONARY, STREAM = (  # pikepdf's `_type_code_int` values
    ObjectType[kind].value for kind in ("string", "name_", "array", "dictionary", "stream")
)


def name_text(name: Any) -> str:
    """A name object as text, `/Helvetica`. A name need not be UTF-8 (a Japanese font's
    `/#82l#82r#83S#83V#83b#83N` is Shift JIS): its bytes that are not are kept as surrogates,
    as pikepdf gives a dictionary's keys, where `str(name)` would raise."""
    try:
        return str(name)
    except UnicodeDecodeError:
        return bytes(name).decode("utf-8", "surrogateescape")


def entries(obj: Any) -> dict[str, Any]:
    """A dictionary's (or stream's) entries in one call, without the null ones `keys()` omits."""
    return {key: value for key, value in obj.items() if value is not None}


def object_code(obj: Any) -> int:
    """pikepdf's type code of a pikepdf object (`ARRAY`, `DICTIONARY`, …)."""
    if _FAST_CODE:
        return obj._type_code_int  # type: ignore[no-any-return]
    return int(obj._type_code.value)  # pikepdf releases without the integer attribute


_FAST_CODE = hasattr(Object, "_type_code_int")


def type_code(obj: Any) -> int:
    """pikepdf's type code for `obj` (`ARRAY`, `DICTIONARY`, …), -1 for Python scalars."""
    return object_code(obj) if isinstance(obj, Object) else -1


def stream_data(stream: Any, filters: Any, *, read: bool = True) -> tuple[bytes, bool]:
    """The stream's decoded data when every filter (`filters`, its `/Filter`) is one qpdf
    recompresses (Flate, LZW, ASCII85, ASCIIHex), else its raw bytes: a re-saving tool leaves
    RunLength, DCT, JPX, JBIG2 and CCITT data as it found it. Not `read`, only whether it was
    decoded is wanted (the data is empty, and raw bytes are never read)."""
    names = list(filters) if type_code(filters) == ARRAY else ([] if filters is None else [filters])
    if all(name_text(f) in _GENERAL_FILTERS for f in names):
        try:
            return stream.read_bytes(), True
        except PikepdfError:
            pass  # corrupt, or parameters qpdf cannot apply: hashed as a re-saving tool leaves it
    return (stream.read_raw_bytes() if read else b""), False


def walks_encoded(items: dict[str, Any]) -> bool:
    """Whether a stream's `ENCODED_ONLY` entries (walked when its data is not decoded) hold a
    dictionary, array or stream: only then does decoding change the walk."""
    return any(ARRAY <= type_code(items.get(key)) <= STREAM for key in ENCODED_ONLY)


def filters_token(filters: Any) -> bytes:
    return b"" if filters is None else bytes(filters.unparse())


@functools.lru_cache(maxsize=4096)
def number_token(value: int | Decimal) -> bytes:
    """One spelling per value: 595, 595.0 and 595.00 are the same number."""
    if isinstance(value, int):
        return b"#%d;" % value
    if value == 0:
        return b"#0;"
    return b"#" + format(value.normalize(), "f").encode() + b";"


def numbers_token(values: tuple[Decimal, ...]) -> bytes:
    return b"".join([number_token(v) for v in values])


def box(value: Any) -> tuple[Decimal, ...] | None:
    """A rectangle as four numbers, lower-left corner first (None when it is not one)."""
    if type_code(value) != ARRAY or len(value) != 4:
        return None
    numbers = [
        Decimal(v) for v in value if isinstance(v, int | Decimal) and not isinstance(v, bool)
    ]
    if len(numbers) != 4:
        return None
    x0, y0, x1, y1 = numbers
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def describe(exc: BaseException) -> str:
    """qpdf's words without the file path it puts first (the message names the file already)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"^(stream <[^>]*>|[^:<>]*[/\\][^:<>]*): ", "", text)
    return text[:200]


def inherited(obj: Any) -> dict[str, Any]:
    """The page's inheritable attributes, from itself or the nearest ancestor that has them."""
    found: dict[str, Any] = {}
    seen: set[tuple[int, int]] = set()
    node = obj
    while type_code(node) == DICTIONARY and node.objgen not in seen:
        seen.add(node.objgen)
        keys = node.keys()
        for key in INHERITED:
            if key not in found and key in keys:
                found[key] = node[key]
        node = node.get("/Parent") if "/Parent" in keys else None
    return found


def destinations(doc: Any) -> dict[bytes, Any]:
    """Where each of the document's named destinations leads, by name (`/Dests`, the name tree)."""
    names: dict[bytes, Any] = {}
    root = doc.Root
    old = root.get("/Dests")
    if type_code(old) == DICTIONARY:
        keys = old.keys()
        for key in keys:
            names[key[1:].encode()] = old[key]
    tree = root.get("/Names")
    if type_code(tree) == DICTIONARY and type_code(tree.get("/Dests")) == DICTIONARY:
        for key, value in NameTree(tree.Dests).items():
            names[key.encode("utf-8", "surrogateescape")] = value
    return names
