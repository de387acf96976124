"""The sections of the evaluation report, one function each.

``notebooks/reports/project_evaluation.ipynb`` calls :func:`open_project`
once, then one function per section. Each returns an ``IPython.display.HTML``
built with :mod:`collabkit.report.render` (so every piece of free text is escaped),
opening with a plain-language sentence that says what was found. People are
shown by the names :mod:`collabkit.report.privacy` allows, and groups smaller than
``min_group_size`` are folded into "other".

This module shows numbers; it does not compute metrics (those live in
:mod:`collabkit.metrics`), draw charts (:mod:`collabkit.plots`) or word
findings (:mod:`collabkit.report.text`); the tables readers see are shaped in
:mod:`collabkit.report.tables`. Every chart comes with its alt text
and, in a "The numbers behind this chart" disclosure, the table it was drawn
from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collabkit import evaluation, metrics, plots
from collabkit.formatting import day, join_words, percent, plural, step_label
from collabkit.model import Model, load_model
from collabkit.project import Project, load_project
from collabkit.report import privacy, render, tables, tables_outcomes, tables_people, tables_process
from collabkit.report import text as say
from collabkit.report.render import Html
from collabkit.resources import resolve_path

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


def open_project(project_path: str | Project, *, pseudonymise: bool = True,
                 min_group_size: int = 3, title: str = "",
                 model_dir: str = "") -> tuple[Project, ReportParams]:
    """Load the project (paths relative to the repository root work too) and settle names.

    ``project_path`` may also be a :class:`Project` already loaded (with its
    own model); ``model_dir`` names a model folder to load the project with
    (blank: ``COLLABKIT_MODEL_DIR`` or the bundled model).

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
    if isinstance(project_path, Project):
        project = project_path
        project_path = str(project.source or project.id)
    else:
        model = load_model(resolve_path(model_dir)) if str(model_dir).strip() else None
        project = load_project(resolve_path(project_path), model=model)
    names = privacy.pseudonymise(project.participants, project.model,
                                 named="consented" if pseudonymise else "all",
                                 min_group_size=min_group_size if pseudonymise else 1)
    params = ReportParams(project_path=str(project_path), pseudonymise=bool(pseudonymise),
                          min_group_size=min_group_size,
                          title=title.strip() or project.title, names=names,
                          hidden=privacy.hidden_names(project.participants, names))
    return project, params


# -- helpers -----------------------------------------------------------------


def _free(value: Any, params: ReportParams) -> Any:
    """Free text with hidden names replaced (it is escaped later, by render)."""
    return privacy.redact(value, params.hidden)


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def _sub(title: str, *parts: Any) -> Html:
    """A sub-heading (``h3``) and its parts."""
    return render.join([render.heading(title, 3), *parts])


def _percent(*columns: str) -> dict[str, Any]:
    return dict.fromkeys(columns, percent)


def _chart(plot: tuple[Any, str], caption: str, numbers: pd.DataFrame,
           formatters: Mapping[str, Any] | None = None) -> Html:
    """A chart with its alt text, then the numbers behind it in a disclosure."""
    fig, alt = plot
    table = render.table(numbers, f"The numbers behind the chart: {caption}",
                         formatters=formatters)
    return Html("{}<details><summary>The numbers behind this chart</summary>{}</details>").format(
        render.figure(fig, alt, caption), table)


def _groups(project: Project, params: ReportParams, model: Model) -> dict[str, str]:
    return tables_people.role_groups(project, params.min_group_size, model)


# -- sections ------------------------------------------------------------------


def title_page(project: Project, params: ReportParams) -> Any:
    """The report's ``h1``, what it covers, a contents list and where it came from."""
    meetings = project.meetings
    span = ""
    if len(meetings):
        span = f" from {day(meetings['date'].min())} to {day(meetings['date'].max())}"
    purpose = project.info.get("purpose")
    contents = Html("").join(Html('<li><a href="#{}">{}</a></li>').format(render.slug(h), h)
                             for _, h in SECTIONS)
    return render.show(
        render.heading(params.title, 1),
        render.lead(f"An evaluation of how collaboratively this project was done: "
                    f"{plural(len(project.participants), 'person', 'people')} and "
                    f"{plural(len(meetings), 'meeting')}{span}."),
        render.paragraph(_free(purpose, params)) if isinstance(purpose, str) and purpose else None,
        render.provenance(project, params.settings(), compact=True),
        Html('<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{}</ol></nav>')
        .format(contents),
        title=f"{params.title}: collaboration evaluation",
    )


