"""The sections of the evaluation report, one function each.

``notebooks/reports/project_evaluation.ipynb`` calls :func:`open_project`
once, then one function per section. Each returns an ``IPython.display.HTML``
built with :mod:`collabkit.render` (so every piece of free text is escaped),
opening with a plain-language sentence that says what was found. People are
shown by the names :mod:`collabkit.privacy` allows, and groups smaller than
``min_group_size`` are folded into "other".

This module shows numbers; it does not compute metrics (those live in
:mod:`collabkit.metrics`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collabkit import privacy, render
from collabkit.model import Model, load_model
from collabkit.paths import resolve_path
from collabkit.project import Project, load_project
from collabkit.render import Html

#: The report's sections in order: (function name, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("journey", "The journey through the model"),
    ("structure", "Structure: who was involved"),
    ("voice", "Process and voice"),
    ("four_player", "Four-player dynamics"),
    ("dialogue", "Debate and dialogue"),
    ("action_bias", "Action bias"),
    ("decisions", "Inertia or advantage: decisions together"),
    ("vocabulary", "Aims and shared vocabulary"),
    ("reflections", "Reflections"),
    ("impact", "You said, we did"),
    ("next_time", "What to try next time"),
    ("method", "Method and data quality"),
)
HEADINGS = dict(SECTIONS)


@dataclass(frozen=True)
class ReportParams:
    """The report's settings and what follows from them.

    Attributes
    ----------
    project_path : str
        The project as the user gave it.
    pseudonymise : bool
        Show people by role and number unless they agreed to be named.
    min_group_size : int
        Groups smaller than this are folded into "other".
    title : str
        The report's title (the project's title when left blank).
    names : dict
        participant_id -> the name the report shows.
    hidden : dict
        Real names that must not appear -> the pseudonym used instead.
    """

    project_path: str
    pseudonymise: bool = True
    min_group_size: int = 3
    title: str = ""
    names: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """The parameters a reader should know, for the provenance note."""
        return {"project_path": self.project_path, "pseudonymise": self.pseudonymise,
                "min_group_size": self.min_group_size}


def open_project(project_path: str, *, pseudonymise: bool = True, min_group_size: int = 3,
                 title: str = "") -> tuple[Project, ReportParams]:
    """Load the project (paths relative to the repository root work too) and settle names.

    Raises
    ------
    DataError
        If the project is not valid.
    ValueError
        If ``min_group_size`` is not a whole number of at least 1.
    """
    if isinstance(min_group_size, bool) or not isinstance(min_group_size, int) \
            or min_group_size < 1:
        raise ValueError(f"min_group_size must be a whole number of at least 1; "
                         f"got {min_group_size!r}")
    project = load_project(resolve_path(project_path))
    names = privacy.pseudonymise(project.participants,
                                 named="consented" if pseudonymise else "all")
    params = ReportParams(project_path=str(project_path), pseudonymise=bool(pseudonymise),
                          min_group_size=min_group_size,
                          title=title.strip() or project.title, names=names,
                          hidden=privacy.hidden_names(project.participants, names))
    return project, params


# -- helpers -----------------------------------------------------------------


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    """A metric function if its module exists yet, else None."""
    try:
        return getattr(importlib.import_module(f"collabkit.metrics.{module}"), name)
    except (ImportError, AttributeError):
        return None


def _free(value: Any, params: ReportParams) -> Any:
    """Free text with hidden names replaced (it is escaped later, by render)."""
    return privacy.redact(value, params.hidden)


def _free_columns(frame: pd.DataFrame, columns: list[str], params: ReportParams) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype(object).map(lambda v: _free(v, params))
    return out


def _step_name(step: Any, model: Model) -> str:
    return render.MISSING if pd.isna(step) else model.element_name(str(step))


def _label(code: str, value: Any, model: Model) -> str:
    return render.MISSING if pd.isna(value) else model.label(code, str(value))


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def _primary(project: Project) -> pd.DataFrame:
    events = project.events
    coder = events["coder"].astype(object).where(events["coder"].notna(), "primary")
    return events[coder.isin(["primary", ""])]


def _counts(values: pd.Series, code: str, model: Model, name: str) -> pd.DataFrame:
    counts = values.value_counts(sort=False, dropna=True)
    total = counts.sum()
    return pd.DataFrame({name: [model.label(code, str(c)) for c in counts.index],
                         "Contributions": counts.to_numpy(),
                         "Share": counts.to_numpy() / total if total else float("nan")})


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


# -- sections ------------------------------------------------------------------


def title_page(project: Project, params: ReportParams) -> Any:
    """The report's ``h1``, what it covers, a contents list and where it came from."""
    meetings = project.meetings
    span = ""
    if len(meetings):
        span = (f" from {render.text(meetings['date'].min())} "
                f"to {render.text(meetings['date'].max())}")
    purpose = project.info.get("purpose")
    contents = "".join(f'<li><a href="#{render.slug(h)}">{render.escape(h)}</a></li>'
                       for _, h in SECTIONS)
    return render.show(
        render.heading(params.title, 1),
        render.lead(f"An evaluation of how collaboratively this project was done: "
                    f"{_plural(len(project.participants), 'person', 'people')} and "
                    f"{_plural(len(meetings), 'meeting')}{span}."),
        render.paragraph(_free(purpose, params)) if isinstance(purpose, str) and purpose else None,
        render.provenance(project, params.settings(), compact=True),
        Html(f'<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{contents}</ol></nav>'),
        title=f"{params.title}: collaboration evaluation",
    )


