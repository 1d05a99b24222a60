"""Write exercises/NN_topic.ipynb from solutions/NN_topic.ipynb (the single source).

In code cells, nbgrader's markers decide what students get:

* ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` becomes a stub. Inside a function body it
  becomes ``raise NotImplementedError(...)``; at the top level each assigned name becomes
  ``name = ...`` so the check cell can still run and say "not attempted yet".
* ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` is removed (instructors keep them).

Outputs, execution counts and widget state are cleared, and a header cell says the file is
generated. Unbalanced or unknown markers are an error.

Usage: ``python scripts/make_exercises.py`` writes; ``--check`` only compares and exits 1
if ``exercises/`` differs from what would be written.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)\s+(SOLUTION|HIDDEN\s+TESTS)\s*$", re.IGNORECASE)
# Any spelling of a marker, nbgrader's or otter-grader's, in any case, with spaces, tabs,
# underscores or hyphens: what must never reach a student notebook or the web site.
ANY_MARKER = re.compile(r"(?i)(?<![\w-])(begin|end)[\s_-]*(hidden[\s_-]*)?"
                        r"(solution|tests?|question|prompt)\b"
                        r"|#\s*solution[\s_-]+no[\s_-]+prompt")
HEADER = (
    "```{{note}}\nThis exercise notebook is generated from `solutions/{name}` by "
    "`make exercises`. Do not edit it by hand: edit the solutions notebook and regenerate.\n```"
)


class MarkerError(ValueError):
    pass


def _stub(region: list[str], indent: str) -> list[str]:
    if indent:  # inside a function body
        return [f"{indent}# YOUR CODE HERE",
                f'{indent}raise NotImplementedError("Write this part, then run the check below")']
    try:
        tree = ast.parse(textwrap.dedent("\n".join(region)))
    except SyntaxError as exc:
        raise MarkerError(f"the solution region does not parse: {exc}") from None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id not in names:
                    names.append(n.id)
    return ["# YOUR CODE HERE"] + [f"{n} = ...  # replace ... with your answer" for n in names]


def strip_source(source: str, where: str) -> str:
    """Replace solution regions by stubs and drop hidden tests in one cell's source."""
    out, region, kind, indent = [], None, None, ""
    for line in source.splitlines():
        m = MARKER.match(line)
        if m:
            edge, what = m.group(1).upper(), m.group(2).upper().split()[0]
            if edge == "BEGIN":
                if region is not None:
                    raise MarkerError(f"{where}: BEGIN {what} inside an open {kind} region")
                region, kind, indent = [], what, line[: len(line) - len(line.lstrip())]
            else:
                if kind != what:
                    raise MarkerError(f"{where}: END {what} without a matching BEGIN")
                if kind == "SOLUTION":
                    out.extend(_stub(region, indent))
                region, kind = None, None
        elif ANY_MARKER.search(line) and line.lstrip().startswith("#"):
            raise MarkerError(f"{where}: unrecognised marker line {line.strip()!r}")
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise MarkerError(f"{where}: {kind} region is never closed")
    return "\n".join(out).rstrip("\n")


def make_exercise(solution_path: Path):
    nb = nbformat.read(solution_path, as_version=4)
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
        target = ROOT / "exercises" / path.name
        text = render(make_exercise(path))
        if not target.exists() or target.read_text() != text:
            stale.append(target)
            if not args.check:
                target.write_text(text)
    extra = [p for p in (ROOT / "exercises").glob("*.ipynb") if p not in expected]
    if args.check and (stale or extra):
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run `make exercises`)")
        for p in extra:
            print(f"no solutions notebook for {p.relative_to(ROOT)}")
        return 1
    print(f"{'checked' if args.check else 'wrote'} {len(sources)} exercise notebook(s)"
          + ("" if args.check else f", {len(stale)} changed"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
