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
    # columns: cost, dC/dy_hat, dC/dz = dC/dy_hat * .25 * .75 (through a sigmoid)
    assert lines[2].split() == ["MSE", "0.5625", "-1.5000", "-0.2812"]   # (1-.25)^2, 2(.25-1)
    assert lines[3].split() == ["MAE", "0.7500", "-1.0000", "-0.1875"]
    assert lines[4].split() == ["cross-entropy", "1.3863", "-4.0000", "-0.7500"]  # y_hat - y
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
        (lambda: widgets.activation_explorer("sigmoid", z_max=0), "z_max must be a finite"),
        (lambda: widgets.cost_explorer(0.5, 0.3), "need y = 0 or 1"),
        (lambda: widgets.cost_explorer(1, 1.0), "0 < y_hat < 1"),
        (lambda: plots.plot_costs(1, np.nan), "y_hat contains NaN"),
    ],
)
def test_new_widgets_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- chapters 4 and 5 ---------------------------------------------------------------------

def test_descent_explorer_text_and_controls():
    explorer = widgets.descent_explorer(learning_rate=0.1)
    text = explorer.text()
    assert "final cost" in text and "100 steps (100 epochs of 64 samples)" in text
    controls = {c.description: c for c in explorer.widget.children[0].children}
    assert set(controls) == {"learning rate", "momentum", "batch size"}
    controls["learning rate"].value = 0.2  # above 2 / (largest curvature) = 0.19
    assert explorer.learning_rate == 0.2 and "diverged" in explorer.text()
    controls["batch size"].value = 4
    assert "(6.25 epochs of 64 samples)" in explorer.text()


def test_descent_path_converges_and_momentum_helps():
    problem = widgets.descent_problem()
    slow = problem.cost(widgets.descent_path(0.05)[-1])
    with_momentum = problem.cost(widgets.descent_path(0.05, momentum=0.9)[-1])
    best = problem.cost(problem.best)
    assert with_momentum - best < (slow - best) / 10


def test_backprop_trace_numbers_and_stages():
    r = widgets.backprop_trace()
    np.testing.assert_allclose(r["h"], [0.3318, 0.5744], atol=1e-4)
    assert r["y"][0] == pytest.approx(0.5735, abs=1e-4)
    assert r["delta2"][0] == pytest.approx(-0.1043, abs=1e-4)
    texts = [widgets.backprop_text(s) for s in range(len(widgets.STAGES))]
    sizes = [len(t.splitlines()) for t in texts]
    assert sizes == sorted(set(sizes))  # each stage adds lines
    assert "new output for the same x: (0.5764)" in texts[-1]
    assert "cost C = (y - t)^2 / 2 = 0.0910" in texts[2]  # before the update, as y is
    assert "new cost 0.0897" in texts[-1]
    explorer = widgets.backprop_explorer(stage=0)
    controls = {c.description: c for c in explorer.widget.children[0].children}
    controls["stage"].value = 3
    assert "output delta" in explorer.text() and "hidden deltas" not in explorer.text()
    controls["sample"].value = "(1, 1) -> 0"
    assert "target t = 0" in explorer.text()


def test_scrubbers_for_chapters_4_and_5():
    gd = widgets.descent_scrubber(settings=((0.05, 0.0, 64), (0.2, 0.0, 64)))._repr_html_()
    assert gd.count("<img") == 2 and "diverged" in gd
    bp = widgets.backprop_scrubber()._repr_html_()
    assert bp.count("<img") == len(widgets.STAGES) and "6: updated weights" in bp


def test_history_paths_and_boundary_plots():
    from nnbook.network import Network

    X, y = datasets.logic_gate("XOR")
    net = Network([2, 4, 1], "tanh", "sigmoid", loss="binary_crossentropy")
    history = net.fit(X, y, epochs=3, batch_size=4, validation_data=(X, y))
    ax = plots.plot_history(history, "accuracy")
    assert [line.get_label() for line in ax.get_lines()] == ["training", "validation"]
    assert plots.plot_history(history.history).get_ylabel() == "loss"
    ax = plots.plot_decision_boundary(net.predict, X, y)
    assert ax.get_title() == "Decision boundary"
    path = np.array([[0.0, 0.0], [1.0, 1.0], [np.inf, np.inf]])
    ax = plots.plot_paths(np.ones((3, 3)), [0, 1, 2], [0, 1, 2], {"p": path}, best=(1, 1))
    assert len(ax.get_lines()[0].get_xdata()) == 2  # the diverged point is not drawn
    plt.close("all")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: widgets.descent_explorer(learning_rate=2.0), "learning_rate must be .* <= 0.25"),
    (lambda: widgets.descent_explorer(batch_size=3), "batch_size must be one of"),
    (lambda: widgets.backprop_explorer(stage=9), "stage must be a whole number between 0 and 6"),
    (lambda: widgets.backprop_text(stage=-1), "stage must be a whole number between 0 and 6"),
    (lambda: widgets.backprop_trace(W1=np.ones(3)), r"W1 must have shape \(2, 2\)"),
    (lambda: plots.plot_history({"loss": [1.0]}, "accuracy"), "history has no 'accuracy'"),
    (lambda: plots.plot_history({}), "history must be what fit"),
])
def test_chapter_4_5_widgets_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_plot_images_grid_titles_and_bad_shape():
    images = np.arange(3 * 64, dtype=float).reshape(3, 64) / 192
    axes = plots.plot_images(images, (8, 8), ["a", "b", "c"], ncols=2, suptitle="Digits")
    assert len(axes) == 4 and [ax.get_title() for ax in axes[:3]] == ["a", "b", "c"]
    assert not axes[3].images  # the spare cell stays empty
    np.testing.assert_allclose(axes[1].images[0].get_array(), images[1].reshape(8, 8))
    with pytest.raises(ValueError, match="has 49 pixels; the images have 64"):
        plots.plot_images(images, (7, 7))


