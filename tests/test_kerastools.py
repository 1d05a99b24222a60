"""Chapters 6-7 helpers: MNIST loading offline, Keras text views, playgrounds, and the
early-stopping rule of the exercises against Keras's own callback."""

import hashlib
import shutil
import types

import keras
import numpy as np
import pytest

from nnbook import datasets
from nnbook import kerastools as kt
from nnbook.exercises import ch07


def _write_small_mnist(path, n_train=12, n_test=5, seed=0):
    """A file in mnist.npz's format (uint8 28x28 images, uint8 labels), with few images."""
    gen = np.random.default_rng(seed)
    arrays = {"x_train": gen.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
              "y_train": gen.integers(0, 10, n_train, dtype=np.uint8),
              "x_test": gen.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
              "y_test": gen.integers(0, 10, n_test, dtype=np.uint8)}
    np.savez(path, **arrays)
    return arrays


def test_load_mnist_reads_a_file_in_keras_format(tmp_path):
    path = tmp_path / "mnist.npz"
    raw = _write_small_mnist(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist(path, sha256=digest)
    assert x_train.shape == (12, 784) and x_test.shape == (5, 784)
    assert x_train.dtype == np.float32 and 0 <= x_train.min() and x_train.max() <= 1
    np.testing.assert_allclose(x_train[3].reshape(28, 28) * 255, raw["x_train"][3], atol=1e-3)
    np.testing.assert_array_equal(y_test, raw["y_test"])


def test_load_mnist_detects_a_corrupted_or_wrong_file(tmp_path):
    path = tmp_path / "mnist.npz"
    _write_small_mnist(path)
    with pytest.raises(ValueError, match="corrupted"):
        datasets.load_mnist(path)  # the real MNIST digest
    np.savez(tmp_path / "other.npz", x_train=np.zeros((2, 28, 28)))
    with pytest.raises(ValueError, match="lacks"):
        datasets.load_mnist(tmp_path / "other.npz", sha256=None)
    np.savez(tmp_path / "flat.npz", x_train=np.zeros((2, 784)), y_train=np.zeros(2),
             x_test=np.zeros((2, 784)), y_test=np.zeros(2))
    with pytest.raises(ValueError, match=r"shape \(n, 28, 28\)"):
        datasets.load_mnist(tmp_path / "flat.npz", sha256=None)
    with pytest.raises(FileNotFoundError, match="download"):
        datasets.load_mnist(tmp_path / "missing.npz")


def test_load_mnist_uses_keras_loader_and_explains_a_failed_download(monkeypatch):
    small = (np.zeros((3, 28, 28), np.uint8), np.arange(3)), (np.zeros((2, 28, 28)), [1, 2])
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: small)
    (x_train, _), (_, y_test) = datasets.load_mnist()
    assert x_train.shape == (3, 784) and list(y_test) == [1, 2]

    def offline():
        raise Exception("URL fetch failure: [Errno -2] Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(datasets.DatasetUnavailable, match="DATASET = 'digits'") as info:
        datasets.load_mnist()
    assert "load_mnist(path=...)" in str(info.value) and "SHA-256" in str(info.value)


@pytest.fixture
def keras_cache(tmp_path, monkeypatch):
    """Keras's dataset cache moved to a temporary folder, with a corrupted mnist.npz planted
    in it (a download cut short). The network is replaced by ``fetch``, which a test sets."""
    from keras.src.utils import file_utils

    monkeypatch.setattr(file_utils.config, "keras_home", lambda: str(tmp_path))
    cached = tmp_path / "datasets" / "mnist.npz"
    cached.parent.mkdir()
    cached.write_bytes(b"PK\x03\x04 half a zip file")
    cache = types.SimpleNamespace(cached=cached, calls=[], fetch=None, file_utils=file_utils)

    def urlretrieve(url, target, progress=None):
        cache.calls.append(url)
        return cache.fetch(url, target)

    monkeypatch.setattr(file_utils, "urlretrieve", urlretrieve)
    return cache


def test_a_corrupted_keras_cache_is_detected_and_fetched_again(keras_cache, tmp_path,
                                                               monkeypatch):
    good = tmp_path / "good.npz"
    raw = _write_small_mnist(good)
    digest = hashlib.sha256(good.read_bytes()).hexdigest()
    keras_cache.fetch = lambda url, target: shutil.copy(good, target)
    # Keras checks the real MNIST digest; here the small file stands in for the real one.
    real = keras_cache.file_utils.validate_file
    monkeypatch.setattr(keras_cache.file_utils, "validate_file",
                        lambda path, file_hash, algorithm="auto", chunk_size=65535:
                        real(path, digest, algorithm="sha256"))
    (x_train, _), (_, y_test) = datasets.load_mnist()
    assert keras_cache.calls == [datasets.MNIST_URL], "the corrupted file was not fetched again"
    assert x_train.shape == (12, 784)
    np.testing.assert_array_equal(y_test, raw["y_test"])
    assert hashlib.sha256(keras_cache.cached.read_bytes()).hexdigest() == digest


def test_a_corrupted_keras_cache_offline_is_reported_with_instructions(keras_cache):
    import urllib.error

    def offline(url, target):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    keras_cache.fetch = offline
    with pytest.raises(datasets.DatasetUnavailable, match="DATASET = 'digits'") as info:
        datasets.load_mnist()
    assert keras_cache.calls == [datasets.MNIST_URL]
    assert "URL fetch failure" in str(info.value) and "load_mnist(path=...)" in str(info.value)
    assert not keras_cache.cached.exists(), "Keras should remove the bad file"


def test_fit_repeated_and_xor_summary_take_a_model_without_an_input_layer():
    """The seeds' models have no keras.Input: Keras builds them on the first data."""
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    X, y = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([0, 1, 1, 0])
    assert len(kt.fit_repeated(model, X, y, 10).history["loss"]) == 2
    assert kt.xor_summary(model, X, y).splitlines()[2] == "True:        [0 1 1 0]"

def test_load_switch():
    (x_train, y_train), (x_test, _) = datasets.load("digits")
    assert x_train.shape[1] == 64 == np.prod(datasets.IMAGE_SHAPES["digits"])
    assert len(x_train) + len(x_test) == 1797
    with pytest.raises(ValueError, match="'digits' or 'mnist'"):
        datasets.load("cifar")


def test_seed_003_data():
    X, y = datasets.WEIGHT_HEIGHT
    assert X.shape == (6, 2) and list(y) == [1, 1, 0, 1, 0, 0]
    age, side = datasets.drug_trial()
    assert age.shape == (2100, 1) and 13 <= age.min() and age.max() <= 100
    assert side.sum() == 1050
    old = age[:, 0] >= 65
    assert side[old].mean() > 0.9 and side[~old].mean() < 0.1
    with pytest.raises(ValueError, match="n_per_group"):
        datasets.drug_trial(-1)


def test_layer_table_counts_seed_003_cnn_and_13002():
    cnn = keras.Sequential([
        keras.Input((20, 20, 3)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        keras.layers.MaxPooling2D((2, 2), strides=2),
        keras.layers.Conv2D(64, (5, 5), activation="relu", padding="same"),
        keras.layers.Flatten(),
        keras.layers.Dense(2, activation="softmax"),
    ])
    text = kt.layer_table(cnn)
    assert "total parameters: 68,770" in text
    for count, formula in (("64", "(3 + 1) * 16"), ("4,640", "(3*3*16 + 1) * 32"),
                           ("51,264", "(5*5*32 + 1) * 64"), ("12,802", "(6400 + 1) * 2")):
        assert any(count in line and formula in line for line in text.splitlines()), formula
    mlp = keras.Sequential([keras.Input((784,)), keras.layers.Dense(16),
                            keras.layers.Dense(16), keras.layers.Dense(10)])
    assert "total parameters: 13,002" in kt.layer_table(mlp)
    bn = keras.Sequential([keras.Input((3,)), keras.layers.BatchNormalization()])
    assert "4 * 3" in kt.layer_table(bn)


def test_xor_summary_and_history_table():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid",
                                                                     kernel_initializer="zeros")])
    X, y = datasets.logic_gate("XOR")
    text = kt.xor_summary(model, X, y)
    assert "Pred prob:   [0.500 0.500 0.500 0.500]" in text
    assert "Accuracy:    0.50" in text
    table = kt.history_table({"loss": [1.0, 0.5, 0.25], "val_loss": [1.1, 0.6, 0.4]}, every=2)
    lines = table.splitlines()
    assert lines[0].split() == ["epoch", "loss", "val_loss"] and len(lines) == 3
    assert lines[-1].split() == ["3", "0.2500", "0.4000"]
    with pytest.raises(ValueError, match="every"):
        kt.history_table({"loss": [1.0]}, every=0)


