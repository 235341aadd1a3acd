"""A chart's label cut short to fit never shows a redacted string.

Red team h171 (stop 41): the DOCX's picture cut `South-Yorkshire-ICB-Royal-Hallamshire-IAPT` to
`South-Yorkshire-ICB-Royal-Hallam…` for a witness called Hallam, and its unit
`patients-entering-treatment-at-Royal-Hallamshire` likewise (a label with no space was one word,
cut letter by letter); nothing reads the picture afterwards, and the build said nothing. The PDF's
own cut (`…Royal-Lee…` for a witness called Lee) was refused by the output's check with a cause
that was not it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inquiry.redaction import Matcher
from inquiry.render.cut import shorten
from inquiry.render.docx.chart import layout
from inquiry.render.nodes import Chart
from inquiry.render.pdf.chart import geometry

NAMES = ["Hallam", "Lee", "Day", "Priya Hallam"]
MATCHER = Matcher.of(NAMES)
PARTS = [
    "Hallamshire",
    "Royal",
    "RoyalHallamshire",
    "Leeds",
    "Daybreak",
    "South",
    "Yorkshire",
    "ICB",
    "IAPT",
    "2019",
    "Priya",
    "Hallamshires",
    "LeeDsHospital",
]


def _width(text: str) -> float:
    return float(len(text))


labels = st.lists(
    st.tuples(st.sampled_from(PARTS), st.sampled_from([" ", "-", "/", "", "_"])),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(p + s for p, s in parts).strip())


@settings(max_examples=300, deadline=None)
@given(label=labels, room=st.integers(min_value=1, max_value=60))
def test_a_cut_label_shows_no_redacted_string(label: str, room: int) -> None:
    shown = MATCHER.plain(label)  # as the view gives it: every whole name already marked
    cut = shorten(shown, room, _width, lambda t: bool(MATCHER.search(t)))
    assert not MATCHER.search(cut), (shown, room, cut)
    assert cut == shown or cut.endswith("…")
    assert cut == "…" or _width(cut) <= room
    assert shown.startswith(cut.removesuffix("…").rstrip())


def test_a_label_without_spaces_is_cut_after_a_part() -> None:
    label = "South-Yorkshire-ICB-Royal-Hallamshire-IAPT"
    assert shorten(label, 30, _width) == "South-Yorkshire-ICB-Royal…"


def test_inside_a_part_the_cut_skips_a_name() -> None:
    """`RoyalHallamshireTrust` is read as `Royal Hallamshire Trust`: a cut to `RoyalHallam…`
    would name Hallam, so the label is cut shorter."""
    cut = shorten("RoyalHallamshireTrust", 12, _width, lambda t: bool(MATCHER.search(t)))
    assert cut == "RoyalHalla…"
    assert shorten("RoyalHallamshireTrust", 12, _width) == "RoyalHallam…"  # none withheld


def _chart(periods: tuple[str, ...], unit: str) -> Chart:
    return Chart(
        periods=periods,
        values=tuple(float(i + 1) for i in range(len(periods))),
        unit=unit,
        title="Referrals",
        source="Source: NHS",
        alt="A chart",
        withheld=MATCHER,
    )


def test_the_pdf_and_docx_charts_cut_no_label_to_a_name() -> None:
    long = "RoyalHallamshireFoundationTrustReferralsToTreatment"
    periods = (
        *(f"{'X' * k}{long}" for k in range(0, 24, 3)),
        "South-Yorkshire-ICB-Royal-Hallamshire-IAPT",
        "Humber-and-North-Yorkshire-Leeds-Community",
    )
    node = _chart(periods, "patients-entering-treatment-at-Royal-Hallamshire")
    docx_labels = [label.text for label in layout(node)[2].labels]
    pdf_labels = [
        label.text for label in geometry(periods, node.values, node.unit, node.shows).plan.labels
    ]
    for text in docx_labels + pdf_labels:
        assert not MATCHER.search(text), text
    assert any(t.endswith("…") and len(t) > 10 for t in docx_labels + pdf_labels)


def test_the_docx_unit_is_cut_to_no_name() -> None:
    """The unit up the picture's side, one word run together by capitals: cut where it would
    read `RoyalHallam…` (as `Royal Hallam`), it is cut shorter."""
    from inquiry.render.docx.chart import unit_text

    node = _chart(("2019", "2020"), "RoyalHallamshireFoundationTrustPatientsEnteringTreatment")
    for room in range(60, 900, 3):
        drawn = unit_text(node, float(room))
        assert not MATCHER.search(drawn), (room, drawn)
    plain = Chart(**{**node.__dict__, "withheld": None})
    leaks = [unit_text(plain, float(room)) for room in range(60, 900, 3)]
    assert any(MATCHER.search(text) for text in leaks)  # the rooms reach the cut that would


def test_a_long_label_is_measured_a_few_times_only() -> None:
    """Each group of beginnings is searched by halving: a 300-letter label is measured about
    ten times a group, not once for each of its letters (2,000 of them took minutes)."""
    calls = []

    def measure(text: str) -> float:
        calls.append(text)
        return float(len(text))

    assert shorten("x" * 300, 40, measure) == "x" * 39 + "…"
    assert len(calls) < 40, len(calls)
