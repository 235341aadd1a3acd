"""Every exhibit of a submission prepared once: in workers, under limits, cached by content.

`validate` and `build` both call `prepare_many`, so validation refuses exactly the exhibits the
build would, at the item's line, and the build then takes the prepared pages from the cache
instead of doing the work again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from inquiry.checks.common import at
from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.files import read_exhibit, resolve, sniff
from inquiry.exhibits.prepare import VERSION, Options, Prepared, prepare
from inquiry.limits import BUNDLE_PAGES, LimitExceeded
from inquiry.numbering import Numbered, Plan
from inquiry.problems import Problem, Severity
from inquiry.redaction import RULES, Matcher

if TYPE_CHECKING:
    from inquiry.workers import Pool


class Store(Protocol):
    def get(self, namespace: str, key: str) -> bytes | None: ...

    def take(self, namespace: str, key: str, dest: Path) -> bool: ...

    def put(self, namespace: str, key: str, data: bytes) -> Path | None: ...

    def put_file(self, namespace: str, key: str, src: Path) -> Path | None: ...


@dataclass(frozen=True)
class Request:
    """One exhibit file to prepare; `name` is how messages name it (as the item writes it)."""

    path: Path
    name: str
    options: Options


@dataclass(frozen=True)
class Ready:
    """A prepared exhibit on disk."""

    name: str
    kind: str
    sha256: str
    path: Path
    sizes: tuple[tuple[float, float], ...]
    no_text: tuple[int, ...] = ()
    marks: tuple[tuple[int, str | None], ...] = ()
    missing: tuple[str, ...] = ()
    unverified: tuple[int, ...] = ()
    left_out: tuple[str, ...] = ()
    unsearched: tuple[int, ...] = ()
    redacted: bool = False
    """Redaction took something out: `sha256` is then the published (prepared) file's, not the
    source's."""

    @property
    def pages(self) -> int:
        return len(self.sizes)


@dataclass(frozen=True)
class Refused:
    """An exhibit that cannot go into the bundle, and why (a problem code and message)."""

    name: str
    code: str
    message: str


def prepare_task(request: Request) -> Prepared:
    """Worker entry point: read and prepare one exhibit."""
    return prepare(read_exhibit(request.path), strip=request.options)


def count_task(request: Request) -> int:
    """Worker entry point: how many pages an exhibit has (a picture is one), for its limit."""
    import io

    import pikepdf

    data = read_exhibit(request.path)
    if sniff(data[:1024]) != "pdf":
        return 1
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _page_counts(requests: Sequence[Request], pool: Pool) -> dict[Request, int]:
    """The pages of each request OCR may read (`limits.exhibit_seconds` allows OCR time a
    page), counted in workers under the preparation's limits; one that cannot be counted is
    left out (its limit is by size, and preparing it says what is wrong)."""
    from inquiry import limits
    from inquiry.workers import Failure

    reading = [
        r for r in dict.fromkeys(requests) if r.options.ocr != "never" and r.options.ocr_tools
    ]
    counts = pool.run(count_task, reading, seconds=limits.EXHIBIT_SECONDS) if reading else []
    return {r: n for r, n in zip(reading, counts, strict=True) if not isinstance(n, Failure)}


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


PREPARING = (
    "inquiry.exhibits",
    "inquiry.embedded",
    "inquiry.errors",
    "inquiry.limits",
    "inquiry.problems",
    "inquiry.pdfobjects",
    "inquiry.pdf_file",
    "inquiry.imagetexts",
    "inquiry.redaction",
    "inquiry.name_patterns",
    "inquiry.name_forms",
    "inquiry.folding",
    "inquiry.look_alikes",
)
"""The code that prepares an exhibit: its digest is in every key (`cache_keys.code_digest`)."""