def test_playground_model_and_bad_settings():
    model = kt.playground_model(layers=2, units=4, activation="relu", optimizer="sgd",
                                learning_rate=0.1)
    assert model.count_params() == (2 + 1) * 4 + (4 + 1) * 4 + (4 + 1)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert np.isclose(float(model.optimizer.learning_rate), 0.1)
    for bad in ({"units": 5}, {"activation": "softmax"}, {"optimizer": "nadam"}):
        with pytest.raises(ValueError, match="must be one of"):
            kt.playground_model(**bad)
    with pytest.raises(ValueError, match="passes"):
        kt.playground_run(passes=7)
    with pytest.raises(ValueError, match="dropout must be one of"):
        kt.regularization_run(dropout=0.3)
    with pytest.raises(ValueError, match="epochs must be one of"):
        kt.regularization_explorer(epochs=7)
    with pytest.raises(ValueError, match="units must be one of"):
        kt.playground_explorer(units=3)


def test_playground_learns_moons_and_is_deterministic():
    a = kt._playground_run.__wrapped__(1, 8, "tanh", "adam", 0.03, 25, 0)
    b = kt._playground_run.__wrapped__(1, 8, "tanh", "adam", 0.03, 25, 0)
    assert a["history"]["loss"] == b["history"]["loss"]
    assert a["history"]["loss"][-1] < a["history"]["loss"][0]
    assert a["test_accuracy"] > 0.8
    explorer = kt.playground_explorer(layers=1, units=8, passes=25)
    assert "parameters: 33" in explorer.text()
    controls = explorer._controls()
    assert set(controls) == {*kt.PLAYGROUND, "passes"}


