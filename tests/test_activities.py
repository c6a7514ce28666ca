"""Meeting places and events: the week page, the calendar feeds, partners' own activities and
feedback given at an event."""

import re
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa
from dateutil import rrule

from tests.conftest import csrf_from, post_form
from tests.survey_factory import make_survey
from webapp.activities import services
from webapp.activities.models import Activity, ActivityFeedback, ActivityStatus, Repeat
from webapp.core.clock import today
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys.models import Response

HELSINKI = ZoneInfo("Europe/Helsinki")
CAFE = dict(
    slug="perhekahvila", title={"fi": "Perhekahvila", "se": "Bearaškafea"},
    description={"fi": "Avoin kohtaamispaikka.", "se": "Rabas deaivvadanbáiki."}, place="Seurakuntatalo",
    address="Valtatie 5, 99100 Kittilä", organiser="MLL Kittilä", audiences=["baby"], languages=["fi", "se"],
    cost=None, accessibility=None, needs_registration=False, contact_phone="040 123 4567",
    contact_email="kahvila@kittila.example", first_date=date(2026, 10, 12), start_time=time(10),
    end_time=time(12), repeat=Repeat.WEEKLY, weekdays=[0], last_date=None)


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def make_activity(app, org, *, publish=True, cancelled=(), **fields):
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        activity = services.save_activity(organisation, None, **{**CAFE, **fields})
        for day in cancelled:
            services.set_cancelled(activity, day, True)
        if publish:
            services.set_status(activity, ActivityStatus.PUBLISHED)
        db.session.commit()
        return SimpleNamespace(id=activity.id, slug=activity.slug, url=f"/{org.slug}/activities/{activity.slug}")


def expand(event, start: datetime, end: datetime) -> list[datetime]:
    """The start times a phone's calendar would show: the parsed RRULE and EXDATE, expanded."""
    first = event["dtstart"].dt
    dates = rrule.rruleset()
    dates.rrule(rrule.rrulestr(event["rrule"].to_ical().decode(), dtstart=first))
    exdates = event.get("exdate")
    for group in exdates if isinstance(exdates, list) else [exdates] if exdates else []:
        for moment in group.dts:
            dates.exdate(moment.dt)
    return dates.between(start, end, inc=True)


def test_a_weekly_activity_feed_skips_its_cancelled_day_and_keeps_ten_oclock_over_the_change_of_time(
        app, client, org):
    cafe = make_activity(app, org, cancelled=[date(2026, 10, 19)])
    response = client.get(cafe.url + ".ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Perhekahvila"
    starts = expand(event, datetime(2026, 10, 1, tzinfo=HELSINKI), datetime(2026, 11, 3, tzinfo=HELSINKI))
    # Summer time ends on Sunday 25 October: still ten o'clock in Kittilä, an hour later in UTC.
    assert [s.astimezone(HELSINKI).replace(tzinfo=None) for s in starts] == [
        datetime(2026, 10, 12, 10), datetime(2026, 10, 26, 10), datetime(2026, 11, 2, 10)]
    assert [s.astimezone(ZoneInfo("UTC")).hour for s in starts] == [7, 8, 8]
    assert event["dtend"].dt - event["dtstart"].dt == timedelta(hours=2)


def test_the_organisation_feed_and_the_audience_feed_carry_the_right_activities(app, client, org):
    make_activity(app, org)
    make_activity(app, org, slug="nuorisotila", title={"fi": "Nuorisotila"}, audiences=["young_person"])
    make_activity(app, org, slug="luonnos", title={"fi": "Luonnos"}, publish=False)
    every = icalendar.Calendar.from_ical(client.get("/kittila/activities.ics").data)
    assert sorted(str(e["summary"]) for e in every.walk("VEVENT")) == ["Nuorisotila", "Perhekahvila"]
    babies = icalendar.Calendar.from_ical(client.get("/kittila/activities.ics?audience=baby").data)
    assert [str(e["summary"]) for e in babies.walk("VEVENT")] == ["Perhekahvila"]


def test_a_one_off_event_in_winter_has_no_repeat_and_the_winter_offset(app, client, org):
    event_page = make_activity(app, org, slug="perheilta", title={"fi": "Perheilta"}, repeat=Repeat.ONCE,
                               first_date=date(2026, 12, 15), start_time=time(17, 30), end_time=time(19))
    [event] = icalendar.Calendar.from_ical(client.get(event_page.url + ".ics").data).walk("VEVENT")
    assert "rrule" not in event
    assert event["dtstart"].dt.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("locale", ["fi", "se", "sms"])
def test_this_weeks_activities_are_listed_in_every_language_with_lang_on_fallback_text(app, client, org, locale):
    monday = today() - timedelta(days=today().weekday())
    make_activity(app, org, first_date=monday - timedelta(days=7), weekdays=list(range(7)))
    html = client.get(f"/kittila/activities?lang={locale}").get_data(as_text=True)
    assert f'<html lang="{locale}">' in html
    if locale == "fi":
        assert ">Perhekahvila<" in html
    elif locale == "se":
        assert ">Bearaškafea<" in html
    else:  # Skolt Sámi falls back to Finnish by default (an organisation may choose Northern Sámi), marked
        assert '<span lang="fi">Perhekahvila</span>' in html
    assert "<script" not in html  # works without JavaScript: plain links and a GET form


def test_the_week_page_filters_by_audience_without_javascript(app, client, org):
    monday = today() - timedelta(days=today().weekday())
    make_activity(app, org, first_date=monday - timedelta(days=7), weekdays=list(range(7)))
    make_activity(app, org, slug="nuorisotila", title={"fi": "Nuorisotila"}, audiences=["young_person"],
                  first_date=monday - timedelta(days=7), weekdays=list(range(7)))
    html = client.get("/kittila/activities?audience=young_person").get_data(as_text=True)
    assert "Nuorisotila" in html and "Perhekahvila" not in html


def test_an_activity_page_has_event_markup_a_call_link_and_a_map_search_but_no_map(app, client, org):
    cafe = make_activity(app, org)
    html = client.get(cafe.url).get_data(as_text=True)
    assert 'itemtype="https://schema.org/Event"' in html and 'itemprop="startDate"' in html
    assert 'href="tel:+358401234567"' in html
    assert "openstreetmap.org/search?query=Valtatie%205" in html
    assert "tile" not in html and "<iframe" not in html
    assert client.get("/kittila/activities/luonnos").status_code == 404


def test_staff_see_a_clear_answer_for_an_end_before_the_start_and_nothing_is_stored(app, client, auth, factory, org):
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")
    response = post_form(client, "/staff/kittila/activities/new?lang=en", {
        "title-fi": "Perhekahvila", "slug": "perhekahvila", "first_date": "2026-10-12", "start_time": "12:00",
        "end_time": "10:00", "repeat": "weekly", "owner_id": "0", "feedback_survey_id": "0"})
    assert response.status_code == 422
    assert "The end time must be after the start time." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Activity.id))) == 0


