"""The from-scratch network against TensorFlow/Keras on the same weights."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnbook import datasets
from nnbook.network import Network

KERAS_LOSS = {"mse": keras.losses.MeanSquaredError(),
              "binary_crossentropy": keras.losses.BinaryCrossentropy(),
              "categorical_crossentropy": keras.losses.CategoricalCrossentropy()}
CASES = [("sigmoid", "sigmoid", "mse", 1), ("tanh", "sigmoid", "binary_crossentropy", 1),
         ("relu", "softmax", "categorical_crossentropy", 3), ("leaky_relu", "identity", "mse", 2)]


def _model_and_data(hidden, output, loss, k, seed=0):
    rng = np.random.default_rng(seed)
    net = Network([3, 5, 4, k], hidden, output, loss=loss, seed=seed)
    for b in net.biases:
        b[...] = rng.normal(scale=0.2, size=b.shape)
    X = rng.normal(size=(6, 3))
    if loss == "categorical_crossentropy":
        y = datasets.one_hot(rng.integers(0, k, 6), k)
    elif loss == "binary_crossentropy":
        y = rng.integers(0, 2, (6, k)).astype(float)
    else:
        y = rng.uniform(size=(6, k))
    return net, X, y


@pytest.mark.parametrize("hidden, output, loss, k", CASES)
def test_keras_model_predicts_the_same(hidden, output, loss, k):
    net, X, _ = _model_and_data(hidden, output, loss, k)
    model = net.to_keras()
    assert model.count_params() == net.count_params()
    np.testing.assert_allclose(model.predict(X, verbose=0), net.predict(X), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("hidden, output, loss, k", CASES)
def test_gradients_match_gradient_tape(hidden, output, loss, k):
    net, X, y = _model_and_data(hidden, output, loss, k)
    weights = [tf.Variable(p) for p in net.params]  # float64, the same numbers
    with tf.GradientTape() as tape:
        a = tf.constant(X)
        for layer, name in enumerate(net.activations):
            z = a @ weights[2 * layer] + weights[2 * layer + 1]
            a = {"sigmoid": tf.sigmoid, "tanh": tf.tanh, "relu": tf.nn.relu,
                 "softmax": tf.nn.softmax, "identity": tf.identity,
                 "leaky_relu": lambda t: tf.nn.leaky_relu(t, alpha=0.01)}[name](z)
        cost = KERAS_LOSS[loss](tf.constant(y), a)
    assert net.cost(X, y) == pytest.approx(float(cost), rel=1e-6)
    theirs = tape.gradient(cost, weights)
    for ours, t in zip(net.backprop(X, y), theirs, strict=True):
        # Keras adds eps = 1e-7 inside its cross-entropy logs: ~1e-10 absolute here
        np.testing.assert_allclose(ours, t.numpy(), rtol=1e-6, atol=1e-9)


def test_l2_matches_keras_regularizer():
    net = Network([3, 2], "identity", loss="mse", l2=0.05, seed=1)
    W = tf.Variable(net.weights[0])
    with tf.GradientTape() as tape:
        penalty = keras.regularizers.L2(0.05)(W)
    assert net.cost(np.zeros((1, 3)), np.zeros((1, 2))) == pytest.approx(float(penalty))
    grads = net.backprop(np.zeros((1, 3)), np.zeros((1, 2)))
    np.testing.assert_allclose(grads[0], tape.gradient(penalty, W).numpy())
