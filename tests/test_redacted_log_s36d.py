"""Stop 36, review h136 of this stop's redaction changes: what the first versions missed or
broke — a draft's `Redact:` list of a malformed entry (the bundle redacted the field's name), a
draft that only mentions redaction made invalid, `Redact:` in a file not read or not UTF-8,
two names in one percent-encoded run, a build's warnings when a list is unread, a served draft
that fails the schema, and a bundle built by the version before told from stale evidence."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_redacted_log_s36b import _item, _no_name, _repo
from test_served_loi import served

from inquiry.cli import main
from inquiry.redacted_log import said
from inquiry.redaction import Matcher

NO_EXHIBIT = (
    "exhibits:\n  - file: exhibits/Siân Wrenfield letter.pdf\n    description: Her letter\n"
)


def _runs(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def test_a_drafts_malformed_list_under_a_key_meant_as_redact_is_an_error(tmp_path: Path) -> None:
    draft = _item("Redact:\n  - name: Jane Smith\n", draft=True).replace(NO_EXHIBIT, "")
    root = _repo(tmp_path, {"TM-009.yaml": draft.replace("TM-002", "TM-009")})
    code, out = _runs(root, "validate")
    assert code == 1 and "error[schema-unknown-field]" in out, out


def test_a_draft_that_only_mentions_redaction_keeps_its_warnings(tmp_path: Path) -> None:
    draft = _item("", draft=True, truth=False).replace(NO_EXHIBIT, "")
    draft = draft.replace("I was told to see more people.", "The file would be redacted.")
    root = _repo(tmp_path, {"TM-009.yaml": draft.replace("TM-002", "TM-009")})
    code, out = _runs(root, "validate")
    assert code == 0 and "warning[schema-missing]" in out, out


def test_a_list_under_redact_in_capitals_in_a_file_not_read_as_written(tmp_path: Path) -> None:
    body = _item("").split("exhibits:")[0]
    for files in (
        {"TM-002.yaml": (body + "Redact: [Siân Wrenfield]\n").encode("utf-16")},
        {"TM-002.YAML": body + "REDACT: [Siân Wrenfield]\n"},
    ):
        root = _repo(tmp_path / str(len(list(tmp_path.iterdir()))), {**files})
        one = root / "evidence/testimonies/TM-001.yaml"
        one.write_text(one.read_text(encoding="utf-8") + "Siân Wrenfield: 1\n", encoding="utf-8")
        code, out = _runs(root, "validate")
        assert code == 1, out
        _no_name(out)


def test_two_names_in_one_encoded_run_are_both_marked() -> None:
    matcher = Matcher.of([("José", "J"), ("Álvaro Wrenfield", "W")])
    out = said("Jos%C3%A9%20%C3%81lvaro%20Wrenfield.pdf", matcher)
    assert "lvaro" not in out and "Wrenfield" not in out and "Jos" not in out, out
    assert out.endswith(".pdf"), out


def test_a_served_draft_that_fails_the_schema_is_warned_of(tmp_path: Path) -> None:
    root = served(tmp_path)
    path = root / "evidence/policy_extracts/PE-001.yaml"
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("title:")
    ]
    path.write_text("\n".join(lines) + "\nstatus: draft\n", encoding="utf-8")
    code, out = _runs(root, "validate")
    assert code == 0 and "warning[served-item-left-out] PE-001 was served" in out, out


def test_a_bundle_built_by_the_version_before_is_told_apart(tmp_path: Path) -> None:
    from inquiry import served as serving

    root = tmp_path / "repo"
    from inquiry.scaffold import init

    init(root)
    code, out = _runs(root, "build", "--format", "pdf")
    assert code == 0, out
    manifest = root / "build/manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    corpus, plan = serving.current_edition(root, audience="public")
    earlier = serving.digest_of(corpus, plan, version="inquiry-inputs/2")
    assert earlier != data["bundle"]["inputs_sha256"]
    data["bundle"]["inputs_sha256"] = earlier
    manifest.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code, out = _runs(root, "serve")
    assert code != 0 and "earlier version of inquiry" in out, out
