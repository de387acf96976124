"""The sections of the portfolio page: every project side by side.

``notebooks/reports/portfolio.ipynb`` calls :func:`open_projects` once, then
one function per section; each returns an ``IPython.display.HTML`` built with
:mod:`collabkit.report.render`, opening with a sentence saying what was found, then a
chart (with alt text, drawn by :mod:`collabkit.plots.portfolio`) and the
numbers as a table. The portfolio shows projects, never people.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from collabkit import evaluation, metrics
from collabkit.formatting import MISSING, join_words, percent, plural
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
    #: A folder of ``<project id>.findings.csv`` files written by ``collabkit report``
    #: to read findings from; blank (or a project with no file) works them out.
    findings_dir: str = ""
    #: Worked-out tables several sections share (the scorecards), filled on first use.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def settings(self) -> dict[str, Any]:
        """The settings the provenance note shows: where the projects came from."""
        return {"project_path": self.data_dir or "the projects given"}


def open_projects(data_dir: str = "", project_paths: list[str] | None = None, *,
                  title: str = "", link_reports: bool = False, model_dir: str = "",
                  findings_dir: str = "") -> tuple[list[Project], PortfolioParams]:
    """Load ``project_paths``, or every project in ``data_dir``; invalid ones are left out.

    ``model_dir`` names a model folder to load every project with (blank:
    ``COLLABKIT_MODEL_DIR`` or the bundled model); ``findings_dir`` a folder
    of findings files to read instead of working the findings out again.

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
    heading = title.strip() or (f"Portfolio of {plural(len(projects), 'project')}"
                                if projects else "Portfolio: no project to compare")
    return projects, PortfolioParams(data_dir=str(data_dir), title=heading, refused=refused,
                                     link_reports=bool(link_reports),
                                     findings_dir=str(findings_dir or ""))


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


#: What every section says when no project could be compared.
NOTHING_COMPARED = "No project could be compared, so there is nothing to show here."


def _needs_projects(section: Callable[[list[Project], PortfolioParams], Any]) -> Callable:
    """A section that, with no project to compare, says so instead of drawing empty charts."""
    @functools.wraps(section)
    def shown(projects: list[Project], params: PortfolioParams) -> Any:
        if not projects:
            return _section(section.__name__, render.lead(NOTHING_COMPARED))
        return section(projects, params)
    return shown


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
    """Every project's findings, long (``project_id`` first), read or worked out once.

    A project's ``<id>.findings.csv`` in ``params.findings_dir`` is read when
    there is one and it is current (:func:`collabkit.evaluation.stored.current_findings`:
    not older than the project's data or the model, same collabkit version);
    otherwise :func:`collabkit.evaluation.findings` works them out. Either way
    the ratings and numbers are those of the project's report. The ``numbers``
    column holds each measure's fields as a dict.
    """
    from collabkit.evaluation.stored import current_findings

    if "cards" not in params.cache:
        frames = []
        for p in projects:
            frame = None
            if params.findings_dir:
                frame = current_findings(Path(params.findings_dir) / f"{p.id}.findings.csv", p)
            if frame is None:
                frame = evaluation.findings(p).to_frame()
            frame = frame[["project_id", *evaluation.FINDING_COLUMNS, "numbers"]]
            frames.append(frame.assign(numbers=[json.loads(n) for n in frame["numbers"]]))
        cards = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["project_id", *evaluation.FINDING_COLUMNS, "numbers"])
        params.cache["cards"] = cards.assign(project=cards["project_id"].map(_names(projects)))
    return params.cache["cards"]


def _dimension(projects: list[Project], params: PortfolioParams, dimension: str
               ) -> dict[str, pd.Series]:
    """Project id -> its finding on one dimension (a row with rating, value, numbers...)."""
    cards = _cards(projects, params)
    rows = cards[cards["dimension"] == dimension]
    return {str(r["project_id"]): r for _, r in rows.iterrows()}


