"""Grade the course's exercises with nbgrader: a course folder, its settings, and the stubs.

For instructors only (``pip install -r requirements.txt -e ".[instructor]"`` in a clone of
the course brings nbgrader); students, Colab and Binder never import this module.
``python -m nnbook.grading init COURSE --solutions DIR`` makes an nbgrader course folder:
``COURSE/nbgrader_config.py`` and one assignment ``chNN`` per chapter, whose source is the
course's ``solutions/NN_topic.ipynb``. Then nbgrader's own commands release, autograde, give
feedback and export grades (see the instructors' page).

The settings (:func:`configure`):

* the release gives students the same stubs as ``exercises/`` (``name = ...`` for a value,
  ``raise NotImplementedError(...)`` in a function), so an untouched notebook's checks say
  "not attempted yet" instead of failing on an undefined name;
* a check cell or read-only cell (the set-up cell, say) that a student deleted is put back
  before grading, and so is a cell's kind (grade, solution, read-only) if a student changed
  it (:func:`restore_cells`); nbgrader itself restores the source of every read-only cell a
  student edited, check cells and their hidden tests included;
* a cell a student copied, or whose nbgrader metadata is not valid, or pasted from another
  assignment, runs as a plain cell (:func:`drop_bad_metadata`, :func:`restore_cells`).
  nbgrader would stop the whole class on a copy or on metadata without this schema version
  (an older nbgrader's), and fail that student's notebook on the others;
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

#: Seconds one cell may run during autograding before nbgrader interrupts it (nbgrader's
#: default is 30; a Keras chapter's set-up cell alone imports TensorFlow).
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


@cache
def restore_cells():
    """nbgrader's OverwriteCells, putting back every deleted check cell and read-only cell.

    nbgrader (0.9.6) re-adds a deleted grade cell after the cell before it in the source, and
    fails on the whole notebook (a ``KeyError``) when that cell is not a grade or solution
    cell still in the submission, for example when a student deletes a question's answer and
    its check. It never re-adds a deleted
    read-only cell, such as the set-up cell every check needs. Here each missing cell goes
    after the nearest earlier cell still there, and read-only cells come back too.
    """
    import nbformat
    from nbgrader.preprocessors import OverwriteCells

    class RestoreCells(OverwriteCells):
        def preprocess(self, nb, resources):
            self._released = None  # this notebook's cells in the gradebook, read once
            return super().preprocess(nb, resources)

        def released(self):
            """``({grade id: source cell}, {grade id: points}, {solution ids})``."""
            if self._released is None:
                source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
                self._released = ({c.name: c for c in source_nb.source_cells},
                                  {c.name: c.max_score for c in source_nb.grade_cells},
                                  {c.name for c in source_nb.solution_cells})
            return self._released

        def preprocess_cell(self, cell, resources, cell_index):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id is not None:
                sources, points, solutions = self.released()
                if grade_id not in sources:  # pasted from elsewhere: nbgrader would fail on it
                    self.log.warning(f"Cell {grade_id!r} is not in this assignment; "
                                     f"grading it as a plain cell")
                    del cell.metadata["nbgrader"]
                    return cell, resources
                # The cell's kind, as released: a student who turns a check cell's "grade"
                # off would otherwise make nbgrader fail the notebook on its checksum.
                meta = cell.metadata["nbgrader"]
                meta["grade"] = grade_id in points  # grade cells; the course has no task cells
                if meta["grade"]:
                    meta["points"] = points[grade_id]
                else:
                    meta.pop("points", None)
                meta["solution"] = grade_id in solutions
                meta["locked"] = sources[grade_id].locked
            return super().preprocess_cell(cell, resources, cell_index)

        def add_missing_grade_cells(self, nb, resources):
            sources, grades, solutions = self.released()
            order = list(sources)
            for source in sources.values():
                if source.name not in grades and not source.locked:
                    continue
                where = {c.metadata.get("nbgrader", {}).get("grade_id"): i
                         for i, c in enumerate(nb.cells)}
                if source.name in where:
                    continue
                self.log.warning(f"Missing cell {source.name} encountered, adding to notebook")
                if source.name in grades:
                    cell = self.missing_cell_transform(source, grades[source.name],
                                                       is_solution=source.name in solutions)
                else:
                    note = self.missing_cell_notification.format(cell_id=source.name)
                    new = (nbformat.v4.new_code_cell("# " + note + source.source)
                           if source.cell_type == "code"
                           else nbformat.v4.new_markdown_cell(note + source.source))
                    new.metadata = {"deletable": False, "editable": False, "nbgrader": {
                        "grade": False, "grade_id": source.name, "locked": True,
                        "checksum": source.checksum, "cell_type": source.cell_type,
                        "solution": False, "schema_version": 3}}
                    cell = new
                earlier = [where[n] for n in order[:order.index(source.name)] if n in where]
                nb.cells.insert(max(earlier) + 1 if earlier else 0, cell)
            return nb, resources

    return RestoreCells


@cache
def drop_bad_metadata():
    """The step before nbgrader's DeduplicateIds: a cell whose nbgrader metadata is not valid
    becomes a plain cell (:func:`drop_emptied_metadata` is the step after it).

    A cell copied in Jupyter keeps its nbgrader metadata; DeduplicateIds empties it in all but
    the last copy. Empty metadata, or metadata without this schema version (from an older
    nbgrader, say), fails nbgrader's (0.9.6) schema check with an error that ends the whole
    ``autograde`` command, leaving every later student ungraded; other invalid metadata (a
    read-only cell without a ``grade_id``, say) fails that student's notebook. Without the
    metadata the cell runs as a plain cell.
    """
    from nbgrader.nbgraderformat import MetadataValidator
    from nbgrader.preprocessors import NbGraderPreprocessor

    class DropBadMetadata(NbGraderPreprocessor):
        def preprocess_cell(self, cell, resources, cell_index):
            if "nbgrader" in cell.metadata:
                try:
                    MetadataValidator().validate_cell(cell)
                except Exception as exc:
                    self.log.warning(f"Cell {cell_index}: nbgrader metadata {exc}; "
                                     f"grading it as a plain cell")
                    del cell.metadata["nbgrader"]
            return cell, resources

    return DropBadMetadata


@cache
def drop_emptied_metadata():
    """The step after DeduplicateIds: :func:`drop_bad_metadata`'s check for the only metadata
    DeduplicateIds changes, a copy's, which it empties (and which then has no schema version).
    The other cells were checked just before; checking them again would cost a schema
    validation per cell."""
    base = drop_bad_metadata()

    class DropEmptiedMetadata(base):
        def preprocess_cell(self, cell, resources, cell_index):
            if cell.metadata.get("nbgrader") == {}:
                return super().preprocess_cell(cell, resources, cell_index)
            return cell, resources

    return DropEmptiedMetadata


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
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import DeduplicateIds, OverwriteCells
    sanitize = []
    for p in Autograde.class_traits()["sanitize_preprocessors"].default():
        if p is DeduplicateIds:  # before it too: it needs each marked cell's grade_id
            sanitize.append(drop_bad_metadata())
        sanitize.append(restore_cells() if p is OverwriteCells else p)
        if p is DeduplicateIds:
            sanitize.append(drop_emptied_metadata())
    c.Autograde.sanitize_preprocessors = sanitize
    c.OverwriteCells.add_missing_cells = True
    c.Execute.timeout = CELL_TIMEOUT
    # Kernels started by nbgrader inherit this process's environment. (So does any Jupyter
    # server that loads this course's nbgrader_config.py: solution() is off there too.)
    os.environ["NNBOOK_HIDE_SOLUTIONS"] = "1"


def init_course(course: Path, solutions: Path, chapters=None, course_id="nn-course") -> list:
    """Write ``course/nbgrader_config.py`` and ``course/source/chNN/`` for the chapters.

    ``chapters``: chapter numbers (default: every ``NN_topic.ipynb`` in ``solutions``).
    Returns the assignment names, ``["ch01", ...]``.
    """
    if not isinstance(course_id, str) or not re.fullmatch(r"[\w-]+", course_id):
        raise ValueError(f"course_id must be letters, digits, '_' or '-'; got {course_id!r}")
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
