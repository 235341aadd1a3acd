"""A redacted string that holds a reference (stop 30, red team h90): `redact: ["Jane Doe
[@SF-001]"]` validated and built with the name in every output, since the bundle prints the
reference as a pinpoint (`Jane Doe [A1/4]`) and the string as written was found nowhere.
Validation now refuses such an entry at its place; a handle that is not an id, and an exhibit's
own entry (searched for in its pages, where `@SF-001` is only text), are left alone."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def test_a_redacted_string_with_a_reference_is_refused_at_its_place(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    path = root / "evidence" / "testimonies" / "TM-001.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    assert "\nredact:" not in text
    entries = ["Jane Doe [@SF-001]", "@ST-001 Harold", "@NHSEngland", "jane@example.org"]
    path.write_text(text + "\nredact:\n" + "".join(f"  - {json.dumps(e)}\n" for e in entries))
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    report = json.loads(done.output)
    found = [p for p in report["problems"] if p["code"] == "redact-reference"]
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index('  - "Jane Doe [@SF-001]"') + 1
    assert [(p["line"], p["column"]) for p in found] == [(first, 5), (first + 1, 5)], found
    assert "`@SF-001`" in found[0]["message"] and "`@ST-001`" in found[1]["message"]
    assert done.exit_code == 1


def test_an_exhibit_entry_naming_a_reference_is_only_text(sample: Path) -> None:
    item = sample / "evidence/survey_findings/SF-001.yaml"
    text = item.read_text(encoding="utf-8")
    old = "  - {file: exhibits/report.pdf, description: The survey report}\n"
    assert old in text
    new = old[:-2] + ', redact: ["see @SF-001 above"]}\n'
    item.write_text(text.replace(old, new), encoding="utf-8")
    done = CliRunner().invoke(main, ["validate", "--root", str(sample), "--format", "json"])
    report = json.loads(done.output)
    assert [p for p in report["problems"] if p["code"] == "redact-reference"] == []
    assert report["valid"], report["problems"]
