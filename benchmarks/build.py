"""Build speed and memory, each figure printed beside its target (issue 11), from one run.

    python benchmarks/build.py                  # every row
    python benchmarks/build.py --only A         # the 1,000-item shape only (A, B, C or V)
    python benchmarks/build.py --scale 0.2      # everything a fifth the size, for a quick look

Shapes:
  A  1,000 items of all four kinds and 100 exhibit PDFs of 10 pages (~2,300 pages): a cold build
     against the bare toolchain on the same content; a rebuild after editing one item against
     the cold build; the peak memory of the whole build (every process, summed, sampled).
  B  100 items and 100 exhibits of 100 pages (10,100 pages): cold build time.
  C  200 items and 100 exhibits of 500 pages (50,400 pages): cold build time and peak memory.
  V  validation of 10,000 items.
  L  (only with --only L) 10,000 items and no exhibits: that it builds, its time and memory.

Each build runs `inquiry build --format pdf` in its own process, as a user or CI would; "cold"
uses an empty cache folder. The "bare toolchain" is what any build on this stack must at least
do: one pandoc call over every Markdown field (to typst), one typst compile of all of it with
typst's default template, and one qpdf merge of that with the exhibits.

To compare two versions, run each version's own copy of this script from that version's folder
(a `git worktree` for the older one): the builds run `python -m inquiry`, which imports the
package from the current folder first, so `PYTHONPATH` alone does not switch versions.
"""

from __future__ import annotations

import argparse
import io
import json
import os
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


def _tree_rss(session: int) -> int:
    """Resident bytes of every process in `session` (the build and its workers), from /proc."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # field 6 of stat: the session id
                continue
            with open(f"/proc/{entry}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def timed_build(root: Path, cache: Path) -> tuple[float, int]:
    """Seconds and peak summed RSS of one `inquiry build --format pdf` in its own process."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "INQUIRY_CACHE_DIR": str(cache)}
    argv = [sys.executable, "-m", "inquiry", "build", "--root", str(root), "--format", "pdf", "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{out.decode()}\n{err.decode()}")
    return elapsed, peak


def bare_toolchain(root: Path) -> tuple[float, float, float]:
    """(pandoc, typst, merge) seconds for the same content with nothing of ours."""
    import pikepdf
    import typst

    from inquiry import numbering
    from inquiry.markdown import parse_many, write_many
    from inquiry.render.view import markdown_fields
    from inquiry.validate import validate

    corpus, _ = validate(root)
    plan = numbering.plan(corpus)
    fields = markdown_fields(plan)
    start = time.perf_counter()
    # One pandoc call from Markdown to typst, as a plain pipeline would do it.
    joined = "\n\n".join(text for _, _, text in fields)
    from inquiry.markdown import run_pandoc

    body = run_pandoc(["-f", "markdown", "-t", "typst", "--wrap=none"], joined)
    pandoc = time.perf_counter() - start
    del parse_many, write_many
    with tempfile.TemporaryDirectory() as tmp:
        main = Path(tmp) / "bare.typ"
        titles = "\n".join(f"#pagebreak(weak: true)\n= {n.item.id}" for n in plan.items)
        main.write_text(titles + "\n" + body)
        start = time.perf_counter()
        pdf = typst.compile(main, root=tmp, ignore_system_fonts=True, font_paths=[], timestamp=0)
        compile_s = time.perf_counter() - start
        typst_pdf = Path(tmp) / "typst.pdf"
        typst_pdf.write_bytes(pdf)
        args = ["qpdf", "--empty", "--pages", str(typst_pdf), "1-z"]
        for n in plan.items:
            for e in n.item.exhibits:
                args += [str(root / "evidence" / e.file), "1-z"]
        start = time.perf_counter()
        pikepdf.Job([*args, "--", str(Path(tmp) / "merged.pdf")]).run()
        merge = time.perf_counter() - start
    return pandoc, compile_s, merge


