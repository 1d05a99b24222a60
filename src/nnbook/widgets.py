"""Interactive explorers: thin ipywidgets wrappers around pure functions of :mod:`nnbook.plots`.

Two ways to show the same picture:

* :func:`gate_explorer` gives live sliders (needs a running kernel: Jupyter, Colab, Binder).
  Its display also carries a static PNG and a text truth table of the default state, so
  that a page without a widget front end (the web book, GitHub, a PDF) still shows a
  complete figure instead of an empty box.
* :func:`gate_scrubber` precomputes frames into self-contained HTML with a range slider,
  so the web page has an interactive version that needs no kernel at all.

A live explorer answers a move of a control in well under 100 ms: it keeps one figure for
its whole life, keeps a picture of what does not change (axes, ticks, labels, and the
explorer's ``_static`` drawing, such as the contours of a cost), and on each move draws only
the new data over that picture (blitting), then encodes the PNG with Pillow
(``benchmarks/bench_widgets.py`` measures it).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import inspect
import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnbook import plots
from nnbook._validation import as_array, choice, number, whole
from nnbook.datasets import GATES, logic_gate


def _png(fig, dpi=80) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


GATE_FIGSIZE = (4.6, 4.2)


def gate_figure(gate, w, b):
    """A figure of the unit ``(w, b)`` on a 2-input gate: the pure function widgets redraw."""
    return _figure(GATE_FIGSIZE, 1, lambda axes: plots.plot_gate(gate, w, b, ax=axes[0]))


def _figure(figsize, ncols, *drawers):
    """A new pyplot figure of ``ncols`` axes, drawn by each ``drawer(axes)`` in turn."""
    fig, axes = plt.subplots(1, ncols, figsize=figsize, squeeze=False)
    try:
        for draw in drawers:
            draw(list(axes[0]))
    except BaseException:  # a refused argument must not leave an empty figure on the page
        plt.close(fig)
        raise
    fig.tight_layout()
    return fig


class _LiveFigure:
    """The figure of a live explorer, redrawn by blitting (see the module's docstring).

    ``static(axes)`` draws what never changes, once; ``draw(axes)`` draws the current state.
    On each :meth:`png`, the artists ``draw`` made last time are removed and it draws again.
    If the axes still have the same limits, ticks and labels, only those new artists are
    drawn over the cached picture of the rest; otherwise the picture is drawn again (and
    kept: up to ``KEEP`` pictures, so that going back to a setting is fast too).
    """

    KEEP = 16

    _FRAME = ("get_xlim", "get_ylim", "get_xscale", "get_yscale", "get_xlabel", "get_ylabel",
              "get_xticks", "get_yticks")

    def __init__(self, figsize, ncols, static, draw, dpi=80):
        self.fig = Figure(figsize=figsize, dpi=dpi)  # not a pyplot figure: never auto-shown
        FigureCanvasAgg(self.fig)
        self.axes = list(self.fig.subplots(1, ncols, squeeze=False)[0])
        static(self.axes)
        self._kept = {ax: set(ax.get_children()) for ax in self.axes}
        self._draw = draw
        self._draw(self.axes)
        self.fig.tight_layout()  # once: later states keep this layout
        self._drawn = False  # the first png() shows the state drawn above
        self._backgrounds = {}  # frame key -> picture of the figure without the new artists

    def _new(self, ax):
        """The artists ``draw`` added to ``ax`` for the current state."""
        return [a for a in ax.get_children() if a not in self._kept[ax]]

    @staticmethod
    def _titles(ax):
        return [ax.title, ax._left_title, ax._right_title]

    def _frame_key(self):
        return tuple([tuple(np.ravel(getattr(ax, name)())) if name.endswith(("lim", "ticks"))
                      else getattr(ax, name)() for ax in self.axes for name in self._FRAME]
                     + [ax.axison for ax in self.axes])

    def _picture_of_the_rest(self):
        """Draw the figure without the current state's artists, and keep that picture."""
        # Hidden while the rest is drawn. Titles stay visible but transparent, because
        # matplotlib places a title from its drawn size (a hidden one flies off the top).
        new = [a for ax in self.axes for a in self._new(ax)]
        titles = [t for ax in self.axes for t in self._titles(ax)]
        for a in new:
            a.set_visible(False)
        for t in titles:
            t.set_alpha(0.0)
        self.fig.canvas.draw()
        if len(self._backgrounds) >= self.KEEP:
            self._backgrounds.pop(next(iter(self._backgrounds)))
        picture = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        for a in new:
            a.set_visible(True)
        for t in titles:
            t.set_alpha(None)
        return picture

    def png(self) -> str:
        """Redraw for the current state; the base64 PNG the widget shows."""
        if self._drawn:
            for ax in self.axes:
                for artist in self._new(ax):
                    artist.remove()
                ax.relim()
                ax.set_autoscale_on(True)
            self._draw(self.axes)
        self._drawn = True
        frame = self._frame_key()
        if frame not in self._backgrounds:  # limits or labels moved: a new picture
            self._backgrounds[frame] = self._picture_of_the_rest()
        canvas = self.fig.canvas
        canvas.restore_region(self._backgrounds[frame])
        for ax in self.axes:
            for artist in sorted(self._new(ax) + self._titles(ax), key=lambda a: a.get_zorder()):
                ax.draw_artist(artist)
            if ax.axison:  # the frame stays on top of filled regions, as in a full draw
                for spine in ax.spines.values():
                    ax.draw_artist(spine)
        return _encode(np.asarray(canvas.buffer_rgba())[..., :3])


#: A control label's width per character, in em (proportional fonts average about 0.55 em).
LABEL_EM_PER_CHAR = 0.6


def _encode(rgb) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="png", compress_level=1)
    return base64.b64encode(buf.getvalue()).decode("ascii")


