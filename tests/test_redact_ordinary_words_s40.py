"""Stop 40, red team h165: a `redact` entry that is also an ordinary word (`Day`, `Will`,
`Case`) is removed wherever the word is used, in any case, so "the number of clients per day"
lost its last word in another item's title, the index and a line of inquiry, and validation
said nothing. It says so now (`redact-ordinary-words`), by the entry's number and the items,
never the words; the entry is still removed everywhere."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.checks import redact_words
from inquiry.checks.redact_words import owns
from inquiry.cli import main
from inquiry.scaffold import init

CODE = "redact-ordinary-words"


def repo(tmp_path: Path, redact: list[str], policy_summary: str) -> Path:
    root = tmp_path / "repo"
    init(root)
    tm = root / "evidence/testimonies/TM-001.yaml"
    entries = "".join(f"  - {e}\n" for e in redact)
    tm.write_text(tm.read_text(encoding="utf-8") + f"redact:\n{entries}", encoding="utf-8")
    pe = root / "evidence/policy_extracts/PE-001.yaml"
    text = pe.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("summary:"))
    pe.write_text(text.replace(line, f"summary: {policy_summary}"), encoding="utf-8")
    return root


def warnings(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if f"warning[{CODE}]" in line]


def test_an_entry_also_used_as_a_word_is_said_by_number_and_item(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        ["Wrenfield", "Day", "Case"],
        "Clients seen per day rose; complex cases waited. Mr Day wrote the day's rota.",
    )
    found = warnings(root)
    assert len(found) == 2, found
    day, case = found
    tm = "evidence/testimonies/TM-001.yaml"
    entries = (root / tm).read_text(encoding="utf-8").splitlines()
    assert day.startswith(f"{tm}:{entries.index('  - Day') + 1}:5: ")
    assert case.startswith(f"{tm}:{entries.index('  - Case') + 1}:5: ")
    assert "`redact` entry 2 " in day and "edition, in PE-001:" in day  # `day`, `day's`
    assert "`redact` entry 3 " in case and "edition, in PE-001:" in case  # `cases`
    for line in found:  # the log's own words hold no redacted string, so none is marked
        assert "[" not in line.split("]", 1)[1], line
        assert not re.search(r"(?i)\b(day|case)\b", line.split("]", 1)[1]), line


def test_no_warning_for_a_name_written_only_as_a_name(tmp_path: Path) -> None:
    root = repo(tmp_path, ["Day", "hobart wrenfield"], "Mr Day wrote the rota. DAY said so.")
    assert warnings(root) == []


def test_a_name_read_surname_first_past_a_title_is_said(tmp_path: Path) -> None:
    # The build cuts `day, the nurse will` for Will Day (surname first, a title read away).
    root = repo(tmp_path, ["Will Day"], "Every day, the nurse will check the notes.")
    [line] = warnings(root)
    assert "`redact` entry 1 " in line and "edition, in PE-001:" in line


def test_a_name_of_two_words_is_looked_for_in_either_order(tmp_path: Path) -> None:
    root = repo(tmp_path, ["Will Health"], "Our investment in mental health will also grow.")
    [line] = warnings(root)
    assert "edition, in PE-001:" in line


def test_many_items_are_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repo(tmp_path, ["Hope"], "We hope so.")
    for kind, file in (("SF", "survey_findings/SF-001"), ("ST", "statistics/ST-001")):
        path = root / f"evidence/{file}.yaml"
        text = path.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("title:"))
        path.write_text(text.replace(line, f"title: {kind} with little hope"), encoding="utf-8")
    [line] = warnings(root)
    assert "edition, in PE-001, ST-001, SF-001:" in line, line  # in the files' order
    monkeypatch.setattr(redact_words, "SHOWN_ITEMS", 2)
    [line] = warnings(root)
    assert "edition, in PE-001, ST-001 and 1 more:" in line, line


def test_a_name_in_an_address_is_the_name_not_words(tmp_path: Path) -> None:
    text = "Write to will.day@example.org, see example.org/team/will-day or will_day.pdf."
    root = repo(tmp_path, ["Will Day"], text)
    assert warnings(root) == []
    root = repo(tmp_path / "2", ["Will Day"], text + " Come back another day, will you?")
    [line] = warnings(root)
    assert "edition, in PE-001:" in line


@pytest.mark.parametrize("where", ["status: draft", "audience: restricted", "exhibit"])
def test_a_list_the_public_edition_leaves_out_still_cuts_and_is_said(
    tmp_path: Path, where: str
) -> None:
    # The public build removes what every item's list holds (a draft's, a restricted item's,
    # an exhibit's) from all it prints: each such entry is said too (red team h166 B1).
    root = repo(tmp_path, [], "Clients seen per day rose.")
    tm = root / "evidence/testimonies/TM-001.yaml"
    text = tm.read_text(encoding="utf-8").replace("redact:\n", "")
    if where == "exhibit":
        (root / "evidence/exhibits/a.png").write_bytes(png())
        text += (
            "exhibits:\n  - file: exhibits/a.png\n    description: A letter\n    redact: [Day]\n"
        )
        said = "exhibit 1's `redact` entry 1 is also found"
    else:
        key = where.split(":")[0]
        text = "\n".join(x for x in text.splitlines() if not x.startswith(f"{key}:"))
        text += f"\n{where}\nredact:\n  - Day\n"
        if key == "audience":
            text = text.replace("publication: public", "publication: panel_only")
        said = "`redact` entry 1 is also found"
    tm.write_text(text, encoding="utf-8")
    [line] = warnings(root)
    assert said in line and "in PE-001" in line, line
    assert ("not in the public edition" in line) == (where != "exhibit"), line


def test_a_word_that_only_starts_like_the_name_is_not_said(tmp_path: Path) -> None:
    root = repo(tmp_path, ["Day", "Daybreak Clinic"], "The daybreak clinic opened daily.")
    [line] = warnings(root)  # the clinic's own entry, cut in lower case; `Day` cuts nothing
    assert "`redact` entry 2 " in line, line


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\xff" * 3 * 20 for _ in range(20))
    header = struct.pack(">IIBBBBB", 20, 20, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_heading_that_capitalises_every_word_is_read_as_lower_case(tmp_path: Path) -> None:
    # Red team h166 B2: "Number Of Clients Seen Per Day" lost its last word in silence.
    root = repo(tmp_path, ["Day"], "Number Of Clients Seen Per Day")
    [line] = warnings(root)
    assert "(or in a heading that gives every word one)" in line and "in PE-001" in line
    root = repo(tmp_path / "2", ["Day"], "TWICE A DAY")
    assert len(warnings(root)) == 1
    root = repo(tmp_path / "3", ["Day"], "Mr Day said so. He Was Clear.")  # a sentence's name
    assert warnings(root) == []


def test_no_word_of_the_warning_is_marked_in_the_log(tmp_path: Path) -> None:
    # Red team h168: entries that are words of the warning's own text were marked in it, and the
    # mark's place in words anyone can read said the word: "(or in a [REDACTED] that gives
    # [REDACTED] word one)" for Heading and Every.
    root = repo(
        tmp_path,
        ["Every", "Given", "Heading", "Surname", "Public"],
        "Every clinic is given a heading every day, public or not, by surname.",
    )
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "github"])
    lines = [x for x in result.output.splitlines() if "redact-ordinary-words" in x]
    assert len(lines) == 5, result.output
    for line in lines:
        assert "[" not in line.split("::", 2)[2], line  # no mark in the message
        assert "PE-001" in line


@pytest.mark.parametrize("text", ["per _day_ rose", "day_one began", "day/night shifts"])
def test_words_joined_as_prose_joins_them_are_words(tmp_path: Path, text: str) -> None:
    # Red team h168: the build cut these, and the warning, reading `_` as a letter and any `/`
    # as an address, said nothing.
    root = repo(tmp_path, ["Day"], f"Clients seen {text}.")
    [line] = warnings(root)
    assert "in PE-001" in line


def test_owns() -> None:
    assert owns("Day", "day") and owns("Day", "day's") and owns("Case", "cases")
    assert not owns("Day", "daybreak")
    assert owns("Will Day", "day, the nurse will")
    assert not owns("Will Day", "day")
    assert not owns("Hope", "day")
