"""Evaluation reports: the papermill batch runner, HTML, sections and the portfolio.

Modules
-------
batch             :func:`run_reports`, :func:`run_portfolio`: validate, run, keep going, summarise
execute           one notebook through papermill, then to accessible HTML, written atomically
kernels           Jupyter kernels kept warm between report notebooks
cluster           reports on a Dask cluster: projects sent as data, outputs written back here
render            safe HTML building blocks (escaping by default)
text              the report's sentences
tables            what the report's tables share, and those of its summary, next time, method
tables_people     the tables of who was involved
tables_process    the tables of how the group worked
tables_outcomes   the tables of what came of the work
sections          the report's table of contents: open_project, then one function per section
layout            the sections' order and headings, and the blocks they are built from
params            what the report may show: its settings and the names people are shown by
sections_people   the sections on who was involved
sections_process  the sections on how the group worked
sections_outcomes the sections on what came of the work
sections_appendix the appendix: the tools and terms every report uses, defined once
portfolio         the sections of the portfolio
portfolio_check   whether a folder holds a project to compare, asked of the portfolio's kernel
privacy           pseudonyms and small-group suppression
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collabkit.report.batch import ReportResult, ReportSummary, run_portfolio, run_reports

__all__ = ["ReportResult", "ReportSummary", "run_portfolio", "run_reports"]


def __getattr__(name: str) -> Any:
    """The batch's names, imported on first use: importing a submodule stays light."""
    if name in __all__:
        from collabkit.report import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'collabkit.report' has no attribute {name!r}")
