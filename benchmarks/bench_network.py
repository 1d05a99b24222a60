"""nnbook's network against a per-sample backprop loop, scikit-learn and Keras.

The same net for all four: [784, 30, 10], sigmoid layers, the quadratic cost (Nielsen's
``(1/2n) sum ||y - a||^2``), mini-batches of 10 (and 128), learning rate 3.0, one epoch over
60,000 random 784-pixel "images" (random data is fine for speed: the work does not depend on
the values). Then [64, 30, 10] on scikit-learn's digits for accuracy.

* per-sample loop: the classic textbook algorithm (Nielsen's ``network.py``), written here for
  the benchmark: column vectors, one backprop per sample, gradients summed over the batch;
* nnbook: ``Network.fit`` (one matrix product per layer per mini-batch), float64 and float32;
  its epoch includes the end-of-epoch evaluation on all 60,000 samples that fills ``History``,
  so the training steps alone are also shown;
* scikit-learn: ``MLPClassifier(solver="sgd")``, one ``partial_fit`` per epoch. The same layers,
  but its output layer is softmax with log-loss (it has no other for classification);
* Keras: ``model.fit`` on CPU, after one warm-up epoch (tracing), default
  ``steps_per_execution`` and a larger one. Keras runs last, in the same process: once
  TensorFlow has run, its idle threads slow NumPy's timings down.

GFLOP/s counts the matrix products only: per sample, 2 * sum(n_in * n_out) forward, as much
again for the weight gradients, and 2 * n_in * n_out for each layer's delta below the output.

Run with ``make bench`` (about 2 minutes). Timings vary from machine to machine and from run
to run: compare the ratios within one run. Each figure is the best of a few epochs.
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _common import best_of, machine, matmul_peak  # noqa: E402

from nnbook import datasets  # noqa: E402
from nnbook.network import Network  # noqa: E402
from nnbook.optimizers import SGD  # noqa: E402
from nnbook.seeding import rng as make_rng  # noqa: E402

SIZES, RATE, N = [784, 30, 10], 3.0, 60_000


# --- the per-sample loop: Nielsen's network.py, as written in the textbook -------------------

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class PerSampleNetwork:
    """Column vectors, one backprop per sample; weights ``W[l]`` of shape (n_out, n_in)."""

    def __init__(self, net: Network):  # start from nnbook's weights, to compare the results
        self.weights = [W.T.astype(float) for W in net.weights]
        self.biases = [b[:, None].astype(float) for b in net.biases]

    def backprop(self, x, y):
        activation, activations, zs = x, [x], []
        for b, w in zip(self.biases, self.weights, strict=True):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = _sigmoid(z)
            activations.append(activation)
        delta = (activations[-1] - y) * activations[-1] * (1 - activations[-1])
        nabla_b, nabla_w = [delta], [np.dot(delta, activations[-2].T)]
        for layer in range(2, len(self.weights) + 1):
            s = activations[-layer]
            delta = np.dot(self.weights[-layer + 1].T, delta) * s * (1 - s)
            nabla_b.insert(0, delta)
            nabla_w.insert(0, np.dot(delta, activations[-layer - 1].T))
        return nabla_b, nabla_w

    def update_mini_batch(self, batch, eta):
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in batch:
            delta_b, delta_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_b, strict=True)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_w, strict=True)]
        self.weights = [w - (eta / len(batch)) * nw
                        for w, nw in zip(self.weights, nabla_w, strict=True)]
        self.biases = [b - (eta / len(batch)) * nb
                       for b, nb in zip(self.biases, nabla_b, strict=True)]

    def epoch(self, data, batch_size, eta, order):
        for start in range(0, len(data), batch_size):
            self.update_mini_batch([data[i] for i in order[start:start + batch_size]], eta)

    def predict(self, X):
        a = X.T
        for b, w in zip(self.biases, self.weights, strict=True):
            a = _sigmoid(w @ a + b)
        return a.T


def columns(X, Y):
    """The loop's data layout: a list of (784, 1) and (10, 1) column vectors."""
    return [(x[:, None], y[:, None]) for x, y in zip(X, Y, strict=True)]


# --- FLOPs ---------------------------------------------------------------------------------------

