"""`inquiry new` and `inquiry init`: files a person fills in."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from inquiry import schema
from inquiry.load import EVIDENCE, SUBMISSION_FILE, item_files

PREFIXES = {"survey_finding": "SF", "testimony": "TM", "statistic": "ST", "policy_extract": "PE"}
FOLDERS = {
    "survey_finding": "survey_findings",
    "testimony": "testimonies",
    "statistic": "statistics",
    "policy_extract": "policy_extracts",
}
_ID_LINE = re.compile(r"^id:\s*['\"]?([A-Z]{2,5})-([0-9]{3,})", re.MULTILINE)


class ScaffoldError(Exception):
    """A scaffold that would overwrite or cannot be written."""


def _data(*parts: str) -> str:
    return resources.files("inquiry").joinpath("data", *parts).read_text(encoding="utf-8")


def next_id(root: Path, kind: str) -> str:
    """One past the highest id of this kind's prefix in evidence/ (ids are never reused)."""
    prefix = PREFIXES[kind]
    highest = 0
    for path in item_files(root) if (root / EVIDENCE).is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found_prefix, number in _ID_LINE.findall(text):
            if found_prefix == prefix:
                highest = max(highest, int(number))
    return f"{prefix}-{highest + 1:03d}"


def new_item(root: Path, kind: str) -> Path:
    """Write a new item of `kind` with the next free id; return its path."""
    item_id = next_id(root, kind)
    path = root / EVIDENCE / FOLDERS[kind] / f"{item_id}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# yaml-language-server: $schema=../../schemas/{schema.schema_name(kind)}\n"
        f"id: {item_id}\nkind: {kind}\n"
    )
    path.write_text(
        header + _data("new", "common.yaml") + _data("new", f"{kind}.yaml"), encoding="utf-8"
    )
    return path


INIT_FILES = {
    "README.md": "init/README.md",
    ".gitignore": "init/gitignore",
    ".pre-commit-config.yaml": "init/pre-commit-config.yaml",
    ".github/workflows/evidence.yml": "init/evidence.yml",
}


def init(target: Path) -> list[Path]:
    """Write a new submission repository that validates and builds; refuse a non-empty one."""
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty; choose a new directory")
    written = []
    evidence = target / EVIDENCE
    evidence.mkdir(parents=True, exist_ok=True)
    (evidence / "exhibits").mkdir(exist_ok=True)
    (evidence / SUBMISSION_FILE).write_text(_data("examples", "submission.yaml"), encoding="utf-8")
    written.append(evidence / SUBMISSION_FILE)
    for kind, prefix in PREFIXES.items():
        path = evidence / FOLDERS[kind] / f"{prefix}-001.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_data("examples", f"{kind}.yaml"), encoding="utf-8")
        written.append(path)
    for dest, src in INIT_FILES.items():
        path = target / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_data(*src.split("/")), encoding="utf-8")
        written.append(path)
    written += [target / p for p in schema.write(target)]
    reference = resources.files("inquiry").joinpath("data", "reference.docx")
    if reference.is_file():
        (target / "templates").mkdir(exist_ok=True)
        with resources.as_file(reference) as ref:
            shutil.copyfile(ref, target / "templates" / "reference.docx")
        written.append(target / "templates" / "reference.docx")
    return written
