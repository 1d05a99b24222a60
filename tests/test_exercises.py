"""Exercises from one source: solutions pass, stubs say "not attempted", wrong answers get
their intended message, exercises/ is in sync and leaks nothing."""

import importlib
import math
import subprocess
import sys
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

import nnbook
from nnbook.activations import sigmoid
from nnbook.datasets import binary_inputs
from nnbook.exercises import WRONG, Question, ch01, ch02, ch03, ch04, ch05, ch06, ch07
from nnbook.perceptron import perceptron_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_exercises  # noqa: E402
from solution_lines import solution_lines  # noqa: E402

MODULES = {"01_perceptrons": ch01, "02_activations": ch02, "03_costs": ch03,
           "04_gradient_descent": ch04, "05_backpropagation": ch05, "06_keras": ch06,
           "07_training_in_practice": ch07}


def questions(module):
    return {n: q for n, q in vars(module).items() if isinstance(q, Question)}


def namespace():
    """What the exercise notebooks define before the answer cells."""
    return {"np": np, "nnbook": nnbook, "perceptron_output": perceptron_output,
            "binary_inputs": binary_inputs, "predictions": ch03.PREDICTIONS.copy(),
            "actual": ch03.ACTUAL.copy(), "math": math, "sigmoid": sigmoid, "keras": keras,
            "HISTORY": ch06.HISTORY}


ANSWER_ARGS = {  # what each check cell passes, by chapter and question
    ch01: {"q1": ("w_nand", "b_nand"), "q2": ("step_neuron",), "q3": ("update",),
           "q4": ("W1", "b1", "w2", "b2"), "q5": ("count_separable",),
           "q6": ("w_festival", "threshold")},
    ch02: {"q1": ("sigmoid",), "q2": ("sigmoid_prime",), "q3": ("softmax",),
           "q4": ("leaky_relu",), "q5": ("sigmoid_prime_from_output",),
           "q6": ("flat_at_plus_6", "flat_at_minus_6")},
    ch03: {"q1": ("mse",), "q2": ("binary_crossentropy",), "q3": ("softmax_ce_grad",),
           "q4": ("l2_penalty",), "q5": ("errors", "squared_errors", "total", "mean")},
    ch04: {"q1": ("slope", "new_weight"), "q2": ("gd_step",), "q3": ("learning_rate",),
           "q4": ("momentum_step",), "q5": ("minibatches",),
           "q6": ("iterations_per_epoch", "last_batch_size", "total_updates")},
    ch05: {"q1": ("forward",), "q2": ("output_delta",), "q3": ("hidden_delta",),
           "q4": ("weight_gradients",), "q5": ("numerical_gradient",), "q6": ("train_step",)},
    ch06: {"q1": ("build_classifier",), "q2": ("compile_classifier",),
           "q3": ("dense", "conv", "batchnorm"), "q4": ("best_epoch", "val_accuracy_then"),
           "q5": ("seed004_model",)},
    ch07: {"q1": ("split",), "q2": ("make_early_stopping",), "q3": ("early_stop",),
           "q4": ("better",), "q5": ("diagnoses",)},
}
ALL = [(m, n) for m, args in ANSWER_ARGS.items() for n in sorted(args)]


def ids(case):
    return f"{case[0].__name__.rsplit('.', 1)[-1]}.{case[1]}"


@pytest.mark.parametrize("module", list(ANSWER_ARGS), ids=lambda m: m.__name__)
def test_each_chapter_has_at_least_five_exercises_each_with_hints(module):
    qs = questions(module)
    assert len(qs) >= 5 and set(qs) == set(ANSWER_ARGS[module])
    for q in qs.values():
        assert len(q.hints) >= 2 and q.lesson and q.solution_code


def test_every_exercise_module_is_tested():
    assert set(MODULES.values()) == set(ANSWER_ARGS)


@pytest.mark.parametrize("case", ALL, ids=ids)
def test_reference_solutions_pass(case):
    module, name = case
    ns = namespace()
    exec(module.__dict__[name].solution_code, ns)
    result = module.__dict__[name].evaluate(*(ns[a] for a in ANSWER_ARGS[module][name]))
    assert result.correct, result


