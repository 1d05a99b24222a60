"""Figures for the course. Every function takes ``ax=None`` and returns the ``ax``.

Pure functions only: they draw what they are given and keep no state, so the widgets in
:mod:`nnbook.widgets` can call them again each time a slider moves. Colours come from the
Okabe-Ito palette, which stays distinct for the common forms of colour blindness, and
the two classes also differ by marker shape.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from nnbook._validation import as_array, function, number, whole
from nnbook.datasets import logic_gate
from nnbook.perceptron import perceptron_output, weighted_sum

#: Okabe-Ito colours: class 0, class 1, then accents.
PALETTE = {
    "class0": "#0072B2",  # blue
    "class1": "#D55E00",  # vermillion
    "line": "#000000",
    "accent": "#009E73",  # bluish green
    "accent2": "#E69F00",  # orange
    "region1": "#F5C9A8",  # light vermillion: where the unit outputs 1
    "region0": "#BBD7EA",  # light blue: where the unit outputs 0
}
MARKERS = {0: "o", 1: "s"}


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 4.2))
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure); "
                        f"got {type(ax).__name__}")
    return ax


def _axes_pair(axes):
    """Two axes side by side: ``axes`` if it is two Axes, a new figure if it is None."""
    if axes is None:
        return plt.subplots(1, 2, figsize=(8.4, 3.4))[1]
    if len(np.ravel(axes)) != 2 or not all(isinstance(a, Axes) for a in np.ravel(axes)):
        raise TypeError("axes must be two matplotlib Axes (or None for a new figure)")
    return np.ravel(axes)


def _grid(values, name):
    """A grid of x or y values: finite, increasing, at least two of them."""
    values = as_array(values, name, ("n",))
    if len(values) < 2 or np.any(np.diff(values) <= 0):
        raise ValueError(f"{name} must hold >= 2 increasing values; got {values[:4]!r:.60}")
    return values


def truth_table(X, y, w, b, decimals: int = 3) -> str:
    """Text table of a 2-input unit: inputs, target, ``z = w . x + b`` and output.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    w : array_like of shape (n_features,)
    b : float

    Returns
    -------
    str
        One header line and one line per sample; the last column marks mistakes.
    """
    X = as_array(X, "X", ("n_samples", "n_features"))
    y = as_array(y, "y", (len(X),)).astype(int)
    decimals = whole(decimals, "decimals", 0, 15)
    z = np.round(weighted_sum(X, w, b), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    out = perceptron_output(X, w, b)
    names = [f"x{i + 1}" for i in range(X.shape[1])]
    lines = ["  ".join(f"{n:>3}" for n in names) + "  target        z  output"]
    for row, t, zi, o in zip(X, y, z, out, strict=True):
        cells = "  ".join(f"{v:>3g}" for v in row)
        mark = "" if o == t else "  <- wrong"
        lines.append(f"{cells}  {t:>6}  {zi:>7g}  {o:>6}{mark}")
    return "\n".join(lines)


def plot_points(X, y, ax=None, labels=("y = 0", "y = 1"), size=90):
    """Scatter 2-D points, class 0 as blue circles and class 1 as vermillion squares."""
    X = as_array(X, "X", ("n_samples", 2))
    y = as_array(y, "y", (len(X),)).astype(int)
    ax = _axes(ax)
    for cls, colour in ((0, PALETTE["class0"]), (1, PALETTE["class1"])):
        pts = X[y == cls]
        ax.scatter(pts[:, 0], pts[:, 1], s=size, c=colour, marker=MARKERS[cls],
                   edgecolors="black", linewidths=0.8, label=labels[cls], zorder=3)
    return ax


def plot_decision_line(w, b, X=None, y=None, ax=None, title=None, lim=(-0.5, 1.5)):
    """Draw where a 2-input step unit outputs 1 (shaded) and its line ``w . x + b = 0``.

    Parameters
    ----------
    w : array_like of shape (2,)
    b : float
    X, y : optional arrays of shapes (n_samples, 2) and (n_samples,)
        Points to draw on top, coloured by their target.
    ax : matplotlib Axes, optional
    title : str, optional
    lim : (float, float)
        Range of both axes.
    """
    w = as_array(w, "w", (2,))
    b = float(as_array(b, "b", ()))
    lim = as_array(lim, "lim", (2,))
    if not lim[0] < lim[1]:
        raise ValueError(f"lim must be (low, high) with low < high; got {tuple(lim)}")
    ax = _axes(ax)
    grid = np.linspace(lim[0], lim[1], 201)
    g1, g2 = np.meshgrid(grid, grid)
    out = (w[0] * g1 + w[1] * g2 + b >= 0).astype(float)
    ax.contourf(g1, g2, out, levels=[-0.5, 0.5, 1.5],
                colors=[PALETTE["region0"], PALETTE["region1"]], zorder=0)
    if w[1] != 0:
        ax.plot(grid, -(w[0] * grid + b) / w[1], color=PALETTE["line"], lw=2,
                label=r"$w_1x_1 + w_2x_2 + b = 0$", zorder=2)
    elif w[0] != 0:
        ax.axvline(-b / w[0], color=PALETTE["line"], lw=2,
                   label=r"$w_1x_1 + w_2x_2 + b = 0$", zorder=2)
    if X is not None:
        plot_points(X, y, ax=ax)
    ax.set(xlim=lim, ylim=lim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.set_title(title or f"$w$ = ({w[0]:g}, {w[1]:g}), $b$ = {b:g}")
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    return ax


def plot_gate(gate, w, b, ax=None):
    """A gate's truth table as points, with the decision region of the unit ``(w, b)``.

    The title says how many of the four rows the unit gets right.
    """
    X, y = logic_gate(gate)
    w, b = as_array(w, "w", (2,)), float(as_array(b, "b", ()))
    correct = int(np.sum(perceptron_output(X, w, b) == y))
    title = f"{str(gate).upper()}: w = ({w[0]:g}, {w[1]:g}), b = {b:g}; {correct}/4 right"
    return plot_decision_line(w, b, X, y, ax=ax, title=title)


def plot_training(history, ax=None, title="Perceptron learning rule"):
    """Mistakes per epoch from a :class:`~nnbook.perceptron.Perceptron` history."""
    if not isinstance(history, dict) or "errors" not in history:
        raise ValueError(f"history must be Perceptron.fit's history (a dict with 'errors'); "
                         f"got {type(history).__name__}")
    errors = as_array(history["errors"], "history['errors']", ("n_epochs",))
    if not len(errors):
        raise ValueError("history['errors'] is empty: fit for at least one epoch")
    ax = _axes(ax)
    epochs = np.arange(1, len(errors) + 1)
    ax.plot(epochs, errors, marker="o", color=PALETTE["class0"])
    ax.set(xlabel="epoch", ylabel="mistakes during the epoch", title=title)
    ax.set_xticks(epochs if len(epochs) <= 10 else epochs[:: max(2, len(epochs) // 10)])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=-0.2, top=max(1.0, float(errors.max())) + 0.5)
    return ax


def plot_activation(f, f_prime=None, z=None, ax=None, title=None):
    """Plot an activation function (and, if given, its derivative) over ``z``."""
    z = np.linspace(-5, 5, 401) if z is None else as_array(z, "z", ("n",))
    curves = [("f(z)", "-", PALETTE["class0"], function(f, "f"))]
    if f_prime is not None:
        curves.append(("f'(z)", "--", PALETTE["class1"], function(f_prime, "f_prime")))
    values = [as_array(fn(z), f"{label}, for z of shape {z.shape},", z.shape, allow_nan=True)
              for label, _, _, fn in curves]
    ax = _axes(ax)
    for (label, ls, colour, _), v in zip(curves, values, strict=True):
        ax.plot(z, v, color=colour, lw=2, ls=ls, label=label)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.set(xlabel="z", ylabel="output", title=title or getattr(f, "__name__", ""))
    ax.legend()
    return ax


#: Activations that act elementwise, in the order the course introduces them.
ELEMENTWISE = ("step", "identity", "sigmoid", "tanh", "relu", "leaky_relu")


def activation_curves(name, z, alpha=0.01):
    """``(f(z), f'(z))`` for an elementwise activation; ``alpha`` is leaky ReLU's slope."""
    from nnbook import activations

    if name not in ELEMENTWISE:
        raise ValueError(f"name must be one of {ELEMENTWISE}; got {name!r} "
                         "(softmax acts on a whole vector: see chapter 2, section on softmax)")
    f, f_prime = activations.get(name)
    z = as_array(z, "z")
    if name == "leaky_relu":
        alpha = number(alpha, "alpha")
        return f(z, alpha), f_prime(z, alpha)
    return f(z), f_prime(z)


def plot_activation_pair(name, z_max=5.0, alpha=0.01, axes=None):
    """An activation (left) and its derivative (right) for ``z`` in ``[-z_max, z_max]``.

    Returns the two axes.
    """
    z_max = number(z_max, "z_max", above=0)
    z = np.linspace(-z_max, z_max, 801)
    f, fp = activation_curves(name, z, alpha)
    axes = _axes_pair(axes)
    label = f"{name} (slope {alpha:g})" if name == "leaky_relu" else name
    for ax, values, colour, what in ((axes[0], f, PALETTE["class0"], "f(z)"),
                                     (axes[1], fp, PALETTE["class1"], "f'(z)")):
        ax.plot(z, values, color=colour, lw=2.2)
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
        ax.set(xlabel="weighted input z", ylabel=what, title=f"{label}: {what}",
               xlim=(-z_max, z_max))
    lo, hi = min(f.min(), -0.1), max(f.max(), 1.1)
    axes[0].set_ylim(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    axes[1].set_ylim(-0.1, max(1.1, fp.max() * 1.1))
    return axes


def plot_costs(y, y_hat, axes=None):
    """Per-sample MSE, MAE and cross-entropy as the prediction ``y_hat`` runs over (0, 1).

    Left: the costs against ``y_hat`` for the target ``y``; right: the signal each sends
    back to the weighted input ``z`` of a sigmoid output ``y_hat = sigmoid(z)``, that is
    ``dC/dz = dC/dy_hat * y_hat (1 - y_hat)`` (chapter 3.5). A marker shows the current
    ``y_hat``. Returns the two axes.
    """
    from nnbook import losses

    y = float(as_array(y, "y", ()))
    y_hat = float(as_array(y_hat, "y_hat", ()))
    if not 0 <= y <= 1 or not 0 < y_hat < 1:
        raise ValueError(f"need 0 <= y <= 1 and 0 < y_hat < 1; got y = {y}, y_hat = {y_hat}")
    axes = _axes_pair(axes)
    grid = np.linspace(0.005, 0.995, 199)
    target = np.full_like(grid, y)
    styles = {"mse": (PALETTE["class0"], "-"), "mae": (PALETTE["accent"], "--"),
              "binary_crossentropy": (PALETTE["class1"], "-.")}
    for name, (colour, ls) in styles.items():
        grad = losses.get(name)[1]
        cost_curve = losses.per_sample(name, target, grid)
        # per-sample dC/dz = dC/dy_hat * sigmoid'(z), with sigmoid'(z) = y_hat (1 - y_hat)
        grad_curve = grad(target, grid) * grid.size * grid * (1 - grid)
        here = (losses.per_sample(name, [y], [y_hat])[0],
                grad([y], [y_hat])[0] * y_hat * (1 - y_hat))
        label = {"binary_crossentropy": "cross-entropy"}.get(name, name.upper())
        axes[0].plot(grid, cost_curve, color=colour, ls=ls, lw=2, label=label)
        axes[1].plot(grid, grad_curve, color=colour, ls=ls, lw=2, label=label)
        axes[0].plot([y_hat], [here[0]], "o", color=colour, ms=7, mec="black")
        axes[1].plot([y_hat], [here[1]], "o", color=colour, ms=7, mec="black")
    for ax, what in ((axes[0], "cost C"), (axes[1], "slope dC/dz, ŷ = σ(z)")):
        ax.axvline(y_hat, color="grey", lw=0.8, ls=":")
        ax.set(xlabel="prediction ŷ", ylabel=what, xlim=(0, 1),
               title=f"{what} for target y = {y:g}")
        ax.legend(fontsize=8, loc="upper center")
    axes[0].set_ylim(0, 5)
    axes[1].set_ylim(-1.1, 1.1)
    axes[1].axhline(0, color="grey", lw=0.5)
    return axes


# --- chapters 4 and 5: descent paths, learning curves, decision boundaries ---------------

PATH_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
PATH_STYLES = ("-", "--", "-.", ":", "-", "--", "-.")


def plot_cost_contours(surface, xs, ys, ax=None, levels=20):
    """Grey contours of a cost of two parameters, on a log scale above its minimum."""
    xs, ys = _grid(xs, "xs"), _grid(ys, "ys")
    surface = as_array(surface, "surface", (len(ys), len(xs)))
    levels = whole(levels, "levels", 1)
    ax = _axes(ax)
    with np.errstate(divide="ignore"):
        ax.contour(xs, ys, np.log1p(surface - surface.min()), levels=levels,
                   cmap="Greys", linewidths=0.7)
    return ax


def plot_paths(surface, xs, ys, paths, ax=None, title="Gradient descent paths",
               xlabel="$w_1$", ylabel="$w_2$", levels=20, best=None):
    """Contours of a cost of two parameters, and optimisation paths over them.

    Parameters
    ----------
    surface : ndarray of shape (len(ys), len(xs)), or None
        The cost on the grid (``surface[i, j]`` at ``x = xs[j]``, ``y = ys[i]``), drawn
        as contours by :func:`plot_cost_contours`; None if they are drawn already.
    xs, ys : array_like
        The grid.
    paths : dict of label -> ndarray of shape (n_steps + 1, 2)
        Paths from :func:`nnbook.optimizers.minimize`; rows of ``inf`` (diverged) are
        not drawn.
    best : array_like of shape (2,), optional
        The minimum, drawn as a star.
    """
    xs, ys = _grid(xs, "xs"), _grid(ys, "ys")
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict of label -> path (an array of shape "
                        f"(n_points, 2)); got {type(paths).__name__}")
    paths = {label: as_array(path, f"paths[{label!r}]", ("n_points", 2), allow_nan=True)
             for label, path in paths.items()}
    if best is not None:
        best = as_array(best, "best", (2,))
    ax = _axes(ax)
    if surface is not None:  # None: the contours are drawn already (plot_cost_contours)
        plot_cost_contours(surface, xs, ys, ax=ax, levels=levels)
    for k, (label, path) in enumerate(paths.items()):
        ok = path[np.all(np.isfinite(path), axis=1)]
        ax.plot(ok[:, 0], ok[:, 1], PATH_STYLES[k % 7], color=PATH_COLOURS[k % 7], lw=1.8,
                marker="o", ms=2.5, label=label)
        ax.plot(ok[:1, 0], ok[:1, 1], "o", color="black", ms=5)
    if best is not None:
        ax.plot(*best, "*", color=PALETTE["accent2"], ms=14,
                mec="black", label="minimum", zorder=4)
    ax.set(xlim=(xs[0], xs[-1]), ylim=(ys[0], ys[-1]), xlabel=xlabel, ylabel=ylabel,
           title=title)
    if paths or best is not None:
        ax.legend(fontsize=8, loc="best")
    return ax


def _history_dict(history):
    """The metrics dict of a Keras ``History``, an nnbook ``History`` or a plain dict."""
    values = getattr(history, "history", history)
    if not isinstance(values, dict) or not values:
        raise ValueError("history must be what fit() returned (or its .history dict)")
    values = {k: as_array(v, f"history[{k!r}]", ("n_epochs",), allow_nan=True)
              for k, v in values.items()}
    lengths = {len(v) for v in values.values()}
    if len(lengths) > 1 or 0 in lengths:
        raise ValueError(f"history must hold one value per epoch for every metric; got "
                         f"lengths {({k: len(v) for k, v in values.items()})}")
    return values


def plot_history(history, metric="loss", ax=None, title=None, log=False):
    """Learning curves: ``metric`` and ``val_`` + ``metric`` (if recorded) per epoch.

    Works with what both ``nnbook``'s ``Network.fit`` and Keras's ``model.fit`` return.
    """
    values = _history_dict(history)
    if metric not in values:
        raise ValueError(f"history has no {metric!r}; it has {sorted(values)}")
    ax = _axes(ax)
    for key, colour, ls, label in ((metric, PALETTE["class0"], "-", "training"),
                                   (f"val_{metric}", PALETTE["class1"], "--", "validation")):
        if key in values:
            epochs = np.arange(1, len(values[key]) + 1)
            ax.plot(epochs, values[key], ls, color=colour, lw=2, label=label)
    ax.set(xlabel="epoch", ylabel=metric, title=title or f"{metric} per epoch")
    if log:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_decision_boundary(predict, X, y, ax=None, title="Decision boundary", margin=0.5,
                           resolution=200):
    """Shade where a 2-input classifier predicts each class, with the data on top.

    ``predict(points)`` returns probabilities of shape ``(n, 1)`` (class 1) or ``(n, k)``
    (for two classes, column 1 is class 1). The 0.5 contour is drawn as a line.
    """
    function(predict, "predict")
    X = as_array(X, "X", ("n_samples", 2))
    as_array(y, "y", (len(X),))
    margin, resolution = number(margin, "margin", at_least=0), whole(resolution, "resolution", 2)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    G0, G1 = np.meshgrid(g0, g1)
    points = np.column_stack([G0.ravel(), G1.ravel()])
    p = as_array(predict(points), f"predict(points) for points of shape {points.shape}")
    if p.ndim not in (1, 2) or len(p) != len(points):
        raise ValueError(f"predict(points) must return one row per point, of shape "
                         f"({len(points)},) or ({len(points)}, k); got shape {p.shape}")
    p = (p[:, -1] if p.ndim == 2 else p).reshape(G0.shape)
    ax = _axes(ax)
    cmap = plt.matplotlib.colors.LinearSegmentedColormap.from_list(
        "nnbook", [PALETTE["region0"], "#FFFFFF", PALETTE["region1"]])
    ax.contourf(G0, G1, p, levels=np.linspace(0, 1, 11), cmap=cmap)
    ax.contour(G0, G1, p, levels=[0.5], colors=PALETTE["line"], linewidths=1.5)
    plot_points(X, y, ax=ax, size=25)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_images(images, shape, titles=None, ncols=8, axes=None, suptitle=None):
    """Draw flat images (rows of ``images``) in a grid, each reshaped to ``shape``.

    ``titles`` gives one short caption per image (for example "true 3, said 8").
    Returns the array of axes.
    """
    images = as_array(images, "images", ("n_images", "n_pixels"))
    shape = tuple(whole(s, "shape's entries", 1) for s in np.atleast_1d(np.asarray(shape,
                                                                                    object)))
    if int(np.prod(shape)) != images.shape[1]:
        raise ValueError(f"shape {tuple(shape)} has {int(np.prod(shape))} pixels; the images "
                         f"have {images.shape[1]}")
    n = len(images)
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must have one entry per image ({n}); got {len(titles)}")
    ncols = whole(ncols, "ncols", 1)
    if axes is None:
        nrows = max(1, -(-n // ncols))
        _, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.5 * nrows), squeeze=False)
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i].reshape(shape), cmap="gray_r")
            if titles is not None:
                ax.set_title(titles[i], fontsize=8)
    if suptitle:
        axes[0].figure.suptitle(suptitle)
        axes[0].figure.tight_layout()
    return axes
