"""Stop 36 (red team h128): three ways a redacted name reached a pull request's log.

- A name in an exhibit's file name, shown with its accented letters as code points (to tell
  how macOS encoded them): `Si<U+00E2>n Wrenfield` is no longer the word the log's redaction
  looks for.
- A `redact` entry written `Name: CODE` (a mapping with the name as its key) was not read as a
  string to redact, and its own `unknown field` message printed it.
- A `redact` list YAML cannot read (`- text: Name, code: PI`) gave the log no string to redact:
  a file that could not be read whole, whose text has a `redact` key, makes the log's list
  incomplete, and the messages that might name a string are withheld (as over the limits).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from test_redacted_log import said, submission

NAME = "Siân Wrenfield"


def _no_name(out: str) -> None:
    folded = unicodedata.normalize("NFC", out).casefold()
    for word in ("siân", "sian", "wrenfield", "ciarán", "briain"):
        assert word not in folded, out
    assert "si<u+00e2>n" not in folded and "<u+0302>n" not in folded, out


def _with_exhibit(tmp_path: Path, written: str, on_disk: str, *, redact: str = NAME) -> Path:
    root = submission(
        tmp_path, f"exhibits:\n  - file: exhibits/{written}\n    description: A letter\n"
    )
    item = root / "evidence/testimonies/TM-002.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("redact: [", f"redact: [{redact}, "), encoding="utf-8")
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    (root / "evidence/exhibits" / on_disk).write_bytes(b"%PDF-1.4\n%%EOF\n")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_name_shown_by_its_code_points_is_marked(tmp_path: Path, fmt: str) -> None:
    composed = f"{NAME} letter.pdf"
    decomposed = unicodedata.normalize("NFD", composed)
    root = _with_exhibit(tmp_path, composed, decomposed)
    code, out = said(root, "validate", "--format", fmt)
    assert code == 1, out
    assert "exhibit" in out and "letter.pdf" in out, out
    _no_name(out)


def test_two_files_alike_but_for_encoding_are_warned_of_without_the_name(tmp_path: Path) -> None:
    composed = f"{NAME} letter.pdf"
    root = _with_exhibit(tmp_path, composed, composed)
    (root / "evidence/exhibits" / unicodedata.normalize("NFD", composed)).write_bytes(
        b"%PDF-1.4\n%%EOF\n"
    )
    _, out = said(root, "validate")
    assert "file-name-clash" in out or "differ only" in out, out
    _no_name(out)


@pytest.mark.parametrize("where", ["item", "exhibit"])
def test_a_redact_entry_written_as_name_colon_code_is_redacted(tmp_path: Path, where: str) -> None:
    entry = "{Ciarán Ó Briain: PI}"
    if where == "item":
        root = submission(tmp_path, "related: [Ciarán Ó Briain]\n")
        item = root / "evidence/testimonies/TM-002.yaml"
        text = item.read_text(encoding="utf-8")
        item.write_text(text.replace("redact: [", f"redact: [{entry}, "), encoding="utf-8")
    else:
        root = submission(
            tmp_path,
            "related: [Ciarán Ó Briain]\nexhibits:\n"
            f"  - {{file: exhibits/a.pdf, description: A letter, redact: [{entry}]}}\n",
        )
        (root / "evidence/exhibits").mkdir(exist_ok=True)
        (root / "evidence/exhibits/a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    for fmt in ("text", "json"):
        code, out = said(root, "validate", "--format", fmt)
        assert code == 1, out
        assert "unknown field" in out or "withheld" in out, out
        _no_name(out)


def test_a_redact_list_yaml_cannot_read_withholds_what_might_name_it(tmp_path: Path) -> None:
    root = submission(tmp_path, paragraph="See [fb](facebook.com/SianWrenfield) for more.")
    item = root / "evidence/testimonies/TM-002.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text.replace("redact: [Odalys Quennell, Marchbanks]\n", "redact:\n")
        + f"  - text: {NAME}, code: PI\n  - Odalys Quennell\n",
        encoding="utf-8",
    )
    for fmt in ("text", "json", "github"):
        code, out = said(root, "validate", "--format", fmt)
        assert code == 1, out
        assert "yaml-syntax" in out, out  # the fix comes first, and is said
        _no_name(out)


@pytest.mark.parametrize("redacts", [True, False])
def test_a_file_too_large_to_read_withholds(tmp_path: Path, redacts: bool) -> None:
    # Over the limit, a file is never opened (tests/test_inputs.py): whether it holds a list
    # is not known, so the log withholds what might name one, whatever it holds.
    root = submission(tmp_path, paragraph="See [fb](facebook.com/SianWrenfield) for more.")
    big = root / "evidence/testimonies/TM-009.yaml"
    listed = f"redact: [{NAME}]\n" if redacts else ""
    big.write_text("id: TM-009\n" + listed + "# padding\n" * 70_000, encoding="utf-8")
    code, out = said(root, "validate")
    assert code == 1, out
    assert "TM-009.yaml" in out and "file-too-large" in out, out
    assert "markdown-link] (message withheld" in out, out
    _no_name(out)


@pytest.mark.parametrize("audience", ["public", "restricted"])
def test_a_public_builds_failure_names_no_redacted_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str
) -> None:
    # A failure a build stops at, after validation (an engine's words about an item whose file
    # is named after a witness): said with the mark in a public build's log.
    import inquiry.build
    from inquiry.errors import BuildFailed

    root = submission(tmp_path)

    def fails(*_: object, **__: object) -> None:
        raise BuildFailed(
            message="typst could not lay out item TM-002: unknown variable `Marchbanks`",
            file="evidence/testimonies/Odalys Quennell/TM-002.yaml",
        )

    monkeypatch.setattr(inquiry.build, "served_constraints", fails)
    code, out = said(root, "build", "--format", "pdf", "--audience", audience)
    assert code == 3, out
    assert "typst could not lay out item TM-002" in out, out
    if audience == "public":
        assert "evidence/testimonies/[REDACTED]/TM-002.yaml" in out, out
        assert "Marchbanks" not in out and "Quennell" not in out, out
    else:  # the restricted edition names everyone: its log is not public
        assert "Odalys Quennell/TM-002.yaml" in out, out


def test_an_unread_exhibit_list_without_redact_entries_withholds_nothing(tmp_path: Path) -> None:
    root = submission(tmp_path, "related: [Bad-Id]\n")
    item = root / "evidence/testimonies/TM-002.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text.replace("redact: [Odalys Quennell, Marchbanks]\n", "").replace(
            "names redacted", "names"
        )
        + "exhibits:\n  - file: exhibits/a.pdf\n    description: A letter: the first\n",
        encoding="utf-8",
    )
    code, out = said(root, "validate")
    assert code == 1, out
    assert "yaml-syntax" in out and "withheld" not in out and "Bad-Id" in out, out


@pytest.mark.parametrize(
    "written",
    [
        "redact: Siân Wrenfield",
        "redact:\n  - name: Siân Wrenfield",
        "redact: {text: Siân Wrenfield}",
    ],
)
def test_a_redact_list_written_another_way_still_redacts_the_log(
    tmp_path: Path, written: str
) -> None:
    root = submission(tmp_path, paragraph="See [fb](facebook.com/SianWrenfield) for more.")
    item = root / "evidence/testimonies/TM-002.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text.replace("redact: [Odalys Quennell, Marchbanks]", written), encoding="utf-8"
    )
    code, out = said(root, "validate")
    assert code == 1 and "markdown-link" in out, out
    _no_name(out)


@pytest.mark.parametrize(
    "written",
    ["Si%C3%A2n%20Wrenfield letter.pdf", "Wrenfield%2C%20Si%C3%A2n.pdf", "Si&#226;n Wrenfield.pdf"],
)
def test_a_name_a_message_shows_encoded_is_marked(tmp_path: Path, written: str) -> None:
    root = _with_exhibit(tmp_path, written, "other.pdf")  # missing: its path is quoted
    for fmt in ("text", "json", "github"):
        code, out = said(root, "validate", "--format", fmt)
        assert code == 1 and "exhibit" in out, out
        _no_name(out)
        assert "%C3%A2n" not in out and "&#226;" not in out, out


def test_decoding_marks_only_what_holds_a_name() -> None:
    from inquiry.redacted_log import said as say
    from inquiry.redaction import Matcher

    matcher = Matcher.of([("Siân Wrenfield", "PI")])
    assert say("50%25 of Q&amp;A, see a%20b", matcher) == "50%25 of Q&amp;A, see a%20b"
    assert say("x/Si%C3%A2n%20Wrenfield.pdf and Siân Wrenfield", matcher) == "x/[PI].pdf and [PI]"
