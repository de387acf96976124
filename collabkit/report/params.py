"""What one project's report may show: its settings, and what they mean for each section.

:func:`open_project` loads the project and settles the names people are
shown by (:mod:`collabkit.report.privacy`); the :class:`ReportParams` it
returns go to every section, which takes hidden names out of free text with
:func:`_free` and folds small roles into their natural group or "Other" with
:func:`_groups`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collabkit.model import Model, load_model
from collabkit.project import Project, load_project
from collabkit.report import prepared, privacy, tables_people
from collabkit.resources import resolve_path


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
        Roles with fewer people than this are folded into their natural group
        (carers and family, lived experience) or "other".
    title : str
        The report's title (the project's title when left blank).
    quote_feedback : bool
        Quote participants' free-text questionnaire answers (never with a
        name; hidden names taken out). Off by default.
    names : dict
        participant_id -> the name the report shows.
    hidden : dict
        Real names that must not appear -> the pseudonym used instead.
    """

    project_path: str
    pseudonymise: bool = True
    min_group_size: int = 3
    title: str = ""
    quote_feedback: bool = False
    names: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """The parameters a reader should know, for the provenance note."""
        return {"project_path": self.project_path, "pseudonymise": self.pseudonymise,
                "min_group_size": self.min_group_size, "quote_feedback": self.quote_feedback}


def open_project(project_path: str | Project, *, pseudonymise: bool = True,
                 min_group_size: int = 3, title: str = "",
                 model_dir: str = "", quote_feedback: bool = False
                 ) -> tuple[Project, ReportParams]:
    """Load the project (paths relative to the repository root work too) and settle names.

    ``project_path`` may also be a :class:`Project` already loaded (with its
    own model); ``model_dir`` names a model folder to load the project with
    (blank: ``COLLABKIT_MODEL_DIR`` or the bundled model); ``quote_feedback``
    lets the report quote participants' free-text answers (off by default).

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
        path = resolve_path(project_path)
        # the project as the batch checked it, if it handed it on (and it is still current)
        project = prepared.take(path, model or load_model()) or load_project(path, model=model)
    names = privacy.pseudonymise(project.participants, project.model,
                                 named="consented" if pseudonymise else "all",
                                 min_group_size=min_group_size if pseudonymise else 1)
    params = ReportParams(project_path=str(project_path), pseudonymise=bool(pseudonymise),
                          min_group_size=min_group_size,
                          title=title.strip() or project.title,
                          quote_feedback=bool(quote_feedback), names=names,
                          hidden=privacy.hidden_names(project.participants, names))
    return project, params


def _free(value: Any, params: ReportParams) -> Any:
    """Free text with hidden names replaced (it is escaped later, by render)."""
    return privacy.redact(value, params.hidden)


def _groups(project: Project, params: ReportParams, model: Model) -> dict[str, str]:
    return tables_people.role_groups(project, params.min_group_size, model)
