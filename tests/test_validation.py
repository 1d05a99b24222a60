"""Bad input gets a clear error (issue 8): every public function of nnbook.

Each case calls a public function wrongly: a wrong shape, mismatched lengths, NaN or
infinity, text instead of numbers, an empty array, an unknown name. The error must be a
ValueError or TypeError whose message names the argument and says what was expected.

The exercise helpers are the exception: their input is a student's answer, so they report a
bad one as :class:`Wrong` or :class:`NotAttempted` (which a check prints as one line), and
``fmt``, ``is_stub`` and ``close`` answer anything without raising. A last test checks that
every public function of these modules has at least one case here.
"""

import inspect

import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnbook import (  # noqa: E402
    activations,
    claims,
    datasets,
    descent,
    exercises,
    gradcheck,
    kerastools,
    losses,
    optimizers,
    perceptron,
    plots,
    seeding,
    widgets,
)
from nnbook.exercises import NotAttempted, Wrong, ch04, ch07  # noqa: E402
from nnbook.network import Network, count_params  # noqa: E402
from nnbook.optimizers import SGD  # noqa: E402

MODULES = (activations, claims, losses, optimizers, perceptron, gradcheck, seeding, datasets,
           descent, plots, widgets, kerastools, exercises, ch04, ch07)
NAN = np.array([[0.5, np.nan]])
INF = np.array([[0.5, np.inf]])
Y2 = np.array([[1.0, 0.0]])


def _net():
    return Network([2, 3, 1], "sigmoid", loss="binary_crossentropy", seed=0)


X4 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y4 = np.array([0.0, 1.0, 1.0, 0.0])

CASES = []
for _name in activations.ACTIVATIONS:
    for _f in activations.ACTIVATIONS[_name]:
        CASES += [
            (_f, (NAN,), "z contains NaN or infinity"),
            (_f, (INF,), "z contains NaN or infinity"),
            (_f, ("abc",), "z must be numeric"),
            (_f, ([[1, 2], [3]],), "z must be numeric"),
        ]
CASES += [
    (activations.get, ("sigmoidd",), "unknown activation 'sigmoidd'; choose one of"),
    (activations.softmax, (3.0,), "z must have at least one axis"),
    (activations.softmax_prime, (3.0,), "z must have at least one axis"),
]
for _name, (_loss, _grad) in losses.LOSSES.items():
    for _f in (_loss, _grad):
        CASES += [
            (_f, (Y2, NAN), "y_pred contains NaN or infinity"),
            (_f, (NAN, Y2), "y_true contains NaN or infinity"),
            (_f, (Y2, np.array([[0.5, 0.5, 0.0]])), "y_true and y_pred must have the same shape"),
            (_f, (Y2, "abc"), "y_pred must be numeric"),
            (_f, (np.zeros((0, 2)), np.zeros((0, 2))), "n_samples >= 1"),
        ]
CASES += [
    (losses.get, ("mse2",), "unknown loss 'mse2'; choose one of"),
    (losses.per_sample, ("nope", Y2, Y2), "unknown loss 'nope'"),
    (losses.binary_crossentropy, (Y2, np.array([[1.5, 0.2]])), "y_pred must hold probabilities"),
]
for _f in (losses.l1_penalty, losses.l1_penalty_grad, losses.l2_penalty,
           losses.l2_penalty_grad, losses.elastic_net_penalty, losses.elastic_net_penalty_grad):
    CASES += [
        (_f, ([np.array([1.0, np.nan])], 0.1), "contains NaN or infinity"),
        (_f, ([np.ones(2)], -1.0), "lam"),
        (_f, ([np.ones(2)], "a"), "lam"),
    ]
