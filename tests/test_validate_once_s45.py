"""What the rules across items need of one entry is worked out once, as the entry is read
(`checks.Rules.entry`), and only looked up after the last file (`Rules.finish`): at 10,000
items, working it out again after the last file was a third of a second on one core."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree

from inquiry import checks, redacted_log
from inquiry.checks import redaction, references
from inquiry.load import Entry, load, remembered
from inquiry.scaffold import init
from inquiry.validate import validate

WORKERS = (
    (references, "_refs"),
    (redaction, "_strings"),
    (redaction, "_codes"),
    (redacted_log, "_written_in"),
)


def _counted(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    calls: Counter[tuple[str, str]] = Counter()
    for module, name in WORKERS:
        real: Callable[[Entry], Any] = getattr(module, name)

        def counting(entry: Entry, real: Callable[[Entry], Any] = real, name: str = name) -> Any:
            calls[name, entry.file] += 1
            return real(entry)

        monkeypatch.setattr(module, name, counting)
    return calls


def test_each_entry_is_worked_out_once(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counted(monkeypatch)
    corpus, report = validate(sample, probe_exhibits=False)
    assert not report.errors, report.problems
    files = {e.file for e in corpus.entries}
    assert len(files) >= 6
    for _, name in WORKERS:
        assert {file for (n, file) in calls if n == name} == files, name
    assert set(calls.values()) == {1}, calls


def test_worked_out_while_reading(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """By the time `finish` runs, every entry already holds what it needs: `finish` works
    nothing out again."""
    calls = _counted(monkeypatch)
    rules = checks.Rules()
    corpus, _ = load(sample, each=rules.entry)
    before = Counter(calls)
    assert sum(before.values()) == len(WORKERS) * len(corpus.entries)
    rules.finish(corpus)
    assert calls == before


def test_remembered_per_entry_and_name(sample: Path) -> None:
    corpus, _ = load(sample)
    first, second = corpus.entries[:2]
    assert remembered(first, "x", lambda e: e.file) == first.file
    assert remembered(second, "x", lambda e: e.file) == second.file
    # Asked again, the first answer stands (an entry never changes once read).
    assert remembered(first, "x", lambda e: "other") == first.file
    assert remembered(first, "y", lambda e: None) is None
    assert remembered(first, "y", lambda e: "later") is None
    # An entry made anew from another (`dataclasses.replace`) starts with nothing known.
    copy = dataclasses.replace(first)
    assert copy.known == {}
    assert copy == first


def test_same_problems_as_a_second_run(tmp_path: Path) -> None:
    """Problems across items (unknown references, repeated ids, codes) are the same when every
    entry is worked out afresh."""
    root = tmp_path / "s"
    init(root)
    write_tree(
        root,
        {
            "evidence/testimonies/TM-010.yaml": """
            id: TM-010
            kind: testimony
            title: A testimony
            date: 2025-03-02
            lines_of_inquiry: [LOI-1, LOI-9, LOI-1]
            summary: Refers to things that are not there.
            source: {title: Notes, author: Example Coalition, accessed: 2025-03-03}
            witness: {reference: W-10, role: Service user}
            consent: {publication: public, basis: Written consent}
            paragraphs: [Jane Placeholder spoke.]
            statement_of_truth: true
            redact: [{text: Jane Placeholder, code: XX}]
            related: [TM-010, TM-999, TM-999]
            kind_extra: 1
            """,
            "evidence/testimonies/TM-011.yaml": """
            id: TM-010
            kind: testimony
            """,
        },
    )
    _, first = validate(root, probe_exhibits=False)
    _, second = validate(root, probe_exhibits=False)
    codes = {p.code for p in first.problems}
    for code in (
        "ref-unknown-loi",
        "ref-twice",
        "ref-self",
        "ref-unknown-item",
        "id-duplicate",
        "redact-unknown-code",
    ):
        assert code in codes, (code, sorted(codes))
    assert first.problems == second.problems


def test_no_exhibit_or_served_modules_without_exhibits(tmp_path: Path) -> None:
    """A submission with no exhibits and no served edition imports neither the exhibit probe
    (PDF, images, OCR) nor the served-record rules: a tenth of a second of every validation.
    With an exhibit, the probe runs (and finds a damaged one)."""
    import subprocess
    import sys

    root = tmp_path / "s"
    init(root)
    for listed in (root / "evidence").rglob("*.yaml"):
        text = listed.read_text(encoding="utf-8")
        assert "exhibits:" not in text, listed
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from inquiry.validate import validate\n"
        "_, report = validate(Path(sys.argv[1]))\n"
        "print(sorted({p.code for p in report.problems}))\n"
        "print(sorted(m for m in sys.modules if m in ("
        "'inquiry.exhibits.probe', 'inquiry.exhibits.prepare', 'pypdfium2', 'PIL',"
        " 'inquiry.served_changes', 'inquiry.served_problems')))\n"
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(root)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout.splitlines()

    codes, modules = run()
    assert modules == "[]", modules
    sf = root / "evidence/survey_findings/SF-001.yaml"
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    (root / "evidence/exhibits/bad.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<\nnot a pdf")
    sf.write_text(
        sf.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/bad.pdf, description: A damaged report}\n",
        encoding="utf-8",
    )
    codes, modules = run()
    assert "inquiry.exhibits.probe" in modules
    assert "exhibit-damaged" in codes, codes
