"""After `make book`: prove that no solution reached the published pages.

Checks `_build/html` for (1) any page built from `solutions/`, (2) any grading marker
(nbgrader or otter, any spelling) on any page, and (3) any line of a reference solution,
from `solutions/*.ipynb` and from the `solution()` text of every question in
`nnbook.exercises` (except scaffolding, such as a `def` line, that students are given).
It also checks every internal link (``href`` and ``src`` that stay on the site): the target
file must exist and, for ``page.html#anchor``, the anchor must be an ``id`` on that page.
And no page shows a claim check (they are removed from the pages, kept in the notebooks).
Exits 1 on a leak or a broken link.
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

# Claim checks (nnbook.claims) stay in the notebooks but are removed from the pages.
CLAIM_CALL = re.compile(r"\bclaim(_close)?\(")


def package_solution_lines() -> set[str]:
    import nnbook.exercises as ex

    lines = set()
    for mod in pkgutil.iter_modules(ex.__path__):
        module = importlib.import_module(f"nnbook.exercises.{mod.name}")
        for q in vars(module).values():
            if isinstance(q, ex.Question):
                lines |= {ln.strip() for ln in q.solution_code.splitlines()}
    return lines


LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")
EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "//")


def broken_links(site: Path) -> list[str]:
    """Internal links of every page whose target file (or #anchor) does not exist."""
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(re.findall(r"""\bid=["']([^"']+)["']""",
                                       path.read_text(errors="replace")))
        return ids[path]

    problems = []
    for page in sorted(site.rglob("*.html")):
        for link in set(LINK.findall(page.read_text(errors="replace"))):
            link = html.unescape(link)
            if link.startswith(EXTERNAL) or link.startswith("{"):
                continue
            target, _, anchor = link.partition("#")
            target = target.split("?")[0]
            path = (page.parent / target).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                problems.append(f"{page.relative_to(site)}: broken link {link!r}")
            elif anchor and path.suffix == ".html" and anchor not in anchors(path):
                problems.append(f"{page.relative_to(site)}: no anchor for {link!r}")
    return problems


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
        if MARKER.search(text):
            problems.append(f"{page.relative_to(site)}: a grading marker (nbgrader or otter)")
        problems += [f"{page.relative_to(site)}: solution line {ln!r}" for ln in secret
                     if ln in text]
        if page.suffix == ".html" and CLAIM_CALL.search(text):
            problems.append(f"{page.relative_to(site)}: a claim check shown on the page "
                            "(tag its cell 'remove-cell')")
    for p in problems:
        print("LEAK:", p)
    links = broken_links(site)
    for p in links:
        print("LINK:", p)
    print(f"site check: {len(pages)} pages, {len(secret)} solution lines searched, "
          f"{len(problems)} leaks, {len(links)} broken internal links")
    return 1 if problems or links else 0


if __name__ == "__main__":
    sys.exit(main())
