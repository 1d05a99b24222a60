"""Grade the course's exercises with nbgrader: a course folder, its settings, and the stubs.

For instructors only (``pip install "nnbook[instructor]"`` brings nbgrader); students, Colab
and Binder never import this module. ``python -m nnbook.grading init COURSE --solutions DIR``
makes an nbgrader course folder: ``COURSE/nbgrader_config.py`` and one assignment ``chNN`` per
chapter, whose source is the course's ``solutions/NN_topic.ipynb``. Then nbgrader's own
commands release, autograde, give feedback and export grades (see the instructors' page).

The settings (:func:`configure`):

* the release gives students the same stubs as ``exercises/`` (``name = ...`` for a value,
  ``raise NotImplementedError(...)`` in a function), so an untouched notebook's checks say
  "not attempted yet" instead of failing on an undefined name;
* a check cell or hidden test that a student deleted is put back before grading (nbgrader
  already restores the source of every locked cell a student edited);
* ``solution()`` prints nothing useful during grading (``NNBOOK_HIDE_SOLUTIONS=1``);
* one cell may run for :data:`CELL_TIMEOUT` seconds; each check stops the student's code
  after ``nnbook.exercises.TIME_LIMIT`` seconds (environment variable ``NNBOOK_TIME_LIMIT``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from functools import cache
from pathlib import Path

from nnbook.assignments import MARKER, strip_source

#: Seconds one cell may run during autograding before nbgrader interrupts it (its default is
#: 30). The slowest reference cell, a Keras check, takes a few seconds on 2 cores.
CELL_TIMEOUT = 120

CONFIG = '''\
# nbgrader settings for the course "Neural Networks, from Perceptrons to Keras".
# Written by `python -m nnbook.grading init`; see nnbook/grading.py for what they do.
from nnbook.grading import configure

configure(get_config(), course_id={course_id!r})
'''


@cache
def exercise_stubs():
    """nbgrader's ClearSolutions preprocessor with the course's stubs (as ``make exercises``).

    Hidden tests are left in place here: nbgrader saves them for autograding and removes them
    from the release in a later step. (A function, so that ``init`` needs no nbgrader import.)
    """
    from nbgrader.preprocessors import ClearSolutions

    class ExerciseStubs(ClearSolutions):
        def _replace_solution_region(self, cell, language):
            if cell.cell_type != "code" or not any(
                    (m := MARKER.match(line)) and m.group(2).upper() == "SOLUTION"
                    for line in cell.source.splitlines()):
                return super()._replace_solution_region(cell, language)
            where = cell.metadata.get("nbgrader", {}).get("grade_id", "a cell")
            cell.source = strip_source(cell.source, where, hidden_tests=False)
            return True

    return ExerciseStubs


def configure(c, course_id: str = "nn-course") -> None:
    """Apply the course's nbgrader settings to the config object ``c`` (see the module doc)."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import ClearSolutions

    if not isinstance(course_id, str) or not re.fullmatch(r"[\w-]+", course_id):
        raise ValueError(f"course_id must be letters, digits, '_' or '-'; got {course_id!r}")
    c.CourseDirectory.course_id = course_id
    c.GenerateAssignment.preprocessors = [
        exercise_stubs() if p is ClearSolutions else p
        for p in GenerateAssignment.class_traits()["preprocessors"].default()]
    c.OverwriteCells.add_missing_cells = True
    c.Execute.timeout = CELL_TIMEOUT
    # Kernels started by nbgrader inherit this process's environment.
    os.environ["NNBOOK_HIDE_SOLUTIONS"] = "1"


def init_course(course: Path, solutions: Path, chapters=None, course_id="nn-course") -> list:
    """Write ``course/nbgrader_config.py`` and ``course/source/chNN/`` for the chapters.

    ``chapters``: chapter numbers (default: every ``NN_topic.ipynb`` in ``solutions``).
    Returns the assignment names, ``["ch01", ...]``.
    """
    course, solutions = Path(course), Path(solutions)
    found = {int(p.name[:2]): p for p in sorted(solutions.glob("[0-9][0-9]_*.ipynb"))}
    if not found:
        raise FileNotFoundError(f"solutions: no NN_topic.ipynb notebooks in {solutions}")
    chapters = sorted(found) if chapters is None else list(chapters)
    missing = [n for n in chapters if n not in found]
    if missing:
        raise ValueError(f"chapters: no solutions notebook for {missing} in {solutions} "
                         f"(there are {sorted(found)})")
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(course_id=course_id))
    names = []
    for n in chapters:
        target = course / "source" / f"ch{n:02d}"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(found[n], target / found[n].name)
        names.append(target.name)
    return names


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnbook.grading",
                                     description="Make an nbgrader course folder.")
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser("init", help="write nbgrader_config.py and source/chNN/")
    init.add_argument("course", type=Path, help="the course folder (created if missing)")
    init.add_argument("--solutions", type=Path, required=True,
                      help="the course repository's solutions/ folder")
    init.add_argument("--chapters", type=int, nargs="+", help="chapter numbers (default: all)")
    init.add_argument("--course-id", default="nn-course")
    args = parser.parse_args(argv)
    try:
        names = init_course(args.course, args.solutions, args.chapters, args.course_id)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.course}: nbgrader_config.py and source/ for {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
