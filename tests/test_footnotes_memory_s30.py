"""A long statement with footnotes lays out in bounded memory (stop 30, red team h92).

Typst lays a breakable block, and a list, out again, whole, for each footnote in it. Each
section of an item was such a block, and a statement's numbered paragraphs one list, so a
valid testimony of 1,000 paragraphs with a note on every fourth ran typst out of its 1 GB (it
took 2 GB), and 27 testimonies of 120 paragraphs with six notes each, laid out as one chunk,
did too: the build failed and no PDF or DOCX could be made. A section is now its heading and
its body, a statement's paragraphs are lists of 20 numbered on (laid out exactly as one list),
and a chunk ends before its fields' typst (a footnote weighing 8,500 characters) passes 600,000
characters."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import yaml
from test_pdf import build_pdf

from inquiry.render.pdf import CHUNK_WEIGHT, chunks
from inquiry.scaffold import init

LOREM = "The service set targets for recovery rates that staff called unrealistic. " * 3


def test_a_chunk_ends_before_it_grows_too_heavy() -> None:
    views = [SimpleNamespace(id=f"TM-{n:03d}") for n in (1, 2, 3)]
    heavy = {"TM-001": CHUNK_WEIGHT // 2, "TM-002": CHUNK_WEIGHT // 2 + 1, "TM-003": 1}
    weighed = chunks(views, lambda v: heavy[v.id])  # type: ignore[arg-type, index]
    assert [[v.id for v in c] for c in weighed] == [["TM-001"], ["TM-002", "TM-003"]]
    alone = chunks(views[:1], lambda v: 10 * CHUNK_WEIGHT)  # type: ignore[arg-type]
    assert [[v.id for v in c] for c in alone] == [["TM-001"]]  # too heavy alone: still laid out


def test_a_long_statement_with_many_footnotes_builds(tmp_path: Path, build_cache: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    paragraphs = [
        f"Noted. {LOREM}[^n{i}]\n\n[^n{i}]: Note on paragraph {i} here"
        if i % 4 == 0
        else f"Text. {LOREM}"
        for i in range(1, 1001)
    ]
    item = {
        "id": "TM-900",
        "kind": "testimony",
        "title": "A long statement",
        "date": "2025-05",
        "lines_of_inquiry": ["LOI-1"],
        "summary": "A long statement with notes.",
        "source": {"title": "Statement", "author": "W-90", "accessed": "2025-07-01"},
        "witness": {"reference": "W-90", "role": "Nurse"},
        "consent": {"publication": "public", "basis": "Signed"},
        "paragraphs": paragraphs,
        "statement_of_truth": True,
    }
    path = root / "evidence/testimonies/TM-900.yaml"
    path.write_text(yaml.safe_dump(item, sort_keys=False, width=10**6), encoding="utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    first, last = built.items()["TM-900"]["first_page"], built.items()["TM-900"]["last_page"]
    text = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), str(built.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Numbered on across the lists of 20, every note on the page.
    labels = [int(line[:-1]) for line in text.split() if line[:-1].isdigit() and line[-1] == "."]
    assert [n for n in labels if 18 <= n <= 43] == list(range(18, 44)), labels[:60]
    assert 1000 in labels
    assert "Note on paragraph 1000 here" in text and "Note on paragraph 4 here" in text


def test_runs_end_before_thirty_footnotes() -> None:
    from inquiry.render.pdf.typst_source import numbered_runs

    assert numbered_runs([0] * 45) == [20, 20, 5]
    assert numbered_runs([10] * 7) == [3, 3, 1]
    assert numbered_runs([0, 40, 0]) == [1, 1, 1]  # a paragraph over the bound is a run alone
    assert sum(numbered_runs([1, 2, 3] * 100)) == 300


def test_paragraphs_of_lists_with_a_note_on_each_point_build(
    tmp_path: Path, build_cache: Path
) -> None:
    """Red team h94: 140 paragraphs, each a list of ten points with a note on each, ran typst
    out of memory in runs of 20 paragraphs (200 notes in one list)."""
    root = tmp_path / "repo"
    init(root)
    points = "\n".join(f"- Point {k}.[^p{k}]" for k in range(10))
    notes = "\n".join(f"[^p{k}]: A note on point {k}." for k in range(10))
    item = yaml.safe_load((root / "evidence/testimonies/TM-001.yaml").read_text("utf-8"))
    item["paragraphs"] = [f"Paragraph with points:\n\n{points}\n\n{notes}"] * 140
    path = root / "evidence/testimonies/TM-001.yaml"
    path.write_text(yaml.safe_dump(item, sort_keys=False, width=10**6), encoding="utf-8")
    built = build_pdf(root, tmp_path / "out", cache=build_cache)
    assert built.items()["TM-001"]["last_page"] > built.items()["TM-001"]["first_page"]