def cache_key(sha256: str, request: Request) -> str:
    """Everything that shapes the prepared exhibit: its bytes, the preparation code's version,
    the options (redactions included), the PDF libraries' versions and the OCR engine."""
    from inquiry.cache_keys import code_digest, library_versions

    engine = _ocr_engine() if request.options.ocr != "never" else ""
    code = code_digest(*PREPARING)
    libraries = library_versions("pikepdf", "pypdfium2", "pillow", "fonttools")
    text = f"{VERSION}|{RULES}|{code}|{libraries}|{engine}|{request.options!r}|{sha256}"
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


@cache
def _ocr_engine() -> str:
    """The OCR tools' versions (an OCR'd exhibit depends on them), or "none"."""
    import shutil
    import subprocess
    from importlib import metadata

    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return "none"
    try:
        done = subprocess.run(
            [tesseract, "--version"], capture_output=True, text=True, timeout=20, check=False
        )
        first = (done.stdout or done.stderr).splitlines()[:1]
    except (OSError, subprocess.SubprocessError):
        first = []
    try:
        ocrmypdf = metadata.version("ocrmypdf")
    except metadata.PackageNotFoundError:
        ocrmypdf = "none"
    return f"{first[0] if first else 'tesseract'}|ocrmypdf {ocrmypdf}"


def prepare_many(
    requests: Sequence[Request],
    *,
    pool: object,
    seconds: float | Callable[[Request], float],
    cache: Store,
    workdir: Path,
    progress: Callable[[int, int], None] | None = None,
) -> list[Ready | Refused]:
    """Each request prepared (from the cache when it holds it); results in request order.
    Each may take `seconds`, or, when OCR may read it, the time `limits.exhibit_seconds` gives
    its pages if that is more (counted first, in the workers). `progress(done, total)` counts
    the requests done, cached ones first."""
    from inquiry.workers import Failure, Pool

    assert isinstance(pool, Pool)
    out: list[Ready | Refused | None] = [None] * len(requests)
    todo: list[int] = []
    keys: list[str] = []
    for i, request in enumerate(requests):
        sha = _digest(request.path) if request.path.is_file() else None
        key = cache_key(sha, request) if sha else ""
        keys.append(key)
        meta = cache.get("exhibit-meta", key) if key else None
        # The build's own link to the cached file: a cache cleared meanwhile cannot take it.
        path = workdir / f"exhibit-{key[:24]}.pdf"
        if meta is not None and cache.take("exhibit", key, path):
            try:
                out[i] = _ready(request.name, json.loads(meta), path)
                continue
            except (ValueError, TypeError, KeyError, AttributeError):
                pass  # facts this code cannot read: the exhibit is prepared again
        todo.append(i)
    cached = len(requests) - len(todo)
    if progress is not None:
        progress(cached, len(requests))

    def prepared(done: int, total: int) -> None:
        if progress is not None:
            progress(cached + done, len(requests))

    pages = _page_counts([requests[i] for i in todo], pool)

    def limit(request: Request) -> float:
        """The caller's limit, or more for an exhibit OCR reads: its time a page."""
        from inquiry import limits

        given = seconds(request) if callable(seconds) else seconds
        if request not in pages:
            return given
        size = request.path.stat().st_size if request.path.is_file() else 0
        return max(given, limits.exhibit_seconds(size, ocr=True, pages=pages[request]))

    results = pool.run(prepare_task, [requests[i] for i in todo], seconds=limit, progress=prepared)
    for i, result in zip(todo, results, strict=True):
        request = requests[i]
        if isinstance(result, Failure):
            exc = result.exception
            if isinstance(exc, ExhibitError):
                out[i] = Refused(request.name, exc.code, str(exc))
            elif isinstance(exc, LimitExceeded):
                out[i] = Refused(request.name, "exhibit-limit", str(exc))
            elif result.kind == "error":
                out[i] = Refused(
                    request.name, "exhibit-damaged", f"could not be prepared ({result.message})"
                )
            else:
                out[i] = Refused(request.name, "exhibit-limit", result.message)
            continue
        facts: dict[str, Any] = {
            "kind": result.kind,
            # A redacted exhibit is known by what is published: the hash of its source would let
            # anyone holding candidate originals tell which one was redacted.
            "sha256": hashlib.sha256(result.pdf).hexdigest() if result.redacted else result.sha256,
            "redacted": result.redacted,
            "sizes": result.sizes,
            "no_text": result.no_text,
            "marks": result.marks,
            "missing": result.missing,
            "unverified": result.unverified,
            "left_out": result.left_out,
            "unsearched": result.unsearched,
        }
        key = keys[i] or cache_key(result.sha256, request)
        stored = workdir / f"exhibit-{key[:24]}.pdf"
        stored.unlink(missing_ok=True)  # a link to a cache entry is never written through
        stored.write_bytes(result.pdf)
        if cache.put_file("exhibit", key, stored) is not None:
            cache.put("exhibit-meta", key, json.dumps(facts).encode())
        out[i] = _ready(request.name, facts, stored)
    return [r for r in out if r is not None]


