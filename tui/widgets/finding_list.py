"""FindingList: the checker's findings for a draft, one line each, with a symbol per effect.

Each line reads like ``✗ "you always" · criticism``: the symbol says what the
words do (✗ away, ~ undermines, ✓ toward, ● owns) so nothing relies on
colour, then the excerpt, then a short label for the move.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.widgets.draft_editor import EFFECT_SYMBOLS, mark_style

EXCERPT_WIDTH = 32

# Short labels for the checker's move families; anything else is shown as
# its family name with spaces.
FAMILY_LABELS = {
    "accept-repair": "accepts a repair",
    "refuse-repair": "refuses a repair",
    "break-with-return": "a break with a return",
    "break-without-return": "a break with no return",
    "conditional-apology": "conditional apology",
}


def family_label(family: str) -> str:
    """A short human label for a move family."""
    return FAMILY_LABELS.get(family, family.replace("-", " ").replace("_", " "))


def short_excerpt(excerpt: str, width: int = EXCERPT_WIDTH) -> str:
    """The excerpt on one line, cut with an ellipsis when long."""
    flat = " ".join(excerpt.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def finding_prompt(finding: Any) -> Text:
    """One list line for a finding."""
    symbol = EFFECT_SYMBOLS.get(finding.effect, "·")
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{symbol} ", style="bold")
    text.append(f"“{short_excerpt(finding.excerpt)}”", style=mark_style(finding.effect))
    text.append(f" · {family_label(finding.family)}", style="dim")
    return text


def _line_key(finding: Any) -> tuple[str, str, str, str]:
    return (finding.rule, finding.effect, finding.family, finding.excerpt)


class FindingList(OptionList):
    """The findings of the latest analysis; highlighting one shows its details."""

    DEFAULT_CSS = """
    FindingList {
        height: auto;
        max-height: 8;
        min-height: 1;
        border: none;
        padding: 0;
        background: transparent;
    }
    FindingList:focus {
        border: none;
        background-tint: $foreground 5%;
    }
    """

    BINDINGS = [
        Binding("r", "screen.apply_rewrite", "Apply rewrite"),
        Binding("l", "screen.open_finding_lesson", "Open lesson"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._findings: tuple[Any, ...] = ()

    @property
    def findings(self) -> tuple[Any, ...]:
        return self._findings

    @property
    def selected_finding(self) -> Any | None:
        """The highlighted finding, if any."""
        index = self.highlighted
        if index is None or not self._findings or index >= len(self._findings):
            return None
        return self._findings[index]

    def set_findings(self, findings: Sequence[Any], empty_note: str = "No findings yet: write a line or two.") -> None:
        """Show ``findings``; keep the same finding highlighted when it is still there.

        ``empty_note`` is the dim line shown when there are none.
        """
        findings = tuple(findings)
        if findings and self._findings and [_line_key(f) for f in findings] == [_line_key(f) for f in self._findings]:
            # The same lines (typing elsewhere in the draft only moved them): no redraw.
            self._findings = findings
            return
        previous = self.selected_finding
        keep_key = (previous.rule, previous.excerpt) if previous is not None else None
        self._findings = findings
        if not self._findings:
            self.set_options([Option(Text(empty_note, style="dim"), disabled=True)])
            self.highlighted = None
            return
        self.set_options([Option(finding_prompt(finding)) for finding in self._findings])
        index = 0
        if keep_key is not None:
            for position, finding in enumerate(self._findings):
                if (finding.rule, finding.excerpt) == keep_key:
                    index = position
                    break
        self.highlighted = index

    def highlight_finding_at(self, offset: int) -> bool:
        """Highlight the finding whose span contains ``offset``; True if one does."""
        for position, finding in enumerate(self._findings):
            if finding.start <= offset < finding.end or (offset == finding.end and offset > finding.start):
                if self.highlighted != position:
                    self.highlighted = position
                return True
        return False