def gemm_flops(sizes, n_samples, evaluate=True):
    """Matrix-product FLOPs of one training epoch (and of the end-of-epoch forward pass)."""
    pairs = [a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    train = n_samples * (4 * sum(pairs) + 2 * sum(pairs[1:]))
    return train + (2 * n_samples * sum(pairs) if evaluate else 0)


# --- the runs ------------------------------------------------------------------------------------

def nnbook_epoch(X, y, batch, dtype, sizes=SIZES, repeat=3):
    """Best seconds of one ``fit`` epoch, and of its end-of-epoch evaluation alone."""
    net = Network(sizes, "sigmoid", loss="quadratic", seed=0, dtype=dtype)
    Xd = X.astype(dtype)
    t_fit = best_of(lambda: net.fit(Xd, y, epochs=1, batch_size=batch, optimizer=SGD(RATE)),
                    repeat)
    Y = net._targets(y, len(Xd))
    t_eval = best_of(lambda: net._evaluate(Xd, Y), repeat)
    return t_fit, t_eval


def gemm_floor(batch, dtype, sizes=SIZES, repeat=3):
    """Seconds of the training epoch's matrix products alone, at their real shapes: no row
    gather, no activation, no update. No NumPy version of the algorithm can be faster."""
    gen = make_rng(3)
    acts = [gen.random((batch, n)).astype(dtype) for n in sizes]  # a_0 = x, a_1, ..., output
    Ws = [gen.random((a, b)).astype(dtype) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]

    def epoch():
        for _ in range(N // batch):
            for a, W in zip(acts[:-1], Ws, strict=True):
                a @ W  # forward
            for layer, (a, d) in enumerate(zip(acts[:-1], acts[1:], strict=True)):
                a.T @ d  # weight gradient
                if layer:
                    d @ Ws[layer].T  # delta to the layer below
    return best_of(epoch, repeat)


def sklearn_epoch(X, y, batch, dtype, repeat=3):
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier((SIZES[1],), activation="logistic", solver="sgd", alpha=0.0,
                          learning_rate_init=RATE, momentum=0.0, batch_size=batch,
                          random_state=0)
    Xd = X.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return best_of(lambda: model.partial_fit(Xd, y, classes=np.arange(10)), repeat)


def keras_model(sizes, steps_per_execution=1):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(sizes[0],))] + [
        keras.layers.Dense(n, activation="sigmoid") for n in sizes[1:]])

    def quadratic(y_true, y_pred):  # Nielsen's cost; Keras averages it over the batch
        return 0.5 * keras.ops.sum(keras.ops.square(y_true - y_pred), axis=-1)

    model.compile(keras.optimizers.SGD(RATE), quadratic, metrics=["accuracy"],
                  steps_per_execution=steps_per_execution)
    return model


def keras_epoch(X, Y, batch, steps_per_execution, repeat=2):
    model = keras_model(SIZES, steps_per_execution)
    X32, Y32 = X.astype("float32"), Y.astype("float32")
    model.fit(X32, Y32, batch_size=batch, epochs=1, verbose=0)  # warm-up: traces the step
    return best_of(lambda: model.fit(X32, Y32, batch_size=batch, epochs=1, verbose=0), repeat)


def row(name, seconds, loop, flops, peak):
    gflops = flops / seconds / 1e9
    print(f"  {name:<56} {seconds:7.3f} s  {loop / seconds:6.1f}x   {gflops:6.1f} GFLOP/s "
          f"({100 * gflops / peak:3.0f}% of peak)")


def mnist_shaped():
    gen = make_rng(0)
    X = gen.random((N, SIZES[0]))
    y = gen.integers(0, 10, N)
    return X, y, np.eye(10)[y]


def speed(peak64, peak32):
    """The NumPy rows; returns the per-sample loop's seconds per batch size."""
    X, y, Y = mnist_shaped()
    data = columns(X, Y)
    loops = {}
    flops, flops_train = gemm_flops(SIZES, N), gemm_flops(SIZES, N, evaluate=False)
    print(f"\n[784, 30, 10] sigmoid, quadratic cost, lr {RATE}, one epoch of {N:,} random "
          f"samples; ratio = per-sample loop / this (higher is faster)")
    for batch in (10, 128):
        order = make_rng(0).permutation(N)
        loop = PerSampleNetwork(Network(SIZES, seed=0))
        t_loop = loops[batch] = best_of(lambda: loop.epoch(data, batch, RATE, order), 1)  # noqa: B023
        print(f" batch {batch}:")
        row("per-sample loop (Nielsen), float64", t_loop, t_loop, flops_train, peak64)
        for dtype, peak in (("float64", peak64), ("float32", peak32)):
            t_fit, t_eval = nnbook_epoch(X, y, batch, dtype)
            row(f"nnbook fit, {dtype}", t_fit, t_loop, flops, peak)
            row("  of which training steps (no evaluation)", t_fit - t_eval, t_loop,
                flops_train, peak)
        for dtype, peak in (("float64", peak64), ("float32", peak32)):
            row(f"matrix products alone (the floor), {dtype}", gemm_floor(batch, dtype),
                t_loop, flops_train, peak)
        for dtype, peak in (("float64", peak64), ("float32", peak32)):
            row(f"scikit-learn MLPClassifier, {dtype}", sklearn_epoch(X, y, batch, dtype),
                t_loop, flops_train, peak)
    return loops


