"""Exercises of chapter 4, Gradient descent.

Use from a notebook: ``from nnbook.exercises import ch04`` then ``ch04.q2.check(gd_step)``.
"""

from __future__ import annotations

import math

import numpy as np

from nnbook import descent
from nnbook._validation import as_array, number
from nnbook.exercises import (
    NotAttempted,
    Question,
    Wrong,
    call_for_pair,
    call_student,
    close,
    compare_function,
    fmt,
    is_stub,
    numeric,
)
from nnbook.optimizers import SGD, minimize

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

# Q1's single-weight network (identity activation, squared error): like seed 001's example.
INPUT, WEIGHT, TARGET, LEARNING_RATE = 3.0, 1.0, 5.0, 0.05


# --- Q1: one step by hand -------------------------------------------------------------------

def _check_by_hand(slope, new_weight):
    if is_stub(slope) and is_stub(new_weight):
        raise NotAttempted("slope and new_weight are still `...`")
    slope = numeric(slope, "slope", ())
    error = WEIGHT * INPUT - TARGET
    want = 2 * error * INPUT
    if np.isclose(slope, -want):
        raise Wrong("slope has the wrong sign: the error is prediction - target = "
                    f"{fmt(error)}")
    if np.isclose(slope, error * INPUT):
        raise Wrong("slope is missing the 2 of d(error^2)/d(error) = 2 error")
    if np.isclose(slope, 2 * error):
        raise Wrong("slope is missing the input: d(prediction)/d(weight) = input = 3")
    if not np.isclose(slope, want):
        raise Wrong(f"slope should be 2 * error * input; yours is {fmt(slope)}")
    new_weight = numeric(new_weight, "new_weight", ())
    if np.isclose(new_weight, WEIGHT + LEARNING_RATE * want):
        raise Wrong("new_weight moved uphill: subtract learning_rate * slope")
    if np.isclose(new_weight, WEIGHT - want):
        raise Wrong("new_weight forgot the learning rate: the step is learning_rate * slope")
    if not np.isclose(new_weight, WEIGHT - LEARNING_RATE * want):
        raise Wrong(f"new_weight should be weight - learning_rate * slope; yours is "
                    f"{fmt(new_weight)}")


q1 = Question(
    "Q1 (one gradient-descent step by hand)",
    _check_by_hand,
    lesson="Slope -12 means the cost falls as the weight grows, so the step goes right: "
    "1 - 0.05 * (-12) = 1.6. The new prediction 4.8 is closer to the target 5.",
    hints=[
        "Prediction = weight * input = 3, so the error (prediction - target) is -2.",
        "The slope is a product of three things: 2 * error, the input 3, and the identity's "
        "slope 1.",
        "slope = 2 * (-2) * 3 = -12; new_weight = 1 - 0.05 * (-12).",
    ],
    solution="""
slope = 2 * (3 * 1 - 5) * 3
new_weight = 1 - 0.05 * slope
""",
)


# --- Q2: one step by code -------------------------------------------------------------------

def _gd_step(w, grad, learning_rate):
    return w - learning_rate * grad


_STEP_CASES = [(np.array([2.0]), np.array([-24.0]), 0.01),  # seed 001: 2 -> 2.24
               (np.array([1.0, -2.0, 0.5]), np.array([0.5, -1.0, 4.0]), 0.1),
               (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0], [0.0, -1.0]]), 0.5)]


def _diagnose_step(args, got, want):
    w, g, lr = args
    if close(got, w + lr * g):
        return "that is w + learning_rate * grad: gradient descent subtracts"
    if close(got, w - g):
        return "the step must be scaled by learning_rate"
    if close(got, -lr * g):
        return "that is only the step: add it to w"
    return None


q2 = Question(
    "Q2 (one gradient-descent step by code)",
    lambda fn: compare_function(fn, "gd_step", _STEP_CASES, _gd_step, _diagnose_step,
                                elementwise=False),
    lesson="w - learning_rate * grad works for one weight or a whole matrix: NumPy applies "
    "it to every entry at once, which is the 'in parallel for each weight' of seed 001.",
    hints=[
        "The gradient points uphill; the step goes the other way.",
        "Scale the gradient by the learning rate, then subtract it from w.",
        "return w - learning_rate * grad",
    ],
    solution="""
def gd_step(w, grad, learning_rate):
    return w - learning_rate * grad
""",
)


# --- Q3: a learning rate that converges quickly ---------------------------------------------

START, TOLERANCE, MAX_STEPS = (3.0, 1.0), 1e-6, 130


def steps_to_converge(learning_rate, start=START, tolerance=TOLERANCE, max_steps=1000):
    """Plain gradient descent on :func:`nnbook.descent.ravine` from ``start``: the number of
    steps until the cost is below ``tolerance``, or None if it does not get there within
    ``max_steps`` steps (1000 by default)."""
    tolerance = number(tolerance, "tolerance", above=0)
    start = as_array(start, "start", (2,))
    path = minimize(lambda w, k: descent.ravine_grad(w), start, SGD(learning_rate), max_steps)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging path overflows
        for k, w in enumerate(path):
            if np.all(np.isfinite(w)) and descent.ravine(w) < tolerance:
                return k
    return None


