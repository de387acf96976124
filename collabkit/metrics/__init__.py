"""Metrics of collaboration: pure functions from a project to tidy tables.

Every function takes a :class:`~collabkit.project.project.Project` first (or, for
:func:`detect_stuck_patterns` and :func:`live_prompt`, an events table),
keyword-only options, and returns a DataFrame with documented, stable columns.
Each of those taking a project also takes a :class:`~collabkit.project.ProjectSet`
(``load_projects(...)``): it runs per project and stacks the tables with
``project_id`` first (:func:`~collabkit.metrics._common.per_project`).
Inputs are never modified; missing data gives NaN or empty tables, never an
exception. Coded events count from the primary coder only (a second coder's
rows are for :mod:`collabkit.reliability`).

Modules
-------
equality       the two equality statistics: Gini and evenness
participation  share of voice and presence, equality per meeting and over time
moves          Kantor's four actions and transitions
stuck_patterns serial moves, compliance and the other stuck patterns
prompts        the live prompt for a stuck pattern, worded from its threshold
dialogue       debate versus dialogue
action_bias    solutions before problems; steps covered, rushed or skipped
journey        the journey through the model's steps; checklist completion
claims         checklist claims tested against their evidence and who was involved
decisions      inertia or advantage: decisions per meeting, inclusion, the ladder
revisions      decisions revisited, and whether less together than before
presence       who kept coming (retention by role) and whether both leaders took part
leadership     the pace and process leads: named, present, heard, locked together
agenda         the practical tips in the agendas that were held
reflections    how collaborative it felt, meeting by meeting and overall
feedback       participants' own questionnaire answers, by item and role, beside the pairs'
problems       recurring process problems in the reflections (keyword themes)
glossary       the shared vocabulary growing meeting by meeting
aims           who said why they are here, by role
talk           talk time from transcript turns, by person, role and meeting, and from
               the board's timed contributions
turn_taking    interruptions and who speaks after whom, from the same turns

Examples
--------
>>> from collabkit.examples import generate_project
>>> from collabkit.metrics import role_voice
>>> voice = role_voice(generate_project("staff_led", seed=12))
>>> list(voice.columns[:3])
['role', 'lived_experience', 'people']
"""

from collabkit.metrics._common import lived_experience, meeting_order, primary_events, trend_slope
from collabkit.metrics.action_bias import solution_onset, solution_talk_by_step, step_coverage
from collabkit.metrics.agenda import agenda_practice, agenda_summary
from collabkit.metrics.aims import aims_by_role
from collabkit.metrics.claims import checklist_claims
from collabkit.metrics.decisions import (
    decision_inclusion,
    decisions_per_meeting,
    inertia_runs,
    ladder_by_step,
)
from collabkit.metrics.dialogue import dialogue_share
from collabkit.metrics.equality import evenness, gini
from collabkit.metrics.feedback import (
    experience_gap,
    experience_summary,
    feedback_answers,
    feedback_scores,
)
from collabkit.metrics.glossary import glossary_growth
from collabkit.metrics.journey import checklist_completion, model_journey
from collabkit.metrics.leadership import lead_summary
from collabkit.metrics.moves import four_player_balance, move_profile, move_transitions
from collabkit.metrics.participation import (
    group_vs_plenary,
    meeting_equality,
    participant_voice,
    participation_trend,
    role_voice,
)
from collabkit.metrics.presence import attendance_retention, leaders_involvement
from collabkit.metrics.problems import load_themes, recurring_problems
from collabkit.metrics.prompts import live_prompt
from collabkit.metrics.reflections import reflection_summary, reflection_trend
from collabkit.metrics.revisions import decision_revisions
from collabkit.metrics.stuck_patterns import detect_stuck_patterns
from collabkit.metrics.talk import meeting_talk, participant_talk, role_talk
from collabkit.metrics.timed_talk import timed_talk
from collabkit.metrics.turn_taking import speaker_transitions, turn_interruptions

__all__ = [
    # shared helpers
    "primary_events",
    "meeting_order",
    "trend_slope",
    "lived_experience",
    # equality
    "gini",
    "evenness",
    # participation
    "participant_voice",
    "role_voice",
    "meeting_equality",
    "group_vs_plenary",
    "participation_trend",
    # moves
    "move_profile",
    "move_transitions",
    "detect_stuck_patterns",
    "live_prompt",
    "four_player_balance",
    # dialogue
    "dialogue_share",
    # action bias
    "solution_onset",
    "step_coverage",
    "solution_talk_by_step",
    # journey
    "model_journey",
    "checklist_completion",
    "checklist_claims",
    # decisions
    "decisions_per_meeting",
    "inertia_runs",
    "decision_inclusion",
    "ladder_by_step",
    "decision_revisions",
    # presence
    "attendance_retention",
    "leaders_involvement",
    # leadership
    "lead_summary",
    # agenda practice
    "agenda_practice",
    "agenda_summary",
    # reflections
    "reflection_trend",
    "reflection_summary",
    # participants' own view
    "feedback_answers",
    "feedback_scores",
    "experience_gap",
    "experience_summary",
    # recurring problems
    "recurring_problems",
    "load_themes",
    # glossary and aims
    "glossary_growth",
    "aims_by_role",
    # talk time from transcripts
    "participant_talk",
    "role_talk",
    "meeting_talk",
    "timed_talk",
    "turn_interruptions",
    "speaker_transitions",
]
