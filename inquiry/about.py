"""The tool's name, its version, and the pinned source the running copy was installed from.

`inquiry init` writes workflows and a pre-commit configuration that install the tool again; they
must install it from a source the coalition can trust — this repository's git URL at a commit or
tag — never from a bare package name that someone else could own. The source is read from how
the running copy was installed (PEP 610's `direct_url.json`), or from the git checkout it runs
from, or given explicitly as `URL@REF`.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

DISTRIBUTION = "inquiry-bundle"
"""The name on PyPI and in `pip install`; the command and the import package stay `inquiry`."""

PACKAGE = "inquiry"
GIT_TIMEOUT = 10  # seconds; git answers these questions from local files in milliseconds


def _find_distribution() -> metadata.Distribution | None:
    try:
        return metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    # Installed under another name (a checkout installed before the rename is `inquiry`): the
    # distribution that provides the `inquiry` package.
    for name in metadata.packages_distributions().get(PACKAGE, []):
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
    return None


@functools.cache
def version() -> str:
    """The installed version, or `0+unknown` when running from files that were never installed."""
    dist = _find_distribution()
    return dist.version if dist is not None else "0+unknown"


@dataclass(frozen=True)
class PinnedSource:
    """A git repository of this tool and the commit or tag to install from it."""

    url: str
    """What git clones: an https or ssh URL, or an absolute path to a local repository."""
    ref: str
    """A commit id or a tag."""
    placeholder: bool = False
    """True when no source could be found and `url`/`ref` are markers to replace by hand."""
    notes: tuple[str, ...] = field(default=(), compare=False)
    """Things the person running `init` should know about this source (shown as warnings)."""

    @property
    def pip_url(self) -> str:
        """The URL in pip's VCS form, `git+<url>@<ref>`."""
        url = self.url
        scp = _SCP_LIKE.fullmatch(url)
        if scp:
            url = f"ssh://{scp['user']}@{scp['host']}/{scp['path']}"
        elif "://" not in url:
            url = Path(url).resolve().as_uri()
        # pip before 23.1 refuses a URL requirement without a host, `git+file:///…`.
        if url.startswith("file:///"):
            url = "file://localhost/" + url.removeprefix("file:///")
        return f"git+{url}@{self.ref}"

    @property
    def requirement(self) -> str:
        """The pip requirement that installs this tool from this source and nowhere else."""
        return f"{DISTRIBUTION} @ {self.pip_url}"

    def file_url(self, path: str) -> str | None:
        """The web page of a file of the repository at `ref`, on forges known to have one."""
        parts = urlsplit(self.url)
        if parts.scheme != "https" or parts.netloc not in _FORGES:
            return None
        repo = parts.path.removesuffix("/").removesuffix(".git")
        return f"https://{parts.netloc}{repo}{_FORGES[parts.netloc]}{self.ref}/{path}"


# Forges whose https clone URL is also the repository's web page, and where its files live there.
_FORGES = {"github.com": "/blob/", "gitlab.com": "/-/blob/", "codeberg.org": "/src/commit/"}
_SCP_LIKE = re.compile(r"(?P<user>[\w.-]+)@(?P<host>[\w.-]+):(?!//)(?P<path>.+)")
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")

PLACEHOLDER = PinnedSource(
    url="https://example.invalid/REPLACE-WITH-THE-INQUIRY-REPOSITORY",
    ref="REPLACE-WITH-A-TAG-OR-COMMIT",
    placeholder=True,
)


class SourceError(ValueError):
    """A `--source` that is not `URL@REF`."""