class Explorer:
    """Base of the live explorers: controls on the left, figure and text on the right.

    A subclass defines ``_controls()`` (a dict of ipywidgets keyed by state name), and
    the pure ``figure()`` and ``text()`` of its current state, which it keeps in
    attributes named like the controls. Display the object (leave it last in a cell):
    Jupyter, Colab and Binder show live controls; a page without a widget front end
    (the web book, GitHub, a PDF) shows the static PNG and text of the current state.

    For fast live redraws a subclass also gives ``figsize``, ``ncols`` and ``_draw(axes)``
    (the figure's drawing on its axes; ``figure()`` must draw the same), and optionally
    ``_static(axes)`` for what no control changes.
    """

    title = "Explorer"
    figsize, ncols = (6.4, 4.8), 1
    _widget = None
    _live = None

    def __init__(self):
        raise TypeError("Explorer is the base class: use one of the explorers, such as "
                        "gate_explorer() or activation_explorer()")

    def _static(self, axes) -> None:
        """Draw what no control changes (default: nothing)."""

    def _draw(self, axes) -> None:
        raise NotImplementedError

    def move(self, values: dict) -> tuple[str, str]:
        """What a move of the controls runs: set every control's value, then return the new
        base64 PNG and text (``benchmarks/bench_widgets.py`` times exactly this)."""
        self._set(values)
        return self.redraw_png(), self.text()

    def redraw_png(self) -> str:
        """The base64 PNG of the current state, as a live widget redraws it (fast path)."""
        if self._live is None:
            self._live = _LiveFigure(self.figsize, self.ncols, self._static, self._draw)
        return self._live.png()

    @property
    def widget(self):
        """The live ipywidgets box (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _controls(self):
        raise NotImplementedError

    def _enable(self, controls: dict) -> None:
        """Disable the controls that change nothing in the current state (default: none)."""

    def _state(self, values: dict) -> dict:
        """The constructor's arguments for these control values (default: the same names)."""
        return dict(values)

    def _set(self, values: dict) -> None:
        """Take the new control values through the constructor, so a move is validated
        exactly like the explorer's creation (a bad value raises a clear error)."""
        if not isinstance(values, dict):
            raise TypeError(f"values must be a dict of control name -> value; got "
                            f"{type(values).__name__}")
        names = [n for n in inspect.signature(type(self).__init__).parameters if n != "self"]
        state = self._state(values)
        unknown = sorted(set(state) - set(names))
        if unknown:
            raise ValueError(f"unknown control {unknown[0]!r}; {type(self).__name__} has "
                             f"{names}")
        fresh = object.__new__(type(self))  # all or nothing: a refused value changes nothing
        type(self).__init__(fresh, **{**{n: getattr(self, n) for n in names}, **state})
        vars(self).update(vars(fresh))

    def _build(self):
        import ipywidgets as ipw

        controls = self._controls()
        # One label width for all, wide enough for the longest ("learning rate"): the default
        # cuts long labels short ("learning r...") in JupyterLab.
        width = max(len(c.description) for c in controls.values()) * LABEL_EM_PER_CHAR + 1
        for c in controls.values():
            c.style.description_width = f"{width:.1f}em"
        out = ipw.Output()

        def redraw(_change=None):
            png, text = self.move({name: c.value for name, c in controls.items()})
            # Set the Output widget's state directly (no printing): the redraw then never
            # leaks into the cell's own output, whatever the front end.
            out.outputs = (
                {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": png, "text/plain": f"{self.title} figure"}},
                {"output_type": "stream", "name": "stdout", "text": text + "\n"},
            )
            self._enable(controls)

        for control in controls.values():
            control.observe(redraw, names="value")
        redraw()
        return ipw.HBox([ipw.VBox(list(controls.values())), out])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        try:
            bundle.update(_widget_bundle(self.widget))
        except Exception:  # no ipywidgets or no kernel: the static view below still shows
            pass
        bundle["image/png"] = _png(self.figure(), dpi=100)
        bundle["text/plain"] = (
            f"{self.title} (live controls in Jupyter, Colab or Binder; static view here)\n"
            + self.text()
        )
        return bundle


def _widget_bundle(widget) -> dict:
    """The display data of a live ipywidget. ipywidgets 8 gives it as ``_repr_mimebundle_``;
    ipywidgets 7 (Colab's) has no such method and displays the same widget view from
    ``_ipython_display_``, built here as it builds it."""
    if hasattr(widget, "_repr_mimebundle_"):
        return widget._repr_mimebundle_()
    return {"text/plain": repr(widget),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2, "version_minor": 0, "model_id": widget.model_id}}


