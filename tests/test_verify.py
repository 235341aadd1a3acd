"""`inquiry verify`: a received PDF re-hashed against its manifest, with only the two files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result

from inquiry.cli_served import verify as verify_command
from inquiry.pagehash import page_hashes
from inquiry.served import file_sha256
from inquiry.verify import VerifyError, verify


def make_bundle(folder: Path, pages: int = 4) -> Path:
    """bundle.pdf and its manifest.json, as a recipient would have them."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for n in range(1, pages + 1):
        content = f"BT /F1 12 Tf 72 720 Td (Bundle page {n}) Tj ET".encode()
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    # The catalogue `inquiry build` writes: page labels 1 to N, opening on page 1 at 100%.
    pdf.Root.PageLabels = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D)])
    )
    pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.XYZ, None, None, 1])
    path = folder / "bundle.pdf"
    pdf.save(path, deterministic_id=True)
    manifest = {
        "bundle": {
            "title": "Evidence",
            "pages": pages,
            "sha256": file_sha256(path),
            "audience": "public",
            "page_sha256": page_hashes(path),
        },
        "items": [],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path


def altered(src: Path, dest: Path, change: Any) -> Path:
    with pikepdf.open(src) as pdf:
        change(pdf)
        pdf.save(dest, deterministic_id=True)
    return dest


def run(*args: str) -> Result:
    return CliRunner().invoke(verify_command, list(args))


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return make_bundle(tmp_path / "received")


def test_a_faithful_copy_matches(bundle: Path) -> None:
    result = verify(bundle)
    assert result.matches and result.file_matches
    assert (result.pages, result.expected) == (4, 4)
    done = run(str(bundle))
    assert done.exit_code == 0
    assert done.output == "bundle.pdf matches manifest.json: the file and all 4 pages\n"


def test_one_page_altered_is_named(bundle: Path, tmp_path: Path) -> None:
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[2].obj
        page.Contents.write(page.Contents.read_bytes().replace(b"page 3", b"page 3!"))

    copy = altered(bundle, tmp_path / "copy.pdf", change)
    result = verify(copy, bundle.with_name("manifest.json"))
    assert not result.matches
    assert result.differing == (3,)
    assert (result.missing, result.added) == ((), ())
    done = run(str(copy), "--manifest", str(bundle.with_name("manifest.json")))
    assert done.exit_code == 1
    assert done.output.splitlines() == [
        "page 3 differs",
        f"copy.pdf does not match {bundle.with_name('manifest.json')}: 1 page(s) differ, are "
        "missing or were added",
    ]


def test_a_resaved_copy_differs_as_a_file_only(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "resaved.pdf"
    with pikepdf.open(bundle) as pdf:
        pdf.save(copy, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    result = verify(copy, bundle.with_name("manifest.json"))
    assert result.pages_match and not result.file_matches and not result.matches
    done = run(str(copy), "--manifest", str(bundle.with_name("manifest.json")))
    assert done.exit_code == 1
    assert done.output == (
        f"resaved.pdf differs from {bundle.with_name('manifest.json')} as a file, but every one "
        "of its 4 pages matches:"
        " re-saved by another program?\n"
    )


def test_pages_missing_added_and_swapped(bundle: Path, tmp_path: Path) -> None:
    manifest = bundle.with_name("manifest.json")
    short = altered(bundle, tmp_path / "short.pdf", lambda pdf: pdf.pages.__delitem__(-1))
    result = verify(short, manifest)
    assert (result.differing, result.missing, result.added) == ((), (4,), ())
    assert (
        f"missing: page(s) 4 of {manifest} are not in short.pdf"
        in run(str(short), "--manifest", str(manifest)).output
    )

    def add_two(pdf: pikepdf.Pdf) -> None:
        pdf.pages.append(pdf.pages[0])
        pdf.pages.append(pdf.pages[1])

    long = altered(bundle, tmp_path / "long.pdf", add_two)
    assert verify(long, manifest).added == (5, 6)
    assert (
        f"added: page(s) 5–6 of long.pdf are not in {manifest}"
        in run(str(long), "--manifest", str(manifest)).output
    )

    def swap(pdf: pikepdf.Pdf) -> None:
        pdf.pages.append(pdf.pages[0])
        del pdf.pages[0]

    swapped = altered(bundle, tmp_path / "swapped.pdf", swap)
    done = run(str(swapped), "--manifest", str(manifest))
    assert done.exit_code == 1
    assert done.output.splitlines()[:4] == [
        f"page 1 differs: it shows page 2 of {manifest}",
        f"page 2 differs: it shows page 3 of {manifest}",
        f"page 3 differs: it shows page 4 of {manifest}",
        f"page 4 differs: it shows page 1 of {manifest}",
    ]


def test_a_served_record_is_a_manifest_too(bundle: Path, tmp_path: Path) -> None:
    manifest = json.loads(bundle.with_name("manifest.json").read_text(encoding="utf-8"))
    record = tmp_path / "public.json"
    record.write_text(json.dumps({"served": "2026-11-01", "manifest": manifest}), "utf-8")
    assert run(str(bundle), "--manifest", str(record)).exit_code == 0


def test_works_with_only_the_two_files_anywhere(
    bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "inbox"
    elsewhere.mkdir()
    shutil.copy(bundle, elsewhere / "bundle.pdf")
    shutil.copy(bundle.with_name("manifest.json"), elsewhere / "manifest.json")
    monkeypatch.chdir(elsewhere)  # no repository, no evidence/ anywhere near
    done = run("bundle.pdf")
    assert done.exit_code == 0, done.output


def test_a_damaged_pdf_is_a_usage_error_in_one_line(bundle: Path) -> None:
    """Nothing could be compared: exit 2 (SPEC), never "does not match" (exit 1)."""
    bundle.write_bytes(bundle.read_bytes()[:200])
    done = run(str(bundle))
    assert done.exit_code == 2
    assert done.output.startswith(f"verify: {bundle}: cannot be read as a PDF (")
    assert done.output.count("\n") == 1 and "does not match" not in done.output
    assert "Traceback" not in done.output


def test_unreadable_inputs_are_usage_errors(bundle: Path, tmp_path: Path) -> None:
    absent = run(str(tmp_path / "absent.pdf"))
    assert absent.exit_code == 2 and "absent.pdf: no such file" in absent.output
    bundle.with_name("manifest.json").unlink()
    no_manifest = run(str(bundle))
    assert no_manifest.exit_code == 2
    assert no_manifest.output == f"verify: {bundle.with_name('manifest.json')}: no such file\n"
    with pytest.raises(VerifyError, match="no such file"):
        verify(bundle)


def test_a_manifest_without_page_hashes_checks_the_file(bundle: Path, tmp_path: Path) -> None:
    manifest = bundle.with_name("manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["bundle"]["page_sha256"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    done = run(str(bundle))
    assert done.exit_code == 0
    assert "as a file (manifest.json has no page hashes)" in done.output
    copy = tmp_path / "copy.pdf"
    with pikepdf.open(bundle) as pdf:
        pdf.save(copy, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    other = run(str(copy), "--manifest", str(manifest))
    assert other.exit_code == 1
    assert "no page hashes (made by an older inquiry): pages not compared" in other.output


@pytest.mark.parametrize("value", [None, "", "x" * 64, 12])
def test_a_manifest_without_a_file_hash_is_a_usage_error(bundle: Path, value: object) -> None:
    """Not "differs" (exit 1, "re-saved by another program?"): the manifest is not a bundle's."""
    manifest = bundle.with_name("manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    if value is None:
        del data["bundle"]["sha256"]
    else:
        data["bundle"]["sha256"] = value
    manifest.write_text(json.dumps(data), encoding="utf-8")
    done = run(str(bundle))
    assert done.exit_code == 2, done.output
    assert "`bundle.sha256`" in done.output
