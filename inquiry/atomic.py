"""Writing a file whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(dest: Path, data: bytes) -> None:
    """Write `dest` whole or not at all, through a new file of a name no one chose (a fixed
    temporary name could be a committed symbolic link, written through to whatever it names),
    renamed over it; a link at `dest` is replaced itself, never its target. Readable by all
    (mkstemp's 0600 would hide a committed file from other users)."""
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".inquiry-tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, 0o644)
        os.replace(name, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
