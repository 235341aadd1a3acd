"""A served exhibit's pages taken by a different file of the same length: the build keeps
the pages (SPEC: a served item stays while it fits) but warns, at the exhibit's `file`, that
what was cited there now shows another document (h111: it said nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_pdf
from test_served_loi import run

from inquiry.scaffold import init


def _served_with_exhibit(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/report.pdf").write_bytes(make_pdf(3, text="Served report"))
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8")
        + "exhibits:\n  - {file: exhibits/report.pdf, description: The report}\n",
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return root


def test_a_different_file_on_a_served_exhibits_pages_is_warned_at_its_file(
    tmp_path: Path,
) -> None:
    root = _served_with_exhibit(tmp_path)
    (root / "evidence/exhibits/report.pdf").write_bytes(make_pdf(3, text="Another document"))
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    warned = [line for line in out.splitlines() if "served-exhibit-replaced" in line]
    assert len(warned) == 1, out
    lines = (root / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(lines.splitlines(), 1) if "report.pdf" in text)
    assert warned[0].startswith(f"evidence/survey_findings/SF-001.yaml:{line}:")
    assert "exhibit 1 of SF-001" in warned[0]


def test_the_same_file_renamed_is_not_warned(tmp_path: Path) -> None:
    root = _served_with_exhibit(tmp_path)
    (root / "evidence/exhibits/report.pdf").rename(root / "evidence/exhibits/renamed.pdf")
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("report.pdf", "renamed.pdf"), encoding="utf-8"
    )
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    assert "served-exhibit-replaced" not in out


def test_an_exhibit_taken_out_before_others_does_not_make_them_replaced(tmp_path: Path) -> None:
    """Red team h175: with the first of two served exhibits taken out, `validate` (which paired
    exhibits by their place in the list) said the second had replaced the first, though the
    build puts it back on its own served pages and warns of nothing."""
    root = tmp_path / "repo"
    init(root)
    (root / "evidence/exhibits/report.pdf").write_bytes(make_pdf(3, text="Served report"))
    (root / "evidence/exhibits/second.pdf").write_bytes(make_pdf(2, text="Second report"))
    item = root / "evidence/survey_findings/SF-001.yaml"
    text = item.read_text(encoding="utf-8") + (
        "exhibits:\n  - {file: exhibits/report.pdf, description: The report}\n"
    )
    item.write_text(
        text + "  - {file: exhibits/second.pdf, description: The second report}\n",
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    item.write_text(
        text.replace("  - {file: exhibits/report.pdf, description: The report}\n", "")
        + "  - {file: exhibits/second.pdf, description: The second report}\n",
        encoding="utf-8",
    )
    code, out = run("validate", "--root", root)
    assert code == 0 and "served-exhibit-replaced" not in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0 and "served-exhibit-replaced" not in out, out
    # A file in its place that the item was not served with is still warned of.
    (root / "evidence/exhibits/second.pdf").write_bytes(make_pdf(2, text="Another document"))
    code, out = run("validate", "--root", root)
    assert code == 0 and out.count("served-exhibit-replaced") == 1, out


def _exhibits(root: Path, base: str, names: list[str]) -> None:
    listed = "".join(f"  - {{file: exhibits/{n}.pdf, description: Exhibit {n}}}\n" for n in names)
    item = root / "evidence/survey_findings/SF-001.yaml"
    item.write_text(base + "exhibits:\n" + listed, encoding="utf-8")


def _pages_warned(out: str) -> list[str]:
    import re

    return re.findall(r"served-exhibit-replaced\] exhibit (\d+) .*? served on (pages? [\d–]+)", out)


@pytest.mark.parametrize(
    ("served", "now"),
    [
        (["p1", "p2", "p3"], ["p2", "p4"]),  # the first taken out, the last replaced
        (["p1", "p2"], ["p1", "p1"]),  # a served file listed twice
        (["p1", "p1"], ["p1", "p3"]),  # served twice, the second replaced
        (["p1", "p2"], ["p3", "p2"]),  # the first replaced
    ],
)
def test_validate_warns_where_the_build_places_a_new_file(
    tmp_path: Path, served: list[str], now: list[str]
) -> None:
    """Red team h176: validate paired files by their place in the list, then (3cbc7fb) by
    whether the item had been served with them at all, and missed a new file the build puts
    on a served exhibit's pages. It now places them as the build does."""
    root = tmp_path / "repo"
    init(root)
    for n in ("p1", "p2", "p3", "p4"):
        (root / f"evidence/exhibits/{n}.pdf").write_bytes(make_pdf(1, text=f"Document {n}"))
    item = root / "evidence/survey_findings/SF-001.yaml"
    base = item.read_text(encoding="utf-8")
    _exhibits(root, base, served)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    _exhibits(root, base, now)
    code, checked = run("validate", "--root", root)
    assert code == 0, checked
    code, built = run("build", "--root", root, "--format", "pdf")
    assert code == 0, built
    assert _pages_warned(built), built
    assert _pages_warned(checked) == _pages_warned(built), (checked, built)
