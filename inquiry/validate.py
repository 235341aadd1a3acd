"""Load and check a submission: every problem in one report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inquiry import checks
from inquiry.load import Corpus, load
from inquiry.problems import Report, make_report


def validate(root: Path, *, today: dt.date | None = None) -> tuple[Corpus, Report]:
    """Read `root/evidence` and run every rule; never raises for bad evidence."""
    corpus, problems = load(root)
    problems += checks.run_all(corpus, today=today)
    return corpus, make_report(problems, items=corpus.files)
