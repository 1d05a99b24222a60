"""Finite-difference gradient checking that students can call.

A derivative computed by hand (or by backpropagation) is easy to get subtly wrong. The
central difference

    df/dx_j  ~  (f(x + eps e_j) - f(x - eps e_j)) / (2 eps)

needs nothing but ``f`` itself and is accurate to about ``eps**2``. Comparing the two with
:func:`relative_error` catches a wrong sign, a missing factor or a transposed matrix at
once: a correct gradient gives about ``1e-8`` or less, a wrong one ``1e-2`` or more.

This is slow (two calls of ``f`` per entry of ``x``), so it is for checking, not training.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array


def _scalar(f, x):
    try:
        value = f(x)
    except Exception as exc:
        raise ValueError(f"f(x) raised {type(exc).__name__}: {exc}") from exc
    try:
        value = float(np.asarray(value, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"f must return a single number (the cost); got {value!r:.60}") from None
    return value


def numerical_gradient(f, x, eps: float = 1e-6):
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns one number; ``x`` is never modified in place.
    x : array_like of any shape
    eps : float
        Step size. ``1e-6`` suits float64 costs of order 1.

    Returns
    -------
    ndarray shaped like ``x``
    """
    x = as_array(x, "x").copy()
    if not eps > 0:
        raise ValueError(f"eps must be > 0; got {eps}")
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)  # views into x and grad
    for j in range(flat.size):
        old = flat[j]
        flat[j] = old + eps
        up = _scalar(f, x.copy())
        flat[j] = old - eps
        down = _scalar(f, x.copy())
        flat[j] = old
        gflat[j] = (up - down) / (2 * eps)
    return grad


def relative_error(a, b, floor: float = 1e-8) -> float:
    """``max |a - b| / max(|a| + |b|, floor)``, elementwise, then the largest: 0 when equal."""
    a = as_array(a, "a")
    b = as_array(b, "b", a.shape)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor), initial=0.0))


def check_gradient(f, grad, x, eps: float = 1e-6) -> float:
    """Relative error between ``grad(x)`` and the numerical gradient of ``f`` at ``x``.

    Below about ``1e-6`` the analytic gradient is right; above ``1e-3`` it is wrong.
    """
    x = as_array(x, "x")
    analytic = as_array(grad(x.copy()), "grad(x)", x.shape)
    return relative_error(analytic, numerical_gradient(f, x, eps))


def check_network(net, X, y, backprop=None, eps: float = 1e-6):
    """Relative error of each gradient of a network, against finite differences.

    Parameters
    ----------
    net : nnbook.network.Network
    X, y : the batch the cost is computed on
    backprop : callable, optional
        ``backprop(X, y)`` returning gradients in ``net.params`` order; default
        ``net.backprop``. Pass your own to test it.

    Returns
    -------
    list of (name, relative_error, analytic, numerical)
        One entry per parameter array: ``W1``, ``b1``, ``W2``, ... (``W1``, ``W2``, ...
        without biases).
    """
    if not all(hasattr(net, a) for a in ("params", "weights", "backprop", "cost")):
        raise TypeError(f"net must be an nnbook.network.Network; got {type(net).__name__}")
    grads = list((backprop or net.backprop)(X, y))
    params = net.params
    if len(grads) != len(params):
        raise ValueError(f"backprop returned {len(grads)} arrays; the network has {len(params)}")
    names = ([f"{kind}{i + 1}" for i in range(len(net.weights)) for kind in ("W", "b")]
             if net.use_bias else [f"W{i + 1}" for i in range(len(net.weights))])
    out = []
    for name, p, g in zip(names, params, grads, strict=True):
        def cost(value, p=p):
            saved = p.copy()
            p[...] = value
            try:
                return net.cost(X, y)
            finally:
                p[...] = saved

        numeric = numerical_gradient(cost, p.copy(), eps)
        out.append((name, relative_error(as_array(g, f"gradient of {name}", p.shape), numeric),
                    g, numeric))
    return out
