"""Keras helpers for chapters 6 and 7: readable summaries, and two small playgrounds.

Importing this module imports Keras (and TensorFlow), so ``import nnbook`` never does it;
the Keras chapters import ``nnbook.kerastools`` themselves.

* :func:`xor_summary`, :func:`layer_table`, :func:`history_table` return text (they never
  print), so a notebook prints exactly what it wants.
* :func:`playground_run` trains a small ``Sequential`` model on two moons (chapter 6's
  "small TensorFlow Playground"); :func:`regularization_run` trains an over-large model on
  few points with dropout and L2 (chapter 7). Both are pure: the same arguments give the
  same result, which is cached, so a figure and its text share one training run.

Keras pays a fixed cost per epoch (about 40 ms here) that dwarfs a tiny data set's work.
Both playgrounds therefore show the data ``REPEAT`` times per Keras epoch and run many
steps per call (``steps_per_execution``); the curves are drawn against passes over the
data, which is what an epoch means.
"""

from __future__ import annotations

import functools

import numpy as np

from nnbook import plots
from nnbook._optional import require
from nnbook._validation import as_array, choice, number, whole
from nnbook.datasets import moons, noisy_gate
from nnbook.widgets import Explorer, HTMLScrubber, _figure, _frame_settings, _png

keras = require("keras", "nnbook.kerastools")

REPEAT = 5  # passes over the data per Keras epoch in the playgrounds


# --- checks -----------------------------------------------------------------------------------

def _model(model, name="model"):
    """``model`` if it is a Keras model, or a ``TypeError`` naming ``name``."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a Keras model (such as keras.Sequential([...])); "
                        f"got {type(model).__name__}")
    return model


def _data(model, X, y):
    """``X`` and ``y`` as arrays with one row each per sample, ``X`` fitting the model's input."""
    X = as_array(X, "X")
    if X.ndim < 2:
        raise ValueError(f"X must have one row per sample, shape (n_samples, ...); "
                         f"got shape {X.shape}")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):  # a Sequential without an Input: built on the data
        inputs = None
    want = tuple(getattr(inputs[0], "shape", ())[1:]) if inputs else ()
    if want and any(w is not None and w != n for w, n in zip(want, X.shape[1:], strict=False)):
        raise ValueError(f"X must have shape (n_samples, {', '.join(map(str, want))}) to fit "
                         f"the model's input; got shape {X.shape}")
    y = as_array(y, "y")
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"X has {len(X)} samples but y has shape {y.shape}")
    return X, y


# --- text views ------------------------------------------------------------------------------

def xor_summary(model, X, y) -> str:
    """Seed 000's ``summary``: probabilities, 0/1 predictions, truth and accuracy."""
    X, y = _data(_model(model), X, y)
    # called directly, in one batch: `predict` traces a new function for every new model, and
    # TensorFlow warns about "retracing" when many models each predict once
    prob = np.asarray(model(X.astype("float32"), training=False), dtype=float).reshape(-1)
    if prob.size != len(X):
        raise ValueError(f"model must give one probability per sample (a single sigmoid "
                         f"output); it gives {prob.size // len(X)} per sample")
    pred = (prob > 0.5).astype(int)
    truth = y.reshape(-1).astype(int)
    return "\n".join([
        f"{'Pred prob:':12s} {np.array2string(prob, precision=3, floatmode='fixed')}",
        f"{'Pred:':12s} {pred}",
        f"{'True:':12s} {truth}",
        f"{'Accuracy:':12s} {np.mean(pred == truth):.2f}",
    ])


def _param_formula(layer) -> str:
    """How a layer's parameter count comes about, e.g. '(3*3*16 + 1) * 32'."""
    weights = layer.get_weights()
    if not weights:
        return "no weights"
    kernel = weights[0].shape
    bias = " + 1" if layer.get_config().get("use_bias", True) else ""
    if isinstance(layer, keras.layers.Dense):
        return f"({kernel[0]}{bias}) * {kernel[1]}"
    if isinstance(layer, keras.layers.Conv2D):
        h, w, c_in, c_out = kernel
        return f"({h}*{w}*{c_in}{bias}) * {c_out}"
    if isinstance(layer, keras.layers.BatchNormalization):
        return f"4 * {kernel[0]} (gamma, beta, moving mean, moving variance)"
    return " + ".join(str(int(np.prod(w.shape))) for w in weights)


