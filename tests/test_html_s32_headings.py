"""The HTML index's tabs are headings (red team s32): each tab's table follows an `h3` with the
tab's name, under the index's `h2` (or a supplement's), so a screen reader's user can move from
tab to tab by heading; the table keeps its caption (the same words, shown once, by the heading)
and its region stays named by it. The outline skips no level."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import lxml.html
from test_html import axe, make_edition, parse, violations
from test_pdf import build_pdf
from test_retired_editions import LATE

from inquiry.render import wording
from inquiry.served import serve


def tabs(doc: lxml.html.HtmlElement) -> list[tuple[str, str, str]]:
    """Each index table as (the heading before its region, that heading's tag, its caption),
    the caption hidden and the region named by it."""
    out = []
    for table in doc.xpath("//table[contains(@class,'index')]"):
        region = table.getparent()
        heading = region.getprevious()
        caption = table.find("caption")
        assert caption is not None and caption.get("class") == "visually-hidden"
        assert region.get("aria-labelledby") == caption.get("id")
        out.append((heading.text_content(), heading.tag, caption.text_content()))
    return out


def outline(doc: lxml.html.HtmlElement) -> list[tuple[int, str]]:
    return [(int(str(h.tag)[1]), h.text_content()) for h in doc.iter("h1", "h2", "h3", "h4")]


def test_each_tab_has_a_heading_in_the_indexs_outline(sample: Path, tmp_path: Path) -> None:
    ed = make_edition(sample, tmp_path)
    doc = ed.index()
    names = [wording.tab_heading(s.tab, s.title) for s in ed.views.front.index]
    assert tabs(doc) == [(n, "h3", n) for n in names]
    assert outline(doc)[1:] == [
        (2, wording.INDEX),
        *((3, n) for n in names),
        (2, wording.LINES_OF_INQUIRY),
    ]
    assert list(violations(axe([ed.dest / "index.html"]))) == []


def test_a_supplements_tabs_are_headings_under_its_own(tmp_path: Path, build_cache: Path) -> None:
    """Items added after serving: the supplement's `h2`, then its tabs' `h3`s."""
    from test_pdf import make_sample

    root = make_sample(tmp_path)
    first = build_pdf(root, tmp_path / "b0", cache=build_cache, formats=("pdf", "html"))
    serve(root, first.out, today=dt.date(2026, 11, 1))
    (root / "evidence/survey_findings/SF-990.yaml").write_text(LATE, encoding="utf-8")
    added = build_pdf(root, tmp_path / "b1", cache=build_cache, formats=("pdf", "html"))
    index = added.out / "html" / "index.html"
    doc = parse(index)
    supplement = f"{wording.SUPPLEMENTARY}: Tab A — Survey findings"
    assert (supplement, "h3", supplement) in tabs(doc)
    levels = outline(doc)
    assert all(b <= a + 1 for (a, _), (b, _) in itertools.pairwise(levels)), levels
    at = levels.index((3, supplement))
    assert levels[at - 1][0] == 2 and levels[at - 1][1] != wording.LINES_OF_INQUIRY
    assert list(violations(axe([index]))) == []
