"""Exercises of chapter 5, Backpropagation.

Use from a notebook: ``from nnbook.exercises import ch05`` then ``ch05.q1.check(forward)``.

Q1–Q3 and Q6 use sigmoid units; Q2 and Q6 use the quadratic cost
``C = (1/2n) sum (y_hat - y)**2`` (``nnbook.losses.quadratic``). Rows are samples and weights
have shape (n_in, n_out).
"""

from __future__ import annotations

import numpy as np

from nnbook.activations import sigmoid
from nnbook.exercises import (
    Question,
    Wrong,
    call_for_pair,
    call_student,
    close,
    compare_function,
    fmt,
    is_stub,
)
from nnbook.gradcheck import numerical_gradient
from nnbook.network import Network
from nnbook.optimizers import SGD

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

# Seed 001's XOR example.
W1_SEED = np.array([[0.1, 0.5], [-0.7, 0.3]])
W2_SEED = np.array([[0.2], [0.4]])
X_SEED, Y_SEED = np.array([[0.0, 1.0]]), np.array([[1.0]])

_rng = np.random.default_rng(5)
_X = _rng.normal(size=(4, 3))
_W1, _b1 = _rng.normal(size=(3, 2)), _rng.normal(size=2)
_W2, _b2 = _rng.normal(size=(2, 1)), _rng.normal(size=1)


# --- Q1: a forward pass ----------------------------------------------------------------------

def _forward(X, W1, b1, W2, b2):
    return sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)


_FORWARD_CASES = [(X_SEED, W1_SEED, np.zeros(2), W2_SEED, np.zeros(1)),
                  (_X, _W1, _b1, _W2, _b2)]


def _diagnose_forward(args, got, want):
    X, W1, b1, W2, b2 = args
    if close(got, sigmoid(X @ W1 + b1) @ W2 + b2):
        return "the output layer needs its sigmoid too"
    if close(got, sigmoid(sigmoid(X @ W1) @ W2)):
        return "add the biases b1 and b2"
    if close(got, sigmoid(np.maximum(X @ W1 + b1, 0) @ W2 + b2)):
        return "the hidden layer uses sigmoid here, not ReLU"
    return None


q1 = Question(
    "Q1 (a forward pass)",
    lambda fn: compare_function(fn, "forward", _FORWARD_CASES, _forward, _diagnose_forward,
                                elementwise=False),
    lesson="Two matrix products and two sigmoids compute every unit of every sample at once; "
    "on seed 001's example the output is 0.5735.",
    hints=[
        "With rows as samples, a layer is a = sigmoid(a_prev @ W + b).",
        "Compute the hidden activations h first, then the output from h.",
        "h = sigmoid(X @ W1 + b1); return sigmoid(h @ W2 + b2)",
    ],
    solution="""
def forward(X, W1, b1, W2, b2):
    h = sigmoid(X @ W1 + b1)
    return sigmoid(h @ W2 + b2)
""",
)


# --- Q2: the output delta -------------------------------------------------------------------

def _output_delta(y_hat, y):
    return (y_hat - y) * y_hat * (1 - y_hat) / len(y)


_DELTA_CASES = [(np.array([[0.5735]]), np.array([[1.0]])),
                (np.array([[0.2], [0.9], [0.6]]), np.array([[0.0], [1.0], [1.0]]))]


def _diagnose_output_delta(args, got, want):
    y_hat, y = args
    n = len(y)
    if close(got, -want):
        return ("the sign: delta = dC/dz uses y_hat - y; seed 001's delta uses y - y_hat "
                "(its t - z, where its z is the output), which is -dC/dz")
    if close(got, want * n):
        return "the cost is a mean over samples: divide by n"
    if close(got, (y_hat - y) / n):
        return "multiply by the sigmoid's slope y_hat (1 - y_hat): that is the cross-entropy delta"
    return None


