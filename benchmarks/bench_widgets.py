"""How long each live widget takes to answer a move of a control.

A move runs the explorer's redraw: its pure ``figure()`` and ``text()`` for the new setting,
and the PNG the front end shows (``nnbook.widgets._png`` at the widget's 90 dpi). That whole
callback is timed here, for several settings of each explorer, in the same order a student
would meet them. Budget (issue 7): 50 ms per callback.

The Keras explorers of chapters 6 and 7 train a model for a setting they have not seen; that
training is timed separately ("first visit"), and the redraw of a setting already trained
("cached"). The web book needs neither: its scrubbers are precomputed PNGs.

Run with ``make bench``. Each explorer moves through its settings 5 times over (every call
a real change), after one warm-up call, which fills matplotlib's font caches; the median and
the slowest call are shown. The budget is checked on the 90th percentile: the slowest
call is a first visit to a new axis range (a full draw, ~100 ms), or a pause of this shared
machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, os.path.dirname(__file__))
from _common import machine  # noqa: E402

from nnbook import widgets  # noqa: E402

BUDGET_MS = 50.0


def callback(explorer, change: dict, fresh_figure=False) -> float:
    """Milliseconds of one redraw, as Explorer._build's callback does it: every control's
    value (the current ones, with ``change`` applied) goes to ``_set``, then the PNG and the
    text. ``fresh_figure``: a new figure and a full ``savefig`` instead (the way before
    issue 7, still the static view's)."""
    values = {name: c.value for name, c in explorer._controls().items()} | change
    start = time.perf_counter()
    if fresh_figure:
        explorer._set(values)
        widgets._png(explorer.figure(), dpi=90)
        explorer.text()
    else:
        explorer.move(values)
    return 1e3 * (time.perf_counter() - start)


def measure(name, explorer, settings, repeat=5):
    """The live redraw against the budget, and a new figure per move for comparison."""
    callback(explorer, settings[-1])  # warm-up
    moves = settings * repeat  # every call moves to another setting, as a student does
    times = [callback(explorer, s) for s in moves]
    fresh = [callback(explorer, s, True) for s in moves]
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"  {name:<30} median {statistics.median(times):5.1f} ms, 90% within {p90:5.1f} ms, "
          f"slowest {max(times):5.1f} ms{'' if p90 <= BUDGET_MS else ' OVER BUDGET'}  (a new "
          f"figure per move: median {statistics.median(fresh):4.0f} ms, "
          f"{statistics.median(fresh) / statistics.median(times):4.1f}x slower)", flush=True)
    return p90 <= BUDGET_MS


def numpy_explorers():
    ok = []
    ok.append(measure("ch1 gate_explorer", widgets.gate_explorer(), [
        {"b": b} for b in (-2.5, -1.5, -0.5, 0.5)]))
    ok.append(measure("ch2 activation_explorer", widgets.activation_explorer(), [
        {"name": n, "z_max": 5.0} for n in ("sigmoid", "tanh", "relu", "leaky_relu")]))
    ok.append(measure("ch3 cost_explorer", widgets.cost_explorer(), [
        {"y": 1.0, "y_hat": p} for p in (0.1, 0.3, 0.6, 0.9)]))
    ok.append(measure("ch4 descent_explorer", widgets.descent_explorer(), [
        {"learning_rate": lr, "momentum": m, "batch_size": b}
        for lr, m, b in ((0.05, 0.0, 64), (0.15, 0.0, 64), (0.1, 0.5, 16), (0.1, 0.9, 1))]))
    ok.append(measure("ch5 backprop_explorer", widgets.backprop_explorer(), [
        {"stage": s} for s in (1, 3, 5, 6)]))
    return ok


def keras_explorers():
    from nnbook import kerastools as kt

    ok = []
    for name, explorer, settings in (
        ("ch6 playground_explorer", kt.playground_explorer(), [
            {"layers": n, "units": 8} for n in (0, 1, 2, 3)]),
        ("ch7 regularization_explorer", kt.regularization_explorer(), [
            {"dropout": d, "l2": 1e-3 if d else 0.0} for d in (0.0, 0.2, 0.5)]),
    ):
        first = [callback(explorer, s) for s in settings]  # trains each setting once
        print(f"  {name:<34} first visit (trains a model): median "
              f"{statistics.median(first) / 1e3:4.1f} s")
        ok.append(measure(name + ", cached", explorer, settings))
    return ok


def main():
    print(machine())
    print(f"\nwidget callbacks (figure + PNG + text), budget {BUDGET_MS:.0f} ms:")
    ok = numpy_explorers()
    if "--no-keras" not in sys.argv:
        ok += keras_explorers()
    print(f"{len(ok) - sum(ok)} of {len(ok)} over budget")


if __name__ == "__main__":
    main()
