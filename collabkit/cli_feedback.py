"""``collabkit import-feedback``: a Forms export into a project's feedback table.

Kept beside :mod:`collabkit.cli`, which registers it; thin like the rest:
the arguments map onto one call of :func:`collabkit.imports.import_feedback`.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["import_feedback_command"]


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
