"""The sections of the portfolio page: every project side by side.

``notebooks/reports/portfolio.ipynb`` calls :func:`open_projects` once, then
one function per section; each returns an ``IPython.display.HTML`` built with
:mod:`collabkit.report.render`, opening with a sentence saying what was found, then a
chart (with alt text, drawn by :mod:`collabkit.plots.portfolio`) and the
numbers as a table. The portfolio shows projects, never people.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pandas as pd

from collabkit import evaluation, metrics
from collabkit.formatting import MISSING, capital, number, percent, plural
from collabkit.model import load_model
from collabkit.plots import portfolio as portfolio_plots
from collabkit.project import Project, check_projects, find_projects
from collabkit.report import render
from collabkit.report.render import Html
from collabkit.resources import resolve_path

#: The portfolio's sections in order: (function name, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "The projects"),
    ("scorecards", "Scorecards side by side"),
    ("voice_balance", "Voice balance"),
    ("action_bias", "Action bias"),
    ("inertia", "Inertia or advantage"),
    ("reflection_trends", "Reflection trends"),
    ("method", "Method"),
)
HEADINGS = dict(SECTIONS)


@dataclass(frozen=True)
class PortfolioParams:
    """Where the projects came from, and the ones left out (path, number of problems)."""

    data_dir: str
    title: str
    refused: list[tuple[str, int]] = field(default_factory=list)
    #: Link each project to its report, ``<project id>.html`` beside the portfolio.
    link_reports: bool = False
    #: Worked-out tables several sections share (the scorecards), filled on first use.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def settings(self) -> dict[str, Any]:
        """The settings the provenance note shows: where the projects came from."""
        return {"project_path": self.data_dir or "the projects given"}


def open_projects(data_dir: str = "", project_paths: list[str] | None = None, *,
                  title: str = "", link_reports: bool = False, model_dir: str = ""
                  ) -> tuple[list[Project], PortfolioParams]:
    """Load ``project_paths``, or every project in ``data_dir``; invalid ones are left out.

    ``model_dir`` names a model folder to load every project with (blank:
    ``COLLABKIT_MODEL_DIR`` or the bundled model).

    Each project is checked by :func:`collabkit.project.check_projects`; the
    invalid ones, and any that repeat an earlier project's id, are left out
    and named on the page.
    """
    paths = [resolve_path(p) for p in project_paths or []]
    if not paths:
        data_dir = data_dir or "data/examples"
        paths = find_projects(resolve_path(data_dir))
    elif not data_dir:  # the provenance names the folder the projects came from
        data_dir = os.path.commonpath([str(p.parent) for p in paths])
    model = load_model(resolve_path(model_dir)) if str(model_dir).strip() else load_model()
    checked = check_projects(paths, model=model)
    projects = [check.project for check in checked if check.ok and check.project is not None]
    refused = [(check.path.name, len(check.problems)) for check in checked if not check.ok]
    heading = title.strip() or f"Portfolio of {len(projects)} projects"
    return projects, PortfolioParams(data_dir=str(data_dir), title=heading, refused=refused,
                                     link_reports=bool(link_reports))


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def short_name(title: str, limit: int = 40) -> str:
    """A project's title short enough for a chart: the part before a colon, or cut."""
    name = str(title).split(":")[0].strip() or str(title)
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _names(projects: list[Project]) -> dict[str, str]:
    """Project id -> a short name to show, unique (the id is added to repeated titles)."""
    short = {p.id: short_name(p.title) for p in projects}
    counts = pd.Series(list(short.values()), dtype=object).value_counts()
    return {pid: f"{name} ({pid})" if counts[name] > 1 else name for pid, name in short.items()}


def _cards(projects: list[Project], params: PortfolioParams) -> pd.DataFrame:
    """Every project's scorecard (:func:`collabkit.evaluation.scorecards`), worked out once."""
    if "cards" not in params.cache:
        cards = evaluation.scorecards(projects)
        params.cache["cards"] = cards.assign(project=cards["project_id"].map(_names(projects)))
    return params.cache["cards"]


def _rating(cards: pd.DataFrame, dimension: str) -> dict[str, str]:
    rows = cards[cards["dimension"] == dimension]
    return {pid: render.RATING_STYLES.get(str(r), {}).get("text", str(r))
            for pid, r in zip(rows["project_id"], rows["rating"], strict=True)}


