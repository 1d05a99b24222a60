"""Cost (loss) functions, their gradients and weight penalties, gathered in one table.

Every loss takes ``y_true`` and ``y_pred`` of the same shape, ``(n_samples,)`` or
``(n_samples, n_outputs)``, and returns one number: the **mean** over samples of the
per-sample cost, so that ``C = (1/n) sum_i C_i`` (a decomposable cost, chapter 3).
Each ``*_grad`` returns ``dC/dy_pred``, an array shaped like ``y_pred``.

Two conventions for squared error are in use, and the course states both:

``mse``
    ``(1/n) sum_i (y_i - yhat_i)**2``, averaged over outputs too. This is seed 001's
    MSE and Keras's ``MeanSquaredError``.
``quadratic``
    ``(1/2n) sum_i ||y_i - yhat_i||**2``, summed over outputs. This is seed 000's
    "L2 error" and Nielsen's quadratic cost; the 1/2 cancels the 2 of the derivative.

For one output, ``quadratic = mse / 2``. Cross-entropies clip predictions to
``[eps, 1 - eps]`` (``eps = 1e-7``, as Keras) so that ``log(0)`` never happens.
``softmax_crossentropy`` works on the logits ``z`` directly; its gradient is the
famous ``(softmax(z) - y) / n``.

Penalties act on a list of weight arrays (biases are usually left out):
``l1_penalty = lam * sum |w|``, ``l2_penalty = lam * sum w**2``, and
``elastic_net_penalty = lam * (r * sum |w| + (1 - r) * sum w**2)``. Seed 001 divides by
the number of weights and seed 002 writes ``lam / 2m``: those are choices of the
constant ``lam``, discussed in chapter 3.

``LOSSES = {name: (loss, loss_grad)}`` is the table the rest of the package uses.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, lookup
from nnbook.activations import _softmax

EPSILON = 1e-7


def _pair(y_true, y_pred):
    """Validate a target/prediction pair: same shape, at least one sample."""
    y_pred = as_array(y_pred, "y_pred")
    y_true = as_array(y_true, "y_true")
    if y_pred.ndim not in (1, 2) or y_pred.shape[0] == 0:
        raise ValueError(f"y_pred must have shape (n_samples,) or (n_samples, n_outputs) with "
                         f"n_samples >= 1; got shape {y_pred.shape}")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape; got {y_true.shape} "
                         f"and {y_pred.shape}")
    return y_true, y_pred


def _over_outputs(per_element, reduce=np.mean):
    """Per-sample cost: elementwise costs reduced over the outputs axis (if any)."""
    return per_element if per_element.ndim == 1 else reduce(per_element, axis=1)


def _probabilities(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    if np.any((y_pred < 0) | (y_pred > 1)):
        raise ValueError("y_pred must hold probabilities in [0, 1] (the output of a sigmoid "
                         "or softmax); for raw scores use softmax_crossentropy")
    return y_true, np.clip(y_pred, EPSILON, 1 - EPSILON)


def _two_dim(y, what):
    if y.ndim != 2:
        raise ValueError(f"{what} needs shape (n_samples, k); got shape {y.shape}")
    return y


def _log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# Per-sample costs C_i, shape (n_samples,): each loss below is their mean.
_PER_SAMPLE = {
    "mse": lambda y, p: _over_outputs((y - p) ** 2),
    "quadratic": lambda y, p: 0.5 * _over_outputs((y - p) ** 2, np.sum),
    "mae": lambda y, p: _over_outputs(np.abs(y - p)),
    "binary_crossentropy": lambda y, p: _over_outputs(
        -(y * np.log(p) + (1 - y) * np.log(1 - p))),
    "categorical_crossentropy": lambda y, p: -np.sum(
        y * np.log(_two_dim(p, "categorical cross-entropy")), axis=1),
    "softmax_crossentropy": lambda y, z: -np.sum(
        y * _log_softmax(_two_dim(z, "softmax cross-entropy")), axis=1),
}
_ON_PROBABILITIES = {"binary_crossentropy", "categorical_crossentropy"}


def per_sample(name: str, y_true, y_pred):
    """The per-sample costs ``C_i`` of loss ``name``; the loss is their mean.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    cost = lookup(_PER_SAMPLE, name, "loss")
    prepare = _probabilities if name in _ON_PROBABILITIES else _pair
    return cost(*prepare(y_true, y_pred))


