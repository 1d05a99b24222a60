"""Figures for the course. Every function takes ``ax=None`` and returns the ``ax``.

Pure functions only: they draw what they are given and keep no state, so the widgets in
:mod:`nnbook.widgets` can call them again each time a slider moves. Colours come from the
Okabe-Ito palette, which stays distinct for the common forms of colour blindness, and
the two classes also differ by marker shape.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from nnbook._validation import as_array
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
    return ax


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
    ax = _axes(ax)
    X = as_array(X, "X", ("n_samples", 2))
    y = as_array(y, "y", (len(X),)).astype(int)
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
    ax = _axes(ax)
    w = as_array(w, "w", (2,))
    b = float(as_array(b, "b", ()))
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
    correct = int(np.sum(perceptron_output(X, w, b) == y))
    w = as_array(w, "w", (2,))
    title = f"{str(gate).upper()}: w = ({w[0]:g}, {w[1]:g}), b = {float(b):g}; {correct}/4 right"
    return plot_decision_line(w, b, X, y, ax=ax, title=title)


def plot_training(history, ax=None, title="Perceptron learning rule"):
    """Mistakes per epoch from a :class:`~nnbook.perceptron.Perceptron` history."""
    ax = _axes(ax)
    errors = history["errors"]
    epochs = np.arange(1, len(errors) + 1)
    ax.plot(epochs, errors, marker="o", color=PALETTE["class0"], label="mistakes in epoch")
    ax.set(xlabel="epoch", ylabel="number of mistakes", title=title)
    ax.set_xticks(epochs if len(epochs) <= 20 else epochs[:: max(1, len(epochs) // 10)])
    ax.set_ylim(bottom=-0.2)
    ax.legend()
    return ax


def plot_activation(f, f_prime=None, z=None, ax=None, title=None):
    """Plot an activation function (and, if given, its derivative) over ``z``."""
    ax = _axes(ax)
    z = np.linspace(-5, 5, 401) if z is None else as_array(z, "z", ("n",))
    ax.plot(z, f(z), color=PALETTE["class0"], lw=2, label="f(z)")
    if f_prime is not None:
        ax.plot(z, f_prime(z), color=PALETTE["class1"], lw=2, ls="--", label="f'(z)")
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
    if name == "leaky_relu":
        return f(z, alpha), f_prime(z, alpha)
    return f(z), f_prime(z)


def plot_activation_pair(name, z_max=5.0, alpha=0.01, axes=None):
    """An activation (left) and its derivative (right) for ``z`` in ``[-z_max, z_max]``.

    Returns the two axes.
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.4, 3.4))
    z_max = float(as_array(z_max, "z_max", ()))
    if z_max <= 0:
        raise ValueError(f"z_max must be > 0; got {z_max}")
    z = np.linspace(-z_max, z_max, 801)
    f, fp = activation_curves(name, z, alpha)
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

    Left: the costs against ``y_hat`` for the target ``y``; right: their derivatives
    ``dC/dy_hat``. A marker shows the current ``y_hat``. Returns the two axes.
    """
    from nnbook import losses

    y = float(as_array(y, "y", ()))
    y_hat = float(as_array(y_hat, "y_hat", ()))
    if not 0 <= y <= 1 or not 0 < y_hat < 1:
        raise ValueError(f"need 0 <= y <= 1 and 0 < y_hat < 1; got y = {y}, y_hat = {y_hat}")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.4, 3.4))
    grid = np.linspace(0.005, 0.995, 199)
    target = np.full_like(grid, y)
    styles = {"mse": (PALETTE["class0"], "-"), "mae": (PALETTE["accent"], "--"),
              "binary_crossentropy": (PALETTE["class1"], "-.")}
    for name, (colour, ls) in styles.items():
        grad = losses.get(name)[1]
        cost_curve = losses.per_sample(name, target, grid)
        grad_curve = grad(target, grid) * grid.size  # per-sample derivative
        here = losses.per_sample(name, [y], [y_hat])[0], grad([y], [y_hat])[0]
        label = {"binary_crossentropy": "cross-entropy"}.get(name, name.upper())
        axes[0].plot(grid, cost_curve, color=colour, ls=ls, lw=2, label=label)
        axes[1].plot(grid, grad_curve, color=colour, ls=ls, lw=2, label=label)
        axes[0].plot([y_hat], [here[0]], "o", color=colour, ms=7, mec="black")
        axes[1].plot([y_hat], [here[1]], "o", color=colour, ms=7, mec="black")
    for ax, what in ((axes[0], "cost C"), (axes[1], "derivative dC/dŷ")):
        ax.axvline(y_hat, color="grey", lw=0.8, ls=":")
        ax.set(xlabel="prediction ŷ", ylabel=what, xlim=(0, 1),
               title=f"{what} for target y = {y:g}")
        ax.legend(fontsize=8, loc="upper center")
    axes[0].set_ylim(0, 5)
    axes[1].set_ylim(-10, 10)
    axes[1].axhline(0, color="grey", lw=0.5)
    return axes
