"""Evaluation reports: the papermill batch runner, HTML, sections and the portfolio.

Modules
-------
batch            :func:`run_reports` and :func:`run_portfolio`: validate, run, keep going, summarise
execute          one notebook through papermill, then to accessible HTML, written atomically
kernels          Jupyter kernels kept warm between report notebooks
render           safe HTML building blocks (escaping by default)
text             the report's sentences
tables           what the report's tables share, and those of its summary, next time, method
tables_people    the tables of who was involved
tables_process   the tables of how the group worked
tables_outcomes  the tables of what came of the work
sections         the sections of one project's report
portfolio        the sections of the portfolio
privacy          pseudonyms and small-group suppression
"""

from collabkit.report.batch import ReportResult, ReportSummary, run_portfolio, run_reports

__all__ = ["ReportResult", "ReportSummary", "run_portfolio", "run_reports"]
