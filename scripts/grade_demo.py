"""A synthetic class graded with nbgrader, by the commands of the instructors' page.

``make grade-demo`` (this script) and ``tests/test_grading.py`` both use it. It runs the two
``bash`` blocks of the section "Grading with nbgrader" in ``book/instructors.md`` in a course
folder under ``_build/`` (or the folder given), with three substitutions:

* the page's ``ch01`` becomes the chapters graded in this course: a pattern, which nbgrader
  accepts in place of one assignment (the page says so), such as ``ch0[1-7]`` for
  ``make grade-demo`` and ``ch0[1-57]`` in the tests, or one name (``ch06``);
* ``git clone URL nn-course`` becomes a link to this checkout (the tests run offline), and
  the new virtual environment is this checkout's ``.venv`` (not created, already active);
* ``pip install`` only checks (``--dry-run --no-index``) that what it asks for is installed.

Between the blocks it hands in the synthetic class of :func:`class_for` for chapters 1 (NumPy)
and 6 (Keras), and the reference answers for the other chapters, as
``submitted/<student>/chNN/``, with the class list. It then reads every score from nbgrader's
gradebook.

A check here stops a student's code after ``NNBOOK_TIME_LIMIT`` = 2 s (the course's default is
20 s), so the endless loops of the class cost little time.

Usage: ``python scripts/grade_demo.py [--classes 1 6] [--references 2 3 4 5 7] [--out DIR]``
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "instructors.md"
SECTION = "## Grading with nbgrader"
REPO_URL = re.search(r"^\s+url:\s*(\S+)", (ROOT / "_config.yml").read_text(), re.M).group(1)
TIME_LIMIT = "2"
BIN = Path(sys.executable).parent


# ---------------------------------------------------------------- the page's commands
def page_commands(page: Path = PAGE) -> list[list[str]]:
    """The commands of the section's ``bash`` blocks: one list of lines per block."""
    text = page.read_text()
    if SECTION not in text:
        raise ValueError(f"{page.name} has no section {SECTION!r}")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    out = []
    for block in blocks:
        lines = [ln.split(" #", 1)[0].strip() for ln in block.splitlines()]
        out.append([ln for ln in lines if ln and not ln.startswith("#")])
    if len(out) != 2:
        raise ValueError(f"{SECTION!r} must have two bash blocks (release, then grading); "
                         f"found {len(out)}")
    return out


def nbgrader_env(time_limit: str | None = TIME_LIMIT) -> dict:
    """The environment of every command: this venv's bin first on PATH (nbgrader, python,
    alembic), and the check's time limit (``None``: the course's default)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    for name in ("NNBOOK_TIME_LIMIT", "NNBOOK_HIDE_SOLUTIONS", "MPLBACKEND"):
        env.pop(name, None)  # the course's nbgrader settings must set NNBOOK_HIDE_SOLUTIONS
    if time_limit is not None:
        env["NNBOOK_TIME_LIMIT"] = time_limit
    return env


@dataclass
class Shell:
    """Runs the page's lines one by one, following ``cd``; keeps every command's output."""

    cwd: Path
    assignments: str = "ch01"  # what the page's `ch01` stands for
    install: bool = True  # False: skip `pip install` (checked in another course)
    log: list = field(default_factory=list)

    def run(self, line: str) -> subprocess.CompletedProcess | None:
        line = line.replace("ch01", self.assignments)
        args = shlex.split(line)
        if args[0] == "cd":
            self.cwd = Path(os.path.normpath(self.cwd / args[1]))  # not through the link
            return None
        if args[:3] == ["python", "-m", "venv"] or args[0] in ("source", "."):
            return None  # the test runs in the checkout's own virtual environment
        if args[:2] == ["git", "clone"]:
            if args[2] != REPO_URL:
                raise ValueError(f"the page clones {args[2]!r}, not {REPO_URL!r}")
            link = self.cwd / args[3]
            if not link.exists():
                link.symlink_to(ROOT, target_is_directory=True)
            return None
        if args[:4] == ["python", "-m", "pip", "install"]:
            if not self.install:
                return None
            # offline: check that all it asks for is installed already
            args = [str(BIN / "python"), "-m", "pip", "install", "--dry-run", "--no-index",
                    "--no-build-isolation", "-q", *args[4:]]
        start = time.perf_counter()
        res = subprocess.run(args, cwd=self.cwd, env=nbgrader_env(), capture_output=True,
                             text=True,
                             timeout=900)
        self.log.append((line, res.returncode, time.perf_counter() - start,
                         res.stdout + res.stderr))
        return res


# ---------------------------------------------------------------- the synthetic class
@dataclass
class Student:
    """One submission: the file's text and the points nbgrader must give each check cell
    (``{"q1-check": 1, ...}``); ``outputs`` holds text each check cell's output must contain."""

    name: str
    what: str
    text: str | None  # None: the student hands in nothing
    expected: dict
    outputs: dict = field(default_factory=dict)
    graded: bool = True
    filename: str | None = None  # None: the released name
    log: str = ""  # what nbgrader's log must say of a submission it cannot grade


