"""RepairBuilderScreen: draft a repair message with live feedback, before sending it.

The person writes in a :class:`~tui.widgets.draft_editor.DraftEditor`; after
every change the checker labels the draft on direction and accountability,
marks the words each finding is about in the draft itself, and lists the
findings with an explanation, a suggested rewrite and the lesson that teaches
it. The analysis runs in one background thread that always works on the
newest text, so typing never waits for it.

Around that: starter lines by repair family, a "before you send" list with the
checker's own answer to each question, copy, save to the journal, kept
versions with what changed in checker terms, and a practice mode with
scenarios to write or accept a repair.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.widgets.text_area import Selection
from textual.worker import get_current_worker

from tui.core.errors import ContentError, TendError
from tui.core.practice import (
    AWAY,
    OWNS,
    REPAIR_LESSON,
    TOWARD,
    UNDERMINES,
    PracticeScore,
    Scenario,
    Starters,
    VersionHistory,
    before_you_send,
    is_advice,
    load_scenarios,
    load_starters,
    plan_rewrite,
    score_practice,
)
from tui.widgets.direction_meter import DirectionMeter
from tui.widgets.draft_editor import EFFECT_SYMBOLS, DraftEditor, Mark, mark_style
from tui.widgets.finding_list import FindingList, family_label
from tui.widgets.safety_note import SafetyNote
from tui.widgets.send_checklist import SendChecklist

if TYPE_CHECKING:
    from tui.core.checker import Analysis, Checker, Finding
    from tui.core.content import Lesson

BLANK = re.compile(r"<[^<>\n]{1,60}>")
"""A part of a suggested rewrite for the person to fill in, e.g. ``<what you did>``."""

NARROW = 100
"""Below this many columns the feedback goes under the editor."""

ACCOUNTABILITY_LABELS = {
    "present": ("●", "PRESENT", "it owns your part"),
    "undermined": ("~", "UNDERMINED", "the apology is hollowed out"),
    "absent": ("·", "ABSENT", "nothing owned yet"),
}

EFFECT_NAMES = {
    AWAY: "away move",
    UNDERMINES: "undermines the acknowledgment",
    TOWARD: "toward move",
    OWNS: "owns your part",
}

NOTHING_MARKED = (
    "Nothing to mark. A plain word about how your words or actions affected them often helps a repair land."
)
EMPTY_VERDICT = "Start typing what you want to say, or press ctrl+t for a starter line."


@dataclass
class _Request:
    generation: int
    text: str


PALETTE_COMMANDS = (
    ("save", "Repair builder: save the draft to the journal", "ctrl+s"),
    ("score", "Practice: check my reply", "ctrl+s"),
    ("copy", "Repair builder: copy the draft", "ctrl+o"),
    ("starters", "Repair builder: insert a starter line", "ctrl+t"),
    ("apply_rewrite", "Repair builder: apply the selected finding's rewrite", "ctrl+r"),
    ("open_finding_lesson", "Repair builder: open the lesson for the selected finding", "ctrl+l"),
    ("keep_version", "Repair builder: keep this version", "ctrl+g"),
    ("versions", "Repair builder: list and restore versions", "f2"),
    ("next_blank", "Repair builder: select the next <blank> to fill in", "f5"),
    ("focus_findings", "Repair builder: go to the findings", "ctrl+f"),
    ("focus_before_send", "Repair builder: go to 'Before you send'", "ctrl+b"),
    ("toggle_practice", "Practice mode on or off", "f3"),
    ("scenarios", "Practice: choose a scenario", "f4"),
    ("next_scenario", "Practice: next scenario", "ctrl+n"),
)
"""What the command palette offers on this screen: action, title, key."""


class BuilderCommands(Provider):
    """The builder's actions in the command palette (ctrl+p), with their keys."""

    def _available(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        if not isinstance(screen, RepairBuilderScreen):
            return []
        return [command for command in PALETTE_COMMANDS if screen.check_action(command[0], ())]

    async def discover(self) -> Hits:
        for action, title, key in self._available():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action, title, key in self._available():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.screen.run_action, action), help=f"key: {key}")


