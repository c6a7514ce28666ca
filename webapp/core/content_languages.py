"""Translatable content against the organisation's language rules: what is missing where.

An organisation can require languages before anything is published (Sodankylä: Finnish and
Northern Sámi, under the Sámi Language Act); editors and the translations page see the gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from webapp.core.database.types import Translations
from webapp.core.features import registry
from webapp.core.i18n import LANGUAGE_NAMES, ordered_locales


def missing_languages(wanted, *values) -> list[str]:
    """The `wanted` languages that any of the written texts lacks (a text not written at all,
    None or empty, is optional: the form checks that)."""
    missing: set[str] = set()
    for value in values:
        text = Translations(value)
        if text:
            missing |= set(text.missing(wanted))
    return ordered_locales(missing)


def missing_required(organisation, *values) -> list[str]:
    """The organisation's required languages that any of the written texts lacks."""
    return missing_languages(organisation.required_locales or [], *values)


def language_list(locales) -> str:
    return ", ".join(LANGUAGE_NAMES[code] for code in ordered_locales(locales))


def required_message(locales):
    """The refusal shown when something would be published without a required language (lazy:
    a service may raise it before the page that shows it is rendered)."""
    return _l("Publishing needs the texts in every required language. Missing: %(languages)s.",
              languages=language_list(locales))


@dataclass
class Gap:
    """One translatable thing with languages missing, for the translations page."""

    kind: str
    name: str
    url: str
    missing: list[str]


def gaps_in(kind: str, name: str, url: str, locales, *values) -> Gap | None:
    """A Gap for one thing when any of its texts lacks one of `locales`, else None."""
    missing = missing_languages(locales, *values)
    return Gap(kind, name, url, missing) if missing else None


def content_gaps(organisation) -> list[Gap]:
    """Everything the organisation has written that lacks one of its content languages
    (a survey: one of its own languages), with a link to where it is edited: what every
    feature's registered gap provider finds."""
    locales = ordered_locales(organisation.content_locales)
    return [gap for provider in registry().gap_providers for gap in provider(organisation, locales) if gap]
