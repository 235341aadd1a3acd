"""Shared fixtures: a file-tree builder and a sample submission with every kind."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from inquiry.scaffold import init

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "pdf-corpus"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path → dedented text or bytes) under `root`; return `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def committed(root: Path) -> None:
    """Make `root` a git repository with everything in it committed (one commit)."""
    import subprocess

    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "evidence"]):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", *args],
            capture_output=True,
            check=True,
        )


def make_pdf(
    pages: int = 2, size: tuple[float, float] = (595, 842), text: str = "Exhibit"
) -> bytes:
    """A small real PDF with `text` and the page number on each page."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for n in range(1, pages + 1):
        content = f"BT /F1 18 Tf 72 {size[1] - 100} Td ({text} page {n}) Tj ET".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, *size],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def make_png(width: int = 400, height: int = 300) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle([20, 20, width - 20, height - 20], outline="black", width=4)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A valid submission: one item of every kind (from `inquiry init`), plus a restricted
    testimony, a draft statistic, a testimony with redactions, and PDF and PNG exhibits."""
    root = tmp_path / "submission"
    init(root)
    write_tree(
        root,
        {
            "evidence/exhibits/report.pdf": make_pdf(3, text="Report"),
            "evidence/exhibits/photo.png": make_png(),
            "evidence/testimonies/TM-002.yaml": """
            id: TM-002
            kind: testimony
            title: A restricted testimony
            date: 2025-03-02
            lines_of_inquiry: [LOI-2]
            summary: Heard by the panel only.
            source: {title: Interview notes, author: Example Coalition, accessed: 2025-03-03}
            witness: {reference: W-02, role: Service user}
            consent: {publication: panel_only, basis: Written consent for the panel only}
            audience: restricted
            paragraphs:
              - RESTRICTEDWORDS appear only in the restricted edition.
            statement_of_truth: true
            """,
            "evidence/testimonies/TM-003.yaml": """
            id: TM-003
            kind: testimony
            title: A public testimony with a redaction
            date: 2025-04-10
            lines_of_inquiry: [LOI-1, LOI-2]
            summary: Names a colleague, who is redacted.
            source: {title: Forum post, author: W-03, accessed: 2025-04-11}
            witness: {reference: W-03, role: High-intensity therapist}
            consent: {publication: public, basis: Published by the author on a public forum}
            paragraphs:
              - My manager Jane Placeholder set the targets.
              - We were told to *discharge* people quickly.
            statement_of_truth: true
            redact: [Jane Placeholder]
            related: [SF-001]
            """,
            "evidence/statistics/ST-002.yaml": """
            id: ST-002
            kind: statistic
            title: A draft statistic
            date: 2024-05
            lines_of_inquiry: [LOI-1]
            summary: Not yet verified.
            source: {title: Draft table, publisher: Example Office, accessed: 2025-01-01}
            measure: Waiting list
            value: 42
            unit: people
            as_of: 2024-05-01
            geography: Example area
            status: draft
            """,
        },
    )
    sf = root / "evidence/survey_findings/SF-001.yaml"
    sf.write_text(
        sf.read_text(encoding="utf-8")
        + "exhibits:\n"
        + "  - {file: exhibits/report.pdf, description: The survey report}\n"
        + "  - {file: exhibits/photo.png, description: A photograph of the infographic}\n"
        + "related: [TM-003]\n",
        encoding="utf-8",
    )
    return root


def allow_markdown_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let images and non-web links past validation, to test the renderers' own defences."""
    import sys

    from inquiry.problems import make_report

    build_module = sys.modules["inquiry.build"]
    real = build_module.validate  # type: ignore[attr-defined]

    def lenient(root: Path, **kwargs: object) -> object:
        corpus, report = real(root, **kwargs)
        kept = [p for p in report.problems if p.code != "markdown-link"]
        assert len(kept) < len(report.problems), "validation should refuse these links"
        return corpus, make_report(kept, report.items)

    monkeypatch.setattr(build_module, "validate", lenient)


@pytest.fixture(scope="session")
def build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build cache for the session's own builds (`INQUIRY_CACHE_DIR`): warm across test
    modules, never shared with the user's cache or another checkout's, so no entry made by other
    code (or another version of this code) can decide what a test sees."""
    return tmp_path_factory.mktemp("inquiry-cache")
