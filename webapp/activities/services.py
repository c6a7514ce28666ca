"""Activities: saving and publishing them, expanding their repeats into dates, and the
iCalendar feeds. Functions flush; the request (or command) commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import sqlalchemy as sa
from dateutil import rrule
from flask_babel import lazy_gettext as _l

from webapp.activities.models import Activity, ActivityFeedback, ActivityStatus, Repeat
from webapp.audit.services import record
from webapp.auth.models import Role, User
from webapp.core.clock import local_zone, utcnow
from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.i18n import localize
from webapp.guide.models import ServiceAudience
from webapp.orgs.models import Organisation
from webapp.regions.services import shared_activities_into, shared_activity
from webapp.surveys.models import Response

#: Life situations a family can filter by (as in the services guide; "whole family" matches all).
SITUATIONS = [audience for audience in ServiceAudience if audience is not ServiceAudience.WHOLE_FAMILY]
#: How far ahead a feed carries one-off events and a page lists dates.
HORIZON = timedelta(days=14)
FIELDS = ("slug", "title", "description", "place", "address", "organiser", "audiences", "cost", "accessibility",
          "languages", "needs_registration", "contact_phone", "contact_email", "first_date", "start_time",
          "end_time", "repeat", "weekdays", "last_date", "owner_id", "feedback_survey_id")
_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ActivityError(Exception):
    """A step that the rules refuse; the message is translated."""


@dataclass(frozen=True)
class Occurrence:
    """One time an activity takes place, in local time (zone-aware)."""

    activity: Activity
    starts: datetime
    ends: datetime


# --- reading -------------------------------------------------------------------------------

def activities_of(organisation: Organisation, *, owner: User | None = None) -> list[Activity]:
    query = sa.select(Activity).where(Activity.organisation_id == organisation.id)
    if owner is not None:
        query = query.where(Activity.owner_id == owner.id)
    return sorted(db.session.scalars(query), key=lambda a: localize(a.title).casefold())


def published(organisation: Organisation) -> list[Activity]:
    """The organisation's published activities and those its wellbeing services county shares
    into it (an own activity wins over a county's with the same address)."""
    own = list(db.session.scalars(sa.select(Activity).where(
        Activity.organisation_id == organisation.id, Activity.status == ActivityStatus.PUBLISHED)
        .order_by(Activity.id)))
    slugs = {a.slug for a in own}
    return own + [a for a in shared_activities_into(organisation, published_only=True) if a.slug not in slugs]


def find(organisation: Organisation, slug: str) -> Activity | None:
    """The organisation's own activity with this address name (staff pages)."""
    return db.session.scalar(sa.select(Activity).where(Activity.organisation_id == organisation.id,
                                                       Activity.slug == slug))


def find_listed(organisation: Organisation, slug: str) -> Activity | None:
    """The activity the organisation's public pages show at this address: its own or its county's."""
    return find(organisation, slug) or shared_activity(organisation, slug=slug)


def is_shared_in(organisation: Organisation, activity: Activity) -> bool:
    """Whether `activity` is a county's shared into the organisation (kept by the county)."""
    return activity.organisation_id != organisation.id and \
        shared_activity(organisation, activity_id=activity.id) is not None


def slug_taken(organisation: Organisation, slug: str, activity_id: int | None) -> bool:
    found = find(organisation, slug)
    return found is not None and found.id != activity_id


def can_edit(user: User, organisation: Organisation, activity: Activity | None) -> bool:
    """Coordinators and admins edit every activity; a partner's staff only those they keep."""
    if user.has_role(organisation, Role.ADMIN, Role.COORDINATOR):
        return True
    return activity is not None and activity.owner_id == user.id and user.has_role(organisation, Role.PARTNER)


def is_for(activity: Activity, situation: str) -> bool:
    """Whether the activity welcomes a family in this life situation (any, when none is given)."""
    return not situation or bool({situation, ServiceAudience.WHOLE_FAMILY.value} & set(activity.audiences or []))


# --- repeats -------------------------------------------------------------------------------

def _weekdays(activity: Activity) -> list[int]:
    """The days a weekly activity repeats on; its first date's weekday always among them."""
    return sorted({*(activity.weekdays or []), activity.first_date.weekday()})


def _rule(activity: Activity, start: datetime) -> rrule.rrule | None:
    """The repeat as a dateutil rule from `start` (local, zone-aware); None for a one-off event."""
    until = datetime.combine(activity.last_date, time(23, 59, 59), tzinfo=start.tzinfo) \
        if activity.last_date else None
    if activity.repeat in (Repeat.WEEKLY, Repeat.FORTNIGHTLY):
        return rrule.rrule(rrule.WEEKLY, dtstart=start, until=until, wkst=rrule.MO,
                           interval=2 if activity.repeat is Repeat.FORTNIGHTLY else 1,
                           byweekday=[_WEEKDAYS[day] for day in _weekdays(activity)])
    if activity.repeat is Repeat.MONTHLY:
        return rrule.rrule(rrule.MONTHLY, dtstart=start, until=until,
                           byweekday=_WEEKDAYS[activity.first_date.weekday()](+1))
    return None


def _first_start(activity: Activity) -> datetime:
    return datetime.combine(activity.first_date, activity.start_time, tzinfo=local_zone())


def _length(activity: Activity) -> timedelta:
    start = datetime.combine(activity.first_date, activity.start_time)
    end = datetime.combine(activity.first_date, activity.end_time)
    return end - start if end > start else timedelta(hours=1)


def occurrences(activity: Activity, start: date, end: date) -> list[Occurrence]:
    """The times the activity takes place on the days `start` … `end - 1`, cancelled days left out.
    The rule runs on wall-clock time, so ten o'clock stays ten o'clock over a change of daylight
    saving time; the zone gives each its right UTC offset."""
    first = _first_start(activity)
    rule = _rule(activity, first)
    zone = local_zone()
    window_start = datetime.combine(start, time.min, tzinfo=zone)
    window_end = datetime.combine(end, time.min, tzinfo=zone)
    starts = rule.between(window_start, window_end, inc=True) if rule is not None else (
        [first] if window_start <= first < window_end else [])
    cancelled = set(activity.cancelled_dates or [])
    length = _length(activity)
    return [Occurrence(activity, moment, moment + length) for moment in starts
            if moment.date().isoformat() not in cancelled]


def schedule(activities: list[Activity], start: date, end: date) -> list[Occurrence]:
    """Every occurrence of the activities in the window, in time order."""
    found = [occurrence for activity in activities for occurrence in occurrences(activity, start, end)]
    return sorted(found, key=lambda o: (o.starts, localize(o.activity.title)))


def next_occurrence(activity: Activity, after: date, days: int = 400) -> Occurrence | None:
    found = occurrences(activity, after, after + timedelta(days=days))
    return found[0] if found else None


def week_of(day: date) -> tuple[date, date]:
    """The Monday that starts the week of `day`, and the Monday after."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


# --- writing -------------------------------------------------------------------------------

def _check_dates(fields: dict) -> None:
    if fields.get("end_time") and fields.get("start_time") and fields["end_time"] <= fields["start_time"]:
        raise ActivityError(_l("The end time must be after the start time."))
    if fields.get("last_date") and fields.get("first_date") and fields["last_date"] < fields["first_date"]:
        raise ActivityError(_l("The last day cannot be before the first day."))
    if fields.get("repeat") is Repeat.MONTHLY and fields.get("first_date") and fields["first_date"].day > 7:
        raise ActivityError(_l("A monthly activity starts on the first such weekday of a month: "
                               "choose a first day among the first seven days of a month."))


def save_activity(organisation: Organisation, activity: Activity | None, *, actor: User | None = None,
                  **fields) -> Activity:
    """Create or change an activity (a published one keeps the required languages)."""
    for name in fields:
        if name not in FIELDS:
            raise TypeError(name)
    _check_dates(fields)
    is_new = activity is None
    if activity is not None and activity.status is ActivityStatus.PUBLISHED:
        gaps = missing_required(organisation, fields.get("title", activity.title),
                                fields.get("description", activity.description))
        if gaps:
            raise ActivityError(required_message(gaps))
    if is_new:
        activity = Activity(organisation_id=organisation.id)
        db.session.add(activity)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.repeat is Repeat.ONCE:
        activity.weekdays, activity.last_date = [], None
    db.session.flush()
    record("activity.create" if is_new else "activity.update", organisation=organisation, target=activity,
           actor=actor, fields=sorted(fields))
    return activity


def set_status(activity: Activity, status: ActivityStatus, *, actor: User | None = None) -> None:
    """Publish or return to draft; publishing needs the organisation's required languages."""
    if status is activity.status:
        return
    organisation = db.session.get(Organisation, activity.organisation_id)
    if status is ActivityStatus.PUBLISHED:
        gaps = missing_required(organisation, activity.title, activity.description)
        if gaps:
            raise ActivityError(required_message(gaps))
    activity.status = status
    db.session.flush()
    record("activity.status", organisation=organisation, target=activity, actor=actor, status=status.value)


def set_cancelled(activity: Activity, day: date, is_cancelled: bool, *, actor: User | None = None) -> None:
    """Cancel one day ("no café this week", a holiday) or bring it back."""
    days = set(activity.cancelled_dates or [])
    if is_cancelled:
        if not any(o.starts.date() == day for o in occurrences(activity, day, day + timedelta(days=1))):
            raise ActivityError(_l("The activity does not take place on that day."))
        days.add(day.isoformat())
    else:
        days.discard(day.isoformat())
    activity.cancelled_dates = sorted(days)
    db.session.flush()
    record("activity.cancel" if is_cancelled else "activity.uncancel",
           organisation=db.session.get(Organisation, activity.organisation_id), target=activity, actor=actor,
           day=day.isoformat())


def delete_activity(activity: Activity, *, actor: User | None = None) -> None:
    record("activity.delete", organisation=db.session.get(Organisation, activity.organisation_id),
           target=activity, actor=actor)
    db.session.delete(activity)
    db.session.flush()


# --- feedback through an event ------------------------------------------------------------

def link_feedback(activity: Activity, response: Response) -> None:
    """Remember that a feedback response came through this event."""
    db.session.add(ActivityFeedback(response_id=response.id, activity_id=activity.id))
    db.session.flush()


def feedback_count(activity: Activity) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ActivityFeedback).where(
        ActivityFeedback.activity_id == activity.id))


