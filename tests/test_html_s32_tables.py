"""Tables in the HTML edition on narrow and zoomed screens (red team s32, from screenshots):
every table scrolls sideways in its own named, focusable region, with a cue that it holds
more than it shows; the index shows all its columns at 200% zoom of a 1280-pixel window, and
on a phone its titles whole beside their numbers, never cut mid-word at the region's edge."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_html import Edition, make_edition, parse

PROBE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body style="margin:0">%s
<script>
addEventListener('load', () => {
  const out = {};
  for (const f of document.querySelectorAll('iframe')) {
    const d = f.contentDocument, regions = [];
    for (const r of d.querySelectorAll('.scroll')) {
      const box = r.getBoundingClientRect();
      const title = r.querySelector('table.index tbody tr:not(.retired) td:nth-child(3)');
      regions.push({
        name: r.getAttribute('aria-label') || r.getAttribute('aria-labelledby'),
        scrollWidth: r.scrollWidth, clientWidth: r.clientWidth,
        cue: getComputedStyle(r).backgroundImage,
        right: box.right, titleRight: title ? title.getBoundingClientRect().right : null,
      });
    }
    out[f.dataset.width] = {page: d.documentElement.scrollWidth > d.documentElement.clientWidth,
                            regions};
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
});
</script></body></html>"""


def measure(page: Path, widths: tuple[int, ...]) -> dict[str, dict[str, object]]:
    """The page laid out in Chromium at each width (an iframe that wide: its media queries
    see that width): each scrolling region's widths, its background and, in an index table,
    where the first title cell ends."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium not installed")
    frames = "".join(
        f'<iframe data-width="{w}" src="{page.name}" title="{w}"'
        f' style="width:{w}px;height:700px;border:0;display:block"></iframe>'
        for w in widths
    )
    result: dict[str, dict[str, object]] = run_probe(
        chromium, page.with_name(f"probe-{page.stem}.html"), PROBE % frames
    )
    return result


def run_probe(chromium: str, probe: Path, page: str) -> Any:
    """The JSON a probe page (`page`, written to `probe` and removed after) leaves in its
    `<pre id="probe">` once Chromium has laid out its frames."""
    probe.write_text(page, encoding="utf-8")
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
         "--allow-file-access-from-files", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    probe.unlink()
    m = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert m, done.stderr[-2000:]
    return json.loads(html.unescape(m[1]))


@pytest.fixture
def public(sample: Path, tmp_path: Path) -> Edition:
    return make_edition(sample, tmp_path)


def test_every_table_is_in_a_named_focusable_scrolling_region(public: Edition) -> None:
    """An item's own tables (a survey finding's figures, a statistic's series) too, not only
    the index and Markdown tables: a long label in one scrolled the page."""
    seen = 0
    for path in public.html_files():
        doc = parse(path)
        ids = {e.get("id"): e for e in doc.iter() if e.get("id")}
        for table in doc.iter("table"):
            seen += 1
            region = table.getparent()
            assert region is not None and region.tag == "div", (path.name, region)
            assert region.get("role") == "region" and region.get("tabindex") == "0"
            assert "scroll" in (region.get("class") or "").split()
            label = region.get("aria-label")
            if label is None:
                named = ids.get(region.get("aria-labelledby"))
                assert named is not None, path.name
                label = named.text_content()
            assert label.strip(), path.name
    figures = public.page(next(v for v in public.views.items if v.kind == "survey_finding"))
    assert figures.xpath("//div[@role='region']/table[not(contains(@class,'index'))]")
    assert seen > 5


def test_a_region_that_holds_more_than_it_shows_has_a_cue(public: Edition) -> None:
    """Scroll bars hidden until touched (phones, overlay scroll bars) left no sign that a cut
    table went on: each region draws a shadow at an edge with more beyond it."""
    found = measure(public.dest / "index.html", (320,))
    regions = found["320"]["regions"]
    assert isinstance(regions, list) and regions
    assert all("gradient" in r["cue"] for r in regions), regions


def test_the_index_shows_every_column_at_200_percent_zoom(public: Edition) -> None:
    """A 1280-pixel window zoomed to 200% lays the page out 640 CSS pixels wide: Lines and
    Pages were a scroll away (the table was at least 48rem wide); now every column fits."""
    found = measure(public.dest / "index.html", (640, 1280))
    for width in ("640", "1280"):
        assert found[width]["page"] is False, width
        regions = found[width]["regions"]
        assert isinstance(regions, list)
        index = [r for r in regions if r["titleRight"] is not None]
        assert index, width
        assert [r for r in index if r["scrollWidth"] > r["clientWidth"]] == [], width


def test_on_a_phone_an_index_title_is_never_cut_at_the_regions_edge(public: Edition) -> None:
    """At 320 and 400 pixels the title column ends where the region does (the rest of the
    columns a scroll away); the title was cut mid-word at the edge."""
    found = measure(public.dest / "index.html", (320, 400))
    for width in ("320", "400"):
        assert found[width]["page"] is False, width
        regions = found[width]["regions"]
        assert isinstance(regions, list)
        index = [r for r in regions if r["titleRight"] is not None]
        assert index, width
        for r in index:
            assert r["titleRight"] <= r["right"] + 0.5, (width, r)
            assert r["titleRight"] >= r["right"] - 2, (width, r)  # and fills it
