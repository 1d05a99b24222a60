"""After `make book`: prove that no solution reached the published pages.

Checks `_build/html` for (1) any page built from `solutions/`, (2) any nbgrader marker in a
page built from a notebook (the instructors' page may name them), and (3) any line of a
reference solution, from `solutions/*.ipynb` and from the `solution()` text of every question
in `nnbook.exercises` (except scaffolding, such as a `def` line, that students are given).
Exits 1 on a leak.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_exercises import ANY_MARKER as MARKER  # noqa: E402
from solution_lines import scaffold_lines, solution_lines  # noqa: E402


def package_solution_lines() -> set[str]:
    import nnbook.exercises as ex

    lines = set()
    for mod in pkgutil.iter_modules(ex.__path__):
        module = importlib.import_module(f"nnbook.exercises.{mod.name}")
        for q in vars(module).values():
            if isinstance(q, ex.Question):
                lines |= {ln.strip() for ln in q.solution_code.splitlines()}
    return lines


def main(site: Path = ROOT / "_build" / "html") -> int:
    if not site.is_dir():
        print("no _build/html: run `make book` first")
        return 1
    secret = {ln for ln in (solution_lines() | package_solution_lines()) - scaffold_lines()
              if len(ln) >= 8 and not ln.startswith("#")}
    pages = sorted(site.rglob("*.html")) + sorted(site.rglob("*.ipynb"))
    problems = [f"page built from solutions/: {p.relative_to(site)}"
                for p in pages if "solutions" in p.relative_to(site).parts]
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(errors="replace")))
        from_notebook = page.suffix == ".ipynb" or (
            site / "_sources" / page.relative_to(site).with_suffix(".ipynb")).exists()
        if from_notebook and MARKER.search(text):
            problems.append(f"{page.relative_to(site)}: an nbgrader marker")
        problems += [f"{page.relative_to(site)}: solution line {ln!r}" for ln in secret
                     if ln in text]
    for p in problems:
        print("LEAK:", p)
    print(f"site check: {len(pages)} pages, {len(secret)} solution lines searched, "
          f"{len(problems)} leaks")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