def test_a_partner_creates_and_edits_only_their_own_activities(app, client, auth, factory, org):
    coordinator = factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    partner = factory.user("mll@kittila.example", organisation=org, role="partner")
    theirs = make_activity(app, org, slug="seurakunta", title={"fi": "Seurakunnan kerho"}, owner_id=coordinator.id)
    auth.login("mll@kittila.example")
    response = post_form(client, "/staff/kittila/activities/new?lang=en", {
        "title-fi": "Vauvakahvila", "slug": "vauvakahvila", "first_date": "2026-10-13", "start_time": "10:00",
        "end_time": "11:30", "repeat": "weekly", "owner_id": str(coordinator.id)})
    assert response.status_code == 302
    with app.app_context():
        own = db.session.scalar(sa.select(Activity).where(Activity.slug == "vauvakahvila"))
        assert own.owner_id == partner.id  # a partner cannot hand it to someone else
        own_id = own.id
    assert client.get(f"/staff/kittila/activities/{own_id}").status_code == 200
    assert post_form(client, f"/staff/kittila/activities/{own_id}", {
        "title-fi": "Vauvakahvila", "slug": "vauvakahvila", "first_date": "2026-10-13", "start_time": "10:00",
        "end_time": "12:00", "repeat": "weekly"}).status_code == 302
    listing = client.get("/staff/kittila/activities").get_data(as_text=True)
    assert "Vauvakahvila" in listing and "Seurakunnan kerho" not in listing
    assert client.get(f"/staff/kittila/activities/{theirs.id}").status_code == 403
    token = csrf_from(listing)
    assert client.post(f"/staff/kittila/activities/{theirs.id}", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/staff/kittila/activities/{theirs.id}/delete", data={"csrf_token": token}).status_code == 403


def test_a_coordinator_cancels_one_day_and_families_no_longer_see_it(app, client, auth, factory, org):
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    monday = today() - timedelta(days=today().weekday())
    cafe = make_activity(app, org, first_date=monday - timedelta(days=7), weekdays=list(range(7)))
    day = today() + timedelta(days=1)
    auth.login("koordinaattori@kittila.example")
    response = post_form(client, f"/staff/kittila/activities/{cafe.id}/days",
                         {"day": day.isoformat(), "action": "cancel"}, page=f"/staff/kittila/activities/{cafe.id}")
    assert response.status_code == 302
    html = client.get("/kittila/activities").get_data(as_text=True)
    assert f'id="day-{day.isoformat()}"' not in html and f'id="day-{today().isoformat()}"' in html


def test_feedback_at_an_event_is_stored_with_the_channel_event_and_shown_to_staff(app, client, auth, factory, org):
    survey = make_survey(app, org)
    evening = make_activity(app, org, slug="perheilta", title={"fi": "Perheilta", "se": "Bearašeahket"},
                            repeat=Repeat.ONCE, first_date=today() + timedelta(days=3), feedback_survey_id=survey.id)
    assert "/kittila/activities/perheilta/feedback" in client.get(evening.url).get_data(as_text=True)
    html = client.get(evening.url + "/feedback").get_data(as_text=True)
    data = {"token": re.search(r'name="token" value="([^"]+)"', html).group(1),
            f"q{survey.single}": str(survey.mother), f"q{survey.scale}": "5"}
    response = client.post(evening.url + "/feedback", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/perheilta/feedback/thanks")
    assert client.post(evening.url + "/feedback", data=data).status_code == 302  # a double tap stores one
    with app.app_context():
        [stored] = db.session.scalars(sa.select(Response)).all()
        assert stored.channel.value == "event"
        assert db.session.get(ActivityFeedback, stored.id).activity_id == evening.id
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")
    staff_page = client.get(f"/staff/kittila/activities/{evening.id}").get_data(as_text=True)
    assert "1 answer came through this event." in staff_page or "1 vastaus" in staff_page
    assert "<svg" in staff_page  # the table card's QR code
