"""Each notebook's run time and peak memory, in a fresh kernel, against its budget.

Every notebook runs top to bottom in its own fresh Python process and kernel (as nbval and
``make run`` do; nothing is written back). Its peak memory is the kernel's largest resident
set size (``getrusage(RUSAGE_CHILDREN)`` in the process that started it). Then the cost of
``import nnbook`` in a fresh Python, and whether it pulled in TensorFlow.

Budgets (issue 7): chapters 1-5 at most 60 s each, chapters 6-7 at most 180 s, every notebook
at most 1.5 GB; ``import nnbook`` at most 0.3 s, without TensorFlow.

Usage: ``python benchmarks/bench_notebooks.py [PATH ...]`` (default: every notebook in
``notebooks/`` and ``solutions/``); ``make bench`` runs it. It takes as long as the notebooks
do (about 7 minutes here), one at a time so that the figures do not disturb each other.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from _common import machine  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GB = 1024 ** 3
MEMORY_BUDGET = 1.5 * GB
IMPORT_BUDGET = 0.3


def time_budget(path: Path) -> float:
    """60 s for chapters 1-5 (and their solutions), 180 s for the Keras chapters 6-7."""
    number = int(re.match(r"(\d+)", path.name).group(1))
    return 180.0 if number >= 6 else 60.0


def run_one(path: str) -> None:
    """In the child: execute one notebook, print its seconds and the kernel's peak RSS."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak": peak}))


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"{path} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def import_cost(repeat: int = 5) -> tuple[float, bool]:
    code = ("import sys, time; t = time.perf_counter(); import nnbook; "
            "print(time.perf_counter() - t, 'tensorflow' in sys.modules or 'keras' in "
            "sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split() for _ in range(repeat)]
    return min(float(r[0]) for r in runs), any(r[1] == "True" for r in runs)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        run_one(argv[1])
        return 0
    paths = [Path(p) for p in argv] or sorted(
        [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "solutions").glob("*.ipynb")])
    print(machine())
    print(f"\n{'notebook':<44} {'time':>8} {'budget':>7} {'peak memory':>12} {'budget':>7}")
    over = 0
    for path in paths:
        m = measure(path)
        t_ok = m["seconds"] <= time_budget(path)
        m_ok = m["peak"] <= MEMORY_BUDGET
        over += (not t_ok) + (not m_ok)
        name = str(path.resolve().relative_to(ROOT))
        print(f"{name:<44} {m['seconds']:6.1f} s {time_budget(path):5.0f} s "
              f"{m['peak'] / GB:9.2f} GB {MEMORY_BUDGET / GB:5.1f} GB"
              f"{'' if t_ok and m_ok else '  OVER BUDGET'}", flush=True)
    seconds, tf = import_cost()
    ok = seconds <= IMPORT_BUDGET and not tf
    over += not ok
    print(f"\nimport nnbook (fresh Python, best of 5): {seconds:.3f} s (budget "
          f"{IMPORT_BUDGET} s); imports TensorFlow or Keras: {'yes' if tf else 'no'}"
          f"{'' if ok else '  OVER BUDGET'}")
    print(f"{over} budget(s) missed")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