def _ready(name: str, meta: dict[str, Any], path: Path) -> Ready:
    return Ready(
        name,
        str(meta["kind"]),
        str(meta["sha256"]),
        path,
        tuple((float(w), float(h)) for w, h in meta["sizes"]),
        tuple(int(p) for p in meta.get("no_text", ())),
        tuple((int(p), c) for p, c in meta.get("marks", ())),
        tuple(str(m) for m in meta.get("missing", ())),
        tuple(int(p) for p in meta.get("unverified", ())),
        tuple(str(w) for w in meta.get("left_out", ())),
        tuple(int(p) for p in meta.get("unsearched", ())),
        bool(meta.get("redacted", False)),
    )


def requests(
    root: Path, plan: Plan, *, strip: float, ocr: str, matcher: Matcher
) -> tuple[list[tuple[tuple[Numbered, int], Request]], list[Problem]]:
    """What to prepare for every exhibit of the plan's items, and the exhibits refused at once
    (a path outside evidence/). In the public edition every exhibit is searched for every
    redacted string of the edition, and its own regions are removed."""
    from inquiry.exhibits.ocr import ocr_available

    public = plan.audience == "public"
    strings = tuple((e.text, e.code) for e in matcher.entries) if public else ()
    tools = ocr != "never" and ocr_available()
    wanted: list[tuple[tuple[Numbered, int], Request]] = []
    problems: list[Problem] = []
    for n in plan.items:
        for k, exhibit in enumerate(n.item.exhibits, 1):
            path = resolve(root, exhibit.file)
            if isinstance(path, str):
                problems.append(
                    at(
                        n.entry,
                        ("exhibits", k - 1, "file"),
                        "exhibit-outside",
                        f"exhibit `{exhibit.file}` is {path}",
                    )
                )
                continue
            regions = (
                tuple(
                    (
                        int(r.page),
                        (float(r.box[0]), float(r.box[1]), float(r.box[2]), float(r.box[3])),
                        r.code,
                    )
                    for r in getattr(exhibit, "redact", ()) or ()
                    if hasattr(r, "box")
                )
                if public
                else ()
            )
            options = Options(strip, ocr, tools, strings, regions)
            wanted.append(((n, k), Request(path, exhibit.file, options)))
    return wanted, problems


def own_strings(exhibit: object) -> list[str]:
    """The strings an exhibit entry itself asks to redact."""
    out = []
    for r in getattr(exhibit, "redact", ()) or ():
        if isinstance(r, str):
            out.append(r)
        elif isinstance(getattr(r, "text", None), str):
            out.append(r.text)
    return out


