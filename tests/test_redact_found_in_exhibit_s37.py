"""Stop 37 (red team h139): a testimony's `redact` entry found only in its exhibit's pages was
removed there, yet the build still warned `redact-not-found` ("matches nothing in the public
edition"): a user trusting the warning would delete the entry that protects the name. The
build now drops the warning of an entry an exhibit held; `validate`, which does not search
exhibits' pages, still says it, with the note that the build searches them too."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import make_pdf

from inquiry.cli import main
from inquiry.scaffold import init


def test_an_entry_found_in_an_exhibit_is_not_said_to_match_nothing(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(1, text="Letter from Quimbyton"))
    path = root / "evidence/testimonies/TM-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "redact: [Quimbyton, Zarkovian]\n"
        + "exhibits:\n  - {file: exhibits/letter.pdf, description: A letter}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    checked = runner.invoke(main, ["validate", "--root", str(root)])
    assert checked.output.count("redact-not-found") == 2, checked.output
    built = runner.invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    # Zarkovian is nowhere: still said; Quimbyton was removed from the letter: not.
    assert built.output.count("redact-not-found") == 1, built.output
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "Zarkovian" in t)
    assert f"TM-001.yaml:{line}:21: warning[redact-not-found]" in built.output, built.output


def test_an_entry_written_with_its_code_found_in_an_exhibit_is_not_said_either(
    tmp_path: Path,
) -> None:
    """Stop 41 (red team h174): an entry written `{text, code}` is warned of at its `text`,
    which the build did not take for the entry: found only in the exhibit, it was still said
    to match nothing."""
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/memo.pdf").write_bytes(make_pdf(1, text="Memo to Quimbyton"))
    path = root / "evidence/testimonies/TM-001.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "redact:\n  - {text: Quimbyton, code: PI}\n  - {text: Zarkovian, code: PI}\n"
        + "exhibits:\n  - file: exhibits/memo.pdf\n    description: A memo\n"
        + "    redact: [Quimbyton]\n",
        encoding="utf-8",
    )
    text = path.read_text(encoding="utf-8")
    built = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    assert built.output.count("redact-not-found") == 1, built.output
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "Zarkovian" in t)
    assert f"TM-001.yaml:{line}:" in built.output.split("redact-not-found")[0], built.output