@pytest.mark.parametrize("stem", sorted(MODULES))
def test_solutions_notebook_holds_exactly_the_package_solutions(stem):
    """The answer cells of solutions/ and the text of .solution() are the same code."""
    nb = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
    cells = ["\n".join(ln for ln in c.source.splitlines() if "### " not in ln)
             for c in nb.cells if c.cell_type == "code" and "BEGIN SOLUTION" in c.source]
    solutions = [q.solution_code for q in questions(MODULES[stem]).values()]
    assert cells == solutions


def _square(x, w, b):
    return float(np.dot(x, w) + b) ** 2


WRONG_01 = [
    ("q1", ((1, 1), -1.5),
     "at input x = [0., 0.] your unit gives z = -1.5 and output 0, but NAND needs 1"),
    ("q1", ((-1, -1, -1), 2), "w_nand should be shape (2,); yours has shape (3,)"),
    ("q1", (("a", "b"), 1), "w_nand must be numeric"),
    ("q1", ((-1, np.nan), 1), "w_nand contains NaN"),
    ("q2", (lambda x, w, b: int(np.dot(x, w) + b > 0),), "at z = 0 the step outputs 1: use >= 0"),
    ("q2", (lambda x, w, b: int(np.dot(x, w) >= 0),), "so the output is 0; yours is 1"),
    ("q2", (lambda x, w, b: x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b >= 0,),
     "raised IndexError"),
    ("q2", (lambda x, w: 1,), "raised TypeError"),
    ("q2", (lambda x, w, b: None,), "did you forget `return`?"),
    ("q2", (1,), "pass the function itself"),
    ("q3", (lambda w, b, x, y, eta: (w - eta * (y - int(w @ x + b >= 0)) * x,
                                     b - eta * (y - int(w @ x + b >= 0))),),
     "the change has the wrong sign"),
    ("q3", (lambda w, b, x, y, eta: (w + eta * (y - int(w @ x + b >= 0)) * x, b),),
     "w is right but b is not"),
    ("q3", (lambda w, b, x, y, eta: (w, b),), "nothing changed, but this sample is misclassified"),
    ("q3", (lambda w, b, x, y, eta: (w, b) if not np.any(x) else
            (w + eta * (y - int(w @ x + b >= 0)) * x, b + eta * (y - int(w @ x + b >= 0))),),
     "nothing changed, but this sample is misclassified"),
    ("q3", (lambda w, b, x, y, eta: w,), "update should return a pair (w_new, b_new)"),
    ("q4", (np.array([[1, 1], [-1, -1]]), [-0.5, 1.5], [1, 1], -1.5),
     "at input x = [0., 1.] the hidden layer outputs [0., 1.] and the network outputs 0"),
    ("q4", (np.ones((2, 3)), [-0.5, 1.5], [1, 1], -1.5), "W1 should be shape (2, 2)"),
    ("q4", ([[1, -1], [1, -1]], [-0.5, 1.5], [1, 1], [-1.5]), "b2 should be a single number"),
    ("q5", (lambda grid: 14,), "do not type it"),
    ("q5", (lambda grid: len(grid) ** 3 + 1,), "collect tuple(perceptron_output"),
    ("q5", (lambda grid: {(1, 1, 1, 1)},), "should return how many distinct output columns"),
    ("q5", (lambda grid: len([(a, b, c) for a in grid for b in grid for c in grid]),),
     "that counts every (w1, w2, b)"),
    ("q5", (14,), "pass the function itself"),
    ("q6", ((1, 1, 1), 2),
     "at input x = [0., 1., 1.] your unit gives w . x = 2 against threshold 2 and output 1"),
    ("q6", ((1, 1, 10), 11), "at input x = [0., 1., 1.]"),
]


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _mutating_leaky(z, alpha):
    z[z < 0] *= alpha
    return z


