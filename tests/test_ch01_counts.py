"""The numbers that chapter 1's exercise lessons quote, recomputed."""

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
