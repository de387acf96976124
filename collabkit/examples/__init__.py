"""Seeded synthetic example projects: the bundled examples and benchmark data.

Modules
-------
generator  the kinds of project and :func:`generate_project`
meetings   coded events, attendance and agendas of the generated meetings
records    participants, decisions, checklists, reflections and the other records

``python -m collabkit.examples data/examples`` rewrites the bundled examples.
"""

from collabkit.examples.generator import (
    EXAMPLES,
    KINDS,
    Kind,
    generate_project,
    generate_projects,
    generate_tables,
    main,
    write_examples,
)

__all__ = ["EXAMPLES", "KINDS", "Kind", "generate_project", "generate_projects", "generate_tables", "main", "write_examples"]
