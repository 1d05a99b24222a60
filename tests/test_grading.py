"""Assignments graded end to end with nbgrader, and the one source they come from.

The tests marked ``grading`` run nbgrader itself (``make test``'s ``grading`` stage, one file
per core): the instructors' page's commands on a synthetic class for chapter 1 (NumPy) and
chapter 6 (Keras, in ``test_grading_keras.py``), and every chapter's reference answers.
The others are quick unit tests of the metadata, the settings and the page.
"""

from __future__ import annotations

import copy
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import tomllib

from nnbook import assignments, grading
from nnbook.exercises import ch01

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import grade_demo  # noqa: E402
import make_exercises  # noqa: E402

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _read(path):
    return nbformat.read(path, as_version=4)


# ---------------------------------------------------------------- one source: the metadata
def _cell(source, kind="code"):
    return (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
        source)


def _question(n=1, points=2, answer="### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
              check="q.check(x)\n### BEGIN HIDDEN TESTS\nassert q.evaluate(x).correct\n"
                    "### END HIDDEN TESTS"):
    return [_cell(f"## Q{n}. Title ({points} point{'s' * (points != 1)})", "md"),
            _cell(answer), _cell(check), _cell(assignments.HINT_CELL + "\n# q.hint(1)")]


def _nb(*cells):
    return nbformat.v4.new_notebook(cells=[_cell("# Exercises", "md"), _cell("import x"),
                                           *cells])


def test_metadata_follows_the_markers_and_headings():
    metas = assignments.nbgrader_metadata(_nb(*_question(1, 2), *_question(2, 1)), "nb")
    kinds = [None if m is None else (m["solution"], m["grade"], m["locked"], m.get("points"))
             for m in metas]
    assert kinds == [(False, False, True, None), (False, False, True, None),  # intro, set-up
                     (False, False, True, None), (True, False, False, None),  # Q1 text, answer
                     (False, True, True, 2), None,                            # check, hints
                     (False, False, True, None), (True, False, False, None),
                     (False, True, True, 1), None]
    ids = [m["grade_id"] for m in metas if m]
    assert len(ids) == len(set(ids)) and "q1-answer" in ids and "q2-check" in ids
    assert all(re.fullmatch(r"[\w-]+", i) for i in ids)  # what nbgrader accepts


