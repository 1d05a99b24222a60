"""Our losses, gradients and penalties against Keras/TensorFlow on the same inputs."""

import keras
import numpy as np
import pytest
import tensorflow as tf  # a plain import: requirements.txt installs it, so never skip
from test_losses import CASES

from nnbook import losses

KERAS = {
    "mse": keras.losses.MeanSquaredError(),
    "mae": keras.losses.MeanAbsoluteError(),
    "binary_crossentropy": keras.losses.BinaryCrossentropy(),
    "categorical_crossentropy": keras.losses.CategoricalCrossentropy(),
    "softmax_crossentropy": keras.losses.CategoricalCrossentropy(from_logits=True),
}


@pytest.mark.parametrize("name", sorted(KERAS))
def test_value_and_gradient_match_keras(name):
    loss, grad = losses.get(name)
    y, p = CASES[name]
    pt = tf.constant(p)
    with tf.GradientTape() as tape:
        tape.watch(pt)
        value = KERAS[name](tf.constant(y), pt)
    # Keras adds eps inside its logs; away from 0 and 1 that changes the 7th digit at most
    assert loss(y, p) == pytest.approx(float(value), rel=1e-6)
    ours = grad(y, p)
    if name == "categorical_crossentropy":
        # Keras first divides p by its row sum, so its gradient has an extra d/dp of
        # log(sum p) / n = 1/n in every entry. Along the simplex (moves that keep the sum
        # at 1) the two gradients agree; that extra constant is all that differs.
        ours = ours + 1.0 / len(p)
    np.testing.assert_allclose(ours, tape.gradient(value, pt).numpy(), rtol=1e-5, atol=1e-9)


def test_quadratic_is_half_the_keras_mse_for_one_output():
    y, p = CASES["mse"]
    y, p = y[:, 0], p[:, 0]
    assert losses.quadratic(y, p) == pytest.approx(float(keras.losses.MeanSquaredError()(y, p)) / 2,
                                                   rel=1e-6)


def test_penalties_match_keras_regularizers():
    # float32, as a layer's kernel is (Keras 3.7 refuses a float64 array here)
    w = np.random.default_rng(3).normal(size=(4, 3)).astype("float32")
    assert losses.l1_penalty(w, 0.01) == pytest.approx(float(keras.regularizers.L1(0.01)(w)),
                                                       rel=1e-6)
    assert losses.l2_penalty(w, 0.01) == pytest.approx(float(keras.regularizers.L2(0.01)(w)),
                                                       rel=1e-6)
    both = keras.regularizers.L1L2(l1=0.3 * 0.01, l2=0.7 * 0.01)(w)
    assert losses.elastic_net_penalty(w, 0.01, r=0.3) == pytest.approx(float(both), rel=1e-6)
