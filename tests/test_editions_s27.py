"""The restricted edition says what it is in its metadata, not only on its pages: a lawyer who
finds the file alone (a title bar, a document-management system's properties) knows it is not
for publication. The public edition's metadata stays as it was."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pikepdf
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.render import wording

FORMATS = ["--format", "pdf", "--format", "docx", "--format", "html"]


def build(root: Path, audience: str) -> Path:
    out = root / f"out-{audience}"
    args = ["build", "--root", str(root), "--out", str(out), "--audience", audience, *FORMATS]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def subjects(out: Path) -> dict[str, str]:
    with pikepdf.open(out / "bundle.pdf") as pdf:
        info = str(pdf.docinfo.Subject)
        with pdf.open_metadata() as xmp:
            described = str(xmp.get("dc:description", ""))
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
    found = re.search(r"<dc:subject>(.*?)</dc:subject>", core)
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<meta content="([^"]*)" name="description"', page)
    assert found and meta
    return {
        "pdf": info,
        "xmp": described,
        "docx": html.unescape(found.group(1)),
        "html": html.unescape(meta.group(1)),
    }


def test_only_the_restricted_editions_metadata_says_it_is_restricted(sample: Path) -> None:
    restricted = subjects(build(sample, "restricted"))
    public = subjects(build(sample, "public"))
    for where, subject in restricted.items():
        assert subject.endswith(f" — {wording.RESTRICTED_EDITION}"), (where, subject)
    for where, subject in public.items():
        assert wording.RESTRICTED_EDITION not in subject, (where, subject)
        assert subject == restricted[where].removesuffix(f" — {wording.RESTRICTED_EDITION}")


def test_the_cover_says_what_each_redaction_mark_stands_for(sample: Path) -> None:
    """A bare `[PI]` left readers (and screen readers) to guess what was removed and why: the
    public edition's cover lists each mark with its meaning from `redaction_codes`, in every
    format; the restricted edition, which redacts nothing, lists none."""
    import subprocess

    item = sample / "evidence/testimonies/TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "redact: [Jane Placeholder]",
            "redact: [Jane Placeholder, {text: St Elsewhere Ward, code: PI}]",
        ),
        encoding="utf-8",
    )
    submission = (sample / "evidence/submission.yaml").read_text(encoding="utf-8")
    meaning = re.search(r"^\s+PI:\s*(.+)$", submission, re.MULTILINE)
    assert meaning, "the example submission declares PI"
    legend = f"PI: {meaning.group(1).strip()}; REDACTED: {wording.NO_REASON}"
    for audience in ("public", "restricted"):
        out = build(sample, audience)
        cover = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(out / "bundle.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        with zipfile.ZipFile(out / "bundle.docx") as docx:
            words = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode("utf-8"))
        page = html.unescape(re.sub(r"<[^>]+>", "", (out / "html/index.html").read_text("utf-8")))
        for where, text in (("pdf", " ".join(cover.split())), ("docx", words), ("html", page)):
            if audience == "public":
                assert wording.REDACTION_MARKS in text and legend in text, where
            else:
                assert wording.REDACTION_MARKS not in text, where