q2 = Question(
    "Q2 (delta of the output layer)",
    lambda fn: compare_function(fn, "output_delta", _DELTA_CASES, _output_delta,
                                _diagnose_output_delta, elementwise=False),
    lesson="delta = dC/da * da/dz: the error (y_hat - y) / n times the sigmoid's slope. Where "
    "the output saturates, y_hat (1 - y_hat) is tiny and learning slows (chapter 3).",
    hints=[
        "For C = (1/2n) sum (y_hat - y)^2 the derivative dC/dy_hat is (y_hat - y) / n.",
        "For a sigmoid, dy_hat/dz = y_hat (1 - y_hat): you do not need z.",
        "return (y_hat - y) * y_hat * (1 - y_hat) / len(y)",
    ],
    solution="""
def output_delta(y_hat, y):
    return (y_hat - y) * y_hat * (1 - y_hat) / len(y)
""",
)


# --- Q3: the hidden-layer recursion ---------------------------------------------------------

def _hidden_delta(delta_next, W_next, a):
    return (delta_next @ W_next.T) * a * (1 - a)


_H = sigmoid(_X @ _W1 + _b1)
_HIDDEN_CASES = [(np.array([[-0.1043]]), W2_SEED, np.array([[0.3318, 0.5744]])),
                 (np.array([[0.1], [-0.2], [0.05], [0.3]]), _W2, _H),
                 (np.array([[0.1, -0.3], [0.2, 0.0]]), np.array([[1.0, 2.0], [-1.0, 0.5],
                                                                  [0.3, 0.3]]),
                  np.array([[0.2, 0.7, 0.5], [0.9, 0.1, 0.4]]))]


def _diagnose_hidden(args, got, want):
    d, W, a = args
    if close(got, d @ W.T):
        return "multiply by the hidden units' sigmoid slope a (1 - a)"
    if close(got, (d @ W.T) * a):
        return "the sigmoid's slope is a (1 - a), not a"
    return None


q3 = Question(
    "Q3 (the hidden-layer recursion)",
    lambda fn: compare_function(fn, "hidden_delta", _HIDDEN_CASES, _hidden_delta,
                                _diagnose_hidden, elementwise=False),
    lesson="Each hidden unit collects the deltas of the units it feeds, weighted by the "
    "connecting weights (delta @ W.T), then scales by its own slope. Seed 001's h1 gets "
    "0.3318 (1 - 0.3318)(0.2)(-0.1043) = -0.0046.",
    hints=[
        "W_next has shape (n_hidden, n_next); delta_next has shape (n_samples, n_next).",
        "delta_next @ W_next.T has shape (n_samples, n_hidden): one number per hidden unit.",
        "return (delta_next @ W_next.T) * a * (1 - a)",
    ],
    solution="""
def hidden_delta(delta_next, W_next, a):
    return (delta_next @ W_next.T) * a * (1 - a)
""",
)


# --- Q4: weight gradients -------------------------------------------------------------------

def _weight_gradients(a_prev, delta):
    return a_prev.T @ delta, delta.sum(axis=0)


def _check_gradients(fn):
    for a_prev, delta in ((np.array([[0.3318, 0.5744]]), np.array([[-0.1043]])),
                          (_X, np.array([[0.1, 0.0], [-0.2, 0.3], [0.05, 0.1], [0.3, -0.1]]))):
        out = call_for_pair(fn, a_prev.copy(), delta.copy(), name="weight_gradients",
                            what="dW, db")
        want_W, want_b = _weight_gradients(a_prev, delta)
        dW, db = (np.asarray(o, dtype=float) if not is_stub(o) else None for o in out)
        if db is not None and db.shape != want_b.shape and db.size == want_b.size:
            raise Wrong(f"db has shape {db.shape}; it should have b's shape {want_b.shape}: use "
                        f"delta.sum(axis=0)")
        if dW is not None and dW.shape == want_W.T.shape and dW.shape != want_W.shape:
            raise Wrong(f"dW has shape {dW.shape}, the transpose of W's {want_W.shape}: "
                        f"use a_prev.T @ delta")
        if not close(dW, want_W):
            if close(dW, want_W / len(delta)):
                raise Wrong("dW: the deltas already carry the 1/n of the mean; do not divide "
                            "again")
            raise Wrong(f"dW for a_prev = {fmt(a_prev)} and delta = {fmt(delta)} should be "
                        f"{fmt(want_W)}; yours is {fmt(dW)}")
        if not close(db, want_b):
            if close(db, delta.mean(axis=0)):
                raise Wrong("db: sum the deltas over samples (they already hold the 1/n)")
            raise Wrong(f"db should be the sum of delta over samples, {fmt(want_b)}; yours is "
                        f"{fmt(db)}")


