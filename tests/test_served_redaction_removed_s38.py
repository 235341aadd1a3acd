"""Stop 38, red team h148: deleting a served item's `redact` entry (a bad merge, a line deleted
by mistake) put the witness's name back on the served pages, and validate, build and serve all
said nothing. Now `served-redaction-removed` warns of each such item in validate and in a
public build; the warning never names what was redacted."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_served_loi import run

from inquiry.scaffold import init

NAME = "Marjorie Quillfeather"


def _pdf_text(root: Path) -> str:
    done = subprocess.run(
        ["pdftotext", str(root / "build/bundle.pdf"), "-"], capture_output=True, text=True
    )
    return done.stdout


def _served_with_a_redaction(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8").replace(
        "  - The second paragraph.", f"  - The second paragraph, as {NAME} told it."
    )
    item.write_text(text + f"redact:\n  - {NAME}\n", encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    assert "Quillfeather" not in _pdf_text(root)
    return root, item


def test_a_redaction_removed_from_a_served_item_is_warned_of(tmp_path: Path) -> None:
    root, item = _served_with_a_redaction(tmp_path)
    item.write_text(
        item.read_text(encoding="utf-8").replace(f"redact:\n  - {NAME}\n", ""), encoding="utf-8"
    )
    code, out = run("validate", "--root", root)
    assert code == 0, out  # a warning: consent may have been given since
    assert "evidence/testimonies/TM-001.yaml:2:5: warning[served-redaction-removed]" in out, out
    assert "Quillfeather" not in out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "warning[served-redaction-removed]" in out, out


def test_a_served_redaction_kept_says_nothing(tmp_path: Path) -> None:
    root, item = _served_with_a_redaction(tmp_path)
    # Another edit to the served item, its redaction kept.
    item.write_text(
        item.read_text(encoding="utf-8").replace("The first paragraph", "The opening paragraph"),
        encoding="utf-8",
    )
    code, out = run("validate", "--root", root)
    assert "served-redaction-removed" not in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0 and "served-redaction-removed" not in out, out


def test_an_exhibit_redaction_removed_is_warned_of_by_the_build(tmp_path: Path) -> None:
    """The exhibit's own list held the name; the item's text does not hold it."""
    from conftest import make_pdf

    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(2, text=f"Letter of {NAME}"))
    item = root / "evidence/testimonies/TM-001.yaml"
    exhibit = (
        "exhibits:\n  - file: exhibits/letter.pdf\n    description: A letter\n"
        f"    redact: [{NAME}]\n"
    )
    item.write_text(item.read_text(encoding="utf-8") + exhibit, encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    assert "Quillfeather" not in _pdf_text(root)
    item.write_text(
        item.read_text(encoding="utf-8").replace(f"    redact: [{NAME}]\n", ""), encoding="utf-8"
    )
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "TM-001.yaml:2:5: warning[served-redaction-removed]" in out, out
    assert "Quillfeather" not in out


def test_an_exhibit_replaced_is_said_by_validate_and_by_serve(tmp_path: Path) -> None:
    """A build warned of it, but `build --quiet && serve` printed nothing (h148 F3)."""
    from conftest import make_pdf

    root = tmp_path / "repo"
    init(root)
    letter = root / "evidence/exhibits/letter.pdf"
    letter.write_bytes(make_pdf(2, text="A letter"))
    item = root / "evidence/testimonies/TM-001.yaml"
    exhibit = "exhibits:\n  - file: exhibits/letter.pdf\n    description: A letter\n"
    item.write_text(item.read_text(encoding="utf-8") + exhibit, encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    letter.write_bytes(make_pdf(2, text="Another letter"))
    code, out = run("validate", "--root", root)
    assert code == 0, out
    assert "warning[served-exhibit-replaced] exhibit 1 of TM-001" in out, out
    code, out = run("build", "--root", root, "--format", "pdf", "--quiet")
    assert code == 0, out
    code, out = run("serve", "--root", root)
    assert code == 0, out
    assert "warning: exhibit 1 of TM-001" in out and "now show another file" in out, out


def test_serve_says_a_redaction_removed(tmp_path: Path) -> None:
    root, item = _served_with_a_redaction(tmp_path)
    item.write_text(
        item.read_text(encoding="utf-8").replace(f"redact:\n  - {NAME}\n", ""), encoding="utf-8"
    )
    code, out = run("build", "--root", root, "--format", "pdf", "--quiet")
    assert code == 0, out
    code, out = run("serve", "--root", root)
    assert code == 0, out
    assert "warning: TM-001" in out and "served-redaction-removed" in out, out
    assert "Quillfeather" not in out


def test_serve_says_a_redaction_added_leaves_earlier_copies_unredacted(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - The second paragraph.", f"  - The second paragraph, as {NAME} told it."
        ),
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
        assert "redacted now" not in out
    item.write_text(item.read_text(encoding="utf-8") + f"redact:\n  - {NAME}\n", encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    assert "warning: TM-001 (B1) is redacted now where an earlier edition served it" in out, out
    assert "Quillfeather" not in out


def test_a_name_spelt_with_an_escape_is_still_redacted_and_not_warned_of(tmp_path: Path) -> None:
    """Red team h151: TM-002's text names the witness TM-001's list redacts, spelt with a YAML
    escape (`Quillfe\\u0061ther`); the edition still redacts it, so no warning is due."""
    root, _ = _served_with_a_redaction(tmp_path)
    other = root / "evidence/testimonies/TM-002.yaml"
    text = (root / "evidence/testimonies/TM-001.yaml").read_text(encoding="utf-8")
    text = text.replace("TM-001", "TM-002").replace(f"redact:\n  - {NAME}\n", "")
    escaped = NAME.replace("Quillfeather", "Quillfe\\u0061ther")
    text = text.replace(
        f"  - The second paragraph, as {NAME} told it.", f'  - "As {escaped} said."'
    )
    assert "Quillfe\\u0061ther" in text
    other.write_text(text, encoding="utf-8")
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    assert "Quillfeather" not in _pdf_text(root)
    code, out = run("validate", "--root", root)
    assert code == 0, out
    assert "served-redaction-removed" not in out, out


def test_one_of_two_redactions_removed_is_warned_of_by_build_and_serve(tmp_path: Path) -> None:
    """Red team h151: the item kept a list (`redact: [DPAC]`), so nothing was said, and the
    witness's name went back on the served pages. The manifest now counts each item's marks
    (never what they hide): fewer than served is warned of."""
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - The second paragraph.", f"  - The second paragraph, as {NAME} of DPAC told it."
        )
        + f"redact:\n  - {NAME}\n  - DPAC\n",
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    item.write_text(item.read_text(encoding="utf-8").replace(f"  - {NAME}\n", ""), encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "warning[served-redaction-removed]" in out, out
    assert "shows 1 redaction mark(s) where the served edition showed 2" in out, out
    code, out = run("serve", "--root", root)
    assert code == 0, out
    assert "shows 1 redaction mark(s) where the edition served before showed 2" in out, out
    assert "Quillfeather" not in out
