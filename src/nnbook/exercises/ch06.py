"""Exercises of chapter 6, Neural networks with Keras.

Use from a notebook: ``from nnbook.exercises import ch06`` then ``ch06.q1.check(build_classifier)``.
Importing this module imports Keras.
"""

from __future__ import annotations

import numpy as np

from nnbook._optional import require
from nnbook.exercises import NotAttempted, Question, Wrong, call_student, fmt, is_stub, numeric

keras = require("keras", "nnbook.exercises.ch06")

__all__ = ["q1", "q2", "q3", "q4", "q5", "HISTORY"]


def _model(fn, *args, name):
    """Call a student's model-building function and make sure a Keras model came back."""
    model = call_student(fn, *args, name=name)  # it silences Keras's warnings: we explain
    if is_stub(model):
        raise Wrong(f"{name} returned None: did you forget `return model`?")
    if not isinstance(model, keras.Model):
        raise Wrong(f"{name} should return a keras model; got {type(model).__name__}")
    try:
        model.count_params()
    except ValueError:
        raise Wrong(f"{name}'s model has no input shape, so it has no weights yet: start the "
                    "Sequential with keras.Input(shape=(n_inputs,))") from None
    return model


def _activation(layer) -> str:
    return layer.get_config().get("activation", "")


def _layers(model):
    """Dense and Dropout layers, in order, as ('dense', units, activation) / ('dropout', rate)."""
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            out.append(("dense", layer.units, _activation(layer)))
        elif isinstance(layer, keras.layers.Dropout):
            out.append(("dropout", layer.rate))
        elif isinstance(layer, keras.layers.Activation) and out and out[-1][0] == "dense":
            out[-1] = ("dense", out[-1][1], _activation(layer))
        elif (isinstance(layer, (keras.layers.ReLU, keras.layers.Softmax)) and out
              and out[-1][:1] == ("dense",) and out[-1][2] == "linear"):
            config = layer.get_config()  # a ReLU or Softmax layer after a linear Dense
            plain_relu = (config.get("max_value") is None and not config.get("negative_slope")
                          and not config.get("threshold"))
            name = "softmax" if isinstance(layer, keras.layers.Softmax) else "relu"
            if name == "softmax" or plain_relu:
                out[-1] = ("dense", out[-1][1], name)
            else:
                out.append((type(layer).__name__,))
        else:
            out.append((type(layer).__name__,))
    return out


# --- Q1: build seed 002's classifier ----------------------------------------------------------

def _seed002(n_inputs, n_classes):
    return [("dense", 512, "relu"), ("dropout", 0.2), ("dense", 512, "relu"),
            ("dropout", 0.2), ("dense", n_classes, "softmax")]


def _check_classifier(build_classifier):
    for n_inputs, n_classes in ((64, 10), (784, 10), (20, 3)):
        name = f"build_classifier({n_inputs}, {n_classes})"
        model = _model(build_classifier, n_inputs, n_classes, name=name)
        got, want = _layers(model), _seed002(n_inputs, n_classes)
        shape = tuple(model.inputs[0].shape[1:])
        if shape != (n_inputs,):
            raise Wrong(f"{name}: the input shape should be ({n_inputs},); yours is {shape}. "
                        "Use n_inputs rather than a fixed number")
        dense = [layer for layer in got if layer[0] == "dense"]
        if dense and dense[-1][1:] == (n_classes, "sigmoid"):
            raise Wrong(f"{name}: the output uses sigmoid; {n_classes} exclusive classes need "
                        "softmax, so that the outputs sum to 1")
        if dense and dense[-1][1:] == (n_classes, "linear"):
            raise Wrong(f"{name}: the output layer has no activation: add "
                        "activation='softmax'")
        if dense and dense[-1][1] != n_classes:
            raise Wrong(f"{name}: the output layer should have n_classes = {n_classes} "
                        f"units; yours has {dense[-1][1]}")
        if [layer for layer in got if layer[0] == "dropout"] != [("dropout", 0.2)] * 2:
            raise Wrong(f"{name}: seed 002 puts Dropout(0.2) after each hidden layer; your "
                        f"layers are {got}")
        if got != want:
            raise Wrong(f"{name}: the layers should be {want}; yours are {got}")