WRONG_02 = [
    ("q1", (lambda z: 1 / (1 + np.exp(z)),), "at z = -6 it should be 0.0025, yours is 0.9975 "
     "(the sign of z"),
    ("q1", (lambda z: float(1 / (1 + np.exp(-z[0]))),), "should be shape (1,)"),
    ("q2", (lambda z: 1 / (1 + np.exp(-z)),), "that is sigma(z) itself"),
    ("q3", (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True),),
     "exp overflows for large z: subtract the largest z first"),
    ("q3", (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),),
     "each row is its own set of scores"),
    ("q3", (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=-1, keepdims=True),),
     "subtract each row's own maximum"),
    ("q3", (lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=-1,
                                                                             keepdims=True),),
     "take the maximum along the last axis"),
    ("q4", (lambda z, alpha: np.maximum(0, z),), "that is the plain ReLU"),
    ("q4", (lambda z, alpha: np.where(z >= 0, z, 0.01 * z),), "not a fixed 0.01"),
    ("q4", (_mutating_leaky,), "changed its input array in place"),
    ("q5", (lambda a: (1 / (1 + np.exp(-a))) * (1 - 1 / (1 + np.exp(-a))),),
     "do not apply sigma again"),
    ("q5", (lambda a: a,), "at a = 0.5 it should be 0.25, yours is 0.5"),
    ("q1", (lambda z: z * np.nan,), "(it contains NaN or infinity)"),
    ("q6", ({"sigmoid"}, {"sigmoid", "tanh", "relu"}), "flat_at_plus_6 misses tanh"),
    ("q6", ({"sigmoid", "tanh"}, {"sigmoid", "tanh", "relu", "leaky_relu"}),
     "should not hold leaky_relu: its derivative at z = -6 is 0.1"),
    ("q6", ("sigmoid", set()), "should be a set of names"),
    ("q6", ({"sigmoid", "softplus"}, set()), "unknown name(s) ['softplus']"),
]

WRONG_03 = [
    ("q1", (lambda y, p: np.sum((y - p) ** 2),), "should be 50; yours is 150 (that is the total"),
    ("q1", (lambda y, p: np.mean((y - p) ** 2) / 2,), "the 1/2n convention of seed 000"),
    ("q1", (lambda y, p: np.mean(np.abs(y - p)),), "that is the mean absolute error"),
    ("q2", (lambda y, p: -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),),
     "log(0) is -inf: clip y_hat"),
    ("q2", (lambda y, p: -np.mean(y * np.log(np.clip(p, 1e-7, 1 - 1e-7))),),
     "the (1 - y) log(1 - y_hat) term is missing"),
    ("q3", (lambda y, z: (y - _softmax_rows(z)) / len(y),), "seed 001 writes y - y_hat"),
    ("q3", (lambda y, z: _softmax_rows(z) - y,), "divide by n"),
    ("q4", (lambda ws, lam: lam * np.sum(ws[0] ** 2),), "not only the first"),
    ("q4", (lambda ws, lam: lam / 2 * sum(np.sum(w**2) for w in ws),), "without the 1/2"),
    ("q5", (ch03.ACTUAL - ch03.PREDICTIONS, 0, 0, 0), "opposite sign"),
    ("q5", (ch03.PREDICTIONS - ch03.ACTUAL, [100, 25, 25], 150, 25), "the 1/2n convention"),
    ("q5", (ch03.PREDICTIONS - ch03.ACTUAL, [100, 25, 25], 140, 50), "not their sum"),
    ("q5", (ch03.PREDICTIONS - ch03.ACTUAL, [100, 25, 25], 150, "50"), "not a string"),
    ("q2", (lambda y, p: -np.mean(y * np.log(np.clip(p, 1e-12, 1 - 1e-12))
                                  + (1 - y) * np.log(1 - np.clip(p, 1e-12, 1 - 1e-12))),),
     "clip with eps = 1e-7"),
]



def _momentum_lagged(w, v, g, lr, mu):
    return w + v, mu * v - lr * g


