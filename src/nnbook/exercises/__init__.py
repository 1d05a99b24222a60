"""Checking API for the exercise notebooks, in the spirit of Kaggle's learntools.

Each chapter has a module (``nnbook.exercises.ch01``, ...) holding its questions
``q1, q2, ...``. A question has three methods a student calls from a notebook:

``q.check(answer...)``
    Prints exactly one line: correct (with a short lesson), not attempted yet, or
    wrong with the reason (wrong shape, wrong value at a named input, an exception
    your code raised). It never raises, whatever it is given.
``q.hint(level=1)``
    Prints a hint; higher levels say more.
``q.solution()``
    Prints the reference solution, unless the instructor has switched solutions off
    (environment variable ``NNBOOK_HIDE_SOLUTIONS=1``) for a graded assignment.

``q.evaluate(answer...)`` returns the :class:`Result` that ``check`` prints; autograders
(nbgrader) and the tests use it: ``assert q1.evaluate(w, b).correct``.

Everything works offline and unchanged in Colab, Binder and local Jupyter: it only
prints text.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import signal
import threading
import warnings
from dataclasses import dataclass

import numpy as np

CORRECT, NOT_ATTEMPTED, WRONG = "correct", "not attempted", "wrong"


def _time_limit_from_env(default: float = 20.0) -> float:
    text = os.environ.get("NNBOOK_TIME_LIMIT", "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise ValueError(f"NNBOOK_TIME_LIMIT must be a positive number of seconds; got {text!r}")
    return value


#: Seconds a check may take, the student's code included, before it is stopped (a loop that
#: never ends must not hang the notebook). The slowest reference check takes 0.13 s here.
#: The environment variable ``NNBOOK_TIME_LIMIT`` sets it for a whole class (e.g. a grader).
TIME_LIMIT = _time_limit_from_env()
_ICONS = {CORRECT: "✅ Correct", NOT_ATTEMPTED: "⏳ Not attempted yet", WRONG: "❌ Wrong"}


@dataclass(frozen=True)
class Result:
    """Outcome of a check: ``status`` is ``"correct"``, ``"not attempted"`` or ``"wrong"``."""

    status: str
    message: str

    def __post_init__(self):
        if self.status not in list(_ICONS):
            raise ValueError(f"status must be one of {list(_ICONS)}; got {self.status!r:.40}")
        if not isinstance(self.message, str):
            raise TypeError(f"message must be a string; got {type(self.message).__name__}")

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{_ICONS[self.status]}: {self.message}"


class Wrong(Exception):
    """Raised inside a checker to report a wrong answer with its reason."""


class NotAttempted(Exception):
    """Raised inside a checker when the answer is still the stub."""


class _TooSlow(BaseException):
    # A BaseException, so that a student's own `except Exception:` cannot swallow it.
    pass


@contextlib.contextmanager
def _time_limit(seconds):
    """Raise _TooSlow in the code inside after ``seconds``, where a timer signal exists (Linux
    and macOS, in the main thread: Jupyter runs cells there); elsewhere, no limit."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def is_stub(value) -> bool:
    """True for the placeholders the exercise notebooks start with (``...`` or None)."""
    return value is Ellipsis or value is None


def fmt(x) -> str:
    """Short, stable text for a value in a message (one line, never a warning)."""
    with np.errstate(all="ignore"):  # rounding 1e304 to 4 decimals overflows: no matter
        return _fmt(x)


def _fmt(x) -> str:
    if isinstance(x, np.ndarray) and x.ndim == 0 and np.issubdtype(x.dtype, np.number):
        x = float(x)
    if isinstance(x, list | tuple) and any(isinstance(e, np.ndarray | list) for e in x):
        try:
            np.asarray(x, dtype=float)
        except (TypeError, ValueError):  # a list of arrays of different shapes
            return "[" + ", ".join(fmt(e) for e in x) + "]"
    if isinstance(x, np.ndarray | list | tuple):
        try:
            arr = np.asarray(x, dtype=float)
        except (TypeError, ValueError):  # not numbers (text, functions, ...): show them as is
            return " ".join(f"{x!r:.60}".split())
        text = np.array2string(np.round(arr, 4) + 0.0, separator=", ", threshold=10,
                               edgeitems=3, max_line_width=10**6)
        return " ".join(text.split())  # one line, single spaces
    if isinstance(x, float | np.floating):
        return f"{float(np.round(x, 4)) + 0.0:g}"
    return " ".join(f"{x!r:.60}".split())


