"""A served item refused because an exhibit is not as served is told so at that exhibit's
`file` line, not at the item's `id` (h111 left this at stop 33); one whose exhibits are as
served is told its text grew."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import make_pdf

from inquiry.cli import main
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def _line_of(path: Path, words: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if words in text)


def test_an_exhibit_replaced_by_a_longer_file_is_named_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(2, text="Letter"))
    (root / "evidence/exhibits/notes.pdf").write_bytes(make_pdf(1, text="Notes"))
    item = root / "evidence/statistics/ST-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "exhibits:\n"
        + "  - {file: exhibits/notes.pdf, description: Notes}\n"
        + "  - {file: exhibits/letter.pdf, description: The letter}\n",
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf", "-q"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(6, text="Letter"))
    code, out = run("build", "--root", root, "--format", "pdf", "-q")
    assert code == 1, out
    line = _line_of(item, "exhibits/letter.pdf")
    assert f"evidence/statistics/ST-001.yaml:{line}:" in out, out
    assert "exhibit 2 is not the file served there" in out, out

    # As served again, but more text than its pages hold: its text grew.
    (root / "evidence/exhibits/letter.pdf").write_bytes(make_pdf(2, text="Letter"))
    text = item.read_text(encoding="utf-8")
    caveat = "A much longer caveat about the figures and how they were counted. " * 120
    item.write_text(
        text.replace("caveats: Example figures, for illustration only.", f"caveats: {caveat}"),
        encoding="utf-8",
    )
    code, out = run("build", "--root", root, "--format", "pdf", "-q")
    assert code == 1, out
    assert "its text grew (its exhibits are as served)" in out, out
    assert f"evidence/statistics/ST-001.yaml:{_line_of(item, 'id: ST-001')}:" in out, out
    record = json.loads((root / "served/public.json").read_text(encoding="utf-8"))
    assert record["manifest"]["items"]