def parse_source(text: str) -> PinnedSource:
    """`URL@REF` → a pinned source; a relative local path is made absolute."""
    url, at, ref = text.strip().rpartition("@")
    if not at or not url or not _REF.fullmatch(ref) or url.endswith(("://", ":")):
        raise SourceError(
            f"--source {text!r} is not URL@REF (a git URL or path, then @ and a tag or commit), "
            "e.g. https://github.com/ORG/inquiry@v0.2.0"
        )
    if "://" in url or _SCP_LIKE.fullmatch(url):
        clean = _without_credentials(url)
        notes = [] if clean == url else ["the credentials in --source were left out of the files"]
        if urlsplit(clean).scheme.lower() in ("file", "git+file"):
            notes.append(_local_note(clean))
        return PinnedSource(url=clean, ref=ref, notes=tuple(notes))
    # A local repository: check the ref is there and pin the commit it names now.
    path = Path(url).expanduser().resolve()
    top = _git(path, "rev-parse", "--show-toplevel")
    commit = _git(path, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if top is None or commit is None:
        raise SourceError(f"--source {text!r}: {path} is not a git repository with a commit {ref}")
    return PinnedSource(url=top, ref=commit, notes=(_local_note(top),))


def _local_note(where: str) -> str:
    return (
        f"the pinned source is the local repository {where}, which only this machine can "
        "reach: CI needs `inquiry init DIR --source URL@REF` with a URL it can fetch"
    )


def _without_credentials(url: str) -> str:
    # A token in a remote URL must never be copied into files that get committed and published.
    if "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    if parts.scheme.endswith("ssh") and parts.username and parts.password is None:
        host = f"{parts.username}@{host}"  # `git@` names the account, not a secret
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _fetchable(url: str) -> tuple[str, list[str]]:
    """The URL a CI runner can fetch without keys or tokens, and notes on what was changed."""
    notes = []
    clean = _without_credentials(url)
    if clean != url:
        notes.append("the credentials in the repository URL were left out of the generated files")
    scp = _SCP_LIKE.fullmatch(clean)
    parts = urlsplit(clean)
    # CI runners and coalition members' machines have no SSH key for the tool's repository;
    # the forges serve the same path over https.
    if scp:
        https = f"https://{scp['host']}/{scp['path']}"
    elif parts.scheme in ("ssh", "git+ssh", "git") and parts.hostname:
        https = f"https://{parts.hostname}{parts.path}"
    else:
        return clean, notes
    notes.append(f"the pinned source is {https} (the https form of {clean})")
    return https, notes


def _git(checkout: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def checkout_source(checkout: Path) -> PinnedSource | None:
    """The `origin` remote (or the path, without one) and HEAD commit of a git checkout."""
    head = _git(checkout, "rev-parse", "HEAD")
    if head is None or not _COMMIT.fullmatch(head):
        return None
    notes: list[str] = []
    remote = _git(checkout, "remote", "get-url", "origin")
    if remote:
        url, notes = _fetchable(remote)
        if not _git(checkout, "branch", "-r", "--contains", head):
            notes.append(
                f"commit {head[:12]} of {checkout} is on no branch of origin yet: push it, or "
                "the pinned source cannot be fetched"
            )
    else:
        url = str(checkout.resolve())
        notes.append(
            f"the pinned source is the local checkout {url}, which only this machine can "
            "reach: CI needs `inquiry init DIR --source URL@REF` with a URL it can fetch"
        )
    if _git(checkout, "status", "--porcelain", "--untracked-files=no"):
        notes.append(
            f"{checkout} has uncommitted changes; the generated files pin commit {head[:12]}, "
            "which does not have them"
        )
    return PinnedSource(url=url, ref=head, notes=tuple(notes))


def from_direct_url(record: dict[str, object]) -> PinnedSource | None:
    """The source a PEP 610 `direct_url.json` record names, if it is a git repository."""
    url = record.get("url")
    if not isinstance(url, str):
        return None
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        fetchable, notes = _fetchable(url)
        return PinnedSource(url=fetchable, ref=vcs["commit_id"], notes=tuple(notes))
    if isinstance(record.get("dir_info"), dict) and url.startswith("file://"):
        return checkout_source(Path(unquote(urlsplit(url).path)))
    return None  # a wheel or an archive: no repository to point at


@functools.cache
def installed_source() -> PinnedSource | None:
    """Where the running copy came from: PEP 610 record of its distribution, else its checkout."""
    dist = _find_distribution()
    text = dist.read_text("direct_url.json") if dist is not None else None
    if text:
        try:
            record = json.loads(text)
        except ValueError:
            record = None
        if isinstance(record, dict):
            found = from_direct_url(record)
            if found is not None:
                return found
    # Not installed (run with PYTHONPATH) from a checkout: that checkout, if it is one itself.
    package_parent = Path(__file__).resolve().parent.parent
    top = _git(package_parent, "rev-parse", "--show-toplevel")
    if top is not None and Path(top).resolve() == package_parent:
        return checkout_source(package_parent)
    return None
