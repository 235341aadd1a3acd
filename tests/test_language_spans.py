"""A passage the evidence marks in another language (`[Bore da]{lang=cy}`) is said to be in it
in every format — HTML `lang`, DOCX `w:lang`, the PDF's marked content `/Lang` — so a screen
reader speaks Welsh or Gaelic as such (WCAG 3.1.2). Only a language tag reaches the output:
any other attribute, or a `lang` that is not a tag, is dropped as before (stop 27's
accessibility red team found every `lang` dropped)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

PARAGRAPH = (
    '"She said [Tha mi ag iarraidh cuideachadh]{lang=gd} and [Bore da]{lang=cy-GB}; '
    '[Jane Placeholder]{lang=cy} heard; [odd]{lang=\\"x)]#emph[\\" .cls key=val}."'
)


def test_a_passage_in_another_language_is_marked_so_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    item = root / "evidence/testimonies/TM-001.yaml"
    text = item.read_text(encoding="utf-8").replace("  - The second paragraph.", f"  - {PARAGRAPH}")
    item.write_text(text + "redact: [Jane Placeholder]\n", encoding="utf-8")
    args = ["build", "--root", str(root), "--format", "pdf", "--format", "docx", "--format", "html"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    out = root / "build"
    page = next((out / "html/items").glob("*TM-001.html")).read_text(encoding="utf-8")
    assert '<span lang="gd">Tha mi ag iarraidh cuideachadh</span>' in page
    assert '<span lang="cy-GB">Bore da</span>' in page
    assert "Placeholder" not in page and 'class="cls"' not in page and "key=" not in page
    with zipfile.ZipFile(out / "bundle.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    runs = dict(re.findall(r'<w:lang w:val="([^"]+)"[^>]*/></w:rPr><w:t[^>]*>([^<]+)</w:t>', body))
    assert runs.get("gd") == "Tha mi ag iarraidh cuideachadh" and runs.get("cy-GB") == "Bore da"
    qdf = tmp_path / "qdf.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(out / "bundle.pdf"), str(qdf)],
        check=True,
    )
    streams = qdf.read_bytes()
    # As written, in every format: a span without a region does not take the bundle's (stop
    # 30, red team h90: `gd` was `gd-GB` in the PDF, `gd` in the HTML and the DOCX).
    assert b"/Lang(gd)" in streams and b"/Lang(cy-GB)" in streams
    assert b"/Lang(gd-GB)" not in streams
    assert b"Placeholder" not in streams and b"emph" not in streams