CASES += [
    (losses.elastic_net_penalty, ([np.ones(2)], 0.1, 1.5), "r must be"),
    (losses.elastic_net_penalty_grad, ([np.ones(2)], 0.1, -0.5), "r must be"),
]
for _cls in (optimizers.SGD, optimizers.Adagrad, optimizers.RMSprop, optimizers.Adam):
    CASES += [
        (_cls, (-0.1,), "learning_rate must be a finite number > 0"),
        (_cls, ("fast",), "learning_rate must be numeric"),
        (_cls, (float("nan"),), "learning_rate must be a finite number > 0"),
        (lambda c=_cls: c(0.1).step([np.ones(3)], [np.ones(2)]), (),
         "grads[0] must have shape (3,)"),
        (lambda c=_cls: c(0.1).step([np.ones(3)], [np.array([1.0, np.nan, 0.0])]), (),
         "grads[0] contains NaN or infinity"),
        (lambda c=_cls: c(0.1).step([np.ones(3)], []), (), "1 parameter arrays but 0 gradients"),
        (lambda c=_cls: c(0.1).step([[1.0, 2.0]], [[1.0, 2.0]]), (),
         "params[0] must be a float NumPy array"),
    ]
CASES += [
    (optimizers.Optimizer, (0,), "learning_rate must be a finite number > 0"),
    (optimizers.SGD, (0.1, 1.5), "momentum must be a finite number >= 0 and < 1"),
    (optimizers.get, ("adamw",), "unknown optimizer 'adamw'"),
    (optimizers.minimize, (lambda w, s: w, [np.nan, 1.0], SGD(0.1)), "w0 contains NaN"),
    (optimizers.minimize, (lambda w, s: w, [0.0, 1.0], "nope"), "unknown optimizer 'nope'"),
    (optimizers.minimize, (lambda w, s: w, [0.0, 1.0], SGD(0.1), -3), "steps must be"),
    # the network
    (Network, ([2],), "sizes needs >= 2 layers"),
    (Network, ([2, 0, 1],), "sizes needs >= 2 layers of >= 1 unit"),
    (Network, ("abc",), "sizes must be a list of whole numbers"),
    (Network, ([2, 2, 1], "sigmoidd"), "unknown activation 'sigmoidd'"),
    (Network, ([2, 2, 1], "sigmoid", None, "mse2"), "unknown loss 'mse2'"),
    (Network, ([2, 2, 1], "step"), "the step function has slope 0"),
    (Network, ([2, 2, 1], "sigmoid", None, "mse", -1.0), "l2 must be >= 0"),
    (Network, ([2, 2, 1],), "dtype must be", {"dtype": "int8"}),
    (lambda: _net().fit(X4, Y4[:3]), (), "X has 4 samples but y has shape (3,)"),
    (lambda: _net().fit(X4[:, :1], Y4), (), "X must have shape (n_samples, 2)"),
    (lambda: _net().fit(np.zeros((0, 2)), np.zeros(0)), (), "X must have shape (n_samples, 2)"),
    (lambda: _net().fit(X4 * np.nan, Y4), (), "X contains NaN or infinity"),
    (lambda: _net().fit(X4.astype(str), Y4), (), "X must be numeric"),
    (lambda: _net().fit(X4, Y4, epochs=0), (), "epochs must be a whole number >= 1"),
    (lambda: _net().fit(X4, Y4, batch_size=0), (), "batch_size must be a whole number >= 1"),
    (lambda: _net().fit(X4, Y4, optimizer="nope"), (), "unknown optimizer 'nope'"),
    (lambda: _net().predict(np.ones((2, 3))), (), "X must have shape (n_samples, 2)"),
    (lambda: _net().set_weights([np.ones((2, 3))]), (), "expected 4 arrays"),
    (lambda: _net().set_weights([np.ones((3, 2)), np.ones(3), np.ones((3, 1)), np.ones(1)]),
     (), "weights[0] must have shape (2, 3)"),
    (lambda: Network([2, 3, 3], "relu", "softmax").fit(X4, np.array([0, 1, 2, 3])), (),
     "integer labels must be 0 ... 2"),
    (count_params, ([2, "x"],), "invalid literal"),
    # the perceptron
    (perceptron.weighted_sum, (X4, [1.0], 0.0), "X must have shape (n_samples, 1)"),
    (perceptron.weighted_sum, (X4, [1.0, np.nan], 0.0), "w contains NaN"),
    (perceptron.perceptron_output, (X4, [1.0, 1.0], "b"), "b must be numeric"),
    (perceptron.perceptron_update, ([1.0, 1.0], 0.0, [1.0], 1, 0.1), "x must have shape (2,)"),
    (perceptron.Perceptron, (), "learning_rate must be", {"learning_rate": -1}),
    (lambda: perceptron.Perceptron().fit(X4, Y4[:2]), (), "y"),
    (lambda: perceptron.Perceptron().fit(X4, Y4 + 0.5), (), "y"),
    # gradient checks
    (gradcheck.numerical_gradient, (lambda w: float(w.sum()), [1.0, np.nan]), "x contains NaN"),
    (gradcheck.numerical_gradient, (lambda w: float(w.sum()), [1.0], -1.0), "eps"),
    (gradcheck.relative_error, ([1.0, 2.0], [1.0]), "b must have shape (2,)"),
    (gradcheck.check_gradient, (lambda w: float(w.sum()), lambda w: w, [np.inf]), "contains NaN"),
    (gradcheck.check_network, ("net", X4, Y4), "net must be an nnbook.network.Network"),
    # seeding and data
    (seeding.set_seed, (-1,), "seed must be a whole number >= 0"),
    (seeding.set_seed, ("0",), "seed must be a whole number >= 0"),
    (seeding.rng, ("a",), "seed"),
    (datasets.binary_inputs, (0,), "n_inputs"),
    (datasets.logic_gate, ("NAND2",), "gate must be one of"),
    (datasets.noisy_gate, ("XOR", -5), "n"),
    (datasets.blobs, (-1,), "n"),
    (datasets.moons, (0,), "n"),
    (datasets.one_hot, ([0, 3], 3), "label 3 does not fit in n_classes = 3"),
    (datasets.one_hot, ([0.5, 1], 3), "labels must be whole numbers"),
    (datasets.load_digits, (), "test_size", {"test_size": 1.5}),
    (datasets.drug_trial, (-3,), "n"),
    (datasets.sha256_of, (123,), "path must be a file path"),
    (datasets.load_mnist, (), "path must be a file path", {"path": 123, "sha256": "0"}),
    (datasets.load, ("cifar",), "DATASET must be 'digits' or 'mnist'"),
    # the costs of chapter 4
    (descent.ravine, ([1.0],), "w must have shape (2,)"),
    (descent.ravine_grad, ([1.0, np.nan],), "w contains NaN"),
    (descent.bumpy, ("ab",), "w must be numeric"),
    (descent.bumpy_grad, ([[1.0, 2.0]],), "w must have shape (2,)"),
    (descent.LineFit, (1,), "n_samples must be a whole number >= 2"),
    (descent.LineFit, (), "x_range", {"x_range": (2.0, 1.0)}),
    (descent.LineFit, (), "noise contains NaN", {"noise": float("nan")}),
    (lambda: descent.LineFit().cost([1.0, 2.0, 3.0]), (), "w must have shape (2,)"),
    (lambda: descent.LineFit().grad([1.0, 2.0], [0, 64]), (), "batch must be a non-empty"),
    (lambda: descent.LineFit().surface([1.0, np.inf], [0.0]), (), "w_grid contains NaN"),
    (lambda: descent.LineFit().batch_grad(0), (), "batch_size must be between 1 and 64"),
]