def summary(project: Project, params: ReportParams) -> Any:
    """Scorecard of the dimensions of collaboration, each with its evidence."""
    scorecard = _optional("scorecard", "scorecard")
    if scorecard is not None:
        card = scorecard(project)
        counts = card["rating"].astype(str).value_counts()
        return _section("summary", render.lead(
            f"Of {len(card)} dimensions, {counts.get('strength', 0)} rated a strength, "
            f"{counts.get('developing', 0)} developing and {counts.get('concern', 0)} a concern."),
            render.scorecard_cards(card))
    facts = {"People involved": len(project.participants),
             "Meetings": len(project.meetings),
             "Coded contributions": len(_primary(project)),
             "Decisions recorded": len(project.decisions),
             "Reflections recorded": len(project.reflections)}
    return _section("summary", render.lead(
        f"The records cover {_plural(len(project.meetings), 'meeting')} and "
        f"{_plural(len(project.decisions), 'decision')}."), render.definition_list(facts))


def journey(project: Project, params: ReportParams) -> Any:
    """Meetings in date order with their step, and the checklist per step."""
    model = load_model()
    meetings = project.meetings.sort_values(["date", "meeting_id"])
    steps_met = [s for s in model.steps if s in set(meetings["step"].astype(object))]
    shown = pd.DataFrame({
        "Meeting": range(1, len(meetings) + 1),
        "Date": meetings["date"].to_numpy(),
        "Step": [_step_name(s, model) for s in meetings["step"]],
        "Title": [_free(t, params) for t in meetings["title"]],
    })
    checklist = project.checklist
    status = (checklist.groupby(["step", "status"], observed=True).size()
              .unstack(fill_value=0) if len(checklist) else pd.DataFrame())
    if len(status):
        status.index = [_step_name(s, model) for s in status.index]
        status.index.name = "Step"
        status.columns = [model.label("checklist_status", str(c)) for c in status.columns]
    return _section(
        "journey",
        render.lead(f"The project met {_plural(len(meetings), 'time')} and held meetings in "
                    f"{len(steps_met)} of the model's {len(model.steps)} steps."),
        render.table(shown, "Meetings in date order, with the step of the model each was in"),
        render.table(status, "Checklist items by step and status", index=True),
    )


def structure(project: Project, params: ReportParams) -> Any:
    """Who was involved: people by role (small groups folded), and the two leaders."""
    model = load_model()
    people = project.participants.assign(
        role=[privacy.role_label(str(r), model) for r in project.participants["role"]])
    folded = privacy.fold_small_groups(people, "role", min_size=params.min_group_size,
                                       label="Other")
    by_role = folded["role"].value_counts().rename_axis("Role").reset_index(name="People")
    lived = project.participants["role"].astype(object).isin(model.lived_experience_roles)
    leads = [(f"{kind.capitalize()} lead", params.names.get(str(pid), "not named")
              if pid else "not named") for kind, pid in project.leads.items()]
    return _section(
        "structure",
        render.lead(f"{_plural(len(people), 'person', 'people')} took part; "
                    f"{render.percent(lived.mean() if len(lived) else float('nan'))} "
                    f"had lived experience (service users, carers and families)."),
        render.table(by_role, "People by role" + (
            f" (groups of fewer than {params.min_group_size} are shown as Other)"
            if params.min_group_size > 1 else "")),
        render.definition_list(leads),
    )