def summary(project: Project, params: ReportParams) -> Any:
    """Scorecard of the dimensions of collaboration, each with its evidence."""
    card = tables.scorecard(project)
    facts = {"People involved": len(project.participants), "Meetings": len(project.meetings),
             "Coded contributions": len(metrics.primary_events(project)),
             "Decisions recorded": len(project.decisions),
             "Pair reflections": len(project.reflections)}
    return _section("summary", render.lead(say.summary_sentence(card)),
                    render.definition_list(facts), render.scorecard_cards(card))


def journey(project: Project, params: ReportParams) -> Any:
    """Meetings on a timeline by step; steps skipped or rushed; checklist per step."""
    model = project.model
    route = metrics.model_journey(project)
    coverage = metrics.step_coverage(project)
    short = coverage[coverage["status"].isin(["rushed", "skipped"])]
    coverage_text = ("Every step had meetings and checklist evidence." if short.empty else
                     "; ".join(f"{step_label(model, r.step)} was {r.status}"
                               for r in short.itertuples()) + ".")
    return _section(
        "journey", render.lead(say.journey_sentence(route, tables.model_labels("step", model))),
        _chart(plots.plot_journey(route, model=model), "Meetings by date and step of the model",
               tables_process.journey_table(project, route, params.hidden, model)),
        _sub("Steps covered, rushed or skipped", render.paragraph(coverage_text), render.table(
            tables_process.coverage_table(coverage, model),
            "Each step of the model: meetings, checklist evidence and status")),
        _sub("Checklist completion and evidence", render.paragraph(say.EXPLAIN["checklist"]), render.table(
            tables_process.checklist_table(project, model),
            "Checklist items by step: status, completion and evidence",
            formatters=_percent("Completion", "Evidence"))),
    )


def structure(project: Project, params: ReportParams) -> Any:
    """Who was involved: roles, lived-experience share, attendance over time, the leaders."""
    model = project.model
    groups = _groups(project, params, model)
    by_group = tables_people.people_by_group(project, groups)
    lived = metrics.lived_experience(project.participants["role"], model)
    attendance = tables_people.fold_roles(metrics.attendance_retention(project), groups,
                                   ["meeting_number", "date"], ["present"])
    caption = "People by role" + (f" (groups of fewer than {params.min_group_size} are shown "
                                  f"as Other)" if params.min_group_size > 1 else "")
    return _section(
        "structure",
        render.lead(say.people_sentence(by_group, lived.mean() if len(lived) else float("nan"),
                                        attendance)),
        render.table(by_group, caption),
        _sub("Attendance over time", _chart(plots.plot_attendance(attendance),
                                            "People present at each meeting by role",
                                            tables_people.attendance_table(attendance))),
        _sub("The two leaders", render.paragraph(say.EXPLAIN["leaders"]),
            render.table(tables_people.leaders_table(project, params.names),
                         "The two leaders and the meetings they came to")),
    )


def voice(project: Project, params: ReportParams) -> Any:
    """Share of voice by role and person against share present; equality; silent attendees."""
    roles = tables_people.role_voice(project, _groups(project, params, project.model))
    raw = metrics.role_voice(project)
    lived = raw[raw["lived_experience"].astype(bool)]
    person = tables_people.person_voice(project, params.names)
    silent = person.loc[(person["Meetings present"] > 0) & (person["Contributions"] == 0),
                        "Person"].tolist()
    equality = metrics.meeting_equality(project)
    plenary = metrics.group_vs_plenary(project)
    return _section(
        "voice", render.lead(say.voice_sentence(roles)),
        render.paragraph(say.lived_voice_sentence(lived["share_of_voice"].sum(),
                                                  lived["share_of_presence"].sum())),
        _chart(plots.plot_voice_presence(roles), "Share of voice and share of people present "
               "by role", roles.drop(columns="people").set_axis(
                   ["Role", "Contributions", "Share of voice", "Share of presence",
                    "Voice ÷ presence"], axis=1),
               _percent("Share of voice", "Share of presence")),
        _sub("Share of voice by person", render.table(
            person, "Share of voice by person (shown by pseudonym unless they agreed to be "
            "named)", formatters=_percent("Share of voice", "Share of presence"))),
        _sub("Equality in each meeting", render.paragraph(say.equality_sentence(equality)),
             render.paragraph(say.EXPLAIN["gini"]),
             _chart(plots.plot_equality(equality), "Gini and evenness of speaking turns in "
                    "each meeting", tables_people.equality_table(equality),
                    _percent(*tables_people.EQUALITY_SHARES))),
        _sub("Silent attendees", render.paragraph(
            f"{plural(len(silent), 'person', 'people')} came to meetings but never spoke: "
            f"{join_words(silent)}." if silent else
            "Everyone who came to a meeting spoke at least once.")),
        _sub("Small groups and plenary", render.paragraph(say.plenary_sentence(plenary)),
             render.table(tables_people.plenary_table(plenary),
                          "Speaking in small groups and in the whole group",
                          formatters=_percent("Lived experience: share of voice"))),
    )


