"""The checks a build makes of its own PDF, at the size of a very large submission (stop 43).

A bundle of 10,000 items (20,544 pages, 1.5 million objects in 104 MB) could not be checked:
opening it costs 0.76 GB of qpdf's memory before a page is read, and the search of what assembly
added found the exhibits' figures by reading every element of the structure tree (2.7 GB), past
the workers' 1 GiB. The figures are now found through the exhibit pages' keys in the parent tree,
and the workers that read the whole bundle (and `verify`'s hashing process) get a limit that
grows with the file (`limits.pdf_memory`), still a limit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from test_pdf import Built, build_pdf, make_sample
from test_workers import address_limit

from inquiry import limits, pagehash_run
from inquiry.proof import bundle_leaks, figure_alts
from inquiry.workers import Pool

NAME = "Theodora Vance"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory, build_cache: Path) -> Built:
    base = tmp_path_factory.mktemp("public")
    return build_pdf(make_sample(base), base / "out", cache=build_cache)


def exhibit_pages(built: Built) -> list[int]:
    return [
        page
        for item in built.manifest["items"]
        for e in item["exhibits"]
        for page in range(e["first_page"], e["last_page"] + 1)
    ]


def test_each_exhibit_pages_figure_is_found_through_the_parent_tree(public: Built) -> None:
    pages = exhibit_pages(public)
    assert pages
    with pikepdf.open(public.pdf) as pdf:
        alts = figure_alts(pdf, pages)
        # The same texts as the exhibits' figures among the Document's children hold, read
        # the slow way (a chart's figure is typst's, searched with its piece).
        tree = pdf.Root.StructTreeRoot
        kids = tree.K[0].K if isinstance(tree.K, pikepdf.Array) else tree.K.K
        figures = [str(k.Alt) for k in kids if k.get("/S") == pikepdf.Name.Figure and "/Alt" in k]
        assert alts == [alt for alt in figures if alt.startswith("Exhibit ")]
        assert len(alts) == len(pages) and len(figures) > len(alts)
        assert figure_alts(pdf, [1]) == [], "the cover is no figure"


def test_a_name_planted_in_an_exhibit_figure_is_found(public: Built, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.pdf"
    shutil.copy(public.pdf, bundle)
    pages = exhibit_pages(public)
    redact = ((NAME, None),)
    assert bundle_leaks(str(bundle), redact, tuple(pages)) == []
    with pikepdf.open(bundle, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.StructTreeRoot
        kids = tree.K[0].K if isinstance(tree.K, pikepdf.Array) else tree.K.K
        figure = [k for k in kids if str(k.get("/Alt", "")).startswith("Exhibit ")][-1]
        figure.Alt = pikepdf.String(f"{figure.Alt} {NAME}")
        pdf.save(bundle)
    found = bundle_leaks(str(bundle), redact, tuple(pages))
    assert [(f.string, f.where) for f in found] == [(NAME, "structure (figures)")]
    # Not given the pages, every page's figures are read.
    assert [f.string for f in bundle_leaks(str(bundle), redact)] == [NAME]


def test_a_pool_widened_starts_its_workers_under_the_larger_limit() -> None:
    small, large = 900 * limits.MiB, 1200 * limits.MiB
    with Pool(jobs=1, memory=small) as pool:
        assert pool.run(address_limit, [0], seconds=10) == [small]
        pool.widen(small // 2)  # never narrowed
        assert pool.run(address_limit, [0], seconds=10) == [small]
        pool.widen(large)
        assert pool.run(address_limit, [0], seconds=10) == [large]


def test_the_memory_to_read_a_pdf_grows_with_it_and_stays_bounded() -> None:
    assert limits.pdf_memory(0) == limits.TYPST_MEMORY
    sizes = [10**6, 10**7, 10**8, 10**9]
    memory = [limits.pdf_memory(s) for s in sizes]
    assert memory == sorted(memory) and memory[0] < 1.1 * limits.GiB
    # The 10,000-item bundle: 104 MB, 0.76 GB resident to open, 0.9 GB to hash a third of it.
    assert limits.pdf_memory(104_144_202) > 2.5 * limits.GiB


def test_verify_hashes_a_large_file_under_a_limit_grown_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def run_command(args: list[str], *, seconds: float, memory: int) -> bytes:
        seen.append(memory)
        return b""

    monkeypatch.setattr(limits, "run_command", run_command)
    small, large = tmp_path / "small.pdf", tmp_path / "large.pdf"
    small.write_bytes(b"%PDF-1.7\n")
    with large.open("wb") as f:
        f.truncate(200 * 10**6)  # sparse: its size is what counts
    pagehash_run.page_hashes_limited(small)
    pagehash_run.page_hashes_limited(large)
    pagehash_run.page_hashes_limited(tmp_path / "missing.pdf")
    assert pagehash_run.PAGEHASH_MEMORY <= seen[0] < 1.01 * limits.GiB
    assert seen[1:] == [limits.pdf_memory(200 * 10**6), pagehash_run.PAGEHASH_MEMORY]
    assert seen[1] > 3.9 * limits.GiB
