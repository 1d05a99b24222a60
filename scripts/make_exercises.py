"""Write exercises/NN_topic.ipynb from solutions/NN_topic.ipynb (the single source).

In code cells, nbgrader's markers decide what students get:

* ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` becomes a stub. Inside a function body it
  becomes ``raise NotImplementedError(...)``; at the top level each assigned name becomes
  ``name = ...`` so the check cell can still run and say "not attempted yet".
* ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` is removed (instructors keep them).

Outputs, execution counts and widget state are cleared, and a header cell says the file is
generated. Unbalanced or unknown markers are an error.

It also writes the nbgrader cell metadata of each solutions notebook, derived from the markers
and the question headings ``## Qk. Title (N points)`` (see ``nnbook.assignments``), so the
solutions notebooks are nbgrader source notebooks with one source of truth.

Usage: ``python scripts/make_exercises.py`` writes; ``--check`` only compares and exits 1
if ``exercises/`` or the solutions' metadata differ from what would be written.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

from nnbook.assignments import (  # noqa: F401 (re-exported for the tests and the site check)
    ANY_MARKER,
    MARKER,
    MarkerError,
    strip_source,
    with_nbgrader_metadata,
)

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "```{{note}}\nThis exercise notebook is generated from `solutions/{name}` by "
    "`make exercises`. Do not edit it by hand: edit the solutions notebook and regenerate.\n```"
)


def make_exercise(solution_path: Path, nb=None):
    nb = nb or nbformat.read(solution_path, as_version=4)
    cells = [nbformat.v4.new_markdown_cell(HEADER.format(name=solution_path.name))]
    for i, cell in enumerate(nb.cells):
        where = f"{solution_path.name} cell {i}"
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(strip_source(cell.source, where))
            new.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags", "mystnb")}
        else:
            if any(MARKER.match(line) for line in cell.source.splitlines()):
                raise MarkerError(f"{where}: solution markers are only allowed in code cells")
            new = nbformat.v4.new_markdown_cell(cell.source)
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": nb.metadata.get("kernelspec", {}),
        "language_info": {"name": "python"},
    })
    for n, cell in enumerate(out.cells):  # stable ids, so regeneration is byte-identical
        cell["id"] = f"cell-{n}"
    return out


def with_metadata(solution_path: Path):
    """The solutions notebook with its nbgrader cell metadata derived from the markers."""
    nb = nbformat.read(solution_path, as_version=4)
    return with_nbgrader_metadata(copy.deepcopy(nb), solution_path.name)


def render(nb) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on drift")
    args = parser.parse_args(argv)
    stale = []
    (ROOT / "exercises").mkdir(exist_ok=True)
    sources = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    expected = {ROOT / "exercises" / p.name for p in sources}
    for path in sources:
        source = with_metadata(path)
        for target, text in ((path, render(source)),
                             (ROOT / "exercises" / path.name, render(make_exercise(path, source)))):
            if not target.exists() or target.read_text() != text:
                stale.append(target)
                if not args.check:
                    target.write_text(text)
    extra = [p for p in (ROOT / "exercises").glob("*.ipynb") if p not in expected]
    if args.check and (stale or extra):
        for p in stale:
            what = ("nbgrader metadata out of step with the markers"
                    if p.parent.name == "solutions" else "out of date")
            print(f"{what}: {p.relative_to(ROOT)} (run `make exercises`)")
        for p in extra:
            print(f"no solutions notebook for {p.relative_to(ROOT)}")
        return 1
    print(f"{'checked' if args.check else 'wrote'} {len(sources)} exercise notebook(s) and the "
          f"solutions' nbgrader metadata" + ("" if args.check else f", {len(stale)} changed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
