"""Seconds per epoch of nnbook's network, against a per-sample loop and scikit-learn.

The same 64-32-10 ReLU/softmax network, the same data (scikit-learn's digits, 1347 training
images), mini-batches of 32, plain SGD. Three ways to do one epoch:

* ``nnbook`` vectorised: ``Network.fit`` (one matrix product per layer per mini-batch);
* per-sample loop: the same updates, but each mini-batch's gradient is summed from 32
  single-sample backprops (Nielsen's ``network.py`` style);
* scikit-learn's ``MLPClassifier`` (``solver="sgd"``, ``partial_fit`` for one epoch).

Run with ``make bench``. Not a test: timings vary from machine to machine; compare the
ratios, measured in one run.
"""

import time
import warnings

import numpy as np
from sklearn.neural_network import MLPClassifier

from nnbook import datasets
from nnbook.network import Network
from nnbook.optimizers import SGD

EPOCHS, BATCH, RATE = 5, 32, 0.1


def per_sample_epoch(net, X, y, optimizer, gen):
    order = gen.permutation(len(X))
    for start in range(0, len(X), BATCH):
        batch = order[start:start + BATCH]
        total = [np.zeros_like(p) for p in net.params]
        for i in batch:  # one sample at a time, then the mean, as the vectorised cost does
            for t, g in zip(total, net.backprop(X[i:i + 1], y[i:i + 1]), strict=True):
                t += g
        optimizer.step(net.params, [t / len(batch) for t in total])


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    (x_train, y_train), (x_test, y_test) = datasets.load_digits()
    vec = Network([64, 32, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    t_vec = timed(lambda: vec.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH,
                                  optimizer=SGD(RATE))) / EPOCHS

    loop = Network([64, 32, 10], "relu", "softmax", loss="categorical_crossentropy", seed=0)
    gen, opt = np.random.default_rng(0), SGD(RATE)
    t_loop = timed(lambda: [per_sample_epoch(loop, x_train, y_train, opt, gen)
                            for _ in range(EPOCHS)]) / EPOCHS

    sk = MLPClassifier((32,), solver="sgd", learning_rate_init=RATE, momentum=0.0,
                       batch_size=BATCH, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_sk = timed(lambda: [sk.partial_fit(x_train, y_train, classes=np.arange(10))
                              for _ in range(EPOCHS)]) / EPOCHS

    print(f"64-32-10 on {len(x_train)} digits, batch {BATCH}, {EPOCHS} epochs each, "
          "seconds per epoch:")
    print(f"  nnbook Network.fit (vectorised): {t_vec * 1e3:8.1f} ms  (includes the per-epoch "
          "evaluation)")
    print(f"  per-sample loop:                 {t_loop * 1e3:8.1f} ms  = {t_loop / t_vec:5.1f}x "
          "nnbook")
    print(f"  scikit-learn MLPClassifier:      {t_sk * 1e3:8.1f} ms  = {t_sk / t_vec:5.1f}x "
          "nnbook")
    print(f"  test accuracy after {EPOCHS} epochs: nnbook {vec.accuracy(x_test, y_test):.3f}, "
          f"loop {loop.accuracy(x_test, y_test):.3f}, scikit-learn {sk.score(x_test, y_test):.3f}")


if __name__ == "__main__":
    main()
