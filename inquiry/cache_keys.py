"""What goes into the build cache's keys besides an entry's inputs: the source of the code that
makes it (`code_digest`) and the versions of the libraries it uses (`library_versions`). A change
to either is a change to the key, so an upgraded inquiry never takes an older one's entry."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

SHAPING = frozenset({".py", ".lua", ".typ", ".json", ".css"})
"""The files of a package that `code_digest` reads: its code and the data files (pandoc filters,
typst templates, tables, styles) that shape what the code makes."""


@functools.cache
def code_digest(*names: str) -> str:
    """The sha256 of the source of `names`, for the cache keys of what that code makes: a change
    to the code is a change to the key, whether or not someone remembered to bump a version (a
    span's language, kept from this stop on, came back stripped from fields prepared before it).

    A name is a dotted module (its file), a dotted package (every `SHAPING` file under it), or
    `package/path/to/file` for one data file beside a package's code (`inquiry/data/x.lua`)."""
    digest = hashlib.sha256()
    for name in names:
        package, slash, inner = name.partition("/")
        origin = _origin(package)
        if slash:
            base, files = origin.parent, [origin.parent / inner]
        elif origin.name == "__init__.py":
            base = origin.parent
            files = sorted(f for f in base.rglob("*") if f.suffix in SHAPING and f.is_file())
        else:
            base, files = origin.parent, [origin]
        for file in files:
            digest.update(f"{name}:{file.relative_to(base)}".encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _origin(module: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise LookupError(f"no source for {module}")
    return Path(spec.origin)


@functools.cache
def library_versions(*distributions: str) -> str:
    """The installed version of each of `distributions` ("none" when missing), and qpdf's after
    pikepdf's (a pikepdf built against the system's qpdf has its own): for the cache keys of
    what those libraries make."""
    from importlib import metadata

    parts = []
    for name in distributions:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} none")
        if name == "pikepdf":
            import pikepdf

            parts.append(f"qpdf {pikepdf.__libqpdf_version__}")
    return "|".join(parts)