def voice(project: Project, params: ReportParams) -> Any:
    """Share of voice by role (small groups folded)."""
    model = load_model()
    events = _primary(project)
    roles = dict(zip(project.participants["participant_id"],
                     [privacy.role_label(str(r), model) for r in project.participants["role"]],
                     strict=True))
    people = project.participants[["participant_id"]].assign(
        role=[roles[p] for p in project.participants["participant_id"]])
    folded = privacy.fold_small_groups(people, "role", min_size=params.min_group_size,
                                       label="Other")
    group_of = dict(zip(folded["participant_id"], folded["role"], strict=True))
    spoken = events["participant_id"].map(group_of).value_counts()
    table = spoken.rename_axis("Role").reset_index(name="Contributions")
    table["Share of voice"] = table["Contributions"] / max(len(events), 1)
    top = table.iloc[0]["Role"] if len(table) else render.MISSING
    return _section(
        "voice",
        render.lead(f"{_plural(len(events), 'contribution')} were coded; {top} spoke most."),
        render.table(table, "Coded contributions by role",
                     formatters={"Share of voice": render.percent}),
    )


def four_player(project: Project, params: ReportParams) -> Any:
    """How often each of the four actions (move, follow, oppose, bystand) was used."""
    model = load_model()
    table = _counts(_primary(project)["move"], "move", model, "Action")
    return _section("four_player", render.lead(
        "Healthy groups use all four actions: move, follow, oppose and bystand."),
        render.table(table, "Coded contributions by action", formatters={"Share": render.percent}))


def dialogue(project: Project, params: ReportParams) -> Any:
    """Contributions coded as debate and as dialogue."""
    model = load_model()
    table = _counts(_primary(project)["mode"], "mode", model, "Mode")
    return _section("dialogue", render.lead(
        "A group must be able to work in dialogue to truly collaborate."),
        render.table(table, "Coded contributions by mode", formatters={"Share": render.percent}))


def action_bias(project: Project, params: ReportParams) -> Any:
    """What contributions focused on: problems, solutions, process, social."""
    model = load_model()
    table = _counts(_primary(project)["focus"], "focus", model, "Focus")
    return _section("action_bias", render.lead(
        "Action bias is jumping to solutions before the problem has been explored."),
        render.table(table, "Coded contributions by focus", formatters={"Share": render.percent}))


def decisions(project: Project, params: ReportParams) -> Any:
    """Each decision: when, where it was made and the level of involvement."""
    model = load_model()
    d = project.decisions.sort_values(["date", "decision_id"])
    outside = int(d["meeting_id"].isna().sum())
    shown = pd.DataFrame({
        "Date": d["date"].to_numpy(),
        "Decision": [_free(s, params) for s in d["summary"]],
        "Step": [_step_name(s, model) for s in d["step"]],
        "Level": [_label("level", v, model) for v in d["level"]],
        "In a meeting": d["meeting_id"].notna().to_numpy(),
    })
    return _section("decisions", render.lead(
        f"{_plural(len(d), 'decision')} recorded, {outside} of them made outside a meeting."),
        render.table(shown, "Decisions in date order"))


def vocabulary(project: Project, params: ReportParams) -> Any:
    """Aims from the introductions and the group's shared glossary."""
    glossary = project.glossary
    agreed = int(glossary["agreed"].fillna(False).sum()) if len(glossary) else 0
    shown = pd.DataFrame({"Term": [_free(t, params) for t in glossary["term"]],
                          "Meaning": [_free(m, params) for m in glossary["meaning"]],
                          "Agreed": glossary["agreed"].to_numpy()})
    return _section("vocabulary", render.lead(
        f"{_plural(len(project.aims), 'person', 'people')} said why they were here; the group "
        f"defined {_plural(len(glossary), 'term')}, {agreed} agreed."),
        render.table(shown, "The group's shared vocabulary"))


