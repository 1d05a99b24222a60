"""Exercises of chapter 2, Activation functions.

Use from a notebook: ``from nnbook.exercises import ch02`` then ``ch02.q1.check(sigmoid)``.
"""

from __future__ import annotations

import numpy as np

from nnbook import activations
from nnbook.exercises import (
    NotAttempted,
    Question,
    Wrong,
    close,
    compare_function,
    fmt,
    is_stub,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

_GRID = [np.array([0.0]), np.linspace(-6, 6, 13), np.array([[-30.0, -1.5], [2.5, 30.0]])]


# --- Q1: the sigmoid ----------------------------------------------------------------------

def _diagnose_sigmoid(args, got, want):
    z = args[0]
    if close(got, 1 / (1 + np.exp(z))):   # also exp(-z) / (1 + exp(-z)): the same function
        return "the sign of z: yours is 1 - sigma(z) = sigma(-z); sigma(z) = 1 / (1 + exp(-z))"
    return None


q1 = Question(
    "Q1 (the sigmoid)",
    lambda fn: compare_function(fn, "sigmoid", [(z,) for z in _GRID], activations.sigmoid,
                                _diagnose_sigmoid),
    lesson="The sigmoid squashes any z into (0, 1), smoothly: a small change in z gives a "
    "small change in the output. That is what a step cannot do.",
    hints=[
        "sigma(z) = 1 / (1 + e^(-z)). NumPy's np.exp works on whole arrays at once.",
        "Do not loop: 1 / (1 + np.exp(-z)) already returns an array shaped like z.",
        "return 1 / (1 + np.exp(-z))",
    ],
    solution="""
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
""",
)


# --- Q2: its derivative -------------------------------------------------------------------

def _diagnose_sigmoid_prime(args, got, want):
    z = args[0]
    s = activations.sigmoid(z)
    if close(got, s):
        return "that is sigma(z) itself, not its slope"
    if close(got, s * (1 + s)) or close(got, (1 - s) ** 2):
        return "the derivative is sigma(z) * (1 - sigma(z))"
    return None


q2 = Question(
    "Q2 (the sigmoid's derivative)",
    lambda fn: compare_function(fn, "sigmoid_prime", [(z,) for z in _GRID],
                                activations.sigmoid_prime, _diagnose_sigmoid_prime),
    lesson="sigma'(z) is at most 0.25 (at z = 0) and close to 0 for |z| > 5. Backpropagation "
    "multiplies by one of these at every layer, and by the weights: unless the weights are "
    "large, the gradient vanishes through many layers (chapter 2, section 2.5).",
    hints=[
        "Differentiate (1 + e^(-z))^(-1) with the chain rule.",
        "You get e^(-z) / (1 + e^(-z))^2, which simplifies to sigma(z) (1 - sigma(z)).",
        "s = 1 / (1 + np.exp(-z)); return s * (1 - s)",
    ],
    solution="""
def sigmoid_prime(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)
""",
)


# --- Q3: a stable softmax -----------------------------------------------------------------

_SOFTMAX_CASES = [
    (np.array([1.3, 5.1, 2.2, 0.7, 1.1]),),
    (np.array([0.0, 0.0]),),
    (np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),),
    (np.array([1000.0, 1001.0, 1002.0]),),
    (np.array([[-1000.0, 0.0], [5.0, 800.0]]),),
]


def _diagnose_softmax(args, got, want):
    z = args[0]
    got = np.asarray(got, dtype=float)
    if z.ndim == 2 and np.shape(got) == z.shape and not np.all(np.isfinite(got)):
        with np.errstate(all="ignore"):
            e = np.exp(z - z.max())
            global_max = e / e.sum(axis=-1, keepdims=True)
        if close(np.nan_to_num(got), np.nan_to_num(global_max)):
            return "subtract each row's own maximum (axis=-1, keepdims=True): with the "\
                   "maximum of the whole array, a row far below it underflows to 0/0"
    if not np.all(np.isfinite(got)) and z.max() > 709:
        return "exp overflows for large z: subtract the largest z first, it does not change "\
               "the result"
    if z.ndim == 2 and close(got, _column_max_softmax(z)):
        return "take the maximum along the last axis (axis=-1), each row separately"
    if z.ndim == 2 and close(got, np.exp(z) / np.exp(z).sum()):
        return "each row is its own set of scores: sum over the last axis with keepdims=True"
    if z.ndim == 2 and close(got, np.exp(z - z.max()) / np.exp(z - z.max()).sum()):
        return "each row is its own set of scores: sum over axis=-1 with keepdims=True"
    return None


def _column_max_softmax(z):
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=0))
        return e / e.sum(axis=-1, keepdims=True)


q3 = Question(
    "Q3 (a stable softmax)",
    lambda fn: compare_function(fn, "softmax", _SOFTMAX_CASES, activations.softmax,
                                _diagnose_softmax, elementwise=False),
    lesson="Subtracting max(z) changes nothing mathematically (softmax is shift invariant) "
    "but keeps exp from overflowing. SciPy (scipy.special.softmax), TensorFlow, PyTorch and JAX "
    "all compute softmax this way (or an equivalent).",
    hints=[
        "softmax(z)_j = e^(z_j) / sum_k e^(z_k). Try your first version on z = [1000, 1001].",
        "softmax(z - c) = softmax(z) for any constant c. Choose c = max(z), so every exponent "
        "is <= 0.",
        "For rows use axis=-1 and keepdims=True: e = np.exp(z - z.max(axis=-1, keepdims=True)); "
        "return e / e.sum(axis=-1, keepdims=True)",
    ],
    solution="""
def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
""",
)