class RepairBuilderScreen(Screen):
    """The repair builder (and, with ``practice=True``, its practice mode)."""

    CSS_PATH = "builder.tcss"
    TITLE = "Repair builder"
    COMMANDS = {BuilderCommands}

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+s", "score", "Check"),
        Binding("ctrl+o", "copy", "Copy"),
        Binding("ctrl+t", "starters", "Starters"),
        Binding("ctrl+r", "apply_rewrite", "Rewrite"),
        Binding("f2", "versions", "Versions"),
        Binding("ctrl+n", "next_scenario", "Next"),
        Binding("ctrl+l", "open_finding_lesson", "Open the finding's lesson", show=False),
        Binding("ctrl+g", "keep_version", "Keep this version", show=False),
        Binding("ctrl+f", "focus_findings", "Go to the findings", show=False),
        Binding("ctrl+b", "focus_before_send", "Go to 'Before you send'", show=False),
        Binding("f5", "next_blank", "Select the next <blank> to fill in", show=False),
        Binding("f3", "toggle_practice", "Practice mode on/off", show=False),
        Binding("f4", "scenarios", "Choose a practice scenario", show=False),
    ]

    class AnalysisReady(Message):
        """The background checker finished a draft."""

        def __init__(self, generation: int, analysis: Analysis) -> None:
            super().__init__()
            self.generation = generation
            self.analysis = analysis

    def __init__(self, text: str = "", practice: bool = False) -> None:
        super().__init__()
        self.initial_text = text
        self.practice = practice
        self.history = VersionHistory()
        """Versions kept this session (save, copy, keep, before a rewrite or restore)."""
        self.analysis: Analysis | None = None
        """The analysis currently shown."""
        self.entry_id: int | None = None
        """The journal entry this draft was saved as (later saves update it)."""
        self.shown_generation = 0
        """The edit generation the feedback on screen belongs to."""
        self.requested_generation = 0
        """The newest edit generation; the feedback is current when the two are equal."""
        self._checker: Checker | None = None
        self._checker_error: str | None = None
        self._starters: Starters | None = None
        self._scenarios: tuple[Scenario, ...] | None = None
        self.scenario: Scenario | None = None
        """The practice scenario being worked on."""
        self.attempts: dict[str, int] = {}
        self.passed: set[str] = set()
        self.last_score: PracticeScore | None = None
        self._draft_outside_practice = ""
        self._shown: dict[str, object] = {}
        """What each feedback widget shows now, so unchanged parts are not redrawn."""
        self._wake = threading.Condition()
        self._pending: _Request | None = None
        self._closing = False

    # ------------------------------------------------------------------
    # Layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="builder-body"):
            with Vertical(id="draft-column"):
                yield Static("", id="scenario", markup=False)
                yield DraftEditor(
                    self.initial_text,
                    id="draft",
                    placeholder="Write what you want to say. ctrl+t offers starter lines.",
                )
                yield Static(self._legend(), id="legend")
                yield Static(self._carry(), id="carry")
            with VerticalScroll(id="feedback"):
                yield Static("", id="practice-result")
                yield DirectionMeter(id="direction")
                yield Static("", id="accountability")
                yield Static("", id="verdict", markup=False)
                yield Static("Findings", id="findings-title")
                yield FindingList(id="findings")
                yield Static("", id="finding-detail")
                yield SendChecklist(id="before-send")
                yield SafetyNote(self.app.series.safety_note, id="safety")
        yield Footer(compact=True)

    @staticmethod
    def _legend() -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("In the draft: ", style="dim")
        for effect, word in ((AWAY, "away"), (UNDERMINES, "undermines"), (TOWARD, "toward"), (OWNS, "owns")):
            text.append(f"{EFFECT_SYMBOLS[effect]} ")
            text.append(word, style=mark_style(effect))
            text.append("  ")
        return text

    def _carry(self) -> Text:
        """Lesson 11's "In practice" questions, shown under the draft on wide terminals."""
        lesson = self.app.series.find(REPAIR_LESSON)
        text = Text()
        if lesson is None or not lesson.in_practice:
            return text
        text.append(f"To carry with you (lesson {lesson.number}, In practice)\n", style="bold")
        for question in lesson.in_practice:
            text.append(f"  · {question}\n")
        text.rstrip()
        return text

    def on_mount(self) -> None:
        self.sub_title = "Practice" if self.practice else "Draft a repair, before you send it"
        self._load_checker()
        self._start_analysis_thread()
        editor = self.editor
        editor.border_title = "Your draft"
        if self.practice:
            self._enter_practice()
        else:
            self._show_practice_panels(False)
            # `tend draft "..."` shows its feedback at once, not a moment later.
            self._analyse_now()
            editor.move_cursor(editor.document.end)
        editor.focus()

    def on_unmount(self) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    @property
    def editor(self) -> DraftEditor:
        return self.query_one("#draft", DraftEditor)

    @property
    def findings(self) -> FindingList:
        return self.query_one("#findings", FindingList)

    @property
    def draft_text(self) -> str:
        return self.editor.text

    # ------------------------------------------------------------------
    # The checker, off the keystroke path

    def _load_checker(self) -> None:
        from tui.core.checker import checker_for

        try:
            self._checker = checker_for(self.app.content_dir)
        except TendError as error:
            self._checker_error = error.message
            self.notify(error.message, title="The checker's rules could not be loaded", severity="error", timeout=12)

    def _analyse_now(self) -> None:
        """Analyse the current text on the spot (used once, when the screen opens)."""
        with self._wake:
            self.requested_generation += 1
            generation = self.requested_generation
            self._pending = None
        if self._checker is not None:
            self._show_analysis(generation, self._checker.analyse(self.draft_text))
        else:
            self._show_analysis(generation, None)

    @on(TextArea.Changed, "#draft")
    def _draft_changed(self) -> None:
        if self._checker is None:
            return
        with self._wake:
            self.requested_generation += 1
            self._pending = _Request(self.requested_generation, self.draft_text)
            self._wake.notify()

    def _start_analysis_thread(self) -> None:
        if self._checker is not None:
            self.run_worker(self._analysis_loop, thread=True, group="analysis", exit_on_error=False)

    def _analysis_loop(self) -> None:
        """Analyse the newest pending text, for as long as the screen lives (a thread).

        One long-lived thread, woken by each edit: no thread is started per
        key, and edits made while it works replace the pending request, so a
        burst of keys costs one analysis, not one each.
        """
        checker = self._checker
        assert checker is not None
        worker = get_current_worker()
        while not worker.is_cancelled and not self._closing:
            with self._wake:
                if self._pending is None:
                    # The timeout only bounds how long a closed screen's thread lingers.
                    self._wake.wait(timeout=0.5)
                request, self._pending = self._pending, None
            if request is None:
                continue
            try:
                analysis = checker.analyse(request.text)
            except Exception:  # noqa: BLE001 - the checker promises not to raise; never kill the loop
                continue
            self.post_message(self.AnalysisReady(request.generation, analysis))

    @on(AnalysisReady)
    def _analysis_ready(self, message: AnalysisReady) -> None:
        if message.generation > self.shown_generation:
            self._show_analysis(message.generation, message.analysis)

    @property
    def feedback_current(self) -> bool:
        """True when the feedback on screen belongs to the newest text."""
        return self.shown_generation >= self.requested_generation

    def fresh_analysis(self) -> Analysis | None:
        """The analysis of the text as it is now (computed on the spot if the shown one is stale)."""
        if self._checker is None:
            return None
        if self.analysis is not None and self.analysis.text == self.draft_text:
            return self.analysis
        return self._checker.analyse(self.draft_text)

    # ------------------------------------------------------------------
    # Showing the feedback

    def _update(self, selector: str, content: str | Text, key: object = None) -> None:
        """Update a Static only when what it shows changes (each update costs a relayout)."""
        key = content if key is None else key
        if self._shown.get(selector, ...) != key:
            self._shown[selector] = key
            self.query_one(selector, Static).update(content)

    def _show_analysis(self, generation: int, analysis: Analysis | None) -> None:
        self.shown_generation = generation
        self.analysis = analysis
        editor = self.editor
        empty = not editor.text.strip()
        if analysis is None:
            self.query_one(DirectionMeter).show("unclear", 0, 0)
            self._update("#accountability", "")
            self._update("#verdict", self._checker_error or EMPTY_VERDICT)
            self.findings.set_findings(())
            editor.set_marks(())
            self._show_detail()
            return

        findings = analysis.findings
        toward = sum(1 for f in findings if f.effect in (TOWARD, OWNS))
        away = sum(1 for f in findings if f.effect == AWAY)
        unread = analysis.language == "unsupported"  # not English: nothing judged, nothing coached
        if unread:
            self.query_one(DirectionMeter).show("not-english", toward, away)
            self._update("#accountability", "")
        else:
            self.query_one(DirectionMeter).show(analysis.direction, toward, away)
            symbol, word, meaning = ACCOUNTABILITY_LABELS.get(analysis.accountability, ("?", analysis.accountability, ""))
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append("Accountability ", style="bold")
            line.append(f"{symbol} {word}", style="bold")
            line.append(f"  {meaning}")
            self._update("#accountability", line, analysis.accountability)
        self._update("#verdict", EMPTY_VERDICT if empty else analysis.verdict)

        if unread:
            self.findings.set_findings(findings, "Nothing marked: the checker reads English only.")
        else:
            self.findings.set_findings(findings)
        self._update("#findings-title", f"Findings ({len(findings)})" if findings else "Findings")
        # Offsets belong to the analysed text; while typing runs ahead of the
        # checker, keep only spans whose words are still where they were.
        current = editor.text
        editor.set_marks(
            Mark(f.start, f.end, f.effect)
            for f in findings
            if current[f.start : f.end] == analysis.text[f.start : f.end]
        )
        self._show_detail()
        self.query_one(SendChecklist).show(before_you_send(analysis))

    def _lesson_label(self, finding: Finding) -> tuple[Lesson | None, str]:
        if finding.lesson is None:
            return None, ""
        lesson = self.app.series.find(finding.lesson.slug)
        if lesson is None:
            return None, ""
        label = f"Lesson {lesson.number}, {lesson.title}"
        if finding.lesson.section:
            label += f" › {finding.lesson.section}"
        return lesson, label

    def _show_detail(self) -> None:
        finding = self.findings.selected_finding
        if finding is None:
            analysis = self.analysis
            if (
                analysis is not None
                and self.draft_text.strip()
                and analysis.accountability == "absent"
                and analysis.language != "unsupported"
            ):
                self._update("#finding-detail", Text(NOTHING_MARKED, style="dim"), NOTHING_MARKED)
            else:
                self._update("#finding-detail", "")
            return
        key = (finding.rule, finding.effect, finding.family, finding.message, finding.suggestion, finding.lesson)
        if self._shown.get("#finding-detail") == key:
            return
        text = Text()
        symbol = EFFECT_SYMBOLS.get(finding.effect, "·")
        text.append(f"{symbol} {EFFECT_NAMES.get(finding.effect, finding.effect)}", style="bold")
        text.append(f" · {family_label(finding.family)}\n", style="dim")
        text.append(f"{finding.message}\n")
        if finding.suggestion:
            if is_advice(finding.suggestion):
                text.append("Advice: ", style="bold")
                text.append(finding.suggestion)
                if finding.effect in (AWAY, UNDERMINES):
                    text.append("  (ctrl+r removes the marked words)", style="dim")
            else:
                text.append("Try: ", style="bold")
                text.append(f"“{finding.suggestion}”")
                text.append("  (ctrl+r applies it)", style="dim")
            text.append("\n")
        _, lesson_label = self._lesson_label(finding)
        if lesson_label:
            text.append("Learn: ", style="bold")
            text.append(lesson_label)
            text.append("  (ctrl+l opens it)", style="dim")
        self._update("#finding-detail", text, key)

    @on(OptionList.OptionHighlighted, "#findings")
    def _finding_highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#findings")
    def _finding_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a finding selects its words in the draft."""
        event.stop()
        finding = self.findings.selected_finding
        if finding is None:
            return
        editor = self.editor
        if editor.text[finding.start : finding.end] == finding.excerpt:
            editor.selection = Selection(editor.location_of(finding.start), editor.location_of(finding.end))
        editor.focus()

    @on(TextArea.SelectionChanged, "#draft")
    def _cursor_moved(self) -> None:
        """Moving the cursor into marked words shows that finding's details."""
        if self.analysis is not None and self.analysis.text == self.draft_text:
            self.findings.highlight_finding_at(self.editor.cursor_offset)

    # ------------------------------------------------------------------
    # Actions on a finding

    def action_apply_rewrite(self) -> None:
        """Apply the highlighted finding's suggestion to the draft."""
        finding = self.findings.selected_finding
        text = self.draft_text
        if finding is None or self.analysis is None or self.analysis.text != text:
            self.notify("Pick a finding first (ctrl+f), then apply its rewrite.", severity="warning")
            return
        plan = plan_rewrite(text, finding)
        if plan is None:
            self.notify("This finding has no rewrite to apply; ctrl+l opens the lesson that explains it.")
            return
        self.history.record(text, self.analysis, "before rewrite")
        editor = self.editor
        editor.replace_span(plan.start, plan.end, plan.replacement)
        placeholder = plan.placeholder
        if placeholder is not None:
            editor.selection = Selection(editor.location_of(placeholder[0]), editor.location_of(placeholder[1]))
            self.notify(f"{plan.description.capitalize()}. Type over the part in < > with your own words; F5 finds the next.")
        else:
            editor.move_cursor(editor.location_of(plan.start + len(plan.replacement)))
            self.notify(f"{plan.description.capitalize()}. ctrl+z undoes it.")
        editor.focus()

    def action_next_blank(self) -> None:
        """Select the next ``<...>`` left by a rewrite, after the cursor (or from the top)."""
        editor = self.editor
        text = editor.text
        after = editor.offset_of(editor.selection.end)
        match = BLANK.search(text, after) or BLANK.search(text)
        if match is None:
            self.notify("No blanks left to fill in.")
            return
        editor.selection = Selection(editor.location_of(match.start()), editor.location_of(match.end()))
        editor.focus()

    def action_open_finding_lesson(self) -> None:
        """Open the lesson section that teaches the highlighted finding."""
        finding = self.findings.selected_finding
        if finding is None or finding.lesson is None:
            self.notify("Pick a finding first (ctrl+f); each names the lesson that teaches it.", severity="warning")
            return
        lesson, _ = self._lesson_label(finding)
        if lesson is None:
            self.notify(f"There is no lesson '{finding.lesson.slug}' in this content.", severity="error")
            return
        self.app.open_lesson(lesson.slug, section_index(lesson, finding.lesson.section))

    def action_focus_findings(self) -> None:
        self.findings.focus()

    def action_focus_before_send(self) -> None:
        self.query_one("#send-moment").focus()

    # ------------------------------------------------------------------
    # Starters

    def _load_starters(self) -> Starters | None:
        if self._starters is None:
            try:
                self._starters = load_starters(self.app.content_dir)
            except ContentError as error:
                self.notify(error.message, title="Starters", severity="error", timeout=12)
        return self._starters

    def action_starters(self) -> None:
        """Pick an opening line to insert at the cursor."""
        from tui.screens.starters import StarterPicker

        starters = self._load_starters()
        if starters is not None:
            self.app.push_screen(StarterPicker(starters), self.insert_starter)

    def insert_starter(self, line: str | None) -> None:
        """Insert ``line`` at the cursor, with a space either side where words would touch."""
        if not line:
            return
        editor = self.editor
        text = editor.text
        offset = editor.cursor_offset
        before = text[offset - 1 : offset] if offset else ""
        after = text[offset : offset + 1]
        insertion = line
        if before and not before.isspace():
            insertion = " " + insertion
        if after and not after.isspace():
            insertion += " "
        editor.insert(insertion)
        editor.focus()

    # ------------------------------------------------------------------
    # Copy, save, versions

    def _keep(self, reason: str) -> int | None:
        """Record the current text as a version; the version number, or None if blank."""
        analysis = self.fresh_analysis()
        if analysis is None or not self.draft_text.strip():
            return None
        version = self.history.record(self.draft_text, analysis, reason)
        if version is None:
            latest = self.history.latest()
            return latest.number if latest else None
        return version.number

    def action_copy(self) -> None:
        """Copy the draft to the clipboard (and keep it as a version)."""
        text = self.draft_text
        if not text.strip():
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self._keep("copied")
        self.notify("Copied")

    def action_keep_version(self) -> None:
        """Keep the draft as it is now, to come back to."""
        before = len(self.history)
        number = self._keep("kept")
        if number is None:
            self.notify("Nothing to keep yet.", severity="warning")
        elif len(self.history) == before:
            self.notify(f"No change since version {number}.")
        else:
            self.notify(f"Kept as version {number}. F2 lists the versions.")

    def action_save(self) -> None:
        """Save the draft and its analysis to the journal; a failure leaves the draft as it is."""
        from tui.core.journal import ChecklistItem, Entry

        text = self.draft_text
        analysis = self.fresh_analysis()
        if not text.strip() or analysis is None:
            self.notify("Write something before saving.", severity="warning")
            return
        self._keep("saved")
        checklist = self.query_one(SendChecklist)
        record = dict(analysis.to_dict())
        record["versions"] = self.history.as_records()
        entry = Entry(
            kind="draft",
            repair=text,
            note=f"Drafted in the repair builder: direction {analysis.direction}, "
            f"accountability {analysis.accountability}.",
            lesson=REPAIR_LESSON,
            analysis=record,
            checklist=[
                ChecklistItem(question, "yes" if checklist.ticked[key] else "not yet")
                for key, question in checklist.questions.items()
            ],
            tags=["builder", analysis.direction],
        )
        try:
            journal = self.app.journal
            if self.entry_id is not None and journal.get(self.entry_id) is not None:
                stored = journal.get(self.entry_id)
                assert stored is not None
                entry.id = stored.id
                entry.created = stored.created
                journal.update(entry)
                message = f"Saved to the journal (entry {self.entry_id} updated)."
            else:
                self.entry_id = journal.add(entry)
                message = f"Saved to the journal as entry {self.entry_id}."
        except TendError as error:
            self.notify(error.message, title="Not saved; your draft is still here", severity="error", timeout=12)
            return
        notice = getattr(journal, "save_notice", None)
        self.notify(f"{message} {notice}" if notice else message)

    def action_versions(self) -> None:
        """List the kept versions; restoring one replaces the draft (the current text is kept first)."""
        from tui.screens.versions import VersionPicker

        self.app.push_screen(VersionPicker(self.history.versions), self.restore_version)

    def restore_version(self, number: int | None) -> None:
        """Put version ``number`` back in the editor."""
        if number is None:
            return
        version = next((v for v in self.history.versions if v.number == number), None)
        if version is None:
            return
        if self.draft_text != version.text:
            self._keep("before restore")
        editor = self.editor
        editor.replace(version.text, editor.document.start, editor.document.end)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self.notify(f"Restored version {number}. ctrl+z undoes it.")

    # ------------------------------------------------------------------
    # Practice

    def _load_scenarios(self) -> tuple[Scenario, ...]:
        if self._scenarios is None:
            try:
                self._scenarios = load_scenarios(self.app.content_dir)
            except ContentError as error:
                self.notify(error.message, title="Scenarios", severity="error", timeout=12)
                return ()
        return self._scenarios

    def _show_practice_panels(self, on: bool) -> None:
        self.set_class(on, "-practice")
        self.query_one("#scenario").display = on
        self.query_one("#practice-result").display = on and self.last_score is not None

    def _enter_practice(self) -> None:
        scenarios = self._load_scenarios()
        if not scenarios:
            self.practice = False
            self._show_practice_panels(False)
            self._analyse_now()
            return
        self.practice = True
        self.sub_title = "Practice"
        self._draft_outside_practice = self.draft_text
        upcoming = [s for s in scenarios if s.key not in self.passed]
        self.start_scenario((upcoming or list(scenarios))[0].key)

    def _leave_practice(self) -> None:
        self.practice = False
        self.scenario = None
        self.last_score = None
        self.sub_title = "Draft a repair, before you send it"
        self._show_practice_panels(False)
        self._set_text(self._draft_outside_practice)
        self.refresh_bindings()

    def _set_text(self, text: str) -> None:
        editor = self.editor
        editor.load_text(text)
        editor.move_cursor(editor.document.end)
        self._analyse_now()

    def start_scenario(self, key: str | None) -> None:
        """Show scenario ``key`` with an empty draft."""
        if key is None:
            return
        scenario = next((s for s in self._load_scenarios() if s.key == key), None)
        if scenario is None:
            return
        self.scenario = scenario
        self.last_score = None
        self._show_practice_panels(True)
        self._render_scenario()
        self.query_one("#practice-result", Static).update("")
        self.editor.border_title = "Your reply" if scenario.kind == "accept" else "Your repair"
        self._set_text("")
        self.editor.focus()
        self.refresh_bindings()

    def _render_scenario(self) -> None:
        scenario = self.scenario
        if scenario is None:
            return
        scenarios = self._load_scenarios()
        position = next(i for i, s in enumerate(scenarios) if s.key == scenario.key) + 1
        text = Text()
        text.append(f"Practice {position}/{len(scenarios)} · {scenario.title}", style="bold")
        text.append(f" ({scenario.relationship})\n", style="dim")
        text.append(scenario.situation)
        if scenario.their_words:
            text.append("\nThey say: ", style="bold")
            text.append(f"“{scenario.their_words}”", style="italic")
        text.append(f"\n{scenario.ask}", style="bold")
        text.append("  ctrl+s checks it.", style="dim")
        self.query_one("#scenario", Static).update(text)

    def action_score(self) -> None:
        """Score the practice draft; from the first try on, show a model answer."""
        scenario = self.scenario
        analysis = self.fresh_analysis()
        if scenario is None or analysis is None:
            return
        if not self.draft_text.strip():
            self.notify("Write your reply first, then ctrl+s checks it.", severity="warning")
            return
        if self.analysis is None or self.analysis.text != analysis.text:
            with self._wake:
                self.requested_generation += 1
                generation = self.requested_generation
                self._pending = None
            self._show_analysis(generation, analysis)
        self.attempts[scenario.key] = self.attempts.get(scenario.key, 0) + 1
        score = score_practice(scenario, analysis)
        self.last_score = score
        if score.passed:
            self.passed.add(scenario.key)
        text = Text()
        text.append(("✓ " if score.passed else "… ") + score.headline + "\n", style="bold")
        for point in score.points:
            text.append(f"  {point}\n")
        text.append("One possible reply: ", style="bold")
        text.append(f"“{scenario.model_answer}”")
        if scenario.why:
            text.append(f"\n{scenario.why}", style="dim")
        text.append("\nctrl+n: next scenario", style="dim")
        result = self.query_one("#practice-result", Static)
        result.update(text)
        result.display = True
        result.set_class(score.passed, "-passed")
        self.query_one("#feedback", VerticalScroll).scroll_home(animate=False)

    def action_next_scenario(self) -> None:
        """Go on to the next scenario (round to the first after the last)."""
        scenarios = self._load_scenarios()
        if not scenarios or self.scenario is None:
            return
        index = next(i for i, s in enumerate(scenarios) if s.key == self.scenario.key)
        self.start_scenario(scenarios[(index + 1) % len(scenarios)].key)

    def action_scenarios(self) -> None:
        """Choose a practice scenario (entering practice mode if needed)."""
        from tui.screens.practice import ScenarioPicker

        scenarios = self._load_scenarios()
        if not scenarios:
            return

        def chosen(key: str | None) -> None:
            if key is None:
                return
            if not self.practice:
                self._draft_outside_practice = self.draft_text
                self.practice = True
            self.start_scenario(key)

        current = self.scenario.key if self.scenario else None
        self.app.push_screen(ScenarioPicker(scenarios, self.passed, current), chosen)

    def action_toggle_practice(self) -> None:
        """Switch between drafting your own repair and practising with scenarios."""
        if self.practice:
            self._leave_practice()
        else:
            self._enter_practice()

    # ------------------------------------------------------------------
    # Leaving

    def action_back(self) -> None:
        """Leave the builder, checking first if an unsaved draft would be lost."""
        from tui.screens.dialogs import ConfirmDialog

        latest = self.history.latest()
        text = self._draft_outside_practice if self.practice else self.draft_text
        unsaved = bool(text.strip()) and (latest is None or latest.text != text) and text != self.initial_text
        if not unsaved:
            self.dismiss()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(
            ConfirmDialog("Leave the builder? This draft has not been copied or saved.", yes="Leave", no="Stay"),
            answer,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return not self.practice
        if action in ("score", "next_scenario"):
            return self.practice
        return True


def section_index(lesson: Lesson, title: str | None) -> int:
    """The index of the section called ``title``: exact match first, then a heading that starts with it."""
    if not title:
        return 0
    wanted = title.casefold()
    for index, section in enumerate(lesson.sections):
        if section.title.casefold() == wanted:
            return index
    for index, section in enumerate(lesson.sections):
        if section.title.casefold().startswith(wanted):
            return index
    return lesson.section_index(title)


__all__ = ["RepairBuilderScreen", "section_index"]