def _slider(name, value, lo, hi, step=0.25, fmt=".2f"):
    import ipywidgets as ipw

    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=name,
                           continuous_update=False, readout_format=fmt)


class GateExplorer(Explorer):
    """Sliders for ``w1``, ``w2``, ``b`` and a gate menu, redrawing line and truth table.

    Attributes ``gate``, ``w``, ``b`` hold the current state (the sliders update them).
    """

    title = "Gate explorer"
    figsize = GATE_FIGSIZE

    def __init__(self, gate="AND", w=(1.0, 1.0), b=-1.5):
        self.gate = str(gate).upper()
        logic_gate(self.gate)  # validates the name
        self.w = as_array(w, "w", (2,))
        self.b = float(as_array(b, "b", ()))

    def figure(self):
        return gate_figure(self.gate, self.w, self.b)

    def _draw(self, axes):
        plots.plot_gate(self.gate, self.w, self.b, ax=axes[0])

    def text(self) -> str:
        """The truth table of the current state, as the explorer prints it."""
        X, y = logic_gate(self.gate)
        return f"{self.gate} gate\n" + plots.truth_table(X, y, self.w, self.b)

    def _controls(self):
        import ipywidgets as ipw

        return {
            "gate": ipw.Dropdown(options=list(GATES), value=self.gate, description="gate"),
            "w1": _slider("w1", self.w[0], -6, 6),
            "w2": _slider("w2", self.w[1], -6, 6),
            "b": _slider("b", self.b, -8, 8),
        }

    def _state(self, values):
        state = {k: v for k, v in values.items() if k not in ("w1", "w2")}
        if "w1" in values or "w2" in values:
            state["w"] = (values.get("w1", self.w[0]), values.get("w2", self.w[1]))
        return state


def gate_explorer(gate="AND", w=(1.0, 1.0), b=-1.5) -> GateExplorer:
    """Live explorer of a 2-input step unit on a logic gate; see :class:`GateExplorer`."""
    return GateExplorer(gate, w, b)


class HTMLScrubber:
    """Self-contained HTML: precomputed frames and a range slider, no kernel needed."""

    def __init__(self, frames, labels, texts, title):
        for name, items in (("frames", frames), ("labels", labels), ("texts", texts)):
            if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
                raise TypeError(f"{name} must be a list of strings")
        if not frames or not len(frames) == len(labels) == len(texts):
            raise ValueError(f"frames, labels and texts must have the same length >= 1; got "
                             f"{len(frames)}, {len(labels)} and {len(texts)}")
        if not isinstance(title, str):
            raise TypeError(f"title must be a string; got {type(title).__name__}")
        self.frames, self.labels = list(frames), list(labels)
        self.texts, self.title = list(texts), title

    def _repr_html_(self):
        key = hashlib.sha1("".join(self.labels + self.texts).encode()).hexdigest()[:10]
        uid = f"nnbook-scrub-{key}"
        imgs = "".join(
            f'<img src="data:image/png;base64,{png}" alt="{html.escape(label)}" '
            f'style="display:{"block" if i == 0 else "none"};max-width:100%">'
            for i, (png, label) in enumerate(zip(self.frames, self.labels, strict=True))
        )
        pres = "".join(
            f'<pre style="display:{"block" if i == 0 else "none"}">{html.escape(t)}</pre>'
            for i, t in enumerate(self.texts)
        )
        return (
            f'<div id="{uid}"><p><b>{html.escape(self.title)}</b> '
            f'(drag the slider: this works on the web page without a kernel)</p>'
            f'<input type="range" min="0" max="{len(self.frames) - 1}" value="0" '
            f'aria-label="{html.escape(self.title)}" style="width:60%">'
            f'<span class="lbl"> {html.escape(self.labels[0])}</span>'
            f'<div style="display:flex;gap:1em;align-items:flex-start">'
            f'<div class="imgs">{imgs}</div><div class="pres">{pres}</div></div>'
            f"<script>(function(){{var r=document.getElementById('{uid}');"
            f"var s=r.querySelector('input'),l=r.querySelector('.lbl'),L={list(self.labels)!r};"
            "function show(q,k){r.querySelectorAll(q).forEach(function(e,i){"
            "e.style.display=i==k?'block':'none'})}"
            "s.oninput=function(){var k=+s.value;show('.imgs img',k);show('.pres pre',k);"
            "l.textContent=' '+L[k];};})();</script></div>"
        )

    def __repr__(self):
        return f"{self.title}: {len(self.frames)} frames\n" + "\n".join(self.labels)


def _frame_settings(settings, name, n=None, fields=""):
    """The settings of a scrubber's frames: a non-empty sequence (of ``n``-tuples)."""
    if isinstance(settings, str) or not hasattr(settings, "__len__") or not len(settings):
        raise ValueError(f"{name} must be a non-empty sequence, one entry per frame; "
                         f"got {settings!r:.60}")
    for i, s in enumerate(settings):
        if n is not None and (not isinstance(s, tuple | list) or len(s) != n):
            raise ValueError(f"{name}[{i}] must be a tuple ({fields}); got {s!r:.60}")
    return list(settings)


