"""Stop 38, red team h150: what the matcher of stop 38 (h146) still left or over-did.

- F2: a surname of several words written first (`WRENFIELD-SMYTHE Hobart`, `VAN DER WRENFIELD,
  Hobart`), and a title between a surname written first and the given name (`BLACKTHORNE, Mr
  Ivo`, `Wrenfield Dr Hobart`);
- F6: surname first without a comma is a weak form: `…cut the power` ending one paragraph and
  `Will it return?` starting the next made a build with `Will Power` redacted refuse
  (`redact-across-fields`) where validate passed.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.redaction import Matcher
from inquiry.scaffold import init
from tests.test_redaction_s38_h146 import _outputs


def _cut(text: str, names: list[str]) -> bool:
    matcher = Matcher.of(names)
    return "[REDACTED]" in matcher.plain(text) and bool(matcher.search(text))


def test_a_surname_of_several_words_written_first() -> None:
    for entry, written in [
        ("Hobart Wrenfield-Smythe", "WRENFIELD-SMYTHE Hobart"),
        ("Hobart Wrenfield-Smythe", "Wrenfield-Smythe, Hobart"),
        ("Hobart van der Wrenfield", "van der Wrenfield Hobart"),
        ("Hobart van der Wrenfield", "VAN DER WRENFIELD, Hobart"),
        ("Hobart van der Wrenfield", "Wrenfield, Hobart van der"),
        ("Wrenfield-Smythe, Hobart", "WRENFIELD-SMYTHE Hobart"),
    ]:
        matcher = Matcher.of([entry])
        assert matcher.plain(f"The list: {written}.") == "The list: [REDACTED].", (entry, written)
        assert matcher.search(written), (entry, written)


def test_a_title_between_a_surname_written_first_and_the_given_name() -> None:
    for entry, written in [
        ("Ivo Blackthorne", "BLACKTHORNE, Mr Ivo"),
        ("Hobart Wrenfield", "Wrenfield Dr Hobart"),
        ("Hobart Wrenfield", "Wrenfield, Dr. Hobart"),
    ]:
        assert Matcher.of([entry]).plain(written) == "[REDACTED]", (entry, written)
    # A given name that begins like a title is still the given name.
    assert _cut("Smith, Drew", ["Drew Smith"])


def test_surname_first_without_a_comma_is_not_searched_across_a_line() -> None:
    matcher = Matcher.of(["Will Power"])
    # Not by the outputs' check (`lines=False`); a field's gate takes it, as `find` cuts it.
    assert not matcher.search("Then the landlord cut the power\nWill it return?", lines=False)
    assert matcher.search("The register: POWER Will")
    # The weak form never hides the name as typed just after it.
    text = "cut the power\nWill Power resigned"
    assert [s for s, _ in matcher.search(text, lines=False)] == ["Will Power"]
    assert "Power" not in matcher.plain(text).replace("power", "")


def test_a_public_build_with_surnames_first(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    text = tm.read_text(encoding="utf-8")
    old = "  - The first paragraph of the witness's own words.\n  - The second paragraph.\n"
    assert old in text
    forms = [
        "WRENFIELD-SMYTHE Hobart",
        "Wrenfield-Smythe, Hobart",
        "VAN DER BERGH, Anna",
        "BLACKTHORNE, Mr Ivo",
        "Blackthorne Dr Ivo",
    ]
    text = text.replace(
        old,
        f'  - "The register lists {forms[0]}, {forms[1]} and {forms[2]}."\n'
        f'  - "Signed {forms[3]}, witnessed by {forms[4]}."\n'
        "  - Then the landlord cut the power\n"
        "  - Will it return? Nobody knew.\n",
    )
    text += (
        "redact:\n  - Hobart Wrenfield-Smythe\n  - Anna van der Bergh\n  - Ivo Blackthorne\n"
        "  - Will Power\n"
    )
    tm.write_text(text, encoding="utf-8")
    validated = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert validated.exit_code == 0, validated.output
    out = tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "-q"]
    for fmt in ("pdf", "docx", "html"):
        args += ["--format", fmt]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output  # validate and build agree
    outputs = _outputs(out)
    for where, found in outputs.items():
        flat = " ".join(found.split()).casefold()
        for form in forms:
            assert form.casefold() not in flat, (where, form)
        for word in ("smythe", "bergh", "blackthorne"):
            assert word not in flat, (where, word)
    assert "Will it return" in outputs["pdf"]


# ---------------------------------------------------------------- Arabic, separators, speed


def test_alef_maksura_and_teh_marbuta_only_in_a_whole_name() -> None:
    # F4: a single word keeps its letter: `على` ("on") is no `علي` (Ali).
    ali = Matcher.of(["علي"])
    assert ali.plain("جلس على الكرسي") == "جلس على الكرسي"
    assert ali.plain("قال علي") == "قال [REDACTED]"
    assert ali.plain("قال علی") == "قال [REDACTED]"  # a Farsi yeh is the same letter
    assert Matcher.of(["رحمة"]).plain("رحمه الله") == "رحمه الله"
    # A whole name takes them for yeh and heh, either way round.
    assert _cut("From محمد على.", ["محمد علي"])
    assert _cut("From محمد علي.", ["محمد على"])
    assert _cut("فاطمه زهراء", ["فاطمة زهراء"])
    assert _cut("فاطمة زهراء", ["فاطمه زهراء"])
    assert Matcher.of(["محمد علي"]).words_present("محمد على")


def test_urdu_and_other_arabic_letters() -> None:
    # F3
    for entry, written in [
        ("هاشم جابر", "ہاشم جابر"),  # heh goal
        ("هاشم جابر", "ھاشم جابر"),  # heh doachashmee
        ("علي رضا", "علے رضا"),  # yeh barree
        ("فاطمة زهراء", "فاطمۃ زهراء"),  # teh marbuta goal
        ("كريم حسن", "ڪريم حسن"),  # swash kaf
        ("احمد يوسف", "ٱحمد يوسف"),  # alef wasla
        ("كريم حسن", "حسن، كريم"),  # surname first, an Arabic comma
    ]:
        assert _cut(written, [entry]), written
    assert _cut("ہاشم", ["هاشم"])


def test_number_groups_joined_by_arabic_separators() -> None:
    for between in "\u060c\u066c\u066b":
        assert _cut(f"call ٠٧٧٠٠{between}٩٠٠١٢٣", ["07700 900123"]), repr(between)


def test_more_bars_between_the_words_and_more_apostrophes() -> None:
    # F8
    for between in "\u2503\u2016\u2759\u23d0\u275a\u05c0":
        assert _cut(f"Hobart{between}Wrenfield", ["Hobart Wrenfield"]), repr(between)
    for quote in "\u201e\u02cb\u05f4":
        assert _cut(f"O{quote}Brien Hobart", ["O'Brien Hobart"]), repr(quote)


def test_runs_of_characters_read_as_nothing_cost_linear_time() -> None:
    # F7: 20,000 tatweels took 7 s (each was tried as the start of a word; soft hyphens were
    # tried so at a line end), 50,000 some 45 s; read in linear time they take milliseconds.
    # A generous bound, not a timing: quadratic work overruns it by far on any machine.
    import time

    matcher = Matcher.of(["Hobart Wrenfield", "محمد علي"])
    matcher.find("warm up")
    for ch in ("\u0640", "\u00ad"):
        for text in (ch * 50_000, f"a{ch * 50_000}b", f"Hobart{ch * 50_000}\nx", f"م{ch * 50_000}"):
            start = time.perf_counter()
            matcher.find(text)
            matcher.search(text)
            assert time.perf_counter() - start < 5, (repr(ch), text[:8])
