"""The command line: a thin adapter over casepath.service.

    casepath check PROFILE [--on YYYY-MM-DD] [--format text|json] [--trace]   (PROFILE `-`: stdin)
    casepath requirements [CREDENTIAL] [--on YYYY-MM-DD] [--format text|json]
    casepath rulebooks validate
    casepath serve [--host 127.0.0.1] [--port 8000] [--workers N]
    casepath --version

Exit codes: 0 success; 1 an internal error, or `rulebooks validate` finding problems; 2 bad
input (a profile file that cannot be read or is not valid, a bad date, an unknown credential)
and rulebooks that do not load ("the rulebooks do not load: FILE: reason"). Errors are one line
on stderr, "error: <message>", never a traceback.
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from typer.core import TyperGroup

from casepath import __version__, service
from casepath.interfaces import cli_batch, cli_db, cli_renewal, cli_whatif
from casepath.profile.loading import ProfileError
from casepath.profile.model import FIRST_PLAUSIBLE_DATE, LAST_PLAUSIBLE_DATE, Profile
from casepath.result import CredentialResult, RenewalResult, Report, Status, TraceNode
from casepath.rules import loader
from casepath.rules.requirements import wrap_text
from casepath.textsafety import visible, visible_model

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


class _OneLineErrors(TyperGroup):
    """The root command: usage errors as one line "error: <message>" on stderr, and no
    Python traceback ever (an unexpected exception is one line too, exit code 1)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.TyperException as exc:
            message = exc.format_message()
            ctx = getattr(exc, "ctx", None)
            if not message.strip():
                pass  # `casepath` alone: Typer has printed the help already
            elif "\n" in message.strip() and message.lstrip().startswith("Usage:"):
                typer.echo(message, err=True)  # the help, as plain text
            else:
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                typer.echo(f"error: {_one_line(message)}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(EXIT_INTERNAL)
        except Exception as exc:
            if os.environ.get("CASEPATH_DEBUG"):
                raise
            typer.echo(
                f"error: internal error ({type(exc).__name__}: {_one_line(str(exc))}); "
                "set CASEPATH_DEBUG=1 to see the details",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


app = typer.Typer(
    name="casepath",
    cls=_OneLineErrors,
    help="Case-management certification eligibility and renewal, explained rule by rule.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
rulebooks_app = typer.Typer(
    help="Check the rulebooks shipped with casepath.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(rulebooks_app, name="rulebooks")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


# --------------------------------------------------------------------------------------------
# Errors and small helpers

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print "error: <message>" on one line on stderr and stop with `code`."""
    typer.echo(f"error: {visible(_one_line(message))}", err=True)
    raise typer.Exit(code)


def parse_on(value: str | None) -> date:
    """The --on date: ISO YYYY-MM-DD only; today when not given."""
    if value is None:
        return date.today()
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if FIRST_PLAUSIBLE_DATE <= day <= LAST_PLAUSIBLE_DATE:
                return day
            fail(
                f"--on: expected a date between {FIRST_PLAUSIBLE_DATE} and "
                f"{LAST_PLAUSIBLE_DATE}, got {text}"
            )
    fail(f"--on: expected a date YYYY-MM-DD, got {json.dumps(value, ensure_ascii=False)}")


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _print_json(data: Any) -> None:
    # JSON escapes C0 controls itself; DEL, C1 controls (8-bit escape sequences) and the
    # bidirectional overrides are written as \u escapes too, so nothing drives the terminal.
    text = json.dumps(data, indent=2, ensure_ascii=False)
    typer.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


STDIN = "-"
"""The profile path that means standard input."""


def read_profile_arg(path: Path) -> Profile:
    """The profile at `path`, or on standard input for `-`; bad input stops with exit 2."""
    from casepath.profile.loading import (
        MAX_PROFILE_BYTES,
        ProfileError,
        load_profile,
        load_profile_text,
    )

    name = "<stdin>" if str(path) == STDIN else str(path)
    try:
        if str(path) == STDIN:
            return load_profile_text(sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1), source=name)
        return load_profile(path)
    except ProfileError as exc:
        message = str(exc)
        fail(message if name in message else f"{name}: {message}")
    except Exception as exc:  # never a traceback for a file the user gave
        fail(f"{name}: cannot read the profile: {exc}")


def _rulebook_trouble(exc: Exception) -> NoReturn:
    fail(
        f"the rulebooks do not load ({exc}); run `casepath rulebooks validate` for the details",
        EXIT_BAD_INPUT,
    )


def _require_rules() -> None:
    """Stop with "error: the rulebooks do not load: FILE: reason" (exit 2) when they do not."""
    from casepath.preflight import rules_problem

    problem = rules_problem()
    if problem is not None:
        fail(problem, EXIT_BAD_INPUT)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"casepath {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Which case-management certifications can a person get, what is missing, and when."""


# --------------------------------------------------------------------------------------------
# check

OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="YYYY-MM-DD",
        help="Evaluation date (the day the application is submitted). Default: today.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="Output format.", case_sensitive=False)
]


@app.command()
def check(
    profile: Annotated[
        Path,
        typer.Argument(
            metavar="PROFILE",
            help="Profile file (YAML or JSON; `-` reads standard input); see "
            "spec/profile-format.md.",
        ),
    ],
    on: OnOption = None,
    output: FormatOption = OutputFormat.text,
    trace: Annotated[
        bool,
        typer.Option(
            "--trace", help="Show the evaluated requirement tree (always included in JSON)."
        ),
    ] = False,
) -> None:
    """Judge every credential (and every renewal) for the person in PROFILE (`-`: stdin)."""
    day = parse_on(on)
    person = read_profile_arg(profile)
    _require_rules()
    try:
        report = service.check(person, on=day)
    except ProfileError as exc:  # answers that cannot be taken
        fail(f"{profile}: {exc}")
    except loader.RulebookError as exc:
        _rulebook_trouble(exc)
    except Exception as exc:
        fail(
            f"internal error while checking {profile} ({type(exc).__name__}: {exc}); "
            "please report it with the profile",
            EXIT_INTERNAL,
        )
    if output == OutputFormat.json:
        _print_json(report.model_dump(mode="json"))
        return
    source = "standard input" if str(profile) == STDIN else str(profile)
    render_report(visible_model(report), Console(), source=visible(source), trace=trace)


# --------------------------------------------------------------------------------------------
# check: the text report

_STATUS_WORDS = {
    Status.eligible: ("eligible", "bold green"),
    Status.not_eligible: ("not eligible", "bold red"),
    Status.indeterminate: ("indeterminate", "bold yellow"),
    Status.not_applicable: ("not applicable", "dim"),
}


def status_text(status: Status) -> Text:
    words, style = _STATUS_WORDS.get(status, (str(status), ""))
    return Text(words, style=style)


def _name(result: CredentialResult) -> str:
    if result.variant:
        return f"{result.credential} ({result.variant})"
    return result.credential


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _wrap_lines(console: Console, text: str, first: str, rest: str) -> list[str]:
    return wrap_text(text, max(console.width, 40), first, rest)


def _line(console: Console, line: str | Text) -> None:
    # Lines are wrapped here (with a hanging indent); Rich must not wrap or pad them again.
    console.print(line if isinstance(line, Text) else Text(line), soft_wrap=True)


def _bullets(console: Console, items: Iterable[str], indent: int = 2) -> None:
    for item in items:
        for line in _wrap_lines(console, item, " " * indent + "- ", " " * (indent + 2)):
            _line(console, line)


def _paragraph(console: Console, text: str, indent: int = 2) -> None:
    for line in _wrap_lines(console, text, " " * indent, " " * indent):
        _line(console, line)


def _heading(console: Console, label: str) -> None:
    _line(console, Text(f"{label}:", style="bold"))


def _field(console: Console, label: str, value: str) -> None:
    """`Label: value`, the label in bold, wrapped with a hanging indent."""
    lines = _wrap_lines(console, f"{label}: {value}", "", "  ")
    first = Text(lines[0])
    first.stylize("bold", 0, len(label) + 1)
    _line(console, first)
    for line in lines[1:]:
        _line(console, line)


def render_report(
    report: Report, console: Console, *, source: str = "", trace: bool = False
) -> None:
    """The report in words: a summary table, then a short section per credential."""
    title = "casepath check"
    if source:
        title += f": {source}"
    console.print(Text(title, style="bold"))
    console.print(
        Text(f"Evaluated on {report.evaluated_on.isoformat()}, rules {report.rules_version}")
    )
    for warning in report.warnings:
        for line in _wrap_lines(console, f"warning: {warning}", "", "  "):
            _line(console, Text(line, style="yellow"))
    if report.guidance:
        console.print()
        render_options(report, console)
    console.print()
    console.print(summary_table(report))
    for result in report.results:
        console.print()
        _render_result(result, console, trace=trace)
    if report.renewals:
        console.print()
        console.rule(Text("Renewals", style="bold"), align="left")
        console.print(renewals_table(report.renewals))
        for renewal in report.renewals:
            console.print()
            _render_renewal(renewal, console, trace=trace)


def render_options(report: Report, console: Console) -> None:
    """ "Your options" (rules.md §8b): the credentials in the order to consider them."""
    console.rule(Text("Your options", style="bold"), align="left")
    mine = [g for g in report.guidance if g.group != "other_profession"]
    for number, item in enumerate(mine, start=1):
        name = f"{item.credential} ({item.variant})" if item.variant else item.credential
        _line(console, Text(f"{number}. {name}: {item.title}", style="bold"))
        _paragraph(console, item.headline, indent=3)
        fits = [r.text for r in item.reasons if r.text.startswith("Fits you: ")]
        _bullets(console, fits, indent=3)
        if item.apply_when:
            _paragraph(console, f"When to apply: {item.apply_when}", indent=3)
        if item.apply_page is not None:
            # The address on a line of its own: wrapping would break it.
            _paragraph(console, "The certifier's application page:", indent=3)
            _line(console, Text("   " + item.apply_page.url))
    others = [g for g in report.guidance if g.group == "other_profession"]
    if others:
        _paragraph(
            console,
            "Not for your profession: "
            + "; ".join(f"{g.credential} would take {g.would_take}" for g in others)
            + ".",
            indent=0,
        )


def summary_table(report: Report) -> Table:
    table = Table(title=None, show_lines=False, expand=False, header_style="bold")
    table.add_column("Credential", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Path", overflow="fold")
    table.add_column("Earliest eligible", no_wrap=True)
    for result in report.results:
        earliest = _day(result.earliest_eligibility_date)
        if result.status == Status.eligible and not earliest:
            earliest = "now"
        table.add_row(
            Text(_name(result)), status_text(result.status), Text(result.path or ""), earliest
        )
    return table


def _render_result(result: CredentialResult, console: Console, *, trace: bool) -> None:
    name = result.credential
    if result.variant:
        name += f" / {result.variant}"
    heading = Text.assemble((f"{name} ({result.issuer}): ", "bold"))
    heading.append_text(status_text(result.status))
    console.rule(heading, align="left")
    if result.path:
        _field(console, "Path", result.path)
    if result.missing:
        _heading(console, "Missing")
        _bullets(console, result.missing)
    _earliest(
        console, "Earliest eligibility date", result.earliest_eligibility_date, result.earliest_note
    )
    if result.status_until is not None:
        _field(console, "Status holds until", _day(result.status_until))
    if result.alternatives:
        label = (
            "Outcome under each reading"
            if result.status == Status.indeterminate
            else "Under other readings"
        )
        _heading(console, label)
        _bullets(console, _alternatives(result.alternatives))
    if result.notes:
        _heading(console, "Notes")
        _bullets(console, result.notes)
    rules = ", ".join(result.rules)
    if result.rule_version:
        rules = f"{rules} (rules version {result.rule_version})" if rules else result.rule_version
    if rules:
        _field(console, "Rules", rules)
    if trace and result.trace is not None:
        _heading(console, "Trace")
        console.print(trace_tree(result.trace))


def _earliest(console: Console, label: str, day: date | None, note: str) -> None:
    if day is not None:
        _field(console, label, day.isoformat())
        if note:
            _paragraph(console, note)
    elif note:
        _field(console, label, note)


def _alternatives(alternatives: dict[str, str]) -> list[str]:
    return [
        f"{reading} -> {outcome.replace('_', ' ')}" for reading, outcome in alternatives.items()
    ]


_OUTCOME_WORDS = {True: ("met", "green"), False: ("not met", "red"), None: ("unknown", "yellow")}


def trace_tree(node: TraceNode) -> Tree:
    """The evaluated requirement tree: each node's outcome, rule IDs, detail and figures."""
    tree = Tree(_trace_label(node), guide_style="dim")
    _add_trace_children(tree, node)
    return tree


def _add_trace_children(tree: Tree, node: TraceNode) -> None:
    for child in node.children:
        branch = tree.add(_trace_label(child))
        _add_trace_children(branch, child)


def _trace_label(node: TraceNode) -> Group:
    words, style = _OUTCOME_WORDS.get(node.outcome, ("unknown", "yellow"))
    head = Text.assemble((f"{words}: ", style), (node.label, "bold" if node.children else ""))
    if node.rules:
        head.append(f" [{', '.join(node.rules)}]", style="dim")
    parts: list[Text] = [head]
    details = []
    if node.detail:
        details.append(node.detail)
    if node.first_true is not None and node.outcome is not True:
        details.append(f"met from {node.first_true.isoformat()}")
    if details:
        parts.append(Text("; ".join(details), style="italic"))
    return Group(*parts)


def renewals_table(renewals: list[RenewalResult]) -> Table:
    table = Table(header_style="bold")
    table.add_column("Certification", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Deadline", no_wrap=True)
    table.add_column("Route", overflow="fold")
    for renewal in renewals:
        table.add_row(
            Text(renewal.credential),
            status_text(renewal.status),
            _day(renewal.deadline),
            Text(renewal.route or ""),
        )
    return table


def _render_renewal(renewal: RenewalResult, console: Console, *, trace: bool) -> None:
    heading = Text(f"{renewal.credential} renewal", style="bold")
    if renewal.issuer:
        heading.append(f" ({renewal.issuer})", style="bold")
    heading.append(": ", style="bold")
    heading.append_text(status_text(renewal.status))
    console.rule(heading, align="left")
    fields: list[tuple[str, str]] = [
        ("Route", renewal.route or ""),
        ("Deadline", _day(renewal.deadline)),
        ("Renewal window opens", _day(renewal.window_opens)),
        ("Renewal window closes", _day(renewal.window_closes)),
        ("Late renewal until", _day(renewal.late_window_closes)),
        ("Late fee", renewal.late_fee or ""),
    ]
    for label, value in fields:
        if value:
            _field(console, label, value)
    if renewal.progress:
        table = Table(header_style="bold")
        table.add_column("Category", overflow="fold")
        table.add_column("Counted", justify="right", no_wrap=True)
        table.add_column("Required", justify="right", no_wrap=True)
        table.add_column("Remaining", justify="right", no_wrap=True)
        for item in renewal.progress:
            table.add_row(
                Text(item.label or item.category),
                _figure(item.counted),
                _figure(item.required),
                _figure(item.remaining),
            )
        console.print(Padding(table, (0, 0, 0, 2), expand=False))
    if renewal.missing:
        _heading(console, "Missing")
        _bullets(console, renewal.missing)
    _earliest(
        console,
        "Requirements met on",
        renewal.earliest_eligibility_date,
        renewal.earliest_note,
    )
    if renewal.alternatives:
        _heading(console, "Outcome under each reading")
        _bullets(console, _alternatives(renewal.alternatives))
    if renewal.notes:
        _heading(console, "Notes")
        _bullets(console, renewal.notes)
    if renewal.rules:
        _field(console, "Rules", ", ".join(renewal.rules))
    if trace and renewal.ledger:
        table = Table(header_style="bold", title="CE records as counted")
        table.add_column("Date", no_wrap=True)
        table.add_column("Hours", justify="right", no_wrap=True)
        table.add_column("Counted", justify="right", no_wrap=True)
        table.add_column("Topic", overflow="fold")
        table.add_column("Why", overflow="fold")
        for entry in renewal.ledger:
            table.add_row(
                entry.date.isoformat(),
                _figure(entry.hours),
                _figure(entry.counted_hours),
                Text(entry.topic),
                Text(entry.reason),
            )
        console.print(Padding(table, (0, 0, 0, 2), expand=False))


def _figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


# --------------------------------------------------------------------------------------------
# requirements


def resolve_credential(given: str, known: Iterable[str]) -> str:
    """The known credential id for `given` (any case); an error naming the nearest otherwise."""
    ids = list(known)
    by_upper = {credential.upper(): credential for credential in ids}
    wanted = given.strip().upper()
    if wanted in by_upper:
        return by_upper[wanted]
    close = difflib.get_close_matches(wanted, list(by_upper), n=1, cutoff=0.4)
    hint = f'; did you mean "{by_upper[close[0]]}"?' if close else ""
    fail(
        f"unknown credential {json.dumps(given, ensure_ascii=False)}{hint} "
        f"(known: {', '.join(ids)})"
    )


@app.command()
def requirements(
    credential: Annotated[
        str | None,
        typer.Argument(
            metavar="CREDENTIAL",
            help="Credential id, e.g. CCM, ACM, CMGT-BC; omit it to list them all.",
        ),
    ] = None,
    on: OnOption = None,
    output: FormatOption = OutputFormat.text,
) -> None:
    """What training and qualifications are required for CREDENTIAL (or list credentials)."""
    day = parse_on(on)
    _require_rules()
    try:
        infos = service.credentials()
    except loader.RulebookError as exc:
        _rulebook_trouble(exc)
    if credential is None:
        if output == OutputFormat.json:
            _print_json([info.model_dump(mode="json") for info in infos])
            return
        console = Console()
        table = Table(header_style="bold")
        table.add_column("Credential", no_wrap=True)
        table.add_column("Issuer", no_wrap=True)
        table.add_column("Title", overflow="fold")
        for info in infos:
            table.add_row(Text(info.id), Text(info.issuer), Text(info.title))
        console.print(table)
        console.print(Text("Ask `casepath requirements CREDENTIAL` for the requirements of one."))
        return
    chosen = resolve_credential(credential, (info.id for info in infos))
    from casepath.rules.requirements import render_requirements_text

    try:
        doc = service.requirements(chosen, on=day)
    except loader.RulebookError as exc:
        _rulebook_trouble(exc)
    if output == OutputFormat.json:
        _print_json(doc.model_dump(mode="json"))
        return
    width = min(shutil.get_terminal_size((80, 24)).columns, 100)
    typer.echo(render_requirements_text(doc, width=width), nl=False)


# --------------------------------------------------------------------------------------------
# rulebooks validate


@rulebooks_app.command("validate")
def rulebooks_validate() -> None:
    """Check every rulebook: schema, measures and params, rule IDs, sources, versions."""
    from casepath.renewal.rulebooks import load_renewal_rulebooks, validate_renewal_rulebooks

    problems = [str(problem) for problem in loader.validate_all()]
    problems += [f"renewal: {problem}" for problem in validate_renewal_rulebooks()]
    books: dict[str, Any] = {}
    if not problems:
        try:
            books = dict(loader.load_rulebooks())
        except loader.RulebookError as exc:  # pragma: no cover - validate_all reports these
            problems = [str(p) for p in exc.problems]
    if not problems:
        problems = [
            f"{loader.RULEBOOK_FILES.get(credential, credential)}: no rulebook for {credential}"
            for credential in loader.CREDENTIAL_ORDER
            if credential not in books
        ]
    if problems:
        for problem in problems:
            typer.echo(_one_line(problem))
        count = len(problems)
        typer.echo(f"{count} {'problem' if count == 1 else 'problems'} found", err=True)
        raise typer.Exit(EXIT_INTERNAL)
    names = ", ".join(books)
    typer.echo(f"{len(books)} {'rulebook' if len(books) == 1 else 'rulebooks'} valid: {names}")
    renewals = ", ".join(load_renewal_rulebooks())
    typer.echo(f"renewal rulebooks valid: {renewals}")


# --------------------------------------------------------------------------------------------
# serve


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=256,
            help="Worker processes that run checks. Default: one per core.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the web pages and the JSON API."""
    _require_rules()  # a server that cannot judge anything must not claim to be up
    cli_db.require_database_for_serve()  # refuse a database that is behind (issue 10)
    try:
        module = importlib.import_module("casepath.web.server")
    except ImportError as exc:
        fail(f"the web server is not available: {exc}", EXIT_INTERNAL)
    run: Callable[[str, int, int | None], object] = module.serve
    run(host, port, workers)


cli_renewal.register(app)  # `casepath renewal` (issue 3)
cli_whatif.register(app)  # `casepath what-if` (issue 12)
cli_db.register(app)  # `casepath db`, `casepath profiles` (issue 10)
cli_batch.register(app)  # `casepath batch` (issue 9)


def main() -> None:
    """The `casepath` script."""
    app(prog_name="casepath")


if __name__ == "__main__":  # pragma: no cover
    main()
