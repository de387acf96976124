"""The ``collabkit import-*`` commands: data teams already have, into a project.

``import-transcript`` (a Teams or Zoom transcript as speaking turns),
``import-events`` (another coder's file) and ``import-feedback`` (a Forms
export). Kept beside :mod:`collabkit.cli`, which registers them; thin like
the rest: the arguments map onto one call of :mod:`collabkit.imports`.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["import_events", "import_feedback_command", "import_transcript"]


@click.command("import-feedback")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--map", "map_file", type=click.Path(path_type=Path), default=None,
              metavar="MAP.csv",
              help="A CSV with columns kind,from,to: kind 'question' sends a column header "
                   "to an item_id (or 'role', or blank to leave it out); kind 'answer' sends "
                   "an answer to a scale point (1-5) or a role code.")
@click.option("--meeting", "meeting", default=None, metavar="MEETING_ID",
              help="The meeting the responses are about [default: the project as a whole].")
def import_feedback_command(project: Path, file: Path, map_file: Path | None,
                            meeting: str | None) -> None:
    """Add the questionnaire responses of a Microsoft Forms or Google Forms export to PROJECT.

    FILE is the .xlsx or .csv the service exports: one row per response, one
    column per question. Questions are matched to the questionnaire
    (data/model/feedback.yaml) by their wording, answers to scale points by
    their label, or both through --map. Email and name columns are never
    kept. Any unknown question or answer stops the import, all of them
    listed, and nothing is written (exit 2). Importing the same file again
    replaces its earlier answers.
    """
    from collabkit.imports import import_feedback

    done = import_feedback(project, file, map=map_file, meeting=meeting)
    click.echo(f"Read {file.name}: {done.format}; {done.responses} response"
               f"{'s' if done.responses != 1 else ''}.")
    for row in done.questions.itertuples(index=False):
        if not row.item_id:
            click.echo(f"  '{row.column}': left out (the map gives no item)")
        else:
            click.echo(f"  '{row.column}' -> {row.item_id} (by {row.matched_by})"
                       + (f": {row.answers} answer{'s' if row.answers != 1 else ''}"
                          if row.item_id != "role" else ""))
    if done.ignored:
        click.echo(f"  Not kept: {', '.join(done.ignored)} (the form's own columns; "
                   "email and name are never kept).")
    click.echo(f"Wrote {done.answers} answer{'s' if done.answers != 1 else ''} to "
               f"{done.written_to}.")
    if done.replaced:
        click.echo(f"Replaced the {done.replaced} answer{'s' if done.replaced != 1 else ''} "
                   "an earlier import of this file had written.")


@click.command("import-transcript")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("meeting_id")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--speakers", "speakers", type=click.Path(path_type=Path), default=None,
              metavar="MAP.csv",
              help="A CSV with columns speaker,participant_id for speakers whose name is not "
                   "a participant's name or id; a blank participant_id leaves that speaker out.")
@click.option("--keep-text", is_flag=True,
              help="Also keep what was said in turns.csv (personal data: it is never shown in "
                   "a report). Without it only who spoke, and when, is kept.")
def import_transcript(project: Path, meeting_id: str, file: Path, speakers: Path | None,
                      keep_text: bool) -> None:
    """Turn a meeting's transcript into speaking turns (talk time) in PROJECT.

    FILE is a WebVTT transcript from Microsoft Teams (voice tags) or Zoom
    ('Name: text' cues), a SubRip .srt, or plain text with one 'Name: text'
    a line (times then estimated from the words). Speakers are matched to
    participants by name or id, accents and case aside, or through
    --speakers. Consecutive cues of one speaker become one turn. The
    meeting's earlier turns are replaced; other meetings' are kept. Any
    unmatched speaker stops the import, all of them listed, and nothing is
    written (exit 2).
    """
    from collabkit.imports import import_transcript as run_import

    done = run_import(project, meeting_id, file, speakers=speakers, keep_text=keep_text)
    click.echo(f"Read {file.name}: {done.style}; {done.cues} cue{'s' if done.cues != 1 else ''}.")
    for row in done.speakers.itertuples(index=False):
        if row.matched_by == "left out":
            click.echo(f"  {row.speaker}: left out (the speakers map gives no participant)")
        else:
            click.echo(f"  {row.speaker} -> {row.participant_id} (by {row.matched_by}): "
                       f"{row.turns} turn{'s' if row.turns != 1 else ''}, "
                       f"{row.talk_seconds:.1f} s")
    if done.unattributed_cues:
        click.echo(f"  {done.unattributed_cues} cue{'s' if done.unattributed_cues != 1 else ''} "
                   f"naming no speaker ({done.unattributed_seconds:.1f} s) left out.")
    click.echo(f"Wrote {done.turns} turn{'s' if done.turns != 1 else ''} of meeting "
               f"{done.meeting_id} to {done.written_to}: {done.talk_seconds:.1f} s of talk "
               f"over {done.minutes:.1f} minutes.")
    if done.replaced:
        click.echo(f"Replaced the {done.replaced} turn{'s' if done.replaced != 1 else ''} "
                   f"{done.meeting_id} had before (other meetings' turns are kept).")
    click.echo("Kept what was said (--keep-text): it is personal data, never shown in a report."
               if done.kept_text else
               "What was said was not kept (personal data); add --keep-text to keep it.")
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command("import-events")
@click.argument("project", type=click.Path(path_type=Path))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "file_format", type=click.Choice(["boris", "csv"]), default="boris",
              show_default=True,
              help="A BORIS tabular events export (TSV, CSV or XLSX), or a plain CSV with one "
                   "contribution a row.")
@click.option("--map", "map_file", type=click.Path(path_type=Path), default=None,
              metavar="MAP.csv",
              help="A CSV with columns kind,from,to: kind is subject, behaviour, modifier, "
                   "observation or column (a plain CSV's header -> an events column).")
@click.option("--coder", default=None, metavar="NAME",
              help="Whose coding this is [default: primary]; another name keeps a second "
                   "coder's events beside the first, for reliability statistics.")
@click.option("--meeting", "meeting", default=None, metavar="MEETING_ID",
              help="Put every event in this meeting [default: each observation id, or the "
                   "meeting_id column, names its meeting].")
def import_events(project: Path, file: Path, file_format: str, map_file: Path | None,
                  coder: str | None, meeting: str | None) -> None:
    """Append the coded events of another tool's FILE to PROJECT.

    Subjects are matched to participants by name or id (accents and case
    aside), behaviours to moves and modifiers to mode and focus by code or
    label, or all through --map. Any unknown subject, behaviour, modifier or
    meeting stops the import, all of them listed, and nothing is written
    (exit 2). Events are appended after the coder's last seq in each meeting.
    """
    from collabkit.imports import import_events as run_import

    done = run_import(project, file, format=file_format, map=map_file, coder=coder,
                      meeting=meeting)
    click.echo(f"Read {file.name}: {done.format}; {done.read} contribution"
               f"{'s' if done.read != 1 else ''}.")
    for row in done.subjects.itertuples(index=False):
        if row.matched_by == "left out":
            click.echo(f"  {row.subject}: left out (the map gives no participant)")
        else:
            click.echo(f"  {row.subject} -> {row.participant_id} (by {row.matched_by}): "
                       f"{row.events} event{'s' if row.events != 1 else ''}")
    if done.left_out:
        click.echo(f"  {done.left_out} row{'s' if done.left_out != 1 else ''} left out by the map.")
    for row in done.meetings.itertuples(index=False):
        after = (f", after the {row.had_before} it had before" if row.had_before else "")
        click.echo(f"Appended {row.events} event{'s' if row.events != 1 else ''} to meeting "
                   f"{row.meeting_id} as coder '{done.coder}' (seq {row.first_seq}-"
                   f"{row.last_seq}{after}) in {done.written_to}.")
    if done.coder == "primary":
        click.echo("Coded as 'primary': these events count in the metrics. For a second "
                   "coder's file use --coder NAME.")