# --- figures ----------------------------------------------------------------------------------
GRID = np.linspace(0.0, 1.0, 3)
CASES += [
    (plots.truth_table, (X4, Y4[:3], [1, 1], 0), "y must have shape (4,)"),
    (plots.truth_table, (X4, Y4, [1, 1], 0, -1), "decimals must be a whole number"),
    (plots.plot_points, (X4 * np.nan, Y4), "X contains NaN"),
    (plots.plot_points, (X4, Y4), "ax must be a matplotlib Axes", {"ax": "left"}),
    (plots.plot_decision_line, ([1.0, 1.0], 0.0), "lim must be (low, high)", {"lim": (1, 0)}),
    (plots.plot_decision_line, ([1.0], 0.0), "w must have shape (2,)"),
    (plots.plot_gate, ("AND", [1.0], 0.0), "w must have shape (2,)"),
    (plots.plot_gate, ("NAND2", [1.0, 1.0], 0.0), "gate must be one of"),
    (plots.plot_training, ([1, 2],), "history must be Perceptron.fit's history"),
    (plots.plot_training, ({"errors": []},), "history['errors'] is empty"),
    (plots.plot_activation, ("sigmoid",), "f must be a function"),
    (plots.plot_activation, (np.tanh, "tanh'"), "f_prime must be a function"),
    (plots.plot_activation, (lambda z: z[:3],),
     "f(z), for z of shape (401,), must have shape (401,)"),
    (plots.plot_activation, (np.tanh, None, [0.0, np.nan]), "z contains NaN"),
    (plots.activation_curves, ("softmax", GRID), "name must be one of"),
    (plots.activation_curves, ("sigmoid", "z"), "z must be numeric"),
    (plots.activation_curves, ("leaky_relu", GRID, "a"), "alpha must be numeric"),
    (plots.plot_activation_pair, ("sigmoid", 0.0), "z_max must be a finite number > 0"),
    (plots.plot_activation_pair, ("sigmoid",), "axes must be two matplotlib Axes",
     {"axes": [None]}),
    (plots.plot_costs, (1.0, 1.5), "need 0 <= y <= 1 and 0 < y_hat < 1"),
    (plots.plot_costs, ([1.0], 0.5), "y must have shape ()"),
    (plots.plot_cost_contours, (np.ones((3, 3)), np.arange(4.0), GRID),
     "surface must have shape (3, 4)"),
    (plots.plot_cost_contours, (np.ones((3, 3)), GRID[::-1], GRID), "xs must hold >= 2 increasing"),
    (plots.plot_cost_contours, (np.ones((3, 3)), GRID, GRID, None, 0), "levels must be"),
    (plots.plot_paths, (None, GRID, GRID, [np.ones((2, 2))]), "paths must be a dict"),
    (plots.plot_paths, (None, GRID, GRID, {"a": np.ones(3)}), "paths['a'] must have shape"),
    (plots.plot_paths, (None, GRID, GRID, {}), "best must have shape (2,)", {"best": [1.0]}),
    (plots.plot_history, ({"loss": [1.0]}, "accuracy"), "history has no 'accuracy'"),
    (plots.plot_history, ({"loss": []},), "one value per epoch"),
    (plots.plot_history, ({"loss": ["a"]},), "history['loss'] must be numeric"),
    (plots.plot_decision_boundary, ("model", X4, Y4), "predict must be a function"),
    (plots.plot_decision_boundary, (lambda P: P[:2, 0], X4, Y4), "predict(points) must return"),
    (plots.plot_decision_boundary, (lambda P: P[:, 0], X4, Y4[:2]), "y must have shape (4,)"),
    (plots.plot_decision_boundary, (lambda P: P[:, 0], X4, Y4), "resolution must be",
     {"resolution": 1}),
    (plots.plot_images, (np.ones((3, 10)), (3, 3)), "shape (3, 3) has 9 pixels"),
    (plots.plot_images, (np.ones((3, 9)), (3, 3)), "titles must have one entry per image",
     {"titles": ["a"]}),
    (plots.plot_images, (np.ones((3, 9)), (3, 3)), "ncols must be", {"ncols": 0}),
    (plots.plot_images, (np.ones((3, 9)), (3, -3)), "shape's entries must be"),
]

