"""inquiry: YAML evidence items → a court-grade evidence bundle (PDF, DOCX, HTML, manifest).

The library API: `validate(root)` returns the corpus and a report; `build(root, out=...)` makes
the bundle. The CLI in `inquiry.cli` is a thin layer over these. Both are imported on first use,
so importing a small module of the package (a worker process does) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inquiry.build import build
    from inquiry.validate import validate

__all__ = ["build", "validate"]


def __getattr__(name: str) -> Any:
    if name == "build":
        from inquiry.build import build

        return build
    if name == "validate":
        from inquiry.validate import validate

        return validate
    raise AttributeError(f"module 'inquiry' has no attribute {name!r}")
