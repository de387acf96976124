"""Tests of collabkit.reliability (kappa, alpha, agreement) against published worked examples and
independent implementations (krippendorff, scikit-learn, statsmodels)."""

from __future__ import annotations

import doctest
import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats import inter_rater

from collabkit.reliability import (
    AGREEMENT_COLUMNS,
    agreement,
    coder_agreement,
    cohen_kappa,
    fleiss_kappa,
    interpret_alpha,
    interpret_kappa,
    krippendorff_alpha,
)
from collabkit.reliability import alpha as alpha_module
from collabkit.reliability import kappa as kappa_module

nan = math.nan

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
# Annenberg School for Communication, University of Pennsylvania: the worked
# example with any number of observers and missing data, observers A-D (rows)
# x units 1-12 (columns), values 1-5, missing as NaN. Published alphas:
# nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Fleiss' kappa worked example from Wikipedia, "Fleiss' kappa" (Worked
# example): 10 subjects x 5 categories, 14 raters each; kappa = 0.210.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
# Psychological Bulletin, 76(5), 378-382, Table 1: 30 patients, 6 psychiatrists,
# 5 diagnoses (depression, personality disorder, schizophrenia, neurosis,
# other); published kappa = .430. (The same data ship as `diagnoses` in the R
# package irr.)
FLEISS_1971 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]  # fmt: skip


def pairs_from_table(table: list[list[int]], labels: list) -> tuple[list, list]:
    """Expand a rater-A x rater-B contingency table into two label lists."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [labels[i]] * count
            b += [labels[j]] * count
    return a, b


# -- Krippendorff's alpha ------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_reproduces_krippendorff_2011(level, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level=level), 3) == published


def test_alpha_nominal_accepts_text_labels_none_and_dataframes():
    names = {1: "move", 2: "follow", 3: "oppose", 4: "bystand", 5: "silent"}
    text = [[None if math.isnan(v) else names[v] for v in row] for row in KRIPPENDORFF_2011]
    assert round(krippendorff_alpha(text), 3) == 0.743
    frame = pd.DataFrame(text, index=list("ABCD"), dtype="str")
    assert round(krippendorff_alpha(frame), 3) == 0.743
    # numpy turns NaN into the text "nan" in string arrays: still missing
    as_strings = np.array([[str(v) for v in row] for row in text]).astype(str)
    as_strings[as_strings == "None"] = "nan"
    assert round(krippendorff_alpha(as_strings), 3) == 0.743


def test_alpha_does_not_modify_its_input():
    frame = pd.DataFrame(KRIPPENDORFF_2011)
    before = frame.copy()
    krippendorff_alpha(frame, level="ordinal")
    pd.testing.assert_frame_equal(frame, before)


def package_alpha(data: np.ndarray, level: str) -> float:
    """The krippendorff package's alpha, NaN where it refuses (undefined)."""
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except ValueError:
        return nan


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda coders: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 6)), min_size=coders, max_size=coders),
            min_size=1,
            max_size=25,
        )
    )
)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_alpha_matches_krippendorff_package_on_random_tables(units):
    data = np.array([[nan if v is None else v for v in unit] for unit in units], dtype=float).T
    for level in ("nominal", "ordinal", "interval", "ratio"):
        ours, theirs = krippendorff_alpha(data, level=level), package_alpha(data, level)
        if math.isnan(theirs):
            assert math.isnan(ours), level
        else:
            assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), level


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_package_on_thousands_of_units(level):
    rng = np.random.default_rng(2011)
    truth = rng.integers(1, 6, size=3000)
    data = np.vstack(
        [np.where(rng.random(3000) < 0.8, truth, rng.integers(1, 6, 3000)) for _ in range(4)]
    )
    data = data.astype(float)
    data[rng.random(data.shape) < 0.15] = nan
    assert krippendorff_alpha(data, level=level) == pytest.approx(
        package_alpha(data, level), rel=1e-9
    )


