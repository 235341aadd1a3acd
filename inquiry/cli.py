"""The `inquiry` command: thin click wrappers over the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from inquiry.model import KINDS

ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The submission repository (the folder holding evidence/).",
)


def _check_root(root: Path) -> None:
    """A root that is missing or cannot be listed is a usage error (exit 2), not bad evidence."""
    if not root.is_dir() or not os.access(root, os.R_OK | os.X_OK):
        raise click.UsageError(f"--root {root} is not a readable directory")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inquiry")
def main() -> None:
    """Turn a repository of YAML evidence items into a court-grade evidence bundle."""


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
def validate(root: Path, fmt: str, strict: bool) -> None:
    """Check every evidence file and report every problem in one run.

    Exit 0 when valid (warnings allowed unless --strict), 1 when invalid, 2 when the root
    cannot be read.
    """
    from inquiry.problems import render_github, render_json, render_text
    from inquiry.validate import validate as run

    _check_root(root)
    _, report = run(root)
    if fmt == "json":
        click.echo(render_json(report, strict=strict))
    elif fmt == "github":
        text = render_github(report, strict=strict)
        if text:
            click.echo(text)
    else:
        click.echo(render_text(report, strict=strict, color=sys.stdout.isatty()))
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
    type=click.Choice(["pdf", "docx"]),
    multiple=True,
    help="Repeat for several; default: both.",
)
@click.option(
    "--audience",
    type=click.Choice(["public", "restricted"]),
    default="public",
    show_default=True,
    help="public leaves out restricted items and redacts.",
)
@click.option("--include-drafts", is_flag=True, help="Add draft items, marked DRAFT.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def build(
    root: Path,
    out: Path | None,
    formats: tuple[str, ...],
    audience: str,
    include_drafts: bool,
    quiet: bool,
) -> None:
    """Validate, then write bundle.pdf, bundle.docx and manifest.json.

    Exit 0 built, 1 invalid evidence, 2 usage, 3 build failure. A failed build leaves the
    last good bundle untouched.
    """
    from inquiry.build import build as run
    from inquiry.errors import BuildFailed, InvalidEvidence
    from inquiry.problems import render_text

    _check_root(root)
    try:
        result = run(
            root,
            out=out or root / "build",
            formats=formats or ("pdf", "docx"),
            audience="restricted" if audience == "restricted" else "public",
            include_drafts=include_drafts,
            progress=not quiet and sys.stderr.isatty(),
        )
    except InvalidEvidence as exc:
        click.echo(render_text(exc.report, color=sys.stdout.isatty()))
        click.echo("build refused: the evidence is invalid; nothing was written", err=True)
        sys.exit(1)
    except BuildFailed as exc:
        click.echo(f"build failed: {exc}", err=True)
        click.echo("the previous bundle, if any, was left untouched", err=True)
        sys.exit(3)
    except Exception as exc:  # a bug or the machine (disk full): still a message, not a traceback
        if os.environ.get("INQUIRY_DEBUG"):
            raise
        click.echo(f"build failed: {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "the previous bundle, if any, was left untouched; "
            "set INQUIRY_DEBUG=1 to see the traceback",
            err=True,
        )
        sys.exit(3)
    for path in result.written:
        click.echo(f"wrote {path}")


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
    """Write JSON Schemas for submission.yaml and each kind into schemas/."""
    from inquiry import schema as schemas

    if check:
        stale = schemas.stale(root)
        for path in stale:
            click.echo(f"stale: {path}")
        if stale:
            click.echo("run `inquiry schema` to regenerate", err=True)
        sys.exit(1 if stale else 0)
    for path in schemas.write(root):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
@ROOT
def new(kind: str, root: Path) -> None:
    """Write a new KIND item with the next free id and every field to fill."""
    from inquiry.scaffold import ScaffoldError, new_item

    try:
        path = new_item(root, kind)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}")
    click.echo(f"fill it in, set `status: final`, then run `inquiry validate --root {root}`")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Write a new submission repository in DIRECTORY that validates and builds."""
    from inquiry.scaffold import ScaffoldError
    from inquiry.scaffold import init as run

    try:
        written = run(directory)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {len(written)} files in {directory}")
    click.echo(f"next: cd {directory} && inquiry validate && inquiry build")
