"""Exercises of chapter 1, Perceptrons and logic gates.

Use from a notebook: ``from nnbook.exercises import ch01`` then ``ch01.q1.check(w, b)``.
"""

from __future__ import annotations

import numpy as np

from nnbook.activations import step
from nnbook.datasets import binary_inputs, logic_gate
from nnbook.exercises import NotAttempted, Question, Wrong, call_student, fmt, is_stub, numeric
from nnbook.perceptron import perceptron_output, perceptron_update

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]


def _check_unit(X, target, w, b, what, threshold=False):
    """Raise Wrong naming the first input where the unit ``(w, b)`` differs from ``target``.

    With ``threshold=True`` the message reads the unit as ``w . x`` against the threshold ``-b``.
    """
    out = perceptron_output(X, w, b)
    for x, o, t in zip(X, out, target, strict=True):
        if o != t:
            gives = (f"w . x = {fmt(float(x @ w))} against threshold {fmt(-b)}" if threshold
                     else f"z = {fmt(float(x @ w + b))}")
            raise Wrong(f"at input x = {fmt(x)} your unit gives {gives} and output {o}, "
                        f"but {what} needs {t}")


# --- Q1: weights for NAND ----------------------------------------------------------------

def _check_nand(w, b):
    w = numeric(w, "w_nand", (2,))
    b = numeric(b, "b_nand", ())
    X, y = logic_gate("NAND")
    _check_unit(X, y, w, float(b), "NAND")


q1 = Question(
    "Q1 (weights for NAND)",
    _check_nand,
    lesson="NAND is AND turned inside out: flipping the signs of w and b swaps the two sides "
    "of the line, as long as no corner lies exactly on the line (z = 0 fires both before and "
    "after the flip). Any (w, b) with z >= 0 at (0, 0), (0, 1), (1, 0) and z < 0 at (1, 1) "
    "works: the line cuts (1, 1) off, and (1, 1) lies strictly on the non-firing side.",
    hints=[
        "NAND outputs 0 only for x = (1, 1). Which side of the line must (1, 1) be on?",
        "Start from an AND unit, e.g. w = (1, 1), b = -1.5, and think about what negating "
        "z = w . x + b does to the output.",
        "Try w = (-1, -1): then z = b - x1 - x2. Choose b so that z >= 0 unless x1 = x2 = 1.",
    ],
    solution="""
w_nand = (-2, -2)
b_nand = 3
""",
)


# --- Q2: the step neuron -----------------------------------------------------------------

_Q2_FIXED = [
    ((0.0, 0.0), (1.0, 1.0), -2.0),   # z = -2
    ((1.0, 1.0), (1.0, 1.0), -2.0),   # z = 0 exactly: the step fires (>= 0)
    ((1.0, 0.0), (4.0, 5.0), -6.0),   # z = -2
    ((1.0, 1.0), (4.0, 5.0), -6.0),   # z = 3
    ((1.0, 1.0, 0.0), (1.0, 1.0, 10.0), -11.0),  # the cheese festival: z = -9
]


def _check_step_neuron(fn):
    gen = np.random.default_rng(1)
    cases = list(_Q2_FIXED)
    for n in (2, 3, 5):
        for _ in range(4):
            cases.append((tuple(gen.integers(0, 2, n).astype(float)),
                          tuple(np.round(gen.normal(0, 2, n), 2)),
                          float(np.round(gen.normal(), 2))))
    for x, w, b in cases:
        got = call_student(fn, np.array(x), np.array(w), b, name="step_neuron")
        want = int(perceptron_output(np.array(x), np.array(w), b))
        if is_stub(got):
            raise Wrong(f"step_neuron{(x, w, b)} returned {got!r}: did you forget `return`?")
        try:
            got_value = float(np.asarray(got, dtype=float))
        except (TypeError, ValueError):
            raise Wrong(f"step_neuron should return one number, 0 or 1; got {got!r:.40}") from None
        if got_value != want:
            z = np.dot(x, w) + b
            extra = " (at z = 0 the step outputs 1: use >= 0)" if z == 0 else ""
            raise Wrong(f"for x = {fmt(x)}, w = {fmt(w)}, b = {fmt(b)} we have z = {fmt(z)}, so "
                        f"the output is {want}; yours is {fmt(got_value)}{extra}")


q2 = Question(
    "Q2 (the step neuron)",
    _check_step_neuron,
    lesson="A perceptron is just a weighted sum plus a threshold. The rest of this course "
    "replaces the step by activations whose slope is non-zero for at least some inputs z "
    "(for the sigmoid, for every z), so that a network can learn by small changes.",
    hints=[
        "Compute the weighted input z = w . x + b first.",
        "np.dot(x, w) gives the weighted sum of any length; add b.",
        "Return 1 if z >= 0 else 0 (note: >=, the step fires at exactly zero).",
    ],
    solution="""
def step_neuron(x, w, b):
    z = np.dot(x, w) + b
    return 1 if z >= 0 else 0
""",
)