def gate_scrubber(gate="AND", w=(1.0, 1.0), b_values=(-2.5, -2, -1.5, -1, -0.5, 0, 0.5)):
    """Precomputed frames of the unit ``(w, b)`` on ``gate`` as ``b`` moves along ``b_values``.

    Returns an object that displays as HTML with a slider (no kernel needed) and as a
    list of frame labels in plain text.
    """
    w = as_array(w, "w", (2,))
    b_values = as_array(_frame_settings(b_values, "b_values"), "b_values", ("n_frames",))
    X, y = logic_gate(gate)
    labels = [f"b = {b:g}" for b in b_values]
    frames = [_png(gate_figure(gate, w, b)) for b in b_values]
    texts = [plots.truth_table(X, y, w, b) for b in b_values]
    title = f"{str(gate).upper()} with w = ({w[0]:g}, {w[1]:g}) as the bias b changes"
    return HTMLScrubber(frames, labels, texts, title)


# --- chapter 2: activation functions -----------------------------------------------------

RANGES = {"step": "{0, 1}", "identity": "(-inf, inf)", "sigmoid": "(0, 1)",
          "tanh": "(-1, 1)", "relu": "[0, inf)", "leaky_relu": "(-inf, inf)"}
SATURATED = 0.05  # |f'(z)| below this counts as "no learning signal"
PAIR_FIGSIZE = (8.4, 3.3)


def activation_figure(name="sigmoid", z_max=5.0, alpha=0.01):
    """An activation and its derivative side by side: the pure function widgets redraw."""
    return _figure(PAIR_FIGSIZE, 2, lambda axes: plots.plot_activation_pair(name, z_max, alpha,
                                                                            axes=axes))


def activation_text(name="sigmoid", z_max=5.0, alpha=0.01) -> str:
    """Range, sample values and the saturated share of ``[-z_max, z_max]``, as text."""
    z_max = number(z_max, "z_max", above=0)
    z = np.linspace(-z_max, z_max, 5)
    f, fp = plots.activation_curves(name, z, alpha)
    fine = np.linspace(-z_max, z_max, 2001)
    fp_fine = plots.activation_curves(name, fine, alpha)[1]
    flat = np.mean(np.abs(fp_fine) < SATURATED)
    row = "  ".join(f"{v:>8.4f}" for v in np.round(f, 4) + 0.0)
    row_p = "  ".join(f"{v:>8.4f}" for v in np.round(fp, 4) + 0.0)
    return "\n".join([
        f"{name} on z in [{-z_max:g}, {z_max:g}]" + (f", slope {alpha:g}" if name == "leaky_relu"
                                                    else ""),
        f"range of f over all z: {RANGES[name]}",
        "z      " + "  ".join(f"{v:>8g}" for v in z),
        "f(z)   " + row,
        "f'(z)  " + row_p,
        f"share of this z range where |f'(z)| < {SATURATED}: {flat:.0%}",
    ])


class ActivationExplorer(Explorer):
    """A menu of activations and sliders for the z range and leaky ReLU's slope."""

    title = "Activation explorer"
    figsize, ncols = PAIR_FIGSIZE, 2

    def __init__(self, name="sigmoid", z_max=5.0, alpha=0.01):
        plots.activation_curves(name, np.zeros(1), alpha)  # validates the name
        self.name, self.z_max = name, number(z_max, "z_max", above=0)
        self.alpha = number(alpha, "alpha")

    def figure(self):
        return activation_figure(self.name, self.z_max, self.alpha)

    def _draw(self, axes):
        plots.plot_activation_pair(self.name, self.z_max, self.alpha, axes=axes)

    def text(self) -> str:
        return activation_text(self.name, self.z_max, self.alpha)

    def _controls(self):
        import ipywidgets as ipw

        return {
            "name": ipw.Dropdown(options=list(plots.ELEMENTWISE), value=self.name,
                                 description="activation"),
            "z_max": _slider("z range ±", self.z_max, 1, 20, step=0.5, fmt=".1f"),
            "alpha": _slider("leaky slope", self.alpha, 0, 0.5, step=0.01),
        }

    def _enable(self, controls):
        controls["alpha"].disabled = self.name != "leaky_relu"  # only leaky ReLU has a slope


def activation_explorer(name="sigmoid", z_max=5.0, alpha=0.01) -> ActivationExplorer:
    """Live explorer of f and f' for each activation; see :class:`ActivationExplorer`."""
    return ActivationExplorer(name, z_max, alpha)


def activation_scrubber(names=plots.ELEMENTWISE, z_max=5.0, alpha=0.1):
    """Precomputed frames, one per activation, with a slider: works without a kernel."""
    names = _frame_settings(names, "names")
    frames = [_png(activation_figure(n, z_max, alpha)) for n in names]
    texts = [activation_text(n, z_max, alpha) for n in names]
    return HTMLScrubber(frames, list(names), texts,
                        f"Activation functions and their derivatives on [{-z_max:g}, {z_max:g}]")


# --- chapter 3: cost functions ------------------------------------------------------------