def _unshuffled(n, size, seed):
    return [np.arange(n)[i:i + size] for i in range(0, n, size)]


def _dropped_last(n, size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + size] for i in range(0, n - size + 1, size)]


def _forward_diff(f, w, eps=1e-6):
    return np.array([(f(w + eps * e) - f(w)) / eps for e in np.eye(len(w))])


def _train_step_seed_sign(X, y, W1, W2, lr):
    h = sigmoid(X @ W1)
    y_hat = sigmoid(h @ W2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y)
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return W1 + lr * X.T @ delta1, W2 + lr * h.T @ delta2


def _train_step_new_W2(X, y, W1, W2, lr):
    h = sigmoid(X @ W1)
    y_hat = sigmoid(h @ W2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y)
    W2 = W2 - lr * h.T @ delta2
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return W1 - lr * X.T @ delta1, W2


def _train_step_sum(X, y, W1, W2, lr):
    h = sigmoid(X @ W1)
    y_hat = sigmoid(h @ W2)
    delta2 = (y_hat - y) * y_hat * (1 - y_hat)
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return W1 - lr * X.T @ delta1, W2 - lr * h.T @ delta2


def _forward_diff_small_step(f, w, eps=1e-6):
    eps = 1e-8  # small enough to pass the tolerance: caught by where f is evaluated
    return np.array([(f(w + eps * e) - f(w)) / eps for e in np.eye(len(w))])


def _central_in_place(f, w, eps=1e-6):
    grad = np.zeros_like(w)
    for j in range(w.size):
        w[j] += eps
        up = f(w)
        w[j] -= 2 * eps
        grad[j] = (up - f(w)) / (2 * eps)
    return grad


WRONG_04 = [
    ("q1", (12, 0.4), "wrong sign"),
    ("q1", (-6, 1.3), "missing the 2"),
    ("q1", (-12, 0.4), "moved uphill"),
    ("q1", (-12, 13), "forgot the learning rate"),
    ("q2", (lambda w, g, lr: w + lr * g,), "gradient descent subtracts"),
    ("q2", (lambda w, g, lr: w - g,), "scaled by learning_rate"),
    ("q2", (lambda w, g, lr: w.__isub__(lr * g),), "changed its input array in place"),
    ("q3", (0.001,), "too small: after 130 steps"),
    ("q3", (0.079,), "zig-zags"),
    ("q3", (0.5,), "diverges"),
    ("q3", (-0.1,), "climbs uphill"),
    ("q4", (lambda w, v, g, lr, mu: (w - lr * g, v),), "plain gradient descent"),
    ("q4", (_momentum_lagged,), "update the velocity first"),
    ("q4", (lambda w, v, g, lr, mu: w - lr * g,), "should return two arrays (w, velocity)"),
    ("q5", (_unshuffled,), "shuffle them first"),
    ("q5", (_dropped_last,), "keep the last, smaller batch"),
    ("q5", (lambda n, size, seed: [np.arange(n, dtype=float)],), "integer sample indices"),
    ("q6", (468, 96, 9360), "round up"),
    ("q6", (468.75, 96, 9375), "whole number of batches"),
    ("q6", (469, 128, 9380), "what remains after 468 full batches"),
]