def reflections(project: Project, params: ReportParams) -> Any:
    """How collaborative meetings felt, and the process problems noted."""
    r = project.reflections.merge(project.meetings[["meeting_id", "date"]], on="meeting_id",
                                  how="left").sort_values(["date", "meeting_id"])
    mean = r["how_collaborative"].mean() if len(r) else float("nan")
    shown = pd.DataFrame({
        "Date": r["date"].to_numpy(),
        "How collaborative (1-5)": r["how_collaborative"].to_numpy(),
        "Problems with the process": [_free(v, params) for v in r["process_problems"]],
        "Next time": [_free(v, params) for v in r["next_time"]],
    })
    return _section("reflections", render.lead(
        f"{_plural(len(r), 'pair reflection')} recorded; on average meetings felt "
        f"{render.number(mean, 1)} out of 5 collaborative."),
        render.table(shown, "Pair reflections after each meeting"))


def impact(project: Project, params: ReportParams) -> Any:
    """You said, we did: contributions and what came of them."""
    model = load_model()
    i = project.impact
    adopted = int((i["status"].astype(object) == "adopted").sum())
    shown = pd.DataFrame({
        "You said": [_free(v, params) for v in i["contribution"]],
        "We did": [_free(v, params) for v in i["outcome"]],
        "Status": [_label("impact_status", v, model) for v in i["status"]],
    })
    return _section("impact", render.lead(
        f"{adopted} of {_plural(len(i), 'contribution')} recorded were adopted."),
        render.table(shown, "You said, we did"))


def next_time(project: Project, params: ReportParams) -> Any:
    """Recommendations tied to the practical tips."""
    recommendations = _optional("scorecard", "recommendations")
    if recommendations is not None:
        recs = recommendations(project)
        items = [f"{r['tip']}: {r['recommendation']}" for r in recs.to_dict("records")]
        lead = f"{_plural(len(items), 'suggestion')} from the practical tips."
    else:
        tips = load_model().tips
        items = [f"{t['title']}: {t['text']}" for t in tips.to_dict("records")]
        lead = "The practical tips to keep in mind for the next project."
    return _section("next_time", render.lead(lead), render.bullet_list(items))


def method(project: Project, params: ReportParams) -> Any:
    """What was recorded, coding reliability, a GRIPP2 short form and provenance."""
    from collabkit.reliability import coder_agreement

    recorded = pd.DataFrame([(name, len(t)) for name, t in project.tables.items()],
                            columns=["Table", "Rows"])
    agreement = coder_agreement(project.events)
    if len(agreement):
        overall = agreement.iloc[-1]
        reliability_lead = (f"Two coders coded {len(agreement) - 1} meeting(s): Cohen's kappa "
                            f"{render.number(overall['kappa'])} ({overall['kappa_label']}).")
        reliability = render.table(
            agreement[["meeting_id", "coders", "units", "raw_agreement", "kappa", "alpha",
                       "kappa_label"]].rename(columns={"meeting_id": "Meeting"}),
            "Agreement between coders of the same meetings",
            formatters={"raw_agreement": render.percent})
    else:
        reliability_lead = "No meeting was coded by two coders, so coding reliability is unknown."
        reliability = None
    gripp2 = pd.DataFrame({"Item": ["Aim", "Methods", "Results", "Discussion and conclusions",
                                    "Reflections / critical perspective"],
                           "In this project": [
                               _free(project.info.get("purpose") or render.MISSING, params),
                               f"{_plural(len(project.meetings), 'meeting')} recorded; "
                               f"{_plural(len(_primary(project)), 'contribution')} coded.",
                               f"{_plural(len(project.decisions), 'decision')}; "
                               f"{_plural(len(project.impact), 'impact record')}.",
                               "See the summary and what to try next time.",
                               f"{_plural(len(project.reflections), 'pair reflection')}."]})
    return _section(
        "method",
        render.lead(reliability_lead),
        render.table(recorded, "What was recorded: rows in each table"),
        reliability,
        render.table(gripp2, "GRIPP2 short form: reporting public involvement"),
        render.provenance(project, params.settings()),
    )
