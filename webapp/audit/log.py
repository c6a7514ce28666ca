"""Reading the audit log: filters, the details in words, the CSV export and the events about one
developer-client (who viewed, changed, exported or invited them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.api.models import ApiToken
from webapp.audit.labels import action_label
from webapp.audit.models import AuditEvent
from webapp.auth.models import Membership, User
from webapp.core.clock import to_utc
from webapp.core.database import db
from webapp.core.i18n import format_datetime
from webapp.core.tabular import Cell

#: The record kind of a developer-client in audit events.
PERSON_TARGET = "Volunteer"
#: Details that list the developer-clients an event concerned (an export, an invitation).
PEOPLE_KEYS = ("people", "invited")
#: Events that name many developer-clients in their details rather than as their target.
LISTING_ACTIONS = ("volunteer.export", "volunteer.invite")
MAX_ID = 2**31 - 1

DETAIL_LABELS = {
    "reason": _l("Reason"),
    "rows": _l("Rows"),
    "filters": _l("Filters"),
    "api_token": _l("API token"),
    "fields": _l("Fields"),
    "count": _l("Number"),
    "channel": _l("Channel"),
    "locale": _l("Language"),
    "submitted_on": _l("Date of the answers"),
    "kind": _l("Kind"),
    "via": _l("Via"),
}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and int(value) <= MAX_ID else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class LogFilters:
    """What the audit log is narrowed to: who acted, which action, from and until which day
    (local days, both included) and which developer-client it concerned."""

    actor: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    person: int | None = None

    @classmethod
    def from_args(cls, args) -> LogFilters:
        action = args.get("action", "")
        return cls(actor=_int(args.get("actor")), action=action if len(action) <= 64 else "",
                   date_from=_day(args.get("from")), date_to=_day(args.get("to")), person=_int(args.get("person")))

    def as_args(self) -> dict:
        args = {"actor": self.actor, "action": self.action, "from": self.date_from and self.date_from.isoformat(),
                "to": self.date_to and self.date_to.isoformat(), "person": self.person}
        return {key: value for key, value in args.items() if value not in ("", None)}


def person_event_ids(organisation_id: int, person_id: int) -> list[int]:
    """Events of an export or invitation whose details list this developer-client."""
    query = sa.select(AuditEvent.id, AuditEvent.details).where(
        AuditEvent.organisation_id == organisation_id, AuditEvent.action.in_(LISTING_ACTIONS))
    return [ident for ident, details in db.session.execute(query)
            if any(person_id in (details or {}).get(key, ()) for key in PEOPLE_KEYS)]


def events_query(organisation_id: int, filters: LogFilters) -> sa.Select:
    query = sa.select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
    if filters.actor:
        query = query.where(AuditEvent.actor_id == filters.actor)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.date_from:
        query = query.where(AuditEvent.at >= to_utc(datetime.combine(filters.date_from, time.min)))
    if filters.date_to:
        query = query.where(AuditEvent.at < to_utc(datetime.combine(filters.date_to + timedelta(days=1), time.min)))
    if filters.person:
        query = query.where(sa.or_(
            sa.and_(AuditEvent.target_type == PERSON_TARGET, AuditEvent.target_id == filters.person),
            AuditEvent.id.in_(person_event_ids(organisation_id, filters.person))))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def actor_choices(organisation_id: int) -> list[tuple[int, str]]:
    """Staff who acted in the organisation or work in it, by email."""
    acted = sa.select(AuditEvent.actor_id).where(AuditEvent.organisation_id == organisation_id)
    members = sa.select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    users = db.session.scalars(sa.select(User).where(sa.or_(User.id.in_(acted), User.id.in_(members)))
                               .order_by(User.email))
    return [(user.id, user.email) for user in users]


def action_choices(organisation_id: int) -> list[tuple[str, str]]:
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.organisation_id == organisation_id)
                                 .distinct())
    return sorted(((action, action_label(action)) for action in actions), key=lambda pair: pair[1].lower())


def token_names(organisation_id: int) -> dict[int, str]:
    query = sa.select(ApiToken.id, ApiToken.name).where(ApiToken.organisation_id == organisation_id)
    return {ident: name for ident, name in db.session.execute(query)}


def _text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return ", ".join(f"{key}={_text(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def details(event: AuditEvent, tokens: dict[int, str]) -> list[tuple[str, str]]:
    """The event's details as (label, text) pairs in the reader's language; a list of
    developer-clients is given as its length (the ids stay for `person_event_ids`)."""
    pairs = []
    for key, value in (event.details or {}).items():
        if key in PEOPLE_KEYS and isinstance(value, list):
            pairs.append((_("People"), str(len(value))))
        elif key == "api_token":
            pairs.append((str(DETAIL_LABELS[key]), tokens.get(value, f"#{value}")))
        else:
            label = DETAIL_LABELS.get(key)
            pairs.append((str(label) if label is not None else key, _text(value)))
    return pairs


def who(event: AuditEvent, tokens: dict[int, str]) -> str:
    """The actor: a staff member's email, the API token that made the change, or the system."""
    if event.actor is not None:
        return event.actor.email
    token = (event.details or {}).get("api_token")
    if token is not None:
        return _("API token: %(name)s", name=tokens.get(token, f"#{token}"))
    return _("system")


def export_rows(organisation_id: int, filters: LogFilters) -> list[list[Cell]]:
    tokens = token_names(organisation_id)
    header = [_("Time"), _("Who"), _("Action"), _("Action code"), _("Target"), _("Details")]
    rows: list[list[Cell]] = [header]
    for event in db.session.scalars(events_query(organisation_id, filters)):
        rows.append([format_datetime(event.at, "short"), who(event, tokens), action_label(event.action),
                     event.action, f"{event.target_type} {event.target_id}" if event.target_id else "",
                     "; ".join(f"{label}: {text}" for label, text in details(event, tokens))])
    return rows
