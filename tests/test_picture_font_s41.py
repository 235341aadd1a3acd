"""The pictures the tool draws itself (the DOCX's charts, the codes on a redacted exhibit page's
boxes) show the letters they are given, and are the same bytes on every machine.

Pillow's built-in font drew `é`, the en dash of `2019–20`, `€` and every Greek or Cyrillic letter
as the same box. Pillow lays out a font it is not told otherwise of with libraqm only where the
system's libfribidi is installed, which set one label 12 pixels narrower than on a machine
without it: the font the tool ships must not be laid out so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image, ImageDraw, ImageFont

from inquiry.exhibits.redact_pages import label
from inquiry.render.docx.chart import chart_png
from inquiry.render.nodes import Chart

NO_GLYPH = "\U0010fffd"  # a private-use character no font draws: its box


def _chart(periods: tuple[str, ...], unit: str = "count") -> Chart:
    return Chart(
        periods=periods,
        values=tuple(float(10 + 7 * i) for i in range(len(periods))),
        unit=unit,
        title="Referrals",
        source="NHS Digital",
        alt="A chart",
    )


@pytest.mark.parametrize("letter", ["é", "–", "€", "½", "ŵ", "α", "Д", "ł"])
def test_chart_draws_letters_beyond_ascii(letter: str) -> None:
    """A label with the letter is drawn otherwise than one with a character no font has."""
    shown = chart_png(_chart((f"2019{letter}20", "2020-21", f"Caf{letter}")))
    boxed = chart_png(_chart((f"2019{NO_GLYPH}20", "2020-21", f"Caf{NO_GLYPH}")))
    assert shown != boxed


def test_chart_unit_draws_letters_beyond_ascii() -> None:
    periods = ("2019", "2020", "2021")
    assert chart_png(_chart(periods, "€ per séance")) != chart_png(
        _chart(periods, f"{NO_GLYPH} per s{NO_GLYPH}ance")
    )


def _clear() -> None:
    """Forget the fonts and pictures made so far."""
    from inquiry import picture_font

    chart_png.cache_clear()
    picture_font.picture_font.cache_clear()


@pytest.fixture
def without_raqm(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pillow as on a machine without libfribidi: no complex text layout."""
    _clear()
    monkeypatch.setattr(ImageFont.core, "HAVE_RAQM", False)
    yield
    _clear()


def _pictures() -> tuple[bytes, bytes]:
    chart = chart_png(
        _chart(("AVATAR Wave 2019-20", "Total To Date", "WAVE 7", "Ty Tw"), "Referrals (AV)")
    )
    image = Image.new("L", (400, 80), 255)
    label(ImageDraw.Draw(image), (0, 0, 400, 80), "[AVOW-TYPE]", "black", 4.0)
    return chart, image.tobytes()


def test_pictures_do_not_depend_on_libraqm(without_raqm: None) -> None:
    plain = _pictures()
    ImageFont.core.HAVE_RAQM = True  # undone by the fixture's monkeypatch
    _clear()
    assert _pictures() == plain
