"""`inquiry validate` and a public build print no redacted string: in a message, a hint, or the
path of the file a problem is in (a pull request's log reaches more people than its evidence).
Found by the stop-27 red team: validate echoed names, YAML's alias message echoed `*Name*`
from a paragraph starting with emphasis, and an item file named after a witness was printed
as the location of its problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ci_log_s27 import redacting_testimony

from inquiry.cli import main
from inquiry.scaffold import init

NAMES = ("Odalys Quennell", "Marchbanks")


def submission(tmp_path: Path, extra: str = "", paragraph: str = "It happened.") -> Path:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/testimonies/TM-002.yaml").write_text(
        f"""id: TM-002
kind: testimony
title: A statement with names redacted
date: 2025-03-02
lines_of_inquiry: [LOI-1]
summary: A witness describes the targets.
source: {{title: Forum post, author: W-02, accessed: 2025-03-03}}
witness: {{reference: W-02, role: Service user}}
consent: {{publication: public, basis: Published by the author on a public forum}}
paragraphs:
  - {paragraph}
statement_of_truth: true
redact: [Odalys Quennell, Marchbanks]
{extra}""",
        encoding="utf-8",
    )
    return root


def said(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def assert_no_name(text: str) -> None:
    for name in NAMES:
        for word in name.split():
            assert word.lower() not in text.lower(), text


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize(
    "extra",
    [
        "Marchbanks: 1\n",  # an unknown field
        "related: [MARCHBANKS-001]\n",  # a value echoed in a message
        "summary_of_Odalys_Quennell: x\n",
    ],
)
def test_validate_says_no_redacted_name(tmp_path: Path, fmt: str, extra: str) -> None:
    root = submission(tmp_path, extra)
    code, out = said(root, "validate", "--format", fmt)
    assert code == 1, out
    assert "[REDACTED]" in out
    assert_no_name(out)


def test_a_paragraph_starting_with_emphasis_is_told_to_quote_and_not_echoed(
    tmp_path: Path,
) -> None:
    root = submission(tmp_path, paragraph="*Marchbanks* told me to hit the targets.")
    for args in (["validate"], ["build", "--format", "pdf"]):
        code, out = said(root, *args)
        assert code == 1, out
        assert "yaml-syntax" in out and "alias" in out and "quotes" in out
        assert_no_name(out)


def test_the_alias_word_is_not_echoed_even_when_no_redact_list_is_readable(
    tmp_path: Path,
) -> None:
    root = submission(tmp_path, paragraph="*Marchbanks* told me.")
    item = root / "evidence/testimonies/TM-002.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("redact: [", "redact: [*Quennell, "),
        encoding="utf-8",
    )
    code, out = said(root, "validate")
    assert code == 1
    assert "Marchbanks" not in out and "Quennell" not in out


def test_an_item_file_named_after_a_witness_is_warned_of_and_printed_with_the_mark(
    tmp_path: Path,
) -> None:
    root = submission(tmp_path, "exhibits: [{file: exhibits/missing.pdf, description: A letter}]\n")
    folder = root / "evidence/testimonies/odalys-quennell"
    folder.mkdir()
    (root / "evidence/testimonies/TM-002.yaml").rename(folder / "statement-marchbanks.yaml")
    for args in (["validate", "--format", "json"], ["build", "--format", "pdf"]):
        code, out = said(root, *args)
        assert code == 1, out
        assert "redact-in-path" in out
        assert "exhibit" in out  # the item's other problem, at the marked path
        assert_no_name(out)
    code, out = said(root, "validate", "--format", "json")
    report = json.loads(out)
    warned = [p for p in report["problems"] if p["code"] == "redact-in-path"]
    assert len(warned) == 1 and warned[0]["severity"] == "warning"
    assert warned[0]["file"].startswith("evidence/testimonies/")


def test_a_path_with_no_redacted_string_is_not_warned_of(tmp_path: Path) -> None:
    root = submission(tmp_path)
    code, out = said(root, "validate")
    assert code == 0, out
    assert "redact-in-path" not in out


def _many(root: Path, names: list[str], coded: bool) -> None:
    """Testimonies listing `names`, 200 entries to an item: each name as a plain string, or
    (`coded`) each twice, plain and with a code."""
    per = 100 if coded else 200
    for k in range(0, len(names), per):
        n = 10 + k // per
        listed = "".join(
            f"  - {name}\n" + (f"  - {{text: {name}, code: PI}}\n" if coded else "")
            for name in names[k : k + per]
        )
        (root / f"evidence/testimonies/TM-{n:03d}.yaml").write_text(
            redacting_testimony(n, listed), encoding="utf-8"
        )


def _names(count: int) -> list[str]:
    letters = "bcdfghjklmnpqrstvwxz"
    return [
        "Q" + "".join(letters[(k // 20**i) % 20] for i in range(4)) + "ovic" for k in range(count)
    ]


def test_a_name_listed_twice_counts_once_toward_the_logs_limit(tmp_path: Path) -> None:
    """The log's matcher counted (text, code) pairs: 1,100 names each listed plain in one
    item and with a code in another filled its 2,000 places, and the rest were printed."""
    root = submission(tmp_path, f"{_names(1100)[-1]}: 1\n")
    _many(root, _names(1100), coded=True)
    code, out = said(root, "validate")
    assert code == 1, out
    assert "unknown field `[" in out and _names(1100)[-1] not in out
    assert "redact-too-many" not in out


@pytest.mark.parametrize("case", ["too many", "too long"])
def test_over_the_limits_the_log_withholds_what_it_cannot_search(tmp_path: Path, case: str) -> None:
    if case == "too many":
        name = _names(2001)[-1]
        root = submission(tmp_path, f"related: [{name}]\n")
        _many(root, _names(2001), coded=False)
    else:
        name = "Longname " * 25  # 225 characters
        root = submission(tmp_path, f"related: ['{name.strip()}']\n")
        item = root / "evidence/testimonies/TM-002.yaml"
        text = item.read_text(encoding="utf-8")
        item.write_text(text.replace("redact: [", f"redact: ['{name.strip()}', "), encoding="utf-8")
    for args in (["validate"], ["build", "--format", "pdf"]):
        code, out = said(root, *args)
        assert code == 1, out
        assert name.split()[0] not in out, out[:2000]
        assert "message withheld" in out
        if case == "too many":
            assert "error[redact-too-many]" in out
