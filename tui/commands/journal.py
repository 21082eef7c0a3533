"""``tend journal add|list|export|import|recover``: the journal from the shell.

A bare ``tend journal`` opens the journal screen (the cli does that); the
actions here never import Textual. ``add`` prints the new entry's id only
once the entry is safely on disk, so a script can trust exit code 0.

This module only builds the parser, so ``tend check`` and ``tend --help`` do
not pay for the journal store; the work is in :mod:`tui.commands.journal_actions`.
"""

from __future__ import annotations

import argparse

from tui.commands import Context

ACTIONS = ("add", "list", "export", "import", "recover")


def configure(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``journal`` command and its actions."""
    journal = subparsers.add_parser(
        "journal",
        help="open the journal, or add/list/export/import/recover entries",
        description="Your private practice journal. With no action, opens the journal screen.",
    )
    actions = journal.add_subparsers(dest="journal_action", metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="add an entry; prints its id once it is saved",
        description="Add a journal entry. Prints the new entry's id once it is safely on disk.",
    )
    add.add_argument("--note", required=True, metavar="TEXT", help="what happened ('-' reads it from standard input)")
    add.add_argument("--lesson", metavar="SLUG", help="the lesson it relates to (slug or number)")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    add.add_argument(
        "--check",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER",
        help="a checklist question and your answer (repeatable)",
    )
    add.add_argument("--repair", default="", metavar="TEXT", help="the repair offered or received")
    add.add_argument("--outcome", default="", metavar="TEXT", help="how it went")
    add.add_argument(
        "--kind", default="rupture", metavar="KIND", help="what sort of entry: rupture (default), practice or draft"
    )
    repaired = add.add_mutually_exclusive_group()
    repaired.add_argument("--repaired", dest="repaired", action="store_true", default=None, help="it was repaired")
    repaired.add_argument("--not-repaired", dest="repaired", action="store_false", help="it was not repaired (yet)")
    add.add_argument(
        "--return-by",
        metavar="DATETIME",
        help="when you said you would come back after stepping away: 21:30, 9pm, tomorrow 9:00, "
        "'in 30 minutes', +20m, or an ISO date-time",
    )

    listing = actions.add_parser(
        "list", help="show entries, newest first", description="Show journal entries, newest first."
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array of entry objects")
    listing.add_argument("--lesson", metavar="SLUG", help="only entries for this lesson (slug or number)")
    listing.add_argument("--tag", metavar="T", help="only entries with this tag")
    listing.add_argument("--since", metavar="DATE", help="only entries made on or after this date (YYYY-MM-DD)")
    listing.add_argument("--until", metavar="DATE", help="only entries made on or before this date (YYYY-MM-DD)")
    listing.add_argument("--contains", metavar="WORDS", help="only entries containing all these words")

    export = actions.add_parser(
        "export",
        help="write every entry as Markdown or JSON",
        description="Export the whole journal. JSON exports can be imported back with 'tend journal import'.",
    )
    export.add_argument("--format", required=True, choices=("markdown", "json"), help="output format")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (private, 0600) instead of the screen")

    importing = actions.add_parser(
        "import",
        help="add the entries of a JSON export (or of 'list --json')",
        description="Add every entry of a JSON export, or of the array 'tend journal list --json' prints. "
        "Entries get new ids. Nothing is changed if the file has any problem.",
    )
    importing.add_argument("file", metavar="FILE", help="the JSON file ('-' for standard input)")

    actions.add_parser(
        "recover",
        help="replace a damaged journal with the newest good backup",
        description="Restore the newest readable backup of a damaged journal. "
        "The damaged file is kept beside it as journal.json.broken-<time>.",
    )


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Do the journal action in ``args.journal_action``; returns the exit code.

    Mistakes raise :class:`TendError` (one line; the cli prints it).
    """
    from tui.commands import journal_actions

    return journal_actions.run(args, ctx)
