"""One cleaning rule for text typed by people, whatever the way in (forms, survey answers,
the API, spreadsheet imports): Unicode NFC, Windows line ends folded, outer white space off.
Text holding a NUL or a U+FFFD replacement character is refused with a message, never
silently changed: PostgreSQL cannot store a NUL, and U+FFFD means bytes were lost on the way."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

#: What a text may not hold.
UNSTORABLE = ("\x00", "\ufffd")
#: The message for such text, shown beside the field.
UNSTORABLE_MESSAGE = _l("The text contains characters that cannot be saved. Remove them and try again.")


def nfc(text: str) -> str:
    """Text in Unicode NFC, so that a Skolt Sámi letter typed two ways is stored one way."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """The stored form of typed text: NFC, `\\r\\n` as `\\n`, surrounding white space removed."""
    return nfc(text.replace("\r\n", "\n")).strip()


#: Lone surrogates: no UTF-8 encodes them, so no database stores them (JSON's "\ud800" gives one).
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_unstorable(text: str) -> bool:
    """Whether the text holds a character that is refused (see UNSTORABLE) or a lone surrogate."""
    return any(character in text for character in UNSTORABLE) or _SURROGATE.search(text) is not None
