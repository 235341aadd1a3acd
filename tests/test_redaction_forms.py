"""A name in the forms people write it, and a name listed by an item the edition leaves out,
proved absent from everything a public build writes (the red team's stop-22 leaks).

- Forms: a plural (`the Orrells`), an e-mail address (`torrell@…`), surname first
  (`Pennifold, Ysolde`), without the listed title (`Dr Ysolde Pennifold` listed), an umlaut
  spelt out (`Juergen Bluemwald` for `Jürgen Blümwald`), any punctuation between the words
  (`Ysolde·Pennifold`, `Ysolde+Pennifold` in a link).
- Left out: a restricted testimony redacts `Zebedee Quorvath`; a public survey finding names
  him. The public edition leaves the testimony out and still removes the name everywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import write_tree
from test_redaction_output import Edition, build_edition, needs_tools, places, squash

from inquiry.scaffold import init

SURNAMES = ("pennifold", "bluemwald", "blumwald", "orrell", "quorvath")
FORMS = [
    "The Orrells wrote to the trust.",
    "Write to torrell@example.org for the minutes.",
    'The statement was signed "Pennifold, Ysolde".',
    "Later Ysolde Pennifold left the service.",
    "Juergen Bluemwald, the service lead, set the targets.",
    "Ysolde·Pennifold replied.",
    "See <https://example.org/search?q=Ysolde+Pennifold> for the thread.",
    # A name run into a host's words (stop 29: `Somerset` stayed in `oursomerset.org.uk`).
    "Her blog, <https://www.juergenbluemwaldphotos.co.uk/about>, and [the practice]"
    "(https://orrellandpennifoldtherapy.org/team) tell the rest.",
]


def make(root: Path) -> Path:
    init(root)
    write_tree(
        root,
        {
            "evidence/testimonies/TM-020.yaml": "\n".join(
                [
                    "id: TM-020",
                    "kind: testimony",
                    "title: A therapist's statement",
                    "date: 2025-05",
                    "lines_of_inquiry: [LOI-1]",
                    "summary: Names two managers, both redacted.",
                    "source: {title: Forum post, author: W-20, accessed: 2025-07-01}",
                    "witness: {reference: W-20, role: Therapist}",
                    "consent: {publication: public, basis: Published by the author on a forum}",
                    "paragraphs: " + json.dumps(FORMS, ensure_ascii=False),
                    "statement_of_truth: false",
                    'redact: ["Dr Ysolde Pennifold", "Jürgen Blümwald", Orrell]',
                    "",
                ]
            ),
            "evidence/testimonies/TM-021.yaml": """
            id: TM-021
            kind: testimony
            title: A restricted testimony
            date: 2025-03-02
            lines_of_inquiry: [LOI-1]
            summary: Heard by the panel only.
            source: {title: Interview notes, author: Example Coalition, accessed: 2025-03-03}
            witness: {reference: W-21, role: Service user}
            consent: {publication: panel_only, basis: Written consent for the panel only}
            audience: restricted
            paragraphs: [Zebedee Quorvath told us what happened.]
            statement_of_truth: true
            redact: [Zebedee Quorvath]
            """,
        },
    )
    path = root / "evidence/survey_findings/SF-001.yaml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(
        r"(?m)^summary: .*$",
        "summary: A therapist, Zebedee Quorvath, described the targets (Quorvath, Zebedee).",
        text,
        count=1,
    )
    assert n == 1
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def editions(
    tmp_path_factory: pytest.TempPathFactory, build_cache: Path
) -> tuple[Edition, Edition]:
    root = make(tmp_path_factory.mktemp("forms") / "submission")
    out = tmp_path_factory.mktemp("forms-out")
    public = build_edition(root, out / "public", build_cache)
    restricted = build_edition(root, out / "restricted", build_cache, audience="restricted")
    return public, restricted


def surnames_in(edition: Edition, tmp: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for where, text in places(edition, tmp):
        squashed = squash(text)
        for name in SURNAMES:
            if name in squashed:
                found.setdefault(name, set()).add(where)
    return found


@needs_tools
def test_no_form_of_a_redacted_name_is_left_in_the_public_edition(
    editions: tuple[Edition, Edition], tmp_path: Path
) -> None:
    public, _ = editions
    found = surnames_in(public, tmp_path)
    assert found == {}, {k: sorted(v)[:5] for k, v in found.items()}
    pdf_text = "\n".join(t for w, t in places(public, tmp_path) if w.startswith("bundle.pdf: pdf"))
    assert pdf_text.count("[REDACTED]") >= len(FORMS) + 2


@needs_tools
def test_the_restricted_edition_shows_every_form(
    editions: tuple[Edition, Edition], tmp_path: Path
) -> None:
    """The same search finds each name in the restricted edition: finding none means something."""
    _, restricted = editions
    found = surnames_in(restricted, tmp_path)
    assert {"pennifold", "bluemwald", "orrell", "quorvath"} <= set(found), sorted(found)
    assert any(w.startswith("bundle.pdf") for w in found["quorvath"])


def test_a_public_builds_warnings_name_no_redacted_string(
    tmp_path: Path, build_cache: Path
) -> None:
    """A CI log is often public: the warning about an exhibit left without text names the
    exhibit with the name redacted (the restricted build, for the panel, names it whole)."""
    import io

    from PIL import Image

    from inquiry.build import build

    root = tmp_path / "repo"
    init(root)
    picture = io.BytesIO()
    Image.new("RGB", (300, 200), "white").save(picture, "PNG")
    path = root / "evidence/testimonies/TM-001.yaml"
    text = path.read_text(encoding="utf-8")
    text += (
        "redact: [Zebedee Quorvath]\n"
        "exhibits:\n"
        "  - {file: exhibits/Zebedee-Quorvath photo.png, description: A photograph}\n"
    )
    path.write_text(text, encoding="utf-8")
    (root / "evidence/exhibits").mkdir(exist_ok=True)
    (root / "evidence/exhibits/Zebedee-Quorvath photo.png").write_bytes(picture.getvalue())
    said: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INQUIRY_CACHE_DIR", str(build_cache))
        for audience in ("public", "restricted"):
            result = build(
                root, out=tmp_path / audience, formats=("pdf",), audience=audience, ocr="never"
            )
            said[audience] = "\n".join(f"{w.message} {w.hint}" for w in result.warnings)
    assert "exhibit" in said["public"] and "[REDACTED]" in said["public"], said
    assert "quorvath" not in said["public"].lower(), said["public"]
    assert "Zebedee-Quorvath" in said["restricted"], said["restricted"]
