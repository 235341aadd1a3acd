"""load → validate → number → prepare exhibits → views → render → check → install, in that order.

Everything is read and checked first, so a bundle is never made from evidence that has not
passed every rule; every item is numbered once, so the PDF, DOCX, HTML and manifest agree; the
views are made once, so every format shows the same words and redacts the same strings; the
outputs are searched for every redacted string before they are installed; and the set in `--out`
changes as one, or not at all.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inquiry import numbering, schedules, served_problems
from inquiry.errors import BuildFailed, InvalidEvidence, UsageProblem
from inquiry.final_checks import prove
from inquiry.numbering import Audience
from inquiry.problems import Problem, Report, make_report
from inquiry.redacted_log import matcher_of, redacted_path, redacted_report, said
from inquiry.render_formats import render_formats
from inquiry.repo_files import commit_unknown, git_commit, served_constraints
from inquiry.validate import validate

if TYPE_CHECKING:
    from inquiry.cache import Cache
    from inquiry.exhibits.stage import Ready
    from inquiry.load import Corpus
    from inquiry.render.view import Views
    from inquiry.workers import Pool

FORMATS = ("pdf", "docx", "html")
OUTPUTS = (
    "bundle.pdf",
    "manifest.json",
    "bundle.docx",
    "html",
    "redactions.json",
    "references.json",
)
"""Everything a build may write: an output of an earlier build that this one did not make is
not carried over, so it cannot outlive the manifest that described it."""
EPOCH_MIN, EPOCH_MAX = 315_532_800, 253_402_300_799  # 1980-01-01 (zip's first day) to 9999-12-31
Progress = Callable[[str, int, int], None]
"""`(stage, done, total)`: a new stage starts a phase; total 0 is a phase without a counter."""


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Path, ...]
    plan: numbering.Plan
    warnings: tuple[Problem, ...] = ()
    cache_warning: str | None = None  # why the cache asked for was not used (Cache.warning)
    removed: tuple[Path, ...] = ()  # an earlier set's outputs this build did not make


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return int(time.time())
    try:
        epoch = int(value.strip())
    except ValueError:
        raise UsageProblem(
            f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970"
        ) from None
    if not EPOCH_MIN <= epoch <= EPOCH_MAX:
        raise UsageProblem(f"SOURCE_DATE_EPOCH={epoch} is outside 1980–9999 (seconds since 1970)")
    return epoch


def build(
    root: Path,
    *,
    out: Path | None = None,
    formats: Sequence[str] = ("pdf", "docx"),
    audience: Audience = "public",
    include_drafts: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    reissue: Sequence[str] = (),
    ocr: str = "auto",
    progress: Progress | None = None,
) -> BuildResult:
    """Build the bundle into `out` (default: `root/build`, which must stay inside `root`);
    nothing in `out` changes unless every output succeeded."""
    from inquiry import limits
    from inquiry.cache import Cache
    from inquiry.edition_digest import digest_of
    from inquiry.exhibits.edition import found_in_exhibits
    from inquiry.install import install, out_problem, staging
    from inquiry.workers import Pool

    chosen = out is not None
    out = out if out is not None else root / "build"
    refused = out_problem(root, out, chosen=chosen, outputs=OUTPUTS)
    if refused:
        raise UsageProblem(refused)

    tick = progress or (lambda stage, done, total: None)
    epoch = source_date_epoch()
    tick("Validating the evidence", 0, 0)
    # Exhibits are opened once, by the build's own preparation below; when validation already
    # failed, they are opened anyway, so one run reports every problem.
    corpus, report = validate(
        root,
        include_drafts=include_drafts,
        probe_exhibits=False,
        jobs=jobs,
        # Its files counted as they are read (on a terminal: a large submission takes minutes).
        tick=lambda stage, done, total: (
            tick("Validating the evidence", done, total) if total else None
        ),
    )
    with _errors_redacted(corpus, audience):
        if not report.valid():
            from inquiry.exhibits.probe import probe

            drafts = set() if include_drafts else {e.file for e in corpus.entries if e.draft}
            found = probe(corpus, list(report.problems), jobs=jobs, include_drafts=include_drafts)
            probed = [p for p in found if p.file not in drafts]
            raise InvalidEvidence(
                report=make_report([*report.problems, *probed], items=report.items)
            )
        # Number once: the PDF, the DOCX, the HTML and the manifest must agree on every number; once
        # an edition has been served, its numbers and pages stay where they were cited.
        present = {e.item.id for e in corpus.items}
        served = served_constraints(root, audience, reissue, present)
        if served is not None:
            reused = served_problems.refused(
                corpus, served, audience=audience, include_drafts=include_drafts, reissue=reissue
            )
            if reused:
                raise InvalidEvidence(report=make_report(reused, items=report.items))
        plan = numbering.plan(
            corpus, audience=audience, include_drafts=include_drafts, served=served, reissue=reissue
        )
        missing = numbering.missing_tabs(plan)
        if missing:
            raise InvalidEvidence(report=served_problems.tabs_gone(corpus, plan, missing))
        commit = git_commit(root)
        unknown = [] if commit else [p for p in [commit_unknown(root)] if p is not None]
        cache = Cache(enabled=use_cache)
        memory = max(limits.TYPST_MEMORY, limits.EXHIBIT_MEMORY)
        with staging(out) as staged, Pool(jobs=jobs, memory=memory) as pool:
            work = staged / ".work"
            work.mkdir()
            exhibits, warnings = _exhibits(
                root, plan, ocr=ocr, pool=pool, cache=cache, workdir=work, tick=tick
            )
            # What validation warned of too: a build run alone says it, as `validate` would.
            told = [p for p in report.problems if p.severity == "warning"]
            warnings = found_in_exhibits(told, plan, exhibits) + warnings + unknown
            tick("Preparing the items' text", 0, 0)
            views = _views(plan, exhibits, commit, cache, formats)
            written, layout, found = render_formats(
                root,
                plan,
                views,
                exhibits,
                formats=formats,
                staged=staged,
                work=work,
                epoch=epoch,
                pool=pool,
                submission=corpus.submission_doc,
                cache=cache,
                inputs=digest_of(corpus, plan),  # what shaped the edition (`edition_digest`)
                tick=tick,
            )
            # What the build found of the served pages it knows exactly; validation's guess at
            # the same place gives way to it.
            exact = {(p.file, p.line, p.code) for p in found}
            warnings = [p for p in warnings if (p.file, p.line, p.code) not in exact] + found
            written += schedules.write(
                staged, views, layout, exhibits, public=plan.audience == "public"
            )
            if views.matcher:
                tick("Searching the outputs for redacted strings", 0, 0)
            prove(views, staged, [name for name in written if name != "bundle.pdf"])
            _remove_tree(work)
            removed = install(staged, out, owned=OUTPUTS)
        cache.prune()
        # A public build's log is often public too (CI): its warnings name no redacted string,
        # said as validation says them (every list as written; withheld when one is unread).
        if audience == "public":
            warnings = list(redacted_report(Report(tuple(warnings), items=0), corpus).problems)
        unused = cache.warning if use_cache else None
        made = tuple(out / name for name in written)
        return BuildResult(made, plan, tuple(warnings), unused, tuple(out / n for n in removed))


@contextlib.contextmanager
def _errors_redacted(corpus: Corpus, audience: Audience) -> Iterator[None]:
    """A public build's log is often public too (CI): the problems it is refused for name no
    redacted string, whether or not the file that lists the string passed the schema; nor
    does the failure it stops at (an item's file, an engine's words)."""
    try:
        yield
    except InvalidEvidence as exc:
        if audience != "public":
            raise
        report = redacted_report(exc.report, corpus)
        raise InvalidEvidence(report=report) from None
    except BuildFailed as exc:
        matcher = matcher_of(corpus) if audience == "public" else None
        if not matcher:
            raise
        file = redacted_path(exc.file, matcher) if exc.file else None
        message = said(exc.message, matcher)
        if (file, message) == (exc.file, exc.message):
            raise
        raise BuildFailed(message=message, file=file) from None


def _exhibits(
    root: Path,
    plan: numbering.Plan,
    *,
    ocr: str,
    pool: Pool,
    cache: Cache,
    workdir: Path,
    tick: Progress,
) -> tuple[dict[tuple[str, int], Ready], list[Problem]]:
    """Every included exhibit prepared (cached): OCR'd where it has no text, redacted in the
    public edition; a refusal is a problem at the exhibit's line, what it could not do a warning."""
    from inquiry import limits
    from inquiry.exhibits.edition import outcomes, requests
    from inquiry.exhibits.stage import Request, prepare_many
    from inquiry.render.pdf.stamps import STRIP
    from inquiry.render.view import edition_matcher

    wanted, problems = requests(root, plan, strip=STRIP, ocr=ocr, matcher=edition_matcher(plan))
    if wanted:
        tick("Preparing exhibits", 0, len(wanted))

    def seconds(request: Request) -> float:
        size = request.path.stat().st_size if request.path.is_file() else 0
        return limits.exhibit_seconds(size, ocr=ocr != "never")

    results = prepare_many(
        [r for _, r in wanted],
        pool=pool,
        seconds=seconds,
        cache=cache,
        workdir=workdir,
        progress=lambda done, total: tick("Preparing exhibits", done, total),
    )
    if wanted:
        tick("Preparing exhibits", len(wanted), len(wanted))
    ready, found = outcomes(plan, wanted, results)
    problems += found
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidEvidence(report=make_report(problems, items=len(plan.items)))
    return ready, [p for p in problems if p.severity == "warning"]


