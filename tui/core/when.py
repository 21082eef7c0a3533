"""Reading the time someone says they will come back by.

After stepping away from a hard conversation, a person notes when they will
return: "21:30", "tomorrow 9:00", "in 30 minutes", "9pm", or an ISO date-time.
:func:`parse_when` turns that into an aware ``datetime`` relative to ``now``;
:func:`describe_due` says how that time relates to now in a few words. No
Textual here: the journal screen and the command line both use it.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from tui.core.errors import TendError

EXAMPLES = "21:30, 9pm, tomorrow 9:00, in 30 minutes, or 2026-11-26 21:30"
"""What the error line suggests, so a person can copy one of the shapes."""

MAX_AHEAD = timedelta(days=366)
"""A promise further away than this is almost certainly a typo."""


class WhenError(TendError):
    """A time that could not be read; the message says which shapes work."""


_CLOCK = re.compile(r"^(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?$")
_RELATIVE = re.compile(r"^in\s+(?P<rest>.+)$")
_AMOUNT = re.compile(
    r"(?P<number>\d+(?:\.\d+)?|an?|half an?)\s*"
    r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?|d)\b"
)
_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1}
_UNIT_MINUTES = {"m": 1, "min": 1, "h": 60, "hr": 60, "hour": 60, "d": 1440, "day": 1440}


def parse_when(text: str, now: datetime) -> datetime:
    """The moment ``text`` names, in ``now``'s time zone.

    A bare clock time that has already passed today means tomorrow (nobody
    promises to come back in the past). Raises :class:`WhenError` with one
    line saying what was not understood and which shapes work.
    """
    if now.tzinfo is None:
        now = now.astimezone()
    cleaned = " ".join(text.strip().casefold().split())
    if not cleaned:
        raise WhenError(f"say when you will come back, e.g. {EXAMPLES}")
    moment = (
        _parse_iso(cleaned, now)
        or _parse_relative(cleaned, now)
        or _parse_day_and_clock(cleaned, now)
    )
    if moment is None:
        raise WhenError(f"could not read {text.strip()!r} as a time; try {EXAMPLES}")
    if moment - now > MAX_AHEAD:
        raise WhenError(f"{text.strip()!r} is more than a year away; try {EXAMPLES}")
    return moment


def _parse_iso(text: str, now: datetime) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        moment = datetime.fromisoformat(text.upper().replace(" ", "T", 1))
    except ValueError:
        raise WhenError(f"{text!r} is not a real date-time; try {EXAMPLES}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=now.tzinfo)
    return moment


def _parse_relative(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.match(text)
    if match is None:
        return None
    rest = match.group("rest").replace(" and ", " ")
    total = 0.0
    position = 0
    found = False
    for amount in _AMOUNT.finditer(rest):
        if rest[position : amount.start()].strip(" ,"):
            return None
        number_text = amount.group("number")
        if number_text.startswith("half"):
            number = 0.5
        elif number_text in ("a", "an"):
            number = 1.0
        else:
            number = float(number_text)
        unit = amount.group("unit").rstrip("s") or "m"
        total += number * _UNIT_MINUTES.get(unit, _UNIT_MINUTES.get(unit[:3], 1))
        position = amount.end()
        found = True
    if not found or rest[position:].strip(" ,") or total <= 0:
        return None
    if total > MAX_AHEAD.total_seconds() / 60:
        raise WhenError(f"'in {match.group('rest')}' is more than a year away; try {EXAMPLES}")
    return (now + timedelta(minutes=total)).replace(microsecond=0)


def _parse_day_and_clock(text: str, now: datetime) -> datetime | None:
    words = text.replace(" at ", " ").split(" ", 1)
    day_offset: int | None = None
    clock_text = text
    if words[0] in _DAY_WORDS:
        day_offset = _DAY_WORDS[words[0]]
        clock_text = words[1] if len(words) > 1 else ""
        if not clock_text:
            return None
    clock = _parse_clock(clock_text.strip())
    if clock is None:
        return None
    if words[0] == "tonight" and clock.hour < 12:
        clock = clock.replace(hour=clock.hour + 12)
    base = now.date() + timedelta(days=day_offset or 0)
    moment = datetime.combine(base, clock, tzinfo=now.tzinfo)
    if day_offset is None and moment <= now:
        moment += timedelta(days=1)
    return moment


def _parse_clock(text: str) -> time | None:
    match = _CLOCK.match(text.replace(" ", "") if re.search(r"[ap]\.?m\.?$", text) else text)
    if match is None:
        return None
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    half = (match.group("half") or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group("minute") is None:
        # A lone number ("9") is too ambiguous to guess am or pm.
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def describe_due(due: datetime, now: datetime) -> str:
    """'overdue by 25 min', 'due in 2 h 5 min', 'due in 3 days'."""
    delta = due - now
    late = delta.total_seconds() < 0
    words = _span(abs(delta))
    return f"overdue by {words}" if late else f"due in {words}"


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


def format_moment(moment: datetime, now: datetime) -> str:
    """A short local time: 'today 21:30', 'tomorrow 09:00', 'Thu 3 Dec 21:30'."""
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    return f"{local:%a} {local.day} {local:%b %Y} {clock}"