def layer_table(model) -> str:
    """One line per layer: name, output shape, parameters and how they are counted.

    Like ``model.summary()``, without its box drawing (which varies between Keras versions),
    and with the formula behind each count.
    """
    if not _model(model).built:
        raise ValueError("model is not built yet: start it with keras.Input(shape) or call "
                         "it on data first, so that its weights exist")
    rows = [("layer", "output shape", "params", "how")]
    for layer in model.layers:
        shape = str(tuple(layer.output.shape)).replace("None", "n")
        rows.append((f"{layer.name} ({type(layer).__name__})", shape,
                     f"{layer.count_params():,}", _param_formula(layer)))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in rows]
    lines.append(f"total parameters: {model.count_params():,}")
    return "\n".join(lines)


def history_table(history, every: int = 1, digits: int = 4) -> str:
    """A Keras (or nnbook) History as a table, one row per ``every`` epochs (and the last)."""
    values = plots._history_dict(history)
    keys = list(values)
    n = len(values[keys[0]])
    every, digits = whole(every, "every", 1), whole(digits, "digits", 0, 12)
    rows = sorted({*range(0, n, every), n - 1})
    width = max(digits + 3, *(len(k) for k in keys))
    lines = ["epoch  " + "  ".join(f"{k:>{width}}" for k in keys)]
    for i in rows:
        lines.append(f"{i + 1:>5}  " + "  ".join(f"{values[k][i]:>{width}.{digits}f}"
                                                   for k in keys))
    return "\n".join(lines)