@pytest.mark.xdist_group("keras_runs")
def test_keras_runs_share_one_worker(request):
    """Under ``--dist loadgroup`` (make unit), pytest-xdist tags a grouped test's id with its
    group and sends the group to one worker. With pytest 9.2 it silently stopped doing so
    (pytest-xdist issue #1386), and every worker trained the runs again."""
    if request.config.getoption("dist", "no") == "loadgroup":
        assert request.node.nodeid.endswith("@keras_runs"), request.node.nodeid


@pytest.mark.xdist_group("keras_runs")  # one worker: its cached runs serve them all
def test_regularization_explorer_cuts_one_run():
    short = kt.regularization_text(0.0, 0.01, 50)
    assert "50 passes" in short and "validation cross-entropy" in short
    explorer = kt.regularization_explorer(0.0, 0.01, 100)
    assert explorer.text().startswith("dropout 0, L2 0.01, 100 passes")
    assert kt._regularization_run.cache_info().currsize >= 1


@pytest.mark.xdist_group("keras_runs")  # one worker: its cached runs serve them all
def test_exercise_curves_are_the_chapters_runs():
    """Exercise 7's Q4 curves are chapter 7's regularisation runs, rounded."""
    for letter, (dropout, l2) in zip("ABC", ((0.0, 0.0), (0.5, 0.0), (0.0, 0.01)), strict=True):
        h = kt.regularization_run(dropout, l2)["history"]
        assert np.allclose(ch07.CURVES[letter]["loss"], h["bce"], atol=0.005001)
        assert np.allclose(ch07.CURVES[letter]["val_loss"], h["val_bce"], atol=0.005001)


