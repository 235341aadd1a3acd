"""`inquiry verify BUNDLE --manifest PATH` names the manifest as it was given: by its name alone,
`old/manifest.json` read as the manifest.json beside the bundle (stop 32's red team: "page(s) 9
of manifest.json are not in bundle.pdf" for another folder's manifest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_verify import make_bundle

from inquiry.cli_served import verify as verify_command


def test_a_manifest_given_relative_is_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bundle(tmp_path / "old", pages=9)
    make_bundle(tmp_path / "received", pages=8)
    monkeypatch.chdir(tmp_path)
    given = str(Path("old", "manifest.json"))
    done = CliRunner().invoke(verify_command, ["received/bundle.pdf", "--manifest", given])
    assert done.exit_code == 1
    assert done.output.splitlines() == [
        f"missing: page(s) 9 of {given} are not in bundle.pdf",
        f"bundle.pdf does not match {given}: 1 page(s) differ, are missing or were added",
    ]


def test_a_manifest_given_by_another_name_and_absolute(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "received", pages=3)
    other = tmp_path / "served" / "public.json"
    other.parent.mkdir()
    shutil.copy(tmp_path / "received" / "manifest.json", other)
    done = CliRunner().invoke(verify_command, [str(bundle), "--manifest", str(other)])
    assert done.exit_code == 0
    assert done.output == f"bundle.pdf matches {other}: the file and all 3 pages\n"


def test_the_manifest_beside_the_bundle_is_named_alone(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path / "received", pages=2)
    done = CliRunner().invoke(verify_command, [str(bundle)])
    assert done.output == "bundle.pdf matches manifest.json: the file and all 2 pages\n"
