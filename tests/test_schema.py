"""The committed JSON Schemas: in sync with the models, valid draft 2020-12, and in agreement with
`inquiry validate` when an independent validator (check-jsonschema) runs them over examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import write_tree
from test_rules import PE, SF, ST, SUBMISSION, TM, TODAY

from inquiry.schema import DIALECT, schemas
from inquiry.validate import validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "inquiry" / "data" / "examples"
NAMES = ["submission", "survey_finding", "testimony", "statistic", "policy_extract"]


def test_committed_schemas_match_the_models() -> None:
    generated = schemas()
    assert sorted(generated) == sorted(f"{n}.schema.json" for n in NAMES)
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.json")}
    assert committed == generated, "run `inquiry schema` to regenerate schemas/"


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(schemas()[f"{name}.schema.json"])
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


# Agreement with an independent validator.

GOOD: dict[str, list[str]] = {
    "submission": [
        SUBMISSION,
        SUBMISSION + "language: cy\nredaction_codes:\n  GRO-A: A name\n  PI: Personal\n",
    ],
    "survey_finding": [
        SF,
        SF.replace("value: 60", "value: 60.5"),
        SF.replace("sample_size: 100", "sample_size: 100.0"),  # an integer, to both
    ],
    "testimony": [
        TM,
        TM.replace("publication: public", "publication: none") + "audience: restricted\n",
        TM.replace("  basis: Published by the author", "  basis: x\n  obtained: '2024-01-02'"),
        TM
        + "redact:\n  - Jane\n  - {text: John, code: GRO-A}\nexhibits:\n  - file: a.pdf\n"
        + "    description: A\n    redact: [Jane, {page: 1, box: [0, 0, 10.5, 20]}]\n",
    ],
    "statistic": [
        ST,
        ST.replace("as_of: 2024-03", "period: {start: 2023-04, end: '2024-03-31'}"),
        ST + "series:\n  - {period: 2019-20, value: 1}\n  - {period: '2020-05', value: 2.5}\n",
    ],
    "policy_extract": [
        PE,
        PE.replace('date: "2024"', "date: 2024-02-29").replace(
            "accessed: 2024-07-01", 'accessed: "2024-07-01"'
        ),
        PE
        + "related: [SF-001]\nexhibits:\n  - {file: x.pdf, description: X, sha256: '"
        + "a" * 64
        + "'}\n",
    ],
}

# Each example breaks one rule of the schema; all must fail both validators.
BAD: dict[str, dict[str, str]] = {
    "submission": {
        "missing field": SUBMISSION.replace("inquiry: An inquiry\n", ""),
        "unknown field": SUBMISSION + "colour: blue\n",
        "wrong type": SUBMISSION.replace("title: A submission", "title: [a]"),
        "bad enum": SUBMISSION.replace("kinds: [statistic]", "kinds: [statistics]"),
        "bad pattern": SUBMISSION.replace("{tab: A,", "{tab: AA,"),
        "unquoted number": SUBMISSION.replace("submitted_by: A coalition", "submitted_by: 42"),
        "no lines of inquiry": SUBMISSION.split("lines_of_inquiry:")[0]
        + "lines_of_inquiry: []\ntabs: [{tab: A, title: T, kinds: [testimony]}]\n",
        "date and time": SUBMISSION.replace("date: 2025-01-15", "date: 2025-01-15 10:00:00"),
        "bad code": SUBMISSION + "redaction_codes:\n  gro-a: A name\n",
        "empty meaning": SUBMISSION + "redaction_codes:\n  GRO-A: ''\n",
        "bad language": SUBMISSION + "language: English\n",
    },
    "survey_finding": {
        "missing field": SF.replace("  method: Online\n", ""),
        "unknown field": SF.replace("  population:", "  populaton:"),
        "wrong type": SF.replace("sample_size: 100", "sample_size: lots"),
        "bad enum": SF.replace("unit: percent", "unit: percentage"),
        "bad pattern": SF.replace("id: SF-001", "id: SF-1"),
        "unquoted number": SF.replace("title: A finding", "title: 2024"),
        "fractional count": SF.replace("base: 100", "base: 99.5"),
        "negative count": SF.replace("sample_size: 100", "sample_size: -1"),
        "bool for number": SF.replace("value: 60", "value: true"),
        "huge sample": SF.replace("sample_size: 100", "sample_size: 10000000000000000"),
        "huge value": SF.replace("value: 60", "value: 1.0e+16"),
        "infinite value": SF.replace("value: 60", "value: .inf"),
        "short date": SF.replace("start: 2024-04-01", "start: 2024-4-1"),
        "impossible date": SF.replace("start: 2024-04-01", "start: 2023-02-29"),
    },
    "testimony": {
        "missing field": TM.replace("statement_of_truth: true\n", ""),
        "unknown field": TM + "witnes: x\n",
        "wrong type": TM.replace("statement_of_truth: true", "statement_of_truth: 'yes'"),
        "bad enum": TM.replace("publication: public", "publication: everyone"),
        "bad pattern": TM.replace("reference: W-01", "reference: witness one"),
        "unquoted number": TM.replace("  - First.", "  - 1"),
        "empty paragraphs": TM.replace("  - First.\n  - Second.\n", "").replace(
            "paragraphs:", "paragraphs: []"
        ),
        "null author only": TM.replace("author: W-01", "author: null"),
        "redact number": TM + "redact: [12]\n",
        "redact bad code": TM + "redact: [{text: x, code: gro}]\n",
        "region on a testimony": TM + "redact: [{page: 1, box: [0, 0, 1, 1]}]\n",
        "region short box": TM
        + "exhibits: [{file: a.pdf, description: A, redact: [{page: 1, box: [0, 0, 1]}]}]\n",
        "region page 0": TM
        + "exhibits: [{file: a.pdf, description: A, redact: [{page: 0, box: [0, 0, 1, 1]}]}]\n",
        "region outside a page": TM
        + "exhibits: [{file: a.pdf, description: A, redact: [{page: 1, box: [0, 0, 1, 1e5]}]}]\n",
    },
    "statistic": {
        "missing field": ST.replace("measure: Referrals\n", ""),
        "unknown field": ST.replace("geography:", "geograhpy:"),
        "wrong type": ST.replace("value: 120", "value: '120'"),
        "bad enum": ST + "status: pending\n",
        "bad pattern": ST.replace('date: "2024"', "date: 2024-1"),
        "unquoted number": ST.replace("unit: referrals", "unit: 100"),
        "period and as_of": ST + "period: {start: 2023-04, end: 2024-03}\n",
        "neither period nor as_of": ST.replace("as_of: 2024-03\n", ""),
        "bad url": ST.replace("accessed:", "url: ftp://x, accessed:"),
        "multi-line title": ST.replace("title: A statistic", 'title: "two\\nlines"'),
    },
    "policy_extract": {
        "missing field": PE.replace("extract: Words.\n", ""),
        "unknown field": PE.replace("  reference:", "  referense:"),
        "wrong type": PE.replace("lines_of_inquiry: [LOI-1]", "lines_of_inquiry: LOI-1"),
        "bad enum": PE.replace("kind: policy_extract", "kind: policy"),
        "bad pattern": PE + "related: [sf-1]\n",
        "unquoted number": PE + "exhibits:\n  - {file: x.pdf, description: X, sha256: 123}\n",
        "unquoted year": PE.replace('date: "2024"', "date: 2024"),
        "month only accessed": PE.replace("accessed: 2024-07-01", "accessed: 2024-07"),
        "empty text": PE.replace("extract: Words.", "extract: ''"),
        "null required": PE.replace("extract: Words.", "extract:"),
    },
}


def check_jsonschema(schema: Path, files: list[Path]) -> set[str]:
    """The files check-jsonschema refuses."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "JSON", "--schemafile", str(schema)]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    failed = {e["filename"] for e in report["errors"]}
    failed |= {e["filename"] for e in report.get("parse_errors", [])}
    assert (done.returncode == 0) == (not failed), done.stdout + done.stderr
    return failed


