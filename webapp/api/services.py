"""Issuing and checking API tokens; JSON forms of backlog items, surveys and boards."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from webapp.api.models import ApiToken
from webapp.audit.services import record
from webapp.backlog.services import source_counts
from webapp.core import personal_data
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.i18n import LOCALES
from webapp.guide.services import map_href, tel_href


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(organisation, name: str, can_write: bool) -> tuple[ApiToken, str]:
    token = "yh_" + secrets.token_urlsafe(32)
    row = ApiToken(organisation_id=organisation.id, name=name, token_hash=_hash(token), can_write=can_write)
    db.session.add(row)
    db.session.flush()
    record("api.token_issue", organisation=organisation, target=row, can_write=can_write)
    return row, token


def revoke_token(row: ApiToken, organisation) -> None:
    row.is_active = False
    db.session.flush()
    record("api.token_revoke", organisation=organisation, target=row)


def token_for(header: str | None) -> ApiToken | None:
    """The active token named by an `Authorization: Bearer …` header, or None."""
    scheme, _space, value = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip() or len(header) > 200:  # the scheme is case-insensitive
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == _hash(value.strip()),
                                                      ApiToken.is_active.is_(True)))
    if row is not None:
        row.last_used_at = utcnow()
    return row


def tokens_of(organisation) -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.organisation_id == organisation.id)
                                   .order_by(ApiToken.id)))


def _translations(value, masked: bool = False) -> dict[str, str]:
    return {locale: personal_data.mask(text) if masked else text
            for locale, text in (value or {}).items() if locale in LOCALES}


def item_json(item) -> dict:
    counts = source_counts(item)
    return {
        "id": item.id, "title": personal_data.mask(item.title), "description": personal_data.mask(item.description),
        "status": item.status.value,
        "priority": item.priority.value, "responsible": item.responsible, "target_quarter": item.target_quarter,
        "service_area_ids": list(item.service_area_ids or []), "service_ids": list(item.service_ids or []),
        "is_public": item.is_public,
        "public_title": _translations(item.public_title, masked=True),
        "public_answer": _translations(item.public_answer, masked=True),
        "sources": {kind.value: n for kind, n in counts.items()},
        "created_at": item.created_at.isoformat(), "updated_at": item.updated_at.isoformat(),
    }


def survey_json(survey, responses: int) -> dict:
    return {"id": survey.id, "slug": survey.slug, "title": _translations(survey.title), "status": survey.status.value,
            "locales": list(survey.locales), "responses": responses}


def board_json(board, published: int) -> dict:
    return {"id": board.id, "slug": board.slug, "title": _translations(board.title), "is_open": board.is_open,
            "published_ideas": published}


def service_json(service, areas: dict, public_url: str) -> dict:
    """A published entry of the services guide, as the municipality's website shows it."""
    return {
        "id": service.id, "slug": service.slug, "url": public_url, "name": _translations(service.name),
        "description": _translations(service.description), "provider": service.provider,
        "sector": service.sector.value,
        "service_areas": [{"key": areas[i].key, "name": _translations(areas[i].name)}
                          for i in service.service_area_ids or [] if i in areas],
        "audiences": list(service.audiences or []), "phone": service.phone, "tel": tel_href(service.phone),
        "email": service.email, "web_url": service.web_url, "address": service.address,
        "map_url": map_href(service.address), "opening_hours": _translations(service.opening_hours),
        "access": list(service.access or []), "languages": list(service.languages or []),
        "is_free": service.is_free, "checked_at": service.checked_at.date().isoformat(),
        "updated_at": service.updated_at.isoformat(),
    }
