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