def numeric(value, name: str, shape: tuple, allow_nan: bool = False):
    """Convert a student's value to a float array of ``shape`` or raise :class:`Wrong`.

    ``shape`` entries are ints; an empty tuple means a single number. NaN and infinity
    are wrong unless ``allow_nan`` (the caller then says why they appeared).
    """
    if is_stub(value):
        raise NotAttempted(f"{name} is still `...`: replace it with your answer")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{name} must be numeric; got {type(value).__name__} {value!r:.40}") from None
    if arr.shape != tuple(shape):
        want = "a single number" if shape == () else f"shape {tuple(shape)}"
        raise Wrong(f"{name} should be {want}; yours has shape {arr.shape}")
    if not allow_nan and not np.all(np.isfinite(arr)):
        raise Wrong(f"{name} contains NaN or infinity")
    return arr


def close(got, value) -> bool:
    """True when ``got`` has ``value``'s shape and values: for matching typical mistakes.

    Never raises: anything that is not numbers of that shape is simply not close."""
    try:
        with np.errstate(all="ignore"):
            return bool(got is not None and np.shape(got) == np.shape(value)
                        and np.allclose(got, value))
    except (TypeError, ValueError):
        return False


def call_student(fn, *args, name="your function"):
    """Call a student's function; its exceptions become Wrong or NotAttempted."""
    if is_stub(fn):
        raise NotAttempted("there is no function yet")
    if not callable(fn):
        raise Wrong(f"pass the function itself (without calling it); got {type(fn).__name__}")
    try:
        # NumPy's overflow warnings would print a second line: the check reports instead
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return fn(*args)
    except NotImplementedError:
        raise NotAttempted(f"{name} still raises NotImplementedError: write its body") from None
    except (Exception, SystemExit) as exc:  # a half-written function: report, never crash
        shown = ", ".join(fmt(a) for a in args)
        raise Wrong(f"{name}({shown}) raised {type(exc).__name__}: {exc}") from None


def call_for_pair(fn, *args, name, what):
    """Call a student's function that must return two things (``what``, e.g. "dW, db")."""
    out = call_student(fn, *args, name=name)
    if is_stub(out):
        raise Wrong(f"{name} returned None: did you forget `return {what}`?")
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise Wrong(f"{name} should return two arrays ({what}); got {fmt(out)}")
    return out


def _arrays(args):
    """The arrays among ``args``, including those inside lists (such as weight lists)."""
    for a in args:
        if isinstance(a, np.ndarray):
            yield a
        elif isinstance(a, list | tuple):
            yield from _arrays(a)


def compare_function(fn, name, cases, reference, diagnose=None, rtol=1e-6, atol=1e-9,
                     elementwise=True, arg_name="z"):
    """Call ``fn(*args)`` for each case and compare with ``reference(*args)``.

    Raises :class:`Wrong` at the first case that differs, naming the input, the expected
    and the returned value; ``diagnose(args, got, want)`` may return a more specific
    reason (a typical mistake) to add. Also reports a function that returns None, the
    wrong shape, NaN, or changes its input arrays in place. For an ``elementwise``
    function the message also names the first value of the input ``arg_name`` where the
    two differ.
    """
    for args in cases:
        passed = copy.deepcopy(args)
        got = call_student(fn, *passed, name=name)
        shown = ", ".join(fmt(a) for a in args)
        for a, b in zip(_arrays(passed), _arrays(args), strict=True):
            if not np.array_equal(a, b):
                raise Wrong(f"{name} changed its input array in place; compute a new array")
        if is_stub(got):
            raise Wrong(f"{name}({shown}) returned {got!r}: did you forget `return`?")
        want = np.asarray(reference(*args), dtype=float)
        got = numeric(got, f"{name}({shown})", want.shape, allow_nan=True)
        same = np.isclose(got, want, rtol=rtol, atol=atol)  # NaN is never close
        if not np.all(same):
            reason = diagnose(args, got, want) if diagnose else None
            if reason is None and not np.all(np.isfinite(got)):
                reason = "it contains NaN or infinity"
            where = ""
            first = args[0] if args else None
            if (elementwise and want.ndim and isinstance(first, np.ndarray)
                    and first.shape == want.shape):
                i = tuple(np.argwhere(~same)[0])
                where = (f": at {arg_name} = {fmt(first[i])} it should be {fmt(want[i])}, "
                         f"yours is {fmt(got[i])}")
            raise Wrong(f"{name}({shown}) should be {fmt(want)}; yours is {fmt(got)}{where}"
                        + (f" ({reason})" if reason else ""))