WRONG_05 = [
    ("q1", (lambda X, W1, b1, W2, b2: sigmoid(X @ W1 + b1) @ W2 + b2,),
     "output layer needs its sigmoid"),
    ("q1", (lambda X, W1, b1, W2, b2: sigmoid(sigmoid(X @ W1) @ W2),), "add the biases"),
    ("q1", (lambda X, W1, b1, W2, b2: sigmoid(W1 @ X),), "raised ValueError"),
    ("q2", (lambda p, y: (y - p) * p * (1 - p) / len(y),), "seed 001's delta uses y - y_hat"),
    ("q2", (lambda p, y: (p - y) * p * (1 - p),), "divide by n"),
    ("q2", (lambda p, y: (p - y) / len(y),), "cross-entropy delta"),
    ("q3", (lambda d, W, a: d @ W.T,), "sigmoid slope a (1 - a)"),
    ("q3", (lambda d, W, a: (d @ W.T) * a,), "not a"),
    ("q4", (lambda a, d: (d.T @ a, d.sum(axis=0)),), "the transpose"),
    ("q4", (lambda a, d: (a.T @ d, d.mean(axis=0)),), "sum the deltas"),
    ("q4", (lambda a, d: (a.T @ d / len(d), d.sum(axis=0)),), "do not divide again"),
    ("q4", (lambda a, d: (a.T @ d, d.sum(axis=0, keepdims=True)),), "use delta.sum(axis=0)"),
    ("q5", (_forward_diff,), "forward difference"),
    ("q5", (_forward_diff_small_step,), "both sides"),
    ("q5", (_central_in_place,), "changed w in place"),
    ("q5", (lambda f, w, eps=1e-6: np.array([(f(w + eps * e) - f(w - eps * e)) / eps
                                             for e in np.eye(len(w))]),), "divide by 2 * eps"),
    ("q5", (lambda f, w, eps=1e-6: np.zeros_like(w),), "the gradient should be"),
    ("q6", (_train_step_seed_sign,), "moved uphill"),
    ("q6", (_train_step_new_W2,), "with the old W2"),
    ("q6", (_train_step_sum,), "mean over the 4 samples"),
]

def _seq(*layers, n_inputs=64):
    return keras.Sequential([keras.Input((n_inputs,)), *layers])


def _d(units, act=None):
    return keras.layers.Dense(units, activation=act)


def _drop():
    return keras.layers.Dropout(0.2)


def _compiled(**kw):
    def compile_classifier(model):
        args = {"optimizer": keras.optimizers.RMSprop(learning_rate=0.0005),
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]} | kw
        model.compile(**args)
    return compile_classifier


def _seed004(lr="schedule", keras2=None):
    def seed004_model():
        if keras2 == "core":
            from keras.layers.core import Dense  # noqa: F401
        if keras2 == "lr":
            keras.optimizers.SGD(lr=0.01)
        rate = (keras.optimizers.schedules.InverseTimeDecay(0.01, 1, 1e-6)
                if lr == "schedule" else lr)
        model = keras.Sequential([keras.Input((20,)),
                                  keras.layers.Dense(64, activation="tanh",
                                                     kernel_initializer="uniform"),
                                  _d(10, "softmax")])
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.SGD(
            learning_rate=rate, momentum=0.9, nesterov=True))
        return model
    return seed004_model


def _split_last(X, y, f, seed):
    n = int(len(X) * f)
    return X[:-n], y[:-n], X[-n:], y[-n:]


def _split_inplace(X, y, f, seed):
    np.random.default_rng(seed).shuffle(X)
    return _split_last(X, y, f, seed)


def _split_separately(X, y, f, seed):
    rng = np.random.default_rng(seed)
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    return _split_last(X, y, f, seed)


def _split_unseeded(X, y, f, seed):
    order = np.random.default_rng().permutation(len(X))
    X, y = X[order], y[order]
    return _split_last(X, y, f, seed)


def _early_stop_le(val_loss, patience):
    """Counts an equal loss as an improvement (Keras does not)."""
    return ch07.early_stop_reference(val_loss, patience, lambda new, best: new <= best)


