"""The group's aims: who said why they are here, by role.

The group's aims come from "why are you here?" introductions (the Trust's
tip 2): a trace of *constitutive communication*, a shared identity made in
talk.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from collabkit.metrics._common import per_project
from collabkit.project import Project

__all__ = ["aims_by_role"]

AIMS_COLUMNS = ("role", "people", "aims", "share_with_aims")


@per_project
def aims_by_role(project: Project) -> pd.DataFrame:
    """Who said why they are here: aims recorded, by role.

    Parameters
    ----------
    project : Project
        Uses ``aims`` (participant_id) and ``participants`` (role). Not
        modified.

    Returns
    -------
    DataFrame
        One row per role with at least one participant, in the model's
        order, columns ``role``, ``people`` (participants with the role),
        ``aims`` (aims they recorded) and ``share_with_aims`` (share of them
        with at least one aim recorded). No aims table gives zeros.

    Notes
    -----
    Interpretation: tip 2 asks everyone to say why they are here; the group's
    shared aims grow from the answers. Aims recorded only for staff mean the
    group's purpose was set by staff. A share well below 1 for a role is
    worth asking about: were introductions held when those people joined?

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/hillside_discharge"))
    >>> aims_by_role(project)[["role", "people", "aims"]]
               role  people  aims
    0  service_user       3     0
    1         carer       2     0
    2        family       1     0
    3     volunteer       1     0
    4         staff       6     3
    5       partner       2     0
    """
    model = project.model
    people = project.participants
    counts = Counter(v for v in project.aims["participant_id"].astype(str).tolist()
                     if isinstance(v, str))  # aims per person, as value_counts gives them
    by_role: dict[str, list[int]] = {}  # role -> each of its people's aims, in plain values
    for person, role in zip(people["participant_id"].astype(str).tolist(),
                            people["role"].astype(object).tolist(), strict=True):
        by_role.setdefault(role, []).append(counts.get(person, 0))
    rows = []
    for role in model.codes["role"]:
        mine = by_role.get(role, [])
        if mine:
            rows.append((role, len(mine), sum(mine), sum(n > 0 for n in mine) / len(mine)))
    out = pd.DataFrame(rows, columns=list(AIMS_COLUMNS))
    out["role"] = pd.Categorical(out["role"], categories=list(model.codes["role"]))
    return out.astype({"people": "int64", "aims": "int64", "share_with_aims": "float64"})