# --- Q3: one perceptron update -----------------------------------------------------------

def _check_update(fn):
    gen = np.random.default_rng(2)
    cases = [
        ((0.0, 0.0), 0.0, (1.0, 1.0), 0, 1.0),    # wrong: fires on (1,1) but target 0
        ((0.0, 0.0), 0.0, (0.0, 0.0), 0, 1.0),    # wrong at the origin: only b moves
        ((1.0, 1.0), -1.5, (1.0, 1.0), 1, 1.0),   # right: nothing changes
        ((0.5, -0.5), -1.0, (1.0, 0.0), 1, 0.1),  # wrong, target 1, small learning rate
    ]
    for _ in range(8):
        n = int(gen.integers(2, 5))
        cases.append((tuple(np.round(gen.normal(size=n), 2)), float(np.round(gen.normal(), 2)),
                      tuple(gen.integers(0, 2, n).astype(float)), int(gen.integers(0, 2)),
                      float(gen.choice([0.1, 0.5, 1.0]))))
    for w, b, x, y, eta in cases:
        w_ref, b_ref = perceptron_update(np.array(w), b, np.array(x), y, eta)
        w_in, x_in = np.array(w), np.array(x)  # the student's copies: an in-place update is fine
        got = call_student(fn, w_in, b, x_in, y, eta, name="update")
        if not isinstance(got, tuple | list) or len(got) != 2:
            raise Wrong(f"update should return a pair (w_new, b_new); got {got!r:.60}")
        w_new = numeric(got[0], "w_new", (len(w),))
        b_new = numeric(got[1], "b_new", ())
        where = f"w = {fmt(w)}, b = {fmt(b)}, x = {fmt(x)}, y = {y}, learning_rate = {eta}"
        if not np.allclose(w_new, w_ref) or not np.isclose(b_new, b_ref):
            if (np.allclose(w_new, w) and np.isclose(b_new, b)
                    and not (np.allclose(w_ref, w) and np.isclose(b_ref, b))):
                why = "nothing changed, but this sample is misclassified"
            elif np.allclose(w_new - w, -(w_ref - w)) and np.isclose(b_new - b, -(b_ref - b)):
                why = "the change has the wrong sign: use (y - y_hat), target minus output"
            elif np.allclose(w_new, w_ref):
                why = "w is right but b is not: the bias learns like a weight whose input is 1"
            else:
                why = "the new weights differ"
            raise Wrong(f"at {where}: expected w_new = {fmt(w_ref)}, b_new = {fmt(b_ref)}; "
                        f"got w_new = {fmt(w_new)}, b_new = {fmt(b_new)} ({why})")


q3 = Question(
    "Q3 (one perceptron update)",
    _check_update,
    lesson="The rule moves the line only when it makes a mistake. It then adds or subtracts "
    "eta * x and eta, which changes z at that point by eta * (|x|^2 + 1) in the right "
    "direction: z moves towards the correct side of 0, and may cross it. (The line can also "
    "turn, so the point does not always get closer to it.) It is guaranteed to "
    "stop, with a separating unit, when the data are linearly separable (in exact arithmetic).",
    hints=[
        "First compute the current output: y_hat = 1 if w . x + b >= 0 else 0 (your "
        "step_neuron from Q2 does this).",
        "The error is y - y_hat: it is 0 (right), +1 (should have fired) or -1 (should not).",
        "w_new = w + learning_rate * (y - y_hat) * x and b_new = b + learning_rate * (y - y_hat).",
    ],
    solution="""
def update(w, b, x, y, learning_rate):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    error = y - y_hat
    return w + learning_rate * error * x, b + learning_rate * error
""",
)


# --- Q4: XOR from two layers of perceptrons ---------------------------------------------

def _check_xor(W1, b1, w2, b2):
    if all(is_stub(v) for v in (W1, b1, w2, b2)):
        raise NotAttempted("W1, b1, w2 and b2 are still `...`")
    W1 = numeric(W1, "W1", (2, 2))
    b1 = numeric(b1, "b1", (2,))
    w2 = numeric(w2, "w2", (2,))
    b2 = numeric(b2, "b2", ())
    X, y = logic_gate("XOR")
    hidden = step(X @ W1 + b1)
    out = perceptron_output(hidden, w2, float(b2))
    for x, h, o, t in zip(X, hidden, out, y, strict=True):
        if o != t:
            raise Wrong(f"at input x = {fmt(x)} the hidden layer outputs {fmt(h)} and the "
                        f"network outputs {o}, but XOR needs {t}")


