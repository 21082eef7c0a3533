"""A tick shows in the box's shape, so it never depends on colour."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.tick_box import TickBox


class _OneBox(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("Does it leave room for them?")


async def test_ticked_and_unticked_boxes_look_different_without_colour() -> None:
    app = _OneBox()
    async with app.run_test(size=(60, 5)) as pilot:
        box = app.query_one(TickBox)
        assert "✓" not in box.render().plain
        await pilot.click(TickBox)
        await pilot.pause()
        assert box.value is True
        assert "✓" in box.render().plain
