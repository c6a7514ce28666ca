"""Operations on organisations and service areas: flush, audit, never commit."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core.content_languages import Gap, gaps_in
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import LOCALES, localize, ordered_locales
from webapp.orgs.models import Organisation, ServiceArea
from webapp.outbox.webhooks import new_secret


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.slug)))


def find_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def create_organisation(slug: str, name: dict, contact_email: str = "",
                        content_locales=LOCALES) -> Organisation:
    organisation = Organisation(
        slug=slug, name=Translations(name), contact_email=contact_email,
        content_locales=ordered_locales(content_locales),
    )
    db.session.add(organisation)
    db.session.flush()
    record("organisation.create", organisation=organisation, target=organisation, slug=slug)
    return organisation


def update_settings(organisation: Organisation, *, name, description, contact_email,
                    dpo_contact, content_locales, has_moderation_digest=False, webhook_url="",
                    new_webhook_secret=False, join_text=None, volunteer_retention_months=None,
                    required_locales=None, sami_fallback=None) -> str | None:
    """Store the admin's settings; returns the webhook secret when a new one was made, the only
    time it is shown (the worker keeps using the stored copy to sign)."""
    changed = []
    made_secret = None
    if webhook_url and (new_webhook_secret or not organisation.webhook_secret):
        organisation.webhook_secret = made_secret = new_secret()
        changed.append("webhook_secret")
    for attr, value in (("name", Translations(name)), ("description", Translations(description)),
                        ("contact_email", contact_email), ("dpo_contact", dpo_contact),
                        ("content_locales", ordered_locales(content_locales)),
                        ("has_moderation_digest", has_moderation_digest), ("webhook_url", webhook_url or ""),
                        ("join_text", Translations(join_text)),
                        ("required_locales", ordered_locales(required_locales or [])),
                        ("sami_fallback", sami_fallback or organisation.sami_fallback),
                        ("volunteer_retention_months",
                         volunteer_retention_months or organisation.volunteer_retention_months)):
        if getattr(organisation, attr) != value:
            setattr(organisation, attr, value)
            changed.append(attr)
    db.session.flush()
    if changed:
        record("organisation.update", organisation=organisation, target=organisation, fields=changed)
    return made_secret


def save_service_area(organisation: Organisation, area: ServiceArea | None, *, key: str,
                      name: dict, is_active: bool = True) -> ServiceArea:
    """Create (`area` None) or update a service area."""
    if area is None:
        position = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.max(ServiceArea.position), 0))
            .where(ServiceArea.organisation_id == organisation.id)
        )
        area = ServiceArea(organisation=organisation, position=position + 1)
        db.session.add(area)
        action = "service_area.create"
    else:
        action = "service_area.update"
    area.key, area.name, area.is_active = key, Translations(name), is_active
    db.session.flush()
    record(action, organisation=organisation, target=area, key=key, active=is_active)
    return area


def service_areas(organisation: Organisation, *, active_only: bool = False,
                  ids: list[int] | None = None) -> list[ServiceArea]:
    """The organisation's service areas in their order (only the active ones, or only `ids`,
    when asked): the one query every feature uses."""
    query = sa.select(ServiceArea).where(ServiceArea.organisation_id == organisation.id)
    if active_only:
        query = query.where(ServiceArea.is_active.is_(True))
    if ids is not None:
        query = query.where(ServiceArea.id.in_(ids))
    return list(db.session.scalars(query.order_by(ServiceArea.position, ServiceArea.id)))


def service_area_key_taken(organisation: Organisation, key: str, except_id: int | None = None) -> bool:
    query = sa.select(ServiceArea.id).where(
        ServiceArea.organisation_id == organisation.id, ServiceArea.key == key
    )
    if except_id is not None:
        query = query.where(ServiceArea.id != except_id)
    return db.session.scalar(query) is not None


def translation_gaps(organisation: Organisation, locales: list[str]) -> Iterator[Gap | None]:
    """The organisation's own texts and its service areas, where a content language is missing."""
    yield gaps_in(_("Organisation"), localize(organisation.name), url_for("staff.settings", org=organisation.slug),
                  locales, organisation.name, organisation.description, organisation.join_text)
    for area in organisation.service_areas:
        yield gaps_in(_("Service area"), localize(area.name),
                      url_for("staff.edit_service_area", org=organisation.slug, area_id=area.id), locales, area.name)