# --- widgets ----------------------------------------------------------------------------------
CASES += [
    (widgets.gate_figure, ("NAND2", [1, 1], 0), "gate must be one of"),
    (widgets.gate_figure, ("AND", [1, 1], "b"), "b must be numeric"),
    (widgets.Explorer, (), "Explorer is the base class"),
    (widgets.GateExplorer, ("AND", (1,)), "w must have shape (2,)"),
    (widgets.gate_explorer, ("AND", (1, 1), np.nan), "b contains NaN"),
    (lambda: widgets.gate_explorer().move({"w3": 1.0}), (), "unknown control 'w3'"),
    (lambda: widgets.gate_explorer().move({"gate": "NAND2"}), (), "gate must be one of"),
    (lambda: widgets.gate_explorer().move([1.0]), (), "values must be a dict"),
    (widgets.HTMLScrubber, (3, ["l"], ["t"], "t"), "frames must be a list of strings"),
    (widgets.HTMLScrubber, ([], [], [], "t"), "the same length >= 1"),
    (widgets.HTMLScrubber, (["a"], ["l", "m"], ["t"], "t"), "the same length >= 1"),
    (widgets.HTMLScrubber, (["a"], [1], ["t"], "t"), "labels must be a list of strings"),
    (widgets.HTMLScrubber, (["a"], ["l"], ["t"], None), "title must be a string"),
    (widgets.gate_scrubber, ("AND", (1, 1), ()), "b_values must be a non-empty sequence"),
    (widgets.gate_scrubber, ("XX",), "gate must be one of"),
    (widgets.activation_figure, ("nope",), "name must be one of"),
    (widgets.activation_text, ("sigmoid", np.nan), "z_max must be a finite number"),
    (widgets.ActivationExplorer, ("sigmoid", "big"), "z_max must be numeric"),
    (widgets.activation_explorer, ("sigmoid", 5.0, "a"), "alpha must be numeric"),
    (lambda: widgets.activation_explorer().move({"z_max": -1.0}), (), "z_max must be"),
    (widgets.activation_scrubber, ((),), "names must be a non-empty sequence"),
    (widgets.activation_scrubber, (("nope",),), "name must be one of"),
    (widgets.cost_figure, (1.0, 1.5), "0 < y_hat < 1"),
    (widgets.cost_text, (1.0, np.nan), "y_pred contains NaN"),
    (widgets.CostExplorer, (1.0, -0.5), "0 < y_hat < 1"),
    (widgets.cost_explorer, ("a",), "y must be numeric"),
    (widgets.cost_scrubber, (1.0, ()), "y_hats must be a non-empty sequence"),
    (widgets.cost_scrubber, (1.0, (1.5,)), "0 < y_hat < 1"),
    (widgets.descent_path, (-0.1,), "learning_rate must be a finite number > 0"),
    (widgets.descent_path, (0.1, 1.5), "momentum must be a finite number >= 0 and < 1"),
    (widgets.descent_path, (0.1, 0.0, 0), "batch_size must be a whole number between 1 and 64"),
    (widgets.descent_path, (0.1, 0.0, 64, 0), "steps must be a whole number >= 1"),
    (widgets.descent_path, ([0.1],), "learning_rate must have shape ()"),
    (widgets.descent_figure, ("a",), "learning_rate must be numeric"),
    (widgets.descent_text, (np.nan,), "learning_rate must be a finite number > 0"),
    (widgets.DescentExplorer, (0.1, 0.0, 100), "batch_size must be one of (1, 4, 16, 64)"),
    (widgets.DescentExplorer, (0.5,), "learning_rate must be a finite number > 0 and <= 0.25"),
    (widgets.descent_explorer, (0.1, "none"), "momentum must be numeric"),
    (widgets.descent_explorer, (0.1, 0.0, [64]), "batch_size must be one of"),
    (widgets.descent_scrubber, ((),), "settings must be a non-empty sequence"),
    (widgets.descent_scrubber, (((0.1, 0.0),),), "settings[0] must be a tuple (learning_rate"),
    (widgets.backprop_trace, ((0.0,),), "x must have shape (2,)"),
    (widgets.backprop_trace, ((0.0, 1.0), "one"), "t must be numeric"),
    (widgets.backprop_trace, ((0.0, 1.0), 1.0, ((1,),)), "W1 must have shape (2, 2)"),
    (widgets.backprop_trace, (), "learning_rate must be a finite number > 0",
     {"learning_rate": -1}),
    (widgets.backprop_text, (9,), "stage must be a whole number between 0 and 6"),
    (widgets.backprop_figure, (-1,), "stage must be a whole number between 0 and 6"),
    (widgets.backprop_figure, (2,), "x must have shape (2,)", {"x": (1.0,)}),
    (widgets.BackpropExplorer, (6, "nope"), "sample must be one of"),
    (widgets.backprop_explorer, (2.5,), "stage must be a whole number"),
    (lambda: widgets.backprop_explorer().move({"stage": 7}), (), "stage must be"),
    (widgets.backprop_scrubber, ((0.0,),), "x must have shape (2,)"),
]


