"""Stop 36, red team h138 (round four): what the stricter rules of this stop got wrong or left
open — an editor's file keeps the log withholding (only it is no error), a dot-file item is no
editor's file, an item file written as a list, numbers in a `redact` list, a draft written in
flow style, an old `submission.yml`, prose that says `Redacted:`, a nested repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner
from test_redacted_log_s36b import _item, _no_name, _repo

from inquiry.cli import main

MISSING = "exhibits:\n  - file: exhibits/Siân Wrenfield letter.pdf\n    description: Her letter\n"


def _runs(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def _listing(n: int = 9) -> str:
    """A draft testimony TM-`n` whose list names the witness (no exhibit of its own)."""
    body = _item("redact: [Siân Wrenfield]\n", draft=True).replace(MISSING, "")
    return body.replace("TM-002", f"TM-{n:03d}")


def test_an_editors_file_is_no_error_and_the_log_knows_its_list(tmp_path: Path) -> None:
    """Its list is read again for the log (stop 38: `redact_lists.read_again`), so the other
    file's message is said with the name marked, not withheld."""
    root = _repo(tmp_path, {"TM-002.yaml": _item(""), "TM-009.yaml~": _listing()})
    code, out = _runs(root, "validate")
    assert code == 1 and "warning[file-not-read]" in out and "withheld" not in out, out
    assert "exhibits/[REDACTED] letter.pdf" in out, out
    _no_name(out)


def test_an_editors_file_yaml_cannot_read_keeps_the_log_withholding(tmp_path: Path) -> None:
    broken = _listing().replace("redact: [Siân Wrenfield]", "redact: [Siân Wrenfield")
    root = _repo(tmp_path, {"TM-002.yaml": _item(""), "TM-009.yaml~": broken})
    code, out = _runs(root, "validate")
    assert code == 1 and "warning[file-not-read]" in out and "withheld" in out, out
    _no_name(out)


def test_a_dot_file_item_holding_a_list_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"TM-002.yaml": _item(""), ".TM-009.yaml": _listing()})
    code, out = _runs(root, "validate")
    assert code == 1 and "error[file-not-read]" in out, out
    _no_name(out)


def test_an_item_file_written_as_a_list_withholds(tmp_path: Path) -> None:
    listed = "- " + _listing().replace("\n", "\n  ").rstrip() + "\n"
    root = _repo(tmp_path, {"TM-002.yaml": _item(""), "TM-009.yaml": listed})
    code, out = _runs(root, "validate")
    assert code == 1, out
    _no_name(out)


def test_a_number_in_a_redact_list_is_redacted_from_the_log(tmp_path: Path) -> None:
    item = _item("redact: [9434765919, Siân Wrenfield]\n").replace(
        "Siân Wrenfield letter.pdf", "letter 9434765919.pdf"
    )
    root = _repo(tmp_path, {"TM-002.yaml": item})
    code, out = _runs(root, "validate")
    assert code == 1 and "letter [REDACTED].pdf" in out, out
    assert "9434765919" not in out, out


def test_a_draft_in_flow_style_keeps_its_warnings(tmp_path: Path) -> None:
    draft = _item("", draft=True).replace(
        MISSING,
        "exhibits: [{file: exhibits/scan.pdf, description: Scan, redact: [Siân Wrenfield]}]\n",
    )
    root = _repo(tmp_path, {"TM-002.yaml": draft})
    code, out = _runs(root, "validate")
    assert code == 0 and "warning[exhibit-missing]" in out, out


def test_an_old_copy_of_the_submission_is_still_a_warning(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    submission = root / "evidence/submission.yaml"
    text = submission.read_text(encoding="utf-8")
    if "redaction_codes" not in text:
        text += "redaction_codes: {PI: Personal information}\n"
        submission.write_text(text, encoding="utf-8")
    (root / "evidence/submission.yml").write_text(text, encoding="utf-8")
    code, out = _runs(root, "validate")
    assert code == 0 and "warning[file-not-read]" in out, out


def test_prose_that_says_redacted_is_no_redact_key(tmp_path: Path) -> None:
    item = (
        _item("")
        .replace(MISSING, "")
        .replace(
            "paragraphs:\n  - I was told to see more people.\n",
            "paragraphs:\n  - |\n    Redacted: the names of two managers.\nrelated: [Bad-Id]\n",
        )
    )
    item += "statement_of_truth: true\n"  # a duplicate key: a flaw YAML reports
    root = _repo(tmp_path, {"TM-002.yaml": item})
    code, out = _runs(root, "validate")
    assert code == 1 and "withheld" not in out and "Bad-Id" in out, out


def test_a_nested_repository_is_no_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    archive = root / "evidence/archive"
    archive.mkdir()
    (archive / "notes.txt").write_text("scans\n", encoding="utf-8")
    who = ["-c", "user.name=t", "-c", "user.email=t@t"]
    for folder, args in (
        (archive, ["init", "-q"]),
        (archive, ["add", "-A"]),
        (archive, [*who, "commit", "-qm", "add redacted scans"]),
        (root, ["init", "-q"]),
        (root, ["add", "evidence/archive"]),  # a gitlink: a submodule of the submission
    ):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)
    _, out = _runs(root, "validate")
    assert "submodule" in out and "error[file-not-read]" not in out, out
