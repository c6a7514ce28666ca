"""The rendered answer page of a survey, kept in memory per version, language and address.

Every family gets the same form; only the CSRF and submission tokens differ. The page is
rendered once with placeholders and the tokens are put in per request, which takes the
survey page from a dozen milliseconds to about one. The key holds the survey's and the
organisation's `updated_at`, which every edit moves on, so a change is seen at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

CSRF_SLOT = "__yhessa_csrf_slot__"
TOKEN_SLOT = "__yhessa_token_slot__"
MAX_PAGES = 256

_pages: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()


def get(key: tuple) -> str | None:
    with _lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
        return page


def put(key: tuple, page: str) -> None:
    with _lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)


def fill(page: str, csrf: str, token: str) -> str:
    return page.replace(CSRF_SLOT, csrf).replace(TOKEN_SLOT, token)


def clear() -> None:
    with _lock:
        _pages.clear()
