"""Every exhibit of a submission prepared once: in workers, under limits, cached by content.

`validate` and `build` both call `prepare_many`, so validation refuses exactly the exhibits the
build would, at the item's line, and the build then takes the prepared pages from the cache
instead of doing the work again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.files import read_exhibit, sniff
from inquiry.exhibits.prepare import VERSION, Options, Prepared, prepare
from inquiry.limits import LimitExceeded
from inquiry.picture_font import DATA as PICTURE_FONT
from inquiry.redaction import RULES

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
    turned: tuple[int, ...] = ()
    """Pages whose text reads sideways or upside down as the exhibit shows them (1-based)."""
    source_sha256: str = ""
    """The coalition's file's hash ("" when not known), whether or not it was redacted: for
    telling a served file redacted since from another file. Never published (see `sha256`)."""
    cropped: tuple[int, ...] = ()
    """Pages holding text outside what they show (`exhibits.cropped`), 1-based."""

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
    "inquiry.pagehash",
    "inquiry.pagehash_values",
    "inquiry.problems",
    "inquiry.pdfobjects",
    "inquiry.content_strings",
    "inquiry.pdf_names",
    "inquiry.pdf_file",
    "inquiry.tempdirs",
    "inquiry.imagetexts",
    "inquiry.redaction",
    "inquiry.name_patterns",
    "inquiry.name_spaced",
    "inquiry.name_readings",
    "inquiry.name_drawn",
    "inquiry.name_look",
    "inquiry.name_present",
    "inquiry.name_spans",
    "inquiry.drawn_chars",
    "inquiry.redaction_spans",
    "inquiry.name_addresses",
    "inquiry.name_forms",
    "inquiry.name_titles",
    "inquiry.name_gaps",
    "inquiry.folding",
    "inquiry.folding_chars",
    "inquiry.marked_letters",
    "inquiry.look_alikes",
    "inquiry.picture_font",
    PICTURE_FONT,
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
    budget: float | None = None,
) -> list[Ready | Refused]:
    """Each request prepared (from the cache when it holds it); results in request order.
    Each may take `seconds`, or, when OCR may read it, the time `limits.exhibit_seconds` gives
    its pages if that is more (counted first, in the workers); all together at most `budget`
    seconds when given (`limits.exhibits_budget`): one started later gets what is left, and
    one that meets the budget is refused saying so. Requests with the same key (the same
    bytes and options) are prepared once, and a refusal holds for each. `progress(done,
    total)` counts the requests done, cached ones first."""
    import time

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
    # The same bytes attached twice are prepared once: a file that costs its full time limit
    # costs it once (red team h110: a byte-identical copy cost another minute).
    first: dict[str, int] = {}
    copies: dict[int, int] = {}
    for i in todo:
        if keys[i] and keys[i] in first:
            copies[i] = first[keys[i]]
        elif keys[i]:
            first[keys[i]] = i
    todo = [i for i in todo if i not in copies]
    cached = len(requests) - len(todo)  # a copy is done when its first is
    if progress is not None:
        progress(cached, len(requests))

    def prepared(done: int, total: int) -> None:
        if progress is not None:
            progress(cached + done, len(requests))

    pages = _page_counts([requests[i] for i in todo], pool)
    deadline = None if budget is None else time.monotonic() + budget
    cut: set[Request] = set()

    def limit(request: Request) -> float:
        """The caller's limit, or more for an exhibit OCR reads: its time a page; no more
        than the budget has left (a second at least, so that it is refused in turn)."""
        from inquiry import limits

        given = seconds(request) if callable(seconds) else seconds
        if request in pages:
            size = request.path.stat().st_size if request.path.is_file() else 0
            given = max(given, limits.exhibit_seconds(size, ocr=True, pages=pages[request]))
        if deadline is not None and deadline - time.monotonic() < given:
            cut.add(request)
            return max(1.0, deadline - time.monotonic())
        return given

    results = pool.run(prepare_task, [requests[i] for i in todo], seconds=limit, progress=prepared)
    for i, result in zip(todo, results, strict=True):
        request = requests[i]
        if isinstance(result, Failure):
            exc = result.exception
            if result.kind == "time" and request in cut:
                out[i] = Refused(
                    request.name,
                    "exhibit-limit",
                    "was not prepared: the exhibits together ran past their time budget of "
                    f"{budget:.0f} s (the limit for all of them; see inquiry/limits.py)",
                )
            elif isinstance(exc, ExhibitError):
                out[i] = Refused(request.name, exc.code, str(exc))
            elif isinstance(exc, LimitExceeded):
                out[i] = Refused(request.name, "exhibit-limit", str(exc))
            elif result.kind == "error":
                # An exception preparation does not expect: its words are Python's, not the
                # file's (`'int' object has no attribute …`), so they are not shown.
                out[i] = Refused(
                    request.name,
                    "exhibit-damaged",
                    "could not be prepared: something in it stopped inquiry (an internal "
                    "error, not the file's fault alone; please report it with the file)",
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
            "turned": result.turned,
            "cropped": result.cropped,
            "source_sha256": result.sha256,  # kept in the cache only, never published
        }
        key = keys[i] or cache_key(result.sha256, request)
        stored = workdir / f"exhibit-{key[:24]}.pdf"
        stored.unlink(missing_ok=True)  # a link to a cache entry is never written through
        stored.write_bytes(result.pdf)
        if cache.put_file("exhibit", key, stored) is not None:
            cache.put("exhibit-meta", key, json.dumps(facts).encode())
        out[i] = _ready(request.name, facts, stored)
    for i, j in copies.items():
        done = out[j]
        if isinstance(done, Refused):
            out[i] = Refused(requests[i].name, done.code, done.message)
        elif done is not None:
            out[i] = dataclasses.replace(done, name=requests[i].name)
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
        tuple(int(p) for p in meta.get("turned", ())),
        str(meta.get("source_sha256", "")),
        tuple(int(p) for p in meta.get("cropped", ())),
    )