def _rating_text(row: pd.Series | None) -> str:
    if row is None:
        return MISSING
    return render.RATING_STYLES.get(str(row["rating"]), {}).get("text", str(row["rating"]))


def _most(counts: pd.Series) -> list[str]:
    """Every project with the highest count: a tie names them all."""
    return [str(k) for k, v in counts.items() if v == counts.max()]


def title_page(projects: list[Project], params: PortfolioParams) -> Any:
    """The page's ``h1`` and a contents list."""
    contents = Html("").join(Html('<li><a href="#{}">{}</a></li>').format(render.slug(h), h)
                             for _, h in SECTIONS)
    refused = ""
    if params.refused:
        refused = render.paragraph("Left out because their records are not valid: " + "; ".join(
            f"{name} ({plural(count, 'problem')})" for name, count in params.refused) + ".")
    lead = (f"{len(projects)} projects side by side: how collaboratively each was done."
            if projects else "No project could be compared: "
            + ("every project found was left out (below)." if params.refused else
               f"no project was found in {params.data_dir or 'the paths given'}."))
    return render.show(
        render.heading(params.title, 1),
        render.lead(lead),
        refused,
        render.provenance(None, params.settings(), compact=True),
        Html('<nav aria-label="Contents"><h2 id="contents">Contents</h2><ol>{}</ol></nav>')
        .format(contents),
        title=f"{params.title}: collaboration evaluation",
    )


@_needs_projects
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


@_needs_projects
def scorecards(projects: list[Project], params: PortfolioParams) -> Any:
    """Each project's rating on each dimension: a grid and a table (rating as text and symbol)."""
    cards = _cards(projects, params)
    if cards.empty:
        return _section("scorecards", render.lead("No project could be rated."))
    counts = cards.assign(rating=cards["rating"].astype(str)).pivot_table(
        index="project", columns="rating", values="dimension", aggfunc="count",
        fill_value=0, sort=False)
    strengths = counts.get("strength", pd.Series(0, index=counts.index))
    concerns = counts.get("concern", pd.Series(0, index=counts.index))
    best = _most(strengths)
    lead = (f"{join_words(best)} had the most strengths ({int(strengths.max())} of "
            f"{int(counts.loc[best[0]].sum())})")
    if concerns.max() > 0:
        worst = _most(concerns)
        lead += f"; {join_words(worst)} the most concerns ({int(concerns.max())})"
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


def _count_rated(found: dict[str, pd.Series], rating: str) -> int:
    return sum(str(row["rating"]) == rating for row in found.values())


@_needs_projects
def voice_balance(projects: list[Project], params: PortfolioParams) -> Any:
    """Lived experience: share of voice against share of people present, per project."""
    found, names = _dimension(projects, params, "voice"), _names(projects)
    rows = []
    for p in projects:
        row = found.get(p.id)
        numbers = row["numbers"] if row is not None else {}
        rows.append({"project": names[p.id],
                     "share_present": _num(numbers.get("lived_presence")),
                     "share_of_voice": _num(numbers.get("lived_voice")),
                     "voice_to_presence": _num(row["value"] if row is not None else None),
                     "rating": _rating_text(row)})
    frame = pd.DataFrame(rows, columns=["project", "share_present", "share_of_voice",
                                        "voice_to_presence", "rating"])
    lead = (f"The voice of people with lived experience was rated a strength in "
            f"{_count_rated(found, 'strength')} of {plural(len(frame), 'project')} and a concern "
            f"in {_count_rated(found, 'concern')}.")
    return _section(
        "voice_balance", render.lead(lead),
        render.chart(portfolio_plots.plot_voice_balance(frame), "Lived-experience voice against "
                     "presence by project", frame.set_axis(
                         ["Project", "Lived experience: share present",
                          "Lived experience: share of voice", "Voice ÷ presence", "Rating"],
                         axis=1),
                     {"Lived experience: share present": percent,
                      "Lived experience: share of voice": percent}),
    )