def inquiry_schema_problems(tmp_path: Path, name: str, text: str) -> list[str]:
    """Schema-level problems `inquiry validate` reports on `text` as a file of kind `name`."""
    root = tmp_path / "repo"
    if name == "submission":
        write_tree(root, {"evidence/submission.yaml": text})
        target = "evidence/submission.yaml"
    else:
        write_tree(root, {"evidence/submission.yaml": SUBMISSION, "evidence/item.yaml": text})
        target = "evidence/item.yaml"
    _, report = validate(root, today=TODAY)
    return [
        p.code
        for p in report.problems
        if p.file == target and p.code.startswith(("schema-", "yaml-"))
    ]


@pytest.mark.parametrize("name", NAMES)
def test_check_jsonschema_agrees_with_validate(tmp_path: Path, name: str) -> None:
    schema = ROOT / "schemas" / f"{name}.schema.json"
    good = [*GOOD[name], (EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8")]
    files: dict[Path, tuple[str, bool]] = {}
    for i, text in enumerate(good):
        files[tmp_path / f"good-{i}.yaml"] = (f"good example {i}", True)
        (tmp_path / f"good-{i}.yaml").write_text(text, encoding="utf-8")
    for i, (label, text) in enumerate(BAD[name].items()):
        files[tmp_path / f"bad-{i}.yaml"] = (label, False)
        (tmp_path / f"bad-{i}.yaml").write_text(text, encoding="utf-8")

    refused = check_jsonschema(schema, list(files))
    disagreements = []
    for path, (label, valid) in files.items():
        ours = inquiry_schema_problems(tmp_path / path.stem, name, path.read_text("utf-8"))
        theirs = str(path) in refused
        if (not ours) != valid or theirs == valid:
            disagreements.append(
                f"{label}: inquiry {ours or 'valid'}, check-jsonschema "
                f"{'refuses' if theirs else 'accepts'}"
            )
    assert disagreements == []


# Editor help: titles, descriptions, examples and defaults on every property.


def _properties(node: object, where: str = "") -> list[tuple[str, dict[str, object]]]:
    """Every property declared anywhere in a schema: root, $defs, nested and conditional."""
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            found += [(f"{where}.{name}", prop) for name, prop in props.items()]
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _properties(value, f"{where}[{i}]")
    return found


def _all_nodes(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        return [node, *(n for v in node.values() for n in _all_nodes(v))]
    if isinstance(node, list):
        return [n for v in node for n in _all_nodes(v)]
    return []


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_a_title_and_a_description(name: str) -> None:
    schema = json.loads(schemas()[f"{name}.schema.json"])
    props = _properties(schema)
    assert len(props) > 5
    untitled = [where for where, prop in props if not prop.get("title")]
    undescribed = [where for where, prop in props if not prop.get("description")]
    assert (untitled, undescribed) == ([], [])
    for defined in schema.get("$defs", {}).values():
        assert defined.get("title") and defined.get("description"), defined


@pytest.mark.parametrize("name", NAMES)
def test_no_null_defaults_and_no_untitled_alternatives(name: str) -> None:
    """Editors insert a `default` literally, and show the branches of an `anyOf` as
    "Title || Title" (losing the description) when they cannot tell the branches apart."""
    schema = json.loads(schemas()[f"{name}.schema.json"])
    for node in _all_nodes(schema):
        assert node.get("default", 0) is not None, node
        for key in ("anyOf", "oneOf"):
            branches = node.get(key)
            if isinstance(branches, list):
                titles = [b.get("title") for b in branches if "$ref" not in b]
                assert all(titles) and len(set(titles)) == len(titles), node


@pytest.mark.parametrize("name", NAMES)
def test_examples_and_defaults_are_valid(name: str) -> None:
    schema = json.loads(schemas()[f"{name}.schema.json"])
    defs = schema.get("$defs", {})
    checked = 0
    for where, prop in _properties(schema):
        if "/if" in where or "/then" in where or "/else" in where:
            continue  # conditions, not declarations
        validator = jsonschema.Draft202012Validator(
            {**prop, "$defs": defs}, format_checker=jsonschema.FormatChecker()
        )
        for value in [*prop.get("examples", []), *([prop["default"]] if "default" in prop else [])]:
            errors = [e.message for e in validator.iter_errors(value)]
            assert errors == [], f"{where}: {value!r}: {errors}"
            checked += 1
    assert checked > 10


def test_schema_ids_are_stable() -> None:
    for name in NAMES:
        schema = json.loads(schemas()[f"{name}.schema.json"])
        assert schema["$id"] == f"https://inquiry.invalid/schemas/{name}.schema.json"