def title_page(projects: list[Project], params: PortfolioParams) -> Any:
    """The page's ``h1`` and a contents list."""
    contents = Html("").join(Html('<li><a href="#{}">{}</a></li>').format(render.slug(h), h)
                             for _, h in SECTIONS)
    refused = ""
    if params.refused:
        refused = render.paragraph("Left out because their records are not valid: " + "; ".join(
            f"{name} ({count} problems)" for name, count in params.refused) + ".")
    return render.show(
        render.heading(params.title, 1),
        render.lead(f"{len(projects)} projects side by side: how collaboratively each was done."),
        refused,
        render.provenance(None, params.settings(), compact=True),
        Html('<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{}</ol></nav>')
        .format(contents),
        title=f"{params.title}: collaboration evaluation",
    )


def overview(projects: list[Project], params: PortfolioParams) -> Any:
    """One row per project: meetings, people, contributions, decisions."""
    rows = pd.DataFrame([{"Project": p.title, "People": len(p.participants),
                          "Meetings": len(p.meetings),
                          "Coded contributions": len(metrics.primary_events(p)),
                          "Decisions": len(p.decisions)} for p in projects])
    lead = (f"{plural(len(projects), 'project')} were compared, with "
            f"{int(rows['Meetings'].sum()) if len(rows) else 0} meetings and "
            f"{int(rows['People'].sum()) if len(rows) else 0} people between them.")
    formatters = {}
    if params.link_reports and len(rows):
        titles = {p.id: p.title for p in projects}
        rows["Full report"] = [p.id for p in projects]
        formatters["Full report"] = lambda pid: render.link(
            quote(f"{pid}.html"), f"Report on {titles[pid]}")
    return _section("overview", render.lead(lead),
                    render.table(rows, "The projects and what they recorded",
                                 formatters=formatters))


def scorecards(projects: list[Project], params: PortfolioParams) -> Any:
    """Each project's rating on each dimension: a grid and a table (rating as text and symbol)."""
    cards = _cards(projects, params)
    if cards.empty:
        return _section("scorecards", render.lead("No project could be rated."))
    counts = cards.assign(rating=cards["rating"].astype(str)).pivot_table(
        index="project", columns="rating", values="dimension", aggfunc="count",
        fill_value=0, sort=False)
    best = counts.get("strength", pd.Series(0, index=counts.index)).idxmax()
    worst = counts.get("concern", pd.Series(0, index=counts.index))
    lead = (f"{best} had the most strengths ({int(counts.loc[best].get('strength', 0))} of "
            f"{int(counts.loc[best].sum())})")
    if worst.max() > 0 and worst.idxmax() != best:
        lead += f"; {worst.idxmax()} the most concerns ({int(worst.max())})"
    elif worst.max() > 0:
        lead += f"; concerns ranged from {int(worst.min())} to {int(worst.max())} per project"
    symbols = {k: f"{v['icon']} {v['text']}" for k, v in render.RATING_STYLES.items()}
    matrix = cards.assign(shown=cards["rating"].astype(str).map(symbols)).pivot_table(
        index="label", columns="project", values="shown", aggfunc="first", sort=False)
    matrix.index.name = "Dimension"
    matrix.columns.name = None
    return _section(
        "scorecards", render.lead(lead + "."),
        render.figure(*portfolio_plots.plot_scorecard_matrix(cards),
                      "Scorecard ratings: dimensions by project"),
        render.table(matrix, "Scorecard ratings by dimension and project (✓ strength, "
                     "◑ developing, ! concern, ? not recorded)", index=True),
    )


def voice_balance(projects: list[Project], params: PortfolioParams) -> Any:
    """Lived experience: share of voice against share of people present, per project."""
    ratings = _rating(_cards(projects, params), "voice")
    rows, names = [], _names(projects)
    for p in projects:
        roles = metrics.role_voice(p)
        lived = roles[roles["lived_experience"].astype(bool)]
        voice, present = lived["share_of_voice"].sum(), lived["share_of_presence"].sum()
        rows.append({"project": names[p.id], "share_present": present,
                     "share_of_voice": voice,
                     "voice_to_presence": voice / present if present else float("nan"),
                     "rating": ratings.get(p.id, MISSING)})
    frame = pd.DataFrame(rows)
    heard = int((frame["voice_to_presence"] >= 0.8).sum()) if len(frame) else 0
    lead = (f"People with lived experience spoke in step with their numbers (a ratio of 0.8 or "
            f"more) in {heard} of {plural(len(frame), 'project')}.")
    return _section(
        "voice_balance", render.lead(lead),
        render.chart(portfolio_plots.plot_voice_balance(frame), "Lived-experience voice against "
               "presence by project", frame.set_axis(
                   ["Project", "Lived experience: share present",
                    "Lived experience: share of voice", "Voice ÷ presence", "Rating"], axis=1),
               {"Lived experience: share present": percent,
                "Lived experience: share of voice": percent}),
    )