WRONG_06 = [
    ("q1", (lambda n, k: keras.Sequential([_d(512, "relu"), _drop(), _d(512, "relu"), _drop(),
                                           _d(k, "softmax")]),), "keras.Input"),
    ("q1", (lambda n, k: _seq(_d(512, "relu"), _drop(), _d(512, "relu"), _drop(),
                              _d(k, "softmax"), n_inputs=784),), "Use n_inputs"),
    ("q1", (lambda n, k: _seq(_d(512, "relu"), _drop(), _d(512, "relu"), _drop(),
                              _d(k, "sigmoid"), n_inputs=n),), "need softmax"),
    ("q1", (lambda n, k: _seq(_d(512, "relu"), _drop(), _d(512, "relu"), _drop(), _d(k),
                              n_inputs=n),), "no activation"),
    ("q1", (lambda n, k: _seq(_d(512, "relu"), _d(512, "relu"), _d(k, "softmax"),
                              n_inputs=n),), "Dropout(0.2) after each"),
    ("q1", (lambda n, k: _seq(_d(512, "relu"), _drop(), _d(512, "relu"), _drop(),
                              _d(10, "softmax"), n_inputs=n),), "n_classes = 3"),
    ("q1", (lambda n, k: None,), "forget `return model`"),
    ("q2", (_compiled(loss="categorical_crossentropy"),), "labels are integers"),
    ("q2", (_compiled(optimizer="adam"),), "should be RMSprop"),
    ("q2", (_compiled(optimizer=keras.optimizers.RMSprop()),), "should be 0.0005"),
    ("q2", (_compiled(metrics=None),), "metrics=['accuracy']"),
    ("q2", (lambda model: keras.optimizers.RMSprop(lr=0.0005),), "not recognized"),
    ("q2", (lambda model: None,), "not compiled"),
    ("q3", (64 * 512 + 512 * 512 + 5120, 4640, 400), "forgot the biases"),
    ("q3", (784 * 512 + 512 + 262656 + 5130, 4640, 400), "64 inputs"),
    ("q3", (301066, 320, 400), "all 16 input channels"),
    ("q3", (301066, 4608, 400), "one bias per filter"),
    ("q3", (301066, 4640, 200), "moving mean and variance"),
    ("q4", (4, 0.93), "counts from 0"),
    ("q4", (10, 0.925), "training loss is lowest"),
    ("q4", (6, 0.935), "highest validation accuracy"),
    ("q4", (5, 0.99), "val_accuracy at epoch 5"),
    ("q5", (_seed004(keras2="core"),), "import Dense from keras.layers"),
    ("q5", (_seed004(keras2="lr"),), "learning_rate"),
    ("q5", (_seed004(lr=0.01),), "ignored by Keras 3 (with only a warning)"),
    ("q5", (_seed004(lr=keras.optimizers.schedules.InverseTimeDecay(0.01, 1, 1e-3)),),
     "at step 1000"),
]

WRONG_07 = [
    ("q1", (_split_last,), "validation_split does"),
    ("q1", (_split_inplace,), "in place"),
    ("q1", (_split_separately,), "shuffled separately"),
    ("q1", (_split_unseeded,), "same seed should give the same split"),
    ("q1", (lambda X, y, f, seed: (X, y),), "four arrays"),
    ("q2", (lambda: keras.callbacks.EarlyStopping(patience=2),), "restore_best_weights"),
    ("q2", (lambda: keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True),),
     "patience=2"),
    ("q2", (lambda: keras.callbacks.EarlyStopping(monitor="loss", patience=2),), "val_loss"),
    ("q2", (lambda: keras.callbacks.ModelCheckpoint("m.keras"),), "EarlyStopping"),
    ("q3", (lambda v, p: tuple(x - 1 for x in ch07.early_stop_reference(v, p)),),
     "count epochs from 1"),
    ("q3", (_early_stop_le,), "equal value is not an improvement"),
    ("q3", (lambda v, p: len(v),), "two arrays"),
    ("q4", ("A",), "Judge on validation"),
    ("q4", ("B",), "climbs to 0.44"),
    ("q4", ("D",), "one of the letters"),
    ("q5", ({"P": "overfitting", "Q": "overfitting", "R": "good fit"},), "coin toss"),
    ("q5", ({"P": "underfitting", "Q": "good fit", "R": "good fit"},), "memorises"),
    ("q5", ({"P": "underfit", "Q": "overfit", "R": "fine"},), "should be 'underfitting'"),
    ("q5", ({"P": "underfitting"},), "should have the keys"),
]


WRONG_ANSWERS = ([(ch01, *w) for w in WRONG_01] + [(ch02, *w) for w in WRONG_02]
                 + [(ch03, *w) for w in WRONG_03] + [(ch04, *w) for w in WRONG_04]
                 + [(ch05, *w) for w in WRONG_05] + [(ch06, *w) for w in WRONG_06]
                 + [(ch07, *w) for w in WRONG_07])