def test_alpha_handles_many_distinct_values_without_a_square_matrix():
    rng = np.random.default_rng(7)
    truth = rng.gamma(2.0, size=5000)
    data = np.vstack([truth + rng.normal(scale=0.5, size=5000) for _ in range(3)])
    data = np.abs(data)  # 15,000 distinct values: a dense V x V matrix would need 1.8 GB
    assert 0.5 < krippendorff_alpha(data, level="interval") < 1
    assert 0.5 < krippendorff_alpha(data, level="ordinal") < 1


def test_alpha_is_nan_when_undefined():
    assert math.isnan(krippendorff_alpha([[1, nan, 2], [nan, 3, nan]]))  # no unit coded twice
    assert math.isnan(krippendorff_alpha([[2, 2, 2], [2, 2, nan]]))  # no variation
    assert math.isnan(krippendorff_alpha([[0, 0], [0, 0]], level="ratio"))
    assert math.isnan(krippendorff_alpha(np.empty((2, 0))))


def test_alpha_rejects_bad_input_with_clear_messages():
    with pytest.raises(
        ValueError, match="level must be one of nominal, ordinal, interval, ratio; got 'rank'"
    ):
        krippendorff_alpha(KRIPPENDORFF_2011, level="rank")
    with pytest.raises(ValueError, match="level='ordinal' needs numbers in scale order"):
        krippendorff_alpha([["low", "high"], ["low", "low"]], level="ordinal")
    with pytest.raises(ValueError, match="level='ratio' needs values >= 0"):
        krippendorff_alpha([[-1, 2], [1, 2]], level="ratio")
    with pytest.raises(ValueError, match="2-D coders x units table; got 1"):
        krippendorff_alpha([1, 2, 3])


# -- Cohen's kappa -----------------------------------------------------------------


def test_cohen_kappa_textbook_fifty_proposals():
    # Wikipedia, "Cohen's kappa", simple worked example: 50 grant proposals read
    # by two readers, table [[20, 5], [10, 15]]: p_o = 0.70, p_e = 0.50, kappa 0.40.
    a, b = pairs_from_table([[20, 5], [10, 15]], ["yes", "no"])
    assert round(cohen_kappa(a, b), 3) == 0.400


def test_weighted_kappa_published_examples():
    # SAS PROC FREQ printout for the 3 x 3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    # as quoted in statsmodels' test suite (stats/tests/test_inter_rater.py):
    # simple kappa 0.4842, weighted kappa 0.4701 (SAS default Cicchetti-Allison
    # weights, which are linear weights).
    a, b = pairs_from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]], [1, 2, 3])
    assert round(cohen_kappa(a, b), 4) == 0.4842
    assert round(cohen_kappa(a, b, weights="linear"), 4) == 0.4701
    # R package irr, kappa2() on its bundled `anxiety` data, raters 2 and 3
    # (irr manual example; values also quoted in statsmodels' tests):
    # unweighted -0.006289308, "equal" (linear) 0.1459075, "squared" 0.2520325.
    rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4]
    rater3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]
    assert cohen_kappa(rater2, rater3) == pytest.approx(-0.006289308, abs=1e-9)
    assert cohen_kappa(rater2, rater3, weights="linear") == pytest.approx(0.1459075, abs=1e-7)
    assert cohen_kappa(rater2, rater3, weights="quadratic") == pytest.approx(0.2520325, abs=1e-7)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_scikit_learn_on_random_data(weights):
    rng = np.random.default_rng(1968)
    for _ in range(20):
        truth = rng.integers(0, 5, size=60)
        a = np.where(rng.random(60) < 0.7, truth, rng.integers(0, 5, size=60))
        b = np.where(rng.random(60) < 0.7, truth, rng.integers(0, 5, size=60))
        expected = cohen_kappa_score(a, b, weights=weights)
        assert cohen_kappa(a, b, weights=weights) == pytest.approx(expected, rel=1e-12)


