"""Exercises from one source: solutions pass, stubs say "not attempted", wrong answers get
their intended message, exercises/ is in sync and leaks nothing."""

import importlib
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import nnbook
from nnbook.datasets import binary_inputs
from nnbook.exercises import WRONG, Question, ch01
from nnbook.perceptron import perceptron_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402
from solution_lines import solution_lines  # noqa: E402

MODULES = {"01_perceptrons": ch01}


def questions(module):
    return {n: q for n, q in vars(module).items() if isinstance(q, Question)}


def namespace():
    return {"np": np, "nnbook": nnbook, "perceptron_output": perceptron_output,
            "binary_inputs": binary_inputs}


ANSWER_ARGS = {  # what each check cell passes, by question
    "q1": ("w_nand", "b_nand"), "q2": ("step_neuron",), "q3": ("update",),
    "q4": ("W1", "b1", "w2", "b2"), "q5": ("n_separable",), "q6": ("w_festival", "threshold"),
}


def test_chapter_1_has_at_least_five_exercises_each_with_hints():
    qs = questions(ch01)
    assert len(qs) >= 5 and set(qs) == set(ANSWER_ARGS)
    for q in qs.values():
        assert len(q.hints) >= 2 and q.lesson and q.solution_code


@pytest.mark.parametrize("name", sorted(ANSWER_ARGS))
def test_reference_solutions_pass(name):
    ns = namespace()
    exec(ch01.__dict__[name].solution_code, ns)
    result = ch01.__dict__[name].evaluate(*(ns[a] for a in ANSWER_ARGS[name]))
    assert result.correct, result


@pytest.mark.parametrize("stem", sorted(MODULES))
def test_solutions_notebook_holds_exactly_the_package_solutions(stem):
    """The answer cells of solutions/ and the text of .solution() are the same code."""
    nb = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
    cells = ["\n".join(ln for ln in c.source.splitlines() if "### " not in ln)
             for c in nb.cells if c.cell_type == "code" and "BEGIN SOLUTION" in c.source]
    solutions = [q.solution_code for q in questions(MODULES[stem]).values()]
    assert cells == solutions


def _square(x, w, b):
    return float(np.dot(x, w) + b) ** 2


WRONG_ANSWERS = [
    ("q1", ((1, 1), -1.5),
     "at input x = [0., 0.] your unit gives z = -1.5 and output 0, but NAND needs 1"),
    ("q1", ((-1, -1, -1), 2), "w_nand should be shape (2,); yours has shape (3,)"),
    ("q1", (("a", "b"), 1), "w_nand must be numeric"),
    ("q1", ((-1, np.nan), 1), "w_nand contains NaN"),
    ("q2", (lambda x, w, b: int(np.dot(x, w) + b > 0),), "at z = 0 the step outputs 1: use >= 0"),
    ("q2", (lambda x, w, b: int(np.dot(x, w) >= 0),), "so the output is 0; yours is 1"),
    ("q2", (lambda x, w, b: x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b >= 0,),
     "raised IndexError"),
    ("q2", (lambda x, w: 1,), "raised TypeError"),
    ("q2", (lambda x, w, b: None,), "did you forget `return`?"),
    ("q2", (1,), "pass the function itself"),
    ("q3", (lambda w, b, x, y, eta: (w - eta * (y - int(w @ x + b >= 0)) * x,
                                     b - eta * (y - int(w @ x + b >= 0))),),
     "the change has the wrong sign"),
    ("q3", (lambda w, b, x, y, eta: (w + eta * (y - int(w @ x + b >= 0)) * x, b),),
     "w is right but b is not"),
    ("q3", (lambda w, b, x, y, eta: (w, b),), "nothing changed, but this sample is misclassified"),
    ("q3", (lambda w, b, x, y, eta: w,), "update should return a pair (w_new, b_new)"),
    ("q4", (np.array([[1, 1], [-1, -1]]), [-0.5, 1.5], [1, 1], -1.5),
     "at input x = [0., 1.] the hidden layer outputs [0., 1.] and the network outputs 0"),
    ("q4", (np.ones((2, 3)), [-0.5, 1.5], [1, 1], -1.5), "W1 should be shape (2, 2)"),
    ("q4", ([[1, -1], [1, -1]], [-0.5, 1.5], [1, 1], [-1.5]), "b2 should be a single number"),
    ("q5", (16,), "a single line cannot separate XOR"),
    ("q5", (15,), "what about its negation?"),
    ("q5", (14.0,), "should be a whole number"),
    ("q6", ((1, 1, 1), 2), "at input x = [0., 1., 1.] your unit gives z = 0 and output 1"),
    ("q6", ((1, 1, 10), 11), "at input x = [0., 1., 1.]"),
]


