"""Bringing in what other tools made: transcripts as speaking turns, other coders' events.

Modules
-------
names        matching written names to participants (accents and case folded) and map files
transcripts  reading Teams and Zoom WebVTT, SubRip and plain ``Name: text`` transcripts
turns        a transcript into one meeting's turns (:func:`import_transcript`)
boris        reading BORIS's tabular events export, or a plain CSV of events
events       another coder's events appended to a project (:func:`import_events`)
feedback     questionnaire answers from a Microsoft or Google Forms export (:func:`import_feedback`)

Every importer checks the whole file before writing anything: every problem
is listed in one :class:`~collabkit.errors.DataError`, and nothing is written.
"""

from collabkit.imports.events import EventsImport, import_events
from collabkit.imports.feedback import FeedbackImport, import_feedback
from collabkit.imports.turns import TranscriptImport, import_transcript

__all__ = ["EventsImport", "FeedbackImport", "TranscriptImport", "import_events",
           "import_feedback", "import_transcript"]
