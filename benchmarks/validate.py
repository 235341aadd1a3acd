"""Validation throughput: generate N realistic items and print items per second.

    python benchmarks/validate.py            # 5,000 items
    python benchmarks/validate.py -n 10000   # issue 11's target: 10,000 items in under 2 s

Prints the figures for N and N/2 so that linear growth can be read off the ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import textwrap
import time
from pathlib import Path

from inquiry.validate import validate

SUBMISSION = """
title: Benchmark submission
inquiry: Benchmark inquiry
submitted_by: Benchmark coalition
date: 2025-01-01
lines_of_inquiry:
{lois}
tabs:
  - {{tab: A, title: Survey findings, kinds: [survey_finding]}}
  - {{tab: B, title: Testimonies, kinds: [testimony]}}
  - {{tab: C, title: Statistics, kinds: [statistic]}}
  - {{tab: D, title: Policy extracts, kinds: [policy_extract]}}
"""

TESTIMONY = """
id: TM-{n:05d}
kind: testimony
title: Testimony number {n} about targets and caseloads
date: 2024-{month:02d}
lines_of_inquiry: [LOI-{a}, LOI-{b}]
summary: |
  A witness describes **targets** and the pressure of *caseloads*; see the
  [survey](https://example.org/survey/{n}) and the related items.
source:
  {{title: Forum post {n}, author: W-{n:03d}, published: 2024-{month:02d}, accessed: 2024-12-01}}
witness: {{reference: W-{n:03d}, role: Psychological wellbeing practitioner}}
consent: {{publication: public, basis: Published by the author on a public forum}}
paragraphs:
  - We were told to see more people in less time, and the numbers mattered more than the people.
  - |
    The service measured:

    - recovery rates
    - throughput, every week
  - Nobody asked whether the treatment was *right* for the person.
statement_of_truth: false
related: [TM-{prev:05d}]
"""


def generate(root: Path, n: int) -> None:
    (root / "evidence/testimonies").mkdir(parents=True)
    lois = "\n".join(
        f"  - {{id: LOI-{i}, title: Line {i}, question: What happened in area {i}?}}"
        for i in range(1, 9)
    )
    (root / "evidence/submission.yaml").write_text(textwrap.dedent(SUBMISSION).format(lois=lois))
    for n_ in range(1, n + 1):
        text = TESTIMONY.format(
            n=n_, month=n_ % 12 + 1, a=n_ % 8 + 1, b=(n_ + 3) % 8 + 1, prev=n_ - 1 if n_ > 1 else 2
        )
        (root / f"evidence/testimonies/TM-{n_:05d}.yaml").write_text(text)


def run(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, n)
        start = time.perf_counter()
        _, report = validate(root)
        elapsed = time.perf_counter() - start
        assert report.items == n, report.items
        assert not report.errors, report.errors[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--items", type=int, default=5000)
    args = parser.parse_args()
    half = run(args.items // 2)
    full = run(args.items)
    print(f"{args.items // 2:>7} items: {half:6.2f} s  {args.items // 2 / half:8.0f} items/s")
    print(f"{args.items:>7} items: {full:6.2f} s  {args.items / full:8.0f} items/s")
    print(
        f"growth N/2 → N: ×{full / half:.2f} (2.00 is linear); "
        f"target 10,000 items < 2 s → projected {full * 10000 / args.items:.2f} s"
    )


if __name__ == "__main__":
    main()
