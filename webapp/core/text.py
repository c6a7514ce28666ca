"""One cleaning rule for text typed by people."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """Text in Unicode NFC, so that a Skolt Sámi letter typed two ways is stored one way."""
    return unicodedata.normalize("NFC", text)
