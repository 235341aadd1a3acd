"""The one pandoc call: the whole bundle's Markdown to DOCX with the reference document.

pandoc runs sandboxed, so a Markdown field cannot pull a file from the machine into the bundle
(`![](/etc/passwd)` becomes its description); our own images travel as data URIs instead.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from inquiry.errors import BuildFailed
from inquiry.render.docx.writer import OURS

# Headings inside Markdown fields drop below the bundle's own three levels, so the navigation
# pane lists tabs, items and their sections, not whatever a field happened to contain.
LUA_FILTER = f"""
function Header(el)
  if el.classes:includes("{OURS}") then
    el.classes = pandoc.List()
  else
    el.level = math.min(math.max(el.level + 3, 4), 6)
  end
  el.identifier = ""
  return el
end
"""


@contextmanager
def reference_doc(root: Path) -> Iterator[Path]:
    """The submission's `templates/reference.docx`, else the one shipped with inquiry."""
    own = root / "templates" / "reference.docx"
    if own.is_file():
        yield own
        return
    packaged = resources.files("inquiry").joinpath("data", "reference.docx")
    with resources.as_file(packaged) as path:
        yield path


def to_docx(markdown: str, *, root: Path, dest: Path) -> None:
    """Convert the bundle's Markdown to `dest` in one pandoc process."""
    import pypandoc

    with tempfile.TemporaryDirectory(prefix="inquiry-docx-") as tmp:
        lua = Path(tmp) / "headings.lua"
        lua.write_text(LUA_FILTER, encoding="utf-8")
        with reference_doc(root) as ref:
            try:
                pypandoc.convert_text(
                    markdown,
                    "docx",
                    format="markdown",
                    outputfile=str(dest),
                    extra_args=[
                        f"--reference-doc={ref}",
                        f"--lua-filter={lua}",
                        "--columns=10",  # pipe tables keep the widths their dashes give
                        "--wrap=none",
                        "--quiet",  # its warnings are not ours to show; validation reports problems
                    ],
                    sandbox=True,
                )
            except (RuntimeError, OSError) as exc:
                raise BuildFailed(message=f"pandoc could not write the DOCX: {exc}") from exc
