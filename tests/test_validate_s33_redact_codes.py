"""Validate says what the build refuses (stop 33, red team h112): a redacted string inside a
declared reason code or its meaning is on the public cover, which the build refuses
(`redact-own-wording`) where validate said valid; and an item-level entry found only in an
exhibit's pages is not said to have removed nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.validate import validate


def test_a_redacted_string_in_a_reason_code_is_refused_by_validate(sample: Path) -> None:
    sub = sample / "evidence/submission.yaml"
    text = sub.read_text(encoding="utf-8")
    line = "  PI: Personal information of someone who is not a witness\n"
    assert line in text
    sub.write_text(text.replace(line, line + "  PLACEHOLDER: A name\n"), encoding="utf-8")
    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "redact: [Jane Placeholder]",
            "redact: [Jane Placeholder, {text: Placeholder, code: PI}]",
        ),
        encoding="utf-8",
    )
    _, report = validate(sample)
    own = [p for p in report.problems if p.code == "redact-own-wording"]
    assert [(p.file, p.severity) for p in own] == [("evidence/testimonies/TM-003.yaml", "error")]
    build = CliRunner().invoke(main, ["build", "--root", str(sample), "-q", "--format", "pdf"])
    assert build.exit_code == 1
    assert "redact-own-wording" in build.output


def test_codes_that_hold_no_redacted_string_pass(sample: Path) -> None:
    _, report = validate(sample)
    assert not [p for p in report.problems if p.code == "redact-own-wording"]


def test_an_entry_of_an_item_with_exhibits_is_not_said_to_remove_nothing(sample: Path) -> None:
    item = sample / "evidence/testimonies/TM-003.yaml"
    text = item.read_text(encoding="utf-8").replace(
        "redact: [Jane Placeholder]", "redact: [Jane Placeholder, Zebulon Quorvath]"
    )
    item.write_text(text, encoding="utf-8")
    _, report = validate(sample)
    (alone,) = [p for p in report.problems if p.code == "redact-not-found"]
    assert alone.message.endswith("no text was removed for it")
    item.write_text(
        text + "exhibits:\n  - {file: exhibits/photo.png, description: A photograph}\n",
        encoding="utf-8",
    )
    _, report = validate(sample)
    (shown,) = [p for p in report.problems if p.code == "redact-not-found"]
    assert "the build searches its exhibits' pages for it too" in shown.message
    assert "Quorvath" not in shown.message
