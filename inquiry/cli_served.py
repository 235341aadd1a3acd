"""`inquiry serve`, `inquiry diff` and `inquiry verify`: thin click wrappers over the library.

Each command parses its options, calls one library function and maps the result to an exit code.
Messages are one line; INQUIRY_DEBUG=1 shows the traceback of an unexpected error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _unexpected(exc: Exception, what: str, code: int) -> NoReturn:
    if os.environ.get("INQUIRY_DEBUG"):
        raise exc
    _fail(f"{what}: {type(exc).__name__}: {exc} (set INQUIRY_DEBUG=1 to see the traceback)", code)


@click.command()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The submission repository; the record goes in its served/ folder.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the bundle was built  [default: ROOT/build]",
)
def serve(root: Path, out: Path | None) -> None:
    """Record the bundle last built in --out as served, in served/<audience>.json.

    Commit the record: from then on builds keep every served item's number and pages, new items
    go after the last served page, and `inquiry verify` can check a copy someone received.
    Refused (exit 1) when the bundle is stale against the evidence, was built with drafts, or
    would move a page already served.

    \b
    Example:
      inquiry build --format pdf && inquiry serve
      git add served/public.json && git commit -m "Served on 1 November"
    """
    from inquiry.errors import InquiryError
    from inquiry.repo_files import NOT_COMMITTED, git_commit
    from inquiry.served import serve as run
    from inquiry.served_record import load_record

    if not root.is_dir():
        raise click.UsageError(f"--root {root} is not a readable directory")
    said: list[str] = []
    try:
        path = run(root, out or root / "build", warnings=said)
        record = load_record(path)
    except InquiryError as exc:
        _fail(f"serve refused: {exc}", 1)
    except Exception as exc:  # a bug or the machine: still one line
        _unexpected(exc, "serve failed", 1)
    bundle = record["manifest"]["bundle"]
    for warning in said:
        click.echo(f"warning: {warning}", err=True)
    commit = git_commit(root) or ""
    if commit.endswith(NOT_COMMITTED):
        # The served edition is the evidence as it stands; no commit holds it yet.
        click.echo(
            "warning: evidence/ or templates/ has changes not committed (the cover says so): "
            "commit them with the record, or no commit will hold the edition served",
            err=True,
        )
    click.echo(
        f"{path}: {bundle['audience']} bundle of {bundle['pages']} pages, served "
        f"{record['served']}; commit it"
    )


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The repository that git:REF sources are read from; a public diff applies its "
    "redactions too  [default: the current folder]",
)
@click.option(
    "--audience",
    type=click.Choice(["public", "restricted"]),
    default="public",
    show_default=True,
    help="Which edition a git:REF source means.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, markdown for a GitHub job summary.",
)
def diff(old: str, new: str, root: Path | None, audience: str, fmt: str) -> None:
    """Show what changed from the OLD bundle to the NEW: items added, removed, changed (which
    fields), moved (old → new pages), and where each old page went.

    OLD and NEW are manifest.json files, served records (served/public.json), or git:REF for
    the bundle as of a branch, tag or commit: its committed served record if it has one,
    otherwise a build of that commit in a temporary worktree (as slow as a build).
    A public diff prints titles through the redactions of the repository holding each file
    (the first folder above it with evidence/submission.yaml) and of --root.
    Exit 0 no differences, 1 differences, 2 a source that cannot be read.

    \b
    Examples:
      inquiry diff served/public.json build/manifest.json
      inquiry diff git:origin/main build/manifest.json --format markdown \\
        >> "$GITHUB_STEP_SUMMARY" || [ $? = 1 ]     # differences are not a failure here
    """
    from inquiry.diff import diff as compare
    from inquiry.diff_render import render_json, render_markdown, render_text
    from inquiry.diff_sources import (
        as_shown,
        has_submission,
        load_source,
        redaction_matcher,
        redaction_roots,
    )
    from inquiry.errors import InquiryError
    from inquiry.verify_manifest import short_numbers

    here = root if root is not None else Path(".")
    try:
        result = compare(
            load_source(old, root=here, audience=audience),
            load_source(new, root=here, audience=audience),
        )
    except InquiryError as exc:
        _fail(short_numbers(f"diff: {exc}"), 2)
    except Exception as exc:
        _unexpected(exc, "diff failed", 2)
    if fmt == "json":  # ids and page numbers only: nothing to redact
        click.echo(render_json(result).rstrip("\n"))
        sys.exit(0 if result.empty else 1)
    public = "restricted" not in (
        result.old["bundle"].get("audience"),
        result.new["bundle"].get("audience"),
    )
    shown = result
    redact: Callable[[str], str] = str
    if not public and not result.empty:  # red team h190: a name public lists redact, printed
        click.echo(
            "warning: a restricted edition is compared: its titles are printed as they are, "
            "unredacted; do not publish this output",
            err=True,
        )
    if public and not result.empty:
        # An older manifest may hold a name redacted since: titles go through today's lists,
        # those of the repository holding each file (wherever diff is run from) and --root's.
        roots = redaction_roots((old, new), root)
        if not has_submission(roots):
            where = "in --root" if root is not None else "in the current folder"
            click.echo(
                "warning: no submission repository holds these files (no "
                f"evidence/submission.yaml above them or {where}): titles are printed as "
                "the files hold them, through no redaction list",
                err=True,
            )
        try:
            redact = redaction_matcher(roots).plain
        except Exception as exc:
            _unexpected(exc, "diff failed reading the redactions", 2)
        shown = as_shown(result, redact)
    render = render_markdown if fmt == "markdown" else render_text
    click.echo(render(shown, redact).rstrip("\n"))
    sys.exit(0 if result.empty else 1)


@click.command()
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A manifest.json or a served record  [default: manifest.json beside BUNDLE]",
)
def verify(bundle: Path, manifest: Path | None) -> None:
    """Check that BUNDLE.pdf is the bundle its manifest describes: the file and every page.

    Needs only the PDF and the JSON. Against a served record (served/public.json), a file
    identical to an earlier edition it records matches, named by the date it was served. Exit
    0 when they match; 1 when they do not, naming each
    page that differs and the pages missing or added (a copy re-saved by another program has
    every page matching but not the file: also exit 1, said as such; a program that rewrites
    pages' drawing operators or drops resources they do not draw, as `qpdf --qdf` and
    `qpdf --pages` do, changes those pages); 2 when a file cannot be read, the PDF as a PDF
    included (empty, truncated, not a PDF): nothing was compared.

    \b
    Example:
      inquiry verify received/bundle.pdf --manifest served/public.json
    """
    from inquiry.verify import VerifyError, render_text
    from inquiry.verify import verify as run
    from inquiry.verify_manifest import short_numbers

    try:
        result = run(bundle, manifest, check=True)
    except VerifyError as exc:
        _fail(short_numbers(f"verify: {exc}"), 2)
    except Exception as exc:
        _unexpected(exc, "verify failed", 2)
    for line in render_text(result):
        click.echo(line)
    sys.exit(0 if result.matches else 1)


__all__ = ["diff", "serve", "verify"]
