"""Stop 36, red team h132: more ways a redacted name reached a pull request's log (and one the
public bundle), each with the name echoed by a missing exhibit's path.

- a draft that fails the schema is no item: its `redact` list was left out of the public
  edition (the bundle named the witness) and of the build's warnings;
- a `redact` list YAML could not read, found by its key (the recovered text has it blanked);
- a second `redact` key, a list in a second YAML document, a file saved as UTF-16;
- a list under a key meant as `redact` (`Redact:`, `redactions:`) or in a `TM-002.YAML` file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

NAME = "Siân Wrenfield"
HEAD = """id: TM-002
kind: testimony
{status}title: A nurse's account
date: 2025-05
lines_of_inquiry: [LOI-1]
summary: An account.
source: {{title: Interview, author: W-02, accessed: 2025-07-01}}
witness: {{reference: W-02, role: Nurse}}
consent: {{publication: public, basis: Interview}}
paragraphs:
  - I was told to see more people.
{truth}exhibits:
  - file: exhibits/Siân Wrenfield letter.pdf
    description: Her letter
"""


def _item(tail: str, *, draft: bool = False, truth: bool = True) -> str:
    return (
        HEAD.format(
            status="status: draft\n" if draft else "",
            truth="statement_of_truth: true\n" if truth else "",
        )
        + tail
    )


def _repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "repo"
    init(root)
    for name, content in files.items():
        path = root / "evidence/testimonies" / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def _no_name(out: str) -> None:
    folded = unicodedata.normalize("NFC", out).casefold()
    for word in ("siân", "sian", "wrenfield"):
        assert word not in folded, out


CASES = {
    "unreadable list": {"TM-002.yaml": _item("redact:\n  - text: Siân Wrenfield, code: PI\n")},
    "second redact key": {
        # The template's empty list first, the author's at the end (YAML keeps the first).
        "TM-002.yaml": _item("redact:\n  - Siân Wrenfield\n").replace(
            "exhibits:", "redact: []\nexhibits:"
        )
    },
    "second document": {"TM-002.yaml": _item("---\nredact:\n  - Siân Wrenfield\n")},
    "UTF-16": {
        "TM-002.yaml": (_item("").split("exhibits:")[0] + "redact: [Siân Wrenfield]\n").encode(
            "utf-16"
        ),
        "TM-003.yaml": _item("").replace("TM-002", "TM-003"),
    },
    "Redact key": {"TM-002.yaml": _item("Redact: [Siân Wrenfield]\n")},
    "redactions key": {"TM-002.yaml": _item("redactions: [Siân Wrenfield]\n")},
    "YAML in capitals": {
        "TM-002.YAML": _item("redact: [Siân Wrenfield]\n"),
        "TM-003.yaml": _item("").replace("TM-002", "TM-003"),
    },
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_the_log_names_no_one_a_list_meant_to_redact(tmp_path: Path, case: str, fmt: str) -> None:
    root = _repo(tmp_path, CASES[case])
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "exhibit" in result.output, result.output
    _no_name(result.output)


def test_a_draft_that_fails_the_schema_still_redacts_the_public_edition(tmp_path: Path) -> None:
    draft = _item("redact:\n  - Siân Wrenfield\n", draft=True, truth=False)
    root = _repo(tmp_path, {"TM-002.yaml": draft})
    one = root / "evidence/testimonies/TM-001.yaml"
    text = one.read_text(encoding="utf-8")
    assert "paragraphs:\n  - " in text
    one.write_text(
        text.replace("paragraphs:\n  - ", "paragraphs:\n  - As Siân Wrenfield said, ", 1),
        encoding="utf-8",
    )
    runner = CliRunner()
    valid = runner.invoke(main, ["validate", "--root", str(root)])
    assert valid.exit_code == 0, valid.output  # the draft's faults are warnings
    out = tmp_path / "out"
    built = runner.invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--format", "html"]
    )
    assert built.exit_code == 0, built.output
    _no_name(built.output)
    pages = "".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    assert "As [REDACTED] said" in re.sub(r"<[^>]+>", "", pages)
    _no_name(pages)


def test_a_drafts_redact_list_must_be_whole_even_in_a_draft(tmp_path: Path) -> None:
    # Its list is the public edition's: a fault in it is an error, not a draft's warning.
    draft = _item("redact:\n  - {Siân Wrenfield: PI}\n", draft=True)
    root = _repo(tmp_path, {"TM-002.yaml": draft})
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 1, result.output
    assert "error[schema-" in result.output, result.output
    _no_name(result.output)
