"""Bad input gets a clear error (issue 8): every public function of nnbook's numeric modules.

Each case calls a public function wrongly: a wrong shape, mismatched lengths, NaN or
infinity, text instead of numbers, an empty array, an unknown name. The error must be a
ValueError or TypeError whose message names the argument and says what was expected. A last
test checks that every public function of these modules has at least one case here.
"""

import inspect

import numpy as np
import pytest

from nnbook import (
    activations,
    datasets,
    descent,
    gradcheck,
    losses,
    optimizers,
    perceptron,
    seeding,
)
from nnbook.network import Network, count_params
from nnbook.optimizers import SGD

MODULES = (activations, losses, optimizers, perceptron, gradcheck, seeding, datasets, descent)
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
        (_cls, ("fast",), "learning_rate must be a number"),
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
    (optimizers.SGD, (0.1, 1.5), "momentum must be in [0, 1)"),
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
    (seeding.set_seed, (-1,), "seed must be a non-negative integer"),
    (seeding.set_seed, ("0",), "seed must be a non-negative integer"),
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


def _id(case):
    f = case[0]
    return f"{getattr(f, '__qualname__', f)}-{case[2][:25]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_bad_input_is_a_clear_value_or_type_error(case):
    fn, args, message, *kwargs = case
    with pytest.raises((ValueError, TypeError)) as info:
        fn(*args, **(kwargs[0] if kwargs else {}))
    assert message.lower() in str(info.value).lower(), str(info.value)


def test_every_public_function_has_a_bad_input_case():
    named = {c[0].__name__ for c in CASES if c[0].__name__ != "<lambda>"}
    called = " ".join(inspect.getsource(c[0]) for c in CASES if c[0].__name__ == "<lambda>")
    missing = [f"{m.__name__}.{n}" for m in MODULES for n, obj in vars(m).items()
               if not n.startswith("_") and callable(obj)
               and getattr(obj, "__module__", "") == m.__name__
               and not (inspect.isclass(obj) and issubclass(obj, Exception))
               and n not in named and f"{n}(" not in called]
    assert not missing, f"no bad-input case for {missing}"