def cost_figure(y=1.0, y_hat=0.3):
    """MSE, MAE and cross-entropy and their derivatives against ``y_hat``, for target ``y``."""
    return _figure(PAIR_FIGSIZE, 2, lambda axes: plots.plot_costs(y, y_hat, axes=axes))


def cost_text(y=1.0, y_hat=0.3) -> str:
    """The three per-sample costs and their derivatives at ``y_hat``, as a table.

    ``dC/dz`` is the derivative through a sigmoid output, ``y_hat = sigmoid(z)``.
    """
    from nnbook import losses

    lines = [f"target y = {y:g}, prediction y_hat = {y_hat:.2f}",
             f"{'loss':<14}{'cost C':>9}{'dC/dy_hat':>11}{'dC/dz':>9}"]
    for name, label in (("mse", "MSE"), ("mae", "MAE"), ("binary_crossentropy", "cross-entropy")):
        loss, grad = losses.get(name)
        c, g = loss([y], [y_hat]), grad([y], [y_hat])[0]
        lines.append(f"{label:<14}{c:>9.4f}{g + 0.0:>11.4f}{g * y_hat * (1 - y_hat) + 0.0:>9.4f}")
    return "\n".join(lines)


class CostExplorer(Explorer):
    """Sliders for the target ``y`` and the prediction ``y_hat``; shows costs and slopes."""

    title = "Cost explorer"
    figsize, ncols = PAIR_FIGSIZE, 2

    def __init__(self, y=1.0, y_hat=0.3):
        self.y, self.y_hat = number(y, "y"), number(y_hat, "y_hat")
        if self.y not in (0.0, 1.0) or not 0 < self.y_hat < 1:
            raise ValueError(f"need y = 0 or 1 and 0 < y_hat < 1; got y = {y}, y_hat = {y_hat}")

    def figure(self):
        return cost_figure(self.y, self.y_hat)

    def _draw(self, axes):
        plots.plot_costs(self.y, self.y_hat, axes=axes)

    def text(self) -> str:
        return cost_text(self.y, self.y_hat)

    def _controls(self):
        import ipywidgets as ipw

        return {
            "y": ipw.Dropdown(options=[0.0, 1.0], value=self.y, description="target y"),
            "y_hat": _slider("prediction ŷ", self.y_hat, 0.01, 0.99, step=0.01),
        }


def cost_explorer(y=1.0, y_hat=0.3) -> CostExplorer:
    """Live explorer of three costs as the prediction moves; see :class:`CostExplorer`."""
    return CostExplorer(y, y_hat)


def cost_scrubber(y=1.0, y_hats=(0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98)):
    """Precomputed frames of :func:`cost_figure` as ``y_hat`` moves: works without a kernel."""
    y_hats = _frame_settings(y_hats, "y_hats")
    frames = [_png(cost_figure(y, p)) for p in y_hats]
    texts = [cost_text(y, p) for p in y_hats]
    return HTMLScrubber(frames, [f"y_hat = {p:g}" for p in y_hats], texts,
                        f"Costs and their slopes as the prediction moves (target y = {y:g})")


# --- chapter 4: gradient descent ------------------------------------------------------------

DESCENT_START = (-1.0, -2.0)
#: The cost axis of every descent figure, so that settings compare at a glance (the lowest
#: cost is 0.242 and the start's 84.4; a diverging path leaves through the top).
DESCENT_COST_RANGE = (0.1, 1e4)
DESCENT_GRID = (np.linspace(-2.0, 5.0, 141), np.linspace(-3.0, 4.0, 141))
_LINE_FIT = {}


def descent_problem():
    """The line-fitting cost the descent explorer uses (64 noisy points, built once)."""
    from nnbook.descent import LineFit

    if "problem" not in _LINE_FIT:
        problem = LineFit(n_samples=64, x_range=(1.0, 3.0), seed=0)
        _LINE_FIT["problem"] = problem
        _LINE_FIT["surface"] = problem.surface(*DESCENT_GRID)
    return _LINE_FIT["problem"]


def descent_path(learning_rate=0.1, momentum=0.0, batch_size=64, steps=100, seed=0):
    """The path of SGD (with momentum) on :func:`descent_problem` from ``DESCENT_START``.

    Remembered per setting (the figure and the text both need it); the array is read-only.
    """
    from nnbook.optimizers import SGD

    SGD(learning_rate, momentum=momentum)  # validates both
    return _descent_path(float(learning_rate), float(momentum),
                         whole(batch_size, "batch_size", 1, descent_problem().n_samples),
                         whole(steps, "steps", 1), whole(seed, "seed"))


@functools.lru_cache(maxsize=256)
def _descent_path(learning_rate, momentum, batch_size, steps, seed):
    from nnbook.optimizers import SGD, minimize

    problem = descent_problem()
    grad = problem.batch_grad(None if batch_size >= problem.n_samples else batch_size, seed)
    path = minimize(grad, DESCENT_START, SGD(learning_rate, momentum=momentum), steps)
    path.flags.writeable = False
    return path


def _descent_label(learning_rate, momentum, batch_size):
    return f"lr {learning_rate:g}, momentum {momentum:g}, batch {batch_size}"


DESCENT_FIGSIZE = (8.6, 3.6)