def test_cohen_kappa_drops_pairs_with_a_missing_label():
    a = ["move", "follow", None, "oppose", "move", np.nan]
    b = ["move", "oppose", "follow", "oppose", "move", "bystand"]
    assert cohen_kappa(a, b) == pytest.approx(
        cohen_kappa(["move", "follow", "oppose", "move"], ["move", "oppose", "oppose", "move"])
    )
    categorical = pd.Series(pd.Categorical(a, categories=["move", "follow", "oppose", "bystand"]))
    assert cohen_kappa(categorical, b) == pytest.approx(cohen_kappa(a, b))


def test_weighted_kappa_uses_the_given_label_order():
    a = ["low", "mid", "high", "mid", "low", "high"]
    b = ["mid", "mid", "high", "low", "low", "mid"]
    scale = ["low", "mid", "high"]
    codes = {label: i for i, label in enumerate(scale)}
    expected = cohen_kappa_score([codes[x] for x in a], [codes[x] for x in b], weights="linear")
    assert cohen_kappa(a, b, weights="linear", labels=scale) == pytest.approx(expected)
    # the alphabetical default (high, low, mid) is a different scale
    assert cohen_kappa(a, b, weights="linear") != pytest.approx(expected)


def test_cohen_kappa_is_nan_when_undefined():
    assert math.isnan(cohen_kappa(["move"] * 5, ["move"] * 5))  # chance agreement is 1
    assert math.isnan(cohen_kappa(["move"] * 3, ["move"] * 3, labels=["move", "follow"]))
    assert math.isnan(cohen_kappa([None, "move"], ["move", None]))  # no complete pair
    assert math.isnan(cohen_kappa([], []))


def test_cohen_kappa_rejects_bad_input_with_clear_messages():
    with pytest.raises(ValueError, match="rater_a has 3 labels but rater_b has 2"):
        cohen_kappa([1, 2, 3], [1, 2])
    with pytest.raises(
        ValueError, match="weights must be None, 'linear' or 'quadratic'; got 'cubic'"
    ):
        cohen_kappa([1, 2], [1, 2], weights="cubic")
    with pytest.raises(ValueError, match=r"label\(s\) \['bystand'\] not in labels"):
        cohen_kappa(["move", "bystand"], ["move", "move"], labels=["move", "follow"])
    with pytest.raises(ValueError, match="labels must not repeat"):
        cohen_kappa(["move"], ["move"], labels=["move", "move"])
    with pytest.raises(ValueError, match="weighted kappa needs labels in scale order"):
        cohen_kappa([1, "two"], [1, "two"], weights="linear")


# -- Fleiss' kappa -----------------------------------------------------------------


def test_fleiss_kappa_published_examples():
    assert round(fleiss_kappa(WIKIPEDIA_FLEISS), 3) == 0.210
    assert round(fleiss_kappa(FLEISS_1971), 3) == 0.430


def test_fleiss_kappa_matches_statsmodels_on_random_tables():
    rng = np.random.default_rng(1971)
    for _ in range(30):
        raters, subjects, categories = rng.integers(2, 9), rng.integers(2, 40), rng.integers(2, 6)
        shares = rng.dirichlet(np.ones(categories), size=subjects)
        table = np.array([rng.multinomial(raters, p) for p in shares])
        expected = inter_rater.fleiss_kappa(table)
        assert fleiss_kappa(table) == pytest.approx(expected, rel=1e-10)
        assert fleiss_kappa(pd.DataFrame(table)) == pytest.approx(expected, rel=1e-10)


def test_fleiss_kappa_names_the_row_with_a_different_number_of_raters():
    table = pd.DataFrame([[3, 0], [1, 1], [0, 3]], index=["u1", "u2", "u3"])
    with pytest.raises(ValueError, match="row 'u2' sums to 2 but row 'u1' sums to 3"):
        fleiss_kappa(table)
    with pytest.raises(ValueError, match="row 2 sums to 4 but row 0 sums to 3"):
        fleiss_kappa([[3, 0], [2, 1], [4, 0]])
    with pytest.raises(ValueError, match="whole numbers of coders >= 0"):
        fleiss_kappa([[2.5, 0.5], [3, 0]])
    with pytest.raises(ValueError, match="2-D subjects x categories"):
        fleiss_kappa([1, 2, 3])


