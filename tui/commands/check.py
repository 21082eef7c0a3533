"""``tend check``: the repair checker from the shell.

``tend check TEXT`` prints a short readable report: the two labels, the
verdict, and each finding with its excerpt marked in place, why it matters and
a rewrite. ``--json`` prints the analysis as one JSON object; ``-`` reads the
message from stdin; ``--json --lines`` reads stdin one message per line and
writes one JSON object per line, flushing after each, so another program can
stream through it. The exit status is 0 whatever the verdict; usage errors
exit 2 with one line. Nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Iterator
from typing import IO, Any

from tui.commands import Context
from tui.core.errors import TendError

WIDTH = 78
_EFFECT_WORDS = {
    "toward": "reaches toward",
    "away": "pulls away",
    "owns": "owns a part",
    "undermines": "hollows the apology",
}
_CONTEXT = 24


def configure(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``check`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "check",
        help="check a message for direction and accountability",
        description=(
            "Check a message you mean to say or send after a rupture: does it move toward or away, "
            "and does it own a part? Exit status is 0 whatever the verdict."
        ),
    )
    parser.add_argument("text", nargs="*", help="the message (words are joined by spaces); - reads it from stdin")
    parser.add_argument("--json", action="store_true", help="print the analysis as JSON")
    parser.add_argument(
        "--lines", action="store_true", help="with --json: read stdin one message per line, write one JSON object per line"
    )
    return parser


def _write(stream: IO[str], text: str) -> None:
    """Write ``text`` even if the stream's encoding cannot hold every character."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))


def _json_line(data: dict[str, Any], stream: IO[str]) -> None:
    line = json.dumps(data, ensure_ascii=False)
    try:
        stream.write(line + "\n")
    except UnicodeEncodeError:
        stream.write(json.dumps(data, ensure_ascii=True) + "\n")


def _read_stdin_all() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer.read().decode("utf-8", "replace")
    return sys.stdin.read()


def _stdin_lines() -> Iterator[str]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        for raw in iter(buffer.readline, b""):
            yield raw.decode("utf-8", "replace")
    else:
        for line in iter(sys.stdin.readline, ""):
            yield line


def _one_line(text: str) -> str:
    """Control characters and line breaks shown as spaces, so the report keeps its shape."""
    return "".join(" " if (ch < " " or ch == "\x7f") else ch for ch in text)


def _marked(text: str, start: int, end: int) -> str:
    """The excerpt in ⟦brackets⟧ with a little context either side, on one line."""
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    # widen to word edges so context does not begin or end mid-word
    while left > 0 and not text[left - 1].isspace():
        left -= 1
        if start - left > _CONTEXT + 12:
            break
    while right < len(text) and not text[right].isspace():
        right += 1
        if right - end > _CONTEXT + 12:
            break
    before = ("…" if left > 0 else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return _one_line(f"{before}⟦{text[start:end]}⟧{after}").strip()


def render_report(analysis: Any) -> str:
    """The readable report for one analysis, wrapped for an 80-column terminal."""
    wrap = textwrap.TextWrapper(width=WIDTH, break_long_words=True, break_on_hyphens=False)
    indent = textwrap.TextWrapper(
        width=WIDTH, initial_indent="   ", subsequent_indent="   ", break_long_words=True, break_on_hyphens=False
    )
    if getattr(analysis, "language", "en") == "unsupported":
        return "\n".join(["language: not English", *wrap.wrap(analysis.verdict)]) + "\n"
    lines = [
        f"direction: {analysis.direction}    accountability: {analysis.accountability}",
        *wrap.wrap(analysis.verdict),
    ]
    if not analysis.findings:
        lines.append("")
        lines.extend(wrap.wrap("Nothing in this message reaches toward or pulls away yet. One way to start: "
                               "\"I feel like I lost you back there. Can we try again?\""))
    for number, finding in enumerate(analysis.findings, start=1):
        lines.append("")
        found_by = " (model)" if getattr(finding, "source", "rule") == "model" else ""
        lines.append(f"{number}. {_EFFECT_WORDS.get(finding.effect, finding.effect)} · {finding.family}{found_by}")
        lines.extend(indent.wrap(_marked(analysis.text, finding.start, finding.end)))
        lines.extend(indent.wrap(finding.message))
        if finding.suggestion:
            lines.extend(indent.wrap(f"Try: {finding.suggestion}"))
        if finding.lesson is not None:
            where = finding.lesson.slug + (f" › {finding.lesson.section}" if finding.lesson.section else "")
            lines.extend(indent.wrap(f"Lesson: {where}"))
    return "\n".join(lines) + "\n"


def _usage(message: str) -> int:
    _write(sys.stderr, f"tend check: {message}\n")
    return 2


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Run ``tend check``; returns the exit status."""
    words: list[str] = list(getattr(args, "text", None) or [])
    as_json = bool(getattr(args, "json", False))
    by_lines = bool(getattr(args, "lines", False))
    if by_lines and not as_json:
        return _usage("--lines needs --json (one JSON object per input line)")
    if by_lines and words and words != ["-"]:
        return _usage("--lines reads messages from stdin; leave out the message text")
    if not by_lines and not words:
        return _usage('give the message to check, e.g. tend check "I\'m sorry I snapped", or - to read stdin')

    from tui.core.checker import checker_for

    try:
        checker = checker_for(ctx.content_dir)
    except TendError as exc:
        _write(sys.stderr, f"tend: {exc.message}\n")
        return exc.exit_code

    out = sys.stdout
    if by_lines:
        for line in _stdin_lines():
            message = line[:-1] if line.endswith("\n") else line
            if message.endswith("\r"):
                message = message[:-1]
            _json_line(checker.analyse(message).to_dict(), out)
            out.flush()
        return 0

    text = _read_stdin_all() if words == ["-"] else " ".join(words)
    analysis = checker.analyse(text)
    if as_json:
        _json_line(analysis.to_dict(), out)
    else:
        _write(out, render_report(analysis))
    out.flush()
    return 0
