"""The from-scratch network: backprop against finite differences, learning, and errors."""

import numpy as np
import pytest

from nnbook import datasets, gradcheck
from nnbook.network import History, Network, count_params
from nnbook.optimizers import SGD

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
# (output activation, loss, kind of target)
HEADS = [("identity", "mse", "real"), ("identity", "quadratic", "real"),
         ("identity", "mae", "real"), ("sigmoid", "mse", "prob"),
         ("sigmoid", "binary_crossentropy", "binary"), ("tanh", "quadratic", "real"),
         ("softmax", "categorical_crossentropy", "labels"), ("softmax", "mse", "onehot"),
         ("identity", "softmax_crossentropy", "onehot")]


def _targets(kind, rng, n=7, k=3):
    return {"real": rng.normal(size=(n, k)), "prob": rng.uniform(0.1, 0.9, size=(n, k)),
            "binary": rng.integers(0, 2, size=(n, k)).astype(float),
            "labels": rng.integers(0, k, size=n),
            "onehot": datasets.one_hot(rng.integers(0, k, size=n), k)}[kind]


def _numeric_grads(net, X, y):
    return [numeric for *_, numeric in gradcheck.check_network(net, X, y)]


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss, kind", HEADS)
def test_backprop_matches_finite_differences(hidden, output, loss, kind):
    rng = np.random.default_rng(len(hidden) + 10 * len(loss))
    net = Network([4, 5, 6, 3], hidden, output, loss=loss, l2=0.01, seed=3)
    for b in net.biases:
        b[...] = rng.normal(scale=0.3, size=b.shape)
    X, y = rng.normal(size=(7, 4)), _targets(kind, rng)
    for ours, numeric in zip(net.backprop(X, y), _numeric_grads(net, X, y), strict=True):
        # central differences with eps = 1e-6 are good to ~1e-10 absolute on costs of
        # order 1, so entries near 0 are compared absolutely and the rest relatively
        np.testing.assert_allclose(ours, numeric, rtol=1e-5, atol=1e-8)


def test_backprop_without_biases_and_one_output():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 1], "tanh", "sigmoid", loss="binary_crossentropy", use_bias=False)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)
    assert len(net.params) == 2
    for ours, numeric in zip(net.backprop(X, y), _numeric_grads(net, X, y), strict=True):
        assert gradcheck.relative_error(ours, numeric) < 1e-6


def test_a_bug_in_backprop_is_caught_by_the_gradient_check():
    net = Network([2, 3, 1], "sigmoid", loss="mse", seed=0)
    X, y = datasets.logic_gate("XOR")

    def buggy(X, y):
        grads = net.backprop(X, y)
        grads[0] = grads[0] * 2  # as if a factor 2 were wrong in the first layer
        return grads

    errors = {name: err for name, err, *_ in gradcheck.check_network(net, X, y, buggy)}
    assert errors["W1"] > 0.1 and max(errors[k] for k in ("b1", "W2", "b2")) < 1e-6
    with pytest.raises(ValueError, match="backprop returned 1 arrays"):
        gradcheck.check_network(net, X, y, lambda X, y: [np.zeros((2, 3))])
    assert [n for n, *_ in gradcheck.check_network(
        Network([2, 2, 1], use_bias=False), X, y)] == ["W1", "W2"]


def test_deltas_have_the_layer_shapes():
    net = Network([2, 3, 4, 1], "relu", "sigmoid", loss="binary_crossentropy")
    X, y = datasets.logic_gate("XOR")
    grads, deltas = net.backprop(X, y, return_deltas=True)
    assert [d.shape for d in deltas] == [(4, 3), (4, 4), (4, 1)]
    np.testing.assert_allclose(grads[-1], deltas[-1].sum(axis=0))  # dC/db = sum of deltas


def test_seed_001_xor_online_step():
    # seed 001: W1, W2, eta = 0.25, sample (0, 1) -> 1, sigmoid, no biases, C = (t - y)^2 / 2
    net = Network([2, 2, 1], "sigmoid", loss="quadratic", use_bias=False)
    net.set_weights([np.array([[0.1, 0.5], [-0.7, 0.3]]), np.array([[0.2], [0.4]])])
    X, y = np.array([[0.0, 1.0]]), np.array([1.0])
    zs, acts = net.forward(X)
    np.testing.assert_allclose(acts[1], [[0.332, 0.574]], atol=5e-4)
    np.testing.assert_allclose(acts[2], [[0.573]], atol=6e-4)
    grads, deltas = net.backprop(X, y, return_deltas=True)
    assert -deltas[1][0, 0] == pytest.approx(0.1044, abs=2e-4)  # the seed's delta is -dC/dz
    net.train_step(X, y, SGD(0.25))
    np.testing.assert_allclose(net.weights[1].ravel(), [0.2086, 0.4149], atol=2e-4)
    # the seed prints -0.684 for the first hidden weight: its delta 0.046 should be 0.0046
    np.testing.assert_allclose(net.weights[0], [[0.1, 0.5], [-0.6988, 0.3026]], atol=1e-4)
    assert net.predict(X)[0, 0] == pytest.approx(0.576, abs=6e-4)


