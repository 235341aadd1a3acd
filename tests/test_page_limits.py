"""A bundle's pages are bounded (`limits.BUNDLE_PAGES`): an exhibit attached again and again, or
a served record edited to name page 10⁹, is a problem at its place (exit 1), never a build that
fills the machine's memory."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.exhibits import edition
from inquiry.limits import BUNDLE_PAGES
from inquiry.scaffold import init
from inquiry.served_record import RecordError, parse_record

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def pdf_of(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_the_exhibit_that_takes_the_bundle_past_the_limit_is_refused_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "evidence" / "exhibits" / "thick.pdf").write_bytes(pdf_of(3))
    item = root / "evidence" / "testimonies" / "TM-001.yaml"
    attach = "".join(
        f"  - {{file: exhibits/thick.pdf, description: Copy {n}}}\n" for n in range(1, 4)
    )
    item.write_text(item.read_text(encoding="utf-8") + "exhibits:\n" + attach, encoding="utf-8")
    monkeypatch.setattr(edition, "BUNDLE_PAGES", 7)  # 3 + 3 fit; the third copy makes 9
    done = CliRunner().invoke(main, ["build", "--root", str(root), "-q"], env=EPOCH)
    assert done.exit_code == 1, done.output
    lines = item.read_text(encoding="utf-8").splitlines()
    third = next(i for i, line in enumerate(lines, 1) if "Copy 3" in line)
    assert re.search(rf"TM-001\.yaml:{third}:\d+: error\[exhibit-too-large\].*9 pages", done.output)
    assert done.output.count("exhibit-too-large") == 1
    assert not (root / "build" / "bundle.pdf").exists()


def record(**bundle: object) -> dict[str, object]:
    item = {"id": "SF-001", "number": "A1", "first_page": 3, "last_page": 4, "exhibits": []}
    return {"manifest": {"bundle": {"pages": 4, **bundle}, "items": [item]}}


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"pages": 10**9}, "over the limit"),
        ({"item_last": 10**9}, "past the limit"),
        ({"exhibit_last": BUNDLE_PAGES + 1}, "past the limit"),
    ],
)
def test_a_served_record_naming_impossible_pages_is_refused(
    change: dict[str, int], says: str
) -> None:
    data = record()
    manifest = data["manifest"]
    assert isinstance(manifest, dict)
    if "pages" in change:
        manifest["bundle"]["pages"] = change["pages"]
    if "item_last" in change:
        manifest["items"][0]["last_page"] = change["item_last"]
    if "exhibit_last" in change:
        manifest["items"][0]["exhibits"] = [
            {"file": "exhibits/a.pdf", "first_page": 4, "last_page": change["exhibit_last"]}
        ]
    with pytest.raises(RecordError, match=says):
        parse_record(json.dumps(data), name="served/public.json")
    assert parse_record(json.dumps(record()), name="served/public.json")


def test_a_build_against_a_hostile_record_stops_at_the_record(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    (root / "served").mkdir(exist_ok=True)
    data = record()
    data["manifest"]["items"][0]["last_page"] = 10**9  # type: ignore[index]
    text = json.dumps(data)
    (root / "served" / "public.json").write_text(text, encoding="utf-8")
    done = CliRunner().invoke(main, ["build", "--root", str(root), "-q"], env=EPOCH)
    assert done.exit_code == 1, done.output
    # At the value (stop 47, red team h190: it was at 1:1).
    column = text.index('"last_page": 1000000000') + len('"last_page": ') + 1
    assert f"served/public.json:1:{column}: error[served-record]" in done.output
