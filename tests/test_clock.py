"""One "today": the family centre's date, not the server's or UTC's."""

from datetime import UTC, date, datetime

from webapp.core import clock


def test_after_midnight_in_lapland_it_is_already_tomorrow(app, monkeypatch):
    """At 01.30 on 8 December in Kittilä it is 23.30 on the 7th in UTC: an answer given then is
    an answer of the 8th, as the coordinator's own calendar says."""
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 12, 7, 23, 30, tzinfo=UTC))
    with app.app_context():
        assert clock.today() == date(2026, 12, 8)
        typed = datetime(2026, 12, 8, 1, 30)  # what a coordinator types in a form
        assert clock.to_utc(typed) == datetime(2026, 12, 7, 23, 30, tzinfo=UTC)
        assert clock.to_local(clock.to_utc(typed)) == typed
