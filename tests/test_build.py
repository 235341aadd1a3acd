"""`inquiry build`: exit codes, what it prints, and a failed build never replaces a good bundle."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inquiry.cli import main

EPOCH = "1700000000"
REPO = Path(__file__).resolve().parents[1]


Run = Callable[..., Result]
"""The `run` fixture: `run("build", "--root", root)` is `inquiry build --root root`."""


@pytest.fixture
def run(build_cache: Path) -> Run:
    def invoke(*args: str | Path) -> Result:
        return CliRunner().invoke(
            main,
            [str(a) for a in args],
            prog_name="inquiry",
            env={"SOURCE_DATE_EPOCH": EPOCH, "INQUIRY_CACHE_DIR": str(build_cache)},
            catch_exceptions=False,
        )

    return invoke


def test_build_writes_the_bundle_and_the_manifest(sample: Path, run: Run) -> None:
    result = run("build", "--root", sample, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert (sample / "build/bundle.pdf").read_bytes().startswith(b"%PDF-")
    assert (sample / "build/manifest.json").is_file()
    assert not (sample / "build/bundle.docx").exists()
    for name in ("bundle.pdf", "manifest.json", "redactions.json", "references.json"):
        assert f"wrote {sample / 'build' / name}\n" in result.stdout
    leftovers = [p.name for p in (sample / "build").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_quiet_prints_nothing(sample: Path, run: Run) -> None:
    result = run("build", "--root", sample, "--format", "pdf", "--ocr", "never", "-q")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""  # not even the exhibit-no-text warning
    assert (sample / "build/bundle.pdf").is_file()


def test_build_into_out(sample: Path, tmp_path: Path, run: Run) -> None:
    out = tmp_path / "elsewhere"
    result = run("build", "--root", sample, "--out", out, "--format", "pdf", "-q")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "bundle.pdf",
        "manifest.json",
        "redactions.json",
        "references.json",
    ]


def _no_text_warnings(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "exhibit-no-text" in line]


def test_exhibit_no_text_is_warned_only_when_ocr_could_not_run(sample: Path, run: Run) -> None:
    """photo.png has no text: OCR reads it (finding no words), so nothing is left unsearchable;
    with --ocr never it is, and the warning names the exhibit at its line."""
    result = run("build", "--root", sample, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert _no_text_warnings(result) == []
    result = run("build", "--root", sample, "--format", "pdf", "--ocr", "never")
    assert result.exit_code == 0, result.output
    sf = (sample / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(sf.splitlines(), 1) if "exhibits/photo.png" in s)
    [warning] = _no_text_warnings(result)
    assert warning.startswith(f"evidence/survey_findings/SF-001.yaml:{line}:")
    assert "warning[exhibit-no-text]" in warning and "exhibits/photo.png" in warning


def test_invalid_evidence_exits_1_and_writes_nothing(sample: Path, run: Run) -> None:
    sf = sample / "evidence/survey_findings/SF-001.yaml"
    sf.write_text(sf.read_text(encoding="utf-8").replace("id: SF-001", "id: sf-1"), "utf-8")
    result = run("build", "--root", sample, "--format", "pdf")
    assert result.exit_code == 1
    assert "evidence/survey_findings/SF-001.yaml:" in result.output
    assert not (sample / "build").exists()


def test_usage_errors_exit_2(sample: Path, run: Run) -> None:
    for args in (
        ("--format", "rtf"),
        ("--audience", "everyone"),
        ("--jobs", "0"),
        ("--ocr", "sometimes"),
        ("--reissue", "SF-001"),  # nothing was served
    ):
        result = run("build", "--root", sample, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert run("build", "--root", sample / "missing", "--format", "pdf").exit_code == 2
    assert not (sample / "build").exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"%PDF-1.7\n this is not a PDF at all",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    ],
    ids=["garbage", "no-pages"],
)
def test_a_damaged_exhibit_exits_1_at_its_line_and_leaves_the_previous_bundle(
    sample: Path, damage: bytes, run: Run
) -> None:
    assert run("build", "--root", sample, "--format", "pdf", "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in (sample / "build").iterdir()}
    (sample / "evidence/exhibits/report.pdf").write_bytes(damage)
    result = run("build", "--root", sample, "--format", "pdf", "-q")
    assert result.exit_code == 1, result.output
    sf = (sample / "evidence/survey_findings/SF-001.yaml").read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(sf.splitlines(), 1) if "exhibits/report.pdf" in s)
    assert re.search(rf"evidence/survey_findings/SF-001.yaml:{line}:\d+: error\[", result.output)
    assert "exhibits/report.pdf" in result.output
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in (sample / "build").iterdir()}
    assert after == before


def test_restricted_and_drafts_options(sample: Path, run: Run) -> None:
    result = run(
        "build", "--root", sample, "--format", "pdf", "-q", "--audience", "restricted",
        "--include-drafts",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    manifest = json.loads((sample / "build/manifest.json").read_text(encoding="utf-8"))
    assert {"TM-002", "ST-002"} <= {i["id"] for i in manifest["items"]}
    assert manifest["bundle"]["audience"] == "restricted"


def _check_bundle(out: Path, items: int) -> None:
    import docx
    import pikepdf

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["items"]) == items
    with pikepdf.open(out / "bundle.pdf") as pdf:
        assert len(pdf.pages) == manifest["bundle"]["pages"]
    text = "\n".join(p.text for p in docx.Document(str(out / "bundle.docx")).paragraphs)
    for item in manifest["items"]:
        assert item["id"] in text, item["id"]


def test_the_repositorys_own_submission_builds(tmp_path: Path, run: Run) -> None:
    from inquiry.numbering import plan
    from inquiry.validate import validate

    result = run("build", "--root", REPO, "--out", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    corpus, _ = validate(REPO)
    _check_bundle(tmp_path, items=len(plan(corpus).items))


def test_a_new_repository_from_init_builds_both_formats(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "new"
    assert run("init", root).exit_code == 0
    result = run("build", "--root", root, "--quiet")
    assert result.exit_code == 0, result.output
    _check_bundle(root / "build", items=4)


def test_an_unexpected_error_is_a_message_and_exit_3(
    sample: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    import inquiry.render.pdf as pdf

    assert run("build", "--root", sample, "--format", "pdf", "--quiet").exit_code == 0
    before = (sample / "build/bundle.pdf").read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    result = run("build", "--root", sample, "--format", "pdf", "--quiet")
    assert result.exit_code == 3
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert (sample / "build/bundle.pdf").read_bytes() == before
    assert [p.name for p in (sample / "build").iterdir() if p.name.startswith(".")] == []


def test_items_of_one_date_are_in_the_order_of_their_id_numbers(sample: Path) -> None:
    """Within a tab, items in date order, then by id: `SF-999` before `SF-1000` (as numbers,
    not as text, which would put `SF-1000` first)."""
    from inquiry.numbering import plan
    from inquiry.validate import validate

    folder = sample / "evidence/survey_findings"
    original = (folder / "SF-001.yaml").read_text(encoding="utf-8")
    for new in ("SF-1000", "SF-999", "SF-0998"):
        text = original.replace("id: SF-001", f"id: {new}")
        text = re.sub(r"(?m)^date: .*$", "date: 2020-01-01", text)
        (folder / f"{new}.yaml").write_text(text, encoding="utf-8")
    corpus, report = validate(sample)
    assert report.valid(), report.problems
    ids = [n.item.id for n in plan(corpus).items if n.item.id in ("SF-1000", "SF-999", "SF-0998")]
    assert ids == ["SF-0998", "SF-999", "SF-1000"]


def test_the_cover_says_when_the_evidence_differs_from_the_commit(tmp_path: Path) -> None:
    """The cover names the commit built from; when evidence/ or templates/ hold changes not
    committed (an edit, a new file), it says so, so it never names a commit that does not hold
    what was built. Other changes (the build folder, a README) do not count."""
    import subprocess

    from inquiry.repo_files import git_commit
    from inquiry.scaffold import init

    root = tmp_path / "sub"
    init(root)

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "evidence")
    head = git("rev-parse", "HEAD")
    assert git_commit(root) == head
    (root / "README.md").write_text("changed\n", encoding="utf-8")
    (root / "build").mkdir(exist_ok=True)
    (root / "build" / "x.txt").write_text("x", encoding="utf-8")
    assert git_commit(root) == head
    item = next((root / "evidence").rglob("TM-001.yaml"))
    item.write_text(item.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    assert git_commit(root) == f"{head} (with changes not committed)"
    git("checkout", "-q", "--", "evidence")
    (root / "evidence" / "exhibits" / "new.pdf").write_bytes(b"%PDF-1.4\n")
    assert git_commit(root) == f"{head} (with changes not committed)"
    (root / "evidence" / "exhibits" / "new.pdf").unlink()
    # A system's or an editor's file is not read by the build; an ignored item is.
    (root / "evidence" / ".DS_Store").write_bytes(b"\0")
    (root / "evidence" / "testimonies" / "~TM-001.yaml").write_text("x", encoding="utf-8")
    assert git_commit(root) == head
    (root / ".git" / "info" / "exclude").write_text("*.local.yaml\n", encoding="utf-8")
    (root / "evidence" / "testimonies" / "TM-002.local.yaml").write_text("x", encoding="utf-8")
    assert git_commit(root) == f"{head} (with changes not committed)"


def test_git_commit_reads_a_changed_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """`git status` names such a file in its own bytes: the build crashed with a
    UnicodeDecodeError (exit 3) where validate said valid (h110)."""
    import os

    from conftest import committed

    from inquiry.repo_files import git_commit
    from inquiry.scaffold import init

    root = tmp_path / "sub"
    init(root)
    committed(root)
    odd = os.fsencode(root / "evidence" / "testimonies") + b"/\xff\xfe.txt"
    with open(odd, "wb") as f:
        f.write(b"x")
    commit = git_commit(root)
    assert commit is not None and commit.endswith("(with changes not committed)")
