"""The application class: Flask, answering `ensure_sync` once per function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

#: More distinct functions than any app of this size has hooks and views: past it, a function
#: (one made afresh on each call) is wrapped each time instead of remembered.
_REMEMBERED = 4096


class Application(Flask):
    """Flask asks `ensure_sync` of every hook and view on every request (a dozen times for a
    page), and each answer inspects the function's code flags; the answer never changes for
    one function, so it is remembered. (The app has no async views; one would still be run
    through Flask's own wrapper.)"""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._synced: dict[Callable, Callable] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        synced = self._synced.get(func)
        if synced is None:
            synced = super().ensure_sync(func)
            if len(self._synced) < _REMEMBERED:
                self._synced[func] = synced
        return synced