def test_seed_001_relu_example():
    # inputs (0, 1), hidden ReLU values 1 and 3, output weights 1 and 2, prediction 7, target 4
    net = Network([2, 2, 1], "relu", "relu", loss="mse", use_bias=False)
    net.set_weights([np.array([[0.0, 2.0], [1.0, 3.0]]), np.array([[1.0], [2.0]])])
    X, y = np.array([[0.0, 1.0]]), np.array([4.0])
    assert net.predict(X)[0, 0] == 7
    grads = net.backprop(X, y)
    np.testing.assert_allclose(grads[1].ravel(), [6, 18])
    np.testing.assert_allclose(grads[0], [[0, 0], [6, 12]])  # the seed's 18 is a slip for 12


def test_learns_xor():
    X, y = datasets.logic_gate("XOR")
    net = Network([2, 4, 1], "tanh", "sigmoid", loss="binary_crossentropy", seed=0)
    history = net.fit(X, y, epochs=1000, batch_size=4, learning_rate=0.5)
    assert net.evaluate(X, y)["accuracy"] == 1.0
    assert history.history["loss"][-1] < 0.05 < history.history["loss"][0]


def test_digits_reach_95_percent():
    (x_train, y_train), (x_test, y_test) = datasets.load_digits()
    net = Network([64, 32, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    history = net.fit(x_train, y_train, epochs=20, batch_size=32,
                      optimizer=SGD(0.1, momentum=0.9), validation_data=(x_test, y_test))
    assert net.evaluate(x_test, y_test)["accuracy"] >= 0.95
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(history.epoch) == 20


def test_online_and_full_batch_training():
    X, y = datasets.logic_gate("AND")
    online = Network([2, 1], "sigmoid", loss="binary_crossentropy", seed=0)
    online.fit(X, y, epochs=300, batch_size=1, learning_rate=0.5)
    full = Network([2, 1], "sigmoid", loss="binary_crossentropy", seed=0)
    full.fit(X, y, epochs=300, batch_size=None, learning_rate=0.5)
    assert online.evaluate(X, y)["accuracy"] == full.evaluate(X, y)["accuracy"] == 1.0
    # four updates per epoch instead of one: online gets further in the same epochs
    assert online.evaluate(X, y)["loss"] < full.evaluate(X, y)["loss"]


def test_training_is_reproducible_with_a_seed():
    X, y = datasets.noisy_gate("XOR", 80, seed=1)
    runs = []
    for _ in range(2):
        net = Network([2, 6, 1], "relu", "sigmoid", loss="binary_crossentropy", seed=4)
        runs.append(net.fit(X, y, epochs=5, batch_size=8, seed=2).history["loss"])
    assert runs[0] == runs[1]


def test_weights_round_trip_and_counts():
    net = Network([784, 16, 16, 10], "relu", "softmax", loss="categorical_crossentropy")
    assert net.count_params() == count_params([784, 16, 16, 10]) == 13002
    assert sum(p.size for p in net.params) == 13002
    other = Network([784, 16, 16, 10], "relu", "softmax", loss="categorical_crossentropy",
                    seed=1)
    other.set_weights(net.get_weights())
    X = np.random.default_rng(0).uniform(size=(3, 784))
    np.testing.assert_array_equal(other.predict(X), net.predict(X))
    assert count_params([2, 2, 1], use_bias=False) == 6
    assert "13002" in repr(net)
    assert "3 epochs" in repr(Network([1, 1]).fit([[0.0], [1.0]], [0.0, 1.0], epochs=3))
    assert isinstance(net.history, type(None)) and History().history == {}


def test_regression_has_no_accuracy():
    net = Network([1, 3, 1], "tanh", "identity", loss="mse")
    assert set(net.evaluate([[0.0], [1.0]], [0.5, 1.0])) == {"loss"}


@pytest.mark.parametrize("call, message", [
    (lambda: Network([2]), "sizes needs >= 2 layers"),
    (lambda: Network([2, 0, 1]), "sizes needs >= 2 layers"),
    (lambda: Network([2, 1.5, 1]), "as whole numbers"),
    (lambda: Network("abc"), "sizes must be a list of whole numbers"),
    (lambda: Network([2, 2, 1], "sigmiod"), "unknown activation 'sigmiod'"),
    (lambda: Network([2, 2, 1], "step"), "slope 0 everywhere"),
    (lambda: Network([2, 2, 1], "softmax", "sigmoid"), "softmax is for the output layer"),
    (lambda: Network([2, 2, 2, 1], ["relu"], "sigmoid"), "2 hidden layers need 2"),
    (lambda: Network([2, 2, 1], ["relu"]), "give output_activation"),
    (lambda: Network([2, 1], loss="crossentropy"), "unknown loss 'crossentropy'"),
    (lambda: Network([2, 1], l2=-1), "l2 must be >= 0"),
    (lambda: Network([2, 1]).predict([[1.0, 2.0, 3.0]]), r"X must have shape \(n_samples, 2\)"),
    (lambda: Network([2, 1]).predict([[np.nan, 1.0]]), "NaN"),
    (lambda: Network([2, 1]).cost([[0.0, 1.0]] * 3, [1.0, 0.0]), "X has 3 samples but y"),
    (lambda: Network([2, 3]).cost([[0.0, 1.0]] * 2, [1, 3]), r"labels must be 0 \.\.\. 2"),
    (lambda: Network([2, 3]).cost([[0.0, 1.0]] * 2, np.zeros((2, 2))), r"y must have shape"),
    (lambda: Network([2, 1]).fit([[0.0, 1.0]], [1.0], epochs=0), "epochs must be"),
    (lambda: Network([2, 1]).fit([[0.0, 1.0]], [1.0], batch_size=0), "batch_size must be"),
    (lambda: Network([2, 1]).fit([[0.0, 1.0]], [1.0], optimizer="sgdd"), "unknown optimizer"),
    (lambda: Network([2, 1]).fit([[0.0, 1.0]], [1.0], optimizer=SGD(), learning_rate=1),
     "set learning_rate on the optimizer"),
    (lambda: Network([2, 1]).set_weights([np.ones((2, 1))]), r"expected 2 arrays"),
    (lambda: Network([2, 1]).set_weights([np.ones((1, 2)), np.ones(1)]),
     r"weights\[0\] must have shape \(2, 1\)"),
])
def test_bad_input_is_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_divergence_is_reported():
    X = np.array([[100.0], [200.0]])
    net = Network([1, 1], "identity", loss="mse")
    with pytest.raises(FloatingPointError, match="training diverged"):
        with np.errstate(all="ignore"):
            net.fit(X, [1.0, 2.0], epochs=50, batch_size=2, learning_rate=1.0)


# --- the fast training path (issue 7): the same numbers as the checked functions -------------

def test_evaluate_is_cost_and_accuracy_from_one_forward_pass():
    (x, y), _ = datasets.load_digits()
    net = Network([64, 16, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    net.fit(x, y, epochs=1, batch_size=32)
    assert net.evaluate(x, y) == {"loss": net.cost(x, y), "accuracy": net.accuracy(x, y)}
    # fit's recorded numbers are the same evaluation
    assert net.history.history["loss"][-1] == net.cost(x, y)


def test_prediction_in_chunks_is_the_same():
    X = np.random.default_rng(0).random((1000, 8))
    net = Network([8, 5, 3], "tanh", "softmax", seed=0)
    whole = net._predict(net._inputs(X), chunk=10_000)
    np.testing.assert_allclose(net._predict(net._inputs(X), chunk=64), whole, rtol=1e-12)


def test_float32_network_trains_in_float32_close_to_float64():
    (x, y), (x_test, y_test) = datasets.load_digits()
    nets = {dtype: Network([64, 30, 10], "sigmoid", loss="quadratic", seed=0, dtype=dtype)
            for dtype in ("float64", "float32")}
    for net in nets.values():
        net.fit(x, y, epochs=3, batch_size=10, optimizer=SGD(3.0))
    n32, n64 = nets["float32"], nets["float64"]
    assert all(p.dtype == np.float32 for p in n32.params)
    assert n32.predict(x_test).dtype == np.float32
    assert all(g.dtype == np.float32 for g in n32.backprop(x[:5], y[:5]))
    for a, b in zip(n32.params, n64.params, strict=True):
        np.testing.assert_allclose(a, b, atol=2e-3)
    assert abs(n32.accuracy(x_test, y_test) - n64.accuracy(x_test, y_test)) < 0.01
    assert "dtype='float32'" in repr(n32) and "dtype" not in repr(n64)


def test_float32_inputs_are_not_copied_through_float64():
    X = np.random.default_rng(0).random((20, 4)).astype(np.float32)
    net = Network([4, 3, 1], seed=0, dtype="float32")
    assert net._inputs(X) is X  # already the right type: no copy at all


@pytest.mark.parametrize("dtype", ["float16", "int32", None, "double"])
def test_unknown_dtype_is_a_clear_error(dtype):
    with pytest.raises(ValueError, match="dtype must be 'float64' or 'float32'"):
        Network([2, 2, 1], dtype=dtype)


def test_a_network_pickles_and_trains_on_after_loading():
    import pickle

    (x, y), _ = datasets.load_digits()
    net = Network([64, 16, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    net.fit(x, y, epochs=1)
    copy = pickle.loads(pickle.dumps(net))
    assert all(np.array_equal(a, b) for a, b in zip(copy.params, net.params, strict=True))
    copy.fit(x, y, epochs=1)
    net.fit(x, y, epochs=1)
    assert all(np.array_equal(a, b) for a, b in zip(copy.params, net.params, strict=True))