def four_player(project: Project, params: ReportParams) -> Any:
    """The four actions per meeting, and stuck patterns summarised with examples."""
    model = project.model
    labels = tables.model_labels("move", model)
    profile = metrics.move_profile(project, by="meeting").merge(tables.meeting_numbers(project),
                                                                on="meeting_id")
    totals = profile.groupby("move", observed=False)["count"].sum().to_dict()
    stuck = tables_process.stuck_patterns(project)
    counts = tables_process.stuck_summary(stuck, model)
    examples = tables_process.stuck_examples(project, stuck, params.names, params.hidden, model)
    return _section(
        "four_player", render.lead(say.four_player_sentence(totals, labels)),
        render.bullet_list(f"{labels[m]}: {h}" for m, h in zip(
            model.moves["move"], model.moves["help"], strict=True)),
        _chart(plots.plot_four_player(profile, model=model), "The four actions in each meeting",
               tables_process.four_player_table(project, labels), _percent(*labels.values())),
        _sub("Stuck patterns",
             render.paragraph(say.stuck_sentence(counts, stuck["meeting_id"].nunique())),
             render.table(counts, "Stuck patterns: how often each was found, what it means and "
                          "what helps", empty="No stuck pattern was found."),
             render.paragraph("A few examples, one for each pattern found:") if examples
             else None, render.bullet_list(examples)),
    )


def dialogue(project: Project, params: ReportParams) -> Any:
    """Debate and dialogue over meetings, and what the difference is."""
    model = project.model
    shares = metrics.dialogue_share(project)
    return _section(
        "dialogue", render.lead(say.dialogue_sentence(shares)),
        render.paragraph(model.tools["debate_dialogue"]["note"]),
        _chart(plots.plot_dialogue(shares), "Dialogue and debate in each meeting",
               tables_process.dialogue_table(shares), _percent("Dialogue share")),
        _sub("Debate and dialogue: the difference", render.table(
            model.dialogue_contrasts.set_axis(["Debate", "Dialogue"], axis=1),
            "How debate and dialogue differ")),
    )


def action_bias(project: Project, params: ReportParams) -> Any:
    """Solutions before problems: per meeting and across the model's steps."""
    model = project.model
    rule = model.tools["action_bias"]
    onset = metrics.solution_onset(project)
    talk = metrics.solution_talk_by_step(project)
    return _section(
        "action_bias", render.lead(say.action_bias_sentence(
            onset, tables_process.skipped_before_change(project, model))),
        render.paragraph(f"{rule['description']} In the model: {rule['in_the_model']}"),
        _chart(plots.plot_solution_onset(onset), "When the first solution came in each meeting",
               tables_process.onset_table(onset, model), _percent("Share before the first solution")),
        _sub("Solution talk across the steps", render.paragraph(say.EXPLAIN["solution_talk"]),
            _chart(plots.plot_solution_talk(talk, model=model), "Talk about solutions and about the problem "
                   "by step", tables_process.talk_table(talk, model),
                   _percent("About solutions", "About the problem"))),
    )


def decisions(project: Project, params: ReportParams) -> Any:
    """Decisions per meeting, runs without one, decisions made apart, the ladder by step."""
    model = project.model
    per = metrics.decisions_per_meeting(project)
    apart = tables_outcomes.decisions_list(project, params.hidden, model, apart=True)
    ladder = metrics.ladder_by_step(project)
    return _section(
        "decisions", render.lead(say.decisions_sentence(per, project.decisions,
                                                        metrics.inertia_runs(project))),
        render.paragraph(say.EXPLAIN["inertia"]),
        _chart(plots.plot_decisions(per), "Decisions made in each meeting",
               tables_outcomes.decisions_table(per, model)),
        _sub("Decisions made outside meetings or without lived-experience members",
             render.paragraph(say.apart_sentence(apart["Where"], len(project.decisions))),
             render.table(apart, "Decisions made outside meetings or without "
                          "lived-experience members", empty="None.")),
        _sub("Level of involvement by step: the co-production ladder",
             render.definition_list(zip(model.levels["label"], model.levels["description"],
                                        strict=True)),
             _chart(plots.plot_ladder(ladder, model=model), "Decisions by step and level of involvement",
                    tables_outcomes.ladder_table(ladder, model))),
        _sub("All decisions", render.table(tables_outcomes.decisions_list(project, params.hidden, model),
                                           "Every decision in date order")),
    )


