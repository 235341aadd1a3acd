"""Links in the HTML edition's tables are targets at least 24 by 24 CSS pixels (WCAG 2.2,
2.5.8; red team s32): an index's page number (`4` was 9 by 16), an index title, and an item's
pages in the PDF on its own page. Each half of a pinpoint in the lines-of-inquiry table is as
tall, and as wide as its words: widened, `[A1/4]` read `[A1/ 4 ]`. The boxes are measured in
Chromium at 320 and 1280 pixels; the tables still fit as they did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_html import axe, make_edition, too_wide, violations
from test_html_s32_tables import run_probe

SIZE = 24
PROBE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body style="margin:0">%s
<script>
addEventListener('load', () => {
  const out = {};
  for (const f of document.querySelectorAll('iframe')) {
    const links = [];
    for (const a of f.contentDocument.querySelectorAll('table.data a, a.pages')) {
      const r = a.getBoundingClientRect();
      links.push([a.closest('table') ? a.closest('table').className : 'pages',
                  a.textContent, r.width, r.height, a.closest('.pin') !== null]);
    }
    out[f.dataset.key] = links;
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script></body></html>"""


def link_boxes(pages: list[Path], widths: tuple[int, ...]) -> dict[str, list[list[object]]]:
    """Every table link and pages link of each page at each width: (its table's class, words,
    width, height) by `name@width`."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed")
    root = pages[0].parents[1] if pages[0].parent.name == "items" else pages[0].parent
    frames = "".join(
        f'<iframe data-key="{p.name}@{w}" src="{p.relative_to(root).as_posix()}" title="{w}"'
        f' style="width:{w}px;height:600px;border:0;display:block"></iframe>'
        for p in pages
        for w in widths
    )
    result: dict[str, list[list[object]]] = run_probe(
        chromium, root / "probe-targets.html", PROBE % frames
    )
    return result


def test_links_in_tables_and_pages_links_are_24_pixels_square_or_more(
    sample: Path, tmp_path: Path
) -> None:
    ed = make_edition(sample, tmp_path)
    item = next(v for v in ed.views.items if v.id == "SF-001")
    pages = [ed.dest / "index.html", ed.dest / "items" / f"{item.number}-SF-001.html"]
    found = link_boxes(pages, (320, 1280))
    small = {
        key: [
            link
            for link in links
            if float(str(link[3])) < SIZE or (float(str(link[2])) < SIZE and not link[4])
        ]
        for key, links in found.items()
    }
    assert {k: v for k, v in small.items() if v} == {}
    # A pinpoint's halves are as wide as their words: "4", not a 24-pixel box around it.
    pins = [link for links in found.values() for link in links if link[4]]
    assert pins and any(float(str(link[2])) < SIZE for link in pins)
    index = found["index.html@1280"]
    kinds = {str(kind) for kind, *_ in index}
    assert {"data index", "data loi"} <= kinds, kinds  # titles, pages, pinpoints measured
    assert any(words == "4" for _, words, *_ in index)  # a one-digit page number
    assert found[f"{item.number}-SF-001.html@1280"], "the item's pages link"
    result = axe(pages, width=320)
    assert list(violations(result)) == [] and too_wide(result) == {}
