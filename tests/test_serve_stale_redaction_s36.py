"""Stop 36: a string added to a left-out item's `redact` list (a draft's, a restricted
testimony's) changes the public bundle, so `serve` refuses the bundle built before it as stale:
the inputs digest now covers every string the public edition redacts. It served the old
bundle, which still named the person."""

from __future__ import annotations

from pathlib import Path

from test_served_loi import run

from inquiry.scaffold import init

DRAFT = """id: TM-009
kind: testimony
status: draft
title: A draft account
date: 2025-05
lines_of_inquiry: [LOI-1]
summary: An account.
source: {title: Interview, author: W-09, accessed: 2025-07-01}
witness: {reference: W-09, role: Nurse}
consent: {publication: public, basis: Interview}
paragraphs:
  - It happened.
statement_of_truth: true
redact: [Nobody Listed]
"""


def test_a_name_added_to_a_left_out_items_list_makes_the_bundle_stale(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    draft = root / "evidence/testimonies/TM-009.yaml"
    draft.write_text(DRAFT, encoding="utf-8")
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    draft.write_text(
        DRAFT.replace("[Nobody Listed]", "[Nobody Listed, Zebedee Quorvath]"), encoding="utf-8"
    )
    code, out = run("serve", "--root", root)
    assert code != 0 and "changed since the bundle was built" in out, out
    code, out = run("build", "--root", root, "--format", "pdf")
    assert code == 0, out
    code, out = run("serve", "--root", root)
    assert code == 0, out
