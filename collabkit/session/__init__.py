"""Facilitator logic for preparing, running and closing a session, with no ipywidgets.

The widgets in :mod:`collabkit.widgets` are thin views over these modules;
scripts and tests call them directly.

Modules
-------
roster    who is in the project and in a meeting, with display names
agenda    the agenda planner and its warnings from the practical tips
groups    the balanced small-group splitter
tally     the live tally: record, undo, running share of voice, prompts
capture   after-session records: reflections, checklist, decisions, glossary, aims
progress  where a project stands in the model
handouts  printable tool cards
"""
