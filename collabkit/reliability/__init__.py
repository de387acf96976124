"""Coding reliability: agreement coefficients and agreement between a project's coders.

Modules
-------
coefficients  Cohen's kappa (weighted), Fleiss' kappa, Krippendorff's alpha, interpretations
agreement     :func:`coder_agreement`: the coders of each meeting lined up and compared
"""

from collabkit.reliability.agreement import AGREEMENT_COLUMNS, coder_agreement
from collabkit.reliability.coefficients import (
    cohen_kappa,
    fleiss_kappa,
    interpret_alpha,
    interpret_kappa,
    krippendorff_alpha,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "coder_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "interpret_alpha",
    "interpret_kappa",
    "krippendorff_alpha",
]
