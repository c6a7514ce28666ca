"""The rendered answer page of a survey, kept in memory per version, language and address.

Every family gets the same form; only the submission token differs (a signed, stateless
token: no session is written). The page is rendered once with a placeholder and the token
is put in per request, which takes the survey page from a dozen milliseconds to well under
one. The key holds the survey's and the organisation's `updated_at`, which every edit moves
on, so a change is seen at once.

The fixed parts around the placeholder are also kept gzip-compressed (each part its own run
of deflate blocks, ended by a sync flush), so a compressed page is put together from them
and the token without compressing ten kilobytes for every visitor.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections import OrderedDict

TOKEN_SLOT = "__yhessa_token_slot__"
MAX_PAGES = 256
_CRC_SLICE = 4096

#: A gzip member header: deflate, no file name, no time, unknown OS.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
#: The last, empty block of a deflate stream (BFINAL set, fixed Huffman codes, end of block).
_LAST_BLOCK = b"\x03\x00"


class Page:
    """A rendered page split at its token placeholders: the text parts, and each part deflated."""

    def __init__(self, rendered: str):
        self.parts = [piece.encode() for piece in rendered.split(TOKEN_SLOT)]
        self.deflated = [_deflate(part) for part in self.parts]
        self.size = sum(map(len, self.parts))
        #: The CRC-32 after the first part, which is the same for every visitor, and each later
        #: part in slices small enough for zlib to keep the interpreter lock (it lets go of it for
        #: more than 5 KB, and the thread serving the page may then wait to get it back).
        self.first_crc = zlib.crc32(self.parts[0])
        self.slices = [[memoryview(part)[start:start + _CRC_SLICE] for start in range(0, len(part), _CRC_SLICE)]
                       for part in self.parts[1:]]

    def fill(self, token: str) -> bytes:
        """The page with the token put in."""
        return token.encode().join(self.parts)

    def gzip(self, token: str) -> bytes:
        """The same page, gzip-compressed: the stored deflate parts with the token between them
        as stored (uncompressed) blocks. Any gzip reader gives back exactly `fill()`."""
        value = token.encode()
        between = _stored_block(value)
        blocks = [_GZIP_HEADER, self.deflated[0]]
        crc = self.first_crc
        for deflated, slices in zip(self.deflated[1:], self.slices, strict=True):
            blocks += (between, deflated)
            crc = zlib.crc32(value, crc)
            for piece in slices:
                crc = zlib.crc32(piece, crc)
        blocks.append(_LAST_BLOCK)
        size = self.size + len(value) * (len(self.parts) - 1)
        blocks.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
        return b"".join(blocks)


def _deflate(data: bytes) -> bytes:
    """`data` as raw deflate blocks that end on a byte boundary and refer to nothing before them."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _stored_block(data: bytes) -> bytes:
    """`data` as one stored, not-last deflate block (the token: short, ASCII, random)."""
    assert len(data) <= 0xFFFF, "a stored block holds at most 65,535 bytes"
    return b"\x00" + struct.pack("<HH", len(data), 0xFFFF ^ len(data)) + data


_pages: OrderedDict[tuple, Page] = OrderedDict()
_lock = threading.Lock()


def page_key(survey_id: int, survey_changed_at, organisation_changed_at, locale: str, full_path: str) -> tuple:
    """The cache key of a survey's blank form: its version, the organisation's (its name and
    contact details are on the page), the language and the address with its query string."""
    return survey_id, survey_changed_at, organisation_changed_at, locale, full_path


def get(key: tuple) -> Page | None:
    with _lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
        return page


def put(key: tuple, rendered: str) -> Page:
    page = Page(rendered)
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return page


def clear() -> None:
    with _lock:
        _pages.clear()
