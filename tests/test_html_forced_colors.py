"""In a high-contrast (forced colours) mode the chart's labels, axis and bars take the system's
colours: Chromium paints the page black there but leaves an SVG's own colours, and the labels
(no fill: black) vanished (stop 27's accessibility red team; looked at in a screenshot of
Chromium with `forced-colors: active`). Checked here on the stylesheet every page links."""

from __future__ import annotations

import re
from importlib import resources


def test_the_chart_takes_system_colours_in_forced_colours_mode() -> None:
    css = resources.files("inquiry").joinpath("render/html/style.css").read_text("utf-8")
    block = re.search(r"@media \(forced-colors: active\) \{(.*?)\n\}", css, re.DOTALL)
    assert block, "no forced-colors rule"
    rules = dict(re.findall(r"([^{}]+)\{([^{}]*)\}", block.group(1)))
    painted = {
        sel.strip(): decl for selectors, decl in rules.items() for sel in selectors.split(",")
    }
    for element in ("text", "rect", "circle"):
        assert "fill: CanvasText" in painted[f".chart-image {element}"]
    for element in ("line", "polyline"):
        assert "stroke: CanvasText" in painted[f".chart-image {element}"]