def _one_line(message) -> str:
    """A check prints one line: a value shown with newlines in it is folded."""
    return " ".join(str(message).split())


class Question:
    """One exercise: a checker, hints, a lesson and the reference solution.

    Parameters
    ----------
    name : str
        Shown in messages, e.g. ``"Q1 (NAND)"``.
    checker : callable
        ``checker(*answer)`` returns nothing when the answer is right and raises
        :class:`Wrong` or :class:`NotAttempted` (with the reason) otherwise.
    lesson : str
        One or two sentences printed with "Correct".
    hints : list of str
        From gentle to explicit.
    solution : str
        The reference solution's code, shown by :meth:`solution`.
    """

    def __init__(self, name, checker, lesson, hints, solution):
        for arg, value in (("name", name), ("lesson", lesson), ("solution", solution)):
            if not isinstance(value, str) or not value.strip():
                raise TypeError(f"{arg} must be a non-empty string; got {value!r:.40}")
        if not callable(checker):
            raise TypeError(f"checker must be a function of the answer; got "
                            f"{type(checker).__name__}")
        if not isinstance(hints, list | tuple) or not hints or not all(isinstance(h, str)
                                                                       for h in hints):
            raise TypeError("hints must be a non-empty list of strings, gentlest first")
        self.name, self._checker, self.lesson = name, checker, lesson
        self.hints, self.solution_code = list(hints), solution.strip("\n")

    def evaluate(self, *answer) -> Result:
        """Check ``answer`` and return a :class:`Result`; never raises.

        What the student's code prints is not shown (the check prints one line), and a check
        that runs longer than :data:`TIME_LIMIT` seconds is stopped.
        """
        try:
            with _time_limit(TIME_LIMIT), contextlib.redirect_stdout(io.StringIO()):
                self._checker(*answer)
        except NotAttempted as exc:
            return Result(NOT_ATTEMPTED, _one_line(exc))
        except Wrong as exc:
            return Result(WRONG, _one_line(exc))
        except _TooSlow:
            return Result(WRONG, f"stopped after {TIME_LIMIT:g} s: your code is still running. "
                                 f"Is there a loop that never ends?")
        except Exception as exc:  # a bug in a checker must not crash the student's notebook
            return Result(WRONG, _one_line(f"the answer could not be checked "
                                           f"({type(exc).__name__}: {exc})"))
        return Result(CORRECT, self.lesson)

    def check(self, *answer) -> None:
        """Print one line: correct, not attempted yet, or wrong with the reason."""
        print(self.evaluate(*answer))

    def hint(self, level: int = 1) -> None:
        """Print hint number ``level`` (1 is the gentlest)."""
        if not isinstance(level, int) or level < 1:
            print(f"Hint levels are 1 to {len(self.hints)}: try {self.name}.hint(1)")
        elif level > len(self.hints):
            print(f"{self.name} has {len(self.hints)} hints; the next step is .solution()")
        else:
            print(f"💡 Hint {level}/{len(self.hints)}: {self.hints[level - 1]}")

    def solution(self) -> None:
        """Print the reference solution (unless ``NNBOOK_HIDE_SOLUTIONS`` is set)."""
        if os.environ.get("NNBOOK_HIDE_SOLUTIONS", "").strip() not in ("", "0"):
            print("Solutions are switched off for this assignment (NNBOOK_HIDE_SOLUTIONS).")
        else:
            print(f"Solution to {self.name}:\n\n{self.solution_code}")

    def __repr__(self):
        return f"<exercise {self.name}: .check(...), .hint(level), .solution()>"
