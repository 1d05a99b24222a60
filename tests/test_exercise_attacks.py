"""Exercise checks under attack (issue 8): every check gets 1000 generated wrong answers.

Wrong types, shapes, NaN and infinity, and functions that raise, return None, print,
mutate their input or import a missing module. Whatever comes in, the check:

* never lets an exception escape;
* gives exactly one line;
* names the problem: the generic "could not be checked" (a bug in the checker) is allowed
  only when the answer has the wrong number of parts;
* never modifies the student's arrays.

A function that loops for ever is stopped within the time limit, with a clear message
(one case per check: each costs the whole limit).
"""

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from test_exercises import ALL, ANSWER_ARGS, ids

import nnbook.exercises as ex


def _raises(*args, **kwargs):
    raise ValueError("half-written")


def _returns_none(*args, **kwargs):
    return None


def _prints(*args, **kwargs):
    print("debugging output\non two lines")
    return 3.0


def _mutates(*args, **kwargs):
    for a in args:
        if isinstance(a, np.ndarray) and a.flags.writeable and a.size:
            a.flat[0] = 123.0
    return args[0] if args else None


def _imports_missing(*args, **kwargs):
    import nnbook_no_such_module  # noqa: F401


def _returns_text(*args, **kwargs):
    return "an answer"


def _returns_nan(*args, **kwargs):
    return np.full(3, np.nan)


def _recurses(*args, **kwargs):
    return _recurses(*args, **kwargs)


def _exits(*args, **kwargs):
    raise SystemExit(1)


FUNCTIONS = [_raises, _returns_none, _prints, _mutates, _imports_missing, _returns_text,
             _returns_nan, _recurses, _exits]

SCALARS = st.one_of(
    st.none(), st.just(...), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6),
    st.complex_numbers(max_magnitude=1e3))
ARRAYS = hnp.arrays(dtype=st.sampled_from([np.float64, np.float32, np.int64, np.bool_]),
                    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
VALUES = st.one_of(
    SCALARS, ARRAYS, st.lists(SCALARS, max_size=5), st.tuples(SCALARS, SCALARS),
    st.dictionaries(st.text(max_size=4), SCALARS, max_size=4), st.sampled_from(FUNCTIONS))


def _arrays(values):
    return [v for v in values if isinstance(v, np.ndarray)]


@pytest.mark.filterwarnings("error::RuntimeWarning")  # a warning would print a second line
@pytest.mark.parametrize("case", ALL, ids=ids)
@settings(max_examples=1000, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_wrong_answers_never_break_a_check(case, data):
    module, name = case
    question = module.__dict__[name]
    parts = len(ANSWER_ARGS[module][name])
    n = data.draw(st.sampled_from([parts] * 6 + [parts - 1, parts + 1]).filter(lambda k: k >= 0),
                  label="number of parts")
    answer = [data.draw(VALUES, label=f"part {i + 1}") for i in range(n)]
    before = [a.copy() for a in _arrays(answer)]
    result = question.evaluate(*answer)
    text = str(result)
    assert "\n" not in text and result.message.strip(), text
    if n == parts:
        assert "could not be checked" not in result.message, text
    for a, b in zip(_arrays(answer), before, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), "check changed it"


def _forever(*args, **kwargs):
    while True:
        time.sleep(0.01)


@pytest.mark.parametrize("case", ALL, ids=ids)
def test_an_endless_loop_is_stopped_with_a_clear_message(case, monkeypatch):
    module, name = case
    monkeypatch.setattr(ex, "TIME_LIMIT", 0.3)
    parts = len(ANSWER_ARGS[module][name])
    start = time.perf_counter()
    result = module.__dict__[name].evaluate(*[_forever] * parts)
    took = time.perf_counter() - start
    assert took < 0.3 + 1.0, f"took {took:.1f} s"
    # a check that never calls the function (it wanted numbers) says so instead
    if "stopped after" in result.message:
        assert result.message.startswith("stopped after 0.3 s") and "loop" in result.message
    assert result.status == ex.WRONG and "\n" not in str(result)
