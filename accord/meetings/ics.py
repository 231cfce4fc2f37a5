"""A meeting as an iCalendar (RFC 5545) file, written by hand: text escaped (backslash,
semicolon, comma, line breaks), times in UTC, lines folded at 75 octets with CRLF."""

import datetime
from typing import Any

CRLF = "\r\n"
LIMIT = 75  # octets per line, without the CRLF


def escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    # Other control characters have no place in a content line.
    return "".join(ch for ch in text if ch == "\t" or ord(ch) >= 32 and ord(ch) != 127)


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character;
    each continuation starts with one space."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = LIMIT if not out else LIMIT - 1
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return (CRLF + " ").join(out)


def _uri(value: str) -> str:
    """URIs are not TEXT: no escaping, only nothing that could break the line."""
    return "".join(ch for ch in value if 32 < ord(ch) != 127)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(
    meeting: Any, *, url: str = "", host: str = "accord", now: datetime.datetime | None = None
) -> str:
    now = now or datetime.datetime.now(datetime.UTC)
    description = meeting.agenda or ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Accord//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{_uri(host)}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SEQUENCE:{max(meeting.version - 1, 0)}",
        f"SUMMARY:{escape(meeting.title)}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape(meeting.location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if meeting.link:
        lines.append(f"URL:{_uri(meeting.link)}")
    elif url:
        lines.append(f"URL:{_uri(url)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
