"""The font of the pictures the tool draws itself: the DOCX's charts and the code on each box of
a redacted exhibit page.

Noto Sans Regular (SIL Open Font License, `inquiry/data/fonts/OFL.txt`) is shipped with the
package, so a picture depends only on its data, this file and Pillow's version. Pillow's own
built-in font drew `é`, `–` (as in `2019–20`), `€`, `½` and every Greek or Cyrillic letter as a
box. Text is laid out by Pillow's basic engine (as the built-in font was), never by libraqm:
Pillow uses libraqm only where the system's libfribidi is installed, and the two engines set one
chart label at different widths (342 against 330 pixels), so a bundle built on another machine
would have other bytes.
"""

from __future__ import annotations

import functools
import io
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageFont

FILE = "fonts/NotoSans-Regular.ttf"
"""The font, under `inquiry/data`."""
DATA = f"inquiry/data/{FILE}"
"""The font as `cache_keys.code_digest` names a data file: in the keys of what is drawn with it."""


@functools.cache
def _font_bytes() -> bytes:
    return resources.files("inquiry.data").joinpath(FILE).read_bytes()


@functools.lru_cache(maxsize=128)
def picture_font(size: float) -> ImageFont.FreeTypeFont:
    """The pictures' font at `size` pixels."""
    from PIL import ImageFont

    return ImageFont.truetype(io.BytesIO(_font_bytes()), size, layout_engine=ImageFont.Layout.BASIC)
