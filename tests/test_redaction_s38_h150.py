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
    assert not matcher.search("Then the landlord cut the power\nWill it return?")
    assert matcher.search("The register: POWER Will")
    # The weak form never hides the name as typed just after it.
    text = "cut the power\nWill Power resigned"
    assert [s for s, _ in matcher.search(text)] == ["Will Power"]
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
