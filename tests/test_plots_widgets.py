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


@pytest.mark.parametrize("name", plots.ELEMENTWISE)
def test_activation_pair_plots_f_and_its_derivative(name):
    axes = plots.plot_activation_pair(name, z_max=3, alpha=0.2)
    f_line, fp_line = axes[0].get_lines()[0], axes[1].get_lines()[0]
    z = f_line.get_xdata()
    f, fp = plots.activation_curves(name, z, 0.2)
    np.testing.assert_array_equal(f_line.get_ydata(), f)
    np.testing.assert_array_equal(fp_line.get_ydata(), fp)
    assert axes[0].get_title().startswith(name) and axes[1].get_xlabel()
    plt.close("all")


def test_activation_explorer_state_text_and_controls():
    explorer = widgets.activation_explorer("relu", z_max=4)
    assert "share of this z range where |f'(z)| < 0.05: 50%" in explorer.text()
    bundle = explorer._repr_mimebundle_()
    assert bundle["image/png"] and "relu on z in [-4, 4]" in bundle["text/plain"]
    box = explorer.widget
    controls = {c.description: c for c in box.children[0].children}
    controls["activation"].value = "leaky_relu"
    controls["leaky slope"].value = 0.1
    assert (explorer.name, explorer.alpha) == ("leaky_relu", 0.1)
    assert "50%" not in explorer.text() and ": 0%" in explorer.text()
    assert "slope 0.1" in box.children[1].outputs[1]["text"]


def test_cost_explorer_values_match_the_losses():
    explorer = widgets.cost_explorer(1, 0.25)
    lines = explorer.text().splitlines()
    assert lines[2].split() == ["MSE", "0.5625", "-1.5000"]          # (1-.25)^2, 2(.25-1)
    assert lines[3].split() == ["MAE", "0.7500", "-1.0000"]
    assert lines[4].split() == ["cross-entropy", "1.3863", "-4.0000"]  # -ln .25, -1/.25
    controls = {c.description: c for c in explorer.widget.children[0].children}
    controls["target y"].value = 0.0
    assert explorer.y == 0.0 and "cross-entropy    0.2877" in explorer.text()


def test_scrubbers_for_chapters_2_and_3():
    act = widgets.activation_scrubber(names=("sigmoid", "relu"))._repr_html_()
    assert act.count("<img") == 2 and "relu" in act
    cost = widgets.cost_scrubber(y_hats=(0.1, 0.9))._repr_html_()
    assert cost.count("<img") == 2 and "y_hat = 0.9" in cost


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: widgets.activation_explorer("softmax"), "softmax acts on a whole vector"),
        (lambda: widgets.activation_explorer("sigmoid", z_max=0), "z_max must be > 0"),
        (lambda: widgets.cost_explorer(0.5, 0.3), "need y = 0 or 1"),
        (lambda: widgets.cost_explorer(1, 1.0), "0 < y_hat < 1"),
        (lambda: plots.plot_costs(1, np.nan), "y_hat contains NaN"),
    ],
)
def test_new_widgets_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
