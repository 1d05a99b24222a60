"""The numbers that chapter 1's exercise lessons quote, recomputed."""

import itertools

import numpy as np

from nnbook.datasets import binary_inputs, logic_gate
from nnbook.exercises import ch01
from nnbook.perceptron import perceptron_output


def test_q5_lesson_count_14_and_only_xor_and_xnor_missing():
    grid = [-2, -1, 0, 1, 2]
    assert "finds 14 of the 16" in ch01.q5.lesson
    assert ch01._count_reference(grid) == 14
    X = binary_inputs(2)
    found = {tuple(perceptron_output(X, (w1, w2), b)) for w1 in grid for w2 in grid for b in grid}
    every = {tuple(int(v) for v in (k >> np.arange(4)) & 1) for k in range(16)}
    missing = every - found
    assert missing == {tuple(logic_gate("XOR")[1]), tuple(logic_gate("XNOR")[1])}
    assert missing == {(0, 1, 1, 0), (1, 0, 0, 1)}


def _threshold_function_count(n):
    """Exact number of n-input threshold functions. Lower bound: distinct truth columns of units
    with integer weights in -3..3 and half-integer biases (each is a threshold function). Upper
    bound: a threshold function is monotone in each input (up if w_i >= 0, down if not), and a
    linear program finds no unit for any such function the grid missed."""
    from scipy.optimize import linprog

    X = binary_inputs(n)
    grid = np.array(list(itertools.product(range(-3, 4), repeat=n)), float)
    biases = np.arange(-3 * n, 3 * n + 1) + 0.5
    fires = (grid @ X.T)[:, None, :] + biases[None, :, None] >= 0
    found = set(np.unique(fires.astype(np.int64) @ (1 << np.arange(2 ** n))).tolist())
    columns = ((np.arange(2 ** 2 ** n)[:, None] >> np.arange(2 ** n)) & 1).astype(bool)
    unate = np.ones(len(columns), bool)
    for i in range(n):
        low = np.where(X[:, i] == 0)[0]
        a, b = columns[:, low], columns[:, low + 2 ** (n - 1 - i)]  # x_i = 0 and its x_i = 1 row
        unate &= (a <= b).all(axis=1) | (a >= b).all(axis=1)
    assert all(unate[k] for k in found)
    A = np.c_[X, np.ones(len(X))]
    for k in np.flatnonzero(unate):
        if int(k) in found:
            continue
        sign = np.where(columns[k], -1.0, 1.0)  # -z <= 0 where the column is 1, z <= -1 where 0
        res = linprog(np.zeros(n + 1), A_ub=sign[:, None] * A, b_ub=np.where(columns[k], 0.0, -1.0),
                      bounds=[(None, None)] * (n + 1), method="highs")
        assert res.status == 2, (k, res.message)  # infeasible: no unit computes it
    return len(found)


def test_q5_lesson_counts_for_three_and_four_inputs():
    assert "104 of 256 (41%) for n = 3, 1882 of 65536 (2.9%) for n = 4" in ch01.q5.lesson
    assert _threshold_function_count(3) == 104 and round(100 * 104 / 256) == 41
    assert _threshold_function_count(4) == 1882 and round(100 * 1882 / 65536, 1) == 2.9


def test_q6_lesson_four_conditions_are_exactly_what_is_needed_for_any_real_weights():
    """w2 + w3 < T, w1 < T, w1 + w2 >= T, w1 + w3 >= T hold exactly when the unit computes
    'weather and at least one of friend/pubs', and they force every weight and T positive."""
    assert "force all weights and the threshold to be positive" in ch01.q6.lesson
    X = binary_inputs(3)
    target = (X[:, 0] == 1) & (X[:, 1:].sum(axis=1) >= 1)
    rng = np.random.default_rng(0)
    wt = np.r_[rng.uniform(-3, 3, size=(200_000, 4)), rng.integers(-3, 4, size=(200_000, 4))]
    w, T = wt[:, :3], wt[:, 3]
    computes = ((X @ w.T >= T).T == target).all(axis=1)
    four = ((w[:, 1] + w[:, 2] < T) & (w[:, 0] < T)
            & (w[:, 0] + w[:, 1] >= T) & (w[:, 0] + w[:, 2] >= T))
    assert np.array_equal(four, computes) and computes.sum() > 100
    assert np.all(w[four] > 0) and np.all(T[four] > 0)
