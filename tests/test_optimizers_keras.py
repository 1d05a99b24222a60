"""nnbook's optimisers and Keras's take the same steps on the same problem."""

import keras
import numpy as np
import pytest

from nnbook import optimizers

CONFIGS = [
    ("SGD", {"learning_rate": 0.05}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.5}),
    ("SGD", {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True}),  # seed 004
    ("Adagrad", {"learning_rate": 0.1}),
    ("RMSprop", {"learning_rate": 0.01}),
    ("Adam", {"learning_rate": 0.01}),
]


class KerasRoundedAdam(optimizers.Adam):
    """Adam with Keras's TensorFlow-backend rounding: ``ops.cast(beta, float64)`` turns the
    Python float into a float32 tensor first, so the bias correction uses
    ``float32(beta)`` (0.999 becomes 0.99900001287). That alone moves a step by ~1e-5
    (relative); the moment updates use the exact betas, as here."""

    def _update(self, w, g, s):
        t = self.iterations
        b1, b2 = float(np.float32(self.beta_1)), float(np.float32(self.beta_2))
        lr_t = self.learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t)
        s["m"] += (g - s["m"]) * (1 - self.beta_1)
        s["v"] += (g * g - s["v"]) * (1 - self.beta_2)
        w -= lr_t * s["m"] / (np.sqrt(s["v"]) + self.epsilon)


def _grads(w, b, X, y):
    err = X @ w + b - y  # the gradient of a line fit's MSE
    return [2 * X.T @ err / len(y), 2 * np.array([err.mean()])]


@pytest.mark.parametrize("name, kwargs", CONFIGS)
def test_twenty_steps_agree_with_keras(name, kwargs):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 3)), rng.normal(size=16)
    ours = [np.array([0.5, -0.3, 0.1]), np.array([0.2])]
    theirs = [keras.Variable(p.copy(), dtype="float64") for p in ours]
    mine = (KerasRoundedAdam if name == "Adam" else getattr(optimizers, name))(**kwargs)
    keras_opt = getattr(keras.optimizers, name)(**kwargs)
    for _ in range(20):
        mine.step(ours, _grads(*ours, X, y))
        keras_grads = _grads(*(v.numpy() for v in theirs), X, y)
        keras_opt.apply(keras_grads, theirs)
    for p, v in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(p, v.numpy(), rtol=1e-6, atol=1e-9)


def test_adam_differs_from_keras_only_by_that_rounding():
    # the exact formula (nnbook's Adam) and the rounded one agree to ~1e-5, not better
    w_exact, w_rounded = np.array([0.5]), np.array([0.5])
    exact, rounded = optimizers.Adam(0.01), KerasRoundedAdam(0.01)
    for k in range(5):
        g = np.array([0.3 + k])
        exact.step([w_exact], [g])
        rounded.step([w_rounded], [g])
    gap = abs(w_exact[0] - w_rounded[0]) / 0.05  # relative to the distance travelled
    assert 1e-7 < gap < 1e-4
