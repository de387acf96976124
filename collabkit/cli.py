"""The ``collabkit`` command: thin wrappers that map arguments onto one call each.

Exit codes: 0 all is well; 1 a run failed (for example one report of many);
2 bad input (the problems are printed as ``file:row:column: message``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from collabkit import __version__
from collabkit.errors import CollabkitError, DataError, Problem, install_hint

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def print_problems(error: DataError, *, by_code: bool = False) -> None:
    """Write each problem of ``error`` to stderr, then the count (by kind too, with ``by_code``)."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    if by_code:
        counts = Counter(problem.code for problem in error.problems).most_common()
        click.echo("By kind: " + ", ".join(f"{code} {n}" for code, n in counts) + ".", err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


class CollabkitGroup(click.Group):
    """Turns collabkit errors into messages and exit codes: never a traceback.

    A DataError becomes its problem lines and exit code 2; other collabkit
    errors, and file errors, become one line and exit code 1.
    """

    def invoke(self, ctx: click.Context):
        """Run the command, turning collabkit and file errors into messages and exit codes."""
        try:
            return super().invoke(ctx)
        except DataError as error:
            print_problems(error)
            ctx.exit(EXIT_BAD_INPUT)
        except CollabkitError as error:
            click.echo(f"collabkit: {error}", err=True)
            ctx.exit(EXIT_FAILED)
        except ModuleNotFoundError as error:
            hint = install_hint(error, prefer=ctx.invoked_subcommand)
            if hint is None:
                raise
            missing = (error.name or "").partition(".")[0]
            click.echo(f"collabkit: this command needs {missing}, which is not "
                       f"installed; install it with: {hint}", err=True)
            ctx.exit(EXIT_FAILED)
        except OSError as error:
            where = f": {error.filename}" if error.filename else ""
            click.echo(f"collabkit: {error.strerror or error}{where}", err=True)
            ctx.exit(EXIT_FAILED)


@click.group(cls=CollabkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="collabkit")
@click.pass_context
def main(ctx: click.Context) -> None:
    """collabkit: evaluate and run collaborative service change.

    A project is a folder of CSV files plus project.yaml, or one .xlsx
    workbook. Exit codes: 0 ok, 1 a run failed, 2 bad input.
    """
    from collabkit.project.allocator import system_allocator

    ctx.with_resource(system_allocator())  # the whole command: a lower peak on large files


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--summary/--no-summary", default=False,
              help="Also print a one-line summary of each valid project, and count "
                   "the problems by kind.")
def validate(paths: tuple[Path, ...], summary: bool) -> None:
    """Check projects against the data contract.

    Prints one line per problem as file:row:column: message and exits 2, or
    says all is well and exits 0. Projects given together must have
    different ids. Warnings (valid, but against the model: one person in
    both lead roles) are printed without changing the exit code.
    """
    from collabkit.project import check_projects

    checked = check_projects(paths)
    problems = [problem for check in checked for problem in check.problems]
    if summary:
        for check in checked:
            if check.ok and check.project is not None:
                s = check.project.summary()
                click.echo(f"{check.path}: '{check.project.title}': {s['participants']} "
                           f"participants, {s['meetings']} meetings, {s['events']} coded "
                           f"events, {s['decisions']} decisions")
    for check in checked:
        if check.ok and check.project is not None:
            for warning in check.project.warnings():
                click.echo(f"{check.path}: warning: {warning}", err=True)
    if problems:
        print_problems(DataError(problems), by_code=summary)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{len(checked)} project{'s' if len(checked) != 1 else ''} valid.")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--workbook", is_flag=True, help="Make one .xlsx workbook instead of CSV files.")
def init(directory: Path, workbook: bool) -> None:
    """Create a blank project, ready to fill in.

    DIRECTORY becomes a folder of empty CSV tables plus project.yaml, or,
    with --workbook, DIRECTORY.xlsx (one sheet per table).
    """
    from collabkit.project import init_project

    target = init_project(directory, workbook=workbook)
    click.echo(f"Blank project written to {target}. Fill in project.yaml (or the 'project' "
               f"sheet), participants and meetings, then run: collabkit validate {target}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--to", "to", type=click.Choice(["csv", "xlsx"]), required=True,
              help="Form to write: a folder of CSV files, or one workbook.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Folder (csv) or .xlsx file (xlsx) to write.")