# --- Keras helpers: each case is checked before any training starts ---------------------------
def _small_model():
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])


CASES += [
    (kerastools.xor_summary, ("model", X4, Y4), "model must be a Keras model"),
    (lambda: kerastools.xor_summary(_small_model(), X4[:, :1], Y4), (),
     "X must have shape (n_samples, 2) to fit the model's input"),
    (lambda: kerastools.xor_summary(_small_model(), X4, Y4[:3]), (), "X has 4 samples"),
    (lambda: kerastools.xor_summary(_small_model(), X4 * np.nan, Y4), (), "X contains NaN"),
    (kerastools.layer_table, ("model",), "model must be a Keras model"),
    (lambda: kerastools.layer_table(keras.Sequential()), (), "model is not built yet"),
    (kerastools.history_table, ("h",), "history must be what fit() returned"),
    (kerastools.history_table, ({"loss": [1.0]}, 0), "every must be a whole number >= 1"),
    (kerastools.history_table, ({"loss": [1.0]}, 1, -2), "digits must be a whole number"),
    (kerastools.history_table, ({"loss": [1.0], "acc": [1.0, 2.0]},), "one value per epoch"),
    (kerastools.fit_repeated, ("model", X4, Y4, 5), "model must be a Keras model"),
    (lambda: kerastools.fit_repeated(_small_model(), X4, Y4[:3], 5), (), "X has 4 samples"),
    (lambda: kerastools.fit_repeated(_small_model(), X4, Y4, 7), (), "passes must be a positive"),
    (lambda: kerastools.fit_repeated(_small_model(), X4, Y4, 5, 0), (), "repeat must be"),
    (lambda: kerastools.fit_repeated(_small_model(), "X", Y4, 5), (), "X must be numeric"),
    (kerastools.playground_model, (5,), "layers must be one of (0, 1, 2, 3)"),
    (kerastools.playground_model, (2, 8, "tanh", "adam", 0.03, 0), "n_inputs must be"),
    (kerastools.playground_model, (2, 8, "tanh", "adamw"), "optimizer must be one of"),
    (kerastools.playground_run, ([2],), "layers must be one of"),
    (kerastools.playground_run, (2,), "passes must be one of (25, 50, 100, 200)", {"passes": 30}),
    (kerastools.playground_run, (2,), "seed must be a whole number >= 0", {"seed": "a"}),
    (kerastools.playground_text, (9,), "layers must be one of"),
    (kerastools.playground_figure, (2, 8, "softmax"), "activation must be one of"),
    (kerastools.PlaygroundExplorer, (), "passes must be one of", {"passes": 30}),
    (kerastools.playground_explorer, (), "units must be one of", {"units": 3}),
    (lambda: kerastools.playground_explorer().move({"layers": 7}), (), "layers must be one of"),
    (kerastools.playground_scrubber, ((),), "settings must be a non-empty sequence"),
    (kerastools.playground_scrubber, (((2, 8),),), "settings[0] must be a tuple (layers"),
    (kerastools.regularization_model, (1.5,), "dropout must be a finite number >= 0 and < 1"),
    (kerastools.regularization_model, (0.0, -1.0), "l2 must be a finite number >= 0"),
    (kerastools.regularization_run, (0.3,), "dropout must be one of (0.0, 0.2, 0.5)"),
    (kerastools.regularization_run, ([0.0],), "dropout must be one of"),
    (kerastools.regularization_text, (0.0, 0.0, 30), "epochs must be one of (50, 100, 200)"),
    (kerastools.regularization_figure, (0.0, 0.5), "l2 must be one of"),
    (kerastools.RegularizationExplorer, (0.0, 0.0, 30), "epochs must be one of"),
    (kerastools.regularization_explorer, ("a",), "dropout must be one of"),
    (kerastools.regularization_scrubber, ((),), "settings must be a non-empty sequence"),
    (kerastools.regularization_scrubber, (((0.0,),),), "settings[0] must be a tuple (dropout"),
]

