"""One call that makes a notebook reproducible: :func:`set_seed`."""

from __future__ import annotations

import os
import random
import sys

import numpy as np

from nnbook._validation import whole


def set_seed(seed: int = 0) -> None:
    """Seed Python's ``random``, NumPy's global generator and, if loaded, Keras/TensorFlow.

    TensorFlow is never imported here: it is seeded only when the notebook has already
    imported it (or Keras), and then op determinism is switched on as well, so that
    training gives the same numbers on every run on the same machine.

    Parameters
    ----------
    seed : int
        A non-negative integer.
    """
    seed = whole(seed, "seed")
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002  (legacy global state, for code that still uses it)
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(seed)
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        tf.random.set_seed(seed)
        tf.config.experimental.enable_op_determinism()


def rng(seed: int | None = 0) -> np.random.Generator:
    """Return a new ``numpy.random.Generator`` (the package never uses global state)."""
    return np.random.default_rng(seed)
