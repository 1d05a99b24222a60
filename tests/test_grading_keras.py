"""Chapter 6's synthetic class graded with nbgrader (see test_grading.py). A file of its own so
that ``--dist loadfile`` runs it on one core while test_grading.py runs on the other."""

import sys
from pathlib import Path

import pytest
from test_grading import _assert_class, _assert_commands

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import grade_demo  # noqa: E402


@pytest.mark.grading
def test_a_keras_class_is_graded_by_the_page_commands(tmp_path):
    graded, shell = grade_demo.grade_course(tmp_path, classes=[6])
    _assert_commands(shell, graded[6].students, "ch06")
    assert shell.assignments == "ch06"  # as the instructors' page says
    _assert_class(graded[6], shell)
