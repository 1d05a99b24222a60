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


class GateExplorer:
    """Sliders for ``w1``, ``w2``, ``b`` and a gate menu, redrawing line and truth table.

    Display the object (leave it last in a cell). Attributes ``gate``, ``w``, ``b`` hold
    the current state (the sliders update them); ``widget`` builds the live version.
    """

    def __init__(self, gate="AND", w=(1.0, 1.0), b=-1.5):
        self.gate = str(gate).upper()
        logic_gate(self.gate)  # validates the name
        self.w = as_array(w, "w", (2,))
        self.b = float(as_array(b, "b", ()))
        self._widget = None

    def text(self) -> str:
        """The truth table of the current state, as the explorer prints it."""
        X, y = logic_gate(self.gate)
        return f"{self.gate} gate\n" + plots.truth_table(X, y, self.w, self.b)

    @property
    def widget(self):
        """The live ipywidgets box (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self):
        import ipywidgets as ipw

        def slider(name, value, lo, hi):
            return ipw.FloatSlider(value=value, min=lo, max=hi, step=0.25, description=name,
                                   continuous_update=False, readout_format=".2f")

        controls = {
            "gate": ipw.Dropdown(options=list(GATES), value=self.gate, description="gate"),
            "w1": slider("w1", self.w[0], -6, 6),
            "w2": slider("w2", self.w[1], -6, 6),
            "b": slider("b", self.b, -8, 8),
        }
        out = ipw.Output()

        def redraw(_change=None):
            self.gate = controls["gate"].value
            self.w = np.array([controls["w1"].value, controls["w2"].value])
            self.b = controls["b"].value
            # Set the Output widget's state directly (no printing): the redraw then never
            # leaks into the cell's own output, whatever the front end.
            out.outputs = (
                {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": _png(gate_figure(self.gate, self.w, self.b), dpi=90),
                          "text/plain": f"{self.gate} explorer figure"}},
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
        bundle["image/png"] = _png(gate_figure(self.gate, self.w, self.b), dpi=100)
        bundle["text/plain"] = (
            "Gate explorer (live sliders in Jupyter, Colab or Binder; static view here)\n"
            + self.text()
        )
        return bundle


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
