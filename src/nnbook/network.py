"""A from-scratch multilayer network in NumPy: forward pass, backpropagation, training.

This is the network of chapter 5, small enough to read in one sitting. It is a stack of
fully connected (Dense) layers. Layer ``l`` computes

    z_l = a_{l-1} @ W_l + b_l        a_l = f_l(z_l)

with rows as samples, ``a_0 = X``, and ``W_l`` of shape ``(n_in, n_out)``, exactly a Keras
``Dense`` kernel, so weights copy both ways (:meth:`Network.get_weights`,
:meth:`Network.set_weights`, :meth:`Network.to_keras`). Backpropagation follows the four
equations of chapter 5, with ``delta_l = dC/dz_l``:

    delta_L = dC/da_L * f_L'(z_L)                    (output layer)
    delta_l = (delta_{l+1} @ W_{l+1}.T) * f_l'(z_l)   (hidden layers, going back)
    dC/dW_l = a_{l-1}.T @ delta_l                     dC/db_l = sum over samples of delta_l

The cost is the mean over samples (``nnbook.losses``), plus ``l2 * sum(W**2)`` over the
kernels when ``l2 > 0`` (Keras's ``L2`` regularizer convention; biases are not penalised).
For a softmax output with categorical cross-entropy, and a sigmoid output with binary
cross-entropy, ``delta_L`` is the simplified ``(a_L - y) / n`` of chapter 3 (n counts every
output entry for the binary case, as Keras's mean does).

Names follow the maths (``zs``, ``activations``, ``deltas``) and Keras (``epochs``,
``batch_size``, ``learning_rate``, ``use_bias``, ``fit``/``predict``/``evaluate``).

Left out on purpose: convolutions, dropout, batch normalisation and GPUs (that is what
Keras is for, chapters 6-7); speed beyond what NumPy's matrix products give.
"""

from __future__ import annotations

import numpy as np

from nnbook import activations as act
from nnbook import losses, optimizers
from nnbook._optional import require
from nnbook._validation import as_array, lookup, whole
from nnbook.datasets import one_hot
from nnbook.seeding import rng as make_rng

_CLASSIFIERS = {"sigmoid", "softmax"}
_KERAS_NAMES = {"identity": "linear", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu",
                "softmax": "softmax"}


def count_params(sizes, use_bias: bool = True) -> int:
    """Weights and biases of a fully connected net with layer ``sizes``.

    ``sum over layers of n_in * n_out (+ n_out biases)``: 784-16-16-10 has 13,002.
    """
    sizes = [int(s) for s in sizes]
    return sum(a * b + (b if use_bias else 0) for a, b in zip(sizes[:-1], sizes[1:],
                                                               strict=True))


class History:
    """What :meth:`Network.fit` returns: ``history`` maps a metric name to its value per
    epoch (as Keras's ``History``: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``)."""

    def __init__(self):
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def _record(self, epoch, values):
        self.epoch.append(epoch)
        for name, value in values.items():
            self.history.setdefault(name, []).append(value)

    def __repr__(self):
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History({len(self.epoch)} epochs, last: {last})"


