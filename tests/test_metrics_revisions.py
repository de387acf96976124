"""Decisions revisited (collabkit.metrics.revisions) and the checks on ``revises``.

tests/fixtures/tiny has D1 (2026-01-05, at M1, co_design) and D2
(2026-02-20, outside meetings, inform); the tests plant later decisions
that revise them.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from collabkit.errors import DataError
from collabkit.metrics import decision_revisions
from collabkit.project import Project, to_text
from tests.conftest import example_paths

COLUMNS = ["decision_id", "revises", "date", "earlier_level", "later_level", "earlier_rank",
           "later_rank", "earlier_in_meeting", "later_in_meeting", "less_together"]
DTYPES = ["string", "string", "datetime64[ns]", "category", "category", "Int64", "Int64", "bool",
          "bool", "bool"]


def decision(decision_id, date, meeting="", level="", revises=""):
    return {"decision_id": decision_id, "date": date, "summary": f"Decision {decision_id}",
            "meeting_id": meeting, "step": "make_change", "level": level, "revises": revises}


def with_decisions(project: Project, *records: dict) -> Project:
    tables = {name: to_text(table) for name, table in project.tables.items()}
    tables["decisions"] = pd.DataFrame(list(records))
    tables["impact"] = tables["impact"].iloc[0:0]
    return Project.from_tables(project.info_text(), tables)


def test_decision_revisions_is_exported():
    import collabkit.metrics as metrics

    assert "decision_revisions" in metrics.__all__ and metrics.decision_revisions is \
        decision_revisions


def test_planted_revisions(tiny):
    project = with_decisions(
        tiny,
        decision("D1", "2026-01-05", "M1", "co_design"),
        decision("D2", "2026-02-20", "", "inform", revises="D1"),  # lower, and outside
        decision("D3", "2026-03-02", "M3", "co_produce", revises="D1"),  # more together
        decision("D4", "2026-03-10", "", "", revises="D3"),  # out of the meeting, no level
        decision("D5", "2026-03-02", "M3", "", revises="D1"),  # same place, no level: unknown
        decision("D6", "2026-03-02", "M3", "consult", revises="D1"),  # lower, in a meeting
    )
    table = decision_revisions(project)
    assert list(table.columns) == COLUMNS
    assert table.dtypes.astype(str).tolist() == DTYPES
    assert table["decision_id"].tolist() == ["D2", "D3", "D4", "D5", "D6"]
    assert table["revises"].tolist() == ["D1", "D1", "D3", "D1", "D1"]
    assert table["date"].iloc[0] == pd.Timestamp("2026-02-20")
    assert table["earlier_level"].astype(str).tolist() == ["co_design", "co_design", "co_produce",
                                                            "co_design", "co_design"]
    assert table["earlier_rank"].tolist() == [4, 4, 5, 4, 4]
    assert table["later_rank"].tolist() == [1, 5, pd.NA, pd.NA, 2]
    assert pd.isna(table["later_level"].iloc[2])
    assert table["earlier_in_meeting"].tolist() == [True, True, True, True, True]
    assert table["later_in_meeting"].tolist() == [False, True, False, True, True]
    assert table["less_together"].tolist() == [True, False, True, False, True]


def test_no_revisions_gives_an_empty_frame(tiny):
    table = decision_revisions(tiny)
    assert table.empty and list(table.columns) == COLUMNS
    assert table.dtypes.astype(str).tolist() == DTYPES


def test_a_decisions_table_without_the_column(tiny):
    tables = dict(tiny.tables)
    tables["decisions"] = tiny.decisions.drop(columns="revises")
    table = decision_revisions(Project(tiny.info, tables, model=tiny.model))
    assert table.empty and list(table.columns) == COLUMNS


def test_the_examples_revisit_decisions_as_built():
    from collabkit import load_project

    found = {path.stem: decision_revisions(load_project(path)) for path in example_paths()}
    assert found["hillside_discharge"]["less_together"].sum() >= 2  # staff-led: drifts down
    assert not found["riverside_crisis_cafe"]["less_together"].any()  # co-produced: holds
    assert len(found["riverside_crisis_cafe"]) >= 1


def test_input_is_not_modified(tiny):
    project = with_decisions(tiny, decision("D1", "2026-01-05", "M1", "co_design"),
                             decision("D2", "2026-02-20", "", "inform", revises="D1"))
    before = copy.deepcopy(project.tables)
    decision_revisions(project)
    for name, table in before.items():
        pd.testing.assert_frame_equal(project.tables[name], table)


# -- validation of revises -------------------------------------------------------


def problems_of(error: DataError) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in error.problems]


def test_a_decision_cannot_revise_itself(tiny):
    with pytest.raises(DataError, match=r"decisions\.csv:3:revises: decision 'D2' revises "
                                        r"itself; 'revises' names an earlier decision") as caught:
        with_decisions(tiny, decision("D1", "2026-01-05", "M1"),
                       decision("D2", "2026-02-20", revises="D2"))
    assert problems_of(caught.value) == [("bad_revision", 3, "revises")]


def test_a_decision_cannot_revise_a_later_one(tiny):
    with pytest.raises(DataError, match=r"decisions\.csv:2:revises: decision 'D1' \(2026-01-05\) "
                                        r"revises 'D2', made later \(2026-02-20\)") as caught:
        with_decisions(tiny, decision("D1", "2026-01-05", "M1", revises="D2"),
                       decision("D2", "2026-02-20"))
    assert problems_of(caught.value) == [("bad_revision", 2, "revises")]


def test_revising_a_decision_of_the_same_day_is_allowed(tiny):
    project = with_decisions(tiny, decision("D1", "2026-01-05", "M1", "co_produce"),
                             decision("D2", "2026-01-05", "M1", "co_design", revises="D1"))
    assert decision_revisions(project)["less_together"].tolist() == [True]


def test_an_unknown_decision_is_a_dangling_reference_only(tiny):
    with pytest.raises(DataError) as caught:
        with_decisions(tiny, decision("D1", "2026-01-05", "M1", revises="D9"))
    assert [p.code for p in caught.value.problems] == ["dangling_reference"]
