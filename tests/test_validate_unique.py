"""Repeated keys are found as pandas' own ``duplicated`` finds them, in less memory."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkit.project.keys import repeated_keys

_cell = st.one_of(st.none(), st.sampled_from(["M01", "M02", "é", ""]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_cell, _cell, st.one_of(st.none(), st.integers(0, 3))), max_size=40))
def test_repeated_keys_match_pandas_duplicated(rows):
    frame = pd.DataFrame(rows, columns=["meeting_id", "coder", "seq"])
    frame = frame.astype({"meeting_id": "string", "coder": "string", "seq": "Int64"})
    for key in (("meeting_id",), ("meeting_id", "seq"), ("meeting_id", "coder", "seq")):
        keyed = frame[list(key)]
        expected = (keyed.notna().all(axis=1) & keyed.duplicated(keep="first")).to_numpy()
        assert repeated_keys(frame, key).tolist() == expected.tolist(), key


def test_a_key_of_many_distinct_values_does_not_overflow():
    n = 3000
    frame = pd.DataFrame({"a": range(n), "b": range(n), "c": range(n), "d": range(n),
                          "e": range(n), "f": range(n)})
    frame.loc[n - 1] = frame.loc[0]
    found = repeated_keys(frame, tuple("abcdef"))
    assert found.sum() == 1 and found[n - 1]
