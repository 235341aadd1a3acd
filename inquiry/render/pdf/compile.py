"""One typst compile of the whole bundle, and the page of every label the layout needs.

Typst runs in an empty temporary root holding only the template and the generated source, with
its own embedded fonts and no system fonts: every machine gives the same pages, and nothing in the
evidence can make typst read a file. The layout comes from a query on the same compiler, which
reuses the compiled document (about 10 ms), instead of being guessed from the PDF.
"""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path

from inquiry.errors import BuildFailed

TEMPLATE = "template.typ"
TAGGED = False
"""Tagged PDF triples the file (4 MB instead of 1.3 MB for 400 pages) for structure that the
exhibits, drawn in afterwards, would not share; the text is searchable either way."""


def template_text() -> str:
    return resources.files("inquiry.render.pdf").joinpath(TEMPLATE).read_text(encoding="utf-8")


def compile_pdf(source: str, *, epoch: int, names: tuple[str, ...]) -> tuple[bytes, dict[str, int]]:
    """The PDF typst makes of `source`, and the 1-based page of each label in `names`."""
    import typst

    with tempfile.TemporaryDirectory(prefix="inquiry-typst-") as tmp:
        root = Path(tmp)
        (root / TEMPLATE).write_text(template_text(), encoding="utf-8")
        main = root / "bundle.typ"
        main.write_text(source, encoding="utf-8")
        try:
            compiler = typst.Compiler(main, root=root, font_paths=[], ignore_system_fonts=True)
            pdf = compiler.compile(format="pdf", timestamp=epoch, pdf_tags=TAGGED)
            found = json.loads(compiler.query('label("inq layout")', field="value", one=True))
        except Exception as exc:  # typst raises TypstError or RuntimeError with diagnostics
            raise BuildFailed(
                message=f"typst could not lay out the bundle: {_describe(exc)}"
            ) from exc
    if not isinstance(pdf, bytes) or len(found) != len(names):
        raise BuildFailed(message="typst did not return the bundle and its layout")
    return pdf, dict(zip(names, (int(p) for p in found), strict=True))


def _describe(exc: Exception) -> str:
    parts = [str(getattr(exc, "message", "") or exc)]
    diagnostic = getattr(exc, "diagnostic", "")
    if diagnostic:
        parts.append(str(diagnostic))
    return "\n".join(parts)[:2000]
