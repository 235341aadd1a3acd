"""Building bundles for the DOCX tests and reading them back: python-docx for structure, the
views for what each item should show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from inquiry import markdown
from inquiry.build import build
from inquiry.exhibits.files import read_exhibit, resolve
from inquiry.exhibits.prepare import prepare
from inquiry.numbering import Audience, Plan
from inquiry.render.pdf.stamps import STRIP
from inquiry.render.view import ExhibitFacts, Views, views

EPOCH = 1_750_000_000  # 2025-06-15T15:06:40Z
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


@dataclass
class Built:
    """A build of a submission: its outputs, its plan and its views."""

    root: Path
    out: Path
    plan: Plan
    views: Views

    @property
    def docx(self) -> Path:
        return self.out / "bundle.docx"

    @property
    def pdf(self) -> Path:
        return self.out / "bundle.pdf"

    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.out / "manifest.json").read_text("utf-8"))
        return data

    def placed(self) -> dict[str, dict[str, Any]]:
        return {i["id"]: i for i in self.manifest()["items"]}

    def own_pages(self) -> int:
        """The DOCX's own page count as the build estimates it (`render.docx.estimate`), from
        the PDF's layout as the manifest gives it (a bundle never served)."""
        from inquiry.render.docx import estimate
        from inquiry.render.pdf.layout import Pieces, compute

        m = self.manifest()
        first, last = m["bundle"]["front_pages"]
        items = m["items"]
        pieces = {
            i["id"]: Pieces(
                min([e["first_page"] for e in i["exhibits"]] + [i["last_page"] + 1])
                - i["first_page"],
                tuple(e["last_page"] - e["first_page"] + 1 for e in i["exhibits"]),
            )
            for i in items
        }
        layout = compute(last - first + 1, [(i["id"], i["number"]) for i in items], pieces)
        return estimate(self.views, layout).total()


def views_of(root: Path, plan: Plan) -> Views:
    """The views a build of `plan` renders (exhibits prepared in this process)."""
    facts = {}
    for n in plan.items:
        for k, exhibit in enumerate(n.item.exhibits, 1):
            path = resolve(root, exhibit.file)
            assert not isinstance(path, str), path
            prepared = prepare(read_exhibit(path), strip=STRIP)
            facts[(n.item.id, k)] = ExhibitFacts(
                prepared.kind, len(prepared.sizes), prepared.sha256
            )
    return views(plan, exhibits=facts, commit=None, parse=markdown.parse_many)


def make(
    root: Path,
    out: Path,
    *,
    formats: tuple[str, ...] = ("pdf", "docx"),
    audience: Audience = "public",
    include_drafts: bool = False,
) -> Built:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        result = build(
            root,
            out=out,
            formats=formats,
            audience=audience,
            include_drafts=include_drafts,
            use_cache=False,
        )
    return Built(root, out, result.plan, views_of(root, result.plan))


# ----------------------------------------------------------------------------- reading


def document(path: Path) -> Any:
    return docx.Document(str(path))


def style_id(paragraph: Any) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return None if style is None else str(style.get(qn("w:val")))


def body_paragraphs(path: Path) -> list[Any]:
    return list(document(path).element.body.iterchildren(qn("w:p")))


def visible_runs(element: Any) -> Iterator[Any]:
    """Runs a reader sees: not field codes, not hidden text."""
    for run in element.iter(qn("w:r")):
        if run.find(f"{W}rPr/{W}vanish") is None:
            yield run


def text_of(element: Any) -> str:
    """The text shown (field results included, field codes and hidden text not; a tab as a
    tab, a line break as a new line)."""
    out = []
    for run in visible_runs(element):
        for child in run:
            if child.tag == qn("w:t"):
                out.append(child.text or "")
            elif child.tag == qn("w:tab"):
                out.append("\t")
            elif child.tag == qn("w:br"):
                out.append("\n")
    return "".join(out)


def headings(path: Path, level: int) -> list[Any]:
    return [p for p in body_paragraphs(path) if style_id(p) == f"Heading{level}"]


def bookmarks_in(element: Any) -> list[str]:
    return [str(b.get(qn("w:name"))) for b in element.iter(qn("w:bookmarkStart"))]


def instructions(element: Any) -> list[str]:
    """Each field's code, nested ones included, in document order."""
    return [" ".join((t.text or "").split()) for t in element.iter(qn("w:instrText"))]


def item_blocks(path: Path) -> dict[str, list[Any]]:
    """Each item's body elements, by item id: from its heading to the next item's."""
    out: dict[str, list[Any]] = {}
    current: list[Any] | None = None
    for child in document(path).element.body.iterchildren(qn("w:p"), qn("w:tbl")):
        for name in bookmarks_in(child):
            ours = name.startswith("item_") and not name.endswith("_end") and "_x" not in name
            if ours and child.tag == qn("w:p") and style_id(child) == "Heading2":
                current = out.setdefault(name.removeprefix("item_").replace("_", "-"), [])
        if current is not None:
            current.append(child)
    return out


def item_text(path: Path, item_id: str) -> str:
    return "\n".join(text_of(e) for e in item_blocks(path)[item_id])


def front_text(path: Path) -> str:
    out = []
    for child in document(path).element.body.iterchildren():
        if child.tag == qn("w:p") and style_id(child) == "Heading2":
            break
        out.append(text_of(child))
    return "\n".join(out)
