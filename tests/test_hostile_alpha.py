"""Issue 10, item 9: a table of one repeated value has no variation, so alpha is NaN.

Rounding in the mean used to leave an expected disagreement of about 1e-30
for ``-9.89`` repeated, and alpha came out as 1.0 (perfect reliability).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkit.reliability import krippendorff_alpha


@pytest.mark.parametrize("level", ["interval", "ordinal"])
def test_one_value_repeated_is_nan_not_perfect_agreement(level):
    assert math.isnan(krippendorff_alpha(np.full((5, 3), -9.89), level=level))


@settings(max_examples=80, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(2, 6), st.integers(1, 12))
def test_any_constant_table_is_nan_at_every_level(value, coders, units):
    data = np.full((coders, units), value)
    for level in ("nominal", "ordinal", "interval"):
        assert math.isnan(krippendorff_alpha(data, level=level)), (value, level)


def test_small_real_differences_far_from_zero_still_count():
    data = np.array([[1e6, 1e6 + 1, 1e6], [1e6, 1e6 + 1, 1e6 + 1]])
    assert krippendorff_alpha(data, level="interval") == pytest.approx(4 / 9)