def test_fleiss_kappa_is_nan_when_undefined():
    assert math.isnan(fleiss_kappa([[4, 0], [4, 0]]))  # one category only
    assert math.isnan(fleiss_kappa([[1, 0], [0, 1]]))  # a single rater
    assert math.isnan(fleiss_kappa(np.zeros((0, 3))))


# -- labels ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.3, "poor"), (-0.01, "poor"), (0.0, "slight"), (0.20, "slight"), (0.21, "fair"),
        (0.40, "fair"), (0.4 + 1e-12, "fair"), (0.41, "moderate"), (0.60, "moderate"),
        (0.61, "substantial"), (0.80, "substantial"), (0.81, "almost perfect"),
        (1.0, "almost perfect"), (nan, ""), (None, ""),
    ],
)  # fmt: skip
def test_interpret_kappa_uses_landis_and_koch_bands(kappa, label):
    assert interpret_kappa(kappa) == label


@pytest.mark.parametrize(
    ("alpha", "label"),
    [
        (1.0, "reliable"), (0.800, "reliable"), (0.7996, "reliable"), (0.7994, "tentative"),
        (0.667, "tentative"), (0.666, "unreliable"), (-0.2, "unreliable"), (nan, ""), (None, ""),
    ],
)  # fmt: skip
def test_interpret_alpha_uses_krippendorff_thresholds(alpha, label):
    assert interpret_alpha(alpha) == label


# -- coder_agreement ---------------------------------------------------------------


def events_table(rows: list[tuple]) -> pd.DataFrame:
    """An events table from (meeting_id, seq, coder, move, t_seconds) rows."""
    frame = pd.DataFrame(rows, columns=["meeting_id", "seq", "coder", "move", "t_seconds"])
    frame["participant_id"] = "p1"
    return frame


def known_events() -> pd.DataFrame:
    m1_primary = ["move", "follow", "follow", "oppose", "bystand", "move"]
    m1_second = ["move", "follow", "oppose", "oppose", "bystand", "follow"]
    m2 = [
        ("move",) * 3,
        ("follow", "follow", "oppose"),
        ("oppose",) * 3,
        ("bystand", "follow", "bystand"),
    ]
    rows = [("m1", s, "primary", code, 10.0 * s) for s, code in enumerate(m1_primary, 1)]
    rows += [("m1", s, "second", code, 10.0 * s) for s, code in enumerate(m1_second, 1)]
    for seq, codes in enumerate(m2, 1):
        rows += [
            ("m2", seq, coder, code, 5.0 * seq)
            for coder, code in zip(["primary", "second", "third"], codes, strict=True)
        ]
    rows += [("m3", 1, "primary", "move", 0.0), ("m3", 2, "primary", "follow", 3.0)]
    return events_table(rows)


def test_coder_agreement_hand_computed_example():
    result = coder_agreement(known_events())
    assert list(result.columns) == AGREEMENT_COLUMNS
    assert list(result["meeting_id"]) == ["m1", "m2", "all"]  # m3 has one coder only
    assert list(result["coders"]) == [2, 3, 3]
    assert list(result["units"]) == [6, 4, 10]
    # m1, two coders: 4 of 6 units agree; the most common code is follow, 4 of 12;
    # Cohen: p_o = 4/6, p_e = 9/36, kappa = (2/3 - 1/4) / (3/4) = 5/9;
    # alpha: n = 12, 4 disagreeing ordered pairs, sum n_c n_k (c != k) = 144 - 38.
    # m2, three coders, complete: mean agreeing share of pairs (1 + 1/3 + 1 + 1/3) / 4;
    # Fleiss: P = 2/3, Pe = 38/144; alpha: 4 disagreeing pairs of weight 1/2 each side.
    # all: 24 codes, alpha = 1 - 23 * 8 / (576 - 150); no kappa (3 coders, incomplete).
    expected = pd.DataFrame({
        "raw_agreement": [4 / 6, 2 / 3, (4 + 8 / 3) / 10],
        "prevalence": [4 / 12, 4 / 12, 7 / 24],
        "kappa": [5 / 9, (2 / 3 - 38 / 144) / (1 - 38 / 144), nan],
        "alpha": [1 - 11 * 4 / 106, 1 - 11 * 4 / 106, 1 - 23 * 8 / 426],
    })  # fmt: skip
    pd.testing.assert_frame_equal(result[list(expected.columns)], expected)
    assert list(result["kappa_label"]) == ["moderate", "moderate", ""]
    assert list(result["alpha_label"]) == ["unreliable", "unreliable", "unreliable"]
    assert result["coders"].dtype == "int64" and result["units"].dtype == "int64"


