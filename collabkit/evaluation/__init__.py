"""Evaluation findings: each dimension of collaboration judged once, from the metrics.

Ratings, cut-offs and advice are data (``data/model/scorecard.yaml``); this
package applies them. Reports, plots and widgets read its results and never
judge for themselves.

Modules
-------
measures   the metric value each dimension is rated on (:data:`METRICS`)
rules      reading and checking the rating rules
scorecard  strength / developing / concern per dimension, with evidence and tips
"""

from collabkit.evaluation.measures import METRICS
from collabkit.evaluation.scorecard import (
    RATINGS,
    load_rules,
    recommendations,
    scorecard,
    scorecards,
)

__all__ = ["METRICS", "RATINGS", "load_rules", "recommendations", "scorecard", "scorecards"]