def action_bias(projects: list[Project], params: PortfolioParams) -> Any:
    """Share of meetings where a solution came before the problem was explored."""
    ratings = _rating(_cards(projects, params), "action_bias")
    rows, names = [], _names(projects)
    for p in projects:
        onset = metrics.solution_onset(p)
        held = onset[onset["contributions"] > 0]
        talk = metrics.primary_events(p)["focus"].astype(str)
        talk = talk[talk.isin(["problem", "solution"])]
        rows.append({"project": names[p.id], "meetings": len(held),
                     "early_share": held["early_solution"].mean() if len(held) else float("nan"),
                     "solution_talk": (talk == "solution").mean() if len(talk) else float("nan"),
                     "rating": ratings.get(p.id, MISSING)})
    frame = pd.DataFrame(rows)
    rushed = int((frame["early_share"] >= 0.5).sum()) if len(frame) else 0
    lead = (f"In {rushed} of {plural(len(frame), 'project')}, at least half the meetings "
            f"had a solution proposed before the problem was explored.")
    return _section(
        "action_bias", render.lead(lead),
        render.chart(portfolio_plots.plot_early_solutions(frame), "Meetings with an early solution "
               "by project", frame.set_axis(["Project", "Meetings", "Early solution",
                                             "Solution share of problem and solution talk",
                                             "Rating"], axis=1),
               {"Early solution": percent,
                "Solution share of problem and solution talk": percent}),
    )


def inertia(projects: list[Project], params: PortfolioParams) -> Any:
    """Decisions per meeting, meetings without one and the longest run without one."""
    ratings = _rating(_cards(projects, params), "inertia")
    rows, names = [], _names(projects)
    for p in projects:
        per = metrics.decisions_per_meeting(p)
        rows.append({"project": names[p.id], "meetings": len(per),
                     "decisions_per_meeting": per["decisions"].mean() if len(per) else
                     float("nan"),
                     "without": int((per["decisions"] == 0).sum()),
                     "longest": int(per["run_without_decision"].max()) if len(per) else 0,
                     "outside": int(p.decisions["meeting_id"].isna().sum()),
                     "rating": ratings.get(p.id, MISSING)})
    frame = pd.DataFrame(rows)
    if frame.empty:
        lead = "No project recorded meetings."
    else:
        slow = frame.loc[frame["longest"].idxmax()]
        rate = (f"decisions per meeting ranged from "
                f"{number(frame['decisions_per_meeting'].min(), 1)} to "
                f"{number(frame['decisions_per_meeting'].max(), 1)}")
        lead = (f"{slow['project']} went longest without a decision: "
                f"{plural(int(slow['longest']), 'meeting')} in a row; {rate}."
                if slow["longest"] > 1 else capital(rate) + ", and no project went two "
                "meetings in a row without one.")
    return _section(
        "inertia", render.lead(lead),
        render.chart(portfolio_plots.plot_decision_rate(frame), "Decisions per meeting by project",
               frame.set_axis(["Project", "Meetings", "Decisions per meeting",
                               "Meetings without a decision", "Longest run without one",
                               "Decisions outside meetings", "Rating"], axis=1)),
    )


def reflection_trends(projects: list[Project], params: PortfolioParams) -> Any:
    """How collaborative meetings felt over time in each project."""
    names = _names(projects)
    trends = pd.concat([metrics.reflection_trend(p).assign(project=names[p.id])
                        for p in projects], ignore_index=True) if projects else pd.DataFrame(
        columns=["project", "meeting_number", "how_collaborative"])
    rows = []
    for p in projects:
        s = metrics.reflection_summary(p).iloc[0]
        rows.append({"Project": names[p.id], "Reflections": s["reflections"],
                     "First": s["first"], "Last": s["last"], "Average": s["mean"],
                     "Change per meeting": s["slope_per_meeting"]})
    table = pd.DataFrame(rows)
    rising = int((table["Change per meeting"] > 0).sum()) if len(table) else 0
    falling = int((table["Change per meeting"] < 0).sum()) if len(table) else 0
    lead = (f"How collaborative it felt rose over the meetings in {rising} of "
            f"{plural(len(table), 'project')} and fell in {falling}.")
    return _section(
        "reflection_trends", render.lead(lead),
        render.chart(portfolio_plots.plot_reflection_trends(trends[
            ["project", "meeting_number", "how_collaborative"]]),
            "Pair reflection scores over the meetings, by project", table),
    )


def method(projects: list[Project], params: PortfolioParams) -> Any:
    """Where the data came from and when the page was made."""
    return _section("method", render.lead(
        "Each project's own report has the detail, its coding reliability and GRIPP2 table; "
        "ratings follow the same documented rules for every project."),
        render.provenance(None, params.settings()))
