"""A SHA-256 per page of what the page shows and does, the same whichever tool saved the file.

A bundle's file hash changes when anything about the file changes, including things no reader sees
(object numbers, compression, object streams). A page hash answers the question a recipient asks —
"is page 212 the page that was served?" — so it is taken over the page's meaning, not its bytes:

- the page's content streams, decoded and joined; its resources (fonts, images, forms, patterns),
  followed recursively and hashed by content, never by object number;
- its media box, crop box (the media box when absent) and rotation, inherited from the page tree as
  a viewer would; its other keys (bleed and trim boxes, transparency group, actions);
- its annotations (links, widgets, notes) with their appearance streams and targets: a link to
  another page is hashed as that page's number, a named destination as where it leads.

Left out are the back-pointers that only record structure (`/Parent`, `/StructParents`, an
annotation's `/P`), the thumbnail and private data (`/Thumb`, `/PieceInfo`, `/LastModified`), and
a stream's `/Length`, `/Filter` and `/DecodeParms` when its data could be decoded (so recompression
does not count). Every dictionary, array and stream is hashed as the digest of its parts, whether
it is stored directly or as a numbered object (tools move objects between the two); each numbered
object is hashed once and remembered (a font shared by 5,000 pages costs once), and a reference
back to an object still being hashed counts as a loop by its distance, so a cyclic graph hashes
the same whatever its object numbers.

Run as a script (`python -I inquiry/pagehash.py FILE`, or `python -m inquiry.pagehash FILE`) it
prints one hash per line; `pagehash_run.page_hashes_limited` runs it so, under a time and a memory
limit, for a PDF received from someone else. The module imports nothing else from inquiry but
`pagehash_values`, which imports nothing from it, so the script starts without loading the rest of
the package (a second rather than a tenth of one).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pikepdf import Object

if __name__ == "__main__" and not __package__:
    # Run as a script with -I, this folder is not on sys.path: the package is the one this file is
    # in (an editable install's finder, after sys.path, may point at another checkout).
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from inquiry.pagehash_values import (
    ARRAY,
    DICTIONARY,
    ENCODED_ONLY,
    NAME,
    STREAM,
    STRING,
    box,
    describe,
    destinations,
    entries,
    filters_token,
    inherited,
    name_text,
    number_token,
    numbers_token,
    object_code,
    stream_data,
    type_code,
    walks_encoded,
)

_STRUCTURE = frozenset({"/Parent", "/StructParent", "/StructParents"})
_ANNOT_SKIP = _STRUCTURE | {"/P"}
_PAGE_OWN = frozenset(
    {"/Type", "/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/Annots"}
)
_PAGE_SKIP = _STRUCTURE | _PAGE_OWN | {"/Thumb", "/B", "/PieceInfo", "/LastModified", "/Metadata"}
_SKIP = {  # what a dictionary leaves out: by (in an annotation, a stream's decoded data)
    (annot, decoded): (_ANNOT_SKIP if annot else _STRUCTURE) | (ENCODED_ONLY if decoded else set())
    for annot in (False, True)
    for decoded in (False, True)
}
_LETTER = (Decimal(0), Decimal(0), Decimal(612), Decimal(792))
_NO_LOOP = 1 << 30
MAX_DEPTH = 1_000
"""How deep a page's objects may nest (a level each dictionary, array, stream): 100 forms each
drawing the next are ~300. Python's recursion limit is raised to match while hashing; deeper is
`TooDeep`; `prepare` refuses an exhibit past `EXHIBIT_DEPTH` (room for the bundle's wrapping)."""
EXHIBIT_DEPTH = 900
_FRAMES = 5  # Python frames a level of nesting takes at most (_enc, _indirect, _direct, _dict)
_SHARED_BYTES = 32 * 1024 * 1024
_sha256 = hashlib.sha256


class PageHashError(Exception):
    """The PDF could not be read or hashed; the message is one plain line."""


class TooDeep(PageHashError):
    """A page's objects nest deeper than the depth allowed."""


def page_hashes(pdf: Path, pages: range | None = None) -> list[str]:
    """The SHA-256 (hex) of each page of `pdf` (or of the 0-based `pages`), in page order.

    Raises `PageHashError` when the file is missing, damaged, encrypted or too deeply nested.
    """
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            return hash_document(doc, pages)
    except TooDeep as exc:
        raise PageHashError(f"{pdf}: {exc}") from None
    except pikepdf.PasswordError:
        raise PageHashError(f"{pdf}: is encrypted and cannot be read") from None
    except FileNotFoundError:
        raise PageHashError(f"{pdf}: no such file") from None
    except RecursionError:
        raise PageHashError(f"{pdf}: objects nested too deeply to hash") from None
    except (pikepdf.PikepdfError, OSError, ValueError, NotImplementedError) as exc:
        raise PageHashError(f"{pdf}: cannot be read as a PDF ({describe(exc)})") from None


def hash_document(
    doc: Any, pages: Sequence[int] | None = None, *, depth: int = MAX_DEPTH
) -> list[str]:
    """`page_hashes` of an open pikepdf document; `TooDeep` for a page nested past `depth`."""
    return _walk(doc, pages, depth, data=True)


def check_nesting(doc: Any, *, depth: int = MAX_DEPTH) -> None:
    """`TooDeep` exactly where `hash_document(doc, depth=depth)` raises it: the same walk, but
    no stream's data is hashed, nor read unless whether it decodes changes what is walked (an
    exhibit's images are most of its bytes)."""
    _walk(doc, None, depth, data=False)


def _walk(doc: Any, pages: Sequence[int] | None, depth: int, *, data: bool) -> list[str]:
    objects = [page.obj for page in doc.pages]  # once: `pages[i]` walks the list each time
    hasher = _Hasher(doc, objects, depth, data=data)
    wanted = range(len(objects)) if pages is None else pages
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, _FRAMES * depth + 1_000))
    try:
        return [hasher.page(objects[i], i + 1) for i in wanted]
    finally:
        sys.setrecursionlimit(old)


