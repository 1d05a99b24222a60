"""What Keras costs on this machine: importing it, an epoch of seed 002's classifier, XOR.

* the import of TensorFlow/Keras, in a fresh Python each time (best of 3);
* seed 002's digit classifier (784-512-512-10, ReLU, dropout 0.2, softmax, RMSprop, batch
  128) on random MNIST-shaped data (60,000 x 784): seconds per epoch after a warm-up epoch,
  with Keras's default ``steps_per_execution`` and a larger one;
* seed 000's XOR models: 1000 epochs of batch 4, as the seed wrote it, against chapter 6's
  one epoch over 100 stacked copies of the table (the same 1000 updates, in the same order).
  The seed's way is timed over 100 epochs and scaled by 10 (each epoch is the same work).

Run with ``make bench`` (about a minute). Compare the ratios, measured in one run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _common import best_of, machine  # noqa: E402

import nnbook  # noqa: E402, F401  (first: it quietens TensorFlow's C++ logs)

N, BATCH = 60_000, 128


def import_seconds(module: str, repeat: int = 3) -> float:
    code = (f"import time; t = time.perf_counter(); import {module}; "
            f"print(time.perf_counter() - t)")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, check=True, env=env).stdout)
               for _ in range(repeat))


def seed002_model(steps_per_execution):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.RMSprop(),
                  metrics=["accuracy"], steps_per_execution=steps_per_execution)
    return model


def xor_model(units, activation, steps_per_execution=1):
    import keras

    keras.utils.set_random_seed(0)
    init = keras.initializers.RandomNormal(mean=0.75, stddev=0.01, seed=0)
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(units, activation=activation, kernel_initializer=init),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(loss="mean_squared_error", optimizer="adam", metrics=["accuracy"],
                  steps_per_execution=steps_per_execution)
    return model


def main():
    print(machine())
    print(f"\nimport (fresh Python, best of 3): keras {import_seconds('keras'):.2f} s, "
          f"tensorflow {import_seconds('tensorflow'):.2f} s, nnbook "
          f"{import_seconds('nnbook'):.2f} s, nnbook.kerastools (imports Keras) "
          f"{import_seconds('nnbook.kerastools'):.2f} s")

    gen = np.random.default_rng(0)
    X = gen.random((N, 784), dtype=np.float32)
    Y = np.eye(10, dtype=np.float32)[gen.integers(0, 10, N)]
    flops = N * 6 * (784 * 512 + 512 * 512 + 512 * 10)  # forward, weight and delta products
    print(f"\nseed 002's 784-512-512-10 classifier, RMSprop, batch {BATCH}, one epoch of "
          f"{N:,} random images (float32):")
    for spe in (1, 10):
        model = seed002_model(spe)
        model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0)  # warm-up: traces the step
        t = best_of(lambda: model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0), 2)  # noqa: B023
        print(f"  steps_per_execution {spe:>2}: {t:5.2f} s per epoch, {flops / t / 1e9:5.1f} "
              f"GFLOP/s (jit_compile={model.jit_compile})")

    X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y_xor = np.array([[0], [1], [1], [0]], dtype=np.float32)
    print("\nseed 000's XOR models, 1000 updates of batch 4 (Adam, MSE):")
    for name, (units, activation) in {"model 1": (2, "sigmoid"), "model 2": (2, "relu"),
                                      "model 3": (3, "relu")}.items():
        start = time.perf_counter()
        xor_model(units, activation).fit(X_xor, y_xor, batch_size=4, epochs=100, verbose=0)
        seed_way = 10 * (time.perf_counter() - start)
        start = time.perf_counter()
        xor_model(units, activation, steps_per_execution=100).fit(
            np.tile(X_xor, (100, 1)), np.tile(y_xor, (100, 1)), batch_size=4, epochs=10,
            shuffle=False, verbose=0)
        chapter_way = time.perf_counter() - start
        print(f"  {name}: the seed's 1000 epochs {seed_way:5.1f} s (100 timed, x10); chapter 6's "
              f"10 epochs of 100 copies {chapter_way:4.1f} s = {seed_way / chapter_way:4.0f}x "
              f"faster (both include building the model)")


if __name__ == "__main__":
    main()
