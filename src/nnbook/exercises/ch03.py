"""Exercises of chapter 3, Cost functions.

Use from a notebook: ``from nnbook.exercises import ch03`` then ``ch03.q1.check(mse)``.
"""

from __future__ import annotations

import numpy as np

from nnbook import losses
from nnbook.activations import softmax
from nnbook.datasets import one_hot
from nnbook.exercises import (
    NotAttempted,
    Question,
    Wrong,
    close,
    compare_function,
    fmt,
    is_stub,
    numeric,
)

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# Seed 001's table: predictions and actual values.
PREDICTIONS = np.array([10.0, 8.0, 6.0])
ACTUAL = np.array([20.0, 3.0, 1.0])


# --- Q1: mean squared error ---------------------------------------------------------------

_MSE_CASES = [(ACTUAL, PREDICTIONS),
              (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.4, 0.0])),
              (np.array([0.5]), np.array([0.5]))]


def _diagnose_mse(args, got, want):
    y, p = args
    if close(got, np.sum((y - p) ** 2)):
        return "that is the total squared error: divide by the number of samples"
    if close(got, np.mean((y - p) ** 2) / 2):
        return "that is the 1/2n convention of seed 000; MSE divides by n"
    if close(got, np.mean(np.abs(y - p))):
        return "that is the mean absolute error: square the differences"
    if close(got, np.mean(y - p) ** 2):
        return "square each difference first, then take the mean"
    return None


q1 = Question(
    "Q1 (mean squared error)",
    lambda fn: compare_function(fn, "mse", _MSE_CASES, losses.mse, _diagnose_mse,
                                elementwise=False),
    lesson="MSE = (1/n) sum (y - y_hat)^2. Squaring makes large errors cost relatively more: "
    "one error of 10 adds as much to the total squared error as a hundred errors of 1.",
    hints=[
        "Subtract, square, average: three NumPy operations on whole arrays.",
        "np.mean averages over every entry, so it divides by n for you.",
        "return np.mean((y - y_hat) ** 2)",
    ],
    solution="""
def mse(y, y_hat):
    return np.mean((y - y_hat) ** 2)
""",
)


# --- Q2: binary cross-entropy with clipping -------------------------------------------------

_BCE_CASES = [
    (np.array([1.0, 0.0]), np.array([0.8, 0.1])),
    (np.array([1.0, 1.0, 0.0, 0.0]), np.array([0.5, 0.99, 0.01, 0.7])),
    (np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])),  # certain and wrong: needs the clip
]


def _diagnose_bce(args, got, want):
    y, p = args
    if not np.all(np.isfinite(np.asarray(got, dtype=float))):
        return "log(0) is -inf: clip y_hat to [1e-7, 1 - 1e-7] before taking logs"
    if close(got, np.mean(y * np.log(np.clip(p, 1e-7, 1 - 1e-7))
                           + (1 - y) * np.log(1 - np.clip(p, 1e-7, 1 - 1e-7)))):
        return "the sign: the cost is minus the mean log-likelihood, so it is >= 0"
    if close(got, -np.sum(y * np.log(np.clip(p, 1e-7, 1)) + (1 - y)
                           * np.log(np.clip(1 - p, 1e-7, 1)))):
        return "take the mean over samples, not the sum"
    if close(got, -np.mean(y * np.log(np.clip(p, 1e-7, 1 - 1e-7)))):
        return "the (1 - y) log(1 - y_hat) term is missing: samples with y = 0 cost nothing"
    if np.any((p == 0) | (p == 1)) and np.all(np.isfinite(got)):
        return ("on a certain mistake the clip sets the cost: "
                "clip with eps = 1e-7, the function's eps argument")
    return None


q2 = Question(
    "Q2 (binary cross-entropy with clipping)",
    lambda fn: compare_function(fn, "binary_crossentropy", _BCE_CASES,
                                losses.binary_crossentropy, _diagnose_bce, elementwise=False),
    lesson="Unclipped, a confident mistake costs without limit; clipping caps it at "
    "-log(1e-7) ~ 16.1, large but finite, so one bad sample cannot make the cost inf or NaN.",
    hints=[
        "C = -(1/n) sum [y log(y_hat) + (1 - y) log(1 - y_hat)].",
        "First p = np.clip(y_hat, eps, 1 - eps) (eps = 1e-7 by default); then use p in both logs.",
        "p = np.clip(y_hat, eps, 1 - eps); "
        "return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
    ],
    solution="""
def binary_crossentropy(y, y_hat, eps=1e-7):
    p = np.clip(y_hat, eps, 1 - eps)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
""",
)


# --- Q3: the gradient of softmax + cross-entropy --------------------------------------------

def _softmax_ce_cases():
    gen = np.random.default_rng(3)
    cases = [(one_hot([2, 0]), np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))]
    for n, k in ((1, 2), (4, 3), (5, 10)):
        cases.append((one_hot(gen.integers(0, k, n), k), gen.normal(0, 3, (n, k))))
    return cases


def _diagnose_softmax_ce(args, got, want):
    y, z = args
    p = softmax(z)
    if close(got, y - p) or close(got, (y - p) / len(y)):
        msg = "the sign: the gradient of the cost is y_hat - y (seed 001 writes y - y_hat, " \
              "which is minus the gradient)"
        if len(y) > 1 and not close(got, (y - p) / len(y)):
            msg += "; and the cost is the mean over n samples, so divide by n"
        return msg
    if close(got, p - y):
        return "the cost is the mean over n samples, so divide by n"
    return None