q1 = Question(
    "Q1 (seed 002's classifier)",
    _check_classifier,
    lesson="64 inputs give 64*512 + 512 + 512*512 + 512 + 512*10 + 10 = 301,066 parameters; "
    "the Dropout layers have none.",
    hints=[
        "Start with keras.Sequential([keras.Input(shape=(n_inputs,)), ...]).",
        "Five layers: Dense(512, relu), Dropout(0.2), Dense(512, relu), Dropout(0.2), and an "
        "output Dense with n_classes units.",
        "The output activation is 'softmax', so the outputs are probabilities that sum to 1.",
    ],
    solution="""
def build_classifier(n_inputs, n_classes):
    layers = [keras.Input(shape=(n_inputs,))]
    for _ in range(2):  # two hidden layers, each followed by dropout
        layers += [keras.layers.Dense(512, "relu"), keras.layers.Dropout(0.2)]
    layers.append(keras.layers.Dense(n_classes, "softmax"))
    return keras.Sequential(layers)
""",
)


# --- Q2: compile for integer labels ------------------------------------------------------------

def _loss_name(loss) -> str:
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)


def _metric_name(metric) -> str:
    """A metric's name: a string, a metric object, or the dict that get_compile_config() holds."""
    if isinstance(metric, str):
        return metric
    if isinstance(metric, dict):
        config = metric.get("config")
        name = config.get("name") if isinstance(config, dict) else None
        return str(name or metric.get("class_name", ""))
    return str(getattr(metric, "name", "") or "")


def _check_compile(compile_classifier):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    result = call_student(compile_classifier, model, name="compile_classifier(model)")
    if isinstance(result, keras.Model):
        model = result
    if not getattr(model, "compiled", False):
        raise Wrong("the model is not compiled: call model.compile(...) inside the function")
    loss = _loss_name(model.loss).lower()
    if "sparse" not in loss and "categorical" in loss:
        raise Wrong("the labels are integers 0-9, so the loss is "
                    "'sparse_categorical_crossentropy' (categorical_crossentropy wants "
                    "one-hot rows)")
    if loss != "sparse_categorical_crossentropy":
        raise Wrong(f"the loss should be 'sparse_categorical_crossentropy'; yours is {loss!r}")
    if not isinstance(model.optimizer, keras.optimizers.RMSprop):
        raise Wrong(f"the optimiser should be RMSprop; yours is "
                    f"{type(model.optimizer).__name__}")
    lr = float(model.optimizer.learning_rate)
    if not np.isclose(lr, 0.0005, rtol=1e-5):
        raise Wrong(f"the learning rate should be 0.0005; yours is {lr:g}")
    metrics = model.get_compile_config().get("metrics") or []
    names = [_metric_name(m) for m in np.ravel(np.array(metrics, dtype=object))]
    if not any(n in ("accuracy", "acc", "sparse_categorical_accuracy") for n in names):
        raise Wrong("also ask for metrics=['accuracy'], so fit() and evaluate() report it")


q2 = Question(
    "Q2 (compile for integer labels)",
    _check_compile,
    lesson="Integer labels and sparse_categorical_crossentropy give the same loss as one-hot "
    "labels and categorical_crossentropy, without building the one-hot matrix.",
    hints=[
        "model.compile(optimizer=..., loss=..., metrics=[...]).",
        "The optimiser is keras.optimizers.RMSprop(learning_rate=0.0005); Keras 2's `lr=` "
        "is an error in Keras 3.",
        "Labels like 3 or 7 (not one-hot rows) need loss='sparse_categorical_crossentropy'.",
    ],
    solution="""
def compile_classifier(model):
    rmsprop = keras.optimizers.RMSprop(learning_rate=0.0005)
    model.compile(rmsprop, "sparse_categorical_crossentropy", metrics=["accuracy"])
""",
)


# --- Q3: count parameters ---------------------------------------------------------------------

PARAMS = {"dense": 301_066, "conv": 4_640, "batchnorm": 400}


