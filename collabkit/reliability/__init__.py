"""Coding reliability: agreement coefficients and agreement between a project's coders.

Modules
-------
kappa      Cohen's kappa (weighted), Fleiss' kappa and their Landis & Koch names
alpha      Krippendorff's alpha at four levels of measurement, and its thresholds
agreement  :func:`coder_agreement`: the coders of each meeting lined up and compared
"""

from collabkit.reliability.agreement import AGREEMENT_COLUMNS, coder_agreement
from collabkit.reliability.alpha import interpret_alpha, krippendorff_alpha
from collabkit.reliability.kappa import cohen_kappa, fleiss_kappa, interpret_kappa

__all__ = [
    "AGREEMENT_COLUMNS",
    "coder_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "interpret_alpha",
    "interpret_kappa",
    "krippendorff_alpha",
]
