"""The command line: ``python -m widgets validate [--quality]``, ``python -m widgets serve``,
``python -m widgets send-statements [--once]``, ``python -m widgets settings`` and
``python -m widgets item-analysis [--min-tries N] [--csv FILE]``."""

from __future__ import annotations

import argparse
import sys

from widgets.content import default_content_dir, default_notebooks_dir, validate_content
from widgets.settings import environment_table, host_setting_problems


def _validate(args: argparse.Namespace) -> int:
    problems = validate_content(args.content, args.notebooks)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found in the course content.", file=sys.stderr)
    else:
        print("Course content is valid.")
    if args.quality:
        from widgets.content import ContentError
        from widgets.content.loader import load_course
        from widgets.content.quality import quality_report, reader_text

        try:  # the problems across files are printed above; the report can still be drawn
            report = quality_report(load_course(args.content, whole_course=False))
        except ContentError:
            return 1  # the problems above say why
        print()
        print(report.text())
        if args.items and report.reader is not None:
            lines = reader_text(report.reader, items=True)
            print("\n".join(lines[-len(report.reader.picks) - 2:]))
        if report.failures():
            return 1
    return 1 if problems else 0


def _reporting_problem() -> str:
    """Why the host's xAPI settings cannot be used ('' if they can, or reporting is off)."""
    from widgets.reporting.config import ReportingConfigError, load_config

    try:
        load_config()
    except ReportingConfigError as error:
        return f"xAPI reporting: {error}"
    return ""


def _serve(args: argparse.Namespace) -> int:
    from widgets.content import ContentError, load_course_cached
    from widgets.server.serve import serve

    problems = [*host_setting_problems(), _reporting_problem()]
    if any(problems):
        print("\n".join(problem for problem in problems if problem), file=sys.stderr)
        return 2

    try:
        load_course_cached()  # warm the cache, so the first learner's page loads fast
    except ContentError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print("Serving anyway: the pages will show these problems.", file=sys.stderr)

    pools = [f"--CourseVoila.pool_sizes={entry}" for entry in args.pool]
    serve(port=args.port, ip=args.ip, extra_args=[*pools, *args.voila_args])
    return 0


def _send_statements(args: argparse.Namespace) -> int:
    import logging

    from widgets.actions.send_statements import sender_from_environment

    problem = _reporting_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    sender = sender_from_environment()
    if sender is None:
        print("xAPI reporting is off: MICROMOMENTS_LRS_URL is not set.", file=sys.stderr)
        return 2
    if not args.once:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        print(f"Sending xAPI statements to {sender.config.statements_url} (Ctrl+C stops).")
        try:
            sender.run()
        except KeyboardInterrupt:
            pass
        return 0
    report = sender.drain()
    print(f"{report.sent} statement(s) sent, {report.rejected} refused by the LRS.")
    if report.error:
        print(f"Stopped: {report.error}. The rest stay queued.", file=sys.stderr)
        return 1
    return 0


def _item_analysis(args: argparse.Namespace) -> int:
    from pathlib import Path

    from widgets.actions.analysis import StorageError, course_item_analysis
    from widgets.analysis.report import csv_text, text_table
    from widgets.content import ContentError, get_course
    from widgets.settings import DATABASE

    try:
        course = get_course()
    except ContentError as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 2
    try:
        analysis = course_item_analysis(course, args.db or None, args.min_tries)
    except StorageError as error:
        where = args.db or DATABASE.value() or "the default SQLite file"
        print(f"The course's store ({where}) cannot be read: {error}", file=sys.stderr)
        return 2
    print(text_table(analysis))
    if args.csv:
        Path(args.csv).write_text(csv_text(analysis), encoding="utf-8")
        print(f"\nWritten to {args.csv}.")
    return 0


def settings_table() -> str:
    """The README's table of settings: the environment's, then the server's own."""
    from widgets.server.serve import CourseVoila

    rows = [*environment_table(), ""]
    rows += ["| server setting (`-- --CourseVoila.<name>=...`) | default | what it does |",
             "|---|---|---|"]
    for name, trait in sorted(CourseVoila.class_own_traits(config=True).items()):
        default = trait.default_value_repr()
        shown = "see what it does" if default in ("traitlets.Undefined", "0", "''") else default
        text = " ".join((trait.help or "").split())
        rows.append(f"| `{name}` | {shown.replace('|', '/')} | {text.replace('|', '/')} |")
    return "\n".join(rows)


def _settings(_args: argparse.Namespace) -> int:
    print(settings_table())
    return 0


def _pool_entry(text: str) -> str:
    notebook, _, size = text.partition("=")
    if not notebook.endswith(".ipynb") or not size.isdigit():
        raise argparse.ArgumentTypeError(f"expected NOTEBOOK.ipynb=N, got {text!r}")
    return f"{notebook}={int(size)}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m widgets")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every content file")
    check.add_argument("--content", default=str(default_content_dir()))
    check.add_argument("--notebooks", default=str(default_notebooks_dir()))
    check.add_argument(
        "--quality", action="store_true",
        help="also print the content-quality report and fail if an assessment gives its "
        "answer away (by length, position or any surface feature the test-wise reader sees)",
    )
    check.add_argument(
        "--items", action="store_true",
        help="with --quality, list every held-out item and whether the test-wise reader "
        "found its best option (for authors)",
    )
    check.set_defaults(run=_validate)
    serve = commands.add_parser("serve", help="serve the course with Voila")
    serve.add_argument("--port", type=int, default=None, help="port (default from voila.json)")
    serve.add_argument("--ip", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--pool", action="append", default=[], type=_pool_entry, metavar="NOTEBOOK=N",
        help="keep N kernels of this page ready (repeatable), e.g. --pool workshop.ipynb=40 "
        "before a 40-person workshop; the defaults are in voila.json",
    )
    serve.add_argument("voila_args", nargs="*", help="extra Voila options, e.g. --theme=dark")
    serve.set_defaults(run=_serve)
    send = commands.add_parser(
        "send-statements",
        help="deliver the queued xAPI statements to the LRS (the server does this by itself)",
    )
    send.add_argument(
        "--once", action="store_true",
        help="send what is queued, then exit (status 1 if the LRS could not take it all)",
    )
    send.set_defaults(run=_send_statements)
    analysis = commands.add_parser(
        "item-analysis",
        help="difficulty, discrimination and option shares of every scenario, conversation "
        "node and judgment item over learners' first tries; the judgment check's forms, "
        "reliability and before/after effect",
    )
    analysis.add_argument(
        "--min-tries", type=int, default=20, metavar="N",
        help="items with fewer first tries are listed but not flagged (default 20)",
    )
    analysis.add_argument("--csv", metavar="FILE", help="also write the analysis as CSV")
    analysis.add_argument(
        "--db", metavar="TARGET", default="",
        help="a SQLite file or database URL (default: the course's store, as serve opens it)",
    )
    analysis.set_defaults(run=_item_analysis)
    listing = commands.add_parser("settings", help="print the table of every host setting")
    listing.set_defaults(run=_settings)
    args = parser.parse_args(argv)
    return args.run(args)
