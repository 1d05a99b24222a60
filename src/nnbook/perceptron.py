"""The perceptron: a weighted sum, a step, and Rosenblatt's learning rule.

This module is deliberately small. It holds what chapter 1 needs and nothing else:

* :func:`weighted_sum` computes ``z = X @ w + b`` for a single unit;
* :func:`perceptron_output` applies the step function to it;
* :func:`perceptron_update` performs one step of the perceptron learning rule;
* :class:`Perceptron` loops the rule over a data set and keeps a history.

It leaves out on purpose: multiple output units, margins, the pocket algorithm, and any
activation other than the step (those come with the network in later chapters).
Names follow the maths of the text: ``w`` (weights), ``b`` (bias), ``z`` (weighted input),
``eta`` is called ``learning_rate`` as in Keras.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, number, whole
from nnbook.activations import step


def _inputs(X, w):
    w = as_array(w, "w", ("n_features",))
    X = as_array(X, "X", ("n_samples", len(w)) if np.ndim(X) == 2 else (len(w),))
    return X, w


def weighted_sum(X, w, b):
    """Weighted input ``z = X @ w + b`` of one unit.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features) or (n_features,)
    w : array_like of shape (n_features,)
    b : float

    Returns
    -------
    z : ndarray of shape (n_samples,) (or a 0-d array for a single sample)
    """
    X, w = _inputs(X, w)
    b = float(as_array(b, "b", ()))
    return X @ w + b


def perceptron_output(X, w, b):
    """Output of a perceptron, ``step(X @ w + b)``: 0 or 1 for every sample."""
    return step(weighted_sum(X, w, b)).astype(int)


def perceptron_update(w, b, x, y, learning_rate: float = 1.0):
    """One step of the perceptron learning rule on one sample.

    ``w <- w + eta * (y - y_hat) * x`` and ``b <- b + eta * (y - y_hat)``, where
    ``y_hat = step(w . x + b)``. A correctly classified sample changes nothing.

    Parameters
    ----------
    w : array_like of shape (n_features,)
    b : float
    x : array_like of shape (n_features,)
        One sample.
    y : {0, 1}
        Its target.
    learning_rate : float
        ``eta > 0``.

    Returns
    -------
    w_new : ndarray of shape (n_features,)
    b_new : float
    """
    x, w = _inputs(x, w)
    if x.ndim != 1:
        raise ValueError(f"x must be one sample of shape ({len(w)},); got shape {x.shape}")
    y = float(as_array(y, "y", ()))
    if y not in (0.0, 1.0):
        raise ValueError(f"y must be 0 or 1; got {y}")
    error = y - float(step(x @ w + float(b)))
    return w + learning_rate * error * x, float(b) + learning_rate * error


class Perceptron:
    """A single perceptron trained with the perceptron learning rule.

    Parameters
    ----------
    learning_rate : float
        Step size ``eta`` (default 1.0; with zero initial weights its value does not
        change which inputs are classified correctly, only the scale of ``w`` and ``b``,
        in exact arithmetic; rounding can turn a ``z`` that should be 0 into a tiny
        negative number, as with 0.1 on AND).
    epochs : int
        Maximum number of passes over the data; training stops early after an epoch
        with no mistakes.
    shuffle : bool
        Visit the samples in a new random order each epoch.
    seed : int or numpy.random.Generator
        Randomness for the shuffling.

    Attributes
    ----------
    w : ndarray of shape (n_features,)
    b : float
    history : dict
        ``"errors"`` (mistakes made during each epoch), ``"accuracy"`` (after each
        epoch), ``"w"`` and ``"b"`` (after each epoch), like Keras' ``History.history``.
    converged : bool
        Whether an epoch finished with no mistakes.
    """

    def __init__(self, learning_rate: float = 1.0, epochs: int = 20, shuffle=False, seed=0):
        self.learning_rate = number(learning_rate, "learning_rate", above=0)
        self.epochs = whole(epochs, "epochs", 1)
        self.shuffle = shuffle
        self.seed = seed
        self.w = None
        self.b = 0.0
        self.history = {}
        self.converged = False

    def fit(self, X, y, w=None, b=0.0):
        """Train on ``X`` of shape ``(n_samples, n_features)`` and targets ``y`` in {0, 1}.

        ``w`` and ``b`` give the starting point (default: zeros). Returns ``self``.
        """
        X = as_array(X, "X", ("n_samples", "n_features"))
        y = as_array(y, "y", (len(X),))
        if not np.isin(y, (0, 1)).all():
            raise ValueError("y must contain only 0 and 1")
        w = np.zeros(X.shape[1]) if w is None else as_array(w, "w", (X.shape[1],)).copy()
        b = float(b)
        gen = np.random.default_rng(self.seed)
        self.history = {"errors": [], "accuracy": [], "w": [], "b": []}
        self.converged = False
        for _ in range(self.epochs):
            order = gen.permutation(len(X)) if self.shuffle else range(len(X))
            mistakes = 0
            for i in order:
                w_new, b_new = perceptron_update(w, b, X[i], y[i], self.learning_rate)
                mistakes += int(b_new != b)  # b moves exactly when the sample was misclassified
                w, b = w_new, b_new
            self.w, self.b = w, b
            self.history["errors"].append(mistakes)
            self.history["accuracy"].append(self.score(X, y))
            self.history["w"].append(w.copy())
            self.history["b"].append(b)
            if mistakes == 0:
                self.converged = True
                break
        return self

    def _check_fitted(self):
        if self.w is None:
            raise ValueError("this Perceptron is not trained yet: call fit(X, y) first")

    def predict(self, X):
        """Outputs (0 or 1) for ``X`` of shape ``(n_samples, n_features)``."""
        self._check_fitted()
        return perceptron_output(as_array(X, "X", ("n_samples", len(self.w))), self.w, self.b)

    def score(self, X, y):
        """Fraction of samples classified correctly."""
        return float(np.mean(self.predict(X) == as_array(y, "y", ("n_samples",))))

    def __repr__(self):
        state = "untrained" if self.w is None else f"w={np.round(self.w, 3)}, b={self.b:.3g}"
        return f"Perceptron(learning_rate={self.learning_rate}, epochs={self.epochs}; {state})"
