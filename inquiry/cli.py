"""The `inquiry` command: thin click wrappers over the library.

Each command parses its options, calls one library function and turns the result into output and
an exit code; `cli_output.failures` is the one place where errors become messages and exit codes:
0 done, 1 invalid evidence (or refused), 2 usage, 3 the build failed for reasons outside the
evidence (an engine, the disk, another build), 130 interrupted (Ctrl-C; 143 for SIGTERM).
Output that cannot be written is exit 2 with one line on stderr; when the reader went away
(`inquiry validate | head -1`), the rest goes nowhere and the exit code is the command's own
(`cli_output.ReaderMayLeave`).
Nothing prints a traceback unless INQUIRY_DEBUG=1.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path

import click

from inquiry import about
from inquiry.cli_kinds import KindChoice
from inquiry.cli_output import MainGroup, color, failures, removed
from inquiry.cli_progress import progress
from inquiry.kinds import KINDS

ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The submission repository (the folder holding evidence/).",
)


def _here(path: Path) -> bool:
    """Whether `path` is the current directory (`.`, `./`, or its own name spelled out)."""
    try:
        return path.resolve() == Path.cwd().resolve()
    except OSError:  # the current directory was removed
        return False


def _check_root(root: Path) -> None:
    """A root that is missing or cannot be listed is a usage error (exit 2), not bad evidence."""
    try:
        readable = root.is_dir() and os.access(root, os.R_OK | os.X_OK)
    except OSError as exc:  # a name too long, a folder that may not be searched
        raise click.UsageError(f"--root {root} cannot be read: {exc.strerror or exc}") from None
    if not readable:
        raise click.UsageError(f"--root {root} is not a readable directory")


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=about.version(), prog_name="inquiry")
def main() -> None:
    """Turn a repository of YAML evidence items into a court-grade evidence bundle.

    \b
    Start:     inquiry init ../our-submission
    Add:       inquiry new testimony
    Check:     inquiry validate
    Make:      inquiry build            (build/bundle.pdf, bundle.docx, manifest.json)
    Serve:     inquiry serve            (records the bundle's pages as served)
    Compare:   inquiry diff served/public.json build/manifest.json
    Check one: inquiry verify build/bundle.pdf

    Shell completion: eval "$(_INQUIRY_COMPLETE=bash_source inquiry)" (zsh_source, fish_source).
    """


@main.command()
@ROOT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for PR annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Treat drafts' problems as errors (as a build with --include-drafts would).",
)
def validate(root: Path, fmt: str, strict: bool, include_drafts: bool) -> None:
    """Check every evidence file and report every problem in one run.

    Exit 0 when valid (warnings allowed unless --strict), 1 when invalid, 2 when the root
    cannot be read. Problems in draft items are warnings unless --include-drafts. A string
    any item redacts is shown as its mark ([CODE]) in every message: logs are often public.

    \b
    Example: inquiry validate --format github   (annotations on a pull request)
    """
    from inquiry.problems import render_github, render_json, render_summary, render_text
    from inquiry.redacted_log import redacted_report
    from inquiry.validate import validate as run

    _check_root(root)
    with failures("validate"):
        # On a terminal, how far it has got (a large pull request takes minutes); wiped after.
        with progress(False, transient=True) as shown:
            corpus, report = run(root, include_drafts=include_drafts, tick=shown)
        # A pull request's log reaches more people than its evidence: no redacted string in it.
        report = redacted_report(report, corpus)
    if fmt == "json":
        click.echo(render_json(report, strict=strict))
    elif fmt == "github":
        text = render_github(report, strict=strict)
        if text:
            click.echo(text)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:  # in a GitHub workflow: the whole report where the reviewers see it
            with contextlib.suppress(OSError), open(summary, "a", encoding="utf-8") as f:
                f.write(render_summary(report, strict=strict))
    else:
        click.echo(render_text(report, strict=strict, color=color()))
    sys.exit(0 if report.valid(strict=strict) else 1)


@main.command()
@ROOT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the bundle  [default: ROOT/build]",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["pdf", "docx", "html"]),
    multiple=True,
    help="Repeat for several; default: pdf and docx.",
)
@click.option(
    "--audience",
    type=click.Choice(["public", "restricted"]),
    default="public",
    show_default=True,
    help="public leaves out restricted items and redacts.",
)
@click.option("--include-drafts", is_flag=True, help="Add draft items, marked DRAFT.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=256),
    default=None,
    help="Worker processes  [default: the machine's cores]",
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the build cache.")
@click.option(
    "--reissue",
    multiple=True,
    metavar="ID",
    help="Move a served item that no longer fits its pages to the end, as a new version.",
)
@click.option(
    "--ocr",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Give exhibit pages without text a text layer (auto: when Tesseract is installed).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(
    root: Path,
    out: Path | None,
    formats: tuple[str, ...],
    audience: str,
    include_drafts: bool,
    jobs: int | None,
    no_cache: bool,
    reissue: tuple[str, ...],
    ocr: str,
    quiet: bool,
) -> None:
    """Validate, then write bundle.pdf, bundle.docx and manifest.json.

    Exit 0 built, 1 invalid evidence, 2 usage, 3 build failure, 130 interrupted (Ctrl-C; 143
    for SIGTERM; the previous bundle is left untouched). The bundle set in --out is replaced as
    one, and only when every output succeeded; the same sources give byte-identical outputs (set
    SOURCE_DATE_EPOCH), cached or not, with any --jobs. Once served/<audience>.json exists,
    served items keep their numbers and pages and new ones are appended. Each phase is named on
    stderr as it starts (one plain line each when stderr is not a terminal; none with -q).

    \b
    Example: inquiry build --format pdf --format html --out /tmp/bundle
    """
    from inquiry.build import build as run

    _check_root(root)
    # The progress line is finished before an error's message (the inner block ends first).
    with failures("build"), progress(quiet) as shown:
        result = run(
            root,
            out=out,
            formats=formats or ("pdf", "docx"),
            audience="restricted" if audience == "restricted" else "public",
            include_drafts=include_drafts,
            jobs=jobs,
            use_cache=not no_cache,
            reissue=reissue,
            ocr=ocr,
            progress=shown,
        )
    if result.warnings and not quiet:
        from inquiry.problems import make_report, render_text

        report = make_report(list(result.warnings), items=len(result.plan.items))
        text = render_text(report, color=color(sys.stderr))
        click.echo(text.rsplit("\n", 1)[0], err=True)
    if result.cache_warning and not quiet:
        from inquiry.problems import inert

        click.echo(f"warning: {inert(result.cache_warning)}", err=True)
    if not quiet:
        for path in result.written:
            click.echo(f"wrote {path}")
    if result.removed:  # said even with -q: a bundle gone from --out must not go unnoticed
        restricted = audience == "restricted"
        said = removed(result.removed, formats or ("pdf", "docx"), restricted=restricted)
        click.echo(said, err=True)


@main.command()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The repository whose schemas/ to write.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if schemas/ is stale.")
def schema(root: Path, check: bool) -> None:
    """Write JSON Schemas for submission.yaml and each kind into schemas/.

    Editors use them to complete and check fields as you type. --check writes nothing and
    exits 1 when schemas/ is missing or out of date (for CI). Exit 0 written (or up to date),
    1 stale (--check), 2 usage, or schemas/ cannot be written (a file in its place, no
    permission, a full disk).

    \b
    Examples:
      inquiry schema              (after upgrading inquiry)
      inquiry schema --check      (in CI: exit 1 if stale)
    """
    from inquiry import schema as schemas

    _check_root(root)
    if check:
        with failures("schema"):
            stale = schemas.check(root)
        for found in stale:
            click.echo(f"stale: {found.path} ({found.reason})")
        if stale:
            click.echo("run `inquiry schema` to regenerate", err=True)
        sys.exit(1 if stale else 0)
    with failures("schema"):
        try:
            written = schemas.write(root)
        except schemas.SchemaWriteError as exc:  # the place, not the machine: exit 2
            click.echo(f"schema failed: {exc}", err=True)
            sys.exit(2)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("kind", type=KindChoice(KINDS))
@ROOT
def new(kind: str, root: Path) -> None:
    """Write a new KIND item with the next free id and every field to fill.

    The item is a draft (`status: draft`) until you set `status: final`. Exit 0 written, 1 it
    cannot be written (a file in the way of its folder, a link out of evidence/, no
    permission), 2 usage: --root is not a submission repository (no evidence/submission.yaml;
    run `inquiry init`), or is inside one but not at its top.

    \b
    Examples:
      inquiry new testimony                    (writes evidence/testimonies/TM-007.yaml)
      inquiry new statistic --root ../ours     (in another repository)
    """
    from inquiry.scaffold import ScaffoldError
    from inquiry.scaffold import new as run

    with failures("new"):  # a root that is not there: exit 2, as for every command
        try:
            made = run(root, kind)
        except ScaffoldError as exc:  # a name or folder in the way: exit 1, as before
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
    for warning in made.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote {made.path}")
    where = "" if _here(root) else f" --root {shlex.quote(str(root))}"
    click.echo(f"fill it in, set `status: final`, then run `inquiry validate{where}`")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False), default=".")
@click.option(
    "--source",
    default=None,
    metavar="GIT_URL@REF",
    help="The inquiry repository and the tag or commit that the new repository's workflow and "
    "pre-commit hook install from (URL@REF; a local path@REF pins the commit REF names now)  "
    "[default: where this inquiry was installed from]",
)
def init(directory: str, source: str | None) -> None:
    """Write a new submission repository in DIRECTORY (default: here) that validates and builds.

    DIRECTORY is new or empty, or a fresh clone (only .git, files such as LICENSE, and a
    README.md or .gitignore, which init adds its own text to). Exit 0 written, 1 could not
    write (permission, disk; nothing is left behind), 2 usage: DIRECTORY holds other files
    init writes or a folder, is a file or under one, or is inside another submission's
    evidence/.

    \b
    Examples:
      inquiry init ../our-submission && cd ../our-submission && inquiry build
      git init our-submission && cd our-submission && inquiry init
      git clone https://github.com/ORG/evidence && inquiry init evidence   (a fresh clone)
    """
    from inquiry.errors import UsageProblem
    from inquiry.scaffold import ScaffoldError
    from inquiry.scaffold import init as run

    if not directory:
        raise click.UsageError("DIRECTORY is empty: give the folder to write, e.g. ../ours")
    with failures("init"):
        try:
            done = run(Path(directory), source=source)
        except UsageProblem:
            raise
        except ScaffoldError as exc:  # the disk or a permission: exit 1
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
    click.echo(f"wrote {len(done.written)} files in {directory}")
    if done.joined:
        them = "them" if len(done.joined) > 1 else "it"
        click.echo(f"kept the clone's {' and '.join(done.joined)}, adding inquiry's text to {them}")
    click.echo(
        f"its workflow and pre-commit hook install inquiry from {done.source.url} "
        f"at {done.source.ref}"
    )
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
    go = "" if _here(Path(directory)) else f"cd {shlex.quote(directory)} and "
    click.echo(f"next: {go}follow the two commands in its README.md")


def _register() -> None:
    from inquiry.cli_cache import cache
    from inquiry.cli_served import diff, serve, verify

    for command in (cache, serve, diff, verify):
        main.add_command(command)


_register()