q4 = Question(
    "Q4 (weight gradients)",
    _check_gradients,
    lesson="dC/dW[i, j] = sum over samples of a_prev[i] * delta[j]: the input on the "
    "connection times the error at its end. a_prev.T @ delta does every weight at once, and "
    "has W's shape, so the update W - lr dW lines up.",
    hints=[
        "dz/dw = the input feeding that weight, and dz/db = 1.",
        "a_prev has shape (n, n_in) and delta (n, n_out); dW must be (n_in, n_out).",
        "return a_prev.T @ delta, delta.sum(axis=0)",
    ],
    solution="""
def weight_gradients(a_prev, delta):
    return a_prev.T @ delta, delta.sum(axis=0)
""",
)


# --- Q5: a gradient check -------------------------------------------------------------------

def _f_curved(w):
    return float(np.sum(np.exp(3 * w)) + w[0] * w[-1])


def _f_cost(w):
    return float(np.mean((sigmoid(_X @ w.reshape(3, 1)) - 1.0) ** 2))


_GRADCHECK_CASES = [(_f_curved, np.array([1.0, -0.5, 0.2])),
                    (_f_cost, np.array([0.3, -0.2, 0.8]))]


def _recording(f, calls):
    """``f``, noting a copy of every point it is evaluated at."""
    def recorded(w):
        calls.append(np.array(w, dtype=float))
        return f(w)
    return recorded


def _both_sides(calls, w):
    """Whether, for every j, f was evaluated at points above and below w along axis j only."""
    for j in range(w.size):
        moved = [p[j] for p in calls
                 if p.shape == w.shape and np.array_equal(np.delete(p, j), np.delete(w, j))]
        if not (any(v < w[j] for v in moved) and any(v > w[j] for v in moved)):
            return False
    return True


_FORWARD_DIFFERENCE = ("that is the forward difference, accurate only to ~eps; use the "
                       "central difference (f(w + eps) - f(w - eps)) / (2 eps)")


def _check_numerical_gradient(fn):
    for f, w in _GRADCHECK_CASES:
        calls, given = [], w.copy()
        out = call_student(fn, _recording(f, calls), given, name="numerical_gradient")
        if is_stub(out):
            raise Wrong("numerical_gradient returned None: did you forget `return`?")
        if np.shape(given) != w.shape or not np.allclose(given, w, rtol=0, atol=1e-12):
            raise Wrong(f"numerical_gradient changed w in place (from {fmt(w)} to "
                        f"{fmt(given)}): nudge copies, w_plus = w.copy()")
        try:
            got = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"numerical_gradient should return an array of numbers; got "
                        f"{fmt(out)}") from None
        want = numerical_gradient(f, w)
        if got.shape != w.shape:
            raise Wrong(f"the gradient should have w's shape {w.shape}; yours has {got.shape}")
        if np.allclose(got, want, rtol=1e-6, atol=1e-8):
            if not _both_sides(calls, w):
                raise Wrong(_FORWARD_DIFFERENCE + " (f was never evaluated on both sides of "
                            "each w[j])")
            continue
        eps = 1e-6
        forward = np.array([(f(w + eps * e) - f(w)) / eps for e in np.eye(len(w))])
        if np.allclose(got, forward, rtol=1e-7):
            raise Wrong(_FORWARD_DIFFERENCE)
        if np.allclose(got, want * 2, rtol=1e-5):
            raise Wrong("divide by 2 * eps: the two points are 2 eps apart")
        raise Wrong(f"at w = {fmt(w)} the gradient should be {fmt(want)}; yours is {fmt(got)}")