def vocabulary(project: Project, params: ReportParams) -> Any:
    """Aims ("why are you here?") by role with a few quotes, and the shared glossary."""
    aims = tables_people.fold_roles(metrics.aims_by_role(project),
                             _groups(project, params, project.model), [], ["people", "aims"])
    growth = metrics.glossary_growth(project)
    return _section(
        "vocabulary", render.lead(say.vocabulary_sentence(aims, project.glossary)),
        _sub("Why are you here?", render.paragraph(say.EXPLAIN["aims"]),
            render.table(tables_outcomes.aims_table(aims), "People who said why they were here, by role",
                         formatters=_percent("Share")),
            render.bullet_list(tables_outcomes.aims_quotes(project, params.names, params.hidden))),
        _sub("Shared vocabulary", render.paragraph(say.EXPLAIN["glossary"]),
            _chart(plots.plot_glossary(growth), "Terms in the shared glossary after each meeting",
                   tables_outcomes.growth_table(growth)),
            render.table(tables_outcomes.glossary_table(project, params.names, params.hidden),
                         "The group's shared vocabulary")),
    )


def reflections(project: Project, params: ReportParams) -> Any:
    """How collaborative meetings felt over time, recurring problems, what the pairs wrote."""
    trend = metrics.reflection_trend(project)
    problems = metrics.recurring_problems(project)
    return _section(
        "reflections", render.lead(say.reflections_sentence(trend)),
        render.paragraph(say.EXPLAIN["reflections"]),
        _chart(plots.plot_reflections(trend), "How collaborative each meeting felt",
               tables_outcomes.trend_table(trend, project.model)),
        _sub("Recurring process problems", render.paragraph(say.problems_sentence(problems)),
             render.table(tables_outcomes.problems_table(problems, params.hidden),
                          "Process problems raised at more than one meeting", empty="None.")),
        _sub("What the pairs wrote", render.table(tables_outcomes.reflections_table(project,
                                                                           params.hidden),
                                                  "Pair reflections after each meeting")),
    )


def impact(project: Project, params: ReportParams) -> Any:
    """You said, we did: contributions and what came of them."""
    model = project.model
    return _section("impact", render.lead(say.impact_sentence(project.impact["status"].dropna())),
                    render.table(tables_outcomes.impact_table(project, _groups(project, params, model),
                                                     params.hidden, model), "You said, we did"))


def next_time(project: Project, params: ReportParams) -> Any:
    """Recommendations for every dimension not rated a strength, tied to the practical tips."""
    card = tables.scorecard(project)
    recs = evaluation.recommendations(project, card)
    tips = project.model.tips
    return _section(
        "next_time", render.lead(say.next_time_sentence(card, recs)),
        render.table(tables.recommendations_table(card, recs),
                     "What to try next time, tied to the practical tips") if len(recs) else
        render.bullet_list(f"Tip {t}: {title}" for t, title in zip(tips["tip_id"],
                                                                   tips["title"], strict=True)),
    )


def method(project: Project, params: ReportParams) -> Any:
    """What was recorded, coding reliability, a GRIPP2 short form and provenance."""
    from collabkit.reliability import coder_agreement

    agreement = coder_agreement(project.events)
    return _section(
        "method", render.lead(say.reliability_sentence(agreement)),
        _sub("What was recorded", render.table(tables.recorded_table(project),
                                               "What was recorded: rows in each table")),
        _sub("Coding reliability", render.definition_list(say.RELIABILITY), render.table(
            tables.reliability_table(agreement), "Agreement between coders of the same meetings",
            formatters=_percent("Raw agreement"), empty="No meeting was coded by two coders.")),
        _sub("GRIPP2 short form", render.table(
            tables.gripp2(project, params.hidden, agreement),
            "GRIPP2 short form: reporting public involvement")),
        _sub("Where this report came from", render.provenance(project, params.settings())),
    )
