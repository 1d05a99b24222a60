"""Our activations and derivatives against Keras/TensorFlow, where both compute the same thing."""

import keras
import numpy as np
import pytest
import tensorflow as tf  # a plain import: requirements.txt installs it, so never skip

import nnbook
from nnbook import activations as act

Z = np.linspace(-30, 30, 241)
Z = Z[np.abs(Z) > 1e-3]

PAIRS = {
    "sigmoid": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
    "relu": keras.activations.relu,
    "leaky_relu": lambda z: keras.activations.leaky_relu(z, negative_slope=0.01),
    "identity": keras.activations.linear,
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_values_and_gradients_match_tensorflow(name):
    f, f_prime = act.ACTIVATIONS[name]
    z = tf.constant(Z)
    with tf.GradientTape() as tape:
        tape.watch(z)
        y = PAIRS[name](z)
    grad = tape.gradient(y, z).numpy()
    np.testing.assert_allclose(f(Z), np.asarray(y), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(f_prime(Z), grad, rtol=1e-6, atol=1e-12)


def test_softmax_and_its_jacobian_match_tensorflow():
    z = np.random.default_rng(0).normal(size=(4, 5)) * 5
    zt = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(zt)
        s = keras.activations.softmax(zt, axis=-1)
    jac = tape.batch_jacobian(s, zt).numpy()
    np.testing.assert_allclose(act.softmax(z), s.numpy(), rtol=1e-6)
    np.testing.assert_allclose(act.softmax_prime(z), jac, atol=1e-9)


def test_set_seed_makes_tensorflow_reproducible():
    nnbook.set_seed(7)
    a = tf.random.uniform((3,)).numpy()
    nnbook.set_seed(7)
    np.testing.assert_array_equal(a, tf.random.uniform((3,)).numpy())
    from tensorflow.python.framework import config  # the getter is not in the public API

    assert config.is_op_determinism_enabled()


def _train_both():
    """After set_seed(0): train an nnbook network, and a Keras model with default
    initialisers, shuffling and dropout (every source of randomness Keras has here)."""
    import keras

    from nnbook import datasets
    from nnbook.network import Network

    (x, y), _ = datasets.load_digits()
    nnbook.set_seed(0)
    net = Network([64, 16, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    net.fit(x, y, epochs=2, batch_size=32)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.3),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=2, batch_size=32, shuffle=True, verbose=0)
    return net.get_weights() + model.get_weights()


def test_set_seed_makes_nnbook_and_keras_training_bit_identical():
    first, second = _train_both(), _train_both()
    assert len(first) == 4 + 4
    for a, b in zip(first, second, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b), "training is not reproducible"
