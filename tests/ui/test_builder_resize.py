"""The draft stays whole when the terminal is resized (rows are re-wrapped, not reused)."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region

from tui.app import TendApp
from tui.commands import StartAt
from tui.widgets.draft_editor import DraftEditor

DRAFT = (
    "I'm sorry I snapped at you. That wasn't fair. Can we start over? "
    "You always do this, and I hate it when it happens every single week."
)


def _shown(editor: DraftEditor) -> str:
    """The words the editor actually draws, row by row, joined up."""
    strips = editor.render_lines(Region(0, 0, editor.size.width, editor.size.height))
    rows = [strip.text.strip(" ▏│▕") for strip in strips if not strip.text.lstrip().startswith(("╭", "╰"))]
    return " ".join(" ".join(row.split()) for row in rows if row.strip())


async def test_resizing_rewraps_the_draft(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text=DRAFT))
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause(0.3)
        editor = app.screen.query_one(DraftEditor)
        assert _shown(editor) == DRAFT
        for size in ((80, 24), (150, 40), (100, 30)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.3)
            assert _shown(editor) == DRAFT, size