def _descent_contours(axes):
    descent_problem()
    plots.plot_cost_contours(_LINE_FIT["surface"], *DESCENT_GRID, ax=axes[0])


def descent_figure(learning_rate=0.1, momentum=0.0, batch_size=64, steps=100, seed=0):
    """Left: the path over the cost's contours; right: the cost after each step."""
    return _figure(DESCENT_FIGSIZE, 2, _descent_contours, lambda axes: _draw_descent(
        axes, learning_rate, momentum, batch_size, steps, seed))


def _draw_descent(axes, learning_rate, momentum, batch_size, steps, seed=0):
    problem = descent_problem()
    path = descent_path(learning_rate, momentum, batch_size, steps, seed)
    plots.plot_paths(None, *DESCENT_GRID,
                     {_descent_label(learning_rate, momentum, batch_size): path}, ax=axes[0],
                     title="Path on the cost C(w, b)", xlabel="slope w",
                     ylabel="intercept b", best=problem.best)
    ok = np.all(np.isfinite(path), axis=1)
    costs = [problem.cost(p) for p in path[ok]]
    axes[1].semilogy(np.arange(len(costs)), costs, color=plots.PALETTE["class0"], lw=2)
    axes[1].axhline(problem.cost(problem.best), color="grey", ls=":", label="lowest cost")
    axes[1].set(xlabel="step", ylabel="cost (log scale)", title="Cost after each step",
                xlim=(0, steps), ylim=DESCENT_COST_RANGE)
    axes[1].legend(fontsize=8)


def descent_text(learning_rate=0.1, momentum=0.0, batch_size=64, steps=100, seed=0) -> str:
    """Where the path ends: cost, distance from the minimum, or the step it diverged."""
    problem = descent_problem()
    path = descent_path(learning_rate, momentum, batch_size, steps, seed)
    n = problem.n_samples
    lines = [_descent_label(learning_rate, momentum, batch_size) + f", {steps} steps "
             f"({steps * min(batch_size, n) / n:g} epochs of {n} samples)"]
    finite = np.all(np.isfinite(path), axis=1)
    if not finite.all() or problem.cost(path[-1]) > problem.cost(path[0]):
        lines.append("diverged: the cost grew instead of shrinking; lower the learning rate")
    else:
        lines.append(f"final (w, b) = ({path[-1, 0]:.3f}, {path[-1, 1]:.3f}); "
                     f"best = ({problem.best[0]:.3f}, {problem.best[1]:.3f})")
        lines.append(f"final cost {problem.cost(path[-1]):.4f}; lowest possible "
                     f"{problem.cost(problem.best):.4f}")
    return "\n".join(lines)


class DescentExplorer(Explorer):
    """Sliders for learning rate, momentum and batch size over a line-fitting cost."""

    title = "Gradient descent explorer"
    figsize, ncols = DESCENT_FIGSIZE, 2
    BATCHES = (1, 4, 16, 64)

    def __init__(self, learning_rate=0.1, momentum=0.0, batch_size=64, steps=100):
        self.learning_rate = number(learning_rate, "learning_rate", above=0, at_most=0.25)
        self.momentum = number(momentum, "momentum", at_least=0, below=1)
        self.batch_size = int(choice(batch_size, "batch_size", self.BATCHES))
        self.steps = whole(steps, "steps", 1)

    def figure(self):
        return descent_figure(self.learning_rate, self.momentum, self.batch_size, self.steps)

    def _static(self, axes):
        _descent_contours(axes)

    def _draw(self, axes):
        _draw_descent(axes, self.learning_rate, self.momentum, self.batch_size, self.steps)

    def text(self) -> str:
        return descent_text(self.learning_rate, self.momentum, self.batch_size, self.steps)

    def _controls(self):
        import ipywidgets as ipw

        return {
            "learning_rate": _slider("learning rate", self.learning_rate, 0.01, 0.25,
                                     step=0.01),
            "momentum": _slider("momentum", self.momentum, 0, 0.95, step=0.05),
            "batch_size": ipw.Dropdown(options=list(self.BATCHES), value=self.batch_size,
                                       description="batch size"),
        }


def descent_explorer(learning_rate=0.1, momentum=0.0, batch_size=64) -> DescentExplorer:
    """Live explorer of SGD on a 2-parameter cost; see :class:`DescentExplorer`."""
    return DescentExplorer(learning_rate, momentum, batch_size)


def descent_scrubber(settings=((0.02, 0.0, 64), (0.1, 0.0, 64), (0.18, 0.0, 64),
                               (0.2, 0.0, 64), (0.1, 0.0, 16), (0.1, 0.0, 4), (0.05, 0.0, 1),
                               (0.1, 0.5, 64), (0.1, 0.9, 64))):
    """Precomputed frames of :func:`descent_figure` for (learning rate, momentum, batch)."""
    settings = _frame_settings(settings, "settings", 3, "learning_rate, momentum, batch_size")
    frames = [_png(descent_figure(*s)) for s in settings]
    texts = [descent_text(*s) for s in settings]
    return HTMLScrubber(frames, [_descent_label(*s) for s in settings], texts,
                        "Gradient descent on the line-fitting cost, setting by setting")


