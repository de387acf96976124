"""Plain-language findings, and every report section on sparse records (no kernel needed)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from collabkit import load_project  # noqa: E402
from collabkit.report import text as say  # noqa: E402
from collabkit.report.sections import SECTIONS  # noqa: E402


def test_voice_sentence_names_who_dominated_against_their_numbers():
    roles = pd.DataFrame({"role": ["Staff", "Service user", "Other"],
                          "contributions": [390, 24, 106],
                          "share_of_voice": [0.75, 0.05, 0.20],
                          "share_of_presence": [0.42, 0.20, 0.38]})
    assert say.voice_sentence(roles) == ("Staff did most of the talking: 75% of contributions "
                                         "while being 42% of the people present.")
    even = roles.assign(share_of_voice=[0.30, 0.30, 0.40], share_of_presence=[0.3, 0.3, 0.4])
    assert say.voice_sentence(even) == ("People in other roles spoke most: 40% of contributions "
                                        "while being 40% of the people present.")
    # no judgement of its own: whether that is "in step" is the voice finding's to say
    assert "cannot be shown" in say.voice_sentence(roles.assign(contributions=0))


def test_summary_and_next_time_say_when_too_little_was_recorded():
    card = pd.DataFrame({"label": ["Voice: heard", "Inertia or advantage: moving", "Dialogue"],
                         "rating": ["concern", "strength", "not_recorded"]})
    assert say.summary_sentence(card) == (
        "Of 3 dimensions, 1 rated a strength, 0 developing and 1 a concern (voice); 1 could "
        "not be rated because too little was recorded.")
    none = pd.DataFrame(columns=["dimension", "tip_id", "tip", "recommendation"])
    assert "could not be rated" in say.next_time_sentence(card, none)
    assert say.next_time_sentence(card.assign(rating="strength"), none).startswith(
        "Every dimension rated a strength")


@pytest.fixture
def sparse(tmp_path, tiny_dir):
    project = load_project(tiny_dir)
    for table in ("events", "impact", "decisions", "reflections", "glossary", "aims",
                  "checklist", "agenda"):
        project = project.with_table(table, project.table(table).iloc[0:0])
    path = tmp_path / "sparse"
    project.save(path)
    return path


def test_every_section_copes_with_sparse_records_and_still_leads_with_a_finding(sparse):
    from collabkit.report import sections

    project, params = sections.open_project(str(sparse))
    for key, heading in SECTIONS:
        page = getattr(sections, key)(project, params).data
        assert f">{heading}</h2>" in page.replace("&#x27;", "'"), key
        lead = re.search(r'<p class="lead">(.*?)</p>', page)
        assert lead and len(lead.group(1)) > 20, key
    decisions = sections.decisions(project, params).data
    assert "3 meetings in a row (meetings 1 to 3) made none" in decisions