# --- the exercises: the instructor's side ----------------------------------------------------
_Q = {"name": "Q1", "checker": lambda a: None, "lesson": "l", "hints": ["h"], "solution": "s"}
CASES += [
    (exercises.Question, (), "checker must be a function", {**_Q, "checker": "yes"}),
    (exercises.Question, (), "hints must be a non-empty list", {**_Q, "hints": "think"}),
    (exercises.Question, (), "hints must be a non-empty list", {**_Q, "hints": []}),
    (exercises.Question, (), "hints must be a non-empty list", {**_Q, "hints": 3}),
    (exercises.Question, (), "solution must be a non-empty string", {**_Q, "solution": None}),
    (exercises.Result, ("right", "msg"), "status must be one of"),
    (exercises.Result, ("correct", None), "message must be a string"),
    (ch04.steps_to_converge, (-0.1,), "learning_rate must be a finite number > 0"),
    (ch04.steps_to_converge, (0.01, (1.0,)), "start must have shape (2,)"),
    (ch04.steps_to_converge, (0.01,), "tolerance must be", {"tolerance": 0}),
    (ch04.steps_to_converge, (0.01,), "steps must be a whole number", {"max_steps": -1}),
    (ch07.early_stop_reference, ([0.5, "x"], 2), "val_loss must be numeric"),
    (ch07.early_stop_reference, ([], 2), "val_loss is empty"),
    (ch07.early_stop_reference, ([0.5, 0.4], 0), "patience must be a whole number >= 1"),
    (ch07.early_stop_reference, ([0.5, 0.4], 2, "<"), "improves must be a function"),
]