# --- iCalendar -----------------------------------------------------------------------------

def _event(activity: Activity, uid_host: str, url: str, now: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"activity-{activity.id}@{uid_host}")
    event.add("dtstamp", now)
    event.add("last-modified", (activity.updated_at or now).astimezone(UTC))
    event.add("summary", localize(activity.title))
    description = localize(activity.description)
    if description:
        event.add("description", description)
    location = ", ".join(part for part in (activity.place, activity.address) if part)
    if location:
        event.add("location", location)
    if activity.contact_email:  # ORGANIZER is an address; the name goes with it
        organiser = icalendar.vCalAddress(f"mailto:{activity.contact_email}")
        organiser.params["CN"] = activity.organiser or activity.contact_email
        event.add("organizer", organiser)
    event.add("url", url)
    first = _first_start(activity)
    event.add("dtstart", first)
    event.add("dtend", first + _length(activity))
    if activity.repeat is not Repeat.ONCE:
        event.add("rrule", _ical_rule(activity))
    cancelled = [datetime.combine(date.fromisoformat(day), activity.start_time, tzinfo=first.tzinfo)
                 for day in activity.cancelled_dates or []]
    if cancelled:
        event.add("exdate", cancelled)
    return event


def _ical_rule(activity: Activity) -> dict:
    rule: dict = {}
    if activity.repeat is Repeat.MONTHLY:
        rule = {"freq": "monthly", "byday": "1" + _ICAL_DAYS[activity.first_date.weekday()]}
    else:
        rule = {"freq": "weekly", "byday": [_ICAL_DAYS[day] for day in _weekdays(activity)], "wkst": "MO"}
        if activity.repeat is Repeat.FORTNIGHTLY:
            rule["interval"] = 2
    if activity.last_date:  # with a zoned DTSTART, RFC 5545 wants UNTIL in UTC
        end = datetime.combine(activity.last_date, time(23, 59, 59), tzinfo=local_zone())
        rule["until"] = end.astimezone(UTC)
    return rule


def calendar(activities: list[Activity], *, name: str, uid_host: str, url_for_activity) -> bytes:
    """An iCalendar feed of the activities with their repeats and cancelled days, in the
    organisation's zone (its VTIMEZONE included, so phones place the times right)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Yhessä//activities//FI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", local_zone().key)
    now = utcnow().replace(microsecond=0)
    for activity in activities:
        cal.add_component(_event(activity, uid_host, url_for_activity(activity), now))
    if activities:
        first = min(a.first_date for a in activities)
        cal.add_missing_timezones(first_date=first - timedelta(days=366), last_date=first + timedelta(days=3 * 366))
    return cal.to_ical()