def _num(value: Any) -> float:
    return float(value) if value is not None and not pd.isna(value) else float("nan")


@_needs_projects
def action_bias(projects: list[Project], params: PortfolioParams) -> Any:
    """Share of meetings where a solution came before the problem was explored."""
    found, names = _dimension(projects, params, "action_bias"), _names(projects)
    rows = []
    for p in projects:
        row = found.get(p.id)
        numbers = row["numbers"] if row is not None else {}
        rows.append({"project": names[p.id], "meetings": numbers.get("meetings", 0),
                     "early_share": _num(row["value"] if row is not None else None),
                     "skipped": numbers.get("skipped_text", MISSING),
                     "rating": _rating_text(row)})
    frame = pd.DataFrame(rows, columns=["project", "meetings", "early_share", "skipped",
                                        "rating"])
    lead = (f"Action bias was a concern in {_count_rated(found, 'concern')} of "
            f"{plural(len(frame), 'project')} and a strength in "
            f"{_count_rated(found, 'strength')}: the same rule as in each report (a solution "
            f"before the problem was explored, or a step skipped on the way to Make the "
            f"Change).")
    return _section(
        "action_bias", render.lead(lead),
        render.chart(portfolio_plots.plot_early_solutions(frame), "Meetings with a solution "
                     "before the problem was explored, by project",
                     frame.set_axis(["Project", "Meetings judged", "Share with action bias",
                                     "Steps skipped", "Rating"], axis=1),
                     {"Share with action bias": percent}),
    )


@_needs_projects
def inertia(projects: list[Project], params: PortfolioParams) -> Any:
    """Inertia or advantage: meetings that decided together, and the longest run without."""
    found, names = _dimension(projects, params, "inertia"), _names(projects)
    rows = []
    for p in projects:
        row = found.get(p.id)
        numbers = row["numbers"] if row is not None else {}
        rows.append({"project": names[p.id], "meetings": numbers.get("meetings", 0),
                     "together_share": _num(row["value"] if row is not None else None),
                     "longest": numbers.get("longest", 0), "decided": numbers.get("decided", 0),
                     "rating": _rating_text(row)})
    frame = pd.DataFrame(rows, columns=["project", "meetings", "together_share", "longest",
                                        "decided", "rating"])
    if frame.empty:
        lead = "No project recorded meetings."
    else:
        longest = frame.set_index("project")["longest"]
        slow = _most(longest)
        lead = (f"Advantage (deciding together, meeting after meeting) was a strength in "
                f"{_count_rated(found, 'strength')} of {plural(len(frame), 'project')}; "
                f"{join_words(slow)} went longest without deciding together: "
                f"{plural(int(longest.max()), 'meeting')} in a row.")
    return _section(
        "inertia", render.lead(lead),
        render.chart(portfolio_plots.plot_decision_rate(frame), "Meetings that made a decision "
                     "together, by project",
                     frame.set_axis(["Project", "Meetings", "Share deciding together",
                                     "Longest run without deciding together",
                                     "Meetings with any decision", "Rating"], axis=1),
                     {"Share deciding together": percent}),
    )


@_needs_projects
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
    table = pd.DataFrame(rows, columns=["Project", "Reflections", "First", "Last", "Average",
                                        "Change per meeting"])
    scored = table.dropna(subset=["First", "Last"])
    rising = int((scored["Last"] > scored["First"]).sum())
    falling = int((scored["Last"] < scored["First"]).sum())
    lead = (f"From the first to the last reflected meeting, how collaborative it felt rose in "
            f"{rising} of {plural(len(table), 'project')}, fell in {falling} and stayed the "
            f"same in {len(scored) - rising - falling}"
            + (f"; {plural(len(table) - len(scored), 'project')} had no reflections"
               if len(scored) < len(table) else "") + ".")
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
