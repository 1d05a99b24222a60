"""Write `book/status.md`: when each chapter's stored outputs were made, how long it ran, and
the locked versions of the main packages that made them (`requirements-lock.txt`).

The book renders the committed, executed notebooks (it executes nothing), so myst-nb's own
execution table would be empty. This page reads the same facts from the notebooks' stored
cell metadata (the timestamps nbclient records). `make run` rewrites it after executing
notebooks, and a test checks that the committed page matches the committed notebooks.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import nbformat
from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
#: The packages whose versions the page shows, in this order.
MAIN = ("numpy", "scikit-learn", "tensorflow-cpu", "keras", "matplotlib", "pandas",
        "ipywidgets", "jupyter-book", "nbval", "nbgrader")
#: Where `make test` runs: CI's machine (the markers of the lock are read for it).
PLATFORM = {"sys_platform": "linux", "platform_machine": "x86_64", "platform_system": "Linux",
            "os_name": "posix", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "python_version": "3.11",
            "python_full_version": "3.11.7"}


def locked_versions(lock: Path, platform: dict = PLATFORM) -> dict[str, str]:
    """``{package: version}`` of the lock file's pins that apply on ``platform``."""
    out = {}
    for line in lock.read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        pin, _, marker = line.partition(";")
        name, sep, version = pin.strip().partition("==")
        if not sep:
            raise ValueError(f"{lock.name}: not an exact pin: {line!r}")
        if not marker.strip() or Marker(marker.strip()).evaluate(platform):
            out[name.strip().lower()] = version.strip()
    return out


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def notebook_status(path: Path) -> tuple[str, int, float, str]:
    """(title, code cells, seconds from the first cell's start to the last cell's end, date)."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    times = [c.metadata.get("execution", {}) for c in code]
    starts = [t["iopub.execute_input"] for t in times if "iopub.execute_input" in t]
    ends = [t["shell.execute_reply"] for t in times if "shell.execute_reply" in t]
    if len(starts) != len(code) or len(ends) != len(code):
        raise ValueError(f"{path} has cells without execution times: run `make run NB={path}`")
    seconds = (_time(max(ends)) - _time(min(starts))).total_seconds()
    title = next(c.source.splitlines()[0].lstrip("# ") for c in nb.cells
                 if c.cell_type == "markdown")
    return title, len(code), seconds, _time(max(ends)).strftime("%Y-%m-%d")


def page(root: Path = ROOT) -> str:
    rows = ["| chapter | code cells | run time (s) | outputs made on |", "|---|---|---|---|"]
    total = 0.0
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        title, cells, seconds, day = notebook_status(path)
        total += seconds
        rows.append(f"| [{title}](../notebooks/{path.name}) | {cells} | {seconds:.1f} | {day} |")
    locked = locked_versions(root / "requirements-lock.txt")
    versions = ", ".join(f"{name} {locked[name]}" for name in MAIN)
    return "\n".join([
        "# Status",
        "",
        "Every chapter on this site is a notebook executed top to bottom in a fresh kernel on a",
        "2-core CPU. Its outputs are committed, and the tests re-run it and compare every output.",
        "This table is read from the stored notebooks whenever they are executed again.",
        "",
        *rows,
        "",
        f"All chapters together: {total:.0f} s.",
        "",
        "## Versions",
        "",
        "`make test` installs exact versions from `requirements-lock.txt`, so stored outputs are",
        "compared with what these versions print (Python 3.11 on Linux x86-64):",
        f"{versions}. `requirements.txt` keeps ranges for Binder and Colab.",
        "",
    ])


def main() -> int:
    (ROOT / "book" / "status.md").write_text(page())
    return 0


if __name__ == "__main__":
    sys.exit(main())
