"""Stop 38: `inquiry diff` and redaction. A redaction removed from an item showed only as
`item_file` (red team h147: the change an editor most needs to see); an exhibit whose pages a
redaction changed was said to be "content gone", though its pages still show it (h148)."""

from __future__ import annotations

from test_diff import item, manifest

from inquiry.diff import diff
from inquiry.diff_render import render_markdown, render_text


def _exhibit(sha: str, redacted: bool) -> dict[str, object]:
    return {
        "file": "exhibits/letter.pdf",
        "sha256": sha,
        "first_page": 5,
        "last_page": 6,
        **({"redacted": True} if redacted else {}),
    }


def test_a_redaction_removed_is_named() -> None:
    old = manifest(item("TM-001", "B1", 3, 4, source_sha256="redacted-1", source_redacted=True))
    new = manifest(item("TM-001", "B1", 3, 4, source_sha256="sha-plain"))
    d = diff(old, new)
    assert d.changed == {"TM-001": ("item_file", "redactions")}
    assert "redactions" in render_markdown(d)


def test_an_exhibit_whose_redaction_changed_keeps_its_pages() -> None:
    for before, after in ((True, True), (True, False), (False, True)):
        old = manifest(item("TM-001", "B1", 3, 6, exhibits=[_exhibit("a", before)]))
        new = manifest(item("TM-001", "B1", 3, 6, exhibits=[_exhibit("b", after)]))
        text = render_text(diff(old, new))
        assert "content gone" not in text, (before, after, text)


def test_an_exhibit_replaced_unredacted_is_still_content_gone() -> None:
    old = manifest(item("TM-001", "B1", 3, 6, exhibits=[_exhibit("a", False)]))
    new = manifest(item("TM-001", "B1", 3, 6, exhibits=[_exhibit("b", False)]))
    assert "content gone" in render_text(diff(old, new))
