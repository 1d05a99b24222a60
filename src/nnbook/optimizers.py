"""Optimisers: rules that turn gradients into parameter updates.

Every optimiser has ``step(params, grads)``, which updates a list of NumPy arrays **in
place** (like Keras's ``optimizer.apply(grads, variables)``), and keeps its own state
(velocities, running averages) per parameter. The update rules are Keras 3's, written
out so that the two agree step by step (tested against ``keras.optimizers``):

``SGD(learning_rate, momentum=0, nesterov=False)``
    plain: ``w -= lr * g``. With momentum ``mu``: ``v = mu * v - lr * g`` then
    ``w += v`` (or, Nesterov, ``w += mu * v - lr * g``).
``Adagrad(learning_rate, initial_accumulator_value=0.1, epsilon=1e-7)``
    ``s += g**2``; ``w -= lr * g / sqrt(s + eps)``: each weight's step shrinks with its
    own history of gradients.
``RMSprop(learning_rate, rho=0.9, epsilon=1e-7)``
    ``s = rho * s + (1 - rho) * g**2``; ``w -= lr * g / sqrt(s + eps)``: Adagrad with a
    memory that fades, so steps do not shrink for ever.
``Adam(learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-7)``
    momentum on ``g`` (``m``) and RMSprop on ``g**2`` (``v``), with bias correction:
    ``w -= lr_t * m / (sqrt(v) + eps)``, ``lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)``.

:func:`minimize` runs an optimiser on a function of one parameter vector and returns the
path, for pictures of descent on a 2-D cost (chapter 4).
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, lookup, number, whole


def _fraction(value, name):
    return number(value, name, at_least=0, below=1)


class Optimizer:
    """Base class: validates ``step``'s arguments and keeps per-parameter state."""

    def __init__(self, learning_rate: float = 0.01):
        self.learning_rate = number(learning_rate, "learning_rate", above=0)
        self.iterations = 0
        self._state: list | None = None

    def _init_state(self, param) -> dict:  # one dict of arrays per parameter
        return {}

    def _update(self, w, g, state) -> None:
        raise NotImplementedError

    def step(self, params, grads):
        """Update every array in ``params`` in place from the matching ``grads``.

        Parameters
        ----------
        params : list of ndarray
            The parameters (for a network: ``[W1, b1, W2, b2, ...]``). Modified in place.
        grads : list of array_like
            ``dC/dparam`` for each, of the same shapes.

        Returns
        -------
        params, for convenience.
        """
        if isinstance(params, np.ndarray):
            params, grads = [params], [grads]
        params, grads = list(params), list(grads)
        if len(params) != len(grads):
            raise ValueError(f"got {len(params)} parameter arrays but {len(grads)} gradients")
        for i, p in enumerate(params):
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise ValueError(f"params[{i}] must be a float NumPy array (updated in place); "
                                 f"got {type(p).__name__}")
        grads = [as_array(g, f"grads[{i}]", p.shape) for i, (p, g) in
                 enumerate(zip(params, grads, strict=True))]
        return self._apply(params, grads)

    def _apply(self, params, grads):
        # step() without the checks, for a training loop that made the gradients itself.
        if self._state is None or len(self._state) != len(params):
            self._state = [self._init_state(p) for p in params]
        self.iterations += 1
        for p, g, s in zip(params, grads, self._state, strict=True):
            if any(v.shape != p.shape for v in s.values()):
                raise ValueError("the parameters changed shape since the last step; make a new "
                                 "optimizer for a new model")
            self._update(p, g, s)
        return params

    def reset(self) -> None:
        """Forget the state (velocities, averages) and the step count."""
        self.iterations, self._state = 0, None

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_")
                         and k != "iterations")
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum, as Keras."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        super().__init__(learning_rate)
        self.momentum, self.nesterov = _fraction(momentum, "momentum"), bool(nesterov)

    def _init_state(self, param):
        return {"velocity": np.zeros_like(param)} if self.momentum else {}

    def _update(self, w, g, s):
        if not self.momentum:
            w -= self.learning_rate * g
            return
        v = s["velocity"]
        v *= self.momentum
        v -= self.learning_rate * g
        w += self.momentum * v - self.learning_rate * g if self.nesterov else v


