"""The domain of tend: content, paths, the checker, the journal and progress.

Nothing in this package imports Textual, so the command-line subcommands that
do not open the UI start quickly. ``tests/unit/test_import_hygiene.py`` fails
if that ever changes.
"""