def _check_rate(learning_rate):
    rate = float(numeric(learning_rate, "learning_rate", ()))
    if rate <= 0:
        raise Wrong("learning_rate must be > 0: a negative rate climbs uphill")
    k = steps_to_converge(rate)
    if k is not None and k < MAX_STEPS:
        return
    path = minimize(lambda w, k: descent.ravine_grad(w), START, SGD(rate), MAX_STEPS)
    if rate > 2 / 26:
        raise Wrong(f"learning_rate {fmt(rate)} is too large: across the ravine the slope is "
                    f"25 w2, so each step multiplies w2 by {fmt(1 - 25 * rate)}, and it "
                    + ("diverges" if rate > 2 / 25
                       else "flips sign for ever without shrinking" if rate >= 2 / 25
                       else "zig-zags for a long time"))
    cost = descent.ravine(path[-1])
    raise Wrong(f"learning_rate {fmt(rate)} is too small: after {MAX_STEPS} steps the cost "
                f"is still {cost:.2g}; each step only multiplies w1 by {fmt(1 - rate)}")


q3 = Question(
    "Q3 (choose a learning rate)",
    _check_rate,
    lesson="The steep direction (slope 25 w2) caps the rate below 2/25 = 0.08, while the flat "
    "direction (slope w1) wants it large. The rate 2/26 ~ 0.077 balances the two: both "
    "directions then shrink by the same factor, 12/13, per step, the fastest a single rate "
    "can do in the long run. (To this exercise's 1e-6, 0.075 is a little quicker: 99 steps "
    "against 104.) This tension is why momentum and adaptive optimisers exist.",
    hints=[
        "Try a few rates with steps_to_converge(rate) and watch what happens above 0.08.",
        "Each step multiplies w1 by (1 - rate) and w2 by (1 - 25 rate). Both factors must be "
        "well inside (-1, 1).",
        "Rates from about 0.058 to 0.0775 get there in under 130 steps; 2/26 ~ 0.077 makes "
        "both factors equal in size.",
    ],
    solution="""
learning_rate = 2 / 26
""",
)


# --- Q4: momentum ---------------------------------------------------------------------------