def keras_speed(loops, peak32):
    """Keras last: once TensorFlow has run, its idle threads disturb NumPy's timings."""
    X, _, Y = mnist_shaped()
    print("\nKeras on the same net and data (ratio against the per-sample loop above):")
    for batch in (10, 128):
        for spe in (1, 100 if batch == 10 else 20):
            row(f"batch {batch}: Keras fit, float32, steps_per_execution {spe}",
                keras_epoch(X, Y, batch, spe), loops[batch], gemm_flops(SIZES, N, False),
                peak32)


def efficiency(peak64, peak32):
    sizes = [784, 100, 10]
    X = make_rng(1).random((N, 784))
    y = make_rng(2).integers(0, 10, N)
    print(f"\n{sizes} at batch 128: share of the measured matmul peak (training steps only)")
    for dtype, peak in (("float64", peak64), ("float32", peak32)):
        t_fit, t_eval = nnbook_epoch(X, y, 128, dtype, sizes)
        gflops = gemm_flops(sizes, N, evaluate=False) / (t_fit - t_eval) / 1e9
        gflops_all = gemm_flops(sizes, N) / t_fit / 1e9
        floor = gemm_flops(sizes, N, evaluate=False) / gemm_floor(128, dtype, sizes) / 1e9
        print(f"  nnbook {dtype}: {t_fit:.3f} s per epoch; training steps {gflops:5.1f} GFLOP/s = "
              f"{100 * gflops / peak:3.0f}% of peak; whole epoch {gflops_all:5.1f} GFLOP/s = "
              f"{100 * gflops_all / peak:3.0f}%; the matrix products alone {floor:5.1f} GFLOP/s "
              f"= {100 * floor / peak:3.0f}%")


def accuracy(epochs=30):
    (x_train, y_train), (x_test, y_test) = datasets.load_digits()
    sizes = [64, 30, 10]
    Y_train = np.eye(10)[y_train]
    print(f"\n[64, 30, 10] on digits ({len(x_train)} training, {len(x_test)} test images), "
          f"batch 10, lr {RATE}, {epochs} epochs: test accuracy")
    net = Network(sizes, "sigmoid", loss="quadratic", seed=0)
    loop = PerSampleNetwork(net)
    net.fit(x_train, y_train, epochs=epochs, batch_size=10, optimizer=SGD(RATE), seed=0)
    gen, data = make_rng(0), columns(x_train, Y_train)
    for _ in range(epochs):  # the same shuffles as Network.fit(seed=0)
        loop.epoch(data, 10, RATE, gen.permutation(len(data)))
    same = max(float(np.abs(a.T - b).max()) for a, b in zip(loop.weights, net.weights,
                                                              strict=True))
    print(f"  nnbook {net.accuracy(x_test, y_test):.3f}, per-sample loop "
          f"{np.mean(loop.predict(x_test).argmax(1) == y_test):.3f} (same start and shuffles: "
          f"largest weight difference {same:.1e})")
    from sklearn.neural_network import MLPClassifier

    for rate in (RATE, 0.1):
        model = MLPClassifier((30,), activation="logistic", solver="sgd", alpha=0.0,
                              learning_rate_init=rate, momentum=0.0, batch_size=10,
                              max_iter=epochs, random_state=0, n_iter_no_change=epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x_train, y_train)
        print(f"  scikit-learn (softmax + log-loss), lr {rate}: {model.score(x_test, y_test):.3f}")


def keras_accuracy(epochs=30):
    (x_train, y_train), (x_test, y_test) = datasets.load_digits()
    Y_train = np.eye(10)[y_train]
    model = keras_model([64, 30, 10], steps_per_execution=50)
    model.fit(x_train.astype("float32"), Y_train.astype("float32"), batch_size=10,
              epochs=epochs, verbose=0)
    acc = np.mean(model.predict(x_test.astype("float32"), verbose=0).argmax(1) == y_test)
    print(f"  Keras (the same digits, {epochs} epochs, batch 10, lr {RATE}): {acc:.3f}")


def main():
    with_keras = "--no-keras" not in sys.argv
    print(machine())
    peak64, peak32 = matmul_peak("float64"), matmul_peak("float32")
    print(f"NumPy matmul peak (2048 x 2048): float64 {peak64:.0f} GFLOP/s, "
          f"float32 {peak32:.0f} GFLOP/s")
    start = time.perf_counter()
    loops = speed(peak64, peak32)
    efficiency(peak64, peak32)
    accuracy()
    if with_keras:
        keras_speed(loops, peak32)
        keras_accuracy()
    print(f"\n(benchmark took {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
