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


def whole(value, name: str, low: int = 0, high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]``, or a ``ValueError`` naming ``name``.

    ``True`` is not a number here, and neither is ``2.0``: a count must be a whole number.
    """
    bound = f">= {low}" if high is None else f"between {low} and {high}"
    if (isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low
            or (high is not None and value > high)):
        raise ValueError(f"{name} must be a whole number {bound}; got {value!r:.40}")
    return int(value)


def number(value, name: str, *, above=None, at_least=None, below=None, at_most=None) -> float:
    """``value`` as a finite float within the given bounds, or a ``ValueError`` naming ``name``.

    Converted by :func:`as_array`, so text is refused even when it would convert (``"0.1"``
    is not a learning rate).
    """
    x = float(as_array(value, name, (), allow_nan=True))
    bounds = [f"{op} {b:g}" for op, b in ((">", above), (">=", at_least), ("<", below),
                                          ("<=", at_most)) if b is not None]
    if not (np.isfinite(x) and (above is None or x > above) and (at_least is None or x >= at_least)
            and (below is None or x < below) and (at_most is None or x <= at_most)):
        raise ValueError(f"{name} must be a finite number{' ' if bounds else ''}"
                         f"{' and '.join(bounds)}; got {x:g}")
    return x


def function(value, name: str):
    """``value`` if it can be called, or a ``TypeError`` naming ``name``."""
    if not callable(value):
        raise TypeError(f"{name} must be a function (pass it without calling it); got "
                        f"{type(value).__name__} {value!r:.40}")
    return value


def choice(value, name: str, options):
    """``value`` if it is one of ``options``, or a ``ValueError`` listing them.

    Only single values can match: an array or a list is refused (not compared elementwise),
    and so is ``True`` (which Python would count as the option 1).
    """
    ok = False
    if np.ndim(value) == 0 and not isinstance(value, bool):
        try:
            ok = value in tuple(options)
        except (TypeError, ValueError):
            ok = False
    if not ok:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {value!r:.40}")
    return value
