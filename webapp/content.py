"""Translatable content against the organisation's language rules: what is missing where.

An organisation can require languages before anything is published (Sodankylä: Finnish and
Northern Sámi, under the Sámi Language Act); editors and the translations page see the gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.db import Translations
from webapp.extensions import db
from webapp.i18n import LANGUAGE_NAMES, localize, ordered_locales


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


def content_gaps(organisation) -> list[Gap]:
    """Everything the organisation has written that lacks one of its content languages
    (a survey: one of its own languages), with a link to where it is edited."""
    from webapp.backlog.models import BacklogItem
    from webapp.ideas.services import boards_of
    from webapp.surveys.models import Survey, SurveyStatus
    from webapp.surveys.services import missing_translations

    locales = ordered_locales(organisation.content_locales)
    gaps: list[Gap] = []

    def add(kind, name, url, *values):
        missing = missing_languages(locales, *values)
        if missing:
            gaps.append(Gap(kind, name, url, missing))

    add(_("Organisation"), localize(organisation.name), url_for("staff.settings", org=organisation.slug),
        organisation.name, organisation.description, organisation.join_text)
    for area in organisation.service_areas:
        add(_("Service area"), localize(area.name),
            url_for("staff.edit_service_area", org=organisation.slug, area_id=area.id), area.name)
    surveys = db.session.scalars(sa.select(Survey).where(Survey.organisation_id == organisation.id,
                                                         Survey.status != SurveyStatus.ARCHIVED).order_by(Survey.id))
    for survey in surveys:
        missing = [locale for locale, names in missing_translations(survey).items() if names]
        if missing:
            gaps.append(Gap(_("Survey"), localize(survey.title),
                            url_for("survey_admin.edit", org=organisation.slug, survey_id=survey.id),
                            ordered_locales(missing)))
    for board in boards_of(organisation):
        add(_("Idea board"), localize(board.title),
            url_for("idea_admin.edit_board", org=organisation.slug, board_id=board.id), board.title, board.prompt)
    items = db.session.scalars(sa.select(BacklogItem).where(BacklogItem.organisation_id == organisation.id,
                                                            BacklogItem.is_public.is_(True)).order_by(BacklogItem.id))
    for item in items:
        add(_("Public answer"), localize(item.public_title) or item.title,
            url_for("backlog_admin.item", org=organisation.slug, item_id=item.id), item.public_title,
            item.public_answer)
    return gaps
