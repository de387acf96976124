"""Seeded synthetic example projects: the bundled examples and benchmark data.

Modules
-------
kinds      the kinds of project and what an evaluation of each should find
generator  :func:`generate_tables`, :func:`generate_project` and :func:`generate_projects`
meetings   coded events, attendance and agendas of the generated meetings
records    participants, decisions, checklists, reflections and the other records
revisions  later decisions that revisit earlier ones, together or less so
bundled    the bundled examples and :func:`write_examples`

``python -m collabkit.examples data/examples`` rewrites the bundled examples.
"""

from collabkit.examples.bundled import EXAMPLES, main, write_examples
from collabkit.examples.generator import generate_project, generate_projects, generate_tables
from collabkit.examples.kinds import KINDS, Kind

__all__ = ["EXAMPLES", "KINDS", "Kind", "generate_project", "generate_projects", "generate_tables", "main", "write_examples"]
