"""Evaluation findings: each dimension of collaboration judged once, from the metrics.

Ratings, cut-offs, causes and advice are data (``data/model/scorecard.yaml``,
``data/model/confidence.yaml``); this package applies them. Reports, plots,
the portfolio and widgets read its findings and never judge for themselves.

Modules
-------
measures, measures_claims  the number each dimension is rated on (:data:`METRICS`)
rules       reading and checking the rules file
confidence  how sure a finding can be, from how much was recorded
findings    :func:`findings` and :func:`evaluate`: every dimension judged once
scorecard   views of the findings: scorecard, scorecards, recommendations
stored      findings files beside the reports, read back only while current
"""

from collabkit.evaluation import measures_claims as _measures_claims  # noqa: F401 (registers)
from collabkit.evaluation.findings import (
    FINDING_COLUMNS,
    RATINGS,
    Findings,
    evaluate,
    findings,
    load_rules,
    read_findings,
)
from collabkit.evaluation.measures import METRICS
from collabkit.evaluation.scorecard import recommendations, scorecard, scorecards

__all__ = ["FINDING_COLUMNS", "METRICS", "RATINGS", "Findings", "evaluate", "findings",
           "load_rules", "read_findings", "recommendations", "scorecard", "scorecards"]
