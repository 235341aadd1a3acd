"""The bundle as one Markdown document, written block by block.

The writer remembers every heading it emits (level, bookmark, whether it starts a page) so that
the python-docx pass can find them again in pandoc's output by position alone, and keeps a rough
count of pages so that the index's PAGEREF fields carry a plausible number before Word (or
LibreOffice) recomputes them.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Headings we emit carry this class; the Lua filter demotes every other heading (those inside
# Markdown fields) below level 3 so the navigation pane shows the bundle's structure only.
OURS = "inq"
CHARS_PER_PAGE = 2600.0
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
# A field may carry attributes of its own; it must not pass for one of our headings or ask
# for one of the bundle's paragraph styles (a `Heading 1` div would add to the outline).
_OUR_CLASS = re.compile(rf"(?<=[{{\s])\.{OURS}(?=[\s}}])")
_CUSTOM_STYLE = re.compile(r"custom-style\s*=")


@dataclass(frozen=True)
class Heading:
    level: int
    bookmark: str
    new_page: bool


@dataclass
class Writer:
    """Accumulates Markdown blocks; `text()` returns the document."""

    blocks: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # estimated page of each bookmark
    page: int = 1
    _fill: float = 0.0
    _fields: int = 0

    def _advance(self, pages: float) -> None:
        self._fill += pages
        whole = int(self._fill)
        self.page += whole
        self._fill -= whole

    def new_page(self) -> None:
        if self._fill > 0 or self.blocks:
            self.page += 1
        self._fill = 0.0

    def block(self, markdown: str, *, weight: float | None = None) -> None:
        """Add a block; `weight` (pages) overrides the estimate from its length."""
        self.blocks.append(markdown.strip("\n"))
        self._advance(weight if weight is not None else 0.02 + len(markdown) / CHARS_PER_PAGE)

    def heading(self, level: int, text: str, *, bookmark: str, new_page: bool) -> None:
        """A heading (text already Markdown) that gets the bookmark `bookmark`."""
        if new_page:
            self.new_page()
        self.headings.append(Heading(level, bookmark, new_page))
        self.pages[bookmark] = self.page
        self.block(f"{'#' * level} {text} {{.{OURS}}}", weight=0.05)

    def styled(self, style: str, markdown: str) -> None:
        """Paragraphs in a custom paragraph style from the reference document."""
        self.block(f'::: {{custom-style="{style}"}}\n{markdown}\n:::')

    def isolate(self, markdown: str) -> str:
        """Keep one field from reaching into the next or into the bundle's structure: close a
        code fence it leaves open, give its footnote labels a prefix of their own, and drop
        attributes that would make its blocks look like ours."""
        self._fields += 1
        prefix = f"f{self._fields}x"
        text = _NOTE.sub(lambda m: f"[^{prefix}{m.group(1)}]", markdown.strip("\n"))
        text = _CUSTOM_STYLE.sub("data-style=", _OUR_CLASS.sub("", text))
        fence: str | None = None
        for line in text.splitlines():
            found = _FENCE.match(line)
            if not found:
                continue
            marks, rest = found.groups()
            if fence is None:
                fence = marks
            elif marks[0] == fence[0] and len(marks) >= len(fence) and not rest.strip():
                fence = None
        return text + (f"\n{fence}" if fence else "")

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[int],
        *,
        right: Sequence[int] = (),
    ) -> None:
        """A pipe table; `widths` are relative column widths, `right` the columns aligned right
        (cells are Markdown inlines)."""
        lines = ["| " + " | ".join(header) + " |"]
        rules = ["-" * max(3, w) for w in widths]
        rules = [r[:-1] + ":" if i in right else r for i, r in enumerate(rules)]
        lines.append("|" + "|".join(rules) + "|")
        lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
        self.block("\n".join(lines), weight=0.05 + 0.035 * len(rows))

    def image(self, data: bytes, mime: str, *, alt: str, width_cm: float, height_cm: float) -> None:
        """An image embedded as a data URI (pandoc runs sandboxed and reads no files)."""
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        size = f"width={width_cm:.2f}cm height={height_cm:.2f}cm"
        self.block(f"![{alt}]({uri}){{{size}}}", weight=height_cm / 24.7)

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"