# --- chapter 5: backpropagation on a 2-2-1 network ------------------------------------------

#: Seed 001's XOR example: weights (rows: inputs, columns: hidden units), no biases.
SEED_W1 = ((0.1, 0.5), (-0.7, 0.3))
SEED_W2 = ((0.2,), (0.4,))
STAGES = ("inputs", "hidden layer", "output", "output delta", "hidden deltas", "gradients",
          "updated weights")


def backprop_trace(x=(0.0, 1.0), t=1.0, W1=SEED_W1, W2=SEED_W2, learning_rate=0.25):
    """Every number of one backpropagation step on a 2-2-1 sigmoid network, no biases.

    The cost is ``C = (y - t)**2 / 2`` (so ``dC/dy = y - t``) and ``delta = dC/dz``.

    Returns
    -------
    dict with ``x``, ``z1``, ``h``, ``z2``, ``y``, ``cost`` (before the update),
    ``new_cost``, ``delta2``, ``delta1``, ``grad_W1``, ``grad_W2``, ``new_W1``, ``new_W2``,
    ``new_y`` (arrays).
    """
    from nnbook.network import Network
    from nnbook.optimizers import SGD

    net = Network([2, 2, 1], "sigmoid", loss="quadratic", use_bias=False)
    net.set_weights([as_array(W1, "W1", (2, 2)), as_array(W2, "W2", (2, 1))])
    X, y = as_array(x, "x", (2,))[None, :], np.array([[number(t, "t")]])
    zs, acts = net.forward(X)
    grads, deltas = net.backprop(X, y, return_deltas=True)
    old, cost = net.get_weights(), net.cost(X, y)  # the cost before the update
    net.train_step(X, y, SGD(learning_rate))
    return {"x": X[0], "z1": zs[0][0], "h": acts[1][0], "z2": zs[1][0], "y": acts[2][0],
            "cost": cost, "new_cost": net.cost(X, y), "delta2": deltas[1][0],
            "delta1": deltas[0][0],
            "grad_W1": grads[0], "grad_W2": grads[1], "W1": old[0], "W2": old[1],
            "new_W1": net.weights[0], "new_W2": net.weights[1], "new_y": net.predict(X)[0],
            "t": float(t), "learning_rate": float(learning_rate)}


def _stage(stage) -> int:
    return whole(stage, "stage", 0, len(STAGES) - 1)


def backprop_text(stage=6, **kwargs) -> str:
    """The numbers of :func:`backprop_trace` known at ``stage`` (0 to 6), as text."""
    stage = _stage(stage)
    r = backprop_trace(**kwargs)

    def v(a):
        return "(" + ", ".join(f"{x:.4f}" for x in np.ravel(a) + 0.0) + ")"

    lines = [f"stage {stage}: {STAGES[stage]}",
             f"inputs x = {v(r['x'])}, target t = {r['t']:g}"]
    steps = [
        [f"hidden z = x @ W1 = {v(r['z1'])}", f"hidden a = sigmoid(z) = {v(r['h'])}"],
        [f"output z = h @ W2 = {v(r['z2'])}", f"output y = sigmoid(z) = {v(r['y'])}",
         f"cost C = (y - t)^2 / 2 = {r['cost']:.4f}"],
        ["output delta = (y - t) * y (1 - y) = " + v(r["delta2"])],
        ["hidden deltas = (delta_out * W2) * h (1 - h) = " + v(r["delta1"])],
        ["dC/dW2 = h * delta_out = " + v(r["grad_W2"]),
         "dC/dW1 = x * hidden deltas = " + v(r["grad_W1"])],
        [f"new W2 = W2 - {r['learning_rate']:g} dC/dW2 = {v(r['new_W2'])}",
         f"new W1 = {v(r['new_W1'])}",
         f"new output for the same x: {v(r['new_y'])}, new cost {r['new_cost']:.4f}"],
    ]
    for block in steps[:stage]:
        lines += block
    return "\n".join(lines)


BACKPROP_FIGSIZE = (8.4, 4.4)


def backprop_figure(stage=6, **kwargs):
    """A 2-2-1 network diagram showing the numbers known at ``stage``."""
    stage = _stage(stage)
    backprop_trace(**kwargs)  # validates them before a figure is made
    return _figure(BACKPROP_FIGSIZE, 1, _backprop_diagram,
                   lambda axes: _draw_backprop(axes[0], stage, **kwargs))


_NODES = {("x", 0): (0, 1), ("x", 1): (0, -1), ("h", 0): (2, 1), ("h", 1): (2, -1),
          ("y", 0): (4, 0)}
_EDGES = [(src, i, dst, j) for src, n_src, dst, n_dst in (("x", 2, "h", 2), ("h", 2, "y", 1))
          for i in range(n_src) for j in range(n_dst)]


