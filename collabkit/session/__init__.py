"""Facilitator logic for preparing, running and closing a session, with no ipywidgets.

The widgets in :mod:`collabkit.widgets` are thin views over these modules;
scripts and tests call them directly.

Modules
-------
roster            who is in the project and in a meeting, with display names and order
workspace         where a project opens: working copies of the examples, read-only folders
agenda            reading a meeting's agenda and saving a draft (and new meetings)
agenda_checks     the warnings the practical tips give on a draft agenda
printable_agenda  the agenda as Markdown and HTML, written to the project folder
groups            the balanced small-group splitter
tally             the live tally: record, undo, running share of voice, prompts
capture           after-session records: reflections, checklist, decisions, glossary, aims
progress          where a project stands in the model
handouts          printable tool cards
"""
