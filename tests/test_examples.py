"""The synthetic example generator: valid, deterministic, and each kind shows what it should."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collabkit.examples import (
    EXAMPLES,
    KINDS,
    generate_project,
    generate_projects,
    generate_tables,
    main,
    write_examples,
)
from collabkit.metrics import group_vs_plenary
from collabkit.model import load_model
from collabkit.project import Project, load_project
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[1]
LIVED = load_model().lived_experience_roles


@pytest.fixture(scope="module")
def made() -> dict[str, tuple[dict, dict[str, pd.DataFrame]]]:
    return {kind: generate_tables(kind, seed=5) for kind in KINDS}


def speaker_roles(tables: dict[str, pd.DataFrame], coder: str = "primary") -> pd.Series:
    events = tables["events"]
    roles = tables["participants"].set_index("participant_id")["role"]
    return events.loc[events["coder"] == coder, "participant_id"].map(roles)


def present(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    attendance = tables["attendance"]
    return attendance[attendance["present"] == "yes"]


def present_per_meeting(tables: dict[str, pd.DataFrame]) -> pd.Series:
    counts = present(tables).groupby("meeting_id").size()
    return counts.reindex(tables["meetings"]["meeting_id"], fill_value=0)


# -- the generator's contract ---------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_same_seed_gives_identical_tables_and_another_seed_does_not(kind):
    info_a, a = generate_tables(kind, seed=3)
    info_b, b = generate_tables(kind, seed=3)
    assert info_a == info_b
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    _, c = generate_tables(kind, seed=4)
    assert not a["events"].equals(c["events"])


def test_unknown_kind_names_the_allowed_kinds():
    with pytest.raises(ValueError, match="unknown kind of example 'harmony'; allowed: "
                                         "co_produced, staff_led, inertia, carers_hub"):
        generate_tables("harmony")


def test_too_small_a_project_is_refused():
    with pytest.raises(ValueError, match="at least 4 participants"):
        generate_tables("co_produced", n_participants=2)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_validates_as_a_project_with_every_table_filled(kind):
    project = generate_project(kind, seed=2, project_id=f"check_{kind}")
    assert isinstance(project, Project)
    assert project.id == f"check_{kind}"
    assert all(len(project.table(name)) > 0 for name in project.tables), \
        [name for name in project.tables if not len(project.table(name))]
    assert set(project.leads.values()) <= set(project.participants["participant_id"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_sizes_are_realistic(made, kind):
    _, tables = made[kind]
    assert 10 <= len(tables["participants"]) <= 25
    assert 6 <= len(tables["meetings"]) <= 15
    assert 400 <= len(tables["events"]) <= 1200


@pytest.mark.parametrize("kind", list(KINDS))
def test_speakers_were_present_and_in_their_small_group(made, kind):
    _, tables = made[kind]
    events, here = tables["events"], present(tables)
    seats = set(zip(here["meeting_id"], here["participant_id"], strict=True))
    assert set(zip(events["meeting_id"], events["participant_id"], strict=True)) <= seats
    grouped = events[events["group"] != ""]
    groups = set(zip(here["meeting_id"], here["participant_id"], here["group"], strict=True))
    assert set(zip(grouped["meeting_id"], grouped["participant_id"], grouped["group"],
                   strict=True)) <= groups
    assert not events.duplicated(["meeting_id", "coder", "seq"]).any()
    for _, meeting in events.groupby(["meeting_id", "coder"]):
        assert meeting["seq"].tolist() == list(range(1, len(meeting) + 1))
        assert meeting["t_seconds"].is_monotonic_increasing


@pytest.mark.parametrize("kind", list(KINDS))
def test_accented_names_survive(made, kind):
    _, tables = made[kind]
    names = " ".join(tables["participants"]["name"])
    assert any(ord(ch) > 127 for ch in names)


# -- what each kind must reveal ------------------------------------------------


def test_co_produced_shares_voice_and_works_through_every_step(made):
    _, t = made["co_produced"]
    model = load_model()
    steps = t["meetings"]["step"].tolist()
    journey = [s for s in steps if s in model.steps]
    assert journey == sorted(journey, key=model.steps.index)
    assert set(journey) == set(model.steps)
    assert steps.count("understand") >= 2 and steps.count("gather_ideas") >= 2
    roles = speaker_roles(t)
    present_roles = present(t)["participant_id"].map(
        t["participants"].set_index("participant_id")["role"])
    ratio = roles.isin(LIVED).mean() / present_roles.isin(LIVED).mean()
    assert 0.8 < ratio < 1.2
    assert 0.3 <= t["participants"]["role"].isin(LIVED).mean() <= 0.5
    events = t["events"][t["events"]["coder"] == "primary"]
    moves = events["move"].value_counts(normalize=True)
    assert set(moves.index) == {"move", "follow", "oppose", "bystand"}
    assert 0.1 <= moves["bystand"] <= 0.2
    assert (events["mode"] == "dialogue").mean() > 0.7
    position = events["seq"] / events.groupby("meeting_id")["seq"].transform("max")
    solution = events["focus"] == "solution"
    assert solution[position <= 0.5].mean() < solution[position > 0.5].mean()
    assert (events["group"] != "").any()


def test_co_produced_decides_together_and_reflects_every_meeting(made):
    info, t = made["co_produced"]
    decisions = t["decisions"]
    assert (decisions["meeting_id"] != "").all()
    assert decisions["level"].isin(["co_design", "co_produce"]).mean() >= 0.75
    meeting_ids = t["meetings"]["meeting_id"]
    first = t["agenda"][t["agenda"]["meeting_id"] == meeting_ids.iat[0]]["activity"]
    assert "introductions" in set(first)
    assert "social_time" in set(t["agenda"]["activity"])
    reflections = t["reflections"]
    assert set(reflections["meeting_id"]) == set(meeting_ids)
    assert reflections["how_collaborative"].between(4, 5).all()
    half = len(reflections) // 2
    scores = reflections["how_collaborative"]
    assert scores.iloc[half:].mean() >= scores.iloc[:half].mean()
    assert (reflections["reflectors"].str.split(";").str.len() == 2).all()
    here = present(t)
    for lead in info["leads"].values():
        assert (here["participant_id"] == lead).sum() >= 0.8 * len(meeting_ids)
    assert (t["checklist"]["status"] == "done").mean() > 0.6
    assert (t["glossary"]["agreed"] == "yes").mean() > 0.6
    assert (t["impact"]["status"] == "adopted").mean() >= 0.5


@pytest.mark.parametrize("seed", range(5))
def test_co_produced_small_groups_are_more_equal_and_hear_lived_experience(seed):
    # The Trust's tip 3: small groups let less dominant people be heard.
    settings = group_vs_plenary(generate_project("co_produced", seed=seed)).set_index("setting")
    small, whole = settings.loc["small_groups"], settings.loc["plenary"]
    assert small["meetings"] >= 6 and small["contributions"] >= 150
    assert small["gini"] < whole["gini"] - 0.05
    assert small["evenness"] > whole["evenness"]
    share = "lived_experience_share_of_voice"
    assert small[share] >= whole[share]


def test_co_produced_has_one_meeting_double_coded_with_high_agreement(made):
    _, t = made["co_produced"]
    events = t["events"]
    second = events[events["coder"] == "second"]
    assert second["meeting_id"].nunique() == 1
    primary = events[(events["coder"] == "primary")
                     & (events["meeting_id"] == second["meeting_id"].iat[0])]
    assert primary["seq"].tolist() == second["seq"].tolist()
    assert primary["participant_id"].tolist() == second["participant_id"].tolist()
    agreement = (primary["move"].to_numpy() == second["move"].to_numpy()).mean()
    assert 0.75 <= agreement <= 0.95


def test_staff_led_staff_talk_and_decide_while_others_sit_quiet(made):
    _, t = made["staff_led"]
    roles = speaker_roles(t)
    assert (roles == "staff").mean() > 0.6
    assert (t["participants"]["role"] == "staff").mean() < 0.5
    silent = set(present(t)["participant_id"]) - set(t["events"]["participant_id"])
    assert silent
    steps = set(t["meetings"]["step"])
    assert not steps & {"understand", "gather_ideas"}
    assert {"big_idea", "decision_time", "make_change"} <= steps
    skipped = t["checklist"][t["checklist"]["step"].isin(["understand", "gather_ideas"])]
    assert (skipped["status"] == "not_done").all()
    decisions = t["decisions"]
    assert (decisions["meeting_id"] == "").mean() >= 0.25
    assert decisions["level"].isin(["inform", "consult"]).mean() >= 0.75
    events = t["events"]
    assert (events["mode"] == "debate").mean() > 0.5
    lived_moves = events.loc[roles.isin(LIVED).to_numpy(), "move"]
    assert (lived_moves == "oppose").mean() < 0.1
    assert (lived_moves == "follow").mean() > 0.6
    position = events["seq"] / events.groupby("meeting_id")["seq"].transform("max")
    assert (events.loc[position <= 0.25, "focus"] == "solution").mean() > 0.5
    assert not {"introductions", "social_time"} & set(t["agenda"]["activity"])
    reflections = t["reflections"]
    assert reflections["how_collaborative"].between(2, 3).all()
    assert len(reflections) < len(t["meetings"])


def test_inertia_meets_and_meets_but_little_happens(made):
    _, t = made["inertia"]
    meetings = t["meetings"]
    assert len(meetings) == 15
    decided = (t["decisions"]["meeting_id"] != "").sum()
    assert decided / len(meetings) < 0.25
    with_decision = set(t["decisions"]["meeting_id"])
    flags = [m in with_decision for m in meetings["meeting_id"]]
    longest = max(len(run) for run in "".join("x" if f else "." for f in flags).split("x"))
    assert longest >= 5
    attendance = present_per_meeting(t)
    assert attendance.iat[-1] < attendance.iat[0] / 2
    assert attendance.iat[0] >= 15
    moves = t["events"]["move"].value_counts(normalize=True)
    assert moves["move"] > 0.45 and moves["follow"] < 0.2
    loop = [s for s in meetings["step"] if s in ("understand", "gather_ideas")]
    switches = sum(a != b for a, b in zip(loop, loop[1:], strict=False))
    assert switches >= 3  # going back, not moving on
    assert "make_change" not in set(meetings["step"])
    scores = t["reflections"]["how_collaborative"]
    assert scores.iloc[:4].mean() > scores.iloc[-4:].mean()
    assert t["impact"]["status"].isin(["not_adopted", "partly"]).mean() >= 0.7


def test_carers_hub_is_mostly_carers_and_family_and_patchier_than_co_produced(made):
    _, t = made["carers_hub"]
    roles = t["participants"]["role"]
    assert roles.isin(["carer", "family"]).mean() > 0.5
    assert set(roles) == {"carer", "family", "staff", "partner"}
    meetings = t["meetings"]
    assert len(meetings) < len(made["co_produced"][1]["meetings"])
    assert (meetings["actual_minutes"] > meetings["planned_minutes"]).all()  # every one ran over
    assert (t["events"]["coder"] == "primary").all()  # nobody coded a meeting twice
    assert (t["attendance"]["group"] == "").all()  # no small groups
    assert 0 < len(t["reflections"]) <= len(meetings) / 2 + 1
    done = t["checklist"][t["checklist"]["status"] == "done"]
    assert (done["evidence"] == "").any() and (done["evidence"] != "").any()
    voice = speaker_roles(t).isin(LIVED).mean()
    here = present(t)["participant_id"].map(t["participants"].set_index("participant_id")["role"])
    assert voice < 0.85 * here.isin(LIVED).mean()  # the few staff and partners out-talk the carers
    attendance = present_per_meeting(t)
    assert attendance.iloc[-3:].mean() < 0.8 * attendance.max()


def _revisits(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each revisiting decision beside the one it revisits (columns with _first)."""
    decisions = t["decisions"]
    later = decisions[decisions["revises"] != ""]
    return later.merge(decisions, left_on="revises", right_on="decision_id",
                       suffixes=("", "_first"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_revisits_name_an_earlier_decision(made, kind):
    _, t = made[kind]
    pairs = _revisits(t)
    assert len(pairs) >= 1
    assert (pairs["date_first"] < pairs["date"]).all()
    assert (pairs["decision_id_first"] < pairs["decision_id"]).all()
    assert not pairs["revises"].duplicated().any()  # each decision revisited once at most
    assert pairs["summary"].str.endswith(("(revisited)", "(revisited again)")).all()


def _less_together(pairs: pd.DataFrame) -> pd.Series:
    ranks = load_model().levels.set_index("level")["rank"]
    lower = pairs["level"].map(ranks) < pairs["level_first"].map(ranks)
    outside = (pairs["meeting_id"] == "") & (pairs["meeting_id_first"] != "")
    return lower | outside


@pytest.mark.parametrize("kind", ["staff_led", "inertia"])
def test_staff_led_and_inertia_revisit_decisions_less_together(made, kind):
    pairs = _revisits(made[kind][1])
    assert _less_together(pairs).all()
    assert len(pairs) >= (2 if kind == "staff_led" else 1)


def test_co_produced_revisits_stay_together(made):
    pairs = _revisits(made["co_produced"][1])
    assert len(pairs) >= 2
    assert not _less_together(pairs).any()
    assert (pairs["meeting_id"] != "").all()


def test_staff_led_claims_work_together_done_by_staff_some_without_evidence(made):
    checklist = made["staff_led"][1]["checklist"]
    claimed = checklist[checklist["status"].isin(["done", "partly"])]
    assert (claimed["involved_roles"] == "staff").all()
    assert (claimed.loc[claimed["status"] == "done", "evidence"] == "").any()


# -- scale, many projects, the bundled examples --------------------------------


@pytest.mark.parametrize("kind", ["co_produced", "inertia"])
def test_n_events_gives_exactly_that_many_events(kind):
    _, tables = generate_tables(kind, seed=1, n_events=100_000)
    events = tables["events"]
    assert len(events) == 100_000
    counts = events[events["coder"] == "primary"].groupby("meeting_id").size()
    assert counts.min() > 0 and counts.max() < 100_000 / 2


def test_generate_projects_cycles_kinds_with_distinct_ids(tmp_path):
    projects = generate_projects(4, seed=9, n_events=200, out_dir=tmp_path)
    ids = [p.id for p in projects]
    assert len(set(ids)) == 4
    assert [i.rsplit("_", 1)[0] for i in ids] == [
        KINDS[k].story["id"] for k in ("co_produced", "staff_led", "inertia", "carers_hub")]
    assert all(len(p.events) == 200 for p in projects)
    loaded = load_project(tmp_path / ids[1])
    pd.testing.assert_frame_equal(loaded.events, projects[1].events)


def test_the_bundled_examples_differ_as_built():
    built = {Path(name).stem: generate_tables(kind, seed=seed, **sizes)[1]
             for name, kind, seed, sizes, _ in EXAMPLES}
    hillside, riverside = built["hillside_discharge"], built["riverside_crisis_cafe"]
    oakwood = built["oakwood_carers_hub"]
    assert _less_together(_revisits(hillside)).sum() >= 2
    assert not _less_together(_revisits(riverside)).any()
    assert (riverside["events"]["coder"] == "second").any()
    assert not (oakwood["events"]["coder"] == "second").any()
    together = hillside["checklist"][hillside["checklist"]["item_id"].isin(
        ["decision_time_decided_together", "make_change_designed_together"])]
    assert (together["status"] == "done").any()
    assert (together.loc[together["status"] == "done", "involved_roles"] == "staff").all()
    for checklist in (hillside["checklist"], oakwood["checklist"]):
        done = checklist[checklist["status"] == "done"]
        assert (done["evidence"] == "").any() and (done["evidence"] != "").any()
    assert (riverside["checklist"]["evidence"] != "").where(
        riverside["checklist"]["status"] == "done", True).all()


def test_write_examples_writes_three_folders_and_a_workbook(tmp_path):
    assert main([str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(name for name, *_ in EXAMPLES)
    assert sum(name.endswith(".xlsx") for name in names) == 1
    kinds = set()
    for name, kind, *_ in EXAMPLES:
        project = load_project(tmp_path / name)
        assert project.id == Path(name).stem
        kinds.add(kind)
    assert kinds == set(KINDS)
    first = (tmp_path / "riverside_crisis_cafe" / "events.csv").read_bytes()
    book = (tmp_path / "oakwood_carers_hub.xlsx").read_bytes()
    write_examples(tmp_path)
    assert (tmp_path / "riverside_crisis_cafe" / "events.csv").read_bytes() == first
    assert (tmp_path / "oakwood_carers_hub.xlsx").read_bytes() == book  # no time of saving


@pytest.mark.parametrize("name", [name for name, *_ in EXAMPLES])
def test_bundled_examples_are_what_the_generator_makes(name):
    path = ROOT / "data" / "examples" / name
    require_tool(f"the bundled example {path}", path.exists(),
                 "run python -m collabkit.examples")
    _, kind, seed, sizes, story = next(e for e in EXAMPLES if e[0] == name)
    info, tables = generate_tables(kind, seed=seed, project_id=Path(name).stem, **sizes)
    info.update(story)
    expected = Project.from_tables(info, tables)
    bundled = load_project(path)
    assert bundled.info == expected.info
    for table in expected.tables:
        pd.testing.assert_frame_equal(bundled.table(table), expected.table(table))


# -- participants' own view (feedback) ------------------------------------------------------


@pytest.mark.parametrize("seed", [12, 2, 5])
def test_in_a_staff_led_project_participants_feel_less_heard_than_the_pairs_think(seed):
    from collabkit.metrics import experience_summary

    summary = experience_summary(generate_project("staff_led", seed=seed)).iloc[0]
    assert summary["heard"] < summary["facilitators"] - 0.5
    assert summary["lived_experience_heard"] < 2.5


@pytest.mark.parametrize("seed", [11, 2, 5])
def test_in_a_co_produced_project_the_two_views_agree(seed):
    from collabkit.metrics import experience_summary

    summary = experience_summary(generate_project("co_produced", seed=seed)).iloc[0]
    assert abs(summary["gap"]) < 0.5 and summary["experience"] >= 4


def test_feedback_is_anonymous_and_only_from_people_who_were_there(made):
    for _, tables in made.values():
        feedback = tables["feedback"]
        assert (feedback["participant_id"] == "").all()
        here = present(tables)
        roles_there = set(zip(here["meeting_id"], here["participant_id"].map(
            tables["participants"].set_index("participant_id")["role"]), strict=True))
        assert set(zip(feedback["meeting_id"], feedback["role"], strict=True)) <= roles_there


# -- turns: the transcripts of the online and hybrid meetings ------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_turns_only_for_online_and_hybrid_meetings_from_plenary_speakers(made, kind):
    _, t = made[kind]
    turns, meetings = t["turns"], t["meetings"]
    online = set(meetings.loc[meetings["format"].isin(["online", "hybrid"]), "meeting_id"])
    assert online and set(turns["meeting_id"]) == online
    for meeting_id, said in turns.groupby("meeting_id"):
        events = t["events"]
        spoke = events.loc[(events["meeting_id"] == meeting_id) & (events["group"] == ""),
                           "participant_id"]
        assert set(said["participant_id"]) == set(spoke)
        assert (said["participant_id"].to_numpy()[1:] != said["participant_id"].to_numpy()[:-1]
                ).all()  # one speaker's consecutive contributions are one turn
        minutes = meetings.set_index("meeting_id").loc[meeting_id, "actual_minutes"]
        assert said["end_seconds"].max() <= minutes * 60
    assert (turns["end_seconds"] > turns["start_seconds"]).all()
    assert (turns["source"] == "vtt").all() and (turns["text"] == "").all()


def test_turns_come_from_their_own_random_stream(monkeypatch):
    import collabkit.examples.turns as transcripts

    with_turns = generate_tables("staff_led", seed=12)[1]
    monkeypatch.setattr(transcripts, "turns", lambda *args: pd.DataFrame())
    without = generate_tables("staff_led", seed=12)[1]
    for name, table in without.items():
        if name != "turns":
            pd.testing.assert_frame_equal(table, with_turns[name])


def test_staff_led_staff_hold_the_floor_in_talk_time_too():
    from collabkit.metrics import role_talk

    project = generate_project("staff_led", seed=12)
    roles = role_talk(project).set_index("role")
    assert roles.loc["staff", "talk_to_presence"] > 1.5
    assert roles.loc["service_user", "talk_to_presence"] < 0.5