# --- live redraws by blitting (issue 7) -------------------------------------------------------

def _pixels(png_b64):
    import base64
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(base64.b64decode(png_b64))).convert("RGB"),
                      dtype=float)


LIVE = [
    (widgets.gate_explorer, [{"gate": "AND", "w1": 1.0, "w2": 1.0, "b": -0.5},
                             {"gate": "OR", "w1": -2.0, "w2": 1.0, "b": 0.5}]),
    (widgets.activation_explorer, [{"name": "relu", "z_max": 5.0, "alpha": 0.01},
                                   {"name": "tanh", "z_max": 8.0, "alpha": 0.01}]),
    (widgets.cost_explorer, [{"y": 1.0, "y_hat": 0.8}, {"y": 0.0, "y_hat": 0.2}]),
    (widgets.descent_explorer, [{"learning_rate": 0.2, "momentum": 0.0, "batch_size": 16},
                                {"learning_rate": 0.05, "momentum": 0.9, "batch_size": 64}]),
    (widgets.backprop_explorer, [{"stage": 2, "sample": "(1, 1) -> 0", "learning_rate": 1.0},
                                 {"stage": 6, "sample": "(0, 0) -> 0", "learning_rate": 0.5}]),
]


@pytest.mark.parametrize("make, moves", LIVE, ids=lambda v: getattr(v, "__name__", ""))
def test_live_redraw_shows_the_state_not_leftovers(make, moves):
    """After moves, the blitted picture is what a full draw of the same figure gives: no
    artist of an earlier state is left behind, and nothing of the new one is missing."""
    moved = make()
    before = _pixels(moved.redraw_png())
    figures = set(plt.get_fignums())
    for values in moves:
        after = _pixels(moved.move(values)[0])
    assert set(plt.get_fignums()) == figures  # never a pyplot figure (Jupyter would show it)
    assert_blit_is_a_full_draw(moved, after)
    assert np.mean(np.abs(after - before).max(axis=2) > 60) > 0.002  # the picture did move


def assert_blit_is_a_full_draw(explorer, blitted):
    """``blitted`` (pixels of the live redraw) matches a full draw of the same figure."""
    canvas = explorer._live.fig.canvas
    canvas.draw()  # everything, in the usual order: the reference
    full = np.asarray(canvas.buffer_rgba())[..., :3].astype(float)
    assert blitted.shape == full.shape
    differ = np.mean(np.abs(blitted - full).max(axis=2) > 60)
    assert differ < 0.001, f"{differ:.2%} of the pixels differ from a full drawing"


def test_live_redraw_keeps_a_bounded_number_of_backgrounds():
    explorer = widgets.activation_explorer()
    for z_max in np.arange(1.0, 14.0, 0.5):  # every z range is a new axis: a new background
        explorer.move({"name": "sigmoid", "z_max": float(z_max), "alpha": 0.01})
    assert len(explorer._live._backgrounds) == widgets._LiveFigure.KEEP


def test_descent_path_is_remembered_and_read_only():
    path = widgets.descent_path(0.1, 0.5, 16)
    assert widgets.descent_path(0.1, 0.5, 16) is path
    with pytest.raises(ValueError, match="read-only"):
        path[0, 0] = 1.0


def test_widget_bundle_on_ipywidgets_7_and_8():
    """ipywidgets 8 gives a widget's display data as _repr_mimebundle_; 7 (Colab's) has no such
    method: the explorers then build the same widget view that 7's _ipython_display_ sends."""
    import ipywidgets

    from nnbook.widgets import _widget_bundle

    slider = ipywidgets.IntSlider()
    assert _widget_bundle(slider) == slider._repr_mimebundle_()

    class Seven:  # what ipywidgets 7.7.1's widgets have (no _repr_mimebundle_)
        model_id = "abc123"

    view = _widget_bundle(Seven())["application/vnd.jupyter.widget-view+json"]
    assert view == {"version_major": 2, "version_minor": 0, "model_id": "abc123"}
    assert view == {k: v for k, v in slider._repr_mimebundle_()[
        "application/vnd.jupyter.widget-view+json"].items() if k != "model_id"} | {
        "model_id": "abc123"}


@pytest.mark.parametrize("make", [
    lambda: widgets.gate_explorer(), lambda: widgets.activation_explorer(),
    lambda: widgets.cost_explorer(), lambda: widgets.descent_explorer(),
    lambda: widgets.backprop_explorer()])
def test_every_control_label_has_room_for_the_longest(make):
    """JupyterLab's default label width cut "learning rate" to "learning r…" (issue 18): an
    explorer gives all its labels one width, from its longest label."""
    controls = make().widget.children[0].children
    longest = max(len(c.description) for c in controls)
    assert longest >= 1
    for c in controls:
        assert c.style.description_width == \
            f"{longest * widgets.LABEL_EM_PER_CHAR + 1:.1f}em", c.description


def test_the_leaky_slope_is_enabled_only_for_leaky_relu():
    """A control that changes nothing is disabled: the slope slider with any activation but
    leaky ReLU (the lab test moves every enabled control and requires a redraw)."""
    explorer = widgets.activation_explorer("sigmoid")
    name, _, alpha = explorer.widget.children[0].children
    assert alpha.disabled and not name.disabled
    name.value = "leaky_relu"
    assert not alpha.disabled
    alpha.value = 0.2
    assert explorer.alpha == 0.2 and "slope 0.2" in explorer.text()
    name.value = "tanh"
    assert alpha.disabled