def _check_params(dense, conv, batchnorm):
    if all(is_stub(v) for v in (dense, conv, batchnorm)):
        raise NotAttempted("dense, conv and batchnorm are still `...`")
    dense = numeric(dense, "dense", ())
    if np.isclose(dense, 64 * 512 + 512 * 512 + 512 * 10):
        raise Wrong("dense forgot the biases: each Dense layer adds one per unit")
    if np.isclose(dense, 784 * 512 + 512 + 512 * 512 + 512 + 5130):
        raise Wrong("dense: this network has 64 inputs (8x8 digits), not 784")
    if not np.isclose(dense, PARAMS["dense"]):
        raise Wrong(f"dense should add (inputs + 1) * units over the three Dense layers; "
                    f"yours is {fmt(dense)}")
    conv = numeric(conv, "conv", ())
    if np.isclose(conv, (3 * 3 + 1) * 32):
        raise Wrong("conv: each 3x3 filter spans all 16 input channels: (3*3*16 + 1) * 32")
    if np.isclose(conv, 3 * 3 * 16 * 32):
        raise Wrong("conv forgot one bias per filter")
    if not np.isclose(conv, PARAMS["conv"]):
        raise Wrong(f"conv should be (3*3*16 + 1) * 32; yours is {fmt(conv)}")
    batchnorm = numeric(batchnorm, "batchnorm", ())
    if np.isclose(batchnorm, 200):
        raise Wrong("batchnorm: 200 are trainable (gamma, beta); count_params() also counts "
                    "the moving mean and variance (100 each)")
    if not np.isclose(batchnorm, PARAMS["batchnorm"]):
        raise Wrong(f"batchnorm should be 4 * 100; yours is {fmt(batchnorm)}")


q3 = Question(
    "Q3 (count parameters)",
    _check_params,
    lesson="Dense: (inputs + 1) * units. Conv2D: (height * width * input channels + 1) * "
    "filters, whatever the image size. BatchNormalization: 4 per unit, 2 of them trainable.",
    hints=[
        "A Dense layer with n inputs and m units has n*m weights and m biases.",
        "A 3x3 filter over 16 channels has 3*3*16 weights and one bias; there are 32 filters.",
        "Check your three numbers with count_params() on a small model.",
    ],
    solution="""
dense = (64 + 1) * 512 + (512 + 1) * 512 + (512 + 1) * 10
conv = (3 * 3 * 16 + 1) * 32
batchnorm = 4 * 100
""",
)


# --- Q4: read a History -------------------------------------------------------------------------

#: An example History of 10 epochs (made-up numbers with a typical shape, not a real run).
HISTORY = {
    "loss": [0.92, 0.41, 0.29, 0.22, 0.17, 0.13, 0.10, 0.08, 0.06, 0.05],
    "accuracy": [0.74, 0.88, 0.91, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99],
    "val_loss": [0.52, 0.35, 0.28, 0.26, 0.25, 0.27, 0.26, 0.29, 0.31, 0.34],
    "val_accuracy": [0.84, 0.89, 0.92, 0.925, 0.93, 0.935, 0.93, 0.928, 0.927, 0.925],
}


def _check_history(best_epoch, val_accuracy_then):
    if is_stub(best_epoch) and is_stub(val_accuracy_then):
        raise NotAttempted("best_epoch and val_accuracy_then are still `...`")
    best_epoch = numeric(best_epoch, "best_epoch", ())
    want = int(np.argmin(HISTORY["val_loss"])) + 1
    if best_epoch == want - 1:
        raise Wrong("best_epoch counts from 0: Keras prints epochs from 1 (np.argmin + 1)")
    if best_epoch == int(np.argmin(HISTORY["loss"])) + 1:
        raise Wrong("that is where the training loss is lowest; it falls all the way. Look at "
                    "val_loss")
    if best_epoch == int(np.argmax(HISTORY["val_accuracy"])) + 1:
        raise Wrong("that is the highest validation accuracy; the question asks for the "
                    "lowest validation loss (what EarlyStopping watches by default)")
    if best_epoch != want:
        raise Wrong(f"best_epoch should be the epoch (from 1) with the lowest val_loss; yours "
                    f"is {fmt(best_epoch)}")
    val_accuracy_then = numeric(val_accuracy_then, "val_accuracy_then", ())
    if not np.isclose(val_accuracy_then, HISTORY["val_accuracy"][want - 1]):
        raise Wrong(f"val_accuracy_then should be val_accuracy at epoch {want}; yours is "
                    f"{fmt(val_accuracy_then)}")


