"""What a feature contributes beyond its routes, registered by its `init_app(app)`.

A feature package adds its blueprints and commands to the app directly; the parts that other
code runs over every feature (retention rules for `flask purge`, demo loaders for `flask
demo-data`, translation-gap providers for the translations page) go into this registry, so
that the core never imports a feature to find them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:  # annotations only: the core does not import features at run time
    from webapp.core.content_languages import Gap
    from webapp.orgs.models import Organisation

#: A retention rule takes the current time and returns how many rows it removed or reminded.
RetentionRule = Callable[[datetime], int]
#: A demo loader adds a feature's demo content to one organisation (idempotent).
DemoLoader = Callable[["Organisation"], None]
#: A gap provider yields the organisation's translatable things that lack a language.
GapProvider = Callable[["Organisation", list[str]], Iterator["Gap"]]


@dataclass
class Registry:
    retention_rules: list[tuple[str, RetentionRule]] = field(default_factory=list)
    demo_loaders: list[DemoLoader] = field(default_factory=list)
    gap_providers: list[GapProvider] = field(default_factory=list)
    #: Run once after every demo organisation exists (a county with its member municipalities).
    demo_finishers: list[Callable[[], None]] = field(default_factory=list)


def registry(app: Flask | None = None) -> Registry:
    """The app's registry (the current app's by default)."""
    app = app or current_app
    return app.extensions.setdefault("yhessa.features", Registry())


def retention_rule(app: Flask, name: str, rule: RetentionRule) -> None:
    """Add a rule for `flask purge`; `name` says what it removes, for the command's output."""
    registry(app).retention_rules.append((name, rule))


def demo_loader(app: Flask, loader: DemoLoader) -> None:
    """Add a feature's demo content; loaders run in the order features are registered."""
    registry(app).demo_loaders.append(loader)


def demo_finisher(app: Flask, finisher: Callable[[], None]) -> None:
    """Add demo content that needs every demo organisation (loaded after them, in order)."""
    registry(app).demo_finishers.append(finisher)


def gap_provider(app: Flask, provider: GapProvider) -> None:
    """Add a source of missing translations for the staff translations page."""
    registry(app).gap_providers.append(provider)
