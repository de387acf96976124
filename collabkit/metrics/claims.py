"""Checklist claims tested against their evidence and against who was involved.

The Trust warns that it is easy to jump from step to step "stating that it's
all been done in collaboration". A checklist row marked done or partly is a
claim; :func:`checklist_claims` says, row by row, whether the record backs it:
is there evidence written down, and, for the items whose question asks
whether something was done *together* with people with lived experience
(``together: true`` in ``data/model/elements.yaml``), were lived-experience
roles among those involved?

Which items ask about doing something together, and which roles count as
lived experience, come from the model (``elements.yaml``, ``codes.yaml``);
nothing here lists them again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import per_project
from collabkit.project import Project

__all__ = ["checklist_claims"]

CLAIM_COLUMNS = ("step", "item_id", "text", "status", "evidence", "has_evidence", "together",
                 "lived_involved", "claimed", "counts", "reason")
#: Checklist statuses that claim the item was done (fully or in part).
CLAIMED_STATUSES = ("done", "partly")


@per_project
def checklist_claims(project: Project) -> pd.DataFrame:
    """Each checklist claim, and whether the record backs it.

    Parameters
    ----------
    project : Project
        Uses ``checklist`` (step, item_id, status, evidence, involved_roles)
        and the model's checklist items and lived-experience roles. Not
        modified.

    Returns
    -------
    DataFrame
        One row per row of the project's checklist, in the table's order,
        columns:

        - ``step`` (category of the model's elements), ``item_id``;
        - ``text``: the item's question, from the model;
        - ``status`` (category: done, partly, not_done, not_applicable);
        - ``evidence``: the evidence written down, NA when blank;
        - ``has_evidence`` (bool): the evidence is not blank;
        - ``together`` (bool): the model marks the item as asking whether
          something was done together with people with lived experience;
        - ``lived_involved`` (bool): ``involved_roles`` names at least one
          role the model counts as lived experience;
        - ``claimed`` (bool): status done or partly;
        - ``counts`` (bool): claimed, with evidence, and, for a ``together``
          item, with lived-experience roles involved;
        - ``reason``: why a claim does not count: ``"no_evidence"`` (claimed
          with no evidence written down) or ``"not_together"`` (a together
          item claimed with evidence but no lived-experience role involved);
          NA when the claim counts or nothing is claimed.

        A project with no checklist gives an empty frame with these columns.

    Notes
    -----
    Interpretation: a claim that counts is one a reader can check, not proof
    that the work was good; evidence is whatever the team wrote down. A claim
    that does not count is not shown to be false either: the work may have
    happened and gone unrecorded. What a reader may conclude is how much of
    what the project says about itself rests on the record. Many
    ``not_together`` rows are the Trust's warning in the data: steps said to
    be done collaboratively with nobody with lived experience recorded as
    involved. ``involved_roles`` is filled in by the team, so a blank one is
    read as no lived-experience role involved.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> claims = checklist_claims(project)
    >>> int(claims["claimed"].sum()), int(claims["counts"].sum())
    (14, 8)
    >>> claims["reason"].value_counts().to_dict()
    {'not_together': 4, 'no_evidence': 2}
    """
    model = project.model
    checklist = project.checklist.reset_index(drop=True)
    items = model.checklist_items.set_index("item_id")
    item_id = checklist["item_id"].astype("string")
    # plain values: a checklist has a few dozen rows, each read once
    evidence = checklist["evidence"].astype("string").str.strip()
    evidence = evidence.where(evidence != "")
    has_evidence = evidence.notna().to_numpy(dtype=bool)
    is_together = dict(zip(items.index.tolist(), items["together"].tolist(), strict=True))
    together = np.array([bool(is_together.get(i, False)) if not pd.isna(i) else False
                         for i in item_id.tolist()], dtype=bool)
    lived = set(model.lived_experience_roles)
    lived_involved = np.array([isinstance(v, str) and any(p.strip() in lived
                                                          for p in v.split(";"))
                               for v in checklist["involved_roles"].astype("string").tolist()],
                              dtype=bool)
    claimed = checklist["status"].isin(CLAIMED_STATUSES).to_numpy(dtype=bool)
    no_evidence = claimed & ~has_evidence
    not_together = claimed & has_evidence & together & ~lived_involved
    reason = pd.Series(pd.array(["not_together" if t else "no_evidence" if n else None
                                 for n, t in zip(no_evidence, not_together, strict=True)],
                                dtype="string"), index=checklist.index)
    out = pd.DataFrame({
        "step": pd.Categorical(checklist["step"].astype(object),
                               categories=list(model.codes["step"])),
        "item_id": item_id,
        "text": item_id.astype(object).map(items["text"]).astype("string"),
        "status": pd.Categorical(checklist["status"].astype(object),
                                 categories=list(model.codes["checklist_status"])),
        "evidence": evidence,
        "has_evidence": has_evidence,
        "together": together,
        "lived_involved": lived_involved,
        "claimed": claimed,
        "counts": claimed & has_evidence & (~together | lived_involved),
        "reason": reason,
    })
    return out.loc[:, list(CLAIM_COLUMNS)]
