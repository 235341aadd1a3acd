"""inquiry: YAML evidence items → a court-grade evidence bundle (PDF, DOCX, manifest).

The library API: `validate(root)` returns the corpus and a report; `build(root, out=...)` makes
the bundle. The CLI in `inquiry.cli` is a thin layer over these.
"""

from inquiry.build import build
from inquiry.validate import validate

__all__ = ["build", "validate"]
