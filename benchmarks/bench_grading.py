"""What grading a class with nbgrader costs: seconds per submission, for each chapter.

In a temporary course folder made as the instructors' page says (``python -m nnbook.grading
init``, then ``nbgrader generate_assignment "ch0[1234567]"``), each chapter is graded twice
with its own ``nbgrader autograde chNN`` command, timed by the wall clock:

1. one submission handed in (student ``s1``);
2. ``K`` submissions (``s1`` to ``sK``, default 4), with ``--force`` so that ``s1`` is graded
   again too.

Every submission is the release notebook with the reference answers put in, as
``scripts/grade_demo.py`` builds it. The slope, ``(t_K - t_1) / (K - 1)``, is the cost of one
more submission. The rest of ``t_1`` is the fixed cost of one command (starting nbgrader, its
settings and the gradebook). As a check on the slope, nbgrader's log (each line with its
time) gives every submission's own seconds, from "Creating/updating student" to the write of
its graded notebook: the median of the 1 + K submissions is less disturbed by one slow
moment than the slope of two runs. Every submission must get full marks in the gradebook,
or the script stops with the scores it found.

The class of 30 for the slowest chapter is computed from its figures (fixed + 30 x slope),
not run. The checks run with the course's own time limit (``NNBOOK_TIME_LIMIT`` is removed
from the environment; ``make grade-demo`` sets it to 2 s).

Usage: ``python benchmarks/bench_grading.py [--submissions K] [--chapters 1 6] [--out DIR]``
(about 5 minutes for the 7 chapters with K = 4, on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import grade_demo  # noqa: E402
from _common import machine  # noqa: E402  (benchmarks/ is the script's folder)

CLASS = 30


def run(args: list, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command; return its wall-clock seconds and result. Stop if it fails."""
    start = time.perf_counter()
    res = subprocess.run(args, cwd=cwd, env=grade_demo.nbgrader_env(time_limit=None),
                         capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - start
    if res.returncode:
        raise SystemExit(f"`{' '.join(map(str, args))}` failed ({res.returncode}):\n"
                         f"{(res.stdout + res.stderr)[-4000:]}")
    return seconds, res


def versions() -> str:
    def version(*names):
        for name in names:
            try:
                return metadata.version(name)
            except metadata.PackageNotFoundError:
                pass
        return "not installed"
    return (f"Python {platform.python_version()}, nbgrader {version('nbgrader')}, "
            f"TensorFlow {version('tensorflow', 'tensorflow-cpu')}, Keras {version('keras')}")


def load() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def hand_in(course: Path, name: str, students: range) -> dict:
    """Hand in the reference answers as ``submitted/sN/name/``; return the full marks."""
    release_path = next((course / "release" / name).glob("*.ipynb"))
    release_nb = nbformat.read(release_path, as_version=4)
    solutions_nb = nbformat.read(ROOT / "solutions" / release_path.name, as_version=4)
    text = grade_demo.submission(release_nb, grade_demo.answers(solutions_nb))
    for i in students:
        target = course / "submitted" / f"s{i}" / name / release_path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return grade_demo.full_marks(solutions_nb)


# nbgrader's log with each line's time: one submission runs from "Creating/updating student"
# to "Setting destination file permissions" (after its graded notebook is written).
LOG = ["--Application.log_format=@%(created).3f %(message)s"]
LINE = re.compile(r"^@(\d+\.\d+) (.*)$", re.M)


def per_submission(log: str, k: int) -> list[float]:
    """Seconds of each submission graded by one command, read from its log."""
    starts, ends = [], []
    for when, message in LINE.findall(log):
        if message.startswith("Creating/updating student with ID"):
            starts.append(float(when))
        elif message.startswith("Setting destination file permissions"):
            ends.append(float(when))
    if not (len(starts) == len(ends) == k):
        raise SystemExit(f"nbgrader's log: expected {k} submissions, found {len(starts)} "
                         f"starts and {len(ends)} ends:\n{log[-3000:]}")
    return [b - a for a, b in zip(starts, ends, strict=True)]


def check_marks(course: Path, name: str, students: list, full: dict) -> None:
    """Stop unless the gradebook gives each of ``students`` full marks in ``name``."""
    scores = grade_demo.gradebook_scores(course / "gradebook.db", name)
    wrong = {s: scores[s] for s in students if s in scores and scores[s] != full}
    missing = [s for s in students if s not in scores]
    if wrong or missing:
        raise SystemExit(f"{name}: not every submission got full marks {full}:\n"
                         f"  wrong: {wrong}\n  missing from the gradebook: {missing}\n"
                         f"  see {course}/autograded/")


def grade_chapter(course: Path, n: int, k: int) -> dict:
    name = f"ch{n:02d}"
    full = hand_in(course, name, range(1, 2))
    t1, res1 = run(["nbgrader", "autograde", name, *LOG], course)
    check_marks(course, name, ["s1"], full)
    hand_in(course, name, range(2, k + 1))
    tk, resk = run(["nbgrader", "autograde", name, "--force", *LOG], course)
    check_marks(course, name, [f"s{i}" for i in range(1, k + 1)], full)
    slope = (tk - t1) / (k - 1)
    log1 = per_submission(res1.stdout + res1.stderr, 1)
    logk = per_submission(resk.stdout + resk.stderr, k)
    logged = log1 + logk
    return {"chapter": n, "name": name, "points": sum(full.values()), "t1": t1, "tk": tk,
            "slope": slope, "fixed": t1 - slope, "class": t1 - slope + CLASS * slope,
            "logged": logged, "log_sub": statistics.median(logged),
            "log_fixed": ((t1 - sum(log1)) + (tk - sum(logk))) / 2,
            "log_class": ((t1 - sum(log1)) + (tk - sum(logk))) / 2
            + CLASS * statistics.median(logged)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=4, metavar="K",
                        help="submissions in the second run of each chapter (default 4)")
    parser.add_argument("--chapters", type=int, nargs="+", default=list(range(1, 8)))
    parser.add_argument("--out", type=Path,
                        help="the course folder, kept (default: a temporary folder, removed "
                        "unless a command or a mark fails)")
    args = parser.parse_args(argv)
    if args.submissions < 2:
        parser.error("--submissions must be at least 2 (the slope needs two runs)")
    chapters = sorted(set(args.chapters))
    if not all(1 <= n <= 9 for n in chapters):
        parser.error("--chapters: chapter numbers 1 to 9")

    print(machine())
    print(versions())
    print(f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; load average "
          f"(1, 5, 15 min) at the start: {load()}")
    print(f"check time limit: the course's default (NNBOOK_TIME_LIMIT "
          f"{'set' if 'NNBOOK_TIME_LIMIT' in grade_demo.nbgrader_env(None) else 'not set'})")

    work = args.out or Path(tempfile.mkdtemp(prefix="bench-grading-"))
    course = work / "course"
    if course.exists():
        shutil.rmtree(course)
    try:
        run([sys.executable, "-m", "nnbook.grading", "init", course, "--solutions",
             ROOT / "solutions", "--chapters", *map(str, chapters)], ROOT)
        version_s, _ = run(["nbgrader", "--version"], course)
        print(f"`nbgrader --version` (start-up alone): {version_s:.1f} s")
        pattern = "ch0" + (str(chapters[0]) if len(chapters) == 1 else
                           "[" + "".join(map(str, chapters)) + "]")
        gen_s, _ = run(["nbgrader", "generate_assignment", pattern], course)
        print(f"`nbgrader generate_assignment \"{pattern}\"` ({len(chapters)} chapters): "
              f"{gen_s:.1f} s")

        k = args.submissions
        print(f"\nEach chapter: `nbgrader autograde chNN` on 1 submission (t_1), then "
              f"`--force` on {k} (t_{k}); every submission is the reference answers.")
        print(f"{'chapter':<8} {'points':>6} {'t_1':>7} {f't_{k}':>7} {'fixed':>7} "
              f"{'s / sub':>8} {f'{CLASS} subs':>9} {'log: s / sub (min-max)':>22} "
              f"{'fixed':>7} {f'{CLASS} subs':>9}")
        results = []
        for n in chapters:
            r = grade_chapter(course, n, k)
            results.append(r)
            logged = f"{r['log_sub']:.2f} ({min(r['logged']):.1f}-{max(r['logged']):.1f})"
            print(f"{r['name']:<8} {r['points']:>6} {r['t1']:6.1f}s {r['tk']:6.1f}s "
                  f"{r['fixed']:6.1f}s {r['slope']:7.2f}s {r['class']:8.0f}s {logged:>22} "
                  f"{r['log_fixed']:6.1f}s {r['log_class']:8.0f}s", flush=True)
    except SystemExit:
        print(f"course folder kept for a look: {course}", file=sys.stderr)
        raise
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)

    slowest = max(results, key=lambda r: r["class"])
    print(f"\nAll {k} submissions of each chapter got full marks (and s1 in its first run).")
    print(f"Slowest chapter: {slowest['name']}, {slowest['slope']:.2f} s per submission; "
          f"a class of {CLASS}: {slowest['fixed']:.1f} + {CLASS} x {slowest['slope']:.2f} = "
          f"{slowest['class']:.0f} s ({slowest['class'] / 60:.1f} min), computed, not run "
          f"(from the log: {slowest['log_fixed']:.1f} + {CLASS} x {slowest['log_sub']:.2f} = "
          f"{slowest['log_class']:.0f} s).")
    total = sum(r["class"] for r in results)
    print(f"All {len(results)} chapters for a class of {CLASS}, one command each: "
          f"{total:.0f} s ({total / 60:.1f} min), computed "
          f"(from the log: {sum(r['log_class'] for r in results):.0f} s).")
    print(f"load average (1, 5, 15 min) at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
