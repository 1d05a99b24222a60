"""Small data sets for the course: logic-gate truth tables and noisy 2-D toys.

Rows are samples: ``X`` has shape ``(n_samples, n_features)`` and ``y`` has shape
``(n_samples,)``. Everything random takes a ``seed`` (or a ``numpy.random.Generator``)
so that every figure in the book is reproducible.
"""

from __future__ import annotations

import itertools

import numpy as np

from nnbook._optional import require
from nnbook._validation import number, whole

GATES = ("AND", "OR", "NAND", "NOR", "XOR", "XNOR")

_RULES = {
    "AND": lambda bits: bits.all(axis=1),
    "OR": lambda bits: bits.any(axis=1),
    "NAND": lambda bits: ~bits.all(axis=1),
    "NOR": lambda bits: ~bits.any(axis=1),
    "XOR": lambda bits: bits.sum(axis=1) % 2 == 1,  # n inputs: odd parity
    "XNOR": lambda bits: bits.sum(axis=1) % 2 == 0,
}


def _gate_name(gate) -> str:
    name = str(gate).upper()
    if name not in _RULES:
        raise ValueError(f"gate must be one of {GATES}; got {gate!r}")
    return name


def binary_inputs(n_inputs: int = 2) -> np.ndarray:
    """All ``2**n_inputs`` input rows in counting order: (0,0), (0,1), (1,0), (1,1), ...

    Returns
    -------
    X : ndarray of shape (2**n_inputs, n_inputs), dtype float
    """
    n_inputs = whole(n_inputs, "n_inputs", 1, 16)  # 2**16 rows at most
    return np.array(list(itertools.product((0.0, 1.0), repeat=n_inputs)))


def logic_gate(gate: str, n_inputs: int = 2):
    """Truth table of a logic gate with ``n_inputs`` inputs.

    Parameters
    ----------
    gate : {"AND", "OR", "NAND", "NOR", "XOR", "XNOR"}
        Case does not matter. XOR with more than two inputs is odd parity.
    n_inputs : int
        Number of inputs (default 2).

    Returns
    -------
    X : ndarray of shape (2**n_inputs, n_inputs)
    y : ndarray of shape (2**n_inputs,), values 0 or 1 (integers)
    """
    name = _gate_name(gate)
    X = binary_inputs(n_inputs)
    y = _RULES[name](X.astype(bool)).astype(int)
    return X, y


def noisy_gate(gate: str = "XOR", n_samples: int = 200, noise: float = 0.15, seed=0):
    """Points scattered around the four corners of the unit square, labelled by a gate.

    Parameters
    ----------
    gate : str
        Any two-input gate from :data:`GATES`.
    n_samples : int
        Total number of points (shared out as evenly as possible over the corners).
    noise : float
        Standard deviation of the Gaussian jitter around each corner.
    seed : int or numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    """
    corners, labels = logic_gate(gate, 2)
    n_samples = whole(n_samples, "n_samples", 1)
    noise = number(noise, "noise", at_least=0)
    gen = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    which = np.arange(int(n_samples)) % 4
    gen.shuffle(which)
    X = corners[which] + gen.normal(0.0, noise, size=(int(n_samples), 2))
    return X, labels[which]


def blobs(n_samples: int = 100, distance: float = 3.0, seed=0):
    """Two Gaussian clouds in 2-D, class 0 and class 1, ``distance`` apart.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    """
    n_samples = whole(n_samples, "n_samples", 2)
    gen = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    y = np.arange(int(n_samples)) % 2
    gen.shuffle(y)
    centres = np.array([[0.0, 0.0], [distance, distance]]) / np.sqrt(2)
    X = centres[y] + gen.normal(size=(int(n_samples), 2))
    return X, y


