"""Exercises of chapter 7, Training in practice.

Use from a notebook: ``from nnbook.exercises import ch07`` then ``ch07.q1.check(split)``.
Importing this module imports Keras.
"""

from __future__ import annotations

import numpy as np

from nnbook._optional import require
from nnbook._validation import as_array, function, whole
from nnbook.exercises import (
    NotAttempted,
    Question,
    Wrong,
    call_for_pair,
    call_student,
    fmt,
    is_stub,
)

keras = require("keras", "nnbook.exercises.ch07")

__all__ = ["q1", "q2", "q3", "q4", "q5", "CURVES", "HISTORIES", "early_stop_reference"]


# --- Q1: a shuffled train/validation split ------------------------------------------------------

def _sorted_data(n=50):
    """Rows sorted by class (as files often are): X[i] = (i, 10 i), y = 0 then 1."""
    X = np.column_stack([np.arange(n), 10 * np.arange(n)]).astype(float)
    y = (np.arange(n) >= n // 2).astype(int)
    return X, y


def _check_split(split):
    X, y = _sorted_data()
    args = (X.copy(), y.copy(), 0.2)
    out = call_student(split, *args, 0, name="split(X, y, 0.2, seed=0)")
    if not np.array_equal(args[0], X) or not np.array_equal(args[1], y):
        raise Wrong("split changed X or y in place (np.random.shuffle does that): index with a "
                    "permutation instead")
    if is_stub(out):
        raise Wrong("split returned None: did you forget `return X_train, y_train, X_val, "
                    "y_val`?")
    if not isinstance(out, tuple | list) or len(out) != 4:
        raise Wrong(f"split should return four arrays (X_train, y_train, X_val, y_val); got "
                    f"{fmt(out)}")
    X_train, y_train, X_val, y_val = (np.asarray(a) for a in out)
    if len(X_val) != 10 or len(y_val) != 10 or len(X_train) != 40 or len(y_train) != 40:
        raise Wrong(f"with 50 rows and val_fraction 0.2 the parts should have 40 and 10 rows; "
                    f"yours have {len(X_train)} and {len(X_val)}")
    rows = np.concatenate([X_train, X_val])[:, 0]
    if sorted(rows.tolist()) != list(range(50)):
        raise Wrong("every row should land in exactly one part (none lost, none twice)")
    labels = np.concatenate([y_train, y_val])
    if not np.array_equal(labels, (rows >= 25).astype(int)):
        raise Wrong("X and y were shuffled separately: rows no longer match their labels. "
                    "Use one permutation for both")
    if np.array_equal(np.sort(X_val[:, 0]), np.arange(40, 50)):
        raise Wrong("the validation part is the last 10 rows, all of class 1 here; this is what "
                    "validation_split does. Shuffle first")
    again = call_student(split, X.copy(), y.copy(), 0.2, 0, name="split(X, y, 0.2, seed=0)")
    if not np.array_equal(np.asarray(again[2]), X_val):
        raise Wrong("the same seed should give the same split: use "
                    "np.random.default_rng(seed)")
    other = call_student(split, X.copy(), y.copy(), 0.2, 1, name="split(X, y, 0.2, seed=1)")
    if np.array_equal(np.asarray(other[2]), X_val):
        raise Wrong("seeds 0 and 1 give the same split: the seed is not used")


q1 = Question(
    "Q1 (a shuffled split)",
    _check_split,
    lesson="Keras's validation_split takes the last rows before any shuffling; if the file "
    "is sorted, shuffle (with one permutation for X and y) first.",
    hints=[
        "Make a generator: rng = np.random.default_rng(seed).",
        "order = rng.permutation(len(X)) gives shuffled row numbers; X[order] and y[order] "
        "stay paired.",
        "n_val = int(len(X) * val_fraction); the first n_val shuffled rows are validation.",
    ],
    solution="""
def split(X, y, val_fraction, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = int(len(X) * val_fraction)
    val, train = order[:n_val], order[n_val:]
    return X[train], y[train], X[val], y[val]
""",
)


# --- Q2: seed 001's early stopping, in Keras 3 --------------------------------------------------

def _check_callback(make_early_stopping):
    cb = call_student(make_early_stopping, name="make_early_stopping()")
    if is_stub(cb):
        raise Wrong("make_early_stopping returned None: did you forget `return`?")
    if isinstance(cb, list | tuple) and len(cb) == 1:
        cb = cb[0]
    if not isinstance(cb, keras.callbacks.EarlyStopping):
        raise Wrong(f"return a keras.callbacks.EarlyStopping; got {type(cb).__name__}")
    if cb.monitor != "val_loss":
        raise Wrong(f"monitor the validation loss ('val_loss'); yours watches {cb.monitor!r}")
    if cb.patience != 2:
        raise Wrong(f"seed 001 uses patience=2; yours is {cb.patience}")
    if not cb.restore_best_weights:
        raise Wrong("add restore_best_weights=True: otherwise the model keeps the weights of "
                    "the last epoch (2 epochs past the best, when training stops early)")


q2 = Question(
    "Q2 (early stopping)",
    _check_callback,
    lesson="With restore_best_weights=True the model ends with the weights of its best "
    "validation epoch, not of the epoch where training stopped.",
    hints=[
        "The class is keras.callbacks.EarlyStopping.",
        "Its arguments: monitor, patience, restore_best_weights.",
        "keras.callbacks.EarlyStopping(monitor='val_loss', patience=2, "
        "restore_best_weights=True).",
    ],
    solution="""
def make_early_stopping():
    return keras.callbacks.EarlyStopping("val_loss", patience=2, restore_best_weights=True)
""",
)


# --- Q3: when does early stopping stop? ---------------------------------------------------------

def early_stop_reference(val_loss, patience, improves=lambda new, best: new < best):
    """(epoch training stops at, best epoch), both from 1, as Keras's EarlyStopping does.

    Keras counts only a strictly lower value as an improvement (``min_delta=0``).
    """
    val_loss = as_array(val_loss, "val_loss", ("n_epochs",))
    patience, improves = whole(patience, "patience", 1), function(improves, "improves")
    if not len(val_loss):
        raise ValueError("val_loss is empty: give one validation loss per epoch")
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, value in enumerate(val_loss, start=1):
        if improves(value, best):
            best, best_epoch, wait = value, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(val_loss), best_epoch


_Q3_CASES = [
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.5], 2),
    ([0.9, 0.7, 0.6, 0.65, 0.55, 0.58, 0.57, 0.4], 2),
    ([0.5, 0.4, 0.3, 0.2, 0.1], 2),
    ([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.5], 3),
    ([0.3, 0.3, 0.3, 0.2], 1),
    ([0.8, 0.81, 0.79, 0.8, 0.78, 0.9, 0.95], 2),
]


