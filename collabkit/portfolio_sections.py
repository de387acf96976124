"""The sections of the portfolio page: every project side by side.

``notebooks/reports/portfolio.ipynb`` calls :func:`open_projects` once, then
one function per section; each returns an ``IPython.display.HTML`` built with
:mod:`collabkit.render`. The portfolio shows projects, never people.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collabkit import render
from collabkit.errors import DataError
from collabkit.paths import resolve_path
from collabkit.project import Project, find_projects, load_project

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

    def settings(self) -> dict[str, Any]:
        return {"project_path": self.data_dir or "the projects given"}


def open_projects(data_dir: str = "", project_paths: list[str] | None = None, *,
                  title: str = "") -> tuple[list[Project], PortfolioParams]:
    """Load ``project_paths``, or every project in ``data_dir``; invalid ones are left out."""
    paths = [resolve_path(p) for p in project_paths or []]
    if not paths:
        paths = find_projects(resolve_path(data_dir or "data/examples"))
    projects, refused = [], []
    for path in paths:
        try:
            projects.append(load_project(path))
        except DataError as error:
            refused.append((path.name, len(error.problems)))
    heading = title.strip() or f"Portfolio of {len(projects)} projects"
    return projects, PortfolioParams(data_dir=str(data_dir), title=heading, refused=refused)


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(f"collabkit.metrics.{module}"), name)
    except (ImportError, AttributeError):
        return None


def _section(key: str, *parts: Any) -> Any:
    return render.show(render.section(HEADINGS[key], *parts))


def _primary(project: Project) -> pd.DataFrame:
    events = project.events
    coder = events["coder"].astype(object).where(events["coder"].notna(), "primary")
    return events[coder.isin(["primary", ""])]


def title_page(projects: list[Project], params: PortfolioParams) -> Any:
    """The page's ``h1`` and a contents list."""
    contents = "".join(f'<li><a href="#{render.slug(h)}">{render.escape(h)}</a></li>'
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
        render.Html(f'<nav aria-label="Contents"><h2 id="contents">Contents</h2>'
                    f"<ol>{contents}</ol></nav>"),
        title=f"{params.title}: collaboration evaluation",
    )


def overview(projects: list[Project], params: PortfolioParams) -> Any:
    """One row per project: meetings, people, contributions, decisions."""
    rows = [{"Project": p.title, "People": len(p.participants), "Meetings": len(p.meetings),
             "Coded contributions": len(_primary(p)), "Decisions": len(p.decisions)}
            for p in projects]
    return _section("overview", render.lead(f"{len(projects)} projects were compared."),
                    render.table(pd.DataFrame(rows), "The projects and what they recorded"))


def scorecards(projects: list[Project], params: PortfolioParams) -> Any:
    """Each project's rating on each dimension."""
    scorecard = _optional("scorecard", "scorecard")
    if scorecard is None:
        return _section("scorecards", render.lead("Scorecards are not available yet."))
    rows = []
    for project in projects:
        card = scorecard(project)
        rows.append({"Project": project.title,
                     **{label: render.RATING_STYLES.get(str(r), {}).get("text", str(r))
                        for label, r in zip(card["label"], card["rating"], strict=True)}})
    return _section("scorecards", render.lead("Ratings by dimension for every project."),
                    render.table(pd.DataFrame(rows), "Scorecard ratings by project"))


def voice_balance(projects: list[Project], params: PortfolioParams) -> Any:
    """Share of coded contributions made by people with lived experience."""
    from collabkit.model import load_model

    lived_roles = load_model().lived_experience_roles
    rows = []
    for p in projects:
        roles = dict(zip(p.participants["participant_id"],
                         p.participants["role"].astype(object), strict=True))
        events = _primary(p)
        lived = events["participant_id"].map(roles).isin(lived_roles)
        people = p.participants["role"].astype(object).isin(lived_roles)
        rows.append({"Project": p.title,
                     "Lived experience: share of people": people.mean() if len(people) else None,
                     "Lived experience: share of voice": lived.mean() if len(lived) else None})
    return _section("voice_balance", render.lead(
        "Where lived experience has a smaller share of voice than of people, "
        "quieter voices were not fully heard."),
        render.table(pd.DataFrame(rows), "Lived experience: share of people and of voice",
                     formatters={"Lived experience: share of people": render.percent,
                                 "Lived experience: share of voice": render.percent}))


def action_bias(projects: list[Project], params: PortfolioParams) -> Any:
    """Share of problem and solution talk that was about solutions."""
    rows = []
    for p in projects:
        focus = _primary(p)["focus"].astype(object)
        talk = focus[focus.isin(["problem", "solution"])]
        rows.append({"Project": p.title,
                     "Solution talk": (talk == "solution").mean() if len(talk) else None})
    return _section("action_bias", render.lead(
        "A high share of solution talk can mean the group rushed to act."),
        render.table(pd.DataFrame(rows), "Share of problem and solution talk about solutions",
                     formatters={"Solution talk": render.percent}))


def inertia(projects: list[Project], params: PortfolioParams) -> Any:
    """Meetings without a decision, per project."""
    rows = []
    for p in projects:
        decided = set(p.decisions["meeting_id"].dropna())
        without = int((~p.meetings["meeting_id"].isin(decided)).sum())
        rows.append({"Project": p.title, "Meetings": len(p.meetings),
                     "Meetings without a decision": without,
                     "Decisions outside meetings": int(p.decisions["meeting_id"].isna().sum())})
    return _section("inertia", render.lead(
        "Meeting after meeting with no decision is collaborative inertia."),
        render.table(pd.DataFrame(rows), "Meetings and decisions by project"))


def reflection_trends(projects: list[Project], params: PortfolioParams) -> Any:
    """How collaborative meetings felt: first, last and average reflection."""
    rows = []
    for p in projects:
        r = p.reflections.merge(p.meetings[["meeting_id", "date"]], on="meeting_id")
        r = r.sort_values("date")
        score = r["how_collaborative"]
        rows.append({"Project": p.title, "Reflections": len(r),
                     "First": score.iloc[0] if len(r) else None,
                     "Last": score.iloc[-1] if len(r) else None,
                     "Average": score.mean() if len(r) else None})
    return _section("reflection_trends", render.lead(
        "How collaborative did it feel? Scores from 1 to 5 in the pair reflections."),
        render.table(pd.DataFrame(rows), "Pair reflection scores by project"))


def method(projects: list[Project], params: PortfolioParams) -> Any:
    """Where the data came from and when the page was made."""
    return _section("method", render.lead(
        "Each project's own report has the detail, its coding reliability and GRIPP2 table."),
        render.provenance(None, params.settings()))
