"""Losses, penalties and gradient checking: values, finite differences, bad input."""

import numpy as np
import pytest

from nnbook import activations, gradcheck, losses
from nnbook.datasets import one_hot

GEN = np.random.default_rng(0)
Y_REG = GEN.normal(size=(6, 3))
P_REG = GEN.normal(size=(6, 3))
Y_BIN = GEN.integers(0, 2, size=(6, 3)).astype(float)
P_BIN = GEN.uniform(0.05, 0.95, size=(6, 3))
Y_CAT = one_hot(GEN.integers(0, 4, size=6), 4)
Z_CAT = GEN.normal(size=(6, 4)) * 2
P_CAT = np.exp(Z_CAT) / np.exp(Z_CAT).sum(axis=1, keepdims=True)

CASES = {
    "mse": (Y_REG, P_REG),
    "quadratic": (Y_REG, P_REG),
    "mae": (Y_REG, P_REG),
    "binary_crossentropy": (Y_BIN, P_BIN),
    "categorical_crossentropy": (Y_CAT, P_CAT),
    "softmax_crossentropy": (Y_CAT, Z_CAT),
}


def test_every_loss_is_tested():
    assert set(CASES) == set(losses.LOSSES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    loss, grad = losses.get(name)
    y, p = CASES[name]
    err = gradcheck.check_gradient(lambda q: loss(y, q), lambda q: grad(y, q), p)
    assert err < 1e-6, f"{name}: relative error {err:.2e}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_loss_is_the_mean_of_the_per_sample_costs(name):
    loss, _ = losses.get(name)
    y, p = CASES[name]
    c_i = losses.per_sample(name, y, p)
    assert c_i.shape == (len(y),)
    assert loss(y, p) == pytest.approx(np.mean(c_i), rel=1e-12)
    # decomposable: the cost of the whole set is the mean of the costs of two halves
    halves = [loss(y[:3], p[:3]), loss(y[3:], p[3:])]
    assert loss(y, p) == pytest.approx(np.mean(halves), rel=1e-12)


def test_seed_001_mse_table_and_the_two_conventions():
    pred, actual = np.array([10.0, 8, 6]), np.array([20.0, 3, 1])
    assert np.sum(losses.per_sample("mse", actual, pred)) == 150
    assert losses.mse(actual, pred) == 50
    assert losses.quadratic(actual, pred) == 25  # 1/2n: half of the mean


def test_cross_entropy_values_by_hand():
    assert losses.binary_crossentropy([1.0], [0.5]) == pytest.approx(np.log(2))
    assert losses.binary_crossentropy([0.0, 1.0], [0.1, 0.8]) == pytest.approx(
        -(np.log(0.9) + np.log(0.8)) / 2)
    # a certain, wrong prediction is clipped to eps = 1e-7, not infinite
    assert losses.binary_crossentropy([1.0], [0.0]) == pytest.approx(-np.log(1e-7))
    assert losses.categorical_crossentropy([[0, 1.0]], [[0.25, 0.75]]) == pytest.approx(
        -np.log(0.75))


def test_softmax_crossentropy_is_stable_and_its_gradient_is_p_minus_y():
    z = np.array([[1000.0, 0.0, -1000.0]])
    y = np.array([[0.0, 1.0, 0.0]])
    assert losses.softmax_crossentropy(y, z) == pytest.approx(1000.0)
    np.testing.assert_allclose(losses.softmax_crossentropy_grad(y, z), [[1.0, -1.0, 0.0]],
                               atol=1e-12)


def test_penalties_and_their_gradients():
    ws = [GEN.normal(size=(3, 2)), GEN.normal(size=(2,))]
    total_abs = sum(np.abs(w).sum() for w in ws)
    total_sq = sum((w**2).sum() for w in ws)
    assert losses.l1_penalty(ws, 0.1) == pytest.approx(0.1 * total_abs)
    assert losses.l2_penalty(ws, 0.1) == pytest.approx(0.1 * total_sq)
    assert losses.elastic_net_penalty(ws, 0.1, r=0.3) == pytest.approx(
        0.1 * (0.3 * total_abs + 0.7 * total_sq))
    for name, (pen, pen_grad) in losses.PENALTIES.items():
        for i, w in enumerate(ws):
            def f(v, i=i, pen=pen):
                return pen([v if j == i else u for j, u in enumerate(ws)], 0.1)

            err = gradcheck.check_gradient(f, lambda v, i=i, g=pen_grad: g(ws, 0.1)[i], w)
            assert err < 1e-6, (name, i, err)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: losses.mse([1, 2], [1, 2, 3]), "same shape"),
        (lambda: losses.mse([], []), "n_samples >= 1"),
        (lambda: losses.mse([[[1.0]]], [[[1.0]]]), r"shape \(n_samples,\)"),
        (lambda: losses.mae([1.0, np.nan], [1.0, 2.0]), "y_true contains NaN"),
        (lambda: losses.binary_crossentropy([1.0], [1.5]), "probabilities in"),
        (lambda: losses.categorical_crossentropy([1.0, 0.0], [0.5, 0.5]), r"\(n_samples, k\)"),
        (lambda: losses.softmax_crossentropy([1.0, 0.0], [0.5, 0.5]), r"\(n_samples, k\)"),
        (lambda: losses.get("hinge"), "unknown loss 'hinge'"),
        (lambda: losses.per_sample("mean", [1.0], [1.0]), "unknown loss 'mean'"),
        (lambda: losses.l2_penalty([np.ones(2)], -1), "lam must be >= 0"),
        (lambda: losses.l2_penalty([], 1), "non-empty list"),
        (lambda: losses.elastic_net_penalty([np.ones(2)], 1, r=2), "r must be between"),
        (lambda: losses.mse(["a"], [1.0]), "y_true must be numeric"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_one_hot():
    np.testing.assert_array_equal(one_hot([2, 0]), [[0, 0, 1], [1, 0, 0]])
    assert one_hot(np.array([1.0, 0.0]), 4).shape == (2, 4)
    for bad, msg in [([0.5], "whole numbers"), ([-1], ">= 0"), ([[1]], "shape"),
                     ([], "shape")]:
        with pytest.raises(ValueError, match=msg):
            one_hot(bad)
    with pytest.raises(ValueError, match="does not fit"):
        one_hot([3], 2)


def test_gradcheck_catches_a_wrong_gradient_and_leaves_x_alone():
    x = np.array([1.0, -2.0, 0.5])
    x0 = x.copy()
    assert gradcheck.check_gradient(lambda v: np.sum(v**3), lambda v: 3 * v**2, x) < 1e-8
    assert gradcheck.check_gradient(lambda v: np.sum(v**3), lambda v: 2 * v**2, x) > 0.1
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_allclose(gradcheck.numerical_gradient(lambda v: v @ v, x), 2 * x,
                               rtol=1e-8)


def test_gradcheck_bad_input():
    with pytest.raises(ValueError, match="must return a single number"):
        gradcheck.numerical_gradient(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="raised ZeroDivisionError"):
        gradcheck.numerical_gradient(lambda v: 1 / 0, [1.0])
    with pytest.raises(ValueError, match="eps must be > 0"):
        gradcheck.numerical_gradient(np.sum, [1.0], eps=0)
    with pytest.raises(ValueError, match=r"grad\(x\) must have shape"):
        gradcheck.check_gradient(np.sum, lambda v: np.ones(3), [1.0, 2.0])


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_unchecked_gradients_give_the_same_bits(name):
    """nnbook.network's training loop calls losses._GRADS directly: the same bits as the
    checked gradient functions, and float32 stays float32."""
    gen = np.random.default_rng(1)
    y = np.eye(4)[gen.integers(0, 4, 30)]
    p = activations.softmax(gen.normal(size=(30, 4)))
    grad = losses.get(name)[1]
    assert np.array_equal(losses._GRADS[name](y, p), grad(y, p))
    assert losses._GRADS[name](y.astype(np.float32), p.astype(np.float32)).dtype == np.float32