def _check_early_stop(early_stop):
    for val_loss, patience in _Q3_CASES:
        shown = f"early_stop({val_loss}, patience={patience})"
        got = call_for_pair(early_stop, list(val_loss), patience, name=shown,
                            what="stopped_epoch, best_epoch")
        want = early_stop_reference(val_loss, patience)
        try:
            got = tuple(int(v) for v in got)
        except (TypeError, ValueError):
            raise Wrong(f"{shown} should return two integers; got {fmt(got)}") from None
        if got == (want[0] - 1, want[1] - 1):
            raise Wrong(f"{shown}: count epochs from 1, as Keras prints them")
        if got != want:
            reason = ""
            if got == early_stop_reference(val_loss, patience, lambda new, best: new <= best):
                reason = " (an equal value is not an improvement)"
            raise Wrong(f"{shown} should be {want}; yours is {got}{reason}")


q3 = Question(
    "Q3 (when does early stopping stop?)",
    _check_early_stop,
    lesson="Training stops after `patience` epochs in a row without a new lowest validation "
    "loss; the best epoch is the last new lowest before that.",
    hints=[
        "Walk through val_loss keeping three things: the best value so far, its epoch, and "
        "how many epochs since it (wait).",
        "A value lower than the best resets wait to 0; anything else (equal included) adds 1.",
        "When wait reaches patience, return (this epoch, best epoch); if it never does, "
        "return (len(val_loss), best epoch).",
    ],
    solution="""
def early_stop(val_loss, patience):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, value in enumerate(val_loss, start=1):
        if value < best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_loss), best_epoch
""",
)


# --- Q4: the better regulariser -----------------------------------------------------------------