class Adagrad(Optimizer):
    """Adagrad: per-weight steps scaled by the root of the summed squared gradients."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = number(epsilon, "epsilon", above=0)

    def _init_state(self, param):
        return {"accumulator": np.full_like(param, self.initial_accumulator_value)}

    def _update(self, w, g, s):
        s["accumulator"] += g * g
        w -= self.learning_rate * g / np.sqrt(s["accumulator"] + self.epsilon)


class RMSprop(Optimizer):
    """RMSprop: per-weight steps scaled by a running root-mean-square of the gradients."""

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        super().__init__(learning_rate)
        self.rho, self.epsilon = _fraction(rho, "rho"), number(epsilon, "epsilon", above=0)

    def _init_state(self, param):
        return {"velocity": np.zeros_like(param)}

    def _update(self, w, g, s):
        s["velocity"] *= self.rho
        s["velocity"] += (1 - self.rho) * g * g
        w -= self.learning_rate * g / np.sqrt(s["velocity"] + self.epsilon)


class Adam(Optimizer):
    """Adam: momentum and RMSprop together, with bias correction of both averages."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        self.beta_1, self.beta_2 = _fraction(beta_1, "beta_1"), _fraction(beta_2, "beta_2")
        self.epsilon = number(epsilon, "epsilon", above=0)

    def _init_state(self, param):
        return {"m": np.zeros_like(param), "v": np.zeros_like(param)}

    def _update(self, w, g, s):
        t = self.iterations
        lr_t = self.learning_rate * np.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        s["m"] += (g - s["m"]) * (1 - self.beta_1)
        s["v"] += (g * g - s["v"]) * (1 - self.beta_2)
        w -= lr_t * s["m"] / (np.sqrt(s["v"]) + self.epsilon)


OPTIMIZERS = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam}


def get(optimizer="sgd", **kwargs) -> Optimizer:
    """An optimiser from a name (``"sgd"``, ``"adam"``, ...) and keyword arguments.

    An :class:`Optimizer` instance is returned as it is.
    """
    if isinstance(optimizer, Optimizer):
        if kwargs:
            raise ValueError("pass keyword arguments with an optimizer name, not an instance")
        return optimizer
    name = optimizer.lower() if isinstance(optimizer, str) else optimizer
    return lookup(OPTIMIZERS, name, "optimizer")(**kwargs)


def minimize(grad, w0, optimizer, steps: int = 50):
    """Run ``optimizer`` for ``steps`` steps from ``w0`` on a cost with gradient ``grad``.

    Parameters
    ----------
    grad : callable
        ``grad(w, step)`` returns ``dC/dw`` at ``w`` (an array shaped like ``w``); ``step``
        counts from 0, so a stochastic gradient can pick its mini-batch from it.
    w0 : array_like of shape (d,)
    optimizer : Optimizer or str
    steps : int

    Returns
    -------
    ndarray of shape (steps + 1, d)
        The path: ``w0`` and the parameters after each step. A path that overflows stops
        growing: the rest of its rows are ``inf`` (divergence).
    """
    w = as_array(w0, "w0", ("d",)).copy()
    optimizer = get(optimizer)
    steps = whole(steps, "steps")
    path = np.full((steps + 1, w.size), np.inf)
    path[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            g = np.asarray(grad(w.copy(), k), dtype=float)
            if g.shape != w.shape:
                raise ValueError(f"grad(w, step) must return shape {w.shape}; got {g.shape}")
            if not np.all(np.isfinite(g)):
                break
            optimizer.step([w], [g])
            if not np.all(np.isfinite(w)):
                break
            path[k + 1] = w
    return path