@pytest.mark.parametrize(("module", "name", "answer", "message"), WRONG_ANSWERS,
                         ids=[f"{m.__name__[-4:]}.{n}-{i}" for i, (m, n, *_) in
                              enumerate(WRONG_ANSWERS)])
def test_typical_wrong_answers_get_their_message(module, name, answer, message):
    result = module.__dict__[name].evaluate(*answer)
    assert result.status == WRONG
    assert message in result.message
    assert "\n" not in str(result), "a check prints exactly one line"


@pytest.mark.parametrize("case", ALL, ids=ids)
def test_checks_never_raise(case, capsys):
    module, name = case
    q = module.__dict__[name]
    n_args = len(ANSWER_ARGS[module][name])
    for junk in [(), (object(),), (None,) * 6, ("x",) * n_args, (_square,) * n_args,
                 (lambda *a: 1 / 0,) * n_args, ([np.nan],) * n_args]:
        q.check(*junk)  # must print, never raise
        out = capsys.readouterr().out
        assert out.startswith(("✅", "⏳", "❌")) and out.count("\n") == 1, out


def test_ch01_update_may_change_w_in_place():
    def update(w, b, x, y, learning_rate):
        error = y - (1 if np.dot(w, x) + b >= 0 else 0)
        w += learning_rate * error * x
        return w, b + learning_rate * error

    assert ch01.q3.evaluate(update).correct


def test_wrong_number_of_arguments_is_reported_not_raised():
    assert "could not be checked" in ch01.q1.evaluate((1, 1)).message


def test_hints_and_solution(capsys, monkeypatch):
    ch01.q1.hint(1)
    assert capsys.readouterr().out.startswith("💡 Hint 1/3")
    ch01.q1.hint(9)
    assert ".solution()" in capsys.readouterr().out
    ch01.q1.solution()
    assert "w_nand = (-2, -2)" in capsys.readouterr().out
    monkeypatch.setenv("NNBOOK_HIDE_SOLUTIONS", "1")
    ch01.q1.solution()
    out = capsys.readouterr().out
    assert "switched off" in out and "w_nand" not in out


@pytest.fixture(scope="module")
def executed_exercises():
    """Run every generated exercise notebook, untouched, in a fresh kernel."""
    out = {}
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "exercises")}}).execute()
        out[path.stem] = nb
    return out


def test_untouched_stubs_report_not_attempted(executed_exercises):
    for stem, nb in executed_exercises.items():
        checks = [c for c in nb.cells if c.cell_type == "code" and ".check(" in c.source]
        assert len(checks) == len(questions(MODULES[stem]))
        for c in checks:
            text = "".join(o.get("text", "") for o in c.outputs)
            assert text.startswith("⏳ Not attempted yet"), (c.source, text)
            assert text.count("\n") == 1, "exactly one line"


def test_exercises_are_in_sync_with_solutions():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_exercises.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_no_solution_text_in_exercises():
    secret = {ln for ln in solution_lines() if not ln.startswith("#")}
    assert len(secret) > 10
    marker = make_exercises.ANY_MARKER
    for path in (ROOT / "exercises").glob("*.ipynb"):
        text = path.read_text()
        assert not marker.search(text), f"a marker survived in {path.name}"
        sources = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
        lines = {ln.strip() for ln in sources.splitlines()}
        assert not (secret & lines), f"solution lines in {path.name}: {secret & lines}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("### BEGIN SOLUTION\nx = 1\na, b = 2, 3\n### END SOLUTION\ncheck(x)",
         "# YOUR CODE HERE\nx = ...  # replace ... with your answer\n"
         "a = ...  # replace ... with your answer\nb = ...  # replace ... with your answer\n"
         "check(x)"),
        ("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION",
         "def f(x):\n    # YOUR CODE HERE\n"
         '    raise NotImplementedError("Write this part, then run the check below")'),
        ("check(x)\n## begin hidden tests\nassert ok\n## END HIDDEN TESTS", "check(x)"),
    ],
)
def test_generator_stubs(source, expected):
    assert make_exercises.strip_source(source, "test") == expected


