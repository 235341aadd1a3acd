"""Stop 38, red team h148: a redaction added to a served item with a long code made it grow
(each mark as long as its code), and `served-item-grew` said only "shorten it", though the
author wrote nothing: the hint now says a shorter code may fit."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import run

from inquiry.scaffold import init

CODE = "PERSONAL-INFORMATION-OF-A-THIRD-PARTY"


def test_a_long_code_is_named_in_the_hint(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    submission = root / "evidence/submission.yaml"
    submission.write_text(
        submission.read_text(encoding="utf-8").replace(
            "redaction_codes:", f"redaction_codes:\n  {CODE}: Someone else's details\n", 1
        ),
        encoding="utf-8",
    )
    item = root / "evidence/testimonies/TM-001.yaml"
    said = " ".join(["Ann Lee said so."] * 120)
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "  - The second paragraph.", f"  - The second paragraph. {said}"
        ),
        encoding="utf-8",
    )
    for args in (("build", "--root", root, "--format", "pdf"), ("serve", "--root", root)):
        code, out = run(*args)
        assert code == 0, out
    item.write_text(
        item.read_text(encoding="utf-8") + f"redact:\n  - {{text: Ann Lee, code: {CODE}}}\n",
        encoding="utf-8",
    )
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 1, out
    assert "error[served-item-grew]" in out, out
    assert "a redaction's mark is as long as its code: a shorter code may fit" in out, out
