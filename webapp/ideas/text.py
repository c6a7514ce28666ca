"""Family-written text on the way out: escaped HTML with line breaks, links marked `nofollow ugc`, and
personal-data matches highlighted for staff; and the link count the forms limit."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

MAX_LINKS = 3
_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]", re.IGNORECASE)


def link_count(text: str) -> int:
    return len(_URL.findall(text))


def render(text: str, highlights=()) -> Markup:
    """Escaped text with line breaks, links as `rel="nofollow ugc"`, and optional `<mark>`
    around personal-data matches (for moderators)."""
    marks = sorted(highlights, key=lambda m: m.start)
    pieces, position = [], 0
    for match in marks:
        if match.start < position:  # overlaps the previous match (a code inside an email …)
            continue
        pieces.append(_linked(text[position:match.start]))
        pieces.append(Markup('<mark class="pd pd-%s">%s</mark>') % (match.kind, text[match.start:match.end]))
        position = match.end
    pieces.append(_linked(text[position:]))
    return Markup("").join(pieces).replace("\n", Markup("<br>"))


def _linked(text: str) -> Markup:
    out, position = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[position:match.start()]))
        out.append(Markup('<a href="%s" rel="nofollow ugc noopener">%s</a>') % (match.group(), match.group()))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)