# --- Q4: leaky ReLU with a slope parameter --------------------------------------------------

def _diagnose_leaky(args, got, want):
    z, alpha = args
    if close(got, np.maximum(0, z)):
        return "that is the plain ReLU: negative z should give alpha * z"
    if close(got, np.where(z >= 0, z, 0.01 * z)):
        return "use the alpha you are given, not a fixed 0.01"
    if close(got, np.maximum(alpha, z)):
        return "negative z gives alpha * z, not alpha"
    return None


q4 = Question(
    "Q4 (leaky ReLU)",
    lambda fn: compare_function(
        fn, "leaky_relu",
        [(np.linspace(-4, 4, 9), 0.01), (np.linspace(-4, 4, 9), 0.2),
         (np.array([[-10.0, 3.0], [0.0, -0.5]]), 0.1)],
        activations.leaky_relu, _diagnose_leaky),
    lesson="A small slope for z < 0 keeps a gradient flowing, so a unit pushed into the "
    "negative region can still recover. With alpha = 0 it is the ReLU again.",
    hints=[
        "For z >= 0 return z; for z < 0 return alpha * z.",
        "np.where(condition, a, b) picks a where the condition holds and b elsewhere.",
        "return np.where(z >= 0, z, alpha * z)",
    ],
    solution="""
def leaky_relu(z, alpha):
    return np.where(z >= 0, z, alpha * z)
""",
)


# --- Q5: the derivative from the output ---------------------------------------------------

def _diagnose_from_output(args, got, want):
    a = args[0]
    if close(got, activations.sigmoid_prime(a)):
        return "the argument is already the output a = sigma(z): do not apply sigma again"
    return None


q5 = Question(
    "Q5 (the derivative from the output)",
    lambda fn: compare_function(
        fn, "sigmoid_prime_from_output",
        [(np.array([0.5]),), (np.array([0.0067, 0.2689, 0.7311, 0.9933]),),
         (np.array([[0.1, 0.9], [0.99, 0.01]]),)],
        lambda a: a * (1 - a), _diagnose_from_output, arg_name="a"),
    lesson="Backpropagation already has the layer's outputs a from the forward pass, so it "
    "gets sigma'(z) = a (1 - a) for one subtraction and one multiplication, with no exp "
    "at all.",
    hints=[
        "You are given a = sigma(z), not z. Write sigma'(z) in terms of sigma(z).",
        "sigma'(z) = sigma(z) (1 - sigma(z)).",
        "return a * (1 - a)",
    ],
    solution="""
def sigmoid_prime_from_output(a):
    return a * (1 - a)
""",
)


# --- Q6: which activations saturate? ------------------------------------------------------

_CANDIDATES = ("sigmoid", "tanh", "relu", "leaky_relu")
SATURATED = 0.05  # |f'(z)| below this is "flat": the threshold of the chapter's explorer
LEAKY_SLOPE = 0.1  # leaky ReLU's slope in Q6, as in the chapter's scrubber


def _flat_at(z):
    out = {}
    for name in _CANDIDATES:
        f_prime = activations.ACTIVATIONS[name][1]
        args = (LEAKY_SLOPE,) if name == "leaky_relu" else ()
        out[name] = float(f_prime(np.array([z]), *args)[0])
    return out


def _check_saturation(at_plus_6, at_minus_6):
    if is_stub(at_plus_6) and is_stub(at_minus_6):
        raise NotAttempted("flat_at_plus_6 and flat_at_minus_6 are still `...`")
    for given, z, label in ((at_plus_6, 6.0, "flat_at_plus_6"),
                            (at_minus_6, -6.0, "flat_at_minus_6")):
        if isinstance(given, str) or not isinstance(given, set | list | tuple | frozenset):
            raise Wrong(f"{label} should be a set of names such as {{'sigmoid'}}; got "
                        f"{given!r:.40}")
        try:
            names = set(given)
        except TypeError:  # a list inside: unhashable
            raise Wrong(f"{label} should hold activation names (text) such as 'sigmoid'; got "
                        f"{given!r:.40}") from None
        unknown = names - set(_CANDIDATES)
        if unknown:
            raise Wrong(f"{label}: unknown name(s) {sorted(unknown, key=repr)}; choose from "
                        f"{_CANDIDATES}")
        slopes = _flat_at(z)
        want = {n for n, s in slopes.items() if abs(s) < SATURATED}
        for name in sorted(want - names):
            raise Wrong(f"{label} misses {name}: its derivative at z = {z:g} is "
                        f"{fmt(slopes[name])}, below {SATURATED}")
        for name in sorted(names - want):
            raise Wrong(f"{label} should not hold {name}: its derivative at z = {z:g} is "
                        f"{fmt(slopes[name])}")


q6 = Question(
    "Q6 (which activations saturate?)",
    _check_saturation,
    lesson="Sigmoid and tanh saturate on both sides; ReLU is flat only for z < 0 (where a "
    "unit can 'die'), and leaky ReLU keeps its slope (0.1 here) for z < 0.",
    hints=[
        "Sketch each derivative, or use the activation explorer of chapter 2.",
        "sigma'(6) = sigma(6) (1 - sigma(6)) ~ 0.0025 and tanh'(6) = 1 - tanh(6)^2 ~ 0.000025. "
        "relu'(z) is 1 for z > 0 and 0 for z < 0; leaky ReLU's is 1 or its slope, 0.1.",
        "At z = 6 only the two S-shaped functions are flat. At z = -6 ReLU joins them.",
    ],
    solution="""
flat_at_plus_6 = {"sigmoid", "tanh"}
flat_at_minus_6 = {"sigmoid", "tanh", "relu"}
""",
)