def edit_one(files: list[Path]) -> None:
    middle = files[len(files) // 2]
    middle.write_text(middle.read_text().replace("summary: |\n", "summary: |\n  Changed. ", 1))


def row(name: str, figure: str, target: str, ok: bool) -> None:
    print(f"{name:<58} {figure:>12}   target {target:<10} {'ok' if ok else 'MISSED'}")


def shape(items: int, exhibits: int, pages: int, scale: float) -> tuple[int, int, int]:
    return (
        max(4, round(items * scale)),
        max(1, round(exhibits * scale)),
        max(1, round(pages * scale)),
    )


def run_a(scale: float) -> None:
    items, exhibits, pages = shape(1000, 100, 10, scale)
    with tempfile.TemporaryDirectory(prefix="inquiry-bench-") as tmp:
        root, cache = Path(tmp) / "sub", Path(tmp) / "cache"
        files = generate(root, items, exhibits, pages)
        cold, peak = timed_build(root, cache)
        total = json.loads((root / "build/manifest.json").read_text())["bundle"]["pages"]
        edit_one(files)
        rebuild, _ = timed_build(root, cache)
        pandoc, compile_s, merge = bare_toolchain(root)
    bare = pandoc + compile_s + merge
    print(f"A: {items} items, {exhibits} exhibits x {pages} pages, bundle {total} pages")
    print(
        f"   cold {cold:.2f} s; bare toolchain {bare:.2f} s (pandoc {pandoc:.2f} + typst "
        f"{compile_s:.2f} + merge {merge:.2f}); rebuild {rebuild:.2f} s"
    )
    row("A cold build ÷ bare toolchain", f"{cold / bare:.2f}x", "≤ 1.0x", cold / bare <= 1.0)
    row(
        "A rebuild after editing one item ÷ cold",
        f"{rebuild / cold:.2f}x",
        "≤ 0.1x",
        rebuild / cold <= 0.1,
    )
    row("A peak memory (all processes)", f"{peak / 2**30:.2f} GB", "< 0.5 GB", peak < 0.5 * 2**30)


def run_exhibit_heavy(
    label: str,
    items: int,
    exhibits: int,
    pages: int,
    seconds: float,
    memory: float | None,
    scale: float,
) -> None:
    items, exhibits, pages = shape(items, exhibits, pages, scale)
    with tempfile.TemporaryDirectory(prefix="inquiry-bench-") as tmp:
        root, cache = Path(tmp) / "sub", Path(tmp) / "cache"
        generate(root, items, exhibits, pages)
        cold, peak = timed_build(root, cache)
        total = json.loads((root / "build/manifest.json").read_text())["bundle"]["pages"]
    print(f"{label}: {items} items, {exhibits} exhibits x {pages} pages, bundle {total} pages")
    row(f"{label} cold build", f"{cold:.1f} s", f"≤ {seconds:g} s", cold <= seconds)
    if memory is not None:
        row(
            f"{label} peak memory (all processes)",
            f"{peak / 2**30:.2f} GB",
            f"< {memory:g} GB",
            peak < memory * 2**30,
        )


def run_l(scale: float) -> None:
    """Beyond issue 11's shapes, and only when asked for (about ten minutes): 10,000 items with
    no exhibits, a front matter of some 380 pages. No target but that it builds."""
    items = max(4, round(10_000 * scale))
    with tempfile.TemporaryDirectory(prefix="inquiry-bench-") as tmp:
        root, cache = Path(tmp) / "sub", Path(tmp) / "cache"
        generate(root, items, 0, 0)
        cold, peak = timed_build(root, cache)
        total = json.loads((root / "build/manifest.json").read_text())["bundle"]["pages"]
    print(f"L: {items} items, no exhibits, bundle {total} pages")
    row("L cold build", f"{cold:.1f} s", "(none)", True)
    row("L peak memory (all processes)", f"{peak / 2**30:.2f} GB", "(none)", True)


def run_v(scale: float) -> None:
    # This version's own package and script, whichever `inquiry` is installed (validation runs
    # in this process, where the script's folder, not the current one, comes first).
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here.parent), str(here)]
    for name in [m for m in sys.modules if m == "inquiry" or m.startswith("inquiry.")]:
        del sys.modules[name]
    from validate import run  # type: ignore[import-not-found]

    n = max(100, round(10_000 * scale))
    seconds = run(n)
    row(f"V validate {n:,} items", f"{seconds:.2f} s", "< 2 s", seconds < 2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["A", "B", "C", "V", "L"], action="append")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    only = set(args.only or ["A", "B", "C", "V"])
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if "A" in only:
        run_a(args.scale)
    if "B" in only:
        run_exhibit_heavy("B", 100, 100, 100, 5, None, args.scale)
    if "C" in only:
        run_exhibit_heavy("C", 200, 100, 500, 25, 1.0, args.scale)
    if "V" in only:
        run_v(args.scale)
    if "L" in only:
        run_l(args.scale)


if __name__ == "__main__":
    main()
