"""Every exhibit of a submission prepared once: in workers, under limits, cached by content.

`validate` and `build` both call `prepare_many`, so validation refuses exactly the exhibits the
build would, at the item's line, and the build then takes the prepared pages from the cache
instead of doing the work again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from inquiry.exhibits.errors import ExhibitError
from inquiry.exhibits.files import read_exhibit
from inquiry.exhibits.prepare import VERSION, Prepared, prepare


class Store(Protocol):
    def get(self, namespace: str, key: str) -> bytes | None: ...

    def path(self, namespace: str, key: str) -> Path | None: ...

    def put(self, namespace: str, key: str, data: bytes) -> Path | None: ...


@dataclass(frozen=True)
class Request:
    """One exhibit file to prepare; `name` is how messages name it (as the item writes it)."""

    path: Path
    name: str
    strip: float


@dataclass(frozen=True)
class Ready:
    """A prepared exhibit on disk."""

    name: str
    kind: str
    sha256: str
    path: Path
    sizes: tuple[tuple[float, float], ...]

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
    return prepare(read_exhibit(request.path), strip=request.strip)


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def cache_key(sha256: str, request: Request) -> str:
    return hashlib.sha256(f"{VERSION}|{request.strip}|{sha256}".encode()).hexdigest()


def prepare_many(
    requests: Sequence[Request],
    *,
    pool: object,
    seconds: float,
    cache: Store,
    workdir: Path,
) -> list[Ready | Refused]:
    """Each request prepared (from the cache when it holds it); results in request order."""
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
        path = cache.path("exhibit", key) if meta is not None else None
        if meta is not None and path is not None:
            out[i] = _ready(request.name, json.loads(meta), path)
        else:
            todo.append(i)
    results = pool.run(prepare_task, [requests[i] for i in todo], seconds=seconds)
    for i, result in zip(todo, results, strict=True):
        request = requests[i]
        if isinstance(result, Failure):
            exc = result.exception
            if isinstance(exc, ExhibitError):
                out[i] = Refused(request.name, exc.code, str(exc))
            elif result.kind == "error":
                out[i] = Refused(
                    request.name, "exhibit-damaged", f"could not be prepared ({result.message})"
                )
            else:
                out[i] = Refused(request.name, "exhibit-limit", result.message)
            continue
        facts: dict[str, object] = {
            "kind": result.kind,
            "sha256": result.sha256,
            "sizes": result.sizes,
        }
        key = keys[i] or cache_key(result.sha256, request)
        stored = cache.put("exhibit", key, result.pdf)
        cache.put("exhibit-meta", key, json.dumps(facts).encode())
        if stored is None:  # the cache is off: keep it in the build's own folder
            stored = workdir / f"exhibit-{key[:24]}.pdf"
            stored.write_bytes(result.pdf)
        out[i] = _ready(request.name, facts, stored)
    return [r for r in out if r is not None]


def _ready(name: str, meta: dict[str, object], path: Path) -> Ready:
    sizes = tuple((float(w), float(h)) for w, h in meta["sizes"])  # type: ignore[attr-defined]
    return Ready(name, str(meta["kind"]), str(meta["sha256"]), path, sizes)
