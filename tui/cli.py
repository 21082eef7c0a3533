"""The ``tend`` command line.

``tend`` with no command, ``tend lesson``, ``tend draft`` and a bare
``tend journal`` open the app; ``tend check`` and ``tend journal
add|list|export|import|recover`` do their work and exit without ever
importing Textual. A mistake a person makes (an unknown lesson, a broken
content file, a bad argument) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from tui import __version__
from tui.commands import Context, StartAt
from tui.commands import check as check_command
from tui.commands import journal as journal_command
from tui.core import paths
from tui.core.errors import TendError

PROG = "tend"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (plus a hint), exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """The options accepted before or after any command.

    Subcommand copies use SUPPRESS so a value given before the command is not
    overwritten by the subcommand's default.
    """
    default = None if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"where the journal and progress are kept (also ${paths.DATA_ENV}; "
        "default: your user data folder)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        default=default,
        help=f"use another set of lessons and rules (also ${paths.CONTENT_ENV})",
    )


def _subparsers_of(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser below ``parser``, however deep."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found.append(child)
                found.extend(_subparsers_of(child))
    return found


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; ``tend --help`` lists all of it."""
    parser = _Parser(
        prog=PROG,
        description="A terminal practice companion for the series "
        "'A Skill for Every Relationship': lessons, a repair builder and a private journal.",
        epilog="With no command, tend opens the home screen. Everything stays on this computer.",
    )
    _add_global_options(parser, defaults=True)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    lesson = subparsers.add_parser(
        "lesson",
        help="open a lesson by number or slug (e.g. 'tend lesson 11')",
        description="Open a lesson of the series, by its number or its slug.",
    )
    lesson.add_argument("key", metavar="N|SLUG", help="lesson number (0-12) or slug, e.g. repairing-after-rupture")

    draft = subparsers.add_parser(
        "draft",
        help="open the repair builder, optionally with a first draft",
        description="Draft what you want to say after a rupture, with live feedback, before you send it.",
    )
    draft.add_argument("text", nargs="*", help="text to start the draft with")

    check_command.configure(subparsers)
    journal_command.configure(subparsers)
    for child in _subparsers_of(parser):
        _add_global_options(child, defaults=False)
    return parser


def _context(args: argparse.Namespace) -> Context:
    return Context(
        data_dir=paths.data_dir(getattr(args, "data_dir", None)),
        content_dir=paths.content_dir(getattr(args, "content", None)),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``tend``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = _context(args)
    try:
        if args.command == "check":
            return check_command.run(args, ctx)
        if args.command == "journal" and getattr(args, "journal_action", None):
            return journal_command.run(args, ctx)
        return _run_app(args, ctx)
    except TendError as error:
        print(f"{PROG}: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into something that stopped reading (e.g. `| head`).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run_app(args: argparse.Namespace, ctx: Context) -> int:
    """Validate everything the app needs, then (and only then) import Textual."""
    from tui.core.content import load_series

    series = load_series(ctx.content_dir)
    start = StartAt()
    if args.command == "lesson":
        lesson = series.find(args.key)
        if lesson is None:
            raise TendError(f"no lesson '{args.key}'; the lessons are: {series.describe_lessons()}")
        start = StartAt("lesson", lesson=lesson.slug)
    elif args.command == "draft":
        # The builder needs the checker's rules: a broken rule file is one line
        # here, before the app starts, and the loaded checker is cached for it.
        from tui.core.checker import checker_for

        checker_for(ctx.content_dir)
        start = StartAt("draft", text=" ".join(args.text))
    elif args.command == "journal":
        start = StartAt("journal")

    from tui.app import TendApp

    app = TendApp(series=series, content_dir=ctx.content_dir, data_dir=ctx.data_dir, start=start)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
