"""Plain-language sentences for the report's "What participants said" section.

Beside :mod:`collabkit.report.text` (the other sections' sentences), built
the same way: from metric tables to plain text that
:mod:`collabkit.report.render` escapes.
"""

from __future__ import annotations

import pandas as pd

from collabkit.formatting import capital, number, plural

__all__ = ["feedback_gap_sentence", "free_text_sentence"]


def feedback_gap_sentence(summary: pd.DataFrame) -> str:
    """The facilitators' rating beside how heard the participants felt (experience_summary)."""
    row = summary.iloc[0]
    if not row["responses"]:
        return "No participant answered the questionnaire, so there is nothing to compare."
    heard, pairs, gap = row["heard"], row["facilitators"], row["gap"]
    if pd.isna(pairs):
        return (f"Participants rated being heard {number(heard, 1)} out of 5; there were no "
                "pair reflections to compare it with.")
    if pd.isna(heard):
        return "No participant answered whether they were heard, so there is nothing to compare."
    if abs(gap) < 0.05:
        how = "the same"
    else:
        how = f"{number(abs(gap), 1)} {'lower' if gap > 0 else 'higher'} than the pairs' rating"
    return (f"The facilitators' pairs rated the meetings {number(pairs, 1)} out of 5 "
            f"collaborative; participants rated being heard {number(heard, 1)}: {how}.")


def free_text_sentence(answers: int, quoted: bool) -> str:
    """How many free-text answers there are, and whether the report quotes them."""
    if not answers:
        return "No one wrote anything in the free-text question."
    said = f"{capital(plural(answers, 'answer'))} {'was' if answers == 1 else 'were'} written"
    if quoted:
        return f"{said} in people's own words; here they are, with any name taken out."
    return (f"{said} in people's own words. They are not quoted here: a report quotes them "
            "only when asked to (the quote_feedback option), and never with a name.")