def fit_repeated(model, X, y, passes, repeat=REPEAT, batch_size=20, validation_data=None):
    """``model.fit`` for ``passes`` passes over small data, ``repeat`` passes per Keras epoch.

    The rows are stacked ``repeat`` times so that Keras's fixed cost per epoch is paid
    ``passes / repeat`` times instead of ``passes`` times. Shuffling still draws every batch
    from all the rows. Returns the History (one entry per ``repeat`` passes).
    """
    repeat, batch_size = whole(repeat, "repeat", 1), whole(batch_size, "batch_size", 1)
    if not isinstance(passes, int) or passes < repeat or passes % repeat:
        raise ValueError(f"passes must be a positive multiple of repeat = {repeat}; "
                         f"got {passes!r}")
    X, y = _data(_model(model), X, y)
    return model.fit(np.tile(X, (repeat,) + (1,) * (X.ndim - 1)),
                     np.tile(y, (repeat,) + (1,) * (y.ndim - 1)), batch_size=batch_size,
                     epochs=passes // repeat, validation_data=validation_data, verbose=0)


# --- chapter 6: a small TensorFlow Playground ---------------------------------------------------

PASSES = (25, 50, 100, 200)  # the playground's choices of passes over the data
PLAYGROUND = {
    "layers": (0, 1, 2, 3),
    "units": (1, 2, 4, 8, 16),
    "activation": ("relu", "tanh", "sigmoid", "linear"),
    "optimizer": ("adam", "sgd", "rmsprop"),
    "learning_rate": (0.003, 0.01, 0.03, 0.1, 0.3),
}


def playground_data():
    """The playground's data: 200 noisy two-moons points (training) and 200 more (test)."""
    X, y = moons(400, noise=0.25, seed=0)
    return (X[:200], y[:200]), (X[200:], y[200:])


def _check_choices(table, **values):
    """Raise a clear ValueError unless each value is one of ``table[name]``."""
    for name, value in values.items():
        choice(value, name, table[name])


def playground_model(layers=2, units=8, activation="tanh", optimizer="adam",
                     learning_rate=0.03, n_inputs=2, seed=0):
    """A compiled ``Sequential``: ``layers`` hidden Dense layers, a sigmoid output, BCE."""
    _check_choices(PLAYGROUND, layers=layers, units=units, activation=activation,
                   optimizer=optimizer, learning_rate=learning_rate)
    n_inputs = whole(n_inputs, "n_inputs", 1)
    keras.utils.set_random_seed(whole(seed, "seed"))
    model = keras.Sequential([keras.Input((n_inputs,))]
                             + [keras.layers.Dense(units, activation=activation)
                                for _ in range(layers)]
                             + [keras.layers.Dense(1, activation="sigmoid")])
    opt = keras.optimizers.get({"class_name": optimizer,
                                "config": {"learning_rate": learning_rate}})
    model.compile(optimizer=opt, loss="binary_crossentropy", metrics=["accuracy"],
                  steps_per_execution=50)
    return model


def playground_run(layers=2, units=8, activation="tanh", optimizer="adam",
                   learning_rate=0.03, passes=100, seed=0):
    """Train :func:`playground_model` for ``passes`` passes over the data (batch 20).

    Returns a dict: ``model``, ``history`` (loss and accuracy every ``REPEAT`` passes),
    ``passes`` (the x values of the history) and ``test_accuracy``. Remembered per setting.
    """
    _check_choices(PLAYGROUND, layers=layers, units=units, activation=activation,
                   optimizer=optimizer, learning_rate=learning_rate)
    return _playground_run(layers, units, activation, optimizer, learning_rate,
                           choice(passes, "passes", PASSES), whole(seed, "seed"))


@functools.lru_cache(maxsize=64)
def _playground_run(layers, units, activation, optimizer, learning_rate, passes, seed):
    (X, y), (X_test, y_test) = playground_data()
    model = playground_model(layers, units, activation, optimizer, learning_rate, seed=seed)
    history = fit_repeated(model, X, y, passes)
    _, test_acc = model.evaluate(X_test, y_test, verbose=0)
    return {"model": model, "history": history.history, "test_accuracy": float(test_acc),
            "passes": np.arange(1, passes // REPEAT + 1) * REPEAT}


def _setting_label(layers, units, activation, optimizer, learning_rate):
    hidden = "no hidden layer" if layers == 0 else f"{layers} x {units} {activation}"
    return f"{hidden}, {optimizer} lr {learning_rate:g}"


def playground_text(layers=2, units=8, activation="tanh", optimizer="adam",
                    learning_rate=0.03, passes=100) -> str:
    """The model's size and how well it did after training."""
    run = playground_run(layers, units, activation, optimizer, learning_rate, passes)
    h = run["history"]
    return "\n".join([
        _setting_label(layers, units, activation, optimizer, learning_rate),
        f"parameters: {run['model'].count_params()}",
        f"after {passes} passes: training loss {h['loss'][-1]:.3f}, "
        f"training accuracy {h['accuracy'][-1]:.3f}",
        f"test accuracy: {run['test_accuracy']:.3f}",
    ])


PLAYGROUND_FIGSIZE = (8.6, 3.6)


def _predictions(run):
    """The model's outputs, remembered per input array: a redraw of a setting already trained
    does not call Keras again. The model is called directly, in one batch: ``predict`` would
    cost ~50 ms however small the input, and compile a new function for every new model
    (TensorFlow then warns about "retracing" into the notebook)."""
    memo = run.setdefault("predictions", {})

    def predict(P):
        key = P.tobytes()
        if key not in memo:
            memo[key] = np.asarray(run["model"](P.astype("float32"), training=False))
        return memo[key]
    return predict


def _draw_playground(axes, layers, units, activation, optimizer, learning_rate, passes):
    run = playground_run(layers, units, activation, optimizer, learning_rate, passes)
    (X, y), _ = playground_data()
    plots.plot_decision_boundary(_predictions(run), X, y, ax=axes[0], resolution=80,
                                 title=_setting_label(layers, units, activation, optimizer,
                                                      learning_rate))
    axes[1].plot(run["passes"], run["history"]["loss"], color=plots.PALETTE["class0"], lw=2)
    axes[1].set(xlabel="passes over the data (epochs)", ylabel="training loss (BCE)",
                title="Loss during training", xlim=(0, passes), ylim=(0, None))


def playground_figure(layers=2, units=8, activation="tanh", optimizer="adam",
                      learning_rate=0.03, passes=100):
    """Left: the decision boundary over the training points; right: the loss curve."""
    return _figure(PLAYGROUND_FIGSIZE, 2, lambda axes: _draw_playground(
        axes, layers, units, activation, optimizer, learning_rate, passes))


class PlaygroundExplorer(Explorer):
    """Dropdowns for the architecture and optimiser; a setting no run has trained yet trains a
    new model (a few seconds: see benchmarks/README.md), then is remembered."""

    title = "Keras playground"
    figsize, ncols = PLAYGROUND_FIGSIZE, 2

    def __init__(self, layers=2, units=8, activation="tanh", optimizer="adam",
                 learning_rate=0.03, passes=100):
        _check_choices(PLAYGROUND, layers=layers, units=units, activation=activation,
                       optimizer=optimizer, learning_rate=learning_rate)
        choice(passes, "passes", PASSES)
        self.layers, self.units, self.activation = layers, units, activation
        self.optimizer, self.learning_rate, self.passes = optimizer, learning_rate, passes

    def _args(self):
        return (self.layers, self.units, self.activation, self.optimizer,
                self.learning_rate, self.passes)

    def figure(self):
        return playground_figure(*self._args())

    def _draw(self, axes):
        _draw_playground(axes, *self._args())

    def text(self) -> str:
        return playground_text(*self._args())

    def _controls(self):
        import ipywidgets as ipw

        controls = {name: ipw.Dropdown(options=list(options), value=getattr(self, name),
                                       description=name.replace("_", " "))
                    for name, options in PLAYGROUND.items()}
        controls["passes"] = ipw.Dropdown(options=list(PASSES), value=self.passes,
                                          description="epochs")
        return controls


def playground_explorer(**kwargs) -> PlaygroundExplorer:
    """Live playground; see :class:`PlaygroundExplorer`."""
    return PlaygroundExplorer(**kwargs)


PLAYGROUND_SETTINGS = (
    (0, 8, "tanh", "adam", 0.03), (1, 2, "tanh", "adam", 0.03), (1, 8, "tanh", "adam", 0.03),
    (2, 8, "tanh", "adam", 0.03), (2, 8, "relu", "adam", 0.03), (2, 8, "tanh", "sgd", 0.03),
    (2, 8, "tanh", "adam", 0.3),
)


def playground_scrubber(settings=PLAYGROUND_SETTINGS, passes=100) -> HTMLScrubber:
    """Precomputed playground frames, one per (layers, units, activation, optimizer, lr)."""
    settings = _frame_settings(settings, "settings", 5,
                               "layers, units, activation, optimizer, learning_rate")
    choice(passes, "passes", PASSES)
    frames = [_png(playground_figure(*s, passes)) for s in settings]
    texts = [playground_text(*s, passes) for s in settings]
    return HTMLScrubber(frames, [_setting_label(*s) for s in settings], texts,
                        "Keras playground: one trained model per setting")


# --- chapter 7: dropout and L2 against overfitting ----------------------------------------------

REGULARIZATION = {"dropout": (0.0, 0.2, 0.5), "l2": (0.0, 1e-4, 1e-3, 1e-2),
                  "epochs": (50, 100, 200)}
REG_REPEAT = 10  # passes per Keras epoch in the regularisation runs


def regularization_data():
    """Noisy XOR: points around the corners of a square centred on 0, labelled by XOR.

    Few training points (60) and many validation points (500), so a big network overfits,
    and no straight line separates the classes, so a linear model underfits.
    """
    X, y = noisy_gate("XOR", 560, noise=0.3, seed=1)
    X = X - 0.5
    return (X[:60], y[:60]), (X[60:], y[60:])


def regularization_model(dropout=0.0, l2=0.0, seed=0):
    """2-64-64-1 ReLU, Adam 0.003: far more capacity than 60 points need.

    Keras adds the L2 penalty to ``loss`` and ``val_loss``; the metric ``bce`` (``val_bce``)
    is the cross-entropy alone, which is what compares settings fairly.
    """
    dropout = number(dropout, "dropout", at_least=0, below=1)
    l2 = number(l2, "l2", at_least=0)
    keras.utils.set_random_seed(whole(seed, "seed"))
    reg = keras.regularizers.L2(l2) if l2 else None
    layers = [keras.Input((2,))]
    for _ in range(2):
        layers.append(keras.layers.Dense(64, activation="relu", kernel_regularizer=reg))
        if dropout:
            layers.append(keras.layers.Dropout(dropout))
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(0.003), loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.BinaryCrossentropy(name="bce")],
                  steps_per_execution=50)
    return model


def regularization_run(dropout=0.0, l2=0.0, seed=0):
    """Train :func:`regularization_model` for 200 passes; history every ``REG_REPEAT`` passes.

    Shorter trainings are the first part of this one (same seed, same batches), so the
    widget's "epochs" cuts the curves instead of training again. Remembered per setting.
    """
    _check_choices(REGULARIZATION, dropout=dropout, l2=l2)
    return _regularization_run(dropout, l2, whole(seed, "seed"))


@functools.lru_cache(maxsize=32)
def _regularization_run(dropout, l2, seed):
    (X, y), (X_val, y_val) = regularization_data()
    model = regularization_model(dropout, l2, seed)
    # labels as columns, shaped like the output: the bce metric does not reshape them
    history = fit_repeated(model, X, y[:, None], 200, REG_REPEAT,
                           validation_data=(X_val, y_val[:, None]))
    return {"model": model, "history": history.history,
            "passes": np.arange(1, 200 // REG_REPEAT + 1) * REG_REPEAT}


def _reg_label(dropout, l2, epochs):
    return f"dropout {dropout:g}, L2 {l2:g}, {epochs} passes"


def _reg_cut(dropout, l2, epochs):
    _check_choices(REGULARIZATION, epochs=epochs)
    run = regularization_run(dropout, l2)
    k = epochs // REG_REPEAT
    return run["passes"][:k], {key: v[:k] for key, v in run["history"].items()}


def regularization_text(dropout=0.0, l2=0.0, epochs=200) -> str:
    """Final and best validation cross-entropy (without penalty), and the gap.

    ``epochs`` counts passes over the 60 points (the history has one entry per 10).
    """
    passes, h = _reg_cut(dropout, l2, epochs)
    best = int(np.argmin(h["val_bce"]))
    return "\n".join([
        _reg_label(dropout, l2, epochs),
        f"cross-entropy: training {h['bce'][-1]:.3f}, validation {h['val_bce'][-1]:.3f}",
        f"lowest validation cross-entropy {h['val_bce'][best]:.3f} after {passes[best]} passes",
        f"accuracy: training {h['accuracy'][-1]:.3f}, validation {h['val_accuracy'][-1]:.3f}",
    ])


REG_FIGSIZE = (5.6, 3.6)


def regularization_figure(dropout=0.0, l2=0.0, epochs=200):
    """Training and validation cross-entropy against passes for one (dropout, L2) setting."""
    return _figure(REG_FIGSIZE, 1, lambda axes: _draw_regularization(axes[0], dropout, l2,
                                                                     epochs))


def _draw_regularization(ax, dropout, l2, epochs):
    passes, h = _reg_cut(dropout, l2, epochs)
    ax.plot(passes, h["bce"], color=plots.PALETTE["class0"], lw=2, label="training")
    ax.plot(passes, h["val_bce"], "--", color=plots.PALETTE["class1"], lw=2,
            label="validation")
    ax.set(xlabel="passes over the 60 points", ylabel="cross-entropy (without penalty)",
           ylim=(0, 1.2), xlim=(0, 200), title=_reg_label(dropout, l2, epochs))
    ax.legend()


class RegularizationExplorer(Explorer):
    """Dropdowns for dropout rate, L2 strength and passes (``epochs``); draws the losses."""

    title = "Regularisation explorer"
    figsize = REG_FIGSIZE

    def __init__(self, dropout=0.0, l2=0.0, epochs=200):
        _check_choices(REGULARIZATION, dropout=dropout, l2=l2, epochs=epochs)
        self.dropout, self.l2, self.epochs = dropout, l2, epochs

    def figure(self):
        return regularization_figure(self.dropout, self.l2, self.epochs)

    def _draw(self, axes):
        _draw_regularization(axes[0], self.dropout, self.l2, self.epochs)

    def text(self) -> str:
        return regularization_text(self.dropout, self.l2, self.epochs)

    def _controls(self):
        import ipywidgets as ipw

        return {name: ipw.Dropdown(options=list(options), value=getattr(self, name),
                                   description="passes" if name == "epochs" else name)
                for name, options in REGULARIZATION.items()}


def regularization_explorer(dropout=0.0, l2=0.0, epochs=200) -> RegularizationExplorer:
    """Live explorer; see :class:`RegularizationExplorer`."""
    return RegularizationExplorer(dropout, l2, epochs)


REGULARIZATION_SETTINGS = ((0.0, 0.0, 200), (0.5, 0.0, 200), (0.0, 1e-3, 200),
                           (0.0, 1e-2, 200), (0.5, 1e-3, 200))


def regularization_scrubber(settings=REGULARIZATION_SETTINGS) -> HTMLScrubber:
    """Precomputed frames of :func:`regularization_figure` per (dropout, L2, epochs)."""
    settings = _frame_settings(settings, "settings", 3, "dropout, l2, epochs")
    frames = [_png(regularization_figure(*s)) for s in settings]
    texts = [regularization_text(*s) for s in settings]
    return HTMLScrubber(frames, [_reg_label(*s) for s in settings], texts,
                        "Dropout and L2 against overfitting, setting by setting")