def mse(y_true, y_pred):
    """Mean squared error ``mean((y_true - y_pred)**2)`` (seed 001, Keras)."""
    return float(np.mean(per_sample("mse", y_true, y_pred)))


def mse_grad(y_true, y_pred):
    """Gradient of :func:`mse`: ``2 (y_pred - y_true) / y_pred.size``."""
    return _GRADS["mse"](*_pair(y_true, y_pred))


def quadratic(y_true, y_pred):
    """Quadratic cost ``(1/2n) sum_i ||y_true_i - y_pred_i||**2`` (seed 000, Nielsen)."""
    return float(np.mean(per_sample("quadratic", y_true, y_pred)))


def quadratic_grad(y_true, y_pred):
    """Gradient of :func:`quadratic`: ``(y_pred - y_true) / n``."""
    return _GRADS["quadratic"](*_pair(y_true, y_pred))


def mae(y_true, y_pred):
    """Mean absolute error ``mean(|y_true - y_pred|)`` (seed 000's "L1 error")."""
    return float(np.mean(per_sample("mae", y_true, y_pred)))


def mae_grad(y_true, y_pred):
    """Gradient of :func:`mae`: ``sign(y_pred - y_true) / y_pred.size`` (0 where equal)."""
    return _GRADS["mae"](*_pair(y_true, y_pred))


def binary_crossentropy(y_true, y_pred):
    """Binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))``, ``p`` clipped to eps."""
    return float(np.mean(per_sample("binary_crossentropy", y_true, y_pred)))


def binary_crossentropy_grad(y_true, y_pred):
    """Gradient of :func:`binary_crossentropy`: ``(p - y) / (p (1 - p)) / size``."""
    return _GRADS["binary_crossentropy"](*_probabilities(y_true, y_pred))


def categorical_crossentropy(y_true, y_pred):
    """Categorical cross-entropy ``-(1/n) sum_i sum_k y_ik log p_ik`` for one-hot ``y_true``.

    ``y_pred`` has shape ``(n_samples, k)`` and holds probabilities (rows of a softmax).
    """
    return float(np.mean(per_sample("categorical_crossentropy", y_true, y_pred)))


def categorical_crossentropy_grad(y_true, y_pred):
    """Gradient of :func:`categorical_crossentropy`: ``-y / p / n``."""
    y_true, p = _probabilities(y_true, y_pred)
    return _GRADS["categorical_crossentropy"](y_true, _two_dim(p, "categorical cross-entropy"))


def softmax_crossentropy(y_true, z):
    """Cross-entropy of ``softmax(z)`` against one-hot ``y_true``, from the logits ``z``.

    Computed with a stable log-softmax, so it stays finite however large ``z`` is.
    """
    return float(np.mean(per_sample("softmax_crossentropy", y_true, z)))


def softmax_crossentropy_grad(y_true, z):
    """Gradient of :func:`softmax_crossentropy` with respect to ``z``: ``(softmax(z) - y) / n``."""
    y_true, z = _pair(y_true, z)
    return _GRADS["softmax_crossentropy"](y_true, _two_dim(z, "softmax cross-entropy"))


# The gradients' formulas, unchecked: the checked functions above call them after
# validating, and nnbook.network's training loop calls them directly (with predictions it made
# itself, clipped here as _probabilities clips them). They keep the dtype of their inputs,
# and are named functions so that a network can be pickled.
def _clipped(p):
    return np.clip(p, EPSILON, 1 - EPSILON)


def _mse_grad(y, p):
    return 2.0 * (p - y) / p.size