#: The exercise helpers meet a student's answer: a bad one is reported, as Wrong or
#: NotAttempted, with a message a check prints as its one line.
STUDENT_CASES = [
    (exercises.numeric, ("abc", "w", (2,)), Wrong, "w must be numeric"),
    (exercises.numeric, ([1.0], "w", (2,)), Wrong, "w should be shape (2,)"),
    (exercises.numeric, ([np.nan, 1.0], "w", (2,)), Wrong, "w contains NaN"),
    (exercises.numeric, (..., "w", (2,)), NotAttempted, "w is still `...`"),
    (exercises.call_student, (3,), Wrong, "pass the function itself"),
    (exercises.call_student, (None,), NotAttempted, "there is no function yet"),
    (exercises.call_student, (lambda z: 1 / 0, 1.0), Wrong, "raised ZeroDivisionError"),
    (exercises.call_for_pair, (lambda: None,), Wrong, "f returned None: did you forget",
     {"name": "f", "what": "dW, db"}),
    (exercises.call_for_pair, (lambda: 1.0,), Wrong, "f should return two arrays",
     {"name": "f", "what": "dW, db"}),
    (exercises.compare_function, (lambda z: z + 1, "f", [(np.zeros(2),)], lambda z: z),
     Wrong, "f([0., 0.]) should be [0., 0.]; yours is [1., 1.]: at z = 0 it should be 0"),
    (exercises.compare_function, (lambda z: z, "f", [(np.zeros(2),)], lambda z: z[:1]),
     Wrong, "f([0., 0.]) should be shape (1,); yours has shape (2,)"),
]

#: ... and these answer anything, without raising.
ANYTHING = (object(), "a\nb", np.array([np.nan, np.inf]), [np.ones(2), np.ones(3)], 1e308,
            {"a": 1}, lambda: 1, ..., None)
TOTAL = [(exercises.fmt, str), (exercises.is_stub, bool), (lambda x: exercises.close(x, 1.0), bool)]


