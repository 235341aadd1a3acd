"""A served record's own keys (`served`, `history`) are checked where every other problem of
the record is: `validate`, `build` and `serve` refuse a damaged one at the value at fault.

Red team h170 (stop 41): `"history": [{"served": "x", "manifest": 5}]` passed `validate`,
`build` and `serve` (which carried it into the next record), and only `inquiry verify` refused
the record, so CI stayed green on a record that could no longer check a received copy;
`"served": "yesterday"` passed everything, and `serve` printed "served yesterday"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry.cli import main
from inquiry.scaffold import init


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    init(root)
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    return root


GOOD = "b" * 64


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("history", [{"served": "x", "manifest": 5}], "`history[0]` must be an edition"),
        ("history", [{"served": "yesterday", "sha256": GOOD}], "`history[0].served`"),
        ("history", [{"served": "2026-02-30", "sha256": GOOD}], "`history[0].served`"),
        ("history", [{"served": "2026-01-01", "sha256": int("1" * 64)}], "`history[0]` must"),
        ("history", "none", "`history` must be a list"),
        ("served", 5, "`served` must be the date"),
        ("served", "yesterday", "`served` must be the date"),
    ],
)
def test_a_damaged_record_is_refused_at_the_value(
    served: Path, key: str, value: object, said: str
) -> None:
    path = served / "served/public.json"
    kept = path.read_text(encoding="utf-8")
    try:
        record = json.loads(kept)
        record[key] = value
        text = json.dumps(record, indent=2)
        path.write_text(text, encoding="utf-8")
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines, 1) if line.startswith(f'  "{key}"'))
        for command in ("validate", "build"):
            code, out = run(command, "--root", served)
            assert code == 1, out
            assert "error[served-record]" in out and said in out, out
            line = int(out.split("served/public.json:", 1)[1].split(":", 1)[0])
            # At the key's value: its line, or one of the list's below it.
            assert line == at or (key == "history" and at < line <= at + 4), (at, out)
        code, out = run("serve", "--root", served)
        assert code == 1 and said in out, out
    finally:
        path.write_text(kept, encoding="utf-8")


def test_a_record_as_serve_writes_it_is_valid(served: Path) -> None:
    code, out = run("validate", "--root", served)
    assert code == 0, out


def test_a_record_served_over_a_bare_manifest_stays_valid(tmp_path: Path) -> None:
    """A coalition that put a manifest in `served/` by hand and then served: `serve` records
    the manifest's edition with no date (it had none), and that record is valid (h173: it was
    refused by validate, build and verify, and every later serve wrote it again)."""
    root = tmp_path / "repo"
    init(root)
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    (root / "served").mkdir(exist_ok=True)
    (root / "served/public.json").write_bytes((root / "build/manifest.json").read_bytes())
    statistic = root / "evidence/statistics/ST-001.yaml"
    statistic.write_text(
        statistic.read_text(encoding="utf-8").replace("ST-001", "ST-002"), encoding="utf-8"
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    record = json.loads((root / "served/public.json").read_text(encoding="utf-8"))
    assert [h["served"] for h in record["history"]] == [None]
    code, out = run("validate", "--root", root)
    assert code == 0, out
    code, out = run("verify", root / "build/bundle.pdf", "--manifest", root / "served/public.json")
    assert code == 0, out