def outcomes(
    plan: Plan,
    wanted: Sequence[tuple[tuple[Numbered, int], Request]],
    results: Sequence[Ready | Refused],
) -> tuple[dict[tuple[str, int], Ready], list[Problem]]:
    """The prepared exhibits by (item id, index), and a problem for each refusal (an error)
    and each thing preparation could not do (a warning)."""
    ready: dict[tuple[str, int], Ready] = {}
    problems: list[Problem] = []
    total = 0  # the bundle's exhibit pages so far, in bundle order
    for ((n, k), request), result in zip(wanted, results, strict=True):
        name = request.name
        say = _Sayer(n, k, problems)
        if isinstance(result, Refused):
            say(result.code, f"exhibit `{name}` {result.message}", error=True)
            continue
        ready[(n.item.id, k)] = result
        total += result.pages
        if total - result.pages <= BUNDLE_PAGES < total:
            say(
                "exhibit-too-large",
                f"exhibit `{name}` takes the bundle's exhibits to {total:,} pages, over the "
                f"limit of {BUNDLE_PAGES:,} a bundle may have",
                "split the submission, or attach only the pages the evidence relies on",
                error=True,
            )
        if result.no_text:
            say("exhibit-no-text", *_no_text(name, result.no_text, request.options))
        if result.left_out:
            say(
                "exhibit-left-out",
                f"exhibit `{name}`: the bundle shows its pages only; "
                f"{' and '.join(result.left_out)} are not carried into it",
                "give what matters its own exhibit, or quote it in the item",
            )
        asked = set(own_strings(n.item.exhibits[k - 1]))
        for missing in result.missing:
            if missing in asked:
                say(
                    "exhibit-redact-not-found",
                    f"exhibit `{name}`: a string listed for redaction was not found in its "
                    "text (nothing was removed for it)",
                    "check the spelling, and look at its pages: words in pictures and scans "
                    "are searched only by OCR, and a picture OCR cannot read is not searched",
                )
        if result.unverified:
            say(
                "exhibit-redact-unverified",
                f"exhibit `{name}`: OCR of redacted page(s) "
                f"{', '.join(map(str, result.unverified))} kept reading a redacted string; "
                "those pages were left without a text layer",
                "look at those pages: widen a region over the name if it shows",
            )
        if result.unsearched:
            say(
                "exhibit-redact-unsearched",
                f"exhibit `{name}`: page(s) {', '.join(map(str, result.unsearched))} show words "
                "no text layer holds (pictures, or text in a font that gives no Unicode for its "
                "letters), which only OCR can search for the redacted strings, and OCR was off "
                "or not installed",
                "look at those pages: install Tesseract and ocrmypdf and build without --ocr "
                "never (a build then reads them by OCR and redacts what it finds), or redact a "
                "region over any name that shows",
            )
    return ready, problems


@dataclass(frozen=True)
class _Sayer:
    """Adds a problem at one exhibit's line (a warning unless `error`)."""

    entry: Numbered
    k: int
    problems: list[Problem]

    def __call__(
        self, code: str, message: str, hint: str | None = None, error: bool = False
    ) -> None:
        where = ("exhibits", self.k - 1, "file")
        severity: Severity = "error" if error else "warning"
        self.problems.append(at(self.entry.entry, where, code, message, hint, severity=severity))


def _no_text(name: str, pages: Sequence[int], options: Options) -> tuple[str, str]:
    """The message and hint for an exhibit's pages left without text, saying why."""
    listed = ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "")
    if options.ocr != "never" and options.ocr_tools:
        why = f": OCR found no words on {len(pages)} page(s) (page {listed})"
        hint = (
            "if they hold text (too faint, handwritten or sideways for OCR), add a transcript"
            " to the item, or a clearer, upright scan"
        )
    else:
        why = f" has {len(pages)} page(s) without text (page {listed})"
        hint = (
            "build without --ocr never to give them a text layer"
            if options.ocr == "never"
            else "install Tesseract (tesseract-ocr, tesseract-ocr-eng) and ocrmypdf; builds"
            " then add a text layer (--ocr auto)"
        )
    return f"exhibit `{name}`{why}: a search of the bundle will not find its words", hint
