"""Stop 38, red team h146: forms of a redacted string a reader still recognises that every
output of a public build kept.

- F1: a long s (`Wrenſield`) read as the `s` it decomposes to, not the `f` it looks like: a
  look-alike outside the scanned blocks never switched the look-alike reading on;
- F6: whether that reading applied turned on the whole text searched, so a field read alone
  and read run on into the next found different names (`redact-across-fields` fired wrongly);
- F2: Arabic written with a tatweel, with Persian or Urdu letters, and digits of any script;
- F3: a long number typed with an O for a zero or an l for a one;
- F4: surname first without a comma, bars and tildes of other shapes between the words,
  look-alikes missing from the table, two Vs for a W, a geresh or a low quotation mark for an
  apostrophe.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.folding import _fold, has_look_alikes, normalise, normalise_fast
from inquiry.look_alikes import LOOK_ALIKES
from inquiry.redaction import Matcher
from inquiry.scaffold import init

NAMES = ["Hobart Wrenfield", "07700 900123", "محمد علي"]


def _cut(text: str, names: list[str] = NAMES) -> bool:
    matcher = Matcher.of(names)
    return "[REDACTED]" in matcher.plain(text) and bool(matcher.search(text))


def test_every_look_alike_switches_the_look_alike_reading_on() -> None:
    missing = [ch for ch in LOOK_ALIKES if not has_look_alikes(f"x{ch}x")]
    assert not missing, missing


def test_every_character_read_otherwise_by_look_alikes_switches_that_reading_on() -> None:
    # The reading a text is searched in is then decided by each character alone (F6).
    for cp in [*range(0x80, 0x40000), *range(0xE0000, 0xE1000)]:
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if _fold(ch, True) != _fold(ch):
            assert has_look_alikes(ch), hex(cp)


def test_a_long_s_is_the_f_it_looks_like() -> None:
    assert _cut("I was seen by Hobart Wrenſield.")
    assert _cut("HOBART WRENſIELD")


FIELDS = [
    "I was seen by Hobart Wrenſield.",
    "Hobart Wrenfield",
    "seen by Hobart Wrenfield again",
    "Call 077OO 9OO123",
    "Hobarт Wrenfield",
]


def test_what_a_field_holds_does_not_turn_on_another() -> None:
    matcher = Matcher.of(NAMES)
    for field in FIELDS:
        for other in ["The sign on the door said ΑΒΓ.", "Ώ", "Ѓ", "ſ", "нет"]:
            joined = f"{field}\n{other}"
            alone = len(matcher.search(field)) + len(matcher.search(other))
            assert len(matcher.search(joined)) == alone, (field, other)


def test_arabic_written_with_a_tatweel_or_persian_letters() -> None:
    assert _cut("From مـحـمـد علي.")
    assert _cut("From محمد علی.")  # Farsi yeh
    assert _cut("From محمد على.")  # alef maksura
    assert _cut("From ﻣﺤﻤﺪ ﻋﻠﻲ.")  # presentation forms
    assert _cut("فاطمه کریمی", ["فاطمة كريمي"])  # heh for teh marbuta, keheh, Farsi yeh
    assert _cut("فاطمة كريمي", ["فاطمه کریمی"])
    assert normalise("مـحـمـد")[0] == "محمد"


def test_digits_of_any_script_are_their_digits() -> None:
    for written in [
        "٠٧٧٠٠ ٩٠٠١٢٣",  # Arabic-Indic
        "۰۷۷۰۰ ۹۰۰۱۲۳",  # Persian
        "०७७०० ९००१२३",  # Devanagari
        "০৭৭০০ ৯০০১২৩",  # Bengali
        "07700 ٩٠٠١٢٣",
    ]:
        assert _cut(f"Call {written}."), written
    assert normalise_fast("٠١٢٣٤٥٦٧٨٩") == "0123456789" == normalise("٠١٢٣٤٥٦٧٨٩")[0]


def test_a_long_number_typed_with_letters_for_its_zeros_and_ones() -> None:
    for written in ["077OO 9OO123", "O77OO9OO123", "07700 900l23", "O77OO 9OOI23", "o7700-900123"]:
        assert _cut(f"Call {written} now"), written
    # Only a long number's digits: no word, and no short number, is read so.
    matcher = Matcher.of(["07700 900123", "Ward 10", "Room 101"])
    for text in ["Ward lo", "Room lol", "Room IOI", "too 7700 900123x", "7700 900123"]:
        assert not matcher.search(text), text


def test_surname_first_without_a_comma() -> None:
    for written in ["WRENFIELD Hobart", "Wrenfield Hobart", "Wrenfield  Hobart said"]:
        assert _cut(written), written
    matcher = Matcher.of(["Mark Price"])
    assert not matcher.search("…the price. Mark said")
    # Glued by a hyphen, a dot or an underscore, as an address or a file name writes it, it is
    # the name (stop 39, red team h154: `…/team/wrenfield-hobart` was left in every output).
    assert matcher.search("Price-Mark")
    assert not matcher.search("the price.  Mark said")


@pytest.mark.parametrize("between", ["\u2502", "\u2223", "\u01c0", "\u2758", "¦", "\u223c"])
def test_bars_and_tildes_of_other_shapes_between_the_words(between: str) -> None:
    assert _cut(f"Hobart{between}Wrenfield"), repr(between)


@pytest.mark.parametrize("between", ["\u2053", "\u3002", "\u02cd"])
def test_a_swung_dash_an_ideographic_stop_or_a_low_macron_between_the_words(between: str) -> None:
    assert _cut(f"Hobart{between}Wrenfield"), repr(between)


def test_look_alikes_the_table_lacked() -> None:
    for written in [
        "Hobarт Wrenfield",  # Cyrillic te
        "Hobart Wrєnfield",  # Ukrainian ie
        "Hobart Wrənfield",  # schwa
        "Hobart Wrǝnfield",  # turned e
        "Hobarτ Wrenfield",  # Greek tau
        "Hobart VVrenfield",
        "HOBART VVRENFIELD",
    ]:
        assert _cut(written), written
    assert not Matcher.of(["Wrenfield"]).search("vvrenfieldx vrenfield")


def test_a_geresh_or_a_low_quotation_mark_for_an_apostrophe() -> None:
    matcher = Matcher.of(["Aoife O'Brien"])
    for written in ["Aoife O\u05f3Brien", "Aoife O\u201aBrien"]:
        assert matcher.search(written), written
        assert matcher.plain(written) == "[REDACTED]", written


# ---------------------------------------------------------------- a public build

FORMS = {
    "Wrenſield": "Staff views of Hobart Wrenſield",
    "WRENFIELD Hobart": "Staff on the ward of WRENFIELD Hobart",
    "Hobart│Wrenfield": "Questionnaire sent by Hobart│Wrenfield",
    "077OO": "Call 077OO 9OO123",
    "مـحـمـد": "From مـحـمـد علي",
    "٠٧٧٠٠": "call ٠٧٧٠٠ ٩٠٠١٢٣ today",
    "VVrenfield": "Seen by Hobart VVrenfield",
    "Hobarт": "Seen by Hobarт Wrenfield",
}


def _outputs(out: Path) -> dict[str, str]:
    pdf = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        xml = "".join(
            docx.read(name).decode("utf-8") for name in docx.namelist() if name.endswith(".xml")
        )
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    manifest = json.dumps(json.loads((out / "manifest.json").read_text(encoding="utf-8")))
    return {"pdf": pdf, "docx": xml, "html": html, "manifest": manifest}


def test_a_public_build_keeps_none_of_these_forms(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    ev = root / "evidence"

    def edit(path: str, old: str, new: str) -> None:
        file = ev / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit(
        "testimonies/TM-001.yaml",
        "  - The second paragraph.\n",
        f'  - "{FORMS["VVrenfield"]}, and {FORMS["Hobarт"]}."\n',
    )
    tm = ev / "testimonies/TM-001.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8")
        + 'redact:\n  - Hobart Wrenfield\n  - 07700 900123\n  - "محمد علي"\n',
        encoding="utf-8",
    )
    edit("submission.yaml", "submitted_by: Example Coalition", "submitted_by: Hobart Wrenſield")
    sf = "survey_findings/SF-001.yaml"
    edit(
        sf,
        "title: Example finding — replace with a finding from your survey",
        f"title: {FORMS['Wrenſield']}",
    )
    edit(
        sf,
        "  population: Staff working in the service",
        f'  population: "{FORMS["WRENFIELD Hobart"]}"',
    )
    edit(
        sf,
        "  method: Online questionnaire with free-text answers",
        f'  method: "{FORMS["Hobart│Wrenfield"]}"',
    )
    st = "statistics/ST-001.yaml"
    edit(st, "geography: Example area", f'geography: "{FORMS["077OO"]}"')
    edit(
        st,
        "caveats: Example figures, for illustration only.",
        f'caveats: "{FORMS["مـحـمـد"]}, {FORMS["٠٧٧٠٠"]}."',
    )
    out = tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "-q"]
    for fmt in ("pdf", "docx", "html"):
        args += ["--format", fmt]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    outputs = _outputs(out)
    for where, text in outputs.items():
        flat = "".join(text.split())
        for form in FORMS:
            assert "".join(form.split()) not in flat, (where, form)
        assert "9OO123" not in flat and "٩٠٠١٢٣" not in flat, where
    assert "[REDACTED]" in outputs["pdf"]