@pytest.mark.parametrize(("name", "answer", "message"), WRONG_ANSWERS)
def test_typical_wrong_answers_get_their_message(name, answer, message):
    result = ch01.__dict__[name].evaluate(*answer)
    assert result.status == WRONG
    assert message in result.message


@pytest.mark.parametrize("name", sorted(ANSWER_ARGS))
def test_checks_never_raise(name, capsys):
    q = ch01.__dict__[name]
    for junk in [(), (object(),), (None,) * 6, ("x",) * len(ANSWER_ARGS[name]), (_square,)]:
        q.check(*junk)  # must print, never raise
        assert capsys.readouterr().out.startswith(("✅", "⏳", "❌"))


def test_wrong_number_of_arguments_is_reported_not_raised():
    assert "could not be checked" in ch01.q1.evaluate((1, 1)).message


def test_hints_and_solution(capsys, monkeypatch):
    ch01.q1.hint(1)
    assert capsys.readouterr().out.startswith("💡 Hint 1/3")
    ch01.q1.hint(9)
    assert ".solution()" in capsys.readouterr().out
    ch01.q1.solution()
    assert "w_nand = (-2, -2)" in capsys.readouterr().out
    monkeypatch.setenv("NNBOOK_HIDE_SOLUTIONS", "1")
    ch01.q1.solution()
    out = capsys.readouterr().out
    assert "switched off" in out and "w_nand" not in out


@pytest.fixture(scope="module")
def executed_exercises():
    """Run every generated exercise notebook, untouched, in a fresh kernel."""
    out = {}
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "exercises")}}).execute()
        out[path.stem] = nb
    return out


def test_untouched_stubs_report_not_attempted(executed_exercises):
    for stem, nb in executed_exercises.items():
        checks = [c for c in nb.cells if c.cell_type == "code" and ".check(" in c.source]
        assert len(checks) == len(questions(MODULES[stem]))
        for c in checks:
            text = "".join(o.get("text", "") for o in c.outputs)
            assert text.startswith("⏳ Not attempted yet"), (c.source, text)
            assert text.count("\n") == 1, "exactly one line"


def test_exercises_are_in_sync_with_solutions():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_exercises.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_no_solution_text_in_exercises():
    secret = {ln for ln in solution_lines() if not ln.startswith("#")}
    assert len(secret) > 10
    marker = make_exercises.ANY_MARKER
    for path in (ROOT / "exercises").glob("*.ipynb"):
        text = path.read_text()
        assert not marker.search(text), f"a marker survived in {path.name}"
        sources = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        lines = {ln.strip() for ln in sources.splitlines()}
        assert not (secret & lines), f"solution lines in {path.name}: {secret & lines}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("### BEGIN SOLUTION\nx = 1\na, b = 2, 3\n### END SOLUTION\ncheck(x)",
         "# YOUR CODE HERE\nx = ...  # replace ... with your answer\n"
         "a = ...  # replace ... with your answer\nb = ...  # replace ... with your answer\n"
         "check(x)"),
        ("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION",
         "def f(x):\n    # YOUR CODE HERE\n"
         '    raise NotImplementedError("Write this part, then run the check below")'),
        ("check(x)\n## begin hidden tests\nassert ok\n## END HIDDEN TESTS", "check(x)"),
    ],
)
def test_generator_stubs(source, expected):
    assert make_exercises.strip_source(source, "test") == expected


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1",
     "x = 1\n### END SOLUTION",
     "### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n### END SOLUTION",
     "# BEGIN_SOLUTION\nx = 1\n# END_SOLUTION"],
)
def test_generator_rejects_broken_markers(source):
    with pytest.raises(make_exercises.MarkerError):
        make_exercises.strip_source(source, "test")


def test_every_exercise_module_is_importable():
    for stem in MODULES:
        assert importlib.import_module(f"nnbook.exercises.ch{stem[:2]}")


def test_site_check_catches_a_planted_leak(tmp_path, capsys):
    import check_site

    (tmp_path / "exercises").mkdir()
    page = tmp_path / "exercises" / "01_perceptrons.html"
    page.write_text("<p>fine</p>")
    assert check_site.main(tmp_path) == 0
    page.write_text("<pre>    error = y - y_hat</pre>")  # a line of the Q3 solution
    assert check_site.main(tmp_path) == 1
    assert "solution line 'error = y - y_hat'" in capsys.readouterr().out
