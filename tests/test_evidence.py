"""The repository's own evidence: the coalition's IAPT submission.

It must validate strictly, quote its witnesses and policy documents verbatim from the seed
documents, cover every line of inquiry, and keep ids and file names in step.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from inquiry import model
from inquiry.cli import main
from inquiry.load import Corpus
from inquiry.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

KINDS = {"survey_finding", "testimony", "statistic", "policy_extract"}
FOLDERS = {
    "survey_finding": "survey_findings",
    "testimony": "testimonies",
    "statistic": "statistics",
    "policy_extract": "policy_extracts",
}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = re.compile(r"[‐‑‒–—―−]")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def normalise(text: str, *, markdown: bool = False) -> str:
    """Compare text up to whitespace, curly versus straight quotes and dash types; in Markdown,
    emphasis markers are dropped."""
    if markdown:
        text = _EMPHASIS.sub(r"\2", text)
    text = _DASHES.sub("-", text.translate(_QUOTES))
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    loaded, report = validate(ROOT)
    assert report.problems == (), report.problems
    return loaded


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed documents not available at {SEEDS}")
    return "\n".join(normalise(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt")))


def test_evidence_validates_strictly(corpus: Corpus) -> None:
    assert corpus.submission is not None
    result = CliRunner().invoke(main, ["validate", "--root", str(ROOT), "--strict"])
    assert result.exit_code == 0, result.output


def test_testimony_paragraphs_are_verbatim_from_the_seeds(corpus: Corpus, seed_text: str) -> None:
    missing = [
        f"{entry.item.id} paragraph {n}: {paragraph[:60]}…"
        for entry in corpus.items
        if isinstance(entry.item, model.Testimony)
        for n, paragraph in enumerate(entry.item.paragraphs, start=1)
        if normalise(paragraph, markdown=True) not in seed_text
    ]
    assert not missing, "not found verbatim in any seed document:\n" + "\n".join(missing)


def test_policy_extracts_are_verbatim_from_the_seeds(corpus: Corpus, seed_text: str) -> None:
    missing = [
        f"{entry.item.id}: {entry.item.extract[:60]}…"
        for entry in corpus.items
        if isinstance(entry.item, model.PolicyExtract)
        if normalise(entry.item.extract) not in seed_text
    ]
    assert not missing, "not found verbatim in any seed document:\n" + "\n".join(missing)


def test_published_testimonies_claim_no_statement_of_truth(corpus: Corpus) -> None:
    for entry in corpus.items:
        item = entry.item
        if isinstance(item, model.Testimony):
            assert item.consent.publication == "public", item.id
            assert item.statement_of_truth is False, item.id
            assert re.fullmatch(r"W-\d{2,}", item.witness.reference), item.id


def test_enough_evidence_for_every_line_of_inquiry(corpus: Corpus) -> None:
    assert corpus.submission is not None
    final = [e.item for e in corpus.items if e.item.status == "final"]
    assert len(final) >= 20
    assert {item.kind for item in final} == KINDS
    lois = [loi.id for loi in corpus.submission.lines_of_inquiry]
    assert len(lois) >= 5
    backing = Counter(loi for item in final for loi in set(item.lines_of_inquiry))
    thin = {loi: backing[loi] for loi in lois if backing[loi] < 2}
    assert not thin, f"lines of inquiry with fewer than two final items: {thin}"
    for loi in corpus.submission.lines_of_inquiry:
        assert loi.question.strip().endswith("?"), loi.id


def test_ids_match_file_names_and_folders(corpus: Corpus) -> None:
    ids = [entry.item.id for entry in corpus.items]
    assert len(ids) == len(set(ids))
    for entry in corpus.items:
        path = Path(entry.file)
        assert path.stem == entry.item.id, entry.file
        assert path.suffix == ".yaml", entry.file
        assert path.parent.as_posix() == f"evidence/{FOLDERS[entry.item.kind]}", entry.file
        first = (ROOT / path).read_text(encoding="utf-8").splitlines()[0]
        assert first == (
            f"# yaml-language-server: $schema=../../schemas/{entry.item.kind}.schema.json"
        ), entry.file
