import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook import datasets, plots, widgets
from nnbook.perceptron import Perceptron


def test_truth_table_text():
    X, y = datasets.logic_gate("AND")
    text = plots.truth_table(X, y, [1, 1], -2)
    lines = text.splitlines()
    assert lines[0].split() == ["x1", "x2", "target", "z", "output"]
    assert [line.split()[3] for line in lines[1:]] == ["-2", "-1", "-1", "0"]
    assert "wrong" not in text
    assert "<- wrong" in plots.truth_table(X, y, [1, 1], -1)


def test_plots_return_their_axes_with_labels():
    X, y = datasets.logic_gate("OR")
    fig, ax = plt.subplots()
    assert plots.plot_decision_line([1, 1], -1, X, y, ax=ax) is ax
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    ax2 = plots.plot_gate("XOR", [0, 1], 0)  # vertical-free and ax=None paths
    assert "2/4 right" in ax2.get_title()
    ax3 = plots.plot_decision_line([1, 0], -0.5)  # w2 = 0: a vertical line
    assert len(ax3.get_lines()) == 1
    hist = Perceptron(epochs=10).fit(X, y).history
    ax4 = plots.plot_training(hist)
    assert ax4.get_lines()[0].get_ydata().tolist() == hist["errors"]
    plt.close("all")


def test_explorer_shows_a_static_view_without_front_end():
    explorer = widgets.gate_explorer("or", w=(1, 1), b=-1)
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"]  # a figure even with no widget front end
    assert "OR gate" in bundle["text/plain"] and "target" in bundle["text/plain"]
    box = explorer.widget
    sliders = {c.description: c for c in box.children[0].children}
    assert set(sliders) == {"gate", "w1", "w2", "b"}
    sliders["b"].value = -2.0  # moving a slider updates the state the view is drawn from
    assert explorer.b == -2.0
    assert "<- wrong" in explorer.text()  # OR with b = -2 gets (0, 1) and (1, 0) wrong
    shown = box.children[1].outputs
    assert "image/png" in shown[0]["data"] and "<- wrong" in shown[1]["text"]


def test_scrubber_is_deterministic_html():
    s1 = widgets.gate_scrubber("AND", (1, 1), b_values=(-2, -1))
    s2 = widgets.gate_scrubber("AND", (1, 1), b_values=(-2, -1))
    html = s1._repr_html_()
    assert html == s2._repr_html_()
    assert html.count("<img") == 2 and 'type="range"' in html and "b = -1" in html


def test_widget_bad_input():
    with pytest.raises(ValueError, match="gate must be one of"):
        widgets.gate_explorer("MAYBE")
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        widgets.gate_explorer("AND", w=np.ones(3))
