"""Pseudonyms, folding of small groups and redaction of names in free text."""

from __future__ import annotations

import pandas as pd
import pytest

from collabkit.model import load_model
from collabkit.report.privacy import fold_small_groups, hidden_names, pseudonymise, redact

MODEL = load_model()


@pytest.fixture
def people() -> pd.DataFrame:
    return pd.DataFrame({
        "participant_id": ["S1", "U1", "S2", "C1", "U2"],
        "role": ["staff", "service_user", "staff", "carer", "service_user"],
        "name": ["Alex Testperson", "Zoë Exampleton", "Bea Sample", pd.NA, "Kit Madeup"],
        "named_in_reports": [True, False, False, True, True],
    })


def test_only_consenting_people_are_named_and_the_rest_numbered_within_role(people):
    names = pseudonymise(people, MODEL)
    assert names == {"S1": "Alex Testperson", "U1": "Service user 1", "S2": "Staff 2",
                     "C1": "Carer 1", "U2": "Kit Madeup"}


def test_pseudonyms_stay_the_same_whoever_agreed_to_be_named(people):
    nobody = pseudonymise(people, MODEL, named="none")
    assert nobody == {"S1": "Staff 1", "U1": "Service user 1", "S2": "Staff 2",
                      "C1": "Carer 1", "U2": "Service user 2"}
    consented = pseudonymise(people, MODEL)
    assert all(consented[p] == nobody[p] for p in ("U1", "S2", "C1"))


def test_named_all_shows_every_recorded_name(people):
    names = pseudonymise(people, MODEL, named="all")
    assert names["U1"] == "Zoë Exampleton" and names["S2"] == "Bea Sample"
    assert names["C1"] == "Carer 1"  # no name recorded


def test_unknown_naming_rule_is_refused(people):
    with pytest.raises(ValueError, match="named must be one of consented, all, none"):
        pseudonymise(people, MODEL, named="some")


def test_hidden_names_are_replaced_in_free_text(people):
    hidden = hidden_names(people, pseudonymise(people, MODEL))
    assert hidden == {"Zoë Exampleton": "Service user 1", "Bea Sample": "Staff 2"}
    text = "zoë exampleton and Bea Sample agreed; Bea Samples is someone else"
    assert redact(text, hidden) == ("Service user 1 and Staff 2 agreed; "
                                    "Bea Samples is someone else")
    assert redact(None, hidden) is None
    assert pd.isna(redact(pd.NA, hidden))


def test_small_groups_are_folded_into_other():
    frame = pd.DataFrame({"role": ["staff"] * 4 + ["carer"] * 2 + ["family"] + ["partner"] * 3})
    folded = fold_small_groups(frame, "role", min_size=3)
    assert folded["role"].value_counts().to_dict() == {"staff": 4, "other": 3, "partner": 3}
    assert frame["role"].tolist().count("carer") == 2  # input not modified


def test_a_folded_group_still_too_small_takes_in_the_next_smallest():
    frame = pd.DataFrame({"role": ["staff"] * 5 + ["partner"] * 3 + ["carer"]})
    folded = fold_small_groups(frame, "role", min_size=3)
    assert folded["role"].value_counts().to_dict() == {"staff": 5, "other": 4}


def test_min_size_one_folds_nothing_and_bad_sizes_are_refused():
    frame = pd.DataFrame({"role": ["staff", "carer"]})
    assert fold_small_groups(frame, "role", min_size=1)["role"].tolist() == ["staff", "carer"]
    with pytest.raises(ValueError, match="min_size must be a whole number of at least 1"):
        fold_small_groups(frame, "role", min_size=0)
    with pytest.raises(KeyError, match="no column 'team'"):
        fold_small_groups(frame, "team", min_size=2)


def test_roles_smaller_than_the_threshold_are_not_singled_out():
    import pandas as pd

    from collabkit.report.privacy import pseudonymise

    people = pd.DataFrame({
        "participant_id": ["S1", "S2", "S3", "F1", "V1"],
        "role": ["staff", "staff", "staff", "family", "volunteer"],
        "name": ["A", "B", "C", "D", "E"],
        "named_in_reports": [False] * 5,
    })
    names = pseudonymise(people, MODEL, min_group_size=3)
    assert names == {"S1": "Staff 1", "S2": "Staff 2", "S3": "Staff 3",
                     "F1": "Other 1", "V1": "Other 2"}
    assert pseudonymise(people, MODEL)["F1"] == "Family member 1"
