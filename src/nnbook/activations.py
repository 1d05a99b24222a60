"""Activation functions and their derivatives, gathered in one table.

Each function takes ``z``, the weighted input of a layer (any shape, usually
``(n_samples, n_units)``), and returns an array of the same shape. Each derivative
``f_prime(z)`` is taken with respect to ``z`` and is elementwise, except for softmax,
whose derivative is the full Jacobian ``(..., k, k)`` because every output depends on
every input.

Conventions at the kinks (where the derivative does not exist) follow the course text:
``step(0) = 1``; ``relu'(0) = 0``; ``leaky_relu'(0) = 1`` (the branch ``z >= 0``).
The step function's derivative is zero everywhere it exists; that is exactly why a
network of perceptrons cannot be trained by gradient descent (chapter 2).

``ACTIVATIONS = {name: (f, f_prime)}`` is the table the rest of the package uses, in the
style of scikit-learn's ``neural_network/_base.py``.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, lookup


def step(z):
    """Heaviside step: 1 where ``z >= 0``, else 0 (the perceptron's activation)."""
    z = as_array(z, "z")
    return (z >= 0).astype(float)


def step_prime(z):
    """Derivative of the step: 0 wherever it exists (we also return 0 at ``z = 0``)."""
    return np.zeros_like(as_array(z, "z"))


def identity(z):
    """Identity (linear) activation: ``f(z) = z``."""
    return as_array(z, "z").copy()


def identity_prime(z):
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(as_array(z, "z"))


def _sigmoid(z):
    # For z >= 0 this is 1 / (1 + exp(-z)); for z < 0 it is exp(z) / (1 + exp(z)), the same
    # function. Both exps are of numbers <= 0, so they never overflow, and there is no
    # branch (np.where), which is 2-3 times slower on large arrays.
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, computed without overflow for large ``|z|``."""
    return _sigmoid(as_array(z, "z"))


def sigmoid_prime(z):
    """Derivative of the sigmoid: ``sigma(z) * (1 - sigma(z))``."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, ``tanh(z) = 2 sigma(2z) - 1``."""
    return np.tanh(as_array(z, "z"))


def tanh_prime(z):
    """Derivative of tanh: ``1 - tanh(z)**2``."""
    return _tanh_slope(None, tanh(z))


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return _relu(as_array(z, "z"))


def relu_prime(z):
    """Derivative of ReLU: 1 where ``z > 0``, else 0."""
    return _relu_slope(as_array(z, "z"), None)


def leaky_relu(z, alpha: float = 0.01):
    """Leaky ReLU: ``z`` where ``z >= 0``, else ``alpha * z`` (the seed's slope is 0.01)."""
    return _leaky_relu(as_array(z, "z"), alpha)


def leaky_relu_prime(z, alpha: float = 0.01):
    """Derivative of leaky ReLU: 1 where ``z >= 0``, else ``alpha``."""
    return _leaky_relu_slope(as_array(z, "z"), None, alpha)


def softmax(z):
    """Softmax over the last axis, shifted by the maximum so ``exp`` never overflows.

    ``z`` has shape ``(..., k)``; the result has the same shape and sums to 1 along
    the last axis.
    """
    z = as_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must have at least one axis (the k classes); got a scalar")
    return _softmax(z)


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_prime(z):
    """Jacobian of softmax: ``J[..., i, j] = s_i (delta_ij - s_j)``, shape ``(..., k, k)``."""
    s = softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


ACTIVATIONS = {
    "step": (step, step_prime),
    "identity": (identity, identity_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "softmax": (softmax, softmax_prime),
}


def get(name: str):
    """Return ``(f, f_prime)`` for an activation name, with a clear error for a typo."""
    return lookup(ACTIVATIONS, name, "activation")


# Unchecked kernels for the training loop of nnbook.network, which validates its inputs once
# per fit instead of once per call. Each is (f(z), f'(z) given a = f(z)): backpropagation has
# a already, so the sigmoid's slope is a (1 - a) without a second exp. The values are the
# same, bit for bit, as the checked functions above, and the dtype of z is kept (float32
# stays float32). Named functions, not lambdas, so that a network can be pickled.
def _identity(z):
    return z


def _sigmoid_slope(z, a):
    return a * (1.0 - a)


def _tanh_slope(z, a):
    return 1.0 - a ** 2


def _relu(z):
    return np.maximum(0.0, z)


def _relu_slope(z, a):
    return (z > 0).astype(z.dtype)


def _leaky_relu(z, alpha=0.01):
    return np.where(z >= 0, z, alpha * z)


def _leaky_relu_slope(z, a, alpha=0.01):
    return np.where(z >= 0, 1.0, alpha).astype(z.dtype)


_KERNELS = {
    "identity": (_identity, None),  # slope 1: the delta passes through unchanged
    "sigmoid": (_sigmoid, _sigmoid_slope),
    "tanh": (np.tanh, _tanh_slope),
    "relu": (_relu, _relu_slope),
    "leaky_relu": (_leaky_relu, _leaky_relu_slope),
    "softmax": (_softmax, None),  # output layer only: its delta is computed by the network
}