@pytest.mark.xdist_group("keras_runs")  # one worker: its cached runs serve them all
def test_exercise_histories_are_the_chapters_runs():
    """Exercise 7's Q5 histories P, Q and R are chapter 7's runs of section 7.2."""
    (X, y), (X_val, y_val) = kt.regularization_data()
    for letter, hidden in (("P", ()), ("R", (8,))):
        keras.utils.set_random_seed(0)  # as the chapter's xor_net
        model = keras.Sequential([keras.Input(shape=(2,))]
                                 + [keras.layers.Dense(u, activation="relu") for u in hidden]
                                 + [keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=keras.optimizers.Adam(0.003), loss="binary_crossentropy",
                      metrics=["accuracy"], steps_per_execution=30)
        h = kt.fit_repeated(model, X, y[:, None], 200, repeat=10,
                            validation_data=(X_val, y_val[:, None])).history
        for key, values in ch07.HISTORIES[letter].items():
            assert np.allclose(values, h[key], atol=0.005001), (letter, key)
    # Q, the 64 + 64 network, is the chapter's (and the explorer's) unregularised run
    h = kt.regularization_run(0.0, 0.0)["history"]
    for key, values in ch07.HISTORIES["Q"].items():
        assert np.allclose(values, h[key], atol=0.005001), ("Q", key)


class _FakeModel:
    stop_training = False

    def get_weights(self):
        return []

    def set_weights(self, weights):
        pass


@pytest.mark.parametrize("case", ch07._Q3_CASES)
def test_early_stop_rule_matches_keras(case):
    val_loss, patience = case
    cb = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    model = _FakeModel()
    cb.set_model(model)
    cb.on_train_begin()
    stopped = len(val_loss)
    for epoch, value in enumerate(val_loss):
        cb.on_epoch_end(epoch, {"val_loss": value})
        if model.stop_training:
            stopped = epoch + 1
            break
    assert ch07.early_stop_reference(val_loss, patience) == (stopped, cb.best_epoch + 1)


def test_fit_repeated_counts_passes_and_rejects_bad_passes():
    model = kt.playground_model(layers=0)
    (X, y), _ = kt.playground_data()
    history = kt.fit_repeated(model, X[:40], y[:40], passes=10, repeat=5)
    assert len(history.history["loss"]) == 2  # 10 passes, 5 per Keras epoch
    for bad in (7, 0, 2.5):
        with pytest.raises(ValueError, match="multiple of repeat"):
            kt.fit_repeated(model, X, y, passes=bad, repeat=5)


@pytest.mark.xdist_group("keras_runs")  # one worker: its cached runs serve them all
def test_keras_explorers_redraw_live_without_calling_keras_again():
    """A setting already trained redraws from the cache: the boundary's predictions are
    remembered, so Keras is not called, and the blitted picture matches a full draw."""
    from test_plots_widgets import _pixels, assert_blit_is_a_full_draw

    playground = kt.playground_explorer(layers=1, units=8, passes=25)
    playground.redraw_png()
    regularization = kt.regularization_explorer(0.0, 0.01, 100)
    regularization.redraw_png()
    run = kt.playground_run(1, 8, "tanh", "adam", 0.03, 25)
    remembered = dict(run["predictions"])
    for explorer, values in ((playground, {"passes": 25}),
                             (regularization, {"epochs": 50}), (regularization, {"epochs": 100})):
        png, _ = explorer.move({n: c.value for n, c in explorer._controls().items()} | values)
        assert_blit_is_a_full_draw(explorer, _pixels(png))
    # no new call of the model: the same remembered arrays, and no new ones
    assert run["predictions"].keys() == remembered.keys()
    assert all(run["predictions"][k] is v for k, v in remembered.items())
