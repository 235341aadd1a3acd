"""Typst pieces compiled on the worker pool, through the build cache, with every page searched.

A piece's result follows from its source, whether it is tagged, the redacted strings, the
versions of typst and the PDF libraries and the source of the code that compiles, finishes and
searches it (`engine_version`), so it is cached under those; what is not cached is compiled on the
pool, each piece going back to the worker that compiled it before (typst's in-process memory
makes that cheap). A piece that cannot be laid out names the items it held; a redacted string
found in a compiled page stops the build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from inquiry.errors import BuildFailed
from inquiry.render.pdf.compile import (
    Compiled,
    CompileError,
    Task,
    compile_task,
    engine_version,
    item_parts,
)
from inquiry.render.richtext import Store

if TYPE_CHECKING:
    from inquiry.workers import Failure, Pool


def compile_batch(
    sources: Sequence[str],
    pool: Pool,
    cache: Store | None,
    tagged: bool,
    order: Sequence[str] | None,
    redact: tuple[tuple[str, str | None], ...] = (),
    files: Mapping[str, str] | None = None,
    held: Mapping[str, Sequence[str]] | None = None,
    done: Callable[[], None] = lambda: None,
    named: Mapping[str, str] | None = None,
) -> list[Compiled]:
    """Compile each source (searching its pages for redacted strings), from the cache when it
    holds the result; a redacted string found in a compiled page stops the build. `done()` is
    called as each source is compiled or found in the cache. A failure names the items of the
    source (`held`), else what `named` calls it ("the annex (part 2 of 3)"), else the front
    matter."""
    import pickle

    out: list[Compiled | None] = []
    keys = [_key(s, tagged, redact) for s in sources]
    missing: list[int] = []
    for i, key in enumerate(keys):
        hit = _load(cache.get("typst", key)) if cache is not None else None
        if hit is not None:
            out.append(hit)
            done()
        else:
            out.append(None)
            missing.append(i)
    affinity_of = {s: k for k, s in enumerate(order or sources)}
    from inquiry import limits
    from inquiry.workers import Failure

    results = pool.run(
        compile_task,
        [Task(sources[i], tagged, redact) for i in missing],
        seconds=limits.TYPST_SECONDS,
        affinity=lambda task: affinity_of.get(task.source, 0),
        progress=lambda finished, total: done(),
    )
    for i, result in zip(missing, results, strict=True):
        if isinstance(result, Failure):
            # Which items the failed piece held (a chunk's; else the front matter), and the file
            # when it held one item, so the failure has a place. A chunk's items are laid out
            # one by one to find the one that fails alone: the others are not to blame.
            ids = list((held or {}).get(sources[i], []))
            alone = _culprit(sources[i], ids, pool, tagged) if len(ids) > 1 else None
            if alone is not None:
                ids, result = [alone[0]], alone[1]
            what = (
                ("items " if len(ids) > 1 else "item ") + ", ".join(ids)
                if ids
                else (named or {}).get(sources[i], "the front matter")
            )
            file = files.get(ids[0]) if files is not None and len(ids) == 1 else None
            if isinstance(result.exception, CompileError):
                raise BuildFailed(
                    message=f"typst could not lay out {what}: {result.exception}", file=file
                )
            raise BuildFailed(message=f"laying out {what} failed: {result.message}", file=file)
        out[i] = result
        if cache is not None:
            cache.put("typst", keys[i], pickle.dumps(result))
    leaks = [leak for c in out if c is not None for leak in c.leaks]
    if leaks:
        item, where = next((leak for leak in leaks if leak[0]), leaks[0])
        shown = f"{item} ({where})" if item else where
        raise BuildFailed(
            message=f"a redacted string would still be found in {shown} as the PDF draws it:"
            " its text as drawn joins up what the redaction read apart (a formula, a character"
            " the fonts cannot draw, text set right to left, or a pinpoint beside words that"
            " make up the string with the item number it prints); rewrite it there, or list the"
            " string with other words; nothing was installed",
            file=files.get(item) if files is not None else None,
        )
    return [c for c in out if c is not None]


def _load(data: bytes | None) -> Compiled | None:
    """A cached piece, or None (a miss, also for an entry this code cannot read: compiled
    again, and the entry replaced)."""
    import pickle

    if data is None:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # whatever unpickling damaged bytes raises
        return None
    return found if isinstance(found, Compiled) else None


def _culprit(
    source: str, ids: Sequence[str], pool: Pool, tagged: bool
) -> tuple[str, Failure] | None:
    """The first item of a chunk that cannot be laid out on its own, with why; None when each
    can (the chunk failed only together: a memory limit reached by all of them)."""
    from inquiry import limits
    from inquiry.workers import Failure

    head, parts = item_parts(source)
    if len(parts) != len(ids):
        return None
    tasks = [Task(head + part.rstrip("\n") + "\n", tagged) for part in parts]
    # Fresh workers: one that has laid out many pieces holds their memoised layouts, and a
    # small item laid out there could reach the memory limit that a large one set off (a run
    # of the red team's two long tables named SF-001, the chunk's first and smallest item).
    pool.release()
    results = pool.run(compile_task, tasks, seconds=limits.TYPST_SECONDS)
    for item_id, task, result in zip(ids, tasks, results, strict=True):
        if isinstance(result, Failure):
            # Confirmed alone, in a worker of its own, before it is named.
            pool.release()
            [again] = pool.run(compile_task, [task], seconds=limits.TYPST_SECONDS)
            if isinstance(again, Failure):
                return item_id, again
    return None


def _key(source: str, tagged: bool, redact: tuple[tuple[str, str | None], ...]) -> str:
    text = f"{engine_version()}|{tagged}|{redact!r}|{source}"
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