def test_coder_agreement_agrees_with_independent_implementations():
    events = known_events()
    result = coder_agreement(events).set_index("meeting_id")
    m1 = events[events["meeting_id"] == "m1"].pivot(index="coder", columns="seq", values="move")
    assert result.loc["m1", "kappa"] == pytest.approx(
        cohen_kappa_score(m1.loc["primary"], m1.loc["second"])
    )
    m2 = events[events["meeting_id"] == "m2"].pivot(index="seq", columns="coder", values="move")
    table, _ = inter_rater.aggregate_raters(m2.to_numpy())
    assert result.loc["m2", "kappa"] == pytest.approx(inter_rater.fleiss_kappa(table))
    codes = {"move": 0, "follow": 1, "oppose": 2, "bystand": 3}
    pooled = pd.concat([m1.T, m2]).reindex(columns=["primary", "second", "third"]).replace(codes)
    assert result.loc["all", "alpha"] == pytest.approx(
        krippendorff.alpha(pooled.T.to_numpy(dtype=float), level_of_measurement="nominal")
    )


def test_coder_agreement_by_time_uses_greedy_nearest_match():
    rows = [
        ("m1", s, "primary", code, t)
        for s, (code, t) in enumerate(
            [("move", 0.0), ("follow", 10.0), ("oppose", 20.0), ("bystand", 30.0)], 1
        )
    ]
    # 11.5 is listed before 10.8 but 10.8 is nearer to 10.0, so it takes that unit;
    # 25.0 is 5 s from everything; 29.0 is exactly 1 s from 30.0.
    rows += [
        ("m1", s, "second", code, t)
        for s, (code, t) in enumerate(
            [("move", 0.5), ("oppose", 11.5), ("follow", 10.8), ("oppose", 25.0), ("move", 29.0)], 1
        )
    ]
    events = events_table(rows)  # fmt: skip
    result = coder_agreement(events, by="time", tolerance_seconds=2.0).iloc[0]
    # units: (move, move), (follow, follow), (bystand, move)
    assert result["units"] == 3
    assert result["raw_agreement"] == pytest.approx(2 / 3)
    assert result["kappa"] == pytest.approx(0.5)  # p_o = 2/3, p_e = 1/3
    # the tolerance is inclusive: at 1.0 s, 29.0 still matches 30.0; below, it does not
    assert coder_agreement(events, by="time", tolerance_seconds=1.0).iloc[0]["units"] == 3
    tight = coder_agreement(events, by="time", tolerance_seconds=0.9).iloc[0]
    assert (tight["units"], tight["raw_agreement"], tight["kappa"]) == (2, 1.0, 1.0)
    nothing = coder_agreement(events, by="time", tolerance_seconds=0).iloc[0]
    assert nothing["units"] == 0 and math.isnan(nothing["kappa"]) and nothing["kappa_label"] == ""


