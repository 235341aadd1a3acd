"""Stop 36, red team h137: a list meant as `redact` but written where none is read — under a
misspelt key (`redcat:`), inside another field (`witness: {redact: …}`), in a file evidence/
does not read (`TM-009.YAML`, a `.drafts/` folder) — left the public bundle naming the witness
when it was a draft's (its problems were warnings, so the build went ahead), and the log named
them for any item. Now such a list counts for the log, and what stops it being read is an
error, draft or not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_redacted_log_s36b import _item, _no_name, _repo

from inquiry.cli import main
from inquiry.redact_lists import redact_like

LISTED = "  - {text: Siân Wrenfield, code: PI}\n"


def _draft(key: str) -> str:
    return _item(f"{key}:\n{LISTED}", draft=True).replace(
        "exhibits:\n  - file: exhibits/Siân Wrenfield letter.pdf\n    description: Her letter\n", ""
    )


def _naming(root: Path) -> None:
    """TM-001 names the witness in its text, as a public item may."""
    one = root / "evidence/testimonies/TM-001.yaml"
    text = one.read_text(encoding="utf-8")
    one.write_text(
        text.replace("paragraphs:\n  - ", "paragraphs:\n  - As Siân Wrenfield said, ", 1),
        encoding="utf-8",
    )


def _runs(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


CASES = {
    "misspelt key": {"TM-009.yaml": _draft("redcat")},
    "key with the word": {"TM-009.yaml": _draft("to_redact")},
    "Cyrillic e": {"TM-009.yaml": _draft("r\u0435dact")},
    "inside another field": {
        "TM-009.yaml": _draft("redact")
        .replace("witness: {reference: W-02, role: Nurse}\n", "")
        .replace("redact:\n", "witness:\n  reference: W-02\n  role: Nurse\n  redact:\n")
    },
    "file in capitals": {"TM-009.YAML": _draft("redact")},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_list_meant_as_redact_stops_the_public_build_and_is_redacted_from_the_log(
    tmp_path: Path, case: str
) -> None:
    files = {n: c.replace("TM-002", "TM-009") for n, c in CASES[case].items()}
    root = _repo(tmp_path, files)
    _naming(root)
    code, out = _runs(root, "validate")
    assert code == 1, out
    _no_name(out)
    code, out = _runs(root, "build", "--format", "html", "--out", str(tmp_path / "out"))
    assert code == 1, out
    _no_name(out)
    assert not (tmp_path / "out").exists()


def test_a_list_in_a_folder_not_read_stops_the_public_build(tmp_path: Path) -> None:
    root = _repo(tmp_path, {})
    folder = root / "evidence/.drafts"
    folder.mkdir()
    (folder / "TM-009.yaml").write_text(_draft("redact").replace("TM-002", "TM-009"), "utf-8")
    _naming(root)
    code, out = _runs(root, "validate")
    assert code == 1 and re.search(r"\.drafts:1:1: error\[file-not-read\]", out), out
    _no_name(out)


def test_a_redact_value_yaml_refuses_is_an_unread_list(tmp_path: Path) -> None:
    item = _item("x-names: &names\n" + LISTED + "redact: *names\n")
    root = _repo(tmp_path, {"TM-002.yaml": item})
    code, out = _runs(root, "validate")
    assert code == 1 and "withheld" in out, out
    _no_name(out)


def test_other_fields_are_not_taken_for_redact() -> None:
    for key in ("related", "extract", "reason", "witness", "date", "text", "code", "title"):
        assert not redact_like(key), key
    for key in ("redact", "Redact", "redcat", "reduct", "rdact", "redactions", "\u200bredact"):
        assert redact_like(key), key


def test_a_drafts_other_faults_are_still_warnings(tmp_path: Path) -> None:
    draft = _item("redact:\n" + LISTED, draft=True, truth=False).replace(
        "exhibits:\n  - file: exhibits/Siân Wrenfield letter.pdf\n    description: Her letter\n", ""
    )
    root = _repo(tmp_path, {"TM-002.yaml": draft})
    code, out = _runs(root, "validate")
    assert code == 0 and "warning[schema-missing]" in out, out
