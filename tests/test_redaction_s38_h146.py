"""Stop 38, red team h146: forms of a redacted string a reader still recognises that every
output of a public build kept.

- F1: a long s (`Wrenſield`) read as the `s` it decomposes to, not the `f` it looks like: a
  look-alike outside the scanned blocks never switched the look-alike reading on;
- F6: whether that reading applied turned on the whole text searched, so a field read alone
  and read run on into the next found different names (`redact-across-fields` fired wrongly).
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.folding import _fold, has_look_alikes
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


# ---------------------------------------------------------------- a public build

FORMS = {
    "Wrenſield": "Staff views of Hobart Wrenſield",
}


def _outputs(out: Path) -> dict[str, str]:
    pdf = subprocess.run(
        ["pdftotext", str(out / "bundle.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
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

    tm = ev / "testimonies/TM-001.yaml"
    tm.write_text(
        tm.read_text(encoding="utf-8")
        + 'redact:\n  - Hobart Wrenfield\n  - 07700 900123\n  - "محمد علي"\n',
        encoding="utf-8",
    )
    edit(
        "submission.yaml",
        "submitted_by: Example Coalition",
        "submitted_by: Hobart Wrenſield",
    )
    sf = "survey_findings/SF-001.yaml"
    edit(
        sf,
        "title: Example finding — replace with a finding from your survey",
        f"title: {FORMS['Wrenſield']}",
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
    assert "[REDACTED]" in outputs["pdf"]
