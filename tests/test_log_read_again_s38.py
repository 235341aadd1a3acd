"""Stop 38, red team h147: one item saved in UTF-16 (Notepad's "Unicode"), or named so it is
not read (`TM-009.yaml.txt`), made the log withhold every other problem's words, fixed text and
all, as its `redact` list was not known. Such a file's list is now read again for the log only
(the file is still refused as before), so every other message is said, with what the list
redacts marked; a file YAML cannot read whole keeps the log withholding."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_redacted_log_s36b import _item, _no_name, _repo

from inquiry.cli import main
from inquiry.redact_lists import LOOK_AGAIN_BYTES, read_again
from inquiry.yamltext import any_utf

MISSING = "exhibits:\n  - file: exhibits/Siân Wrenfield letter.pdf\n    description: Her letter\n"


def _listing() -> str:
    """A testimony TM-009 whose list names the witness (no exhibit of its own)."""
    body = _item("redact: [Siân Wrenfield]\n").replace(MISSING, "")
    return body.replace("TM-002", "TM-009")


def _validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    return result.exit_code, result.output


def test_an_item_in_utf16_no_longer_hides_every_message(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "TM-002.yaml": _item(""),  # its exhibit's file, named after the witness, is missing
        "TM-009.yaml": _listing().encode("utf-16"),
    }
    code, out = _validate(_repo(tmp_path, files))
    assert code == 1, out
    assert "error[yaml-encoding]" in out and "UTF-16" in out, out  # still refused
    assert "withheld" not in out, out
    assert "exhibit `exhibits/[REDACTED] letter.pdf` does not exist" in out, out
    _no_name(out)


def test_utf16_without_a_byte_order_mark_and_utf32(tmp_path: Path) -> None:
    for n, codec in enumerate(("utf-16-le", "utf-16-be", "utf-32")):
        root = tmp_path / str(n)
        files: dict[str, str | bytes] = {
            "TM-002.yaml": _item(""),
            "TM-009.yaml": _listing().encode(codec),
        }
        code, out = _validate(_repo(root, files))
        assert code == 1 and "error[yaml-encoding]" in out, (codec, out)
        assert "withheld" not in out and "[REDACTED] letter.pdf" in out, (codec, out)
        _no_name(out)


def test_a_file_named_so_it_is_not_read(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"TM-002.yaml": _item(""), "TM-009.yaml.txt": _listing()}
    code, out = _validate(_repo(tmp_path, files))
    assert code == 1 and "error[file-not-read]" in out, out
    assert "withheld" not in out and "[REDACTED] letter.pdf" in out, out
    _no_name(out)


def test_a_utf16_file_yaml_cannot_read_keeps_withholding(tmp_path: Path) -> None:
    broken = _listing().replace("redact: [Siân Wrenfield]", "redact: [Siân Wrenfield")
    files: dict[str, str | bytes] = {
        "TM-002.yaml": _item(""),
        "TM-009.yaml": broken.encode("utf-16"),
    }
    code, out = _validate(_repo(tmp_path, files))
    assert code == 1 and "withheld" in out, out
    _no_name(out)


def test_a_second_list_dropped_is_not_known(tmp_path: Path) -> None:
    """YAML keeps the first of two `redact` keys: the second list's strings are not known."""
    twice = _listing().replace("redact: [Siân Wrenfield]", "redact: []\nredact: [Siân Wrenfield]")
    path = tmp_path / "TM-009.yaml"
    path.write_bytes(twice.encode("utf-16"))
    assert read_again(path, [LOOK_AGAIN_BYTES]) is None


def test_the_budget_bounds_what_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "TM-009.yaml"
    path.write_bytes(_listing().encode("utf-16"))
    budget = [LOOK_AGAIN_BYTES]
    assert read_again(path, budget) is not None
    assert budget[0] == LOOK_AGAIN_BYTES - path.stat().st_size
    assert read_again(path, [10]) is None


def test_any_utf() -> None:
    text = "id: TM-009\nredact: [Siân]\n"
    for codec in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        assert any_utf(text.encode(codec)) == text, codec
    assert any_utf(b"\xff\x00\xfe") is None
    assert any_utf(b"caf\xe9") is None


def test_the_rename_hint_of_a_file_named_after_the_witness(tmp_path: Path) -> None:
    """Red team h151: the hint "rename it to `Sin Wrenfield.yaml`" dropped the name's `â`, so
    the log no longer knew it for the name and printed the surname."""
    files: dict[str, str | bytes] = {
        "TM-002.yaml": _item(""),
        "Siân Wrenfield.yaml.txt": _listing(),
    }
    code, out = _validate(_repo(tmp_path, files))
    assert code == 1 and "file-not-read" in out, out
    assert "rename it to `[REDACTED].yaml`" in out, out
    _no_name(out)


def test_a_large_file_is_not_read_again(tmp_path: Path) -> None:
    """Red team h151: parsed in the main process, crafted files of 512 KB took a minute."""
    from inquiry.redact_lists import LOOK_AGAIN_FILE

    path = tmp_path / "TM-009.yaml.txt"
    path.write_text(_listing() + "x: [" + "a," * LOOK_AGAIN_FILE + "a]\n", encoding="utf-8")
    assert read_again(path, [LOOK_AGAIN_BYTES]) is None