q4 = Question(
    "Q4 (XOR from OR, NAND and AND)",
    _check_xor,
    lesson="One hidden layer moves the points: the hidden units map two corners with the same "
    "XOR value to the same point (with OR and NAND, the XOR-true corners both land on (1, 1), "
    "as in section 1.6), and then a single line separates the points. That is the whole idea "
    "of a neural network.",
    hints=[
        "XOR(x1, x2) = AND(OR(x1, x2), NAND(x1, x2)).",
        "W1 has one column per hidden unit (shape (n_in, n_out), like a Keras Dense kernel): "
        "column 0 holds the OR weights, column 1 the NAND weights.",
        "OR: w = (1, 1), b = -0.5; NAND: w = (-1, -1), b = 1.5; AND of the two hidden outputs: "
        "w2 = (1, 1), b2 = -1.5.",
    ],
    solution="""
W1 = np.array([[1.0, -1.0],
               [1.0, -1.0]])  # column 0: OR, column 1: NAND
b1 = np.array([-0.5, 1.5])
w2 = np.array([1.0, 1.0])     # AND of the two hidden outputs
b2 = -1.5
""",
)


# --- Q5: how many 2-input boolean functions are linearly separable? ----------------------

_Q5_GRIDS = ([0], [1], [-1, 1], [-1, 0, 1], [-0.5, 0.5, 2], [-2, -1, 0, 1, 2])


def _count_reference(grid):
    X = binary_inputs(2)
    return len({tuple(perceptron_output(X, (w1, w2), b))
                for w1 in grid for w2 in grid for b in grid})


def _check_count(fn):
    for grid in _Q5_GRIDS:
        got = call_student(fn, list(grid), name="count_separable")
        want = _count_reference(grid)
        if is_stub(got):
            raise Wrong(f"count_separable({grid}) returned {got!r}: did you forget `return`?")
        if isinstance(got, set | list | tuple | dict):
            raise Wrong(f"count_separable({grid}) should return how many distinct output "
                        f"columns there are (a number, len of your set); got a "
                        f"{type(got).__name__}")
        value = numeric(got, f"count_separable({grid})", ())
        if value == want:
            continue
        if value == len(grid) ** 3:
            why = "that counts every (w1, w2, b); count the distinct output columns instead"
        elif value in (14, 15, 16):
            why = "compute the count from the grid you are given, do not type it"
        else:
            why = "collect tuple(perceptron_output(X, (w1, w2), b)) in a set and take its len"
        raise Wrong(f"with grid = {grid} the perceptrons give {want} distinct output columns; "
                    f"yours gives {fmt(value)} ({why})")


q5 = Question(
    "Q5 (counting separable functions)",
    _check_count,
    lesson="With the grid from -2 to 2 your search finds 14 of the 16 two-input functions; "
    "only XOR and XNOR are missing, and section 1.5's argument (with every inequality flipped "
    "for XNOR) shows that no weights give them. "
    "With n inputs the separable share shrinks fast: 14 of 16 functions for n = 2, 104 of 256 "
    "(41%) for n = 3, 1882 of 65536 (2.9%) for n = 4 (OEIS A000609). That is why we need "
    "hidden layers.",
    hints=[
        "A function of two inputs is a column of 4 outputs, one per row of binary_inputs(2): "
        "there are 2**4 = 16 of them.",
        "Loop over w1, w2 and b in grid, compute perceptron_output(X, (w1, w2), b) and add it, "
        "as a tuple, to a set: the set keeps each column once.",
        "Return len(reachable), where reachable = {tuple(perceptron_output(X, (w1, w2), b)) "
        "for w1 in grid for w2 in grid for b in grid}.",
    ],
    solution="""
def count_separable(grid):
    X = binary_inputs(2)
    reachable = {tuple(perceptron_output(X, (w1, w2), b))
                 for w1 in grid for w2 in grid for b in grid}
    return len(reachable)
""",
)


# --- Q6: the cheese festival, your way -----------------------------------------------------

def _check_festival(w, threshold):
    w = numeric(w, "w_festival", (3,))
    threshold = numeric(threshold, "threshold", ())
    X = binary_inputs(3)  # columns: weather, friend, pubs
    target = (X[:, 0] == 1) & (X[:, 1:].sum(axis=1) >= 1)
    _check_unit(X, target.astype(int), w, -float(threshold),
                "'good weather and at least one of friend/pubs'", threshold=True)


q6 = Question(
    "Q6 (the cheese festival, your way)",
    _check_festival,
    lesson="A threshold unit encodes a preference by weights. This is exactly what is needed "
    "(these conditions force all weights and the threshold to be positive): friend and pubs "
    "together stay below the threshold (w2 + w3 < threshold), the weather alone does too "
    "(w1 < threshold), but the weather with either one reaches it.",
    hints=[
        "Going needs the weather (x1) and at least one of x2, x3. List the 8 inputs and "
        "mark the 3 that should give 1.",
        "Without the weather the sum must stay below the threshold: w2 + w3 < threshold. "
        "The weather alone must stay below it too, but w1 + w2 and w1 + w3 must reach it.",
        "w = (2, 1, 1) with threshold 3 works: 2 + 1 = 3 reaches it, 1 + 1 = 2 does not.",
    ],
    solution="""
w_festival = (2, 1, 1)
threshold = 3
""",
)
