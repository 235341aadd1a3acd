"""A message that quotes a value too long to print whole cuts it (`…`) before the log's
redaction sees it: a redacted name cut in two (`Hobart…`, `Hobart Wrenf…`) was no longer the
name, and `validate` printed it (stop 32's red team: a long word's quote and a tagged value's).
The start of a redacted string left at a cut is marked too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.redacted_log import said
from inquiry.redaction import Matcher

NAME = "Hobart Wrenfield"


def _testimony(sample: Path, extra: str) -> None:
    tm = sample / "evidence/testimonies/TM-003.yaml"
    text = tm.read_text(encoding="utf-8").replace(
        "redact: [Jane Placeholder]", f"redact: [Jane Placeholder, {NAME}]"
    )
    tm.write_text(text.replace("summary: Names a colleague, who is redacted.\n", extra), "utf-8")


@pytest.mark.parametrize(
    "extra",
    [
        # a word of 1,300 characters, quoted by its first 20
        "summary: https://x.org/" + "Hobart" + "Wrenfield" + "x" * 1300 + "\n",
        # a value YAML cannot read as its tag says, quoted by its first 40
        "summary: !!int see the notes of the good witness Hobart Wrenfield again\n",
    ],
)
@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_a_name_cut_short_in_a_message_is_marked(sample: Path, extra: str, form: str) -> None:
    _testimony(sample, extra)
    result = CliRunner().invoke(main, ["validate", "--root", str(sample), "--format", form])
    assert result.exit_code == 1, result.output
    out = (
        result.output
        if form != "json"
        else json.dumps(json.loads(result.stdout), ensure_ascii=False)
    )
    assert "…" in out  # the message did cut the value
    for piece in ("Hobart", "Wrenf", "hobart"):
        assert piece not in out, out


def test_only_a_string_cut_at_its_start_is_marked() -> None:
    matcher = Matcher.of([NAME, ("Riverside Clinic", "TP")])
    assert said("`the witness Hobart Wren…`", matcher) == "`the witness [REDACTED]…`"
    assert said("`at Riverside Cli…`", matcher) == "`at [TP]…`"
    assert said("`Hobart Wrenfield said…`", matcher) == "`[REDACTED] said…`"
    assert said("`nothing here at al…` and more…", matcher) == "`nothing here at al…` and more…"
    assert said("`the rivet…`", matcher) == "`the rivet…`"  # no string starts so
    assert said("page 1, 2, …", matcher) == "page 1, 2, …"