def _backprop_diagram(axes):
    """The 2-2-1 network's nodes and edges: the part of the diagram that never changes."""
    ax = axes[0]
    colour = {"x": plots.PALETTE["region0"], "h": "#D9F0E7", "y": plots.PALETTE["region1"]}
    for src, i, dst, j in _EDGES:
        (x0, y0), (x1, y1) = _NODES[(src, i)], _NODES[(dst, j)]
        ax.plot([x0, x1], [y0, y1], color="grey", lw=1, zorder=1)
    for key, (px, py) in _NODES.items():
        ax.scatter([px], [py], s=900, c=colour[key[0]], edgecolors="black", zorder=2)
        ax.text(px, py, f"{key[0]}{key[1] + 1}" if key[0] != "y" else "y", ha="center",
                va="center", fontsize=11, zorder=3)
    ax.set(xlim=(-0.6, 4.6), ylim=(-1.9, 1.4))
    ax.axis("off")


def _draw_backprop(ax, stage, **kwargs):
    """The numbers known at ``stage`` on the diagram: weights, gradients, z, a, deltas."""
    r = backprop_trace(**kwargs)
    shown = "new_W" if stage >= 6 else "W"
    for src, i, dst, j in _EDGES:
        layer = "1" if dst == "h" else "2"
        W, grad = r[shown + layer], r["grad_W" + layer]
        (x0, y0), (x1, y1) = _NODES[(src, i)], _NODES[(dst, j)]
        label = f"w={W[i, j]:.4f}" + (f"\ng={grad[i, j]:.4f}" if stage >= 5 else "")
        fx = 0.5 if dst == "y" else (0.3 if i == j else 0.75)
        ax.text(x0 + fx * (x1 - x0), y0 + fx * (y1 - y0), label, fontsize=8,
                ha="center", va="center", zorder=4,
                bbox={"fc": "white", "ec": "#999999", "alpha": 0.9, "pad": 0.2})
    notes = {("x", i): [f"x{i + 1} = {r['x'][i]:g}"] for i in range(2)}
    for j in range(2):
        notes[("h", j)] = ([f"z = {r['z1'][j]:.4f}", f"a = {r['h'][j]:.4f}"] if stage >= 1
                           else []) + ([f"δ = {r['delta1'][j]:.4f}"] if stage >= 4 else [])
    notes[("y", 0)] = (([f"z = {r['z2'][0]:.4f}", f"y = {r['y'][0]:.4f}"] if stage >= 2
                        else []) + ([f"δ = {r['delta2'][0]:.4f}"] if stage >= 3 else [])
                       + ([f"new y = {r['new_y'][0]:.4f}"] if stage >= 6 else []))
    for key, (px, py) in _NODES.items():
        ax.text(px, py - 0.22, "\n".join(notes[key]), ha="center", va="top", fontsize=8.5)
    ax.set_title(f"Backpropagation, stage {stage}: {STAGES[stage]} (target t = {r['t']:g})")


class BackpropExplorer(Explorer):
    """Step through one backpropagation update of a 2-2-1 network (seed 001's XOR)."""

    title = "Backpropagation stepper"
    figsize = BACKPROP_FIGSIZE
    SAMPLES = {"(0, 1) -> 1": ((0.0, 1.0), 1.0), "(1, 0) -> 1": ((1.0, 0.0), 1.0),
               "(1, 1) -> 0": ((1.0, 1.0), 0.0), "(0, 0) -> 0": ((0.0, 0.0), 0.0)}

    def __init__(self, stage=6, sample="(0, 1) -> 1", learning_rate=0.25):
        self.stage, self.sample = _stage(stage), choice(sample, "sample", self.SAMPLES)
        self.learning_rate = number(learning_rate, "learning_rate", above=0)

    def _kwargs(self):
        x, t = self.SAMPLES[self.sample]
        return {"x": x, "t": t, "learning_rate": self.learning_rate}

    def figure(self):
        return backprop_figure(self.stage, **self._kwargs())

    def _static(self, axes):
        _backprop_diagram(axes)

    def _draw(self, axes):
        _draw_backprop(axes[0], self.stage, **self._kwargs())

    def text(self) -> str:
        return backprop_text(self.stage, **self._kwargs())

    def _controls(self):
        import ipywidgets as ipw

        return {
            "stage": ipw.IntSlider(value=self.stage, min=0, max=len(STAGES) - 1,
                                   description="stage", continuous_update=False),
            "sample": ipw.Dropdown(options=list(self.SAMPLES), value=self.sample,
                                   description="sample"),
            "learning_rate": _slider("learning rate", self.learning_rate, 0.05, 2.0,
                                     step=0.05),
        }



def backprop_explorer(stage=6, sample="(0, 1) -> 1", learning_rate=0.25) -> BackpropExplorer:
    """Live stepper through one backpropagation update; see :class:`BackpropExplorer`."""
    return BackpropExplorer(stage, sample, learning_rate)


def backprop_scrubber(x=(0.0, 1.0), t=1.0, learning_rate=0.25):
    """Precomputed frames of every stage of :func:`backprop_figure`: works without a kernel."""
    kw = {"x": x, "t": t, "learning_rate": learning_rate}
    frames = [_png(backprop_figure(s, **kw)) for s in range(len(STAGES))]
    texts = [backprop_text(s, **kw) for s in range(len(STAGES))]
    return HTMLScrubber(frames, [f"{s}: {name}" for s, name in enumerate(STAGES)], texts,
                        "One training step, stage by stage: backpropagation, then the update")
