"""Two costs of preparing an exhibit: the nesting check, and pages read by eye.

    python benchmarks/exhibit_ocr.py depth [FILE.pdf ...]   # default: a synthetic image exhibit
    python benchmarks/exhibit_ocr.py eye [-n 16]             # n copies of a page without Unicode

`depth` prepares each file (no OCR) and times the nesting check on the prepared PDF both ways:
the full page hash it once ran (`hash_document`) and the walk it runs now (`check_nesting`).
`eye` times `redact_pdf` over n identical pages drawn in a font without Unicode, read by eye
once per look (now) and once per page (as before), and checks the two results are the same.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name


def _best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def image_exhibit(pages: int = 12) -> bytes:
    """`pages` A4 pages, each one a 300 dpi greyscale scan (2480 × 3508, Flate)."""
    from PIL import Image

    pdf = pikepdf.new()
    for n in range(pages):
        scan = Image.effect_noise((2480, 3508), 40 + n).convert("L")
        image = pdf.make_stream(b"", Type=Name.XObject, Subtype=Name.Image)
        image.write(zlib.compress(scan.tobytes(), 6), filter=Name.FlateDecode)
        image.Width, image.Height, image.BitsPerComponent = 2480, 3508, 8
        image.ColorSpace = Name.DeviceGray
        page = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, 595, 842]),
            Contents=pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            Resources=Dictionary(XObject=Dictionary(Im0=image)),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def depth(files: list[Path]) -> None:
    from inquiry.exhibits.prepare import Options, prepare
    from inquiry.pagehash import EXHIBIT_DEPTH, check_nesting, hash_document

    inputs = [(f.name, f.read_bytes()) for f in files] or [("synthetic 12 scans", image_exhibit())]
    for name, data in inputs:
        prepared = prepare(data, strip=Options(30.0, "never")).pdf
        with pikepdf.open(io.BytesIO(prepared)) as doc:
            before = _best(lambda: hash_document(doc, depth=EXHIBIT_DEPTH), 5)
            after = _best(lambda: check_nesting(doc, depth=EXHIBIT_DEPTH), 5)
        print(
            f"{name}: prepared {len(prepared) / 1e6:.2f} MB, "
            f"hash_document {before * 1000:.1f} ms, check_nesting {after * 1000:.1f} ms"
        )


def eye(copies: int) -> None:
    import typst

    from inquiry.exhibits import redact
    from inquiry.exhibits.redact import StringRedaction, redact_pdf

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "form.typ")
        page = "Dear colleague, about Jane Placeholder last week."
        source.write_text(
            "#set page(width: 595pt, height: 842pt, margin: 50pt)\n"
            + "\n#pagebreak()\n".join([page] * copies)
        )
        pdf = typst.compile(source, ignore_system_fonts=True, font_paths=[], timestamp=0)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for sheet in document.pages:
            for _, face in sheet.Resources.get("/Font", Dictionary()).items():
                if "/ToUnicode" in face:
                    del face["/ToUnicode"]
        out = io.BytesIO()
        document.save(out)
        pdf = out.getvalue()
    strings = [StringRedaction("Jane Placeholder", "W")]

    def run() -> Any:
        return redact_pdf(pdf, strings, [], ocr=True, unreadable=range(copies))

    start = time.perf_counter()
    once = run()
    grouped = time.perf_counter() - start
    keyed = getattr(redact, "hash_document")  # noqa: B009 (set back below)
    setattr(redact, "hash_document", lambda _doc, pages: [str(i) for i in pages])  # noqa: B010
    try:
        start = time.perf_counter()
        every = run()
        each = time.perf_counter() - start
    finally:
        setattr(redact, "hash_document", keyed)  # noqa: B010
    print(
        f"{copies} identical pages read by eye (300 dpi): once per look {grouped:.1f} s, "
        f"once per page {each:.1f} s; the same result: {once == every}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["depth", "eye"])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-n", type=int, default=16, help="pages read by eye (eye)")
    args = parser.parse_args()
    if args.what == "depth":
        depth(args.files)
    else:
        eye(args.n)


if __name__ == "__main__":
    main()
