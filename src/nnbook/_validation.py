"""Input checks shared by the helper package.

Every public function that takes arrays calls :func:`as_array` so that a wrong shape,
a NaN or a non-numeric value gives a ``ValueError`` that names the argument and the
expected shape, instead of a traceback from deep inside NumPy.
"""

from __future__ import annotations

import numpy as np


def _shape_text(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def as_array(value, name: str, shape: tuple | None = None, *, allow_nan: bool = False,
             dtype=float):
    """Return ``value`` as a float array, or raise a clear ``ValueError``.

    Parameters
    ----------
    value : array_like
        What the caller passed.
    name : str
        The argument's name, used in the error message.
    shape : tuple of (int or str or None), optional
        Expected shape. An int must match exactly; a str (such as ``"n_samples"``) or
        None matches any length but names the axis in the message.
    allow_nan : bool
        Whether NaN and infinity are acceptable.
    dtype : numpy dtype
        The float type wanted (NumPy's float64 by default; a network in float32 asks for
        float32, so that its inputs are converted once, without a float64 copy on the way).
    """
    expected = "" if shape is None else f" of shape {_shape_text(shape)}"
    try:
        raw = np.asarray(value)
        if raw.dtype.kind in "USV":  # text: "1.5" is not a number here, even if it converts
            raise TypeError
        arr = raw.astype(dtype, copy=False)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be numeric{expected}; got {type(value).__name__} {value!r:.60}"
        ) from None
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            not isinstance(s, int) or s == n for s, n in zip(shape, arr.shape, strict=False)
        )
        if not ok:
            raise ValueError(f"{name} must have shape {_shape_text(shape)}; got shape {arr.shape}")
    if not allow_nan and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity; every entry must be a finite number")
    return arr


def lookup(table: dict, name, kind: str):
    """``table[name]``, or a ``ValueError`` listing the valid names of this ``kind``."""
    try:
        return table[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown {kind} {name!r}; choose one of {sorted(table)}") from None
