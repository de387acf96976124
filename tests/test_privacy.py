"""Pseudonyms, folding of small groups and redaction of names in free text."""

from __future__ import annotations

import pandas as pd
import pytest

from collabkit.model import load_model
from collabkit.report.privacy import (
    fold_small_groups,
    group_label,
    hidden_names,
    pseudonymise,
    redact,
    role_groups,
)

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
    # family and volunteer (2) are too few for Other on its own, so the staff join it, as in
    # the report's tables: "Staff 1-3" beside "Other 1-2" would show who Other's two are
    assert names == {"S1": "Other 1", "S2": "Other 2", "S3": "Other 3",
                     "F1": "Other 4", "V1": "Other 5"}
    assert pseudonymise(people, MODEL)["F1"] == "Family member 1"


def _shown(roles: list[str], min_size: int = 3) -> dict[str, int]:
    """How many people each shown group holds, by label."""
    groups = role_groups(roles, MODEL, min_group_size=min_size)
    labels = pd.Series([group_label(groups[r], MODEL) for r in roles])
    return labels.value_counts().to_dict()


def test_small_carer_and_family_roles_are_shown_together_first():
    roles = ["carer"] * 2 + ["family"] * 2 + ["staff"] * 4 + ["service_user"] * 3
    assert _shown(roles) == {"Staff": 4, "Carers and family": 4, "Service user": 3}


def test_too_few_carers_and_family_join_the_other_people_with_lived_experience():
    roles = ["carer", "family", "service_user"] + ["staff"] * 4
    assert _shown(roles) == {"Staff": 4, "People with lived experience": 3}


def test_a_small_natural_group_takes_in_its_own_roles_before_anyone_else():
    roles = ["carer"] + ["family"] * 5 + ["service_user"] * 5 + ["staff"] * 3
    assert _shown(roles) == {"Carers and family": 6, "Service user": 5, "Staff": 3}
    roles = ["carer"] + ["service_user"] * 5 + ["staff"] * 3 + ["partner"] * 3
    assert _shown(roles) == {"People with lived experience": 6, "Staff": 3,
                             "Partner organisation": 3}


def test_a_role_reaching_the_threshold_is_shown_on_its_own():
    roles = ["carer"] * 3 + ["family"] * 3 + ["service_user"] * 3 + ["partner"] * 3
    assert _shown(roles) == {"Carer": 3, "Family member": 3, "Service user": 3,
                             "Partner organisation": 3}


def test_a_lone_partner_is_other_only_when_other_reaches_the_threshold():
    roles = ["partner"] + ["volunteer"] * 2 + ["staff"] * 4 + ["carer"] * 2 + ["family"]
    assert _shown(roles) == {"Staff": 4, "Other": 3, "Carers and family": 3}
    # alone, Other (1) takes in the next smallest group shown, as before (one outside the
    # natural groups first: the staff, not the service users)
    roles = ["partner"] + ["staff"] * 4 + ["service_user"] * 3
    assert _shown(roles) == {"Other": 5, "Service user": 3}
    roles = ["partner"] + ["service_user"] * 3 + ["carer"] * 4
    assert _shown(roles) == {"Other": 4, "Carer": 4}


def test_other_takes_in_roles_outside_the_natural_groups_before_those_inside():
    roles = ["volunteer"] * 2 + ["carer"] * 2 + ["family"] + ["partner"] * 3 + ["staff"] * 6
    assert _shown(roles) == {"Staff": 6, "Other": 5, "Carers and family": 3}


def test_no_group_shown_is_smaller_than_the_threshold():
    import itertools

    codes = ["service_user", "carer", "family", "volunteer", "other"]  # lived and not, Other
    for counts in itertools.product(range(0, 4), repeat=len(codes)):
        roles = [r for r, n in zip(codes, counts, strict=True) for _ in range(n)]
        if len(roles) < 3:
            continue
        sizes = _shown(roles)
        assert min(sizes.values()) >= 3, (counts, sizes)
        assert sum(sizes.values()) == len(roles)


def test_pseudonyms_name_the_group_a_small_role_is_shown_in():
    people = pd.DataFrame({
        "participant_id": ["C1", "F1", "S1", "S2", "S3", "F2"],
        "role": ["carer", "family", "staff", "staff", "staff", "family"],
        "name": ["A", "B", "C", "D", "E", "F"], "named_in_reports": [False] * 6})
    names = pseudonymise(people, MODEL, min_group_size=3)
    assert names == {"C1": "Carer or family member 1", "F1": "Carer or family member 2",
                     "S1": "Staff 1", "S2": "Staff 2", "S3": "Staff 3",
                     "F2": "Carer or family member 3"}


def test_without_natural_groups_small_roles_go_straight_to_other():
    frame = pd.DataFrame({"role": ["carer"] * 2 + ["family"] * 2 + ["staff"] * 4})
    assert fold_small_groups(frame, "role", min_size=3)["role"].value_counts().to_dict() == {
        "staff": 4, "other": 4}
