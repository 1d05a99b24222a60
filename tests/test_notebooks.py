"""Notebook hygiene: names, table of contents, first cells, stored outputs, alt text."""

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
EXECUTED = CHAPTERS + SOLUTIONS


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    def walk(entries):
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return files


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells
            if c.cell_type == "code" and c.source.strip()]


def test_there_is_at_least_one_chapter_with_exercises():
    assert CHAPTERS and SOLUTIONS and EXERCISES


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS + EXERCISES, ids=lambda p: p.name)
def test_names(path):
    assert NAME.match(path.name), f"{path.name} is not NN_topic.ipynb"


def test_same_topics_in_notebooks_solutions_and_exercises():
    chapters = {p.name for p in CHAPTERS}
    assert {p.name for p in SOLUTIONS} == {p.name for p in EXERCISES}
    assert {p.name for p in SOLUTIONS} <= chapters, "every exercise set belongs to a chapter"


def test_toc_lists_every_public_notebook_and_no_solutions():
    files = toc_files()
    for path in CHAPTERS + EXERCISES:
        assert str(path.relative_to(ROOT).with_suffix("")) in files, f"{path} not in _toc.yml"
    assert not [f for f in files if f.startswith("solutions")]
    for f in files:
        assert any((ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb")), f


def test_solutions_are_excluded_from_the_site():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["only_build_toc_files"] is True
    for folder in ("solutions/*", "src/*", "tests/*", "benchmarks/*", ".venv/*"):
        assert folder in config["exclude_patterns"]


@pytest.mark.parametrize("path", CHAPTERS + SOLUTIONS + EXERCISES, ids=lambda p: p.name)
def test_first_cells(path):
    nb = nbformat.read(path, as_version=4)
    first_md = next(c for c in nb.cells if c.cell_type == "markdown"
                    and not c.source.startswith("```{note}"))
    assert first_md.source.startswith("# "), "the first cell starts with the title"
    if path in CHAPTERS:
        assert "Learning goals" in first_md.source and "Prerequisites" in first_md.source
    first_code = code_cells(path)[0].source
    assert "nnbook.set_seed(" in first_code, "the first code cell seeds"
    assert first_code.rstrip().splitlines()[-1].startswith("nnbook.set_seed("), \
        "set_seed comes after all imports"
    assert 'find_spec("nnbook")' in first_code, "a Colab set-up installs nnbook if missing"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_committed_executed_top_to_bottom_without_errors(path):
    cells = code_cells(path)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    assert sum(len(c.outputs) for c in cells) > 0
    for c in cells:
        for out in c.outputs:
            assert out.output_type != "error", f"error output in: {c.source[:60]}"
            assert out.get("name") != "stderr", f"stderr output in: {c.source[:60]}"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_no_stored_widget_state(path):
    """Widget state holds random ids; `make run` executes without storing it."""
    assert "widgets" not in nbformat.read(path, as_version=4).metadata


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_figures_have_alt_text(path):
    for c in code_cells(path):
        if any("image/png" in o.get("data", {}) for o in c.outputs):
            alt = c.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 20, f"figure without alt text: {c.source[:60]}"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercises_are_stored_without_outputs(path):
    for c in code_cells(path):
        assert c.outputs == [] and c.execution_count is None


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_ends_with_summary_and_link_to_exercises(path):
    md = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    assert "## Summary" in md[-1]
    assert f"../exercises/{path.name}" in md[-1]


def test_status_page_lists_every_chapter_with_its_run_time(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import status_page

    text = status_page.page()
    for path in CHAPTERS:
        assert f"](../notebooks/{path.name})" in text
    title, cells, seconds, _ = status_page.notebook_status(CHAPTERS[0])
    assert title.startswith("1.") and cells == len(code_cells(CHAPTERS[0])) and seconds > 0
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    for c in nb.cells:
        c.metadata.pop("execution", None)
    nbformat.write(nb, tmp_path / "bare.ipynb")
    with pytest.raises(ValueError, match="without execution times"):
        status_page.notebook_status(tmp_path / "bare.ipynb")
    assert (ROOT / "book" / "status.md").read_text() == text, \
        "book/status.md is out of date: run `make run` (or scripts/status_page.py)"


# Claim checks (see nnbook.claims): a sentence that reads a result is asserted beside it.
CLAIM_CALL = re.compile(r"\bclaim(_close)?\(")
CLAIM_TAGS = {"claim", "remove-cell"}


def claim_cells(path):
    return [c for c in code_cells(path) if "claim" in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_has_claim_checks(path):
    assert claim_cells(path), f"{path.name} has no claim check (a cell tagged 'claim')"


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_claim_cells_are_tagged_hidden_and_silent(path):
    """A claim cell calls claim()/claim_close(), is removed from the page and prints nothing;
    a cell that checks a claim is tagged as one (so the page hides it)."""
    for c in code_cells(path):
        tags = set(c.metadata.get("tags", []))
        calls = bool(CLAIM_CALL.search(c.source))
        if "claim" in tags or calls:
            where = f"{path.name}: {c.source[:70]!r}"
            assert calls, f"a cell tagged 'claim' checks nothing: {where}"
            assert CLAIM_TAGS <= tags, f"claim cell needs the tags {sorted(CLAIM_TAGS)}: {where}"
            assert not c.outputs, f"a claim cell must print nothing (it is hidden): {where}"


# A decimal number, a percentage, or "a × 10^k", as prose quotes a result.
QUOTED_NUMBER = re.compile(
    r"(?<![\w.])[-\u2212]?\d*\.\d+(?:[eE][-+\u2212]?\d+)?%?|(?<![\w.])\d+(?:[eE][-+\u2212]?\d+)?%")
# "§2.1", "section 2.1", "chapters 3 and 4", "figure 1.2" name parts of the book, not results.
BOOK_REFERENCE = re.compile(
    r"(§|\b[Ss]ections?|\b[Cc]hapters?|\b[Ff]igures?|\b[Ee]quations?)\s*\d+(\.\d+)*"
    r"(\s*(,|and|or|\u2013|-)\s*\d+(\.\d+)*)*")


def unchecked_numbers(path):
    """Numbers quoted in the Markdown of ``path`` that no code cell's source or output shows.

    A number the prose quotes must be printed by the notebook or asserted by a claim check
    (whose source then holds it). Headings and references to sections are not results.
    """
    nb = nbformat.read(path, as_version=4)
    shown = []
    for c in nb.cells:
        if c.cell_type == "code":
            shown.append(c.source)
            for out in c.get("outputs", []):
                shown.append(out.get("text", ""))
                shown.extend(str(out.get("data", {}).get(k, ""))
                             for k in ("text/plain", "text/html", "text/markdown"))
    haystack = "\n".join(shown)
    missing = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "markdown":
            continue
        prose = "\n".join(line for line in c.source.splitlines()
                          if not line.lstrip().startswith("#"))
        for match in QUOTED_NUMBER.finditer(BOOK_REFERENCE.sub(" ", prose)):
            number = match.group(0).replace("\u2212", "-").lstrip("-").rstrip("%")
            if number not in haystack:
                missing.append(f"cell {i}: {match.group(0)}")
    return missing


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_numbers_in_the_text_are_printed_or_claim_checked(path):
    missing = unchecked_numbers(path)
    assert not missing, (f"{path.name} quotes numbers that no output prints and no claim check "
                         f"asserts: {missing}")


def test_the_number_scan_finds_a_hand_typed_number(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(0.25)", outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="0.25\n")]),
                nbformat.v4.new_markdown_cell("## 2.1 Heading\nAs §2.1 shows, the loss is 0.25, "
                                              "and accuracy 97%, or −0.31 at best.")]
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    assert unchecked_numbers(path) == ["cell 1: 97%", "cell 1: \u22120.31"]


def ragged_table_rows(text):
    """Markdown table rows whose number of cells differs from their header's.

    A `|` inside `$...$` or backticks still splits a cell (GFM tables split before math and
    code are parsed), so |w| in a formula breaks the row; write \\lvert w\\rvert instead.
    """
    ragged, header = [], None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = len(re.findall(r"(?<!\\)\|", line.strip()))
        is_delimiter = re.fullmatch(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?", line.strip())
        if is_delimiter and i > 0 and lines[i - 1].lstrip().startswith("|"):
            header = len(re.findall(r"(?<!\\)\|", lines[i - 1].strip()))
        elif header is not None and line.lstrip().startswith("|"):
            if cells != header:
                ragged.append(line.strip()[:80])
        else:
            header = None
    return ragged


MARKDOWN_PAGES = sorted((ROOT / "book").glob("*.md")) + [ROOT / "README.md"]


@pytest.mark.parametrize("path", EXECUTED + EXERCISES + MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_tables_keep_their_columns(path):
    if path.suffix == ".md":
        texts = [path.read_text()]
    else:
        texts = [c.source for c in nbformat.read(path, as_version=4).cells
                 if c.cell_type == "markdown"]
    ragged = [row for text in texts for row in ragged_table_rows(text)]
    assert not ragged, f"{path.name}: table rows with a different number of cells: {ragged}"


def test_the_table_scan_finds_a_pipe_in_a_formula():
    table = "| penalty | formula |\n|---|---|\n| L1 | $\\sum_j |w_j|$ |\n| L2 | $w^2$ |\n\nText |"
    assert ragged_table_rows(table) == ["| L1 | $\\sum_j |w_j|$ |"]
