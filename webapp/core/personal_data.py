"""Finding text that looks like personal data: Finnish personal identity codes (with a valid
check character, including the century signs of 2023), Finnish phone numbers, emails."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale, gettext

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Century signs: + 1800s; - Y X W V U 1900s; A B C D E F 2000s (the letters since 2023).

# Spaces around the century sign are allowed ("010115 A 123L"), as people type them.
_HETU = re.compile(r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2}) ?([-+YXWVUABCDEF]) ?(\d{3})([0-9A-Y])(?![0-9A-Za-z])",
                   re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![\w+(])(?:(?:\+|00)358[\s-]?(?:\(0\))?|\(?0)"  # +358 / 00358 / (0 / a leading 0
    r"\d{1,3}\)?"                                       # area or operator code: 9, 40, 50 …
    r"[\s.-]?(?:\d[\s.-]?){4,7}\d(?!\w)")               # the subscriber number (040.123.4567 too)
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2}")  # 01.02.2024, a date
_MAYBE = re.compile(r"\d\d|@")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    kind: str  # "id_code", "phone", "email"


def hetu_is_valid(day: str, month: str, year: str, sign: str, serial: str, check: str) -> bool:
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12 and int(serial) >= 2):
        return False
    return CHECK_CHARACTERS[int(day + month + year + serial) % 31] == check.upper()


def find(text: str) -> list[Match]:
    """Everything in `text` that looks like personal data, in order of position."""
    found = [Match(m.start(), m.end(), "id_code") for m in _HETU.finditer(text) if hetu_is_valid(*m.groups())]
    found += [Match(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    taken = [(m.start, m.end) for m in found]
    for m in _PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        overlaps = any(start < m.end() and m.start() < end for start, end in taken)
        is_date = _DATE.match(m.group().lstrip("("))
        if 7 <= digits <= 15 and not overlaps and not is_date:  # 00358 + area + subscriber is up to 15
            found.append(Match(m.start(), m.end(), "phone"))
    return sorted(found, key=lambda m: m.start)


def looks_personal(*texts: str | None) -> bool:
    return any(find(text) for text in texts if text)


def marker(locale: str | None = None) -> str:
    """What stands where personal data was removed ("[poistettu]"), in `locale` or the current language."""
    if locale is None:
        return gettext("[removed]")
    with force_locale(locale):
        return gettext("[removed]")


def mask(text: str | None, locale: str | None = None, *, replacement: str | None = None) -> str:
    """`text` with every match replaced by the marker, in `locale` (the language the text is written
    in) or the current language, or by `replacement`. This is the one boundary check: text that leaves
    the system (the API, webhooks, the steering report, exports, promotions to the backlog) passes it."""
    if not text:
        return text or ""
    if not _MAYBE.search(text):  # no two digits in a row and no "@": nothing to find (most answers)
        return text
    replacement = marker(locale) if replacement is None else replacement
    pieces, position = [], 0
    for match in find(text):
        if match.start < position:
            continue
        pieces += [text[position:match.start], replacement]
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)
