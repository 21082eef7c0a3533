"""DraftEditor: the repair builder's text area, marking the words each finding is about.

A :class:`~textual.widgets.TextArea` that draws the checker's finding spans in
the draft itself. Each kind of move has its own style that does not rely on
colour alone: away moves are reversed and bold, undermining words struck
through, toward moves underlined, ownership bold and underlined. The colour
(from the theme) is only a second cue.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

EFFECT_ORDER = ("toward", "owns", "undermines", "away")
"""Later effects are drawn over earlier ones where spans overlap."""

EFFECT_SYMBOLS = {"away": "✗", "undermines": "~", "toward": "✓", "owns": "●"}
EFFECT_WORDS = {"away": "away", "undermines": "undermines", "toward": "toward", "owns": "owns"}


@dataclass(frozen=True)
class Mark:
    """A span of the draft (str offsets) and the effect it has."""

    start: int
    end: int
    effect: str


@dataclass(frozen=True)
class _Frame:
    """What the rows of one repaint have in common (see DraftEditor.render_lines)."""

    common: tuple[object, ...]
    first_row: int
    last_row: int
    cursor_row: int
    cursor_state: tuple[object, ...]
    bracket: tuple[int, int] | None
    flags: tuple[bool, ...]
    empty: bool


def mark_style(effect: str, colours: dict[str, str] | None = None) -> Style:
    """The Rich style for one effect; ``colours`` maps error/warning/success to theme colours."""
    colours = colours or {}
    if effect == "away":
        return Style(reverse=True, bold=True, color=colours.get("error"))
    if effect == "undermines":
        return Style(strike=True, italic=True, color=colours.get("warning"))
    if effect == "owns":
        return Style(bold=True, underline=True, color=colours.get("success"))
    return Style(underline=True, color=colours.get("success"))


class DraftEditor(TextArea):
    """A soft-wrapping text area that highlights finding spans in place."""

    DEFAULT_CSS = """
    DraftEditor {
        height: 1fr;
        min-height: 4;
        border: round $primary 50%;
        border-title-color: $text;
        padding: 0 1;
    }
    DraftEditor:focus {
        border: round $primary;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(
            text,
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
        )
        self._marks: tuple[Mark, ...] = ()
        self._line_marks: dict[int, tuple[tuple[int, int, str], ...]] = {}
        self._row_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._frame: _Frame | None = None

    # Marks

    @property
    def marks(self) -> tuple[Mark, ...]:
        """The spans currently drawn, as str offsets into :attr:`text`."""
        return self._marks

    def set_marks(self, marks: Iterable[Mark]) -> None:
        """Replace the highlighted spans and redraw.

        Spans beyond the end of the text are clipped; overlapping spans are
        drawn in :data:`EFFECT_ORDER`, so an away move shows over a toward move.
        """
        text_length = len(self.text)
        kept = sorted(
            (
                Mark(max(0, mark.start), min(mark.end, text_length), mark.effect)
                for mark in marks
                if mark.end > mark.start and mark.start < text_length
            ),
            key=lambda mark: (EFFECT_ORDER.index(mark.effect) if mark.effect in EFFECT_ORDER else 0, mark.start),
        )
        line_marks = self._split_by_line(kept)
        if line_marks == self._line_marks:
            # Same spans on the same lines and columns: nothing to redraw.
            self._marks = tuple(kept)
            return
        self._marks = tuple(kept)
        self._line_marks = line_marks
        # TextArea caches rendered lines by cursor and scroll, not by content
        # styling, so new marks need the cache emptied.
        self._line_cache.clear()
        self.refresh()

    def marked_text(self, effect: str | None = None) -> list[str]:
        """The words under each mark (optionally of one effect), in reading order."""
        text = self.text
        chosen = [mark for mark in self._marks if effect is None or mark.effect == effect]
        return [text[mark.start : mark.end] for mark in sorted(chosen, key=lambda m: m.start)]

    def _line_starts(self) -> list[int]:
        starts = [0]
        newline = len(self.document.newline)
        for line in self.document.lines[:-1]:
            starts.append(starts[-1] + len(line) + newline)
        return starts

    def _split_by_line(self, marks: Iterable[Mark]) -> dict[int, tuple[tuple[int, int, str], ...]]:
        starts = self._line_starts()
        lines = self.document.lines
        by_line: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for mark in marks:
            first = bisect_right(starts, mark.start) - 1
            last = bisect_right(starts, max(mark.start, mark.end - 1)) - 1
            for row in range(first, last + 1):
                line_start = starts[row]
                column_start = max(0, mark.start - line_start)
                column_end = min(len(lines[row]), mark.end - line_start)
                if column_end > column_start:
                    by_line[row].append((column_start, column_end, mark.effect))
        return {row: tuple(spans) for row, spans in by_line.items()}

    # Offsets and locations

    def location_of(self, offset: int) -> tuple[int, int]:
        """The (row, column) of a str offset into :attr:`text`."""
        starts = self._line_starts()
        offset = max(0, min(offset, len(self.text)))
        row = bisect_right(starts, offset) - 1
        return row, offset - starts[row]

    def offset_of(self, location: tuple[int, int]) -> int:
        """The str offset into :attr:`text` of a (row, column)."""
        row, column = location
        starts = self._line_starts()
        row = max(0, min(row, len(starts) - 1))
        return starts[row] + column

    @property
    def cursor_offset(self) -> int:
        """Where the cursor is, as a str offset into :attr:`text`."""
        return self.offset_of(self.cursor_location)

    def replace_span(self, start: int, end: int, replacement: str) -> None:
        """Replace ``text[start:end]`` (str offsets) as one undoable edit."""
        self.replace(replacement, self.location_of(start), self.location_of(end))

    # Rendering

    def _colours(self) -> dict[str, str]:
        theme = self.app.current_theme
        return {
            "error": theme.error or "red",
            "warning": theme.warning or "yellow",
            "success": theme.success or "green",
        }

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every row's cache key shares, worked out once per repaint
        # rather than once per row.
        selection = self.selection
        top, bottom = sorted(selection)
        self._frame = _Frame(
            common=(self.size, self.scroll_offset, self.app.current_theme.name, self.theme, self.has_focus),
            first_row=top[0],
            last_row=bottom[0],
            cursor_row=selection.end[0],
            cursor_state=(selection, self._draw_cursor, self.suggestion),
            bracket=self._matching_bracket_location,
            flags=(self.match_cursor_bracket, self.show_line_numbers, self.read_only, self.show_cursor),
            empty=bool(self.placeholder) and self.document.line_count == 1 and not self.document.get_line(0),
        )
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        """Render one screen row, reusing rows whose line, marks and cursor have not changed.

        TextArea empties its own row cache on every edit and, with soft wrap,
        keys every row on the selection, so each key press re-renders every
        visible row (each one re-wrapping its whole paragraph). Here a row is
        keyed on what it shows: its paragraph's text, its marks, and the
        cursor or selection only when they touch that paragraph.
        """
        frame = self._frame
        if frame is None or frame.empty:
            return super().render_line(y)
        absolute_y = frame.common[1][1] + y
        wrapped = self.wrapped_document
        if absolute_y >= wrapped.height:
            key: tuple[object, ...] = (frame.common, "blank")
        else:
            try:
                line_index, section = wrapped._offset_to_line_info[absolute_y]
            except IndexError:
                return super().render_line(y)
            touches = frame.first_row <= line_index <= frame.last_row or frame.cursor_row == line_index
            bracket = frame.bracket
            key = (
                frame.common,
                frame.flags,
                # The wrap width can lag the widget's size by a frame after a
                # resize; without it a row wrapped at the old width is reused.
                wrapped._width,
                line_index,
                section,
                self.document.get_line(line_index),
                self._line_marks.get(line_index),
                frame.cursor_state if touches else None,
                bracket if bracket is not None and (touches or bracket[0] == line_index) else None,
            )
        strip = self._row_cache.get(key)
        if strip is None:
            strip = self._render_line(y)
            self._row_cache[key] = strip
        return strip

    def notify_style_update(self) -> None:
        self._row_cache.clear()
        super().notify_style_update()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        spans = self._line_marks.get(line_index)
        if spans:
            colours = self._colours()
            for column_start, column_end, effect in spans:
                line.stylize(mark_style(effect, colours), column_start, column_end)
        return line
