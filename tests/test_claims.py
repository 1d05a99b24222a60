"""Claim checks (nnbook.claims) pass when the sentence holds and fail, quoting it, when not."""

import numpy as np
import pytest

from nnbook.claims import ClaimFailed, claim, claim_close


def test_a_true_claim_passes_silently(capsys):
    claim("two is more than one", 2 > 1)
    claim("every entry is positive", np.all(np.array([1, 2]) > 0))
    claim_close("the loss is about 0.34", 0.3391, 0.34, atol=0.005)
    claim_close("both are about 1", [0.99, 1.01], 1.0, rtol=0.02)
    assert capsys.readouterr().out == ""


def test_a_false_claim_fails_quoting_the_sentence_and_the_values():
    with pytest.raises(ClaimFailed) as info:
        claim("the best epoch is 17", 18 == 17, best_epoch=18)
    text = str(info.value)
    assert "\u201cthe best epoch is 17\u201d" in text and "best_epoch=18" in text
    assert isinstance(info.value, AssertionError)


@pytest.mark.parametrize("value", [0.3451, 0.3349, np.nan, np.inf, [0.34, 0.36]])
def test_claim_close_fails_outside_the_tolerance(value):
    with pytest.raises(ClaimFailed, match="about 0.34"):
        claim_close("the loss is about 0.34", value, 0.34, atol=0.005)


def test_claim_close_edges():
    claim_close("exactly at the tolerance", 0.345, 0.34, atol=0.0051)
    with pytest.raises(ClaimFailed):
        claim_close("relative: 100 within 1%", 102.0, 100.0, rtol=0.01)
    with pytest.raises(ClaimFailed, match="value=nan"):
        claim_close("a NaN never agrees", np.nan, 1.0, atol=1.0)