def _momentum_step(w, velocity, grad, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity


def _momentum_path(fn, learning_rate, momentum, steps=6):
    w, v = np.array([3.0, 1.0]), np.zeros(2)
    path = []
    for _ in range(steps):
        out = call_for_pair(fn, w.copy(), v.copy(), descent.ravine_grad(w), learning_rate,
                            momentum, name="momentum_step", what="w, velocity")
        w = numeric(out[0], "the new w", (2,))
        v = numeric(out[1], "the new velocity", (2,))
        path.append(w)
    return np.array(path)


def _check_momentum(fn):
    for rate, mu in ((0.01, 0.5), (0.02, 0.9)):
        got = _momentum_path(fn, rate, mu)
        ref = _momentum_path(_momentum_step, rate, mu)
        if np.allclose(got, ref):
            continue
        plain = minimize(lambda w, k: descent.ravine_grad(w), START, SGD(rate), 6)[1:]
        if np.allclose(got, plain):
            raise Wrong("your steps are plain gradient descent: the velocity must carry "
                        "momentum * velocity from the last step")
        lagged = []
        w, v = np.array(START), np.zeros(2)
        for _ in range(6):
            w, v = w + v, mu * v - rate * descent.ravine_grad(w)
            lagged.append(w)
        if np.allclose(got, lagged):
            raise Wrong("w moved by the old velocity: update the velocity first, then w")
        raise Wrong(f"with learning_rate {rate}, momentum {mu}, starting at (3, 1) on the "
                    f"ravine, w after 6 steps should be {fmt(ref[-1])}; yours is "
                    f"{fmt(got[-1])}")


q4 = Question(
    "Q4 (implement momentum)",
    _check_momentum,
    lesson="The velocity remembers past gradients: where they agree (along the ravine) the "
    "steps grow up to 1/(1 - momentum) times; where they flip sign (across it) they partly "
    "cancel.",
    hints=[
        "Keras's rule: velocity = momentum * velocity - learning_rate * grad, then w = w + "
        "velocity.",
        "Return both: the caller passes your velocity back in on the next step.",
        "velocity = momentum * velocity - learning_rate * grad; return w + velocity, velocity",
    ],
    solution="""
def momentum_step(w, velocity, grad, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity
""",
)


# --- Q5: a mini-batch iterator ----------------------------------------------------------------

def _batches(fn, n, size, seed):
    out = call_student(fn, n, size, seed, name="minibatches")
    if is_stub(out):
        raise Wrong("minibatches returned None: did you forget `return`?")
    try:
        batches = [np.asarray(b) for b in out]
    except TypeError:
        raise Wrong(f"minibatches should return a list of index arrays; got {fmt(out)}") from None
    for b in batches:
        if b.ndim != 1 or (b.size and not np.issubdtype(b.dtype, np.integer)):
            raise Wrong("each batch should be a 1-D array of integer sample indices; got "
                        f"{fmt(b)}")
    return batches


def _check_minibatches(fn):
    for n, size in ((10, 3), (12, 4), (7, 7), (5, 1)):
        batches = _batches(fn, n, size, 0)
        sizes = [len(b) for b in batches]
        joined = np.concatenate(batches) if batches else np.array([], dtype=int)
        if len(joined) < n and sorted(joined.tolist()) == sorted(set(joined.tolist())):
            raise Wrong(f"with {n} samples and batch_size {size} only {len(joined)} indices "
                        f"come out: keep the last, smaller batch")
        if sorted(joined.tolist()) != list(range(n)):
            raise Wrong(f"with {n} samples the batches should hold each index 0 ... {n - 1} "
                        f"exactly once; yours hold {fmt(sorted(joined.tolist()))}")
        want = [size] * (n // size) + ([n % size] if n % size else [])
        if sizes != want:
            raise Wrong(f"with {n} samples and batch_size {size} the batch sizes should be "
                        f"{want}; yours are {sizes}")
    first = np.concatenate(_batches(fn, 20, 5, 0))
    if np.array_equal(first, np.arange(20)):
        raise Wrong("the samples come out in order: shuffle them first (rng.permutation)")
    if np.array_equal(first, np.concatenate(_batches(fn, 20, 5, 1))):
        raise Wrong("seeds 0 and 1 give the same order: make the generator from seed")
    if not np.array_equal(first, np.concatenate(_batches(fn, 20, 5, 0))):
        raise Wrong("the same seed gives different orders: use np.random.default_rng(seed)")


q5 = Question(
    "Q5 (a mini-batch iterator)",
    _check_minibatches,
    lesson="One epoch = one pass through a random permutation. It makes every mini-batch a "
    "uniform random sample, so its gradient is an unbiased estimate of the full gradient. "
    "Reshuffling every epoch (as batch_grad and Keras's fit(shuffle=True) do) also stops the "
    "same batches coming round in the same order.",
    hints=[
        "rng = np.random.default_rng(seed); order = rng.permutation(n_samples).",
        "Slice order in steps of batch_size: order[start:start + batch_size].",
        "return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]",
    ],
    solution="""
def minibatches(n_samples, batch_size, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_samples)
    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]
""",
)


# --- Q6: iterations per epoch ---------------------------------------------------------------

N_SAMPLES, BATCH_SIZE, EPOCHS = 60000, 128, 20  # MNIST's training set


def _check_iterations(iterations_per_epoch, last_batch_size, total_updates):
    if all(is_stub(v) for v in (iterations_per_epoch, last_batch_size, total_updates)):
        raise NotAttempted("iterations_per_epoch, last_batch_size and total_updates are "
                           "still `...`")
    per_epoch = float(numeric(iterations_per_epoch, "iterations_per_epoch", ()))
    want = math.ceil(N_SAMPLES / BATCH_SIZE)
    if np.isclose(per_epoch, N_SAMPLES // BATCH_SIZE):
        raise Wrong("iterations_per_epoch: the last, smaller batch is an update too (round up)")
    if np.isclose(per_epoch, N_SAMPLES / BATCH_SIZE):
        raise Wrong("iterations_per_epoch must be a whole number of batches: round up")
    if not np.isclose(per_epoch, want):
        raise Wrong(f"iterations_per_epoch should be the number of batches of {BATCH_SIZE} in "
                    f"{N_SAMPLES}; yours is {fmt(per_epoch)}")
    last = float(numeric(last_batch_size, "last_batch_size", ()))
    if not np.isclose(last, N_SAMPLES - (want - 1) * BATCH_SIZE):
        raise Wrong(f"last_batch_size is what remains after {want - 1} full batches; yours "
                    f"is {fmt(last)}")
    total = float(numeric(total_updates, "total_updates", ()))
    if not np.isclose(total, want * EPOCHS):
        raise Wrong(f"total_updates counts the updates of all {EPOCHS} epochs; yours is "
                    f"{fmt(total)}")


q6 = Question(
    "Q6 (iterations per epoch)",
    _check_iterations,
    lesson="469 updates per epoch against 1 for batch gradient descent: that is why "
    "mini-batches usually train faster per pass through the data (seed 001's 11 batches vs 1).",
    hints=[
        "Seed 001: 1050 samples in batches of 100 give 11 batches (10 full, one of 50).",
        "Use math.ceil(60000 / 128); the last batch holds what the full ones leave.",
        "iterations_per_epoch = math.ceil(60000 / 128) = 469; last = 60000 - 468 * 128.",
    ],
    solution="""
iterations_per_epoch = math.ceil(60000 / 128)
last_batch_size = 60000 - (iterations_per_epoch - 1) * 128
total_updates = 20 * iterations_per_epoch
""",
)
