"""`inquiry serve`: the bundle last built is recorded as served, or refused in one line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from inquiry import numbering
from inquiry.cli_served import serve as serve_command
from inquiry.edition_digest import inputs_digest
from inquiry.errors import InvalidEvidence
from inquiry.pagehash import page_hashes
from inquiry.served import (
    ServeRefused,
    digest_of,
    file_sha256,
    serve,
)
from inquiry.served_record import RecordError, load_record
from inquiry.validate import validate

Manifest = dict[str, Any]


def bundle_pdf(pages: int, label: str = "") -> bytes:
    pdf = pikepdf.new()
    for n in range(1, pages + 1):
        content = f"BT /F1 12 Tf 72 720 Td (Bundle page {n}{label}) Tj ET".encode()
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, 595, 842],
                    Contents=pdf.make_stream(content),
                )
            )
        )
    # The catalogue `inquiry build` writes (serve checks it): page labels 1 to N, opening on
    # page 1 at 100%.
    pdf.Root.PageLabels = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D)])
    )
    if pages:
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.XYZ, None, None, 1])
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def fake_build(
    root: Path,
    out: Path,
    *,
    audience: numbering.Audience = "public",
    include_drafts: bool = False,
    adjust: Callable[[Manifest], object] | None = None,
) -> Manifest:
    """What `inquiry build --format pdf` leaves in `out`, without rendering: two front pages,
    then two pages per item, and a manifest with the keys the build writes."""
    corpus, report = validate(root)
    assert report.valid(), report.problems
    plan = numbering.plan(corpus, audience=audience, include_drafts=include_drafts)
    items = []
    page = 3
    for entry in plan.items:
        item = entry.item
        items.append(
            {
                "id": item.id,
                "number": entry.number,
                "tab": entry.tab.tab,
                "title": item.title,
                "kind": item.kind,
                "first_page": page,
                "last_page": page + 1,
                "lines_of_inquiry": list(item.lines_of_inquiry),
                "source_sha256": entry.entry.sha256,
                "status": item.status,
                "supplementary": False,
                "exhibits": [],
            }
        )
        page += 2
    manifest: Manifest = {
        "bundle": {
            "title": plan.submission.title,
            "pages": page - 1,
            "sha256": "",
            "audience": audience,
            "include_drafts": include_drafts,
            "inputs_sha256": digest_of(corpus, plan),
            "front_pages": [1, 2],
            "page_sha256": [],
        },
        "items": items,
        "retired": [],
    }
    if adjust is not None:
        adjust(manifest)
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / "bundle.pdf"
    pdf.write_bytes(bundle_pdf(manifest["bundle"]["pages"], label=json.dumps(adjust is None)))
    manifest["bundle"]["sha256"] = file_sha256(pdf)
    manifest["bundle"]["page_sha256"] = page_hashes(pdf)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


@pytest.fixture
def built(sample: Path) -> tuple[Path, Path, Manifest]:
    out = sample / "build"
    return sample, out, fake_build(sample, out)


def test_serve_writes_the_record(built: tuple[Path, Path, Manifest]) -> None:
    root, out, manifest = built
    path = serve(root, out, today=dt.date(2026, 11, 1))
    assert path == root / "served" / "public.json"
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "served": "2026-11-01",\n')
    assert json.loads(text) == {"served": "2026-11-01", "history": [], "manifest": manifest}
    assert (
        load_record(path)["manifest"]["bundle"]["page_sha256"] == manifest["bundle"]["page_sha256"]
    )


def test_the_date_comes_from_source_date_epoch(
    built: tuple[Path, Path, Manifest], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793404800")  # 2026-10-31T00:00:00Z
    assert load_record(serve(root, out))["served"] == "2026-10-31"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    (root / "served" / "public.json").unlink()
    with pytest.raises(ServeRefused, match="SOURCE_DATE_EPOCH='soon' is not a whole number"):
        serve(root, out)


def test_the_record_is_deterministic(sample: Path, tmp_path: Path) -> None:
    fake_build(sample, sample / "build")
    first = serve(sample, sample / "build", today=dt.date(2026, 11, 1)).read_bytes()
    (sample / "served" / "public.json").unlink()
    second = serve(sample, sample / "build", today=dt.date(2026, 11, 1)).read_bytes()
    assert first == second


def test_refused_when_nothing_was_built(sample: Path) -> None:
    with pytest.raises(ServeRefused, match=r"no bundle built in .*build: run `inquiry build`"):
        serve(sample, sample / "build")
    assert not (sample / "served").exists()


def test_refused_when_the_pdf_is_not_the_one_described(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    (out / "bundle.pdf").write_bytes(bundle_pdf(3, label="other"))
    with pytest.raises(ServeRefused, match=r"is not the bundle .* describes"):
        serve(root, out)
    assert not (root / "served").exists()


def test_refused_when_built_with_drafts(sample: Path) -> None:
    out = sample / "build"
    manifest = fake_build(sample, out, include_drafts=True)
    assert any(i["status"] == "draft" for i in manifest["items"])
    with pytest.raises(ServeRefused, match="built with --include-drafts: rebuild without it"):
        serve(sample, out)


def test_refused_when_the_evidence_changed_since_the_build(
    built: tuple[Path, Path, Manifest],
) -> None:
    root, out, _ = built
    item = root / "evidence" / "survey_findings" / "SF-001.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "# a late edit\n", encoding="utf-8")
    with pytest.raises(ServeRefused, match=r"the evidence changed since .*: rebuild first"):
        serve(root, out)


def test_refused_when_an_exhibit_changed_since_the_build(
    built: tuple[Path, Path, Manifest],
) -> None:
    root, out, _ = built
    exhibit = root / "evidence" / "exhibits" / "photo.png"
    exhibit.write_bytes(exhibit.read_bytes() + b"\0")
    with pytest.raises(ServeRefused, match="rebuild first"):
        serve(root, out)


def test_refused_when_the_evidence_is_now_invalid(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    (root / "evidence" / "statistics" / "ST-001.yaml").write_text("kind: statistic\n")
    with pytest.raises(ServeRefused, match=r"the evidence is invalid now .*fix it and rebuild"):
        serve(root, out)


def test_refused_for_a_manifest_from_an_older_inquiry(built: tuple[Path, Path, Manifest]) -> None:
    root, out, manifest = built
    del manifest["bundle"]["inputs_sha256"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ServeRefused, match="made by an older inquiry: rebuild first"):
        serve(root, out)


def _served(root: Path, out: Path) -> Manifest:
    return load_record(serve(root, out, today=dt.date(2026, 11, 1)))["manifest"]  # type: ignore[no-any-return]


def _shift(by: int, *ids: str) -> Callable[[Manifest], object]:
    def adjust(m: Manifest) -> None:
        for item in m["items"]:
            if not ids or item["id"] in ids:
                item["first_page"] += by
                item["last_page"] += by
        m["bundle"]["pages"] += by

    return adjust


def test_refused_when_a_served_item_would_move(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    first = _served(root, out)
    moved = first["items"][1]
    fake_build(root, out, adjust=_shift(1))
    with pytest.raises(ServeRefused) as info:
        serve(root, out)
    message = str(info.value)
    assert (
        f"{first['items'][0]['id']} was served as {first['items'][0]['number']} at pages 3–4"
        in message
    )
    assert "but this bundle has it as" in message and "at pages 4–5" in message
    assert moved["id"] not in message  # the first problem, in one line
    assert "\n" not in message


def test_refused_when_a_served_item_vanishes(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    first = _served(root, out)
    gone = first["items"][-1]

    def drop(m: Manifest) -> None:
        m["items"] = [i for i in m["items"] if i["id"] != gone["id"]]

    fake_build(root, out, adjust=drop)
    with pytest.raises(
        ServeRefused, match=f"{gone['id']} .* is neither in this bundle nor withdrawn"
    ):
        serve(root, out)


def test_a_withdrawn_item_keeps_its_pages(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    first = _served(root, out)
    gone = first["items"][1]

    def withdraw(m: Manifest) -> None:
        m["items"] = [i for i in m["items"] if i["id"] != gone["id"]]
        m["retired"] = [
            {
                "id": gone["id"],
                "number": gone["number"],
                "tab": gone["tab"],
                "first_page": gone["first_page"],
                "last_page": gone["last_page"],
                "state": "withdrawn",
                "superseded_by": None,
            }
        ]

    fake_build(root, out, adjust=withdraw)
    path = serve(root, out, today=dt.date(2026, 12, 1))
    record = load_record(path)
    assert record["served"] == "2026-12-01"
    assert [h["served"] for h in record["history"]] == ["2026-11-01"]
    assert record["history"][0]["sha256"] == first["bundle"]["sha256"]

    # Once withdrawn, always withdrawn: a bundle that drops the withdrawn pages is refused.
    fake_build(root, out, adjust=lambda m: m["items"].remove(gone) if gone in m["items"] else None)
    with pytest.raises(ServeRefused, match=f"withdrawn pages of {gone['id']}"):
        serve(root, out)


def test_a_new_item_goes_after_the_last_served_page(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    first = _served(root, out)
    last = first["bundle"]["pages"]
    late = {
        **first["items"][0],
        "id": "SF-999",
        "number": "A2",  # numbered on from A1: a served record skips no number
        "supplementary": True,
        "first_page": last + 1,
        "last_page": last + 2,
    }
    fake_build(root, out, adjust=lambda m: (m["items"].append(late), _shift(2, "none")(m)))
    assert len(load_record(serve(root, out))["manifest"]["items"]) == len(first["items"]) + 1

    early = {**late, "id": "SF-998", "number": "A3", "first_page": last, "last_page": last}
    fake_build(root, out, adjust=lambda m: m["items"].extend([late, early]))
    with pytest.raises(ServeRefused, match=r"SF-998 would take A3 at page .*already served"):
        serve(root, out)


def test_a_served_number_is_never_reused(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    first = _served(root, out)
    last = first["bundle"]["pages"]
    clash = {
        **first["items"][0],
        "id": "SF-999",
        "number": first["items"][0]["number"],
        "first_page": last + 1,
        "last_page": last + 1,
    }
    fake_build(root, out, adjust=lambda m: m["items"].append(clash))
    with pytest.raises(ServeRefused, match="a number or page already served"):
        serve(root, out)


def test_serving_the_same_bundle_again_keeps_the_first_date(
    built: tuple[Path, Path, Manifest],
) -> None:
    root, out, _ = built
    path = serve(root, out, today=dt.date(2026, 11, 1))
    before = path.read_bytes()
    assert serve(root, out, today=dt.date(2026, 11, 9)) == path
    assert path.read_bytes() == before


def test_a_restricted_bundle_has_its_own_record(sample: Path) -> None:
    out = sample / "restricted"
    manifest = fake_build(sample, out, audience="restricted")
    assert any(i["id"] == "TM-002" for i in manifest["items"])
    assert serve(sample, out) == sample / "served" / "restricted.json"
    assert not (sample / "served" / "public.json").exists()


def test_inputs_digest_follows_what_shapes_the_edition(sample: Path) -> None:
    digest = inputs_digest(sample, audience="public", include_drafts=False)
    assert digest == inputs_digest(sample, audience="public", include_drafts=False)
    assert len(digest) == 64
    assert digest != inputs_digest(sample, audience="restricted", include_drafts=False)
    assert digest != inputs_digest(sample, audience="public", include_drafts=True)

    # A restricted item is not in the public edition: editing it leaves the public bundle current.
    restricted = sample / "evidence" / "testimonies" / "TM-002.yaml"
    restricted.write_text(restricted.read_text() + "# panel only\n", encoding="utf-8")
    assert inputs_digest(sample, audience="public", include_drafts=False) == digest

    submission = sample / "evidence" / "submission.yaml"
    submission.write_text(submission.read_text() + "# a comment\n", encoding="utf-8")
    assert inputs_digest(sample, audience="public", include_drafts=False) != digest


def test_inputs_digest_of_invalid_evidence_raises(sample: Path) -> None:
    (sample / "evidence" / "submission.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(InvalidEvidence):
        inputs_digest(sample, audience="public", include_drafts=False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{", "not valid JSON"),
        ("[1, 2]", "neither a manifest nor a served record"),
        ('{"bundle": {}}', "neither a manifest nor a served record"),
        ('{"bundle": {}, "items": [{"id": "SF-001"}]}', r"`items\[0\]` needs `id`, `number`"),
        (
            '{"served": "2026-11-01", "manifest": {"bundle": {"page_sha256": 3}, "items": []}}',
            "page_sha256` must be a list",
        ),
    ],
)
def test_load_record_names_the_file_and_the_problem(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "served.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordError, match=message) as info:
        load_record(path)
    assert str(info.value).startswith(f"{path}: ")


def test_cli_serve_records_then_refuses(built: tuple[Path, Path, Manifest]) -> None:
    root, out, _ = built
    runner = CliRunner()
    done = runner.invoke(serve_command, ["--root", str(root)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{root / 'served' / 'public.json'}: public bundle of ")
    assert "commit it" in done.output

    item = root / "evidence" / "policy_extracts" / "PE-001.yaml"
    item.write_text(item.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    refused = runner.invoke(serve_command, ["--root", str(root), "--out", str(out)])
    assert refused.exit_code == 1
    assert refused.output == (
        "serve refused: the evidence changed since the bundle was built (its items, exhibits, "
        "submission.yaml or templates/): rebuild first\n"
    )


def test_cli_serve_without_a_root_is_a_usage_error(tmp_path: Path) -> None:
    done = CliRunner().invoke(serve_command, ["--root", str(tmp_path / "absent")])
    assert done.exit_code == 2
    assert "is not a readable directory" in done.output


def test_a_real_build_served_verified_and_edited(sample: Path) -> None:
    """The whole round: build, serve, verify; a one-word edit stays in place and is refused as
    stale until rebuilt; the second edition is served with the first in its history."""
    from inquiry.build import build
    from inquiry.diff import diff
    from inquiry.verify import verify

    out = sample / "build"
    build(sample, out=out, formats=("pdf",))
    first = load_record(serve(sample, out, today=dt.date(2026, 11, 1)))["manifest"]
    assert first["bundle"]["inputs_sha256"] == inputs_digest(
        sample, audience="public", include_drafts=False
    )
    assert verify(out / "bundle.pdf", sample / "served" / "public.json", isolate=False).matches

    item = sample / "evidence" / "testimonies" / "TM-003.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace("set the targets", "set the weekly targets"),
        encoding="utf-8",
    )
    with pytest.raises(ServeRefused, match="rebuild first"):
        serve(sample, out)
    build(sample, out=out, formats=("pdf",))
    second = load_record(serve(sample, out, today=dt.date(2026, 12, 1)))
    d = diff(first, second)
    assert d.changed == {"TM-003": ("item_file",)}
    assert (d.added, d.removed, d.moved) == ((), (), ())
    assert second["history"] == [
        {
            "served": "2026-11-01",
            "pages": first["bundle"]["pages"],
            "sha256": first["bundle"]["sha256"],
        }
    ]
    edited = verify(out / "bundle.pdf", sample / "build" / "manifest.json", isolate=False)
    assert edited.matches
    against_first = verify(out / "bundle.pdf", _write(sample / "first.json", first), isolate=False)
    tm3 = next(i for i in first["items"] if i["id"] == "TM-003")
    assert against_first.differing
    assert set(against_first.differing) <= set(range(tm3["first_page"], tm3["last_page"] + 1))


def _write(path: Path, data: Manifest) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ------------------------------------------------------------------ hostile records


def test_a_record_that_is_not_a_regular_file_or_too_large_is_refused_at_once(
    tmp_path: Path,
) -> None:
    """`diff OLD /dev/zero` read until memory ran out; a FIFO would block for ever."""
    import os

    from inquiry.served_record import RECORD_MAX_BYTES, RecordError

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(RECORD_MAX_BYTES + 1)
    for path, why in (
        (Path("/dev/zero"), "character device"),
        (fifo, "named pipe"),
        (tmp_path, "folder"),
        (big, "the limit is"),
        (tmp_path / "absent.json", "no such file"),
    ):
        with pytest.raises(RecordError, match=why):
            load_record(path)


def test_a_record_of_many_small_arrays_or_a_huge_number_is_refused(tmp_path: Path) -> None:
    from inquiry.served_record import RECORD_MAX_CONTAINERS, RecordError

    bomb = tmp_path / "bomb.json"
    bomb.write_text("[" + "[]," * RECORD_MAX_CONTAINERS + "[]]", encoding="utf-8")
    with pytest.raises(RecordError, match="arrays and objects"):
        load_record(bomb)
    number = tmp_path / "number.json"
    number.write_text('{"bundle": {}, "items": [], "n": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(RecordError, match="not valid JSON"):
        load_record(number)


def test_a_served_record_linked_out_of_the_repository_is_refused_by_build(
    sample: Path, tmp_path: Path
) -> None:
    """A committed `served/public.json -> ../../outside.json` would let a file outside the
    repository decide every served page: the build refuses it (exit 1) at the record."""
    from click.testing import CliRunner

    from inquiry.cli import main

    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"bundle": {}, "items": []}), encoding="utf-8")
    (sample / "served").mkdir()
    (sample / "served" / "public.json").symlink_to(outside)
    result = CliRunner().invoke(main, ["build", "--root", str(sample), "--format", "pdf"])
    assert result.exit_code == 1, result.output
    assert "served/public.json:1:1" in result.output and "symbolic link" in result.output
    (sample / "served" / "public.json").unlink()
    (sample / "served" / "public.json").write_text("{" + "9" * 5000, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(sample), "--format", "pdf"])
    assert result.exit_code == 1, result.output
    assert "served-record" in result.output and "Traceback" not in result.output


def test_a_reference_document_that_is_a_link_or_not_a_document_is_refused(
    sample: Path, tmp_path: Path
) -> None:
    """`templates/reference.docx` linked out of the repository put an outside document's
    images in the public DOCX; a zip bomb reached pandoc. Each is a problem at the file."""
    import zipfile

    from click.testing import CliRunner

    from inquiry.cli import main

    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    template = sample / "templates" / "reference.docx"
    template.parent.mkdir(exist_ok=True)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/styles.xml", "<w/>")
        z.writestr("word/media/zeros.bin", b"\0" * (65 * 1024 * 1024))
    empty_styles = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty_styles, "w") as z:
        z.writestr("word/styles.xml", "")
    twice = tmp_path / "twice.docx"
    with pytest.warns(UserWarning), zipfile.ZipFile(twice, "w") as z:
        z.writestr("word/styles.xml", "<w/>")
        z.writestr("word/styles.xml", "<w/>")
    cases = {
        "not well-formed XML": lambda: template.write_bytes(empty_styles.read_bytes()),
        "two parts of the same name": lambda: template.write_bytes(twice.read_bytes()),
        "symbolic link": lambda: template.symlink_to(outside),
        "not a Word document": lambda: template.write_bytes(b"not a zip"),
        "unpacks to": lambda: template.write_bytes(bomb.read_bytes()),
        "no styles": lambda: template.write_bytes(outside.read_bytes()),
    }
    for why, make in cases.items():
        if os.path.lexists(template):
            template.unlink()
        make()
        args = ["build", "--root", str(sample), "--format", "docx", "--quiet"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (why, result.output)
        assert "templates/reference.docx:1:1" in result.output and why in result.output
        assert "template-unusable" in result.output


def test_a_served_or_templates_folder_linked_out_of_the_repository_is_not_followed(
    sample: Path, tmp_path: Path
) -> None:
    """Not only the file: a committed `served -> /elsewhere` or `templates -> /elsewhere` would
    let a file outside the repository decide the pages or the DOCX, and `serve` write there."""
    from click.testing import CliRunner

    from inquiry.cli import main
    from inquiry.served import ServeRefused

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "public.json").write_text(
        json.dumps({"bundle": {}, "items": []}), encoding="utf-8"
    )
    (sample / "served").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["build", "--root", str(sample), "--format", "pdf", "-q"])
    assert result.exit_code == 1, result.output
    assert "served/public.json:1:1" in result.output and "symbolic link (served)" in result.output
    (sample / "served").unlink()
    assert CliRunner().invoke(main, ["build", "--root", str(sample), "-q"]).exit_code == 0
    (sample / "served").symlink_to(elsewhere)
    with pytest.raises(ServeRefused, match="served is a symbolic link"):
        serve(sample, sample / "build")
    (sample / "served").unlink()
    templates = sample / "templates"
    moved = tmp_path / "templates"
    templates.rename(moved)
    templates.symlink_to(moved)
    args = ["build", "--root", str(sample), "--format", "docx", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "template-unusable" in result.output and "(templates)" in result.output