def one_hot(labels, n_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer class labels: row ``i`` has a 1 in column ``labels[i]``.

    Parameters
    ----------
    labels : array_like of int, shape (n_samples,)
    n_classes : int, optional
        Number of columns; default ``max(labels) + 1``.

    Returns
    -------
    Y : ndarray of shape (n_samples, n_classes), dtype float
    """
    raw = np.asarray(labels)
    if raw.ndim != 1 or raw.size == 0:
        raise ValueError(f"labels must have shape (n_samples,) with n_samples >= 1; "
                         f"got shape {raw.shape}")
    if not np.issubdtype(raw.dtype, np.integer):
        if not np.issubdtype(raw.dtype, np.floating) or np.any(raw != np.round(raw)):
            raise ValueError(f"labels must be whole numbers 0, 1, ...; got {raw[:5]!r}")
        raw = raw.astype(int)
    if raw.min() < 0:
        raise ValueError(f"labels must be >= 0; got {raw.min()}")
    k = int(raw.max()) + 1 if n_classes is None else int(n_classes)
    if raw.max() >= k:
        raise ValueError(f"label {raw.max()} does not fit in n_classes = {k}")
    Y = np.zeros((raw.size, k))
    Y[np.arange(raw.size), raw] = 1.0
    return Y


def moons(n_samples: int = 200, noise: float = 0.2, seed=0):
    """Two interleaving half-moons in 2-D (scikit-learn's ``make_moons``), classes 0 and 1.

    No straight line separates them, so they need a hidden layer.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,), dtype int
    """
    make_moons = require("sklearn.datasets", "nnbook.datasets.moons").make_moons

    n_samples = whole(n_samples, "n_samples", 2)
    noise = number(noise, "noise", at_least=0)
    gen = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    X, y = make_moons(int(n_samples), noise=float(noise),
                      random_state=int(gen.integers(2**31 - 1)))
    return X, y


def load_digits(test_size: float = 0.25, seed=0):
    """scikit-learn's bundled 8x8 digit images, flattened, scaled to [0, 1] and split.

    1797 images of the digits 0-9 ship with scikit-learn, so this needs no network. The
    split is stratified (each digit in the same proportion in both parts).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` of shape ``(n, 64)`` with pixel values in [0, 1]; ``y`` integer labels of
        shape ``(n,)``; the same layout as ``keras.datasets.mnist.load_data()`` (but flat).
    """
    sk_load_digits = require("sklearn.datasets", "nnbook.datasets.load_digits").load_digits
    train_test_split = require("sklearn.model_selection",
                               "nnbook.datasets.load_digits").train_test_split

    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be a fraction between 0 and 1; got {test_size}")
    gen = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    data = sk_load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data / 16.0, data.target, test_size=test_size, stratify=data.target,
        random_state=int(gen.integers(2**31 - 1)))
    return (x_train, y_train), (x_test, y_test)


# Seed 003's six people: (weight in lb, height in in), label 1 = female, 0 = male. The OCR
# reads "28@" and "23e"; the "@"/"e" are zeros (as in "15@" = 150), so 280 and 230.
WEIGHT_HEIGHT = (
    np.array([[150.0, 67.0], [130.0, 68.0], [280.0, 65.0],
              [125.0, 52.0], [230.0, 72.0], [181.0, 70.0]]),
    np.array([1, 1, 0, 1, 0, 0]),
)


def drug_trial(n_per_group: int = 1000, n_exceptions: int = 50, seed=0):
    """Seed 003's side-effect data: ages 13-100, label 1 = had side effects.

    Most people aged 65 or more had side effects and most younger people did not; a few in
    each group are exceptions. With the defaults there are 2 * (1000 + 50) = 2100 people, so
    ``validation_split=0.2`` leaves the seed's "Train on 1680 samples, validate on 420".

    Returns
    -------
    age : ndarray of shape (n, 1), float, in years (unscaled)
    y : ndarray of shape (n,), dtype int
    """
    n_per_group, n_exceptions = whole(n_per_group, "n_per_group"), whole(n_exceptions,
                                                                          "n_exceptions")
    gen = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    young = lambda n: gen.integers(13, 65, n)  # noqa: E731
    old = lambda n: gen.integers(65, 101, n)  # noqa: E731
    ages = np.concatenate([young(n_exceptions), old(n_exceptions),
                           young(n_per_group), old(n_per_group)])
    y = np.concatenate([np.ones(n_exceptions), np.zeros(n_exceptions),
                        np.zeros(n_per_group), np.ones(n_per_group)]).astype(int)
    order = gen.permutation(ages.size)
    return ages[order].astype(float).reshape(-1, 1), y[order]


MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
IMAGE_SHAPES = {"digits": (8, 8), "mnist": (28, 28)}
_MNIST_KEYS = ("x_train", "y_train", "x_test", "y_test")


class DatasetUnavailable(RuntimeError):
    """Raised when MNIST is neither cached nor downloadable; the message says what to do."""


def _check_path(path):
    import os

    if not isinstance(path, str | os.PathLike):  # an int would open a file descriptor
        raise TypeError(f"path must be a file path (str or Path); got {type(path).__name__}")
    return path


def sha256_of(path) -> str:
    """The SHA-256 hex digest of a file, read in 1 MB chunks."""
    import hashlib

    _check_path(path)
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_mnist_npz(path, sha256):
    from pathlib import Path

    path = Path(_check_path(path))
    if not path.is_file():
        raise FileNotFoundError(f"no MNIST file at {path}; download {MNIST_URL} there")
    if sha256 is not None and sha256_of(path) != sha256:
        raise ValueError(f"{path} is corrupted or not mnist.npz: its SHA-256 is not {sha256}. "
                         "Delete it and download it again.")
    with np.load(path, allow_pickle=False) as f:
        missing = [k for k in _MNIST_KEYS if k not in f.files]
        if missing:
            raise ValueError(f"{path} is not in MNIST's format: it lacks {missing}")
        x_train, y_train, x_test, y_test = (f[k] for k in _MNIST_KEYS)
    return (x_train, y_train), (x_test, y_test)


def _download_mnist(timeout):
    import socket

    keras = require("keras", "nnbook.datasets.load_mnist (its download)")

    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # never hang on a network that drops packets
    try:
        return keras.datasets.mnist.load_data()
    except Exception as exc:  # Keras wraps URL, HTTP and hash errors in plain Exception
        raise DatasetUnavailable(
            f"MNIST could not be loaded ({type(exc).__name__}: {exc}). Keras downloads it "
            f"once from {MNIST_URL} into ~/.keras/datasets/ and checks its SHA-256; this "
            "needs the internet (Colab has it). Offline, download the file elsewhere and "
            "call load_mnist(path=...), or set DATASET = 'digits'.") from None
    finally:
        socket.setdefaulttimeout(old)


def _prepare_images(x, y, what):
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim != 3 or x.shape[1:] != (28, 28) or y.shape != (x.shape[0],):
        raise ValueError(f"{what}: expected images of shape (n, 28, 28) and labels of shape "
                         f"(n,); got {x.shape} and {y.shape}")
    return (x.reshape(len(x), -1) / 255.0).astype(np.float32), y.astype(np.int64)


def load_mnist(path=None, sha256: str | None = MNIST_SHA256, timeout: float = 30.0):
    """MNIST's 70,000 28x28 digits, flattened to 784 and scaled to [0, 1] like ``load_digits``.

    Without ``path`` this calls Keras's own loader, which downloads ``mnist.npz`` once
    (11 MB) into ``~/.keras/datasets/`` and verifies its SHA-256. A cached file that fails the
    check (a download cut short) is downloaded again. Without a network it raises
    :class:`DatasetUnavailable` with instructions, within ``timeout`` seconds (and Keras
    deletes the bad file).

    Parameters
    ----------
    path : str or Path, optional
        A local ``mnist.npz`` (keys x_train, y_train, x_test, y_test) to read instead.
    sha256 : str or None
        The expected digest of ``path``; None skips the check (for your own small files).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` float32 of shape ``(n, 784)``; ``y`` integer labels of shape ``(n,)``.
    """
    raw = _download_mnist(timeout) if path is None else _read_mnist_npz(path, sha256)
    (x_train, y_train), (x_test, y_test) = raw
    return (_prepare_images(x_train, y_train, "training set"),
            _prepare_images(x_test, y_test, "test set"))


def load(name: str = "digits"):
    """The chapters' one switch: ``load("digits")`` (bundled, 8x8) or ``load("mnist")``.

    Both return ``(x_train, y_train), (x_test, y_test)`` with flat images scaled to
    [0, 1]; ``IMAGE_SHAPES[name]`` gives the shape to draw them.
    """
    loaders = {"digits": load_digits, "mnist": load_mnist}
    if name not in loaders:
        raise ValueError(f"DATASET must be 'digits' or 'mnist'; got {name!r}")
    return loaders[name]()
