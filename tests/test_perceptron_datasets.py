import sys

import numpy as np
import pytest

import nnbook
from nnbook import datasets
from nnbook.perceptron import Perceptron, perceptron_output, perceptron_update, weighted_sum


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_perceptron_learns_separable_gates(gate):
    X, y = datasets.logic_gate(gate)
    p = Perceptron(epochs=50).fit(X, y)
    assert p.converged
    np.testing.assert_array_equal(p.predict(X), y)
    assert p.history["errors"][-1] == 0
    assert len(p.history["errors"]) == len(p.history["w"]) == len(p.history["b"])


@pytest.mark.parametrize("n", [3, 4])
def test_perceptron_learns_n_input_and_or(n):
    for gate in ("AND", "OR"):
        X, y = datasets.logic_gate(gate, n)
        assert Perceptron(epochs=100).fit(X, y).score(X, y) == 1.0


def test_perceptron_never_converges_on_xor():
    X, y = datasets.logic_gate("XOR")
    p = Perceptron(epochs=100).fit(X, y)
    assert not p.converged
    assert len(p.history["errors"]) == 100
    assert min(p.history["accuracy"]) >= 0.25 and max(p.history["accuracy"]) <= 0.75


def test_perceptron_learns_separable_blobs_with_shuffling():
    X, y = datasets.blobs(60, distance=8.0, seed=3)
    p = Perceptron(epochs=200, shuffle=True, seed=0).fit(X, y)
    assert p.converged and p.score(X, y) == 1.0


def test_update_rule_by_hand():
    w, b = perceptron_update(np.zeros(2), 0.0, np.array([1.0, 1.0]), 0, 0.5)
    np.testing.assert_allclose(w, [-0.5, -0.5])
    assert b == -0.5
    w2, b2 = perceptron_update(w, b, np.array([0.0, 0.0]), 0, 0.5)  # already right
    np.testing.assert_allclose(w2, w)
    assert b2 == b


def test_seed_example_and_table():
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])  # the row order of seed 001
    np.testing.assert_allclose(weighted_sum(X, [4, 5], -6), [-6, -2, -1, 3])
    np.testing.assert_array_equal(perceptron_output(X, [4, 5], -6), [0, 0, 0, 1])


def test_truth_tables():
    X, y = datasets.logic_gate("xor")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    for gate, want in {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0],
                       "NOR": [1, 0, 0, 0], "XNOR": [1, 0, 0, 1]}.items():
        np.testing.assert_array_equal(datasets.logic_gate(gate)[1], want)
    X3, y3 = datasets.logic_gate("XOR", 3)
    assert X3.shape == (8, 3)
    np.testing.assert_array_equal(y3, X3.sum(axis=1) % 2)


def test_toy_generators_are_seeded():
    a = datasets.noisy_gate("XOR", 40, 0.1, seed=5)
    b = datasets.noisy_gate("XOR", 40, 0.1, seed=5)
    np.testing.assert_array_equal(a[0], b[0])
    assert a[0].shape == (40, 2) and set(np.unique(a[1])) == {0, 1}
    assert not np.array_equal(a[0], datasets.noisy_gate("XOR", 40, 0.1, seed=6)[0])
    X, y = datasets.blobs(30, seed=1)
    assert X.shape == (30, 2) and y.sum() == 15


def test_set_seed_reproduces_and_does_not_import_tensorflow():
    nnbook.set_seed(3)
    a = np.random.rand(3)  # noqa: NPY002
    nnbook.set_seed(3)
    np.testing.assert_array_equal(a, np.random.rand(3))  # noqa: NPY002
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        nnbook.set_seed(-1)


def test_import_is_light():
    import subprocess

    code = "import sys, nnbook; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: weighted_sum([[0, 1, 1]], [1, 1], 0), r"X must have shape \(n_samples, 2\)"),
        (lambda: weighted_sum([0, 1], [1, np.nan], 0), "w contains NaN"),
        (lambda: weighted_sum([0, 1], "ab", 0), "w must be numeric"),
        (lambda: Perceptron().fit([[0, 0], [1, 1]], [0, 1, 1]), r"y must have shape \(2,\)"),
        (lambda: Perceptron().fit([[0, 0], [1, 1]], [0, 2]), "y must contain only 0 and 1"),
        (lambda: Perceptron().predict([[0, 0]]), "not trained yet"),
        (lambda: Perceptron(learning_rate=0), "learning_rate must be a finite number > 0"),
        (lambda: perceptron_update([0, 0], 0, [[1, 1]], 1), r"x must be one sample of shape"),
        (lambda: datasets.logic_gate("XAND"), "gate must be one of"),
        (lambda: datasets.binary_inputs(0), "n_inputs must be a whole number between 1 and 16"),
        (lambda: datasets.noisy_gate("AND", 10, noise=np.nan), "noise must be a finite number"),
    ],
)
def test_bad_input_gives_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_moons_and_digits():
    X, y = datasets.moons(50, noise=0.1, seed=3)
    assert X.shape == (50, 2) and set(y) == {0, 1}
    np.testing.assert_array_equal(datasets.moons(50, noise=0.1, seed=3)[0], X)
    (x_train, y_train), (x_test, y_test) = datasets.load_digits(test_size=0.25, seed=0)
    assert x_train.shape[1] == 64 and len(x_train) + len(x_test) == 1797
    assert 0.0 == x_train.min() and x_train.max() == 1.0
    assert set(y_test) == set(range(10))
    with pytest.raises(ValueError, match="test_size must be a fraction"):
        datasets.load_digits(test_size=1.5)
    with pytest.raises(ValueError, match="n_samples must be a whole number >= 2"):
        datasets.moons(1)


def test_every_np_load_refuses_pickles():
    """A data file must never run code: every np.load in the package, scripts and notebooks
    passes allow_pickle=False."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("src/nnbook/**/*.py"), *root.glob("scripts/*.py"),
             *root.glob("notebooks/*.ipynb"), *root.glob("solutions/*.ipynb")]
    calls = [(f.name, m.group(0)) for f in files
             for m in re.finditer(r"np\.load\([^)]*\)", f.read_text())]
    assert calls, "np.load is used to read MNIST"
    assert all("allow_pickle=False" in call for _, call in calls), calls