def answers(solutions_nb) -> dict[str, str]:
    """The reference answer of each answer cell (the solution with the markers taken out)."""
    from nnbook.assignments import MARKER
    return {c.metadata["nbgrader"]["grade_id"]:
            "\n".join(ln for ln in c.source.splitlines() if not MARKER.match(ln))
            for c in solutions_nb.cells if c.metadata.get("nbgrader", {}).get("solution")}


def full_marks(solutions_nb) -> dict[str, int]:
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
            for c in solutions_nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def submission(release_nb, sources: dict, delete=(), outputs=None, metadata=None) -> str:
    """The release notebook with the cells named by grade id given new sources (or deleted),
    outputs, or nbgrader metadata (``{grade id: {key: value}}``)."""
    nb = copy.deepcopy(release_nb)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for gid, changes in (metadata or {}).items():
        by_id[gid].metadata["nbgrader"].update(changes)
    for gid, source in sources.items():
        by_id[gid].source = source
    for gid, outs in (outputs or {}).items():
        by_id[gid].outputs = outs
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                not in delete]
    return nbformat.writes(nb)


def duplicate(text: str, grade_id: str) -> str:
    """The notebook with the cell ``grade_id`` copied just below itself."""
    nb = nbformat.reads(text, as_version=4)
    i = next(i for i, c in enumerate(nb.cells)
             if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    copy_ = copy.deepcopy(nb.cells[i])
    copy_["id"] = copy_["id"] + "-copy"
    nb.cells.insert(i + 1, copy_)
    return nbformat.writes(nb)


def with_foreign_cells(text: str) -> str:
    """The notebook with three cells whose nbgrader metadata this assignment cannot use."""
    nb = nbformat.reads(text, as_version=4)
    other = nbformat.v4.new_code_cell("print('from chapter 3')")
    other.metadata["nbgrader"] = {"grade": False, "grade_id": "q3-given-12", "locked": True,
                                  "schema_version": 3, "solution": False}
    old = nbformat.v4.new_code_cell("print('from an old nbgrader')")
    old.metadata["nbgrader"] = {"grade": False, "locked": False, "solution": False}
    no_id = nbformat.v4.new_code_cell("print('edited by hand')")
    no_id.metadata["nbgrader"] = {"grade": False, "locked": True, "solution": False,
                                  "schema_version": 3}
    nb.cells[3:3] = [other, old, no_id]
    return nbformat.writes(nb)


def practice_copy(sources: dict) -> str:
    """exercises/01_perceptrons.ipynb with the reference answers in place of its stubs."""
    nb = nbformat.read(ROOT / "exercises" / "01_perceptrons.ipynb", as_version=4)
    solutions = nbformat.read(ROOT / "solutions" / "01_perceptrons.ipynb", as_version=4)
    answer_at = {c.metadata["nbgrader"]["grade_id"]: i for i, c in enumerate(solutions.cells)
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for gid, i in answer_at.items():  # exercises/ has one more cell, first: the note
        nb.cells[i + 1].source = sources[gid]
    return nbformat.writes(nb)


def peek_at_solution(chapter: int, q: int, fallback: str) -> str:
    """An answer cell that copies the reference answer printed by ``solution()``."""
    return (f"import contextlib, io\nprinted = io.StringIO()\n"
            f"with contextlib.redirect_stdout(printed):\n    ch{chapter:02d}.q{q}.solution()\n"
            f"try:  # the reference code, if solution() printed it\n"
            f"    exec(printed.getvalue().split('\\n\\n', 1)[1])\n"
            f"except IndexError:\n" + "".join(f"    {ln}\n" for ln in fallback.splitlines()))


LOOP = "    while True:  # an endless loop\n        pass"
CHEAT = "print('✅ Correct: trust me')"
# Wrong answers whose check message the tests know: {chapter: {grade id: source}}.
WRONG = {
    1: {"q2-answer": "def step_neuron(x, w, b):\n    z = np.dot(x, w) + b\n"
                     "    return 1 if z > 0 else 0  # wrong at z = 0",
        "q4-answer": "W1 = np.zeros((2, 2))\nb1 = np.zeros(2)\nw2 = np.zeros(2)\nb2 = 0.0",
        "q6-answer": "w_festival = (1, 1, 1)\nthreshold = 100"},
    6: {"q2-answer": "def compile_classifier(model):\n"
                     "    model.compile('rmsprop', 'categorical_crossentropy', "
                     "metrics=['accuracy'])"},
}


def _first_line(source: str) -> str:
    return source.splitlines()[0]


def class_for(chapter: int, release_nb, solutions_nb) -> list[Student]:
    """The synthetic class for chapter 1 (NumPy) or 6 (Keras): every case of the issue."""
    ref, full = answers(solutions_nb), full_marks(solutions_nb)
    stubs = {c.metadata["nbgrader"]["grade_id"]: c.source for c in release_nb.cells
             if c.metadata.get("nbgrader", {}).get("solution")}
    total = sum(full.values())
    zero = dict.fromkeys(full, 0)

    def score(**given):
        return {gid: given.get(gid.split("-")[0], full[gid]) for gid in full}

    students = [
        Student("reference", "the reference answers", submission(release_nb, ref), dict(full)),
        Student("untouched", "the release, handed in as it is", submission(release_nb, {}),
                dict(zero), {gid: "⏳ Not attempted yet" for gid in full}),
    ]
    if chapter == 1:
        w = WRONG[1]
        partly = {g: ref[g] for g in ("q1-answer", "q3-answer", "q5-answer")}
        partly["q2-answer"] = w["q2-answer"]
        students += [
            Student("partly", "Q1, Q3, Q5 right; Q2 wrong; Q4, Q6 untouched",
                    submission(release_nb, partly), score(q2=0, q4=0, q6=0),
                    {"q2-check": "❌ Wrong", "q4-check": "⏳ Not attempted yet"}),
            Student("loop", "Q2 copies what solution() prints; Q5's function never returns; "
                    "the rest right",
                    submission(release_nb, {**ref, "q2-answer": peek_at_solution(
                        1, 2, stubs["q2-answer"]), "q5-answer": _first_line(ref["q5-answer"])
                                            + "\n" + LOOP}),
                    score(q2=0, q5=0), {"q2-check": "⏳ Not attempted yet",
                                        "q5-check": f"stopped after {TIME_LIMIT} s"}),
            Student("tampered", "set-up cell deleted; Q1's check cell deleted (answer right); "
                    "Q2's check cell made a plain cell in its metadata (answer right); "
                    "Q4 wrong with its check cell replaced; Q5's answer and check deleted; Q6 "
                    "wrong (its check cell as released: the hidden tests return at grading)",
                    submission(release_nb, {**ref, "q4-answer": w["q4-answer"],
                                            "q6-answer": w["q6-answer"], "q4-check": CHEAT},
                               delete={"intro-given-1", "q1-check", "q5-answer", "q5-check"},
                               metadata={"q2-check": {"grade": False, "locked": False}}),
                    score(q4=0, q5=0, q6=0),
                    {"q1-check": "✅ Correct", "q4-check": "❌ Wrong",
                     "q5-check": "name 'count_separable' is not defined"}),
            Student("renamed", "Q1's answer names w_nand 'wnand'; Q3 does not parse, saved "
                    "with its error output; Q6's answer cell deleted; the rest right",
                    submission(release_nb, {**ref, "q1-answer": ref["q1-answer"].replace(
                        "w_nand", "wnand"), "q3-answer": "def update(w, b, x, y, "
                                            "learning_rate)\n    return w, b"},
                               delete={"q6-answer"},
                               outputs={"q3-answer": [nbformat.v4.new_output(
                                   "error", ename="SyntaxError", evalue="expected ':'",
                                   traceback=["SyntaxError: expected ':'"])]}),
                    score(q1=0, q3=0, q6=0), {"q1-check": "name 'w_nand' is not defined",
                                              "q3-check": "name 'update' is not defined",
                                              "q6-check": "name 'w_festival' is not defined"}),
            Student("broken", "a file that is not a notebook", "this is not a notebook {",
                    dict(zero), graded=False, log="Notebook does not appear to be JSON"),
            Student("absent", "on the class list, hands in nothing", None, dict(zero),
                    graded=False),
            Student("misnamed", "the reference answers, saved under another name",
                    submission(release_nb, ref), dict(zero), graded=False,
                    filename="01_perceptrons (1).ipynb", log="Skipping unknown notebook"),
            Student("copied", "Q2's answer cell copied (as Jupyter copies it, metadata and "
                    "all); cells with foreign nbgrader metadata: one from another assignment, "
                    "one from an older nbgrader, one without a grade id; the rest right",
                    with_foreign_cells(duplicate(submission(release_nb, ref), "q2-answer")),
                    dict(full)),
            Student("practice", "the right answers, written in exercises/ instead of the "
                    "release (no nbgrader metadata)", practice_copy(ref), dict(zero),
                    {gid: "NameError" for gid in full}),
            Student("crash", "Q3's answer kills the kernel (os._exit); the rest right: "
                    "nbgrader grades nothing of it", submission(
                        release_nb, {**ref, "q3-answer": "import os\nos._exit(1)"}),
                    dict(zero), graded=False, log="Kernel died"),
        ]
    elif chapter == 6:
        mixed = {**ref, "q1-answer": _first_line(ref["q1-answer"]) + "\n" + LOOP,
                 "q2-answer": WRONG[6]["q2-answer"], "q2-check": CHEAT,
                 "q4-answer": peek_at_solution(6, 4, stubs["q4-answer"])}
        students.append(Student(
            "mixed", "Q1 never returns; Q2 wrong with its check replaced; Q3 right with its "
            "check deleted; Q4 copies solution(); Q5 right",
            submission(release_nb, mixed, delete={"q3-check"}), score(q1=0, q2=0, q4=0),
            {"q1-check": f"stopped after {TIME_LIMIT} s", "q2-check": "❌ Wrong",
             "q3-check": "✅ Correct", "q4-check": "⏳ Not attempted yet"}))
    else:
        raise ValueError(f"chapter: the synthetic class exists for chapters 1 and 6; got "
                         f"{chapter!r}")
    assert all(set(s.expected) == set(full) for s in students)
    assert students[0].expected and sum(students[0].expected.values()) == total
    return students


# ---------------------------------------------------------------- one class, end to end
def reference_only(release_nb, solutions_nb) -> list[Student]:
    """A chapter without a synthetic class: the reference answers only."""
    return [Student("reference", "the reference answers",
                    submission(release_nb, answers(solutions_nb)), full_marks(solutions_nb))]


# ---------------------------------------------------------------- one course, end to end
@dataclass
class Graded:
    """One chapter's results in a graded course."""

    chapter: int
    course: Path
    students: list
    full: dict  # points of each check cell
    scores: dict  # {student: {grade id: score}} from the gradebook
    csv_rows: list  # nbgrader export, this chapter's rows

    @property
    def name(self) -> str:
        return f"ch{self.chapter:02d}"

    def feedback(self, student: str) -> Path:
        return next((self.course / "feedback" / student / self.name).glob("*.html"))

    def autograded(self, student: str):
        path = next((self.course / "autograded" / student / self.name).glob("*.ipynb"))
        return nbformat.read(path, as_version=4)

    def release(self):
        return nbformat.read(next((self.course / "release" / self.name).glob("*.ipynb")),
                             as_version=4)


def gradebook_scores(db: Path, assignment: str) -> dict:
    con = sqlite3.connect(db)
    with contextlib.closing(con):
        rows = con.execute(
            "SELECT sa.student_id, bc.name, COALESCE(g.manual_score, g.auto_score) "
            "FROM grade g JOIN base_cell bc ON g.cell_id = bc.id "
            "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
            "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
            "JOIN assignment a ON sa.assignment_id = a.id WHERE a.name = ?", (assignment,))
        out = {}
        for student, cell, score in rows:
            out.setdefault(student, {})[cell] = score
    return out


def _ranges(numbers) -> str:
    """Digits as a glob class: [1, 2, 3, 5, 7] -> '1-357'."""
    out, run = [], [numbers[0]]
    for n in numbers[1:]:
        if n == run[-1] + 1:
            run.append(n)
        else:
            out.append(run)
            run = [n]
    out.append(run)
    return "".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else "".join(map(str, r)) for r in out)


def grade_course(out: Path, classes=(1,), references=(), install=True) -> tuple[dict, Shell]:
    """Run the page's commands in ``out`` for a course whose chapters ``classes`` have the
    synthetic class and whose chapters ``references`` have the reference answers only.

    The page's commands name ``ch01``; here they name all the chapters at once: a pattern, as
    the page allows (``ch0[1-57]``), or one name for one chapter (``ch06``).
    ``install=False`` skips the ``pip install`` check. Returns ``({chapter: Graded}, shell)``.
    """
    chapters = sorted({*classes, *references})
    if not chapters or not all(isinstance(n, int) and 1 <= n <= 9 for n in chapters):
        raise ValueError(f"classes, references: chapter numbers 1 to 9; got {chapters}")
    out.mkdir(parents=True, exist_ok=True)
    release_cmds, grade_cmds = page_commands()
    pattern = "ch0" + (str(chapters[0]) if len(chapters) == 1 else "[" + _ranges(chapters) + "]")
    shell = Shell(out, pattern, install)
    for line in release_cmds:
        res = shell.run(line)
        if res is not None and res.returncode != 0:
            raise RuntimeError(f"`{line}` failed ({res.returncode}):\n{res.stdout}{res.stderr}")
    course = shell.cwd
    graded, roster = {}, []
    for n in chapters:
        name = f"ch{n:02d}"
        release_path = next((course / "release" / name).glob("*.ipynb"))
        release_nb = nbformat.read(release_path, as_version=4)
        solutions_nb = nbformat.read(ROOT / "solutions" / release_path.name, as_version=4)
        students = (class_for(n, release_nb, solutions_nb) if n in classes
                    else reference_only(release_nb, solutions_nb))
        for s in students:
            roster += [s.name] * (s.name not in roster)
            if s.text is not None:
                target = course / "submitted" / s.name / name / (s.filename or
                                                                 release_path.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(s.text)
        graded[n] = Graded(n, course, students, full_marks(solutions_nb), {}, [])
    lists = [shlex.split(ln)[-1] for ln in grade_cmds if "student import" in ln]
    if len(lists) != 1:
        raise ValueError("the page's grading block must import one class list "
                         "(nbgrader db student import FILE)")
    (course / lists[0]).write_text("id\n" + "".join(f"{name}\n" for name in roster))
    for line in grade_cmds:
        shell.run(line)
    with open(course / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for g in graded.values():
        g.scores = gradebook_scores(course / "gradebook.db", g.name)
        on_list = {s.name for s in g.students}
        g.csv_rows = [r for r in rows if r["assignment"] == g.name and r["student_id"] in on_list]
    return graded, shell


def table(graded: Graded) -> str:
    head = ["student"] + [g.split("-")[0].upper() for g in graded.full] + ["CSV total",
                                                                          "expected"]
    lines = [" | ".join(head)]
    csv_score = {r["student_id"]: float(r["score"]) for r in graded.csv_rows}
    for s in graded.students:
        got = graded.scores.get(s.name, {})
        cells = [f"{got[g]:g}" if got.get(g) is not None else "-" for g in graded.full]
        lines.append(" | ".join([s.name, *cells, f"{csv_score.get(s.name, float('nan')):g}",
                                 f"{sum(s.expected.values()):g}"]))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, nargs="+", default=[1, 6])
    parser.add_argument("--references", type=int, nargs="*", default=[2, 3, 4, 5, 7])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "grade-demo")
    args = parser.parse_args(argv)
    if args.out.exists():
        if not (args.out / ".grade-demo").exists():
            print(f"error: --out {args.out} exists and was not made by this script; "
                  f"give a new folder", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    (args.out / ".grade-demo").write_text("made by scripts/grade_demo.py; its next run deletes "
                                          "this folder\n")
    start = time.perf_counter()
    graded, shell = grade_course(args.out, args.classes, args.references)
    for line, code, seconds, _ in shell.log:
        print(f"{seconds:6.1f} s  exit {code}  {line}")
    ok = True
    for g in graded.values():
        print(f"\nChapter {g.chapter}:")
        print(table(g))
        for s in g.students:
            got = g.scores.get(s.name, {})
            if s.graded and got != s.expected:
                ok = False
                print(f"  {s.name}: expected {s.expected}, got {got}")
    failing = any(s.log for g in graded.values() for s in g.students)
    for line, code, _, output in shell.log:  # only autograde may fail, on those students
        if code != 0 and not (line.startswith("nbgrader autograde") and failing and code == 1):
            ok = False
            print(f"  `{line}` exited with {code}:\n{output[-2000:]}")
    print(f"\ncourse folder {shell.cwd}; {time.perf_counter() - start:.0f} s in all; "
          f"every score and exit status as expected: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
