"""`casepath batch ROSTER --on DATE --out FILE [--dask SCHEDULER|local] [--strict] [--workers N]`.

A roster (spec/roster-format.md) judged person by person: one row per person and credential
(and per certification held, `renewal:<name>`), with each person's pipeline stage. People whose
rows cannot be read go to `<output>.errors.csv` and the run goes on; `--strict` stops at the
first (exit 2). Registered on the main app by casepath.interfaces.cli (`cli_batch.register`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:  # Arrow is imported only when a batch runs: `casepath check` stays quick
    from casepath.batch.run import Summary


def register(app: typer.Typer) -> None:
    """Add the `batch` command to the casepath app."""
    app.command(name="batch")(batch)


def batch(
    roster: Annotated[
        Path,
        typer.Argument(help="A folder of CSV or Parquet tables, or an .xlsx workbook."),
    ],
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="Output file: .parquet or .csv.")
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="YYYY-MM-DD",
            help="Evaluation date. Default: today.",
            show_default=False,
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SCHEDULER|local",
            help="Run on a Dask cluster (scheduler address) or on a local one (`local`).",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad row (exit 2).")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes to use. Default: every core."),
    ] = None,
) -> None:
    """Judge every person of a roster on one date; write one row per person and credential."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from casepath.batch.output import output_format
    from casepath.batch.run import StrictStop, run_batch
    from casepath.interfaces import cli as base
    from casepath.roster.problems import RosterError

    day = base.parse_on(on)
    try:
        output_format(out)
    except ValueError as exc:
        base.fail(f"--out: {exc}")
    if not out.parent.is_dir():
        base.fail(f"--out: no such folder: {out.parent}")
    console = Console(stderr=True)
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    task = bar.add_task("people", total=None)

    def progress(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    try:
        with bar:
            summary = run_batch(
                roster, day, out, workers=workers, strict=strict, dask=dask, progress=progress
            )
    except RosterError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(base.EXIT_BAD_INPUT) from None
    except StrictStop as exc:
        base.fail(f"{exc.problem} (--strict: nothing written)")
    render_summary(summary, out, Console())


def render_summary(summary: Summary, out: Path, console: Console) -> None:
    console.print(
        f"{summary.people} people, {summary.rows} rows written to {out} in {summary.seconds:.1f} s",
        highlight=False,
    )
    if summary.error_rows:
        console.print(
            f"{summary.failed_people} people with bad rows not judged; "
            f"{summary.error_rows} problems listed in {summary.errors_file}",
            highlight=False,
        )
    else:
        console.print("No bad rows.")
    for stage, count in sorted(summary.stages.items(), key=lambda kv: -kv[1]):
        console.print(f"  {stage}: {count}", highlight=False)
    for note in summary.notes:
        console.print(f"Note: {note}", highlight=False)
