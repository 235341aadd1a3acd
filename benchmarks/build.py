"""PDF build time: a generated submission, built cold, rebuilt after one change, and compared with
the bare toolchain on the same content.

    python benchmarks/build.py                 # 1,000 items, ~3,000 pages, 100 exhibits x 10 pages
    python benchmarks/build.py --items 200     # a fifth of everything

Each build runs `inquiry build --format pdf` in its own process, as a user or CI would, so no cache
survives from one build to the next. "Bare toolchain" is one pandoc call over every Markdown field,
one typst compile of the bundle's typst source and one pikepdf merge of the exhibits onto typst's
output: the least any build on this stack can cost, so the ratio shows our own overhead.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

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

COMMON = """
id: {id}
kind: {kind}
title: {kind_title} number {n} about targets, caseloads and the data that was reported
date: 2024-{month:02d}
lines_of_inquiry: [LOI-{a}, LOI-{b}]
summary: |
  A summary of item {n}: **targets** and the pressure of *caseloads*; see the
  [source](https://example.org/item/{n}) and the related items for the wider picture.
source: {{title: Source document {n}, publisher: Example publisher, published: 2024-{month:02d},
  accessed: 2024-12-01, url: "https://example.org/source/{n}"}}
related: [{related}]
"""

PARAGRAPH = (
    "We were told to see more people in less time, and that the numbers mattered more than the "
    "people. Every week the service measured recovery rates and throughput, and every week the "
    "figures were discussed before any patient was. Nobody asked whether the treatment was "
    "*right* for the person in front of us, only whether they would count."
)

KINDS = {
    "survey_finding": (
        "SF",
        "Survey finding",
        """
survey: {{name: Workforce survey {n}, conducted_by: Example coalition, sample_size: 650,
  population: Staff working in the service, fieldwork: {{start: 2024-01-01, end: 2024-02-01}},
  method: Online questionnaire with free-text answers}}
question: What should change in the service?
finding: |
  {para}

  {para}

  {para}

  {para}

  {para}
figures:
  - {{label: Asked for fewer targets, value: 61.5, unit: percent, base: 650}}
  - {{label: Gave free-text answers, value: 402, unit: count, base: 650}}
  - {{label: Said data was gamed, value: 38, unit: percent, base: 650}}
""",
    ),
    "testimony": (
        "TM",
        "Testimony",
        """
witness: {{reference: W-{n:03d}, role: Psychological wellbeing practitioner}}
consent: {{publication: public, basis: Published by the author on a public forum}}
paragraphs:
{paragraphs}
statement_of_truth: {truth}
redact: [Jane Placeholder]
""",
    ),
    "statistic": (
        "ST",
        "Statistic",
        """
measure: Referrals received
value: 1200
unit: referrals
period: {{start: 2019-04, end: 2024-03}}
geography: England
series:
{series}
caveats: |
  {para}
""",
    ),
    "policy_extract": (
        "PE",
        "Policy extract",
        """
document: {{title: Policy document {n}, publisher: Example department, published: "2020",
  reference: Section {n}}}
extract: >-
  {plain}
commentary: |
  {para}

  {para}

  {para}

  {para}

  {para}

  {para}

  {para}
""",
    ),
}


def _exhibit_pdf(pages: int, label: str) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for p in range(1, pages + 1):
        lines = " ".join(
            f"BT /F1 11 Tf 72 {760 - 16 * i} Td ({label} line {i}) Tj ET" for i in range(40)
        )
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, 595, 842],
                    Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                    Contents=pdf.make_stream(
                        f"{lines} BT /F1 9 Tf 500 30 Td (p. {p}) Tj ET".encode()
                    ),
                )
            )
        )
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True)
    return buf.getvalue()


def generate(root: Path, items: int, exhibits: int, exhibit_pages: int) -> list[Path]:
    """Write the submission; return the item files."""
    evidence = root / "evidence"
    (evidence / "exhibits").mkdir(parents=True)
    lois = "\n".join(
        f"  - {{id: LOI-{i}, title: Line {i}, question: What happened in area {i}?}}"
        for i in range(1, 9)
    )
    (evidence / "submission.yaml").write_text(textwrap.dedent(SUBMISSION).format(lois=lois))
    kinds = list(KINDS)
    ids = [f"{KINDS[kinds[n % 4]][0]}-{n:04d}" for n in range(1, items + 1)]
    every = max(1, items // exhibits) if exhibits else 0
    files = []
    series = "\n".join(
        f"  - {{period: {y}-{y - 1999:02d}, value: {900 + 60 * (y - 2015)}}}"
        for y in range(2015, 2024)
    )
    for n in range(1, items + 1):
        kind = kinds[n % 4]
        prefix, kind_title, body = KINDS[kind]
        text = COMMON.format(
            id=ids[n - 1],
            kind=kind,
            kind_title=kind_title,
            n=n,
            month=n % 12 + 1,
            a=n % 8 + 1,
            b=(n + 3) % 8 + 1,
            related=ids[n - 2] if n > 1 else ids[1],
        ) + body.format(
            n=n,
            para=PARAGRAPH,
            paragraphs=f"  - {PARAGRAPH}\n" * 13,
            plain=PARAGRAPH.replace("*", ""),
            truth="true" if n % 2 else "false",
            series=series,
        )
        if every and n % every == 0 and n // every <= exhibits:
            name = f"exhibits/exhibit-{n:04d}.pdf"
            (evidence / name).write_bytes(_exhibit_pdf(exhibit_pages, f"Exhibit of item {n}"))
            text += (
                f"exhibits:\n  - {{file: {name}, description: Supporting document for item {n}}}\n"
            )
        path = evidence / f"{prefix.lower()}/{ids[n - 1]}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        files.append(path)
    return files


def timed_build(root: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from inquiry.cli import main; main()",
            "build",
            "--root",
            str(root),
            "--format",
            "pdf",
            "-q",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def bare_toolchain(root: Path) -> tuple[float, float, float, int]:
    """(pandoc, typst, pikepdf) seconds on the same content, and typst's page count."""
    import pikepdf
    import typst

    from inquiry.markdown import render_many
    from inquiry.model import PolicyExtract, Statistic, SurveyFinding, Testimony
    from inquiry.numbering import plan
    from inquiry.render.pdf import typst_source
    from inquiry.render.pdf.compile import TEMPLATE, template_text
    from inquiry.validate import validate

    corpus, _ = validate(root)
    the_plan = plan(corpus)
    texts: list[str] = []
    for n in the_plan.items:
        item = n.item
        texts.append(item.summary)
        if isinstance(item, SurveyFinding):
            texts.append(item.finding)
        elif isinstance(item, Testimony):
            texts += item.paragraphs
        elif isinstance(item, Statistic) and item.caveats:
            texts.append(item.caveats)
        elif isinstance(item, PolicyExtract) and item.commentary:
            texts.append(item.commentary)
    start = time.perf_counter()
    render_many(texts, "typst")
    pandoc = time.perf_counter() - start

    # Typst lays out the items only; the exhibits' pages are appended by the merge below.
    source = typst_source.document(the_plan, {}, commit=None)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / TEMPLATE).write_text(template_text())
        (Path(tmp) / "bundle.typ").write_text(source.text)
        start = time.perf_counter()
        out = typst.compile(
            Path(tmp) / "bundle.typ", root=tmp, ignore_system_fonts=True, timestamp=0
        )
        compile_s = time.perf_counter() - start
    assert isinstance(out, bytes)

    start = time.perf_counter()
    pdf = pikepdf.open(io.BytesIO(out))
    for n in the_plan.items:
        for e in n.item.exhibits:
            pdf.pages.extend(pikepdf.open(root / "evidence" / e.file).pages)
    pdf.save(io.BytesIO())
    merge = time.perf_counter() - start
    return pandoc, compile_s, merge, len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--exhibits", type=int, help="default: one item in ten")
    parser.add_argument("--exhibit-pages", type=int, default=10)
    args = parser.parse_args()
    exhibits = args.exhibits if args.exhibits is not None else args.items // 10
    with tempfile.TemporaryDirectory(prefix="inquiry-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, args.items, exhibits, args.exhibit_pages)
        cold = timed_build(root)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        import json

        pages = json.loads((root / "build/manifest.json").read_text())["bundle"]["pages"]
        files[len(files) // 2].write_text(
            files[len(files) // 2].read_text().replace("summary: |\n", "summary: |\n  Changed. ", 1)
        )
        rebuild = timed_build(root)
        pandoc, compile_s, merge, bare_pages = bare_toolchain(root)
    bare = pandoc + compile_s + merge
    print(
        f"items {args.items}, exhibits {exhibits} x {args.exhibit_pages} pages, "
        f"bundle {pages} pages"
    )
    print(f"cold build        {cold:7.2f} s   ({pages / cold:6.0f} pages/s)")
    print(f"rebuild (1 change){rebuild:7.2f} s")
    print(f"peak memory       {peak_kib / 1024:7.0f} MiB (largest build process)")
    print(
        f"bare toolchain    {bare:7.2f} s   (pandoc {pandoc:.2f} + typst {compile_s:.2f} "
        f"+ pikepdf merge {merge:.2f}; {bare_pages} pages)"
    )
    print(f"build / bare      {cold / bare:7.2f} x")


if __name__ == "__main__":
    main()