def export(path: Path, to: str, out: Path) -> None:
    """Convert a project between a CSV folder and an .xlsx workbook.

    --out must not exist yet (an empty folder is fine for --to csv): nothing
    is overwritten. Exit codes: 0 written; 1 it could not be written (a full
    disk); 2 bad input, or --out already exists.
    """
    from collabkit.project import load_project

    if to == "xlsx" and out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    if to == "csv" and out.suffix.lower() == ".xlsx":
        click.echo(f"{out}: --to csv needs a folder, not an .xlsx name", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if out.exists() and (not out.is_dir() or to == "xlsx" or any(out.iterdir())):
        what = "folder already exists and is not empty" if out.is_dir() else "file already exists"
        raise DataError(Problem(str(out), None, None, None,
                                f"the {what}; choose a new name for --out, or remove it "
                                "first (nothing was written)", code="already_exists"))
    project = load_project(path)
    written = project.save(out)
    click.echo(f"Wrote {written}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("reports"), show_default=True,
              help="Folder for the reports: <project_id>.html and the executed <project_id>.ipynb.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=2, show_default=True,
              help="How many reports to make at the same time on this computer (not with "
                   "--dask or --scheduler: there each worker makes one at a time).")
@click.option("--pseudonymise/--no-pseudonymise", default=True, show_default=True,
              help="Show people by role and number unless they agreed to be named.")
@click.option("--min-group-size", type=click.IntRange(min=1), default=3, show_default=True,
              help="Roles of fewer people than this are folded into a wider group or 'other'.")
@click.option("--portfolio/--no-portfolio", default=None,
              help="Also write portfolio.html, every project side by side "
                   "[default: when there is more than one project].")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar and a line per finished report on stderr.")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A model folder of your own (a copy of data/model, edited) "
                                 "to check and report against [default: the bundled model].")
@click.option("--quote-feedback", is_flag=True,
              help="Quote what participants wrote in the questionnaire's free-text answers "
                   "(never with a name) [default: not quoted].")
@click.option("--dask", "dask_workers", type=click.IntRange(min=1), default=None,
              help="Start a local Dask cluster of N worker processes for the reports "
                   "(needs the dask extra).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:8786",
              help="Send the reports to a running Dask cluster. Workers need collabkit "
                   "installed, not the data: each project travels with its job and the "
                   "reports come back to --out.")
def report(paths: tuple[Path, ...], out: Path, jobs: int, pseudonymise: bool,
           min_group_size: int, portfolio: bool | None, progress: bool,
           model_dir: Path | None, quote_feedback: bool, dask_workers: int | None,
           scheduler: str | None) -> None:
    """Write an evaluation report for each project.

    PATHS are project folders, .xlsx workbooks, or folders holding projects.
    Every project is checked first; invalid ones are refused, with their
    problems, before any report starts. The others are run in parallel; one
    failing does not stop the rest. On a Dask cluster (--dask, --scheduler)
    the reports start at once and each project is checked as its report is
    made: an invalid one is refused with the same problems.

    Exit codes: 0 every report written; 1 a report failed (the failing cell's
    error is listed at the end); 2 a project was invalid and refused, and no
    report failed.
    """
    from collabkit.report.batch import run_reports
    from collabkit.report.kernels import own_process

    if dask_workers is not None and scheduler:
        raise click.UsageError("give --dask N (a local cluster) or --scheduler ADDRESS "
                               "(a running one), not both")
    given = click.get_current_context().get_parameter_source("jobs")
    if (dask_workers is not None or scheduler) and given in (
            click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT):
        cluster = f"--dask {dask_workers}" if dask_workers is not None else "--scheduler"
        raise click.UsageError(
            f"--jobs sets how many reports run at the same time on this computer; with "
            f"{cluster} the cluster's workers run them, one at a time per worker thread. "
            "Give --jobs or a cluster, not both (for more at once, start more workers: "
            "--dask N).")

    own_process()  # this process runs report after report (see collect_garbage)
    try:
        summary = run_reports(list(paths), out, jobs=jobs, pseudonymise=pseudonymise,
                              min_group_size=min_group_size, portfolio=portfolio,
                              progress=progress, model_dir=model_dir,
                              quote_feedback=quote_feedback,
                              dask_workers=dask_workers, scheduler=scheduler)
    finally:
        own_process(False)  # as it was (the command may run inside another program)
    written = [r for r in [*summary.results, summary.portfolio] if r is not None and r.ok]
    if written:
        count = len(summary.succeeded)
        click.echo(f"Wrote {count} report{'s' if count != 1 else ''} to {out} "
                   f"in {summary.seconds:.1f} s. Open {'it' if len(written) == 1 else 'them'} "
                   "in a web browser:")
        for result in written:
            click.echo(f"  {result.html_path}")
    if progress:  # run_reports named each refused project, and its problems, before starting
        from collabkit.formatting import plural

        refused = [str(r.project_path) for r in summary.invalid]
        if refused and (written or summary.failed):  # a reminder, after the reports' lines
            when = "" if dask_workers is not None or scheduler else " before running"
            click.echo(f"Refused {plural(len(refused), 'project')}{when} (the "
                       f"problems are listed above): {', '.join(refused)}.", err=True)
    for result in summary.invalid if not progress else []:
        count = len(result.problems)
        click.echo(f"Refused {result.project_path}: not a valid project, nothing was run "
                   f"({count} problem{'s' if count != 1 else ''}, listed below).", err=True)
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
    failed = summary.failed
    if failed:
        click.echo(f"{len(failed)} report{'s' if len(failed) != 1 else ''} failed:", err=True)
        for result in failed:
            click.echo(f"  {result.project_path} ({result.project_id}): {result.error}", err=True)
            if result.notebook_path is not None:
                click.echo(f"    the executed notebook shows where: {result.notebook_path}",
                           err=True)
        sys.exit(EXIT_FAILED)
    if summary.invalid:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("reports"), show_default=True, help="Folder for portfolio.html.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show progress on stderr.")
