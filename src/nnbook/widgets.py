"""Interactive explorers: thin ipywidgets wrappers around pure functions of :mod:`nnbook.plots`.

Two ways to show the same picture:

* :func:`gate_explorer` gives live sliders (needs a running kernel: Jupyter, Colab, Binder).
  Its display also carries a static PNG and a text truth table of the default state, so
  that a page without a widget front end (the web book, GitHub, a PDF) still shows a
  complete figure instead of an empty box.
* :func:`gate_scrubber` precomputes frames into self-contained HTML with a range slider,
  so the web page has an interactive version that needs no kernel at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io

import matplotlib.pyplot as plt
import numpy as np

from nnbook import plots
from nnbook._validation import as_array
from nnbook.datasets import GATES, logic_gate


def _png(fig, dpi=80) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def gate_figure(gate, w, b):
    """A figure of the unit ``(w, b)`` on a 2-input gate: the pure function widgets redraw."""
    fig, ax = plt.subplots(figsize=(4.6, 4.2))
    plots.plot_gate(gate, w, b, ax=ax)
    fig.tight_layout()
    return fig


class Explorer:
    """Base of the live explorers: controls on the left, figure and text on the right.

    A subclass defines ``_controls()`` (a dict of ipywidgets keyed by state name), and
    the pure ``figure()`` and ``text()`` of its current state, which it keeps in
    attributes named like the controls. Display the object (leave it last in a cell):
    Jupyter, Colab and Binder show live controls; a page without a widget front end
    (the web book, GitHub, a PDF) shows the static PNG and text of the current state.
    """

    title = "Explorer"
    _widget = None

    @property
    def widget(self):
        """The live ipywidgets box (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _controls(self):
        raise NotImplementedError

    def _set(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, value)

    def _build(self):
        import ipywidgets as ipw

        controls = self._controls()
        out = ipw.Output()

        def redraw(_change=None):
            self._set({name: c.value for name, c in controls.items()})
            # Set the Output widget's state directly (no printing): the redraw then never
            # leaks into the cell's own output, whatever the front end.
            out.outputs = (
                {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": _png(self.figure(), dpi=90),
                          "text/plain": f"{self.title} figure"}},
                {"output_type": "stream", "name": "stdout", "text": self.text() + "\n"},
            )

        for control in controls.values():
            control.observe(redraw, names="value")
        redraw()
        return ipw.HBox([ipw.VBox(list(controls.values())), out])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        try:
            bundle.update(self.widget._repr_mimebundle_())
        except Exception:  # no ipywidgets or no kernel: the static view below still shows
            pass
        bundle["image/png"] = _png(self.figure(), dpi=100)
        bundle["text/plain"] = (
            f"{self.title} (live controls in Jupyter, Colab or Binder; static view here)\n"
            + self.text()
        )
        return bundle


def _slider(name, value, lo, hi, step=0.25, fmt=".2f"):
    import ipywidgets as ipw

    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=name,
                           continuous_update=False, readout_format=fmt)


class GateExplorer(Explorer):
    """Sliders for ``w1``, ``w2``, ``b`` and a gate menu, redrawing line and truth table.

    Attributes ``gate``, ``w``, ``b`` hold the current state (the sliders update them).
    """

    title = "Gate explorer"

    def __init__(self, gate="AND", w=(1.0, 1.0), b=-1.5):
        self.gate = str(gate).upper()
        logic_gate(self.gate)  # validates the name
        self.w = as_array(w, "w", (2,))
        self.b = float(as_array(b, "b", ()))

    def figure(self):
        return gate_figure(self.gate, self.w, self.b)

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

    def _set(self, values):
        self.gate, self.b = values["gate"], values["b"]
        self.w = np.array([values["w1"], values["w2"]])


def gate_explorer(gate="AND", w=(1.0, 1.0), b=-1.5) -> GateExplorer:
    """Live explorer of a 2-input step unit on a logic gate; see :class:`GateExplorer`."""
    return GateExplorer(gate, w, b)


class HTMLScrubber:
    """Self-contained HTML: precomputed frames and a range slider, no kernel needed."""

    def __init__(self, frames, labels, texts, title):
        self.frames, self.labels, self.texts, self.title = frames, labels, texts, title

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


