"""Claim checks: a sentence of the text that reads a result, asserted in code beside it.

`make test` re-runs every notebook and compares its printed outputs with the stored ones
(nbval's rules), so the numbers stay right.
The sentences that *read* those numbers ("the validation loss is lowest at epoch 17",
"Adam beats SGD on all five seeds") are checked by a claim cell placed right after them::

    claim("validation loss is lowest at epoch 17", best_epoch == 17, best_epoch=best_epoch)
    claim_close("the L2 model's validation loss is about 0.34", val_loss, 0.34, atol=0.005)

If a result changes, the cell raises :class:`ClaimFailed` quoting the sentence and the values,
so the build fails instead of the text silently contradicting the output. Claim cells carry the
tags ``claim`` and ``remove-cell``: the web page does not show them, the notebook keeps them,
and a reader in Colab can run them.
"""

from __future__ import annotations

import numpy as np

from nnbook._validation import as_array, number

__all__ = ["ClaimFailed", "claim", "claim_close"]


class ClaimFailed(AssertionError):
    """A sentence of the text no longer agrees with what the code computes."""


def _text(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TypeError(f"text must be the sentence being checked (a non-empty str); got "
                        f"{type(text).__name__} {text!r:.40}")
    return text.strip()


def _shown(values: dict) -> str:
    if not values:
        return ""
    parts = []
    for name, value in values.items():
        arr = np.asarray(value) if not isinstance(value, str) else None
        if arr is not None and arr.dtype.kind in "fc":
            value = np.array2string(arr, precision=6) if arr.ndim else f"{float(arr):.6g}"
        parts.append(f"{name}={value}")
    return " (" + ", ".join(parts) + ")"


def claim(text: str, holds, **values) -> None:
    """Assert that the sentence ``text`` holds; ``holds`` is the test of exactly what it says.

    Parameters
    ----------
    text : str
        The sentence (or the part of it) being checked, quoted in the error.
    holds : bool
        True if the sentence agrees with the computed results. It must be a single truth
        value: an array is refused (use ``np.all`` or ``np.any`` to say which is meant).
    **values
        The computed values the sentence reads, shown in the error.

    Raises
    ------
    ClaimFailed
        If ``holds`` is False.
    """
    text = _text(text)
    if not isinstance(holds, bool | np.bool_):
        raise TypeError(f"holds must be a single True or False (use np.all or np.any for "
                        f"arrays); got {type(holds).__name__} {holds!r:.40}")
    if not holds:
        raise ClaimFailed(f"The text says: \u201c{text}\u201d, but that no longer holds"
                          f"{_shown(values)}.")


def claim_close(text: str, value, expected, *, atol: float = 0.0, rtol: float = 0.0) -> None:
    """Assert that ``value`` (computed) is ``expected`` (as the sentence says), within a tolerance.

    Parameters
    ----------
    text : str
        The sentence being checked, quoted in the error.
    value : float or array_like
        What the code computed.
    expected : float or array_like
        What the sentence says, broadcastable against ``value``.
    atol, rtol : float
        Absolute and relative tolerance: ``|value - expected| <= atol + rtol * |expected|``
        for every entry. At least one must be positive: a quoted number is rounded.

    Raises
    ------
    ClaimFailed
        If any entry is outside the tolerance.
    """
    text = _text(text)
    got = as_array(value, "value", allow_nan=True)  # a computed NaN fails the claim
    want = as_array(expected, "expected")
    atol = number(atol, "atol", at_least=0)
    rtol = number(rtol, "rtol", at_least=0)
    if atol == 0 and rtol == 0:
        raise ValueError("atol or rtol must be positive: a number quoted in the text is rounded")
    try:
        ok = bool(np.all(np.abs(got - want) <= atol + rtol * np.abs(want)))
    except ValueError:
        raise ValueError(f"value and expected must have matching shapes; got {got.shape} and "
                         f"{want.shape}") from None
    claim(text, ok, value=got, expected=want, atol=atol, rtol=rtol)
