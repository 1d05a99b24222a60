"""Speed figures for the helper package. Prints ratios measured in one run.

Run with `make bench`. Not a test: timings vary from machine to machine.
"""

import timeit

import numpy as np

from nnbook import activations, datasets
from nnbook.perceptron import Perceptron


def naive_sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def best(stmt, number):
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number


def main():
    z = np.random.default_rng(0).normal(0, 5, size=1_000_000)
    t_stable = best(lambda: activations.sigmoid(z), 5)
    t_naive = best(lambda: naive_sigmoid(z), 5)
    print(f"sigmoid on 1e6 values: stable {t_stable * 1e3:.1f} ms, naive {t_naive * 1e3:.1f} ms, "
          f"stable/naive = {t_stable / t_naive:.2f}x")
    zs = z.reshape(-1, 10)
    t_soft = best(lambda: activations.softmax(zs), 5)
    print(f"softmax on 1e5 x 10: {t_soft * 1e3:.1f} ms")
    X, y = datasets.logic_gate("AND")
    t_and = best(lambda: Perceptron(epochs=20).fit(X, y), 20)
    Xb, yb = datasets.blobs(1000, distance=8.0, seed=0)
    t_blobs = best(lambda: Perceptron(epochs=20, shuffle=True).fit(Xb, yb), 3)
    print(f"perceptron fit: AND {t_and * 1e3:.2f} ms, 1000 blobs {t_blobs * 1e3:.1f} ms, "
          f"ratio {t_blobs / t_and:.0f}x")


if __name__ == "__main__":
    main()