def gate_scrubber(gate="AND", w=(1.0, 1.0), b_values=(-2.5, -2, -1.5, -1, -0.5, 0, 0.5)):
    """Precomputed frames of the unit ``(w, b)`` on ``gate`` as ``b`` moves along ``b_values``.

    Returns an object that displays as HTML with a slider (no kernel needed) and as a
    list of frame labels in plain text.
    """
    w = as_array(w, "w", (2,))
    b_values = as_array(b_values, "b_values", ("n_frames",))
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


def activation_figure(name="sigmoid", z_max=5.0, alpha=0.01):
    """An activation and its derivative side by side: the pure function widgets redraw."""
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.3))
    plots.plot_activation_pair(name, z_max, alpha, axes=axes)
    fig.tight_layout()
    return fig


def activation_text(name="sigmoid", z_max=5.0, alpha=0.01) -> str:
    """Range, sample values and the saturated share of ``[-z_max, z_max]``, as text."""
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

    def __init__(self, name="sigmoid", z_max=5.0, alpha=0.01):
        plots.activation_curves(name, np.zeros(1), alpha)  # validates the name
        self.name, self.z_max, self.alpha = name, float(z_max), float(alpha)
        if not self.z_max > 0:
            raise ValueError(f"z_max must be > 0; got {z_max}")

    def figure(self):
        return activation_figure(self.name, self.z_max, self.alpha)

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


def activation_explorer(name="sigmoid", z_max=5.0, alpha=0.01) -> ActivationExplorer:
    """Live explorer of f and f' for each activation; see :class:`ActivationExplorer`."""
    return ActivationExplorer(name, z_max, alpha)


def activation_scrubber(names=plots.ELEMENTWISE, z_max=5.0, alpha=0.1):
    """Precomputed frames, one per activation, with a slider: works without a kernel."""
    frames = [_png(activation_figure(n, z_max, alpha)) for n in names]
    texts = [activation_text(n, z_max, alpha) for n in names]
    return HTMLScrubber(frames, list(names), texts,
                        f"Activation functions and their derivatives on [{-z_max:g}, {z_max:g}]")


# --- chapter 3: cost functions ------------------------------------------------------------

def cost_figure(y=1.0, y_hat=0.3):
    """MSE, MAE and cross-entropy and their derivatives against ``y_hat``, for target ``y``."""
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.3))
    plots.plot_costs(y, y_hat, axes=axes)
    fig.tight_layout()
    return fig


def cost_text(y=1.0, y_hat=0.3) -> str:
    """The three per-sample costs and their derivatives at ``y_hat``, as a table."""
    from nnbook import losses

    lines = [f"target y = {y:g}, prediction y_hat = {y_hat:.2f}",
             f"{'loss':<14}{'cost C':>9}{'dC/dy_hat':>11}"]
    for name, label in (("mse", "MSE"), ("mae", "MAE"), ("binary_crossentropy", "cross-entropy")):
        loss, grad = losses.get(name)
        c, g = loss([y], [y_hat]), grad([y], [y_hat])[0]
        lines.append(f"{label:<14}{c:>9.4f}{g + 0.0:>11.4f}")
    return "\n".join(lines)


class CostExplorer(Explorer):
    """Sliders for the target ``y`` and the prediction ``y_hat``; shows costs and slopes."""

    title = "Cost explorer"

    def __init__(self, y=1.0, y_hat=0.3):
        self.y, self.y_hat = float(y), float(y_hat)
        if self.y not in (0.0, 1.0) or not 0 < self.y_hat < 1:
            raise ValueError(f"need y = 0 or 1 and 0 < y_hat < 1; got y = {y}, y_hat = {y_hat}")

    def figure(self):
        return cost_figure(self.y, self.y_hat)

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
    frames = [_png(cost_figure(y, p)) for p in y_hats]
    texts = [cost_text(y, p) for p in y_hats]
    return HTMLScrubber(frames, [f"y_hat = {p:g}" for p in y_hats], texts,
                        f"Costs and their slopes as the prediction moves (target y = {y:g})")
