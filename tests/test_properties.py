"""Whatever the files hold, validate() returns a report of well-formed problems, not a traceback."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from test_rules import ANCHOR, PE, SF, ST, SUBMISSION, TM, TODAY

from inquiry.problems import Report
from inquiry.validate import validate

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates().map(str),
    st.sampled_from(["LOI-1", "PE-001", "2024", "2024-02-30", "<b>x</b>", "\\input{x}", "../x"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=12), inner, max_size=4),
    ),
    max_leaves=12,
)


def dump(data: Any) -> str:
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    return out.getvalue()


def yaml_texts() -> st.SearchStrategy[str]:
    fragments = st.sampled_from(
        [
            "- ",
            ": ",
            "[",
            "]",
            "{",
            "}",
            "&a ",
            "*a ",
            "!!str ",
            "!x ",
            "? ",
            "|\n",
            ">\n",
            "#",
            "'",
            '"',
            "\t",
            "\n",
            "  ",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "<<: ",
            "id",
            "kind",
        ]
    )
    joined = st.lists(st.one_of(fragments, st.text(max_size=8)), max_size=30).map("".join)
    return st.one_of(st.text(max_size=200), joined, values.map(dump))


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp())
    yield path
    shutil.rmtree(path, ignore_errors=True)


def run(root: Path, files: dict[str, str | bytes]) -> Report:
    shutil.rmtree(root, ignore_errors=True)
    write_tree(
        root, {"evidence/submission.yaml": SUBMISSION, "evidence/anchor.yaml": ANCHOR, **files}
    )
    _, report = validate(root, today=TODAY)
    for p in report.problems:
        assert (root / p.file).exists() or p.file == "evidence/submission.yaml", p
        assert isinstance(p.line, int) and p.line >= 1, p
        assert isinstance(p.column, int) and p.column >= 1, p
        assert p.code and p.message, p
        assert p.severity in ("error", "warning"), p
    return report


@SETTINGS
@given(text=yaml_texts())
def test_arbitrary_yaml_text(workdir: Path, text: str) -> None:
    run(workdir / "repo", {"evidence/item.yaml": text.encode("utf-8", "surrogatepass")})


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes(workdir: Path, raw: bytes) -> None:
    run(workdir / "repo", {"evidence/item.yaml": raw})


@SETTINGS
@given(text=yaml_texts())
def test_arbitrary_submission(workdir: Path, text: str) -> None:
    root = workdir / "repo"
    shutil.rmtree(root, ignore_errors=True)
    write_tree(
        root,
        {
            "evidence/submission.yaml": text.encode("utf-8", "surrogatepass"),
            "evidence/item.yaml": PE,
        },
    )
    _, report = validate(root, today=TODAY)
    for p in report.problems:
        assert p.line >= 1 and p.column >= 1 and p.code and p.message


BASES = {"PE": PE, "SF": SF, "TM": TM, "ST": ST}


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*path, i))
    return out


@SETTINGS
@given(base=st.sampled_from(sorted(BASES)), data=st.data(), value=values)
def test_arbitrary_field_values(workdir: Path, base: str, data: st.DataObject, value: Any) -> None:
    item = YAML(typ="safe", pure=True).load(BASES[base])
    path = data.draw(st.sampled_from(_paths(item)))
    target = item
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    run(workdir / "repo", {"evidence/item.yaml": dump(item)})


@SETTINGS
@given(base=st.sampled_from(sorted(BASES)), key=st.text(min_size=1, max_size=20), value=values)
def test_arbitrary_extra_field(workdir: Path, base: str, key: str, value: Any) -> None:
    item = YAML(typ="safe", pure=True).load(BASES[base])
    item[key] = value
    run(workdir / "repo", {"evidence/item.yaml": dump(item)})


# The command line: whatever the files hold, `inquiry validate` exits 0 or 1 and prints JSON.

HOSTILE_FRAGMENTS = [
    "[[[[[[",
    "]](",
    '"\\ud800"',
    '"\\uFFFE"',
    "\ufffe",
    "\x85",
    "$\\frac{\\frac{x}{y}}{z}$",
    "[@XX-001, p. 0]",
    "@",
    "<b>",
    "1e400",
    ".nan",
    "-.inf",
    "10000000000000000000",
    "status: draft\n",
    "redact: [{page: 0, box: [1, 2]}]\n",
    "\n  - ",
    ": ",
    "\t",
    "*a _b *c",
    "`" * 20,
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(sorted(BASES.values())))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if draw(st.booleans()):
            end = draw(st.integers(min_value=at, max_value=min(len(text), at + 20)))
            text = text[:at] + text[end:]
        fragment = draw(st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=6)))
        text = text[:at] + fragment + text[at:]
    return text


@SETTINGS
@given(text=mutated(), as_submission=st.booleans())
def test_the_cli_always_answers_in_json(workdir: Path, text: str, as_submission: bool) -> None:
    import json

    from click.testing import CliRunner

    from inquiry.cli import main

    root = workdir / "repo"
    shutil.rmtree(root, ignore_errors=True)
    raw = text.encode("utf-8", "surrogatepass")
    files: dict[str, str | bytes] = (
        {"evidence/submission.yaml": raw, "evidence/item.yaml": PE}
        if as_submission
        else {"evidence/submission.yaml": SUBMISSION, "evidence/item.yaml": raw}
    )
    write_tree(root, files)
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), result.output
    result.output.encode("utf-8")  # valid UTF-8: no lone surrogate reaches the output
    payload = json.loads(result.output)
    assert payload["valid"] is (result.exit_code == 0)
    for problem in payload["problems"]:
        assert problem["line"] >= 1 and problem["column"] >= 1
        assert problem["message"], problem
        assert set(problem) == {"file", "line", "column", "severity", "code", "message"}