def _quadratic_grad(y, p):
    return (p - y) / p.shape[0]


def _mae_grad(y, p):
    return np.sign(p - y) / p.size


def _bce_grad(y, p):
    p = _clipped(p)
    return (p - y) / (p * (1 - p)) / p.size


def _cce_grad(y, p):
    return -y / _clipped(p) / p.shape[0]


def _softmax_ce_grad(y, z):
    return (_softmax(z) - y) / z.shape[0]


_GRADS = {
    "mse": _mse_grad,
    "quadratic": _quadratic_grad,
    "mae": _mae_grad,
    "binary_crossentropy": _bce_grad,
    "categorical_crossentropy": _cce_grad,
    "softmax_crossentropy": _softmax_ce_grad,
}


LOSSES = {
    "mse": (mse, mse_grad),
    "quadratic": (quadratic, quadratic_grad),
    "mae": (mae, mae_grad),
    "binary_crossentropy": (binary_crossentropy, binary_crossentropy_grad),
    "categorical_crossentropy": (categorical_crossentropy, categorical_crossentropy_grad),
    "softmax_crossentropy": (softmax_crossentropy, softmax_crossentropy_grad),
}


def get(name: str):
    """Return ``(loss, loss_grad)`` for a loss name, with a clear error for a typo."""
    return lookup(LOSSES, name, "loss")


# --- penalties on the weights -------------------------------------------------------------

def _weights(weights):
    if isinstance(weights, np.ndarray) or np.isscalar(weights):
        weights = [weights]
    arrays = [as_array(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if not arrays:
        raise ValueError("weights must be an array or a non-empty list of arrays")
    return arrays


def _lam(lam, name="lam"):
    lam = float(as_array(lam, name, ()))
    if lam < 0:
        raise ValueError(f"{name} must be >= 0; got {lam}")
    return lam


def l1_penalty(weights, lam):
    """L1 (lasso) penalty ``lam * sum |w|`` over every array in ``weights``."""
    lam = _lam(lam)
    return lam * float(sum(np.sum(np.abs(w)) for w in _weights(weights)))


def l1_penalty_grad(weights, lam):
    """Gradient of :func:`l1_penalty`: ``lam * sign(w)`` for each array (0 at w = 0)."""
    lam = _lam(lam)
    return [lam * np.sign(w) for w in _weights(weights)]


def l2_penalty(weights, lam):
    """L2 (ridge, weight decay) penalty ``lam * sum w**2`` over every array in ``weights``."""
    lam = _lam(lam)
    return lam * float(sum(np.sum(w**2) for w in _weights(weights)))


def l2_penalty_grad(weights, lam):
    """Gradient of :func:`l2_penalty`: ``2 lam w`` for each array."""
    lam = _lam(lam)
    return [2 * lam * w for w in _weights(weights)]


def elastic_net_penalty(weights, lam, r=0.5):
    """Elastic net ``lam * (r * sum |w| + (1 - r) * sum w**2)``, ``r`` in [0, 1] (seed 001)."""
    r = _ratio(r)
    return r * l1_penalty(weights, lam) + (1 - r) * l2_penalty(weights, lam)


def elastic_net_penalty_grad(weights, lam, r=0.5):
    """Gradient of :func:`elastic_net_penalty`, one array per weight array."""
    r = _ratio(r)
    return [r * g1 + (1 - r) * g2
            for g1, g2 in zip(l1_penalty_grad(weights, lam), l2_penalty_grad(weights, lam),
                              strict=True)]


def _ratio(r):
    r = float(as_array(r, "r", ()))
    if not 0 <= r <= 1:
        raise ValueError(f"r must be between 0 (pure L2) and 1 (pure L1); got {r}")
    return r


PENALTIES = {
    "l1": (l1_penalty, l1_penalty_grad),
    "l2": (l2_penalty, l2_penalty_grad),
    "elastic_net": (elastic_net_penalty, elastic_net_penalty_grad),
}
