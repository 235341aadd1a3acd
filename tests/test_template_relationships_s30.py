"""A template (templates/reference.docx) with a relationship to a part it does not hold is
refused at it as `template-unusable` (stop 30, red team h96): Word repairs such a file, and the
build failed with a KeyError from deep in the DOCX writer, exit 3, naming nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="Coalition%20Normal.dotm"/></Relationships>'
)


def test_a_relationship_to_a_missing_part_is_refused_at_the_template(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    reference = root / "templates/reference.docx"
    source = zipfile.ZipFile(io.BytesIO(reference.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        z.writestr("word/_rels/settings.xml.rels", RELS)
    reference.write_bytes(out.getvalue())
    done = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "docx"])
    assert done.exit_code == 1, done.output
    assert "templates/reference.docx" in done.output and "template-unusable" in done.output
    assert "does not hold" in done.output and "Traceback" not in done.output