def _views(
    plan: numbering.Plan,
    exhibits: dict[tuple[str, int], Ready],
    commit: str | None,
    cache: Cache,
    formats: Sequence[str],
) -> Views:
    from inquiry import markdown
    from inquiry.render.html.words import own_words
    from inquiry.render.view import ExhibitFacts, views

    facts = {
        key: ExhibitFacts(r.kind, r.pages, r.sha256, r.redacted) for key, r in exhibits.items()
    }
    try:
        made = views(
            plan,
            exhibits=facts,
            commit=commit,
            parse=markdown.parse_many,
            store=cache if cache.enabled else None,
            salt=f"{markdown.pandoc_version()}|{markdown.READER}|{markdown.PARSER}",
            wording=own_words() if "html" in formats else (),  # the HTML edition's own too
        )
    except markdown.UnreadField as exc:  # a field pandoc cannot read: a problem at the field
        raise InvalidEvidence(report=_unread(plan, exc)) from None
    if made.problems:
        raise InvalidEvidence(report=make_report(list(made.problems), items=len(plan.items)))
    return made


def _unread(plan: numbering.Plan, exc: Exception) -> Report:
    """The problem a field pandoc could not read is, at each place that holds its text."""
    from inquiry.markdown import UnreadField
    from inquiry.render.view_writer import markdown_fields

    assert isinstance(exc, UnreadField)
    problems = [
        Problem(
            entry.entry.file,
            *_line_column(entry, path),
            "markdown-unparsed",
            f"the Markdown could not be read: {exc}",
            "error",
            "simplify the field; if it is ordinary text, report this as a bug",
        )
        for entry, path, text in markdown_fields(plan)
        if text == exc.text
    ]
    return make_report(problems, items=len(plan.items))


def _line_column(entry: numbering.Numbered, path: tuple[str | int, ...]) -> tuple[int, int]:
    pos = entry.entry.doc.value_pos(path)
    return pos.line, pos.column


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


__all__ = ["BuildResult", "build", "source_date_epoch"]