def portfolio(data_dir: Path, out: Path, progress: bool) -> None:
    """Write portfolio.html: every project in DATA_DIR side by side.

    Invalid projects are left out and named on the page. Exit codes: 0
    written; 1 the portfolio notebook failed; 2 DATA_DIR is not a folder, or
    holds no project that could be compared (their problems are printed).
    """
    from collabkit.report.batch import run_portfolio

    result = run_portfolio(data_dir, out, progress=progress)
    if result.invalid:
        click.echo(f"No project in {data_dir} could be compared; nothing was written:",
                   err=True)
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if not result.ok:
        click.echo(f"The portfolio failed: {result.error}", err=True)
        if result.notebook_path is not None:
            click.echo(f"  the executed notebook shows where: {result.notebook_path}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"Wrote {result.html_path}. Open it in a web browser.")


@main.command("export-research")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Folder to write; it must not exist yet, or be empty.")
@click.option("--min-group-size", type=click.IntRange(min=1), default=3, show_default=True,
              help="As for reports: people of a role held by fewer are pseudonymised by "
                   "their wider group.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Say what is being written, on stderr.")
def export_research(data_dir: Path, out: Path, min_group_size: int, progress: bool) -> None:
    """Write every table, metric and finding of the projects in DATA_DIR, with a codebook.

    Tidy CSV files (and Parquet, with pyarrow installed), project_id first,
    pseudonymised as reports are; codebook.csv and codebook.md say what every
    column holds; README.md says where the export came from. Nothing is
    overwritten. Exit codes: 0 written; 1 it could not be written; 2 a
    project is invalid (every problem listed), or --out exists and is not
    empty.
    """
    from collabkit.report.research_export import export_research as write_export

    def say(line: str) -> None:
        click.echo(line, err=True)

    result = write_export(data_dir, out, min_group_size=min_group_size,
                          progress=say if progress else None)
    if result.parquet_skipped and not progress:
        say(result.parquet_skipped)
    click.echo(f"Wrote the research export of {len(result.projects)} "
               f"project{'s' if len(result.projects) != 1 else ''} to {out}; "
               f"codebook.md says what every column holds.")


@main.command()
@click.argument("project", required=False, type=click.Path(path_type=Path))
@click.option("--meeting", default=None, metavar="MEETING_ID",
              help="The meeting the notebooks choose first.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Where to listen: 127.0.0.1 is this computer only; 0.0.0.0 lets a tablet "
                   "on the same network open the pages (with the token).")
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option("--token", default=None,
              help="The token in the address [default: a new random one, printed].")
@click.option("--notebook", default=None, metavar="NAME",
              help="Serve one notebook (prepare_session, run_session or after_session) "
                   "rather than a page listing all three.")
@click.option("--idle-minutes", type=click.IntRange(min=1), default=30, show_default=True,
              help="End a page's kernel when no page has been connected to it this long.")
def facilitate(project: Path | None, meeting: str | None, host: str, port: int,
               token: str | None, notebook: str | None, idle_minutes: int) -> None:
    """Serve the facilitator notebooks as web pages (Voila), no code showing.

    PROJECT (a folder or .xlsx workbook) is opened first in every notebook's
    picker [default: a working copy of the bundled example]. A page's kernel
    ends when the page is closed or reloaded, and kernels left without a page
    end after --idle-minutes. Stop with Ctrl+C.
    """
    from collabkit.session.serving import require_voila, serve, voila_plan

    require_voila()
    plan = voila_plan(project, meeting=meeting, host=host, port=port, token=token,
                      idle_minutes=idle_minutes, notebook=notebook)
    click.echo(f"Open {plan.url}")
    click.echo("Anyone with this address (it holds the token) can use the pages; "
               "stop with Ctrl+C.")
    for note in plan.notes:
        click.echo(note)
    serve(plan)


def _register_more() -> None:
    from collabkit.cli_imports import import_events, import_feedback_command, import_transcript

    for command in (import_transcript, import_events, import_feedback_command):
        main.add_command(command)


_register_more()
