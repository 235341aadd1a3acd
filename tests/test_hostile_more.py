"""Pull-request inputs found by red-team pass 6 that made `validate` exit 3 with no place."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    return root


def validate(root: Path) -> tuple[int, dict[str, object]]:
    done = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    return done.exit_code, json.loads(done.output)


def test_a_link_in_a_loop_under_evidence_is_not_a_crash(repo: Path) -> None:
    os.symlink("self.pdf", repo / "evidence" / "exhibits" / "self.pdf")
    os.symlink("other", repo / "evidence" / "exhibits" / "loop")
    os.symlink("loop", repo / "evidence" / "exhibits" / "other")
    code, report = validate(repo)
    assert code == 0 and report["valid"], report


@pytest.mark.parametrize("number", ["0x" + "f" * 4000, "0o" + "7" * 6000, "0b" + "1" * 20000])
def test_a_number_too_long_to_print_is_a_problem_at_its_line(repo: Path, number: str) -> None:
    path = repo / "evidence" / "statistics" / "ST-001.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("value:"))
    lines[at] = f"value: {number}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, report = validate(repo)
    assert code == 1
    problems = report["problems"]
    assert isinstance(problems, list)
    [problem] = [p for p in problems if p["file"] == "evidence/statistics/ST-001.yaml"]
    assert (problem["line"], problem["code"]) == (at + 1, "schema-value")
    assert "digits" in problem["message"] and len(problem["message"]) < 200


def test_a_bidirectional_override_is_refused_at_its_field(repo: Path) -> None:
    """`Thera<U+202E>gnp.exe` displays as `Theraexe.png`: what a reader sees would not be what the
    bundle holds. Refused wherever it is written (escaped or not)."""
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "role: Therapist", 'role: "Thera\\u202egnp.exe\\u202c pist"'
        ),
        encoding="utf-8",
    )
    sub = repo / "evidence" / "submission.yaml"
    override = chr(0x202D)
    sub.write_text(
        sub.read_text(encoding="utf-8").replace("title: ", f"title: A{override} ", 1),
        encoding="utf-8",
    )
    code, report = validate(repo)
    assert code == 1
    problems = report["problems"]
    assert isinstance(problems, list)
    found = {(p["file"], p["code"]) for p in problems}
    assert found == {
        ("evidence/testimonies/TM-001.yaml", "text-bidi-override"),
        ("evidence/submission.yaml", "text-bidi-override"),
    }


def test_validate_reports_the_repository_files_a_build_would_refuse(repo: Path) -> None:
    """A required `validate` check that passes must not hide a build that will be refused: a
    served record naming page 10^9, a reference document that is a link out of the repository."""
    (repo / "served").mkdir(exist_ok=True)
    (repo / "served" / "public.json").write_text(
        '{"manifest": {"bundle": {"pages": 1000000000}, "items": []}}', encoding="utf-8"
    )
    reference = repo / "templates" / "reference.docx"
    reference.unlink()
    reference.symlink_to("/etc/passwd")
    code, report = validate(repo)
    assert code == 1
    problems = report["problems"]
    assert isinstance(problems, list)
    assert {(p["file"], p["code"]) for p in problems} == {
        ("served/public.json", "served-record"),
        ("templates/reference.docx", "template-unusable"),
    }


def test_an_exhibit_path_not_written_plainly_or_attached_twice_is_warned(repo: Path) -> None:
    """`./exhibits//a.pdf` and `exhibits/a.pdf` are one file by two names in the manifest and the
    stamps; attached twice, its pages are in the bundle twice."""
    exhibit = repo / "evidence" / "exhibits" / "a.png"
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(exhibit)
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    attach = (
        "exhibits:\n"
        "  - {file: exhibits/a.png, description: One}\n"
        "  - {file: ./exhibits//a.png, description: Two}\n"
    )
    item.write_text(item.read_text(encoding="utf-8") + attach, encoding="utf-8")
    code, report = validate(repo)
    problems = report["problems"]
    assert isinstance(problems, list)
    found = sorted(
        (p["line"], p["code"])
        for p in problems
        if p["severity"] == "warning" and p["code"] != "exhibit-no-text"  # a blank picture
    )
    last = len(item.read_text(encoding="utf-8").splitlines())
    assert found == [(last, "exhibit-path-form"), (last, "exhibit-repeated")], problems
    assert code == 0


@pytest.mark.parametrize(
    "written",
    [
        '"Zo\\U0000202Erewolfhcnalb\\U0000202C"',  # YAML's long escape
        "Zo &#x202E;rewolfhcnalB&#x202C; on the ward",  # a character reference pandoc reads
        "Zo &#8238;rewolfhcnalB&#8236; on the ward",
        '"Zo \\u0026#8238;rewolfhcnalB\\u0026#8236; on the ward"',  # the & as an escape
        '"Zo \\x26#x202E;rewolfhcnalB\\x26#x202C; on the ward"',
    ],
)
def test_an_override_written_as_an_escape_or_reference_is_refused(repo: Path, written: str) -> None:
    """Red-team stop 25: the name typed backwards inside an override shows the right way round,
    and the redaction matcher, reading the stored order, never saw it; the check read only
    overrides written as characters or `\\u202E`."""
    item = repo / "evidence" / "testimonies" / "TM-001.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("  - The second paragraph.", f"  - {written}"), encoding="utf-8")
    code, report = validate(repo)
    assert code == 1, report
    problems = report["problems"]
    assert isinstance(problems, list)
    assert [(p["code"], p["line"]) for p in problems] == [
        ("text-bidi-override", text.splitlines().index("  - The second paragraph.") + 1)
    ]