#: Cross-entropy (without penalty), every 10 passes, of chapter 7's regularisation runs:
#: ``kt.regularization_run(dropout, l2)["history"]``, keys ``bce`` and ``val_bce``, rounded.
CURVES = {
    "A": {"label": "no regularisation",
          "loss": [0.56, 0.31, 0.20, 0.18, 0.17, 0.16, 0.16, 0.15, 0.15, 0.15,
                   0.15, 0.14, 0.14, 0.14, 0.14, 0.13, 0.13, 0.13, 0.12, 0.12],
          "val_loss": [0.47, 0.32, 0.34, 0.36, 0.39, 0.42, 0.44, 0.46, 0.48, 0.49,
                       0.51, 0.52, 0.54, 0.55, 0.56, 0.58, 0.59, 0.60, 0.61, 0.62]},
    "B": {"label": "dropout 0.5",
          "loss": [0.61, 0.45, 0.34, 0.28, 0.24, 0.24, 0.22, 0.23, 0.21, 0.20,
                   0.21, 0.21, 0.23, 0.20, 0.19, 0.19, 0.18, 0.19, 0.17, 0.16],
          "val_loss": [0.57, 0.40, 0.32, 0.32, 0.32, 0.36, 0.32, 0.35, 0.36, 0.38,
                       0.37, 0.41, 0.35, 0.39, 0.38, 0.39, 0.42, 0.42, 0.43, 0.44]},
    "C": {"label": "L2 0.01",
          "loss": [0.60, 0.47, 0.34, 0.25, 0.23, 0.21, 0.21, 0.20, 0.20, 0.20,
                   0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.19, 0.18, 0.18],
          "val_loss": [0.58, 0.46, 0.37, 0.34, 0.33, 0.33, 0.33, 0.33, 0.33, 0.33,
                       0.33, 0.34, 0.34, 0.34, 0.34, 0.34, 0.34, 0.34, 0.34, 0.34]},
}


def _check_better(better):
    if is_stub(better):
        raise NotAttempted("better is still `...`")
    if not isinstance(better, str) or better.strip().upper() not in CURVES:
        raise Wrong(f"better should be one of the letters {list(CURVES)}; got {fmt(better)}")
    choice = better.strip().upper()
    if choice == "A":
        raise Wrong("A has the lowest training loss because it overfits: its validation loss "
                    "climbs from 0.32 to 0.62. Judge on validation")
    if choice == "B":
        raise Wrong("B (dropout) slows the overfitting but its validation loss still climbs to "
                    "0.44; compare the validation curves after the last pass")


q4 = Question(
    "Q4 (the better regulariser)",
    _check_better,
    lesson="C's validation loss creeps from 0.33 to 0.34 instead of climbing to 0.62: L2 0.01 "
    "almost stops the overfitting in this one run. Early stopping at A's or B's best epoch "
    "(about 0.32) would do as well or slightly better, but that epoch is chosen on the "
    "validation set, which flatters it: the two cures overlap.",
    hints=[
        "Plot them: ch07.plot_curves().",
        "The training loss says how well a model fits the points it learned from; which "
        "curve says how it does on new points?",
        "Pick the letter whose val_loss is lowest after the last pass.",
    ],
    solution='better = "C"',
)


def plot_curves():
    """Draw Q4's three pairs of curves side by side; returns the figure."""
    import matplotlib.pyplot as plt

    from nnbook import plots

    fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), sharey=True)
    passes = np.arange(1, 21) * 10
    for ax, (letter, curve) in zip(axes, CURVES.items(), strict=True):
        ax.plot(passes, curve["loss"], color=plots.PALETTE["class0"], lw=2, label="training")
        ax.plot(passes, curve["val_loss"], "--", color=plots.PALETTE["class1"], lw=2,
                label="validation")
        ax.set(title=f"{letter}: {curve['label']}", xlabel="passes over the 60 points")
    axes[0].set_ylabel("cross-entropy (no penalty)")
    axes[0].legend()
    fig.tight_layout()
    return fig


# --- Q5: diagnose from a History ----------------------------------------------------------------