class Network:
    """A fully connected network trained by backpropagation and mini-batch gradient descent.

    Parameters
    ----------
    sizes : list of int
        Units per layer, inputs first: ``[2, 2, 1]`` is 2 inputs, 2 hidden units, 1 output.
    activation : str or list of str
        Activation of the hidden layers (one name for all, or one per hidden layer); any
        name of :data:`nnbook.activations.ACTIVATIONS` except ``"step"`` (its slope is 0).
    output_activation : str, optional
        Activation of the output layer (default: the same as the hidden layers).
    loss : str
        A name of :data:`nnbook.losses.LOSSES` (``"mse"``, ``"binary_crossentropy"``, ...).
    l2 : float
        L2 penalty ``l2 * sum(W**2)`` on the kernels (0: none).
    use_bias : bool
        Whether the layers have biases (seed 001's XOR example has none).
    seed : int or numpy.random.Generator
        For the initial weights (Glorot uniform, as Keras; biases start at 0).
    dtype : str
        ``"float64"`` (default, NumPy's) or ``"float32"`` (Keras's: half the memory, and
        faster matrix products; the same initial weights, rounded). Inputs are converted.

    Attributes
    ----------
    weights : list of ndarray
        ``weights[l]`` has shape ``(sizes[l], sizes[l + 1])``.
    biases : list of ndarray
        ``biases[l]`` has shape ``(sizes[l + 1],)`` (zeros, never trained, without bias).
    history : History or None
        From the last :meth:`fit`.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="mse",
                 l2=0.0, use_bias=True, seed=0, dtype="float64"):
        try:
            self.sizes = [int(s) for s in sizes]
        except (TypeError, ValueError):
            raise ValueError(f"sizes must be a list of whole numbers; got {sizes!r:.60}") from None
        if len(self.sizes) < 2 or min(self.sizes) < 1 or list(sizes) != self.sizes:
            raise ValueError(f"sizes needs >= 2 layers of >= 1 unit each, as whole numbers; "
                             f"got {sizes!r}")
        n_hidden = len(self.sizes) - 2
        hidden = [activation] * n_hidden if isinstance(activation, str) else list(activation)
        if len(hidden) != n_hidden:
            raise ValueError(f"{n_hidden} hidden layers need {n_hidden} activations; "
                             f"got {len(hidden)}")
        self.activations = hidden + [activation if output_activation is None and
                                     isinstance(activation, str) else output_activation]
        if self.activations[-1] is None:
            raise ValueError("give output_activation when activation is a list")
        for i, name in enumerate(self.activations):
            act.get(name)  # a clear error for a typo
            if name == "step":
                raise ValueError("the step function has slope 0 everywhere: backpropagation "
                                 "cannot train it; use sigmoid (chapter 2)")
            if name == "softmax" and i < n_hidden:
                raise ValueError("softmax is for the output layer only")
        self.loss = loss
        self._loss = losses.get(loss)[0]
        self.l2 = float(l2)
        if not (np.isfinite(self.l2) and self.l2 >= 0):
            raise ValueError(f"l2 must be >= 0; got {l2}")
        self.use_bias = bool(use_bias)
        if str(dtype) not in ("float64", "float32"):
            raise ValueError(f"dtype must be 'float64' or 'float32'; got {dtype!r}")
        self.dtype = np.dtype(str(dtype))
        gen = make_rng(seed) if not isinstance(seed, np.random.Generator) else seed
        self.weights, self.biases = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            limit = np.sqrt(6.0 / (n_in + n_out))
            self.weights.append(gen.uniform(-limit, limit, size=(n_in, n_out))
                                .astype(self.dtype, copy=False))
            self.biases.append(np.zeros(n_out, dtype=self.dtype))
        self._kernels = [act._KERNELS[name] for name in self.activations]
        self._loss_kernel = losses._GRADS[loss]
        self.history: History | None = None

    # --- parameters --------------------------------------------------------------------

    @property
    def params(self) -> list:
        """The trainable arrays, in Keras's ``get_weights()`` order: ``[W1, b1, W2, b2, ...]``
        (``[W1, W2, ...]`` without biases). These are the arrays themselves, not copies."""
        if not self.use_bias:
            return list(self.weights)
        return [p for pair in zip(self.weights, self.biases, strict=True) for p in pair]

    def get_weights(self) -> list:
        """Copies of :attr:`params`, as Keras's ``model.get_weights()``."""
        return [p.copy() for p in self.params]

    def set_weights(self, weights) -> None:
        """Load arrays in :attr:`params` order (for instance Keras's ``get_weights()``)."""
        weights = list(weights)
        params = self.params
        if len(weights) != len(params):
            raise ValueError(f"expected {len(params)} arrays ([W1, b1, ...]); got {len(weights)}")
        for i, (p, w) in enumerate(zip(params, weights, strict=True)):
            p[...] = as_array(w, f"weights[{i}]", p.shape)

    def count_params(self) -> int:
        """The number of trainable weights and biases."""
        return count_params(self.sizes, self.use_bias)

    # --- forward and backward ------------------------------------------------------------

    def _inputs(self, X):
        X = as_array(X, "X", dtype=self.dtype)
        if X.ndim == 1 and X.size == self.sizes[0]:
            X = X[None, :]  # one sample
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or X.shape[0] == 0:
            raise ValueError(f"X must have shape (n_samples, {self.sizes[0]}); got shape "
                             f"{X.shape}")
        return X

    def _targets(self, y, n_samples):
        """``y`` as an array of shape ``(n_samples, n_outputs)``; integer labels are one-hot
        encoded for a multi-output network."""
        k = self.sizes[-1]
        y = as_array(y, "y")
        if y.shape[0:1] != (n_samples,):
            raise ValueError(f"X has {n_samples} samples but y has shape {y.shape}: one target "
                             f"(row) per sample is needed")
        if y.ndim == 1 and k == 1:
            return y[:, None].astype(self.dtype, copy=False)
        if y.ndim == 1:
            if np.any(y != np.round(y)) or y.min() < 0 or y.max() >= k:
                raise ValueError(f"integer labels must be 0 ... {k - 1} for {k} outputs; got "
                                 f"values from {y.min():g} to {y.max():g}")
            return one_hot(y.astype(int), k).astype(self.dtype, copy=False)
        if y.shape != (n_samples, k):
            raise ValueError(f"y must have shape ({n_samples}, {k}) (or ({n_samples},) labels); "
                             f"got shape {y.shape}")
        return y.astype(self.dtype, copy=False)

    def forward(self, X):
        """Run ``X`` through the layers.

        Returns
        -------
        zs : list of ndarray
            ``zs[l]`` is layer ``l + 1``'s weighted input, shape ``(n_samples, sizes[l + 1])``.
        activations : list of ndarray
            ``activations[0]`` is ``X``; ``activations[l + 1] = f(zs[l])``.
        """
        return self._forward(self._inputs(X))

    def _forward(self, a):
        # forward() on inputs already checked: the training loop's inner step.
        zs, activations = [], [a]
        for W, b, (f, _) in zip(self.weights, self.biases, self._kernels, strict=True):
            z = a @ W
            z += b
            a = f(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def predict(self, X):
        """The network's outputs, shape ``(n_samples, sizes[-1])``, as Keras's ``predict``."""
        return self._predict(self._inputs(X))

    def _predict(self, X, chunk=8192):
        # In chunks, so that a forward pass over 60,000 images never holds every layer's
        # activations at once.
        if len(X) <= chunk:
            return self._forward(X)[1][-1]
        return np.concatenate([self._forward(X[i:i + chunk])[1][-1]
                               for i in range(0, len(X), chunk)])

    def _penalty(self):
        return losses.l2_penalty(self.weights, self.l2) if self.l2 else 0.0

    def cost(self, X, y) -> float:
        """The loss on ``(X, y)`` plus the L2 penalty: the number training minimises."""
        X = self._inputs(X)
        return self._cost(self._targets(y, len(X)), self._predict(X))

    def _cost(self, Y, P):
        return float(self._loss(Y, P) + self._penalty())

    def _output_delta(self, y, z, a):
        name = self.activations[-1]
        if name == "softmax" and self.loss == "categorical_crossentropy":
            return losses._GRADS["softmax_crossentropy"](y, z)
        if name == "sigmoid" and self.loss == "binary_crossentropy":
            return (a - y) / a.size
        g = self._loss_kernel(y, a)
        if name == "softmax":  # the Jacobian of softmax times g, row by row
            return a * (g - np.sum(g * a, axis=1, keepdims=True))
        prime = self._kernels[-1][1]
        return g if prime is None else g * prime(z, a)

    def backprop(self, X, y, return_deltas: bool = False):
        """Gradients of :meth:`cost` with respect to :attr:`params`, by backpropagation.

        Returns
        -------
        grads : list of ndarray
            Shaped and ordered like :attr:`params`.
        deltas : list of ndarray, only if ``return_deltas``
            ``deltas[l] = dC/dzs[l]``, shape ``(n_samples, sizes[l + 1])``.
        """
        X = self._inputs(X)
        return self._backprop(X, self._targets(y, len(X)), return_deltas)

    def _backprop(self, X, y, return_deltas=False):
        # backprop() on inputs already checked: the training loop's inner step.
        zs, activations = self._forward(X)
        delta = self._output_delta(y, zs[-1], activations[-1])
        deltas = [delta]
        for layer in range(len(self.weights) - 1, 0, -1):
            delta = delta @ self.weights[layer].T
            prime = self._kernels[layer - 1][1]
            if prime is not None:
                delta *= prime(zs[layer - 1], activations[layer])
            deltas.insert(0, delta)
        grads = []
        for a_prev, d, W in zip(activations[:-1], deltas, self.weights, strict=True):
            grad = a_prev.T @ d
            if self.l2:
                grad += 2 * self.l2 * W
            grads.append(grad)
            if self.use_bias:
                grads.append(d.sum(axis=0))
        return (grads, deltas) if return_deltas else grads

    def train_step(self, X, y, optimizer) -> float:
        """One update of every parameter on the batch ``(X, y)``; returns the cost before it."""
        cost = self.cost(X, y)
        optimizer.step(self.params, self.backprop(X, y))
        return cost

    # --- training and evaluation ---------------------------------------------------------

    def accuracy(self, X, y):
        """Share of samples classified right (sigmoid: threshold 0.5; several outputs:
        the largest), or None for a network whose output is not a classifier's."""
        if self.activations[-1] not in _CLASSIFIERS:
            return None
        X = self._inputs(X)
        return self._accuracy(self._targets(y, len(X)), self._predict(X))

    @staticmethod
    def _accuracy(Y, P):
        if P.shape[1] == 1:
            return float(np.mean((P[:, 0] > 0.5) == (Y[:, 0] > 0.5)))
        return float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1)))

    def evaluate(self, X, y) -> dict:
        """``{"loss": ..., "accuracy": ...}`` on ``(X, y)`` (accuracy for classifiers only)."""
        X = self._inputs(X)
        return self._evaluate(X, self._targets(y, len(X)))

    def _evaluate(self, X, Y) -> dict:
        P = self._predict(X)  # one forward pass for both numbers
        out = {"loss": self._cost(Y, P)}
        if self.activations[-1] in _CLASSIFIERS:
            out["accuracy"] = self._accuracy(Y, P)
        return out

    def fit(self, X, y, epochs=10, batch_size=32, optimizer="sgd", learning_rate=None,
            validation_data=None, shuffle=True, seed=0, verbose=False) -> History:
        """Train by mini-batch gradient descent; returns (and keeps) the :class:`History`.

        Parameters
        ----------
        X : array_like of shape (n_samples, sizes[0])
        y : array_like of shape (n_samples, sizes[-1]), or (n_samples,) labels
        epochs : int
            Passes over the data.
        batch_size : int or None
            Samples per update: 1 is online learning (seed 001), None the whole set at once.
        optimizer : str or nnbook.optimizers.Optimizer
            A name (``"sgd"``, ``"adam"``, ...) or an optimiser object (its state carries on).
        learning_rate : float, optional
            With an optimizer name only (default 0.1 for ``"sgd"``, else Keras's default).
        validation_data : (X_val, y_val), optional
            Also recorded each epoch, as ``val_loss`` (and ``val_accuracy``).
        shuffle : bool
            Shuffle the samples every epoch.
        seed : int or numpy.random.Generator
            For the shuffling.
        verbose : bool
            Print one line per epoch.

        The recorded ``loss`` is the cost on the whole training set at the end of each
        epoch (Keras records the running mean over the epoch's batches instead).
        """
        X = self._inputs(X)
        Y = self._targets(y, len(X))
        epochs = whole(epochs, "epochs", 1)
        size = len(X) if batch_size is None else whole(batch_size, "batch_size", 1)
        if isinstance(optimizer, optimizers.Optimizer):
            if learning_rate is not None:
                raise ValueError("set learning_rate on the optimizer object, not in fit()")
        else:
            default = 0.1 if optimizer == "sgd" else None
            rate = learning_rate if learning_rate is not None else default
            optimizer = optimizers.get(optimizer, **({} if rate is None else
                                                     {"learning_rate": rate}))
        if validation_data is not None:
            X_val = self._inputs(validation_data[0])
            Y_val = self._targets(validation_data[1], len(X_val))
        gen = make_rng(seed) if not isinstance(seed, np.random.Generator) else seed
        params = self.params
        history = History()
        for epoch in range(epochs):
            order = gen.permutation(len(X)) if shuffle else np.arange(len(X))
            for start in range(0, len(X), size):
                batch = order[start:start + size]
                # X and Y were checked once above, and the gradients are finite while the
                # weights are: the unchecked steps (the end-of-epoch cost catches divergence).
                optimizer._apply(params, self._backprop(X[batch], Y[batch]))
            values = self._evaluate(X, Y)
            if validation_data is not None:
                values.update({f"val_{k}": v for k, v in self._evaluate(X_val, Y_val).items()})
            if not np.isfinite(values["loss"]):
                raise FloatingPointError(
                    f"the cost became {values['loss']} in epoch {epoch + 1}: training diverged; "
                    f"try a smaller learning rate")
            history._record(epoch, values)
            if verbose:
                print(f"epoch {epoch + 1}/{epochs}: "
                      + ", ".join(f"{k} {v:.4f}" for k, v in values.items()))
        self.history = history
        return history

    # --- Keras -----------------------------------------------------------------------------

    def to_keras(self):
        """A ``keras.Sequential`` model with the same layers and (copied) weights."""
        keras = require("keras", "Network.to_keras")

        layers = [keras.Input(shape=(self.sizes[0],))]
        for n_out, name in zip(self.sizes[1:], self.activations, strict=True):
            if name == "leaky_relu":
                layers += [keras.layers.Dense(n_out, use_bias=self.use_bias),
                           keras.layers.LeakyReLU(negative_slope=0.01)]
            else:
                layers.append(keras.layers.Dense(n_out, activation=lookup(
                    _KERAS_NAMES, name, "activation with a Keras equivalent"),
                    use_bias=self.use_bias))
        model = keras.Sequential(layers)
        model.set_weights([p.astype("float32") for p in self.params])
        return model

    def __repr__(self):
        layers = " -> ".join(f"{n}" for n in self.sizes)
        dtype = "" if self.dtype == np.float64 else f", dtype={str(self.dtype)!r}"
        return (f"Network({layers}, activations={self.activations}, loss={self.loss!r}, "
                f"l2={self.l2:g}, params={self.count_params()}{dtype})")