q5 = Question(
    "Q5 (a gradient check)",
    _check_numerical_gradient,
    lesson="Central differences cost two evaluations of f per weight. Their truncation error "
    "is ~eps^2 (~eps for forward differences). Rounding adds an error of about "
    "1e-16 * |f| / eps, so ~1e-10 at eps = 1e-6 for a cost of order 1; small gradient entries "
    "can show relative errors of 1e-7, still far below a bug's 1e-2 or more (0.3 to 1 for "
    "the bug in the chapter). Too slow to train with, plenty for checking backprop.",
    hints=[
        "For each index j, nudge w[j] up and down by eps (on a copy) and evaluate f.",
        "grad[j] = (f(w_plus) - f(w_minus)) / (2 * eps).",
        "Loop over j in range(w.size) with w_plus = w.copy(); w_plus[j] += eps, and the same "
        "for w_minus.",
    ],
    solution="""
def numerical_gradient(f, w, eps=1e-6):
    grad = np.zeros_like(w)
    for j in range(w.size):
        w_plus, w_minus = w.copy(), w.copy()
        w_plus[j] += eps
        w_minus[j] -= eps
        grad[j] = (f(w_plus) - f(w_minus)) / (2 * eps)
    return grad
""",
)


# --- Q6: one full training step -------------------------------------------------------------

def _train_step(X, y, W1, W2, learning_rate):
    net = Network([W1.shape[0], W1.shape[1], W2.shape[1]], "sigmoid", loss="quadratic",
                  use_bias=False)
    net.set_weights([W1, W2])
    net.train_step(X, y, SGD(learning_rate))
    return net.weights[0], net.weights[1]


_STEP_CASES = [(X_SEED, Y_SEED, W1_SEED, W2_SEED, 0.25),
               (np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
                np.array([[0.0], [1.0], [1.0], [0.0]]), W1_SEED, W2_SEED, 0.5)]


def _check_train_step(fn):
    for X, y, W1, W2, lr in _STEP_CASES:
        out = call_for_pair(fn, X.copy(), y.copy(), W1.copy(), W2.copy(), lr, name="train_step",
                            what="W1, W2")
        new_W1, new_W2 = (np.asarray(o, dtype=float) if not is_stub(o) else None for o in out)
        want_W1, want_W2 = _train_step(X, y, W1, W2, lr)
        if close(new_W2, 2 * W2 - want_W2):
            raise Wrong("W2 moved uphill: subtract learning_rate * gradient (with delta = "
                        "dC/dz = (y_hat - y) ...), or add it if you use seed 001's "
                        "y - y_hat")
        if not close(new_W2, want_W2):
            raise Wrong(f"for seed 001's example the new W2 should be {fmt(want_W2)}; yours "
                        f"is {fmt(new_W2)}" if len(X) == 1 else
                        f"on the 4 XOR samples at once the new W2 should be {fmt(want_W2)}; "
                        f"yours is {fmt(new_W2)} (is the cost a mean over the 4 samples?)")
        if not close(new_W1, want_W1):
            h = sigmoid(X @ W1)
            delta2 = _output_delta(sigmoid(h @ W2), y)
            stale_W1 = W1 - lr * X.T @ _hidden_delta(delta2, want_W2, h)   # deltas via new W2
            if close(new_W1, stale_W1):
                raise Wrong("new W1 is off by a little: your hidden deltas use the updated W2; "
                            "compute them with the old W2, before updating it")
            gap = (f" (largest difference {np.abs(new_W1 - want_W1).max():.1e})"
                   if new_W1 is not None and new_W1.shape == want_W1.shape else "")
            raise Wrong(f"new W1 should be {fmt(want_W1)}; yours is {fmt(new_W1)}{gap}")


q6 = Question(
    "Q6 (one full training step)",
    _check_train_step,
    lesson="Forward pass, output delta, hidden deltas and gradients (backpropagation), then the "
    "gradient-descent update: one full training step. On seed 001's example W2 becomes "
    "(0.2087, 0.4150) and the output rises from 0.5735 to 0.5764.",
    hints=[
        "Reuse your answers: h = sigmoid(X @ W1); y_hat = sigmoid(h @ W2); then the deltas.",
        "Compute both gradients before changing any weight: dW2 = h.T @ delta2, "
        "dW1 = X.T @ delta1.",
        "delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y); delta1 = (delta2 @ W2.T) * h * "
        "(1 - h); return W1 - learning_rate * X.T @ delta1, W2 - learning_rate * h.T @ delta2",
    ],
    solution="""
def train_step(X, y, W1, W2, learning_rate):
    h = sigmoid(X @ W1)
    y_hat = sigmoid(h @ W2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y)
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return W1 - learning_rate * X.T @ delta1, W2 - learning_rate * h.T @ delta2
""",
)