@pytest.mark.parametrize(
    "source",
    ["### BEGIN SOLUTION\nx = 1",
     "x = 1\n### END SOLUTION",
     "### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS\n### END SOLUTION",
     "# BEGIN_SOLUTION\nx = 1\n# END_SOLUTION"],
)
def test_generator_rejects_broken_markers(source):
    with pytest.raises(make_exercises.MarkerError):
        make_exercises.strip_source(source, "test")


def test_every_exercise_module_is_importable():
    for stem in MODULES:
        assert importlib.import_module(f"nnbook.exercises.ch{stem[:2]}")


def test_site_check_catches_a_planted_leak(tmp_path, capsys):
    import check_site

    (tmp_path / "exercises").mkdir()
    page = tmp_path / "exercises" / "01_perceptrons.html"
    page.write_text("<p>fine</p>")
    assert check_site.main(tmp_path) == 0
    page.write_text("<pre>    error = y - y_hat</pre>")  # a line of the Q3 solution
    assert check_site.main(tmp_path) == 1
    assert "solution line 'error = y - y_hat'" in capsys.readouterr().out


def test_site_check_catches_broken_internal_links(tmp_path, capsys):
    import check_site

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "index.html").write_text('<a href="notebooks/a.html#top">A</a>'
                                         '<a href="https://example.org/x">web</a>')
    page = tmp_path / "notebooks" / "a.html"
    page.write_text('<h1 id="top">A</h1><a href="../index.html">home</a><a href="#top">up</a>')
    assert check_site.main(tmp_path) == 0
    page.write_text('<h1 id="top">A</h1><a href="../missing.html">x</a>'
                    '<img src="b.png"><a href="../index.html#nowhere">y</a>')
    assert check_site.main(tmp_path) == 1
    out = capsys.readouterr().out
    assert "broken link '../missing.html'" in out and "broken link 'b.png'" in out
    assert "no anchor for '../index.html#nowhere'" in out


MARKER_SPELLINGS = [
    "### BEGIN SOLUTION", "### END SOLUTION", "## begin solution", "#BEGIN SOLUTION",
    "# Begin  Solution", "#\tBEGIN\tSOLUTION", "# BEGIN_SOLUTION", "# BEGIN-SOLUTION",
    "### BEGIN HIDDEN TESTS", "### end hidden tests", "# BEGIN_HIDDEN_TESTS",
    "=== BEGIN MARK SCHEME ===", "### END MARK SCHEME",
    # otter-grader's
    "# BEGIN QUESTION", "# END QUESTION", "# BEGIN TESTS", "# END TESTS", "# BEGIN TEST",
    '""" # BEGIN PROMPT', '""" # END PROMPT', "x = 1  # SOLUTION NO PROMPT",
]


@pytest.mark.parametrize("spelling", MARKER_SPELLINGS)
def test_every_marker_spelling_is_a_leak(spelling, tmp_path, capsys):
    """nbgrader and otter markers, in any case and spacing, are caught in a generated
    notebook's text and on any page of the site."""
    import check_site

    assert make_exercises.ANY_MARKER.search(spelling)
    page = tmp_path / "index.html"
    page.write_text("<p>chapter text, the end-to-end tests, and a question to begin</p>")
    assert check_site.main(tmp_path) == 0
    page.write_text(f"<pre>{spelling}\nx = 1</pre>")
    assert check_site.main(tmp_path) == 1
    assert "index.html: a grading marker (nbgrader or otter)" in capsys.readouterr().out


def test_a_marker_in_a_solution_notebook_comment_must_be_a_known_one():
    with pytest.raises(make_exercises.MarkerError, match="unrecognised marker"):
        make_exercises.strip_source("x = 1\n# BEGIN QUESTION\ny = 2", "test")