CASES += [
    (claims.claim, ("", True), "text must be the sentence"),
    (claims.claim, (None, True), "text must be the sentence"),
    (claims.claim, ("it holds", np.array([True, False])), "holds must be a single True or False"),
    (claims.claim, ("it holds", "yes"), "holds must be a single True or False"),
    (claims.claim_close, ("about 1", "a", 1.0), "value must be numeric"),
    (claims.claim_close, ("about 1", 1.0, np.nan), "expected contains NaN"),
    (claims.claim_close, ("about 1", 1.0, 1.0), "atol or rtol must be positive"),
    (claims.claim_close, ("about 1", 1.0, 1.0), "atol must be a finite number >= 0",
     {"atol": -1}),
    (claims.claim_close, ("about 1", [1.0, 2.0], [1.0, 2.0, 3.0]),
     "value and expected must have matching shapes", {"atol": 0.1}),
]


def _id(case):
    f = case[0]
    return f"{getattr(f, '__qualname__', f)}-{case[2][:25]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_bad_input_is_a_clear_value_or_type_error(case):
    fn, args, message, *kwargs = case
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **(kwargs[0] if kwargs else {}))
    assert message.lower() in str(info.value).lower(), str(info.value)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("case", STUDENT_CASES, ids=[_id(c[:2] + c[3:]) for c in STUDENT_CASES])
def test_a_bad_answer_is_reported_not_raised(case):
    fn, args, kind, message, *kwargs = case
    with pytest.raises(kind) as info:
        fn(*args, **(kwargs[0] if kwargs else {}))
    assert message.lower() in str(info.value).lower(), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("fn", "kind"), TOTAL)
def test_the_message_helpers_answer_anything(fn, kind):
    for value in ANYTHING:
        out = fn(value)
        assert isinstance(out, kind), (value, out)
        assert "\n" not in str(out)


def test_no_figure_is_left_open_by_a_refused_call():
    """A call refused for its arguments must not leave an empty figure in the notebook."""
    plt.close("all")
    for fn, args, _message, *kwargs in CASES:
        drawing = ("nnbook.plots", "nnbook.widgets", "nnbook.kerastools")
        if getattr(fn, "__module__", "") in drawing and not kwargs:
            with pytest.raises((ValueError, TypeError)):
                fn(*args)
            assert not plt.get_fignums(), f"{fn.__qualname__}{args!r:.60} left a figure open"


def test_a_refused_move_leaves_the_explorer_as_it_was():
    explorer = widgets.gate_explorer("AND", (1.0, 1.0), -1.5)
    with pytest.raises(ValueError, match="b contains NaN"):
        explorer.move({"gate": "OR", "w1": 2.0, "w2": 2.0, "b": np.nan})
    assert (explorer.gate, list(explorer.w), explorer.b) == ("AND", [1.0, 1.0], -1.5)
    explorer.move({"gate": "or", "w1": 2.0, "w2": 2.0, "b": -1.0})
    assert (explorer.gate, list(explorer.w), explorer.b) == ("OR", [2.0, 2.0], -1.0)



def test_every_public_function_has_a_bad_input_case():
    cases = CASES + STUDENT_CASES + TOTAL
    named = {c[0].__name__ for c in cases if c[0].__name__ != "<lambda>"}
    called = " ".join(inspect.getsource(c[0]) for c in cases if c[0].__name__ == "<lambda>")
    missing = [f"{m.__name__}.{n}" for m in MODULES for n, obj in vars(m).items()
               if not n.startswith("_") and callable(obj)
               and getattr(obj, "__module__", "") == m.__name__
               and not (inspect.isclass(obj) and issubclass(obj, Exception))
               and _takes_arguments(obj)
               and n not in named and f"{n}(" not in called]
    assert not missing, f"no bad-input case for {missing}"


def _takes_arguments(obj) -> bool:
    """A function of no arguments (such as ``playground_data()``) has no bad input."""
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return True
    return any(p.name != "self" for p in params.values())