q3 = Question(
    "Q3 (the softmax cross-entropy gradient)",
    lambda fn: compare_function(fn, "softmax_ce_grad", _softmax_ce_cases(),
                                losses.softmax_crossentropy_grad, _diagnose_softmax_ce,
                                elementwise=False),
    lesson="All the exponentials and logs cancel: the gradient with respect to z is just "
    "(y_hat - y) / n. The output error is the signal that backpropagation sends back.",
    hints=[
        "Compute y_hat = softmax(z) row by row (the stable way), then compare it with y.",
        "dC/dz = (softmax(z) - y) / n, where n = len(y) is the number of samples.",
        "e = np.exp(z - z.max(axis=1, keepdims=True)); y_hat = e / e.sum(axis=1, keepdims=True); "
        "return (y_hat - y) / len(y)",
    ],
    solution="""
def softmax_ce_grad(y, z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    y_hat = e / e.sum(axis=1, keepdims=True)
    return (y_hat - y) / len(y)
""",
)


# --- Q4: the L2 penalty -------------------------------------------------------------------

def _l2_cases():
    gen = np.random.default_rng(4)
    return [
        ([np.array([[1.0, -2.0], [0.5, 0.0]])], 0.1),
        ([np.array([[1.0, -2.0], [0.5, 0.0]]), np.array([[3.0], [-1.0]])], 0.01),
        ([gen.normal(size=(4, 3)), gen.normal(size=(3, 2)), gen.normal(size=(2, 1))], 0.5),
    ]


def _diagnose_l2(args, got, want):
    weights, lam = args
    if close(got, lam * np.sum(weights[0] ** 2)) and len(weights) > 1:
        return "sum over every weight matrix in the list, not only the first"
    if close(got, lam / 2 * sum(np.sum(w**2) for w in weights)):
        return "here the penalty is lam * sum w^2, without the 1/2"
    if close(got, lam * sum(np.sum(np.abs(w)) for w in weights)):
        return "that is the L1 penalty: square the weights"
    if close(got, sum(np.sum(w**2) for w in weights)):
        return "multiply by lam"
    return None


q4 = Question(
    "Q4 (the L2 penalty)",
    lambda fn: compare_function(fn, "l2_penalty", _l2_cases(), losses.l2_penalty, _diagnose_l2,
                                elementwise=False),
    lesson="lam * sum w^2 grows fast for large weights, so minimising C0 + penalty keeps the "
    "weights small as a whole (their sum of squares), though a single weight can still grow; "
    "its gradient 2 lam w pulls hardest on the largest weights.",
    hints=[
        "weights is a list of arrays. Sum w**2 inside each array, then add the results.",
        "sum(np.sum(w ** 2) for w in weights) adds up every squared weight.",
        "return lam * sum(np.sum(w ** 2) for w in weights)",
    ],
    solution="""
def l2_penalty(weights, lam):
    return lam * sum(np.sum(w ** 2) for w in weights)
""",
)


# --- Q5: seed 001's MSE table by code ---------------------------------------------------------

def _number(value, name, shape):
    """``numeric``, but text is wrong: NumPy would turn "50" into 50.0."""
    try:
        text = not is_stub(value) and any(isinstance(v, (str, bytes))
                                          for v in np.ravel(np.asarray(value, dtype=object)))
    except Exception:  # noqa: BLE001 - anything odd is left to numeric's message
        text = False
    if text:
        raise Wrong(f"{name} must be a number, not a string: {value!r:.40}")
    return numeric(value, name, shape)


def _check_table(errors, squared_errors, total, mean):
    if all(is_stub(v) for v in (errors, squared_errors, total, mean)):
        raise NotAttempted("errors, squared_errors, total and mean are still `...`")
    errors = _number(errors, "errors", (3,))
    want = PREDICTIONS - ACTUAL
    if np.allclose(errors, -want):
        raise Wrong("errors has the opposite sign: the table uses prediction - actual")
    if not np.allclose(errors, want):
        raise Wrong(f"errors should be prediction - actual = {fmt(want)}; yours is {fmt(errors)}")
    squared = _number(squared_errors, "squared_errors", (3,))
    if not np.allclose(squared, want**2):
        raise Wrong(f"squared_errors should be {fmt(want ** 2)}; yours is {fmt(squared)}")
    total = _number(total, "total", ())
    if not np.isclose(total, 150):
        raise Wrong(f"total should add the squared errors; {fmt(total)} is not their sum")
    mean = _number(mean, "mean", ())
    if np.isclose(mean, 25):
        raise Wrong("mean = 25 is the 1/2n convention; MSE divides the total by n = 3")
    if not np.isclose(mean, 50):
        raise Wrong(f"mean should be the total over the number of rows; yours is {fmt(mean)}")


q5 = Question(
    "Q5 (seed 001's MSE table)",
    _check_table,
    lesson="Total 150 and mean 50: the single error of -10 supplies 100 of the 150. That is "
    "what 'cost relatively greater for larger errors' means.",
    hints=[
        "Use the arrays `predictions` and `actual` defined above; no loops needed.",
        "errors = predictions - actual; squared_errors = errors ** 2.",
        "total = squared_errors.sum(); mean = total / len(errors)",
    ],
    solution="""
errors = predictions - actual
squared_errors = errors ** 2
total = squared_errors.sum()
mean = total / len(errors)
""",
)