#: Three Histories (one entry per Keras epoch of 10 passes) to diagnose: chapter 7's runs of
#: 7.2 (P: no hidden layer, Q: 64 + 64 units, R: 8 units), rounded.
HISTORIES = {
    "P": {"loss": [0.68, 0.68, 0.67, 0.67, 0.67, 0.67, 0.66, 0.66, 0.66, 0.66,
                  0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66, 0.66],
          "accuracy": [0.55, 0.52, 0.55, 0.60, 0.64, 0.65, 0.67, 0.67, 0.67, 0.66,
                      0.63, 0.63, 0.63, 0.63, 0.63, 0.63, 0.63, 0.63, 0.63, 0.63],
          "val_loss": [0.71, 0.71, 0.71, 0.72, 0.72, 0.72, 0.72, 0.72, 0.73, 0.73,
                      0.73, 0.73, 0.73, 0.73, 0.73, 0.73, 0.73, 0.73, 0.73, 0.73],
          "val_accuracy": [0.50, 0.51, 0.53, 0.53, 0.55, 0.54, 0.55, 0.54, 0.52, 0.52,
                          0.51, 0.52, 0.52, 0.51, 0.51, 0.50, 0.50, 0.50, 0.50, 0.50]},
    "Q": {"loss": [0.56, 0.31, 0.20, 0.18, 0.17, 0.16, 0.16, 0.15, 0.15, 0.15,
                  0.15, 0.14, 0.14, 0.14, 0.14, 0.13, 0.13, 0.13, 0.12, 0.12],
          "accuracy": [0.78, 0.93, 0.95, 0.95, 0.94, 0.94, 0.94, 0.94, 0.94, 0.94,
                      0.94, 0.94, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.96, 0.96],
          "val_loss": [0.47, 0.32, 0.34, 0.36, 0.39, 0.42, 0.44, 0.46, 0.48, 0.49,
                      0.51, 0.52, 0.54, 0.55, 0.56, 0.58, 0.59, 0.60, 0.61, 0.62],
          "val_accuracy": [0.82, 0.85, 0.85, 0.86, 0.86, 0.85, 0.85, 0.85, 0.85, 0.85,
                          0.85, 0.85, 0.84, 0.84, 0.84, 0.84, 0.84, 0.84, 0.84, 0.84]},
    "R": {"loss": [0.64, 0.61, 0.58, 0.55, 0.52, 0.50, 0.47, 0.45, 0.42, 0.41,
                  0.39, 0.37, 0.36, 0.34, 0.33, 0.32, 0.31, 0.30, 0.30, 0.29],
          "accuracy": [0.62, 0.62, 0.62, 0.63, 0.69, 0.74, 0.80, 0.83, 0.85, 0.85,
                      0.86, 0.87, 0.87, 0.88, 0.88, 0.88, 0.89, 0.90, 0.90, 0.90],
          "val_loss": [0.66, 0.65, 0.63, 0.61, 0.58, 0.56, 0.54, 0.52, 0.50, 0.48,
                      0.47, 0.45, 0.44, 0.43, 0.42, 0.42, 0.41, 0.40, 0.40, 0.39],
          "val_accuracy": [0.49, 0.49, 0.49, 0.57, 0.60, 0.63, 0.70, 0.75, 0.78, 0.79,
                          0.80, 0.81, 0.81, 0.81, 0.82, 0.82, 0.83, 0.84, 0.84, 0.84]},
}
_DIAGNOSES = {"P": "underfitting", "Q": "overfitting", "R": "good fit"}
_SYNONYMS = {"underfit": "underfitting", "overfit": "overfitting", "good": "good fit"}
_WHY = {
    "P": "P's training loss hardly moves (0.68 to 0.66, near ln 2 = 0.69, a coin toss) and "
         "its validation accuracy ends at 0.50: the model barely fits its training data "
         "(training accuracy 0.63)",
    "Q": "Q's training loss falls to 0.12 while its validation loss turns up after epoch 2 "
         "(0.32 to 0.62): it memorises the training set",
    "R": "R's validation loss falls to its lowest at the last epoch (0.66 to 0.39); the gap "
         "to the training loss (0.29) is moderate",
}


def _check_diagnoses(diagnoses):
    if is_stub(diagnoses):
        raise NotAttempted("diagnoses is still `...`")
    if not isinstance(diagnoses, dict):
        raise Wrong(f"diagnoses should be a dict like {{'P': '...', 'Q': '...', 'R': '...'}}; "
                    f"got {type(diagnoses).__name__}")
    if sorted(map(str, diagnoses)) != sorted(_DIAGNOSES):
        raise Wrong(f"diagnoses should have the keys {sorted(_DIAGNOSES)}; yours has "
                    f"{sorted(map(str, diagnoses))}")
    for key, want in _DIAGNOSES.items():
        got = diagnoses[key]
        if is_stub(got):
            raise NotAttempted(f"diagnoses[{key!r}] is still `...`")
        text = str(got).strip().lower().replace("_", " ")
        text = _SYNONYMS.get(text, text)
        if text not in set(_DIAGNOSES.values()):
            raise Wrong(f"diagnoses[{key!r}] should be 'underfitting', 'overfitting' or "
                        f"'good fit'; got {fmt(got)}")
        if text != want:
            raise Wrong(f"diagnoses[{key!r}] is not {text!r}: {_WHY[key]}")


q5 = Question(
    "Q5 (diagnose from a History)",
    _check_diagnoses,
    lesson="Underfitting: both curves high and flat (more capacity, more epochs). Overfitting: "
    "a low training loss and a validation loss turning up, a growing gap (regularise, stop "
    "early, more data).",
    hints=[
        "Plot each History with nnbook.plots.plot_history(ch07.HISTORIES['P']).",
        "Ask two questions: does the training loss get low? does the validation loss follow "
        "it, or turn up?",
        "One is flat near ln 2 = 0.69, one turns up after epoch 2, one falls to the end.",
    ],
    solution="""
diagnoses = {"P": "underfitting", "Q": "overfitting", "R": "good fit"}
""",
)
