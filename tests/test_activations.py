"""Every activation derivative against central finite differences, and the stability cases."""

import numpy as np
import pytest

from nnbook import activations as act
from nnbook.activations import ACTIVATIONS

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
# Many points, including large |z|, but away from the kinks of relu and leaky_relu at 0.
Z = np.concatenate([np.linspace(-8, 8, 161), [-700.0, -50.0, -20.0, 20.0, 50.0, 700.0]])
Z = Z[np.abs(Z) > 1e-3]


def finite_difference(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name):
    f, f_prime = ACTIVATIONS[name]
    np.testing.assert_allclose(f_prime(Z), finite_difference(f, Z), rtol=1e-5, atol=1e-7)


def test_step_derivative_is_zero_away_from_zero():
    np.testing.assert_array_equal(act.step_prime(Z), finite_difference(act.step, Z))


def test_softmax_jacobian_matches_finite_differences():
    rng = np.random.default_rng(0)
    for z in [rng.normal(size=4) * s for s in (0.1, 1, 10)] + [np.array([1000.0, 0.0, -5.0])]:
        J = act.softmax_prime(z)
        numeric = np.stack(
            [finite_difference(lambda t, j=j, z=z: act.softmax(z + t * np.eye(len(z))[j]), 0.0)
             for j in range(len(z))], axis=1)
        np.testing.assert_allclose(J, numeric, atol=1e-7)


def test_softmax_jacobian_batches():
    z = np.random.default_rng(1).normal(size=(5, 3))
    J = act.softmax_prime(z)
    assert J.shape == (5, 3, 3)
    np.testing.assert_allclose(J[2], act.softmax_prime(z[2]))


def test_step_convention_and_values():
    np.testing.assert_array_equal(act.step([-1.0, 0.0, 2.0]), [0.0, 1.0, 1.0])


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise"):  # an overflow would raise here
        s = act.sigmoid(np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-300)
    assert np.all(np.isfinite(act.sigmoid_prime(np.array([-1e4, 1e4]))))


def test_sigmoid_symmetry_and_tanh_identity():
    np.testing.assert_allclose(act.sigmoid(-Z), 1 - act.sigmoid(Z), atol=1e-15)
    np.testing.assert_allclose(act.tanh(Z), 2 * act.sigmoid(2 * Z) - 1, atol=1e-12)


def test_softmax_sums_to_one_and_is_shift_invariant():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(20, 6)) * 30
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    assert np.all(s >= 0)
    np.testing.assert_allclose(act.softmax(z + 123.4), s, atol=1e-12)
    with np.errstate(over="raise", invalid="raise"):
        np.testing.assert_allclose(act.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])


def test_leaky_relu_slope_is_a_parameter():
    np.testing.assert_allclose(act.leaky_relu(np.array([-2.0, 3.0]), alpha=0.2), [-0.4, 3.0])
    np.testing.assert_allclose(act.leaky_relu_prime(np.array([-2.0, 3.0]), alpha=0.2), [0.2, 1.0])


def test_table_is_complete_and_get_gives_clear_error():
    assert set(ACTIVATIONS) == {"step", "identity", "sigmoid", "tanh", "relu", "leaky_relu",
                                "softmax"}
    assert act.get("relu") == (act.relu, act.relu_prime)
    with pytest.raises(ValueError, match="unknown activation 'rleu'"):
        act.get("rleu")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_bad_input_gives_clear_error(name):
    f, f_prime = ACTIVATIONS[name]
    with pytest.raises(ValueError, match="z contains NaN"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="z must be numeric"):
        f_prime(["a", "b"])


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_unchecked_kernels_give_the_same_bits(name):
    """The training loop's kernels are the checked functions without the checks: same values,
    bit for bit, in float64, and they keep float32 as float32."""
    from nnbook.activations import _KERNELS

    z = np.random.default_rng(0).normal(0, 6, size=(50, 7))
    f, f_prime = act.get(name)
    kernel, slope = _KERNELS[name]
    assert np.array_equal(kernel(z), f(z))
    if slope is not None:
        assert np.array_equal(slope(z, kernel(z)), f_prime(z))
    elif name == "identity":
        assert np.array_equal(f_prime(z), np.ones_like(z))
    assert kernel(z.astype(np.float32)).dtype == np.float32