class _Hasher:
    """Hashes pages of one open PDF, remembering each indirect object's digest.

    Written for speed, as each pikepdf call crosses into C++: a dictionary is read with one
    `items()` call (less the null values `keys()` leaves out), a value's kind is pikepdf's
    integer type code, and name tokens and content streams shared by pages are remembered."""

    def __init__(self, doc: Any, pages: list[Any], depth: int, *, data: bool) -> None:
        self.doc = doc
        self.depth = depth
        self.data = data
        self.pages: dict[tuple[int, int], int] = {p.objgen: n for n, p in enumerate(pages, 1)}
        self.memo: dict[tuple[int, int, bool], bytes] = {}
        self.stack: dict[tuple[int, int], int] = {}
        self.names: dict[bytes, Any] | None = None
        self.tokens: dict[str, bytes] = {}
        self.seen: set[tuple[int, int]] = set()
        self.shared: dict[tuple[int, int], bytes] = {}
        self.kept = 0

    def page(self, obj: Any, number: int) -> str:
        """The hex digest of one page dictionary."""
        own = entries(obj)
        found = inherited(obj)
        media = box(found.get("/MediaBox")) or _LETTER
        crop = box(found.get("/CropBox")) or media
        rotate = found.get("/Rotate", 0)
        rotate = int(rotate) % 360 if isinstance(rotate, int | Decimal) else 0
        boxes = numbers_token(media)
        out = [b"page1", b"M", boxes, b"C", boxes if crop is media else numbers_token(crop)]
        contents = self._contents(own.get("/Contents")) if self.data else b""  # only data
        out += [b"R%d;" % rotate, b"X", contents, b"Res"]
        self._enc(found.get("/Resources"), out, 1)
        out.append(b"Annots[")
        annots: Any = own.get("/Annots")
        for annot in annots if type_code(annots) == ARRAY else ():
            self._enc(annot, out, 1, annot=True)
        out.append(b"]")
        for key in sorted(k for k in own if k not in _PAGE_SKIP):
            out.append(self._token(key))
            self._enc(own[key], out, 1)
        return _sha256(b"".join(out)).hexdigest()

    def _contents(self, contents: Any) -> bytes:
        """The digest of the page's content streams, decoded and joined as one."""
        streams = contents if type_code(contents) == ARRAY else [contents]
        parts = [self._content(stream) for stream in streams if type_code(stream) == STREAM]
        return _sha256(b"\n".join(parts)).digest()

    def _content(self, stream: Any) -> bytes:
        """One content stream as hashed; one met on a second page (a stamp, a marked-content
        wrapper) is kept, up to `_SHARED_BYTES` in all, rather than read and decoded again."""
        key = stream.objgen
        part = self.shared.get(key)
        if part is None:
            filters = stream.get("/Filter")
            data, decoded = stream_data(stream, filters)
            part = data if decoded else b"%raw " + filters_token(filters) + data
            if key not in self.seen:
                self.seen.add(key)
            elif key[0] and self.kept + len(part) <= _SHARED_BYTES:
                self.shared[key] = part
                self.kept += len(part)
        return part

    def _enc(self, obj: Any, out: list[bytes], depth: int, *, annot: bool = False) -> int:
        """Append `obj`'s canonical tokens to `out`; return the shallowest stack depth it loops
        back to (`_NO_LOOP` when none), which makes its digest depend on how it was reached."""
        cls = type(obj)
        if cls is int:
            out.append(b"#%d;" % obj)
            return _NO_LOOP
        if cls is not Object and not isinstance(obj, Object):
            if obj is None:
                out.append(b"n")
            elif isinstance(obj, bool):
                out.append(b"t" if obj else b"f")
            elif isinstance(obj, int | Decimal):
                out.append(number_token(obj))
            else:
                out.append(b"?" + obj.unparse())
            return _NO_LOOP
        code = object_code(obj)
        if code < ARRAY or code > STREAM:
            return self._direct(obj, code, out, depth, annot)
        objgen = obj.objgen
        if objgen[0]:
            return self._indirect(obj, objgen, out, depth, annot)
        # A direct container is hashed exactly as an indirect one would be: tools move objects
        # in and out of the indirect table (qpdf makes inherited resources indirect).
        if depth >= self.depth:
            raise TooDeep(f"objects nested more than {self.depth:,} levels deep")
        inner: list[bytes] = []
        loop = self._direct(obj, code, inner, depth + 1, annot)
        out.append(b"@" + _sha256(b"".join(inner)).digest())
        return loop

    def _indirect(
        self, obj: Any, objgen: tuple[int, int], out: list[bytes], depth: int, annot: bool
    ) -> int:
        number = self.pages.get(objgen)
        if number is not None:
            # A link to a page is where it leads, not what that page shows.
            out.append(b"P%d;" % number)
            return _NO_LOOP
        entered = self.stack.get(objgen)
        if entered is not None:
            out.append(b"L%d;" % (depth - entered))
            return entered
        key = (objgen[0], objgen[1], annot)
        known = self.memo.get(key)
        if known is not None:
            out.append(known)
            return _NO_LOOP
        if depth >= self.depth:
            raise TooDeep(f"objects nested more than {self.depth:,} levels deep")
        self.stack[objgen] = depth
        inner: list[bytes] = []
        try:
            loop = self._direct(obj, object_code(obj), inner, depth + 1, annot)
        finally:
            del self.stack[objgen]
        digest = b"@" + _sha256(b"".join(inner)).digest()
        if loop >= depth:
            # Loops back only into itself: the digest is the same however it is reached.
            self.memo[key] = digest
            loop = _NO_LOOP
        out.append(digest)
        return loop

    def _direct(self, obj: Any, code: int, out: list[bytes], depth: int, annot: bool) -> int:
        loop = _NO_LOOP
        if code == NAME:
            out.append(self._token(name_text(obj)))
        elif code == STRING:
            data = bytes(obj)
            out.append(b"(%d:" % len(data) + data)
        elif code == ARRAY:
            out.append(b"[")
            enc = self._enc
            for item in obj:
                found = enc(item, out, depth)
                if found < loop:
                    loop = found
            out.append(b"]")
        elif code == DICTIONARY:
            loop = self._dict(entries(obj), _SKIP[annot, False], out, depth)
        elif code == STREAM:
            items = entries(obj)
            if self.data or walks_encoded(items):
                data, decoded = stream_data(obj, items.get("/Filter"), read=self.data)
            else:  # `decoded` only decides whether scalars are hashed: nothing deeper
                data, decoded = b"", False
            out.append(b"S")
            loop = self._dict(items, _SKIP[annot, decoded], out, depth)
            out.append(b"%d:" % len(data) + _sha256(data).digest())
        else:
            out.append(b"?" + obj.unparse())
        return loop

    def _dict(
        self, items: dict[str, Any], skip: frozenset[str], out: list[bytes], depth: int
    ) -> int:
        """A dictionary's entries in key order, less those in `skip`."""
        loop = _NO_LOOP
        go_to = items.get("/S") == "/GoTo"
        tokens = self.tokens
        enc = self._enc
        out.append(b"<")
        for key in sorted(items):
            if key in skip:
                continue
            value = items[key]
            out.append(tokens.get(key) or self._token(key))
            if key == "/Dest" or (key == "/D" and go_to):
                target = self._named(value)
                if target is not None:
                    out.append(b"N")
                    value = target
            found = enc(value, out, depth)
            if found < loop:
                loop = found
        out.append(b">")
        return loop

    def _token(self, name: str) -> bytes:
        token = self.tokens.get(name)
        if token is None:
            data = name.encode("utf-8", "surrogateescape")
            token = self.tokens[name] = b"/%d:" % len(data) + data
        return token

    def _named(self, value: Any) -> Any:
        """Where a named destination leads (None when `value` is not a name or is unknown)."""
        code = type_code(value)
        if code != NAME and code != STRING:
            return None
        if self.names is None:
            self.names = destinations(self.doc)
        name = (
            bytes(value)
            if code == STRING
            else name_text(value)[1:].encode("utf-8", "surrogateescape")
        )
        return self.names.get(name)


def main(argv: list[str]) -> int:
    """`python -m inquiry.pagehash FILE`: one hash per line, or one line on stderr and exit 1."""
    if len(argv) != 1:
        print("usage: pagehash.py FILE.pdf", file=sys.stderr)
        return 2
    try:
        hashes = page_hashes(Path(argv[0]))
    except PageHashError as exc:
        print(exc, file=sys.stderr)
        return 1
    sys.stdout.write("".join(h + "\n" for h in hashes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