@pytest.mark.parametrize("cells, message", [
    (_question(1, 2) + [_cell("y = 2\n### BEGIN SOLUTION\ny = 3\n### END SOLUTION\n"
                              "### BEGIN HIDDEN TESTS\nassert y\n### END HIDDEN TESTS")],
     "share a cell"),
    ([_cell("## Q1. Title", "md")] + _question(1, 2)[1:], r"\(N points\)"),
    (_question(1, 2) + _question(1, 1), "appears twice"),
    (_question(2, 2), "numbered Q1, Q2"),
    (_question(2, 1) + _question(1, 1), "numbered Q1, Q2"),
    (_question(1, 2)[:2] + _question(1, 2)[3:], "one answer cell and one check cell"),
    ([_question(1, 2)[i] for i in (0, 2, 1, 3)], "check cell comes before its answer"),
    ([_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")], "before the first question"),
    ([_cell("## Q1. T (1 point)\n### BEGIN SOLUTION\n### END SOLUTION", "md")],
     "only allowed in code cells"),
])
def test_metadata_refuses_a_notebook_out_of_shape(cells, message):
    with pytest.raises(assignments.MarkerError, match=message):
        assignments.nbgrader_metadata(_nb(*cells), "nb")


def test_solutions_metadata_is_checked_against_the_markers(tmp_path, monkeypatch):
    """A solution region outside a solution cell (metadata edited by hand) fails the check."""
    for path in SOLUTIONS:
        nb = _read(path)
        expected = assignments.nbgrader_metadata(nb, path.name)
        assert [c.metadata.get("nbgrader") for c in nb.cells] == expected, path.name
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    nb = _read(SOLUTIONS[0])
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    answer.metadata["nbgrader"] = dict(answer.metadata["nbgrader"], solution=False)
    nbformat.write(nb, tmp_path / "solutions" / SOLUTIONS[0].name)
    (tmp_path / "exercises" / SOLUTIONS[0].name).write_text(
        (ROOT / "exercises" / SOLUTIONS[0].name).read_text())
    monkeypatch.setattr(make_exercises, "ROOT", tmp_path)
    assert make_exercises.main(["--check"]) == 1
    assert make_exercises.main([]) == 0  # regenerating restores the metadata
    assert make_exercises.main(["--check"]) == 0


def test_every_question_has_points_and_the_totals_are_stated():
    page = (ROOT / "book" / "instructors.md").read_text()
    for path in SOLUTIONS:
        nb = _read(path)
        pts = assignments.points(nb, path.name)
        total = sum(pts.values())
        assert f"worth {total} points in all" in nb.cells[0].source, path.name
        row = (f"| {int(path.name[:2])} | " + ", ".join(f"{q}: {n}" for q, n in pts.items())
               + f" | {total} |")
        assert row in page, f"the instructors' points table lacks {row!r}"
        checks = [c.metadata["nbgrader"] for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
        assert [m["points"] for m in checks] == list(pts.values()), path.name


def test_release_stubs_keep_hidden_tests_for_nbgrader():
    source = ("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
              "### BEGIN HIDDEN TESTS\nassert f(1) == 1\n### END HIDDEN TESTS")
    kept = assignments.strip_source(source, "t", hidden_tests=False)
    assert "assert f(1) == 1" in kept and "return x" not in kept
    assert "NotImplementedError" in kept
    assert "assert f(1)" not in assignments.strip_source(source, "t")


# ---------------------------------------------------------------- settings and bad input
def test_configure_sets_the_course_settings(monkeypatch):
    pytest.importorskip("nbgrader")
    from nbgrader.preprocessors import ClearSolutions
    from traitlets.config import Config

    monkeypatch.setenv("NNBOOK_HIDE_SOLUTIONS", "")  # so that monkeypatch restores it after
    c = Config()
    grading.configure(c, course_id="my-class")
    assert c.CourseDirectory.course_id == "my-class"
    stubs = grading.exercise_stubs()
    assert stubs in c.GenerateAssignment.preprocessors
    assert ClearSolutions not in c.GenerateAssignment.preprocessors
    assert c.OverwriteCells.add_missing_cells is True
    sanitize = c.Autograde.sanitize_preprocessors
    assert grading.restore_cells() in sanitize
    from nbgrader.preprocessors import DeduplicateIds
    i = sanitize.index(DeduplicateIds)
    assert sanitize[i - 1] is grading.drop_bad_metadata()
    assert sanitize[i + 1] is grading.drop_emptied_metadata()
    assert c.Execute.timeout == grading.CELL_TIMEOUT
    assert os.environ["NNBOOK_HIDE_SOLUTIONS"] == "1"
    with pytest.raises(ValueError, match="course_id"):
        grading.configure(Config(), course_id="my class; rm")


def test_metadata_checks_around_deduplicate_ids():
    """Before nbgrader's DeduplicateIds, every cell's metadata is checked; after it, only the
    copies it emptied are dropped (the others were checked just before)."""
    pytest.importorskip("nbgrader")
    good = {"grade": False, "grade_id": "intro-given-1", "locked": True, "solution": False,
            "schema_version": 3}
    cells = [_cell("a"), _cell("b"), _cell("c")]
    for cell, meta in zip(cells, (good, {}, {"grade": False, "locked": True,
                                           "solution": False, "schema_version": 3}), strict=True):
        cell.metadata["nbgrader"] = dict(meta)
    before = grading.drop_bad_metadata()()
    after = grading.drop_emptied_metadata()()
    kept = [("nbgrader" in before.preprocess_cell(copy.deepcopy(c), {}, i)[0].metadata)
            for i, c in enumerate(cells)]
    assert kept == [True, False, False]  # empty, and a read-only cell without a grade_id
    kept = [("nbgrader" in after.preprocess_cell(copy.deepcopy(c), {}, i)[0].metadata)
            for i, c in enumerate(cells)]
    assert kept == [True, False, True]


def test_exercise_stubs_refuse_a_solution_outside_a_solution_cell():
    pytest.importorskip("nbgrader")
    cell = _cell("x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION")
    cell.metadata["nbgrader"] = {"solution": False, "grade": False, "locked": False,
                                 "grade_id": "x", "schema_version": 3}
    stubs = grading.exercise_stubs()()
    with pytest.raises(RuntimeError, match="non-solution cell"):
        stubs.preprocess_cell(copy.deepcopy(cell), {"language": "python"}, 0)
    cell.metadata["nbgrader"]["solution"] = True
    out, _ = stubs.preprocess_cell(copy.deepcopy(cell), {"language": "python"}, 0)
    assert out.source == "x = 1\n# YOUR CODE HERE\nx = ...  # replace ... with your answer"


def test_nbgrader_interrupts_a_top_level_loop_and_goes_on():
    """What the page says of a loop outside any function: the check's timer does not see it;
    nbgrader's Execute (as configured, with a short timeout here) stops it and runs on."""
    pytest.importorskip("nbgrader")
    from nbgrader.preprocessors import Execute

    nb = nbformat.v4.new_notebook(cells=[_cell("while True:\n    pass"), _cell("print('next')")])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nb, _ = Execute(timeout=3).preprocess(nb, {"metadata": {"path": str(ROOT)}})
    assert nb.cells[0].outputs[-1]["ename"] == "CellTimeoutError"
    assert nb.cells[1].outputs[0]["text"] == "next\n"


def test_init_course_names_the_bad_argument(tmp_path):
    with pytest.raises(ValueError, match="chapters: no solutions notebook for \\[9\\]"):
        grading.init_course(tmp_path / "c", ROOT / "solutions", [9])
    with pytest.raises(FileNotFoundError, match="solutions: no NN_topic.ipynb"):
        grading.init_course(tmp_path / "c", tmp_path)
    assert grading.init_course(tmp_path / "c", ROOT / "solutions", [1, 6]) == ["ch01", "ch06"]
    assert (tmp_path / "c" / "source" / "ch06" / "06_keras.ipynb").read_bytes() == (
        ROOT / "solutions" / "06_keras.ipynb").read_bytes()
    assert "configure(get_config()" in (tmp_path / "c" / "nbgrader_config.py").read_text()
    res = subprocess.run([sys.executable, "-m", "nnbook.grading", "init", str(tmp_path / "d"),
                          "--solutions", str(tmp_path)], capture_output=True, text=True)
    assert res.returncode == 2 and "error: solutions:" in res.stderr


@pytest.mark.parametrize("value, limit", [("2.5", 2.5), ("", 20.0), ("abc", None),
                                          ("-1", None), ("inf", None), ("nan", None)])
def test_time_limit_from_the_environment(value, limit):
    code = "import nnbook.exercises as e; print(e.TIME_LIMIT)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, NNBOOK_TIME_LIMIT=value))
    if limit is None:
        assert res.returncode == 1 and "NNBOOK_TIME_LIMIT must be a positive number" in \
            res.stderr
    else:
        assert res.returncode == 0 and float(res.stdout) == limit


def test_a_copied_solution_would_be_right_if_solutions_were_on(monkeypatch):
    """The 'loop' student's Q2 cell can succeed: so its 0 in the graded class is the switch's."""
    stub = "def step_neuron(x, w, b):\n    raise NotImplementedError"
    cell = grade_demo.peek_at_solution(1, 2, stub)
    for hidden, status in (("0", "correct"), ("1", "not attempted")):
        monkeypatch.setenv("NNBOOK_HIDE_SOLUTIONS", hidden)
        namespace = {"np": np, "ch01": ch01}
        exec(cell, namespace)
        assert ch01.q2.evaluate(namespace["step_neuron"]).status == status


def test_instructor_extra_matches_the_test_requirements():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["instructor"]
    test_reqs = (ROOT / "requirements-test.txt").read_text().splitlines()
    assert [r for r in test_reqs if r.startswith("nbgrader")] == \
        [r for r in extra if r.startswith("nbgrader")]
    assert "nbgrader" not in (ROOT / "requirements.txt").read_text()  # never for students


def test_the_page_states_the_settings():
    page = " ".join((ROOT / "book" / "instructors.md").read_text().split())
    from nnbook import exercises
    assert f"one cell may run for {grading.CELL_TIMEOUT} s" in page
    assert f"interrupts the cell after {grading.CELL_TIMEOUT} s" in page
    assert f"the check stops it after {exercises.TIME_LIMIT:g} s" in page
    assert f"(\"stopped after {exercises.TIME_LIMIT:g} s\")" in page
    assert f"A check stops a student's code after {exercises.TIME_LIMIT:g} seconds" in page
    assert "nbgrader>=0.9.6,<0.10" in (ROOT / "requirements-test.txt").read_text()
    assert "Install the course and nbgrader 0.9 in a new virtual environment" in page
    assert f"after {grade_demo.TIME_LIMIT} s, not {exercises.TIME_LIMIT:g} s" in page
    assert "(the tests use two courses: `ch0[1-57]` and `ch06`)" in page  # asserted below
    assert "1000 generated wrong answers" in page
    assert "max_examples=1000" in (ROOT / "tests" / "test_exercise_attacks.py").read_text()
    assert f"under half of nbgrader's {grading.CELL_TIMEOUT} s cell limit" in page
    assert "Otter" not in page  # not tested, so not claimed
    blocks = grade_demo.page_commands()
    assert blocks[0][0].startswith("git clone " + grade_demo.REPO_URL)
    assert blocks[1][-1] == "nbgrader export --to grades.csv"


# ---------------------------------------------------------------- nbgrader, end to end
def _text(outputs) -> str:
    parts = []
    for out in outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
    return "".join(parts)


def _feedback_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", "", path.read_text())
    return html.unescape(text)


def _assert_class(graded, shell):
    total = sum(graded.full.values())
    # Every score, question by question, from nbgrader's gradebook.
    for s in graded.students:
        got = graded.scores.get(s.name, {})
        if s.graded:
            assert got == s.expected, f"{s.name} ({s.what}): {got} != {s.expected}"
        else:
            assert all(v is None for v in got.values()), s.name
    # The grade CSV: one row per student on the list, with the expected total.
    csv_scores = {r["student_id"]: float(r["score"]) for r in graded.csv_rows}
    assert len(graded.csv_rows) == len(csv_scores)  # one row each
    assert csv_scores == {s.name: sum(s.expected.values()) for s in graded.students}
    assert {float(r["max_score"]) for r in graded.csv_rows} == {total}
    # What each check printed in the graded notebook, and the feedback shows it.
    for s in (s for s in graded.students if s.graded):
        nb = graded.autograded(s.name)
        cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
        feedback = _feedback_text(graded.feedback(s.name))
        in_all = re.search(r"Score: ([\d.]+) / ([\d.]+)", feedback).groups()
        assert in_all == (f"{sum(s.expected.values()):.1f}", f"{total:.1f}"), s.name
        per_check = dict((g, (x, y)) for g, x, y in re.findall(
            r"Grade cell: (\S+)\s*Score: ([\d.]+) / ([\d.]+)", feedback))
        assert per_check == {g: (f"{p:.1f}", f"{graded.full[g]:.1f}")
                             for g, p in s.expected.items()}, s.name
        for gid, text in s.outputs.items():
            assert text in _text(cells[gid].outputs), f"{s.name} {gid}: {cells[gid].outputs}"
        for gid, points in s.expected.items():
            assert gid in cells, f"{s.name}: {gid} was not restored"
            printed = _text(cells[gid].outputs)
            line = printed.splitlines()[0]  # the check's one line, or the error
            if points < graded.full[gid]:
                assert line.startswith(("❌ Wrong", "⏳ Not attempted yet", "NameError")), line
            else:
                assert line.startswith("✅ Correct"), f"{s.name} {gid}: {printed!r}"
            assert line in feedback, f"{s.name} {gid}: feedback lacks {line!r}"
    # The release is the exercise notebook: the same code cells, stubs included.
    release = graded.release()
    exercise = _read(ROOT / "exercises" / next((graded.course / "release" / graded.name).glob(
        "*.ipynb")).name)
    assert [c.source for c in release.cells if c.cell_type == "code"] == \
        [c.source for c in exercise.cells if c.cell_type == "code"]
    assert not any(assignments.ANY_MARKER.search(c.source) for c in release.cells)


def _assert_commands(shell, students=(), assignment="ch01"):
    """Each command of the page ran; only autograde failed, naming each student it could not
    grade, with the reason."""
    ran = [line for line, *_ in shell.log]
    blocks = grade_demo.page_commands()
    assert ran == [ln.replace("ch01", shell.assignments) for ln in sum(blocks, [])
                   if not ln.startswith(("cd ", "git clone", "python -m venv", "source "))
                   and (shell.install or not ln.startswith("python -m pip "))]
    failing = [s for s in students if s.log]
    for line, code, _, output in shell.log:
        if line.startswith("nbgrader autograde") and failing:
            assert code == 1, output[-2000:]
            for s in failing:  # named in the summary, with the reason in the student's part
                assert f"error processing assignment '{assignment}' for student '{s.name}'" \
                    in output, s.name
                start = output.index(f"Creating/updating student with ID '{s.name}'")
                end = output.find("Creating/updating student with ID", start + 1)
                part = output[start:end if end > 0 else None]
                assert s.log in part, (s.name, part[-1500:])
            graded = {s.name for s in students if s.graded}
            assert not any(f"for student '{name}'" in output for name in graded)
        else:
            assert code == 0, f"`{line}` failed:\n{output[-3000:]}"


_COURSES = {}


@pytest.fixture
def numpy_course(tmp_path_factory):
    """Chapter 1's class and the other chapters' references except 6: one course, graded
    once (cached: xdist may tear a module fixture down between the two tests that use it).
    Chapter 6's class runs in another course, from another file, so on the other core."""
    if "numpy" not in _COURSES:
        _COURSES["numpy"] = grade_demo.grade_course(  # the install is checked with chapter 6
            tmp_path_factory.mktemp("numpy"), classes=[1], references=[2, 3, 4, 5, 7],
            install=False)
    return _COURSES["numpy"]


@pytest.mark.grading
def test_a_numpy_class_is_graded_by_the_page_commands(numpy_course):
    graded, shell = numpy_course
    _assert_commands(shell, graded[1].students)
    assert shell.assignments == "ch0[1-57]"  # a pattern with a range, as on the page
    _assert_class(graded[1], shell)
    # make grade-demo's table: one row a student, points per question, CSV total, expected.
    rows = grade_demo.table(graded[1]).splitlines()
    assert rows[0] == "student | Q1 | Q2 | Q3 | Q4 | Q5 | Q6 | CSV total | expected"
    assert "partly | 1 | 0 | 2 | 0 | 3 | 0 | 6 | 6" in rows
    assert "broken | - | - | - | - | - | - | 0 | 0" in rows
    # The wrong answer's message is exactly what the check says in a student's notebook.
    namespace = {"np": np}
    exec(grade_demo.WRONG[1]["q2-answer"], namespace)
    message = str(ch01.q2.evaluate(namespace["step_neuron"]))
    partly = {c.metadata.get("nbgrader", {}).get("grade_id"): c
              for c in graded[1].autograded("partly").cells}
    assert _text(partly["q2-check"].outputs).splitlines()[0] == message
    assert message in _feedback_text(graded[1].feedback("partly"))
    # The deleted set-up and check cells are put back, with nbgrader's note; the deleted answer
    # is not (it is the student's).
    tampered = graded[1].autograded("tampered")
    restored = [c.metadata["nbgrader"]["grade_id"] for c in tampered.cells
                if "was missing from the submission" in c.source]
    assert restored == ["intro-given-1", "q1-check", "q5-check"]
    assert "q5-answer" not in {c.metadata.get("nbgrader", {}).get("grade_id")
                               for c in tampered.cells}
    ids = [[c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
           for nb in (graded[1].release(), tampered)]
    assert [i for i in ids[0] if i in ids[1]] == ids[1]  # each cell back in its place


@pytest.mark.grading
def test_every_chapters_reference_answers_get_full_marks(numpy_course):
    """Chapters 1 and 6 have a 'reference' student in their class; here are the others."""
    graded, _ = numpy_course
    assert sorted(graded) == [1, 2, 3, 4, 5, 7]
    for n in (2, 3, 4, 5, 7):
        _assert_class(graded[n], None)
        assert [s.name for s in graded[n].students] == ["reference"]