def test_coder_agreement_by_time_lines_units_up_on_the_reference_coder():
    # bea at 0.0 s, cal at 1.5 s, dan at 3.0 s; tolerance 2 s
    rows = [
        ("m1", 1, "bea", "move", 0.0),
        ("m1", 1, "cal", "move", 1.5),
        ("m1", 1, "dan", "follow", 3.0),
    ]
    # no "primary": the first name in sort order (bea) is the reference, dan is too far
    first = coder_agreement(events_table(rows), by="time").iloc[0]
    assert (first["coders"], first["units"], first["raw_agreement"]) == (3, 1, 1.0)
    # "primary" is the reference whatever its name sorts as: all three line up on it
    renamed = events_table(
        [(m, s, "primary" if c == "cal" else c, code, t) for m, s, c, code, t in rows]
    )
    second = coder_agreement(renamed, by="time").iloc[0]
    assert second["units"] == 1 and second["raw_agreement"] == pytest.approx(1 / 3)


def test_coder_agreement_empty_when_no_meeting_has_two_coders():
    one_coder = known_events().query("coder == 'primary'")
    for frame in (one_coder, one_coder.drop(columns="coder"), one_coder.iloc[:0]):
        result = coder_agreement(frame)
        assert result.empty and list(result.columns) == AGREEMENT_COLUMNS


def test_coder_agreement_blank_coder_means_primary_and_accepts_categoricals():
    events = known_events()
    plain = coder_agreement(events)
    blanked = events.assign(coder=events["coder"].replace({"primary": np.nan}))
    pd.testing.assert_frame_equal(coder_agreement(blanked), plain)
    categorical = events.astype({"meeting_id": "category", "coder": "category", "move": "category"})
    pd.testing.assert_frame_equal(coder_agreement(categorical), plain)


def test_coder_agreement_does_not_modify_events():
    events = known_events()
    before = events.copy()
    coder_agreement(events)
    coder_agreement(events, by="time")
    pd.testing.assert_frame_equal(events, before)


def test_coder_agreement_all_same_code_gives_nan_kappa_and_alpha():
    rows = [("m1", s, c, "move", float(s)) for s in range(1, 6) for c in ("primary", "second")]
    row = coder_agreement(events_table(rows)).iloc[0]
    assert (row["units"], row["raw_agreement"], row["prevalence"]) == (5, 1.0, 1.0)
    assert math.isnan(row["kappa"]) and math.isnan(row["alpha"])
    assert (row["kappa_label"], row["alpha_label"]) == ("", "")


def test_coder_agreement_handles_missing_codes_and_other_columns():
    events = known_events()
    events["focus"] = events["move"].map(
        {"move": "problem", "follow": "problem", "oppose": "solution", "bystand": "process"}
    )
    # an uncoded event is not a unit for that coder
    events.loc[
        (events["meeting_id"] == "m1") & (events["seq"] == 3) & (events["coder"] == "second"),
        "move",
    ] = None
    result = coder_agreement(events).set_index("meeting_id")
    assert result.loc["m1", "units"] == 5 and result.loc["m1", "raw_agreement"] == pytest.approx(
        4 / 5
    )
    by_focus = coder_agreement(events, column="focus").set_index("meeting_id")
    assert by_focus.loc["m1", "units"] == 6


def test_coder_agreement_rejects_bad_arguments_with_clear_messages():
    events = known_events()
    with pytest.raises(ValueError, match="by must be 'seq' or 'time'; got 'turn'"):
        coder_agreement(events, by="turn")
    with pytest.raises(ValueError, match="tolerance_seconds must be a number >= 0; got -1"):
        coder_agreement(events, by="time", tolerance_seconds=-1)
    with pytest.raises(ValueError, match="events has no column 't_seconds'"):
        coder_agreement(events.drop(columns="t_seconds"), by="time")
    with pytest.raises(ValueError, match="events has no column 'mode'"):
        coder_agreement(events, column="mode")
    doubled = pd.concat([events, events.iloc[[0]]])
    with pytest.raises(
        ValueError, match="more than one row for meeting_id 'm1', coder 'primary', seq 1"
    ):
        coder_agreement(doubled)
    with pytest.raises(ValueError, match="t_seconds must be numbers of seconds; got 'soon'"):
        coder_agreement(
            events.assign(
                t_seconds=events["t_seconds"].astype(object).where(events["seq"] != 2, "soon")
            ),
            by="time",
        )


@pytest.mark.parametrize("module", [kappa_module, alpha_module, agreement], ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
