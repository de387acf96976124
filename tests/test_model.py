"""Tests of collabkit.model.loading: the shipped model files and the loader's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collabkit.errors import ModelError
from collabkit.model import MODEL_FILES, load_model

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "model"

ELEMENT_IDS = [
    "partnership",
    "big_idea",
    "decision_time",
    "building_team",
    "understand",
    "gather_ideas",
    "make_change",
    "conversation",
    "impact",
]
STEPS = ("big_idea", "decision_time", "building_team", "understand", "gather_ideas", "make_change")

# The vocabularies of the data contract (PRODUCT.md), in contract order.
CONTRACT_CODES = {
    "role": ("service_user", "carer", "family", "volunteer", "staff", "partner", "other"),
    "move": ("move", "follow", "oppose", "bystand"),
    "mode": ("dialogue", "debate"),
    "focus": ("problem", "solution", "process", "social"),
    "format": ("in_person", "online", "hybrid"),
    "checklist_status": ("done", "partly", "not_done", "not_applicable"),
    "level": ("inform", "consult", "engage", "co_design", "co_produce"),
    "impact_status": ("adopted", "partly", "not_adopted"),
    "scope": ("service", "services", "trust", "area"),
}

REQUIRED_ACTIVITIES = {
    "introductions",
    "principles",
    "debate_dialogue",
    "small_groups",
    "social_time",
    "action_bias_check",
    "decision_time",
    "reflection",
    "break",
}


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL_DIR)


# -- the shipped model -------------------------------------------------------


def test_nine_elements_in_order(model):
    assert model.elements["element_id"].tolist() == ELEMENT_IDS
    assert model.codes["step"] == tuple(ELEMENT_IDS)
    assert model.elements["order"].is_monotonic_increasing
    cross = model.elements.loc[model.elements["kind"] == "cross_cutting", "element_id"]
    assert set(cross) == {"partnership", "conversation", "impact"}
    assert model.elements["purpose"].str.len().min() > 20


def test_six_sequential_steps(model):
    assert model.steps == STEPS


def test_each_step_has_three_to_six_derived_items(model):
    items = model.checklist_items
    assert list(items.columns) == ["step", "item_id", "text", "derived", "together"]
    counts = items.groupby("step").size()
    assert set(counts.index) == set(STEPS)
    assert counts.between(3, 6).all(), counts.to_dict()
    assert items["derived"].all()
    assert items["item_id"].is_unique
    assert items["text"].str.endswith("?").all()
    assert items["item_id"].str.match(r"^[a-z][a-z0-9_]*$").all()
    # items come in step order, so a checklist form lists them as the model does
    assert list(dict.fromkeys(items["step"])) == list(STEPS)


def test_together_items_are_those_asking_about_lived_experience(model):
    items = model.checklist_items
    assert items["together"].dtype == bool
    assert set(items.loc[items["together"], "item_id"]) == {
        "big_idea_lived_experience_view",
        "decision_time_decided_together",
        "gather_ideas_options_compared",
        "make_change_designed_together",
        "make_change_implemented_together",
        "make_change_decisions_shared",
    }


def test_together_may_be_left_out_and_is_then_false(tmp_path):
    folder = _copy_model(tmp_path)
    _edit(folder, "elements.yaml", "      together: true\n", "", count=10)
    assert not load_model(folder).checklist_items["together"].any()


def test_activity_library(model):
    activities = model.activities
    assert list(activities.columns) == [
        "activity_id",
        "name",
        "default_minutes",
        "tip",
        "description",
    ]
    assert REQUIRED_ACTIVITIES <= set(activities["activity_id"])
    assert activities["activity_id"].is_unique
    assert (activities["default_minutes"] > 0).all()
    tips = activities.set_index("activity_id")["tip"]
    assert tips["introductions"] == 2
    assert tips["reflection"] == 9
    assert tips["small_groups"] == 3
    assert tips.dropna().isin(model.tips["tip_id"]).all()
    assert model.codes["activity"] == tuple(activities["activity_id"])


def test_codes_match_the_data_contract(model):
    for name, values in CONTRACT_CODES.items():
        assert model.codes[name] == values, name


def test_lived_experience_roles(model):
    assert model.lived_experience_roles == frozenset({"service_user", "carer", "family"})


def test_role_groups_narrowest_first(model):
    groups = [(g.group, g.label, g.roles) for g in model.role_groups]
    assert groups == [
        ("carers_and_family", "Carers and family", ("carer", "family")),
        ("lived_experience", "People with lived experience", ("service_user", "carer", "family")),
    ]
    assert set(model.role_groups[-1].roles) == model.lived_experience_roles


def test_role_groups_are_optional_and_must_list_the_narrower_first(tmp_path):
    folder = _copy_model(tmp_path)
    text = (folder / "codes.yaml").read_text(encoding="utf-8")
    start, end = text.index("role_groups:"), text.index("\n# Kantor")
    first, second = text[start:end].split("  - group: lived_experience")
    (folder / "codes.yaml").write_text(
        text[:start] + "role_groups:\n  - group: lived_experience" + second
        + first.removeprefix("role_groups:\n") + text[end:], encoding="utf-8")
    with pytest.raises(ModelError, match=r"role_groups entry 2 \(group 'carers_and_family'\): "
                       r"roles overlap with group 'lived_experience'; list the narrower group"):
        load_model(folder)
    (folder / "codes.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert load_model(folder).role_groups == ()


def test_labels(model):
    assert model.label("role", "service_user") == "Service user"
    assert model.label("move", "bystand") == "Bystand"
    assert model.element_name("understand") == "Understand What's Around"
    assert model.label("step", "big_idea") == "The Big Idea"
    with pytest.raises(KeyError, match="unknown role code 'patient'"):
        model.label("role", "patient")
    with pytest.raises(KeyError, match="unknown code list 'colour'"):
        model.label("colour", "red")


def test_moves_levels_tips_and_tools(model):
    moves = model.moves
    assert moves["move"].tolist() == list(CONTRACT_CODES["move"])
    assert moves.set_index("move").loc["move", "help"].endswith("Without moves, no direction.")
    levels = model.levels
    assert levels["rank"].tolist() == [1, 2, 3, 4, 5]
    assert list(levels.columns) == ["level", "rank", "label", "description"]
    assert model.tips["tip_id"].tolist() == list(range(1, 10))
    patterns = model.stuck_patterns
    assert set(patterns["pattern_id"]) == {
        "serial_moves",
        "courteous_compliance",
        "point_counterpoint",
        "covert_opposition",
        "silent_bystanders",
    }
    assert (patterns["prompt"].str.len() > 0).all()
    assert model.stuck_thresholds == {
        "serial_run": 3, "compliance_run": 6, "counterpoint_run": 4,
        "bystand_min_share": 0.05, "oppose_max_share": 0.02, "low_reflection": 3.0}
    assert len(model.dialogue_contrasts) >= 8
    assert list(model.dialogue_contrasts.columns) == ["debate", "dialogue"]
    tools = model.tools
    assert tools["action_bias"]["skipped_steps"] == ["understand", "gather_ideas"]
    assert len(tools["thomas_kilmann"]["modes"]) == 5
    assert "not better in itself" in tools["debate_dialogue"]["note"]


def test_callers_cannot_change_the_shared_model():
    model = load_model(MODEL_DIR)
    elements = model.elements
    elements.loc[0, "name"] = "Changed"
    model.codes["role"] = ("nobody",)
    model.tools["action_bias"]["skipped_steps"].clear()
    fresh = load_model(MODEL_DIR)
    assert fresh is model  # cached
    assert fresh.element_name("partnership") == "Collaborative Partnership"
    assert fresh.codes["role"] == CONTRACT_CODES["role"]
    assert fresh.tools["action_bias"]["skipped_steps"] == ["understand", "gather_ideas"]


def test_default_folder_and_environment_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("COLLABKIT_MODEL_DIR", raising=False)
    assert load_model().directory == MODEL_DIR
    copy = _copy_model(tmp_path)
    _edit(copy, "elements.yaml", "name: The Big Idea", "name: Our Big Idea")
    monkeypatch.setenv("COLLABKIT_MODEL_DIR", str(copy))
    assert load_model().element_name("big_idea") == "Our Big Idea"


def test_an_edited_file_is_read_again(tmp_path):
    copy = _copy_model(tmp_path)
    assert load_model(copy).label("role", "carer") == "Carer"
    _edit(copy, "codes.yaml", "label: Carer\n", "label: Unpaid carer\n")
    assert load_model(copy).label("role", "carer") == "Unpaid carer"


def test_loading_the_same_folder_twice_is_cached():
    load_model.cache_clear()
    assert load_model(MODEL_DIR) is load_model(MODEL_DIR)


# -- malformed model files ---------------------------------------------------


def _copy_model(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"test setup: {old!r} not in {name}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


MALFORMED = [
    pytest.param(
        "codes.yaml",
        "    roles: [carer, family]\n",
        "    roles: [carer, cousin]\n",
        r"codes\.yaml: role_groups entry 1 \(group 'carers_and_family'\): unknown role 'cousin'",
        id="role-group-unknown-role",
    ),
    pytest.param(
        "codes.yaml",
        "    roles: [carer, family]\n",
        "    roles: [carer]\n",
        r"role_groups entry 1 .*'roles' must be a list of at least two different role codes",
        id="role-group-one-role",
    ),
    pytest.param(
        "codes.yaml",
        "    label: Carers and family\n",
        "    label: Carer\n",
        r"role_groups entry 1 .*label 'Carer' is already used by role 'carer'",
        id="role-group-label-of-a-role",
    ),
    pytest.param(
        "codes.yaml",
        "    roles: [service_user, carer, family]\n",
        "    roles: [service_user, carer]\n",
        r"role_groups entry 2 \(group 'lived_experience'\): roles overlap with group "
        r"'carers_and_family'; groups must nest",
        id="role-groups-not-nested",
    ),
    pytest.param(
        "codes.yaml",
        "  - group: carers_and_family\n",
        "  - group: staff\n",
        r"role_groups entry 1 \(group 'staff'\): duplicate group 'staff' \(also in the role "
        r"codes\)",
        id="role-group-id-of-a-role",
    ),
    pytest.param(
        "codes.yaml",
        "role:\n",
        "role: [\n",
        r"codes\.yaml: not valid YAML",
        id="bad-yaml",
    ),
    pytest.param(
        "codes.yaml",
        "scope:\n",
        "old_scope:\n",
        r"codes\.yaml: scope: required code list 'scope' is missing",
        id="missing-code-list",
    ),
    pytest.param(
        "codes.yaml",
        '  - code: "yes"',
        "  - code: yes",
        r"codes\.yaml: yes_no entry 1: 'code' must be snake_case .* got True "
        r"\(put quotes around yes/no/on/off\)",
        id="unquoted-yes",
    ),
    pytest.param(
        "codes.yaml",
        "    label: Carer\n    lived_experience: true\n",
        "    label: Carer\n",
        r"codes\.yaml: role entry 2 \(code 'carer'\): 'lived_experience' must be true or false; "
        r"it is missing",
        id="missing-lived-experience",
    ),
    pytest.param(
        "codes.yaml",
        "  - code: follow",
        "  - code: move",
        r"codes\.yaml: move entry 2 \(code 'move'\): duplicate code 'move' \(also in move entry 1",
        id="duplicate-code",
    ),
    pytest.param(
        "codes.yaml",
        "    rank: 2",
        "    rank: 1",
        r"codes\.yaml: level: inform, consult share the same rank 1",
        id="duplicate-rank",
    ),
    pytest.param(
        "codes.yaml",
        "    label: Carer\n",
        "    label: Carer\n    label: Unpaid carer\n",
        r"codes\.yaml: not valid YAML: .*duplicate key 'label' at line 3[0-9], column 5",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "elements.yaml",
        "    name: The Big Idea\n",
        "",
        r"elements\.yaml: elements entry 2 \(element_id 'big_idea'\): 'name' must be non-empty text; "
        r"it is missing",
        id="missing-key",
    ),
    pytest.param(
        "elements.yaml",
        "  - element_id: decision_time",
        "  - element_id: big_idea",
        r"elements\.yaml: elements entry 3 \(element_id 'big_idea'\): duplicate element_id 'big_idea'",
        id="duplicate-element",
    ),
    pytest.param(
        "elements.yaml",
        "    kind: cross_cutting\n    order: 8",
        "    kind: crosscutting\n    order: 8",
        r"elements\.yaml: elements entry 8 \(element_id 'conversation'\): unknown kind 'crosscutting'; "
        r"known: step, cross_cutting",
        id="unknown-kind",
    ),
    pytest.param(
        "elements.yaml",
        "  understand:\n",
        "  understnd:\n",
        r"elements\.yaml: checklists\.understnd: unknown step 'understnd'; checklists belong to the steps big_idea,",
        id="unknown-step-in-checklist",
    ),
    pytest.param(
        "elements.yaml",
        "checklists:\n",
        "checklists:\n  impact:\n    - item_id: impact_measured\n      text: Measured?\n"
        "      derived: true\n",
        r"elements\.yaml: checklists\.impact: 'impact' is cross-cutting; checklists belong to "
        r"the steps",
        id="checklist-for-cross-cutting-element",
    ),
    pytest.param(
        "elements.yaml",
        "item_id: gather_ideas_seldom_heard",
        "item_id: big_idea_described",
        r"elements\.yaml: checklists\.gather_ideas entry 2 \(item_id 'big_idea_described'\): "
        r"duplicate item_id 'big_idea_described' \(also in checklists\.big_idea entry 1",
        id="duplicate-item-across-steps",
    ),
    pytest.param(
        "elements.yaml",
        "      derived: true",
        "      derived: maybe",
        r"elements\.yaml: checklists\.big_idea entry 1 \(item_id 'big_idea_described'\): "
        r"'derived' must be true or false; got 'maybe'",
        id="derived-not-boolean",
    ),
    pytest.param(
        "elements.yaml",
        "      together: true",
        "      together: yes please",
        r"elements\.yaml: checklists\.big_idea entry 5 \(item_id 'big_idea_lived_experience_view'\): "
        r"'together' must be true or false; got 'yes please'",
        id="together-not-boolean",
    ),
    pytest.param(
        "activities.yaml",
        "    default_minutes: 20",
        "    default_minutes: 20 min",
        r"activities\.yaml: activities entry 7 \(activity_id 'small_groups'\): 'default_minutes' must be "
        r"a whole number of at least 1; got '20 min'",
        id="minutes-not-integer",
    ),
    pytest.param(
        "activities.yaml",
        "    default_minutes: 20",
        "    default_minutes: 2.5",
        r"'default_minutes' must be a whole number of at least 1; got 2\.5",
        id="minutes-fraction",
    ),
    pytest.param(
        "activities.yaml",
        "    default_minutes: 15",
        "    default_minutes: 0",
        r"activities entry 1 \(activity_id 'introductions'\): 'default_minutes' must be a whole number "
        r"of at least 1; got 0",
        id="minutes-zero",
    ),
    pytest.param(
        "activities.yaml",
        "  - activity_id: principles",
        "  - activity_id: introductions",
        r"activities\.yaml: activities entry 2 \(activity_id 'introductions'\): duplicate activity_id "
        r"'introductions'",
        id="duplicate-activity",
    ),
    pytest.param(
        "activities.yaml",
        "    tip: 2\n",
        "    tip: 12\n",
        r"activities\.yaml: activities entry 1 \(activity_id 'introductions'\): unknown tip "
        r"12; known: 1, 2, 3",
        id="unknown-tip",
    ),
    pytest.param(
        "activities.yaml",
        "    default_minutes: 15\n",
        "    defualt_minutes: 15\n",
        r"activities entry 1 \(activity_id 'introductions'\): unknown field 'defualt_minutes'",
        id="misspelt-field",
    ),
    pytest.param(
        "tips.yaml",
        "  - tip_id: 2",
        "  - tip_id: 1",
        r"tips\.yaml: tips entry 2 \(tip_id 1\): duplicate tip_id 1 \(also in tips entry 1 ",
        id="duplicate-tip",
    ),
    pytest.param(
        "tools.yaml",
        "  skipped_steps: [understand, gather_ideas]",
        "  skipped_steps: [understanding, gather_ideas]",
        r"tools\.yaml: action_bias: unknown step in skipped_steps 'understanding'",
        id="unknown-step-in-tools",
    ),
    pytest.param(
        "tools.yaml",
        '    prompt: "{Run} moves in a row with nothing followed: try following one."\n',
        "",
        r"tools\.yaml: stuck_patterns entry 1 \(pattern_id 'serial_moves'\): 'prompt' must be non-empty "
        r"text; it is missing",
        id="missing-prompt",
    ),
    pytest.param(
        "tools.yaml",
        "    run: 3\n",
        "    run: 1\n",
        r"stuck_patterns entry 1 \(pattern_id 'serial_moves'\): 'run' must be a whole number "
        r"of at least 2; got 1",
        id="serial-run-too-short",
    ),
    pytest.param(
        "tools.yaml",
        "    share: 0.05\n",
        "    share: 0\n",
        r"pattern_id 'silent_bystanders'\): 'share' must be a number above 0 and at most 1; got 0",
        id="bystand-share-zero",
    ),
    pytest.param(
        "tools.yaml",
        "    run: 3\n",
        "    run: 3\n    share: 0.5\n",
        r"pattern_id 'serial_moves'\): 'share' has no meaning for 'serial_moves'",
        id="threshold-of-another-pattern",
    ),
    pytest.param(
        "tools.yaml",
        '    prompt: "{Run} moves',
        '    prompt: "{count} moves',
        r"pattern_id 'serial_moves'\): the prompt names \{count\}, which is not one of its "
        r"fields \(allowed: \{Run\}, \{run\}\)",
        id="unknown-placeholder",
    ),
    pytest.param(
        "tools.yaml",
        "  large_group: 8",
        "  large_group: 0",
        r"tools\.yaml: agenda_practice: 'large_group' must be a whole number of at least 1; got 0",
        id="large-group-zero",
    ),
    pytest.param(
        "tools.yaml",
        "  early_meetings: 2",
        "  early_meetings: two",
        r"tools\.yaml: agenda_practice: 'early_meetings' must be a whole number of at least 1; "
        r"got 'two'",
        id="early-meetings-text",
    ),
    pytest.param(
        "tools.yaml",
        "  overrun_tolerance_minutes: 10",
        "  overrun_tolerance_minutes: -5",
        r"tools\.yaml: agenda_practice: 'overrun_tolerance_minutes' must be a number of "
        r"minutes, 0 or more; got -5",
        id="negative-tolerance",
    ),
    pytest.param(
        "tools.yaml",
        "  overrun_tolerance_minutes: 10\n",
        "",
        r"tools\.yaml: agenda_practice: 'overrun_tolerance_minutes' must be a number of "
        r"minutes, 0 or more; it is missing",
        id="missing-tolerance",
    ),
    pytest.param(
        "tools.yaml",
        "  large_group: 8",
        "  large_group: 8\n  large_groups: 9",
        r"tools\.yaml: agenda_practice: unknown field 'large_groups'; allowed: after_reflection, "
        r"early_meetings, large_group, overrun_tolerance_minutes",
        id="misspelt-cut-off",
    ),
    pytest.param(
        "tools.yaml",
        "after_reflection: [social_time, break]",
        "after_reflection: [social_time, tea]",
        r"tools\.yaml: agenda_practice: unknown activity in after_reflection 'tea'",
        id="unknown-activity-after-reflection",
    ),
    pytest.param(
        "tools.yaml",
        "agenda_practice:\n",
        "agenda_practise:\n",
        r"tools\.yaml: agenda_practice: required section is missing",
        id="missing-agenda-practice",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), MALFORMED)
def test_malformed_file_gives_model_error(tmp_path, name, old, new, message):
    folder = _copy_model(tmp_path)
    _edit(folder, name, old, new)
    with pytest.raises(ModelError, match=message):
        load_model(folder)


def test_a_model_without_thresholds_keeps_the_old_ones(tmp_path):
    folder = _copy_model(tmp_path)
    path = folder / "tools.yaml"
    text = path.read_text(encoding="utf-8")
    for line in ("    run: 3\n", "    run: 6\n", "    run: 4\n", "    share: 0.05\n",
                 "    share: 0.02\n", "    reflection: 3\n"):
        text = text.replace(line, "")
    path.write_text(text.replace("{Run} moves", "Three moves"), encoding="utf-8")
    assert load_model(folder).stuck_thresholds == load_model(MODEL_DIR).stuck_thresholds


@pytest.mark.parametrize("name", MODEL_FILES)
def test_missing_file(tmp_path, name):
    folder = _copy_model(tmp_path)
    (folder / name).unlink()
    with pytest.raises(ModelError, match=rf"{name}: file not found in the model folder"):
        load_model(folder)


def test_missing_folder(tmp_path):
    with pytest.raises(ModelError, match="model folder not found"):
        load_model(tmp_path / "nowhere")


def test_step_without_checklist(tmp_path):
    folder = _copy_model(tmp_path)
    text = (folder / "elements.yaml").read_text(encoding="utf-8")
    start = text.index("  understand:\n")
    end = text.index("  gather_ideas:\n")
    (folder / "elements.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ModelError, match=r"checklists\.understand: step 'understand' has no"):
        load_model(folder)


def test_not_a_mapping(tmp_path):
    folder = _copy_model(tmp_path)
    (folder / "tips.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"tips\.yaml: must be a mapping of named sections"):
        load_model(folder)
