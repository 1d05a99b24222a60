"""Small costs of two parameters, for watching gradient descent (chapter 4).

``LineFit``
    Fit ``y = w x + b`` to a noisy line by mean squared error. Its cost is a convex bowl
    in ``(w, b)``; with ``x`` far from 0 the bowl is a long narrow ravine, the shape that
    makes plain gradient descent zig-zag. Its gradient can be taken on the whole data set
    (batch) or on a mini-batch, so SGD's noise can be seen and measured.
``ravine(w)``, ``ravine_grad(w)``
    ``(w1**2 + 25 w2**2) / 2``: a bowl that curves 25 times more sharply across than
    along (its contour ellipses are 5 times longer than wide).
``bumpy(w)``, ``bumpy_grad(w)``
    A non-convex cost with two valleys of different depth and a saddle point between.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, whole
from nnbook.seeding import rng as make_rng


def _w(w):
    return as_array(w, "w", (2,))


def ravine(w):
    """``(w1**2 + 25 w2**2) / 2``: the minimum is 0 at the origin."""
    w = _w(w)
    return float(0.5 * (w[0] ** 2 + 25 * w[1] ** 2))


def ravine_grad(w):
    """Gradient of :func:`ravine`: ``(w1, 25 w2)``."""
    w = _w(w)
    return np.array([w[0], 25 * w[1]])


def bumpy(w):
    """``(w1**2 - 1)**2 + 0.3 w1 + w2**2``: a deep valley near ``w1 = -1``, a shallow one
    near ``w1 = +1``, and a saddle point between them, at ``(0.0754, 0)``."""
    w = _w(w)
    return float((w[0] ** 2 - 1) ** 2 + 0.3 * w[0] + w[1] ** 2)


def bumpy_grad(w):
    """Gradient of :func:`bumpy`."""
    w = _w(w)
    return np.array([4 * w[0] * (w[0] ** 2 - 1) + 0.3, 2 * w[1]])


class LineFit:
    """Mean squared error of the line ``y = w x + b`` on ``n_samples`` noisy points.

    Parameters
    ----------
    n_samples : int
    slope, intercept : float
        The true line.
    x_range : (float, float)
        Where the inputs ``x`` lie (uniformly). A range far from 0 makes a ravine.
    noise : float
        Standard deviation of the noise added to ``y``.
    seed : int or numpy.random.Generator

    Attributes
    ----------
    x, y : ndarray of shape (n_samples,)
    best : ndarray of shape (2,)
        The least-squares ``(w, b)``: the bottom of the bowl.
    """

    def __init__(self, n_samples=64, slope=2.0, intercept=1.0, x_range=(0.0, 2.0),
                 noise=0.5, seed=0):
        n_samples = whole(n_samples, "n_samples", 2)
        slope, intercept, noise = (float(as_array(v, k, ())) for k, v in
                                   (("slope", slope), ("intercept", intercept), ("noise", noise)))
        lo, hi = as_array(x_range, "x_range", (2,))
        if not lo < hi or noise < 0:
            raise ValueError(f"need x_range = (low, high) with low < high and noise >= 0; got "
                             f"x_range {tuple(x_range)}, noise {noise}")
        gen = make_rng(seed)
        self.x = gen.uniform(lo, hi, size=n_samples)
        self.y = slope * self.x + intercept + noise * gen.standard_normal(n_samples)
        A = np.column_stack([self.x, np.ones_like(self.x)])
        self.best = np.linalg.lstsq(A, self.y, rcond=None)[0]

    @property
    def n_samples(self) -> int:
        return self.x.size

    def cost(self, w):
        """The MSE at ``w = (slope, intercept)`` on all samples."""
        w = _w(w)
        return float(np.mean((w[0] * self.x + w[1] - self.y) ** 2))

    def grad(self, w, batch=None):
        """``dC/dw`` on the samples with indices ``batch`` (all of them when None)."""
        w = _w(w)
        if batch is not None:
            batch = np.asarray(batch)
            if (batch.ndim != 1 or batch.size == 0 or not np.issubdtype(batch.dtype, np.integer)
                    or batch.min() < 0 or batch.max() >= self.n_samples):
                raise ValueError(f"batch must be a non-empty 1-D array of sample indices 0 ... "
                                 f"{self.n_samples - 1}; got {batch!r:.60}")
        x, y = (self.x, self.y) if batch is None else (self.x[batch], self.y[batch])
        err = w[0] * x + w[1] - y
        return np.array([2 * np.mean(err * x), 2 * np.mean(err)])

    def surface(self, w_grid, b_grid):
        """The cost on a grid: ``C[i, j]`` at ``w = w_grid[j]``, ``b = b_grid[i]``."""
        W, B = np.meshgrid(as_array(w_grid, "w_grid"), as_array(b_grid, "b_grid"))
        pred = W[..., None] * self.x + B[..., None]
        return np.mean((pred - self.y) ** 2, axis=-1)

    def batch_grad(self, batch_size=None, seed=0):
        """A ``grad(w, step)`` for :func:`nnbook.optimizers.minimize` on mini-batches.

        The samples are shuffled once per epoch and taken ``batch_size`` at a time (the
        last batch of an epoch may be smaller). ``batch_size=None`` is batch gradient
        descent; ``1`` is pure SGD.
        """
        n = self.n_samples
        size = n if batch_size is None else int(batch_size)
        if not 1 <= size <= n:
            raise ValueError(f"batch_size must be between 1 and {n}; got {batch_size!r}")
        batches = []
        gen = make_rng(seed)

        def grad(w, step):
            while len(batches) <= step:
                order = gen.permutation(n)
                batches.extend(order[i:i + size] for i in range(0, n, size))
            return self.grad(w, batches[step])

        return grad
