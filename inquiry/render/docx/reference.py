"""Regenerate the reference document pandoc takes its styles and page setup from.

Run `python -m inquiry.render.docx.reference` after changing a style (`inquiry.render.docx.styles`):
it rewrites `templates/reference.docx` and the copy `inquiry init` ships
(`inquiry/data/reference.docx`). It starts from pandoc's own reference document, so every style
pandoc's writer expects exists, then sets the page and the custom styles the bundle names.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

from inquiry.render.docx.package import normalize
from inquiry.render.docx.styles import (
    DOC_DEFAULTS,
    HEADER_FOOTER,
    MARGIN_X,
    MARGIN_Y,
    PAGE_H,
    PAGE_W,
    STYLES,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _parse(xml: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(f'<root xmlns:w="{W_NS}">{xml}</root>')[0]


def pandoc_default() -> bytes:
    """pandoc's own reference.docx, the starting point."""
    import pypandoc

    done = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def restyle(styles: Any) -> None:
    """Replace docDefaults and every style in STYLES within a styles.xml root."""
    old = styles.find(_q("docDefaults"))
    new = _parse(DOC_DEFAULTS)
    if old is not None:
        styles.replace(old, new)
    else:
        styles.insert(0, new)
    by_id = {s.get(_q("styleId")): s for s in styles.findall(_q("style"))}
    for xml in STYLES:
        style = _parse(xml)
        found = by_id.get(style.get(_q("styleId")))
        if found is not None:
            styles.replace(found, style)
        else:
            styles.append(style)


def build() -> bytes:
    """The reference document's bytes (deterministic)."""
    import docx
    from docx.shared import Twips

    document = docx.Document(io.BytesIO(pandoc_default()))
    restyle(document.styles.element)
    body = document.element.body
    for child in list(body):
        if child.tag != _q("sectPr"):
            body.remove(child)
    section = document.sections[0]
    # Notes numbered through the document (see finish.split_sections), not in each section.
    for sect in body.findall(_q("sectPr")):
        for notes in sect.findall(_q("footnotePr")):
            sect.remove(notes)
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN_X)
    section.top_margin = section.bottom_margin = Twips(MARGIN_Y)
    section.header_distance = section.footer_distance = Twips(HEADER_FOOTER)
    section.gutter = Twips(0)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = "inquiry reference document", "", ""
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return normalize(buf.getvalue(), epoch=0)


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the repository's two copies (or to the paths given)."""
    package = Path(__file__).resolve().parents[2]
    targets = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [
        package.parent / "templates" / "reference.docx",
        package / "data" / "reference.docx",
    ]
    data = build()
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