q4 = Question(
    "Q4 (read a History)",
    _check_history,
    lesson="After epoch 5 the validation loss drifts up (0.25 to 0.34 by epoch 10) while the "
    "training loss keeps falling: the model starts to overfit, and epoch 5's weights are the "
    "ones to keep. (Validation accuracy peaks at epoch 6; EarlyStopping and ModelCheckpoint "
    "watch val_loss by default, and ModelCheckpoint keeps only the best epoch with "
    "save_best_only=True.)",
    hints=[
        "history['val_loss'] is a list with one number per epoch.",
        "np.argmin gives the index of the smallest value; epochs are counted from 1.",
        "best_epoch = int(np.argmin(HISTORY['val_loss'])) + 1, then index val_accuracy with "
        "best_epoch - 1.",
    ],
    solution="""
best_epoch = int(np.argmin(HISTORY["val_loss"])) + 1
val_accuracy_then = HISTORY["val_accuracy"][best_epoch - 1]
""",
)


# --- Q5: Keras 2 to Keras 3 ---------------------------------------------------------------------

_KERAS2_FIXES = (
    ("keras.layers.core", "keras.layers.core is gone: import Dense from keras.layers"),
    ("'lr'", "Keras 3 calls lr `learning_rate`"),
    ("'init'", "Dense's init= is now kernel_initializer="),
    ("'nb_epoch'", "nb_epoch is now epochs"),
)


def _check_keras3(seed004_model):
    try:
        model = _model(seed004_model, name="seed004_model()")
    except Wrong as exc:
        for needle, fix in _KERAS2_FIXES:
            if needle in str(exc):
                raise Wrong(f"{fix} ({exc})") from None
        raise
    if tuple(model.inputs[0].shape[1:]) != (20,):
        raise Wrong("the model takes 20 inputs: keras.Input(shape=(20,)) replaces input_dim=20")
    got = _layers(model)
    if got != [("dense", 64, "tanh"), ("dense", 10, "softmax")]:
        raise Wrong(f"the layers should be Dense(64) with tanh, then Dense(10, softmax); "
                    f"yours are {got}")
    init = model.layers[0].kernel_initializer
    if not isinstance(init, keras.initializers.RandomUniform):
        raise Wrong(f"init='uniform' is kernel_initializer='uniform' (RandomUniform); yours is "
                    f"{type(init).__name__}")
    opt = model.optimizer
    if not isinstance(opt, keras.optimizers.SGD):
        raise Wrong(f"the optimiser should be SGD; yours is {type(opt).__name__}")
    if not (np.isclose(opt.momentum, 0.9) and opt.nesterov):
        raise Wrong("keep momentum=0.9 and nesterov=True")
    schedule = opt._learning_rate
    if not isinstance(schedule, keras.optimizers.schedules.InverseTimeDecay):
        raise Wrong("decay=1e-6 is ignored by Keras 3 (with only a warning): pass "
                    "learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, "
                    "decay_steps=1, decay_rate=1e-6), which is Keras 2's lr / (1 + decay * t)")
    for step in (0, 1000, 10**6):
        got_lr, want_lr = float(schedule(step)), 0.01 / (1 + 1e-6 * step)
        if not np.isclose(got_lr, want_lr, rtol=1e-5):
            raise Wrong(f"at step {step} Keras 2 used lr = {want_lr:.6g}; your schedule "
                        f"gives {got_lr:.6g}")
    if _loss_name(model.loss) != "categorical_crossentropy":
        raise Wrong("keep loss='categorical_crossentropy'")


q5 = Question(
    "Q5 (seed 004's old Keras code in Keras 3)",
    _check_keras3,
    lesson="Keras 3 rejects lr= and init= with an error, but accepts decay= and ignores it "
    "with only a warning; the schedule keeps the seed's behaviour.",
    hints=[
        "Imports: `from keras import layers, optimizers`; there is no keras.layers.core.",
        "Dense(64, input_dim=20, init='uniform') becomes keras.Input(shape=(20,)) followed by "
        "Dense(64, kernel_initializer='uniform'); Activation('tanh') can stay a layer or move "
        "into activation='tanh'.",
        "SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, "
        "decay_rate=1e-6), momentum=0.9, nesterov=True).",
    ],
    solution="""
def seed004_model():
    decay = keras.optimizers.schedules.InverseTimeDecay(0.01, 1, 1e-6)  # lr / (1 + 1e-6 t)
    seed004 = keras.Sequential([keras.Input(shape=(20,)),
                                keras.layers.Dense(64, kernel_initializer="uniform"),
                                keras.layers.Activation("tanh"),
                                keras.layers.Dense(10, "softmax")])
    seed004.compile(loss="categorical_crossentropy", metrics=["acc"],
                    optimizer=keras.optimizers.SGD(decay, momentum=0.9, nesterov=True))
    return seed004
""",
)
