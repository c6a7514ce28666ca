"""The survey page a crowd opens at once from a poster: answered inside Flask with every hook
running, from the page cache after one indexed lookup, already compressed, with a stateless
token and no session written; changes seen at once."""

import gzip
import hmac
import os
import re
import secrets
import zlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import abort
from itsdangerous import URLSafeTimedSerializer

from tests.survey_factory import make_survey
from webapp import create_app
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.tokens import value_signer
from webapp.surveys import answering, services
from webapp.surveys.models import QuestionKind, Response, Survey, SurveyAudience, SurveyStatus
from webapp.surveys.page_cache import TOKEN_SLOT, Page

GZIP = {"Accept-Encoding": "gzip, deflate"}
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def first_visit(app, url, lang_cookie=None, **headers):
    """A GET from a phone that has never been here (a new client: no cookies), which may have
    chosen a language on another page (the `lang` cookie)."""
    client = app.test_client()
    if lang_cookie:
        client.set_cookie("lang", lang_cookie)
    return client.get(url, headers={**GZIP, **headers})


def html_of(response) -> str:
    return gzip.decompress(response.data).decode()


def token_of(response) -> str | None:
    found = TOKEN.search(html_of(response))
    return found and found[1]


class Statements:
    """What one request asks of the database: connections taken from the pool, statements run
    through SQLAlchemy, and (on SQLite) every statement the database itself saw."""

    def __init__(self, app):
        self.checkouts, self.orm, self.seen = 0, [], []
        with app.app_context():
            self.engine = db.engine
        self.engine.pool.dispose()  # connections made from now on report what SQLite runs

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._orm)
        sa.event.listen(self.engine.pool, "checkout", self._checkout)
        sa.event.listen(self.engine.pool, "connect", self._trace)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._orm)
        sa.event.remove(self.engine.pool, "checkout", self._checkout)
        sa.event.remove(self.engine.pool, "connect", self._trace)
        self.engine.pool.dispose()

    def _orm(self, conn, cursor, statement, *args):
        self.orm.append(statement)

    def _checkout(self, *args):
        self.checkouts += 1

    def _trace(self, dbapi_connection, record):
        if self.engine.dialect.name == "sqlite":
            dbapi_connection.set_trace_callback(self.seen.append)


def test_a_first_visit_gets_the_compressed_page_and_no_cookie(app, org):
    s = make_survey(app, org)
    rendered, cached = first_visit(app, s.url), first_visit(app, s.url)
    for response in (rendered, cached):
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        assert set(response.vary) == {"Accept-Encoding", "Cookie", "Accept-Language"}
        assert "Set-Cookie" not in response.headers, "no session is written"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Neuvolakysely" in html_of(response) and TOKEN_SLOT not in html_of(response)
        assert 'name="csrf_token"' not in html_of(response)
    assert TOKEN.sub("", html_of(rendered)) == TOKEN.sub("", html_of(cached))
    assert token_of(rendered) != token_of(cached), "every visitor gets a token of their own"
    plain = app.test_client().get(s.url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert TOKEN.sub("", plain.get_data(as_text=True)) == TOKEN.sub("", html_of(cached))
    assert app.test_client().head(s.url).status_code == 200


def test_a_cached_first_visit_is_one_indexed_lookup(app, org):
    s = make_survey(app, org)
    with Statements(app) as asked:
        first_visit(app, s.url)  # rendered and cached
        asked.checkouts, asked.orm, asked.seen[:] = 0, [], []
        assert first_visit(app, s.url).status_code == 200
    assert asked.checkouts == 0 and asked.orm == [], "no session, no pooled connection: the lookup's own"
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    if sqlite:
        [statement] = [sql for sql in asked.seen if sql.lstrip().upper().startswith("SELECT")]
        with app.app_context():
            plan = " ".join(str(row[-1]) for row in db.session.execute(
                sa.text("EXPLAIN QUERY PLAN " + statement.replace("?", "'x'"))))
        assert "SCAN" not in plan and "INDEX" in plan, plan


def test_a_first_visit_asks_nothing_of_the_rate_limit_storage(app, org, monkeypatch):
    s = make_survey(app, org)
    calls = []
    with app.app_context():
        counter = limiter.limiter

    def counting(name):
        original = getattr(counter, name)

        def counted(*args, **kw):
            calls.append(name)
            return original(*args, **kw)
        return counted
    for name in ("hit", "test", "get_window_stats"):
        monkeypatch.setattr(counter, name, counting(name))
    first_visit(app, s.url)
    assert first_visit(app, s.url).status_code == 200
    assert calls == []
    page = first_visit(app, s.url)
    assert app.test_client().post(s.url, data={"token": token_of(page), f"q{s.single}": s.mother}).status_code == 302
    assert calls, "an answer is counted against the limit"


def test_a_cached_first_visit_keeps_the_interpreter_lock_outside_its_lookup(app, org, monkeypatch):
    """A server thread that lets go of Python's interpreter lock may wait for another thread to
    hand it back: with a crowd at the door every such wait is a pause and a switch. Outside its
    one database lookup the cached page calls nothing that lets go of it: no system call for
    randomness, no one-call HMAC, no checksum over more than 5 KB at once."""
    s = make_survey(app, org)
    with app.app_context():  # a question long enough that the page after the token is over 5 KB
        services.save_question(db.session.get(Survey, s.id), None, kind=QuestionKind.LONG_TEXT,
                               text={"fi": "Kerro, mitä neuvolassa kannattaisi tehdä toisin. " * 150})
        db.session.commit()
    first_visit(app, s.url)
    released, recording = [], [True]
    always = lambda *_arguments: True  # noqa: E731
    for module, name, releases in ((os, "urandom", always), (secrets, "token_bytes", always),
                                   (secrets, "token_urlsafe", always), (hmac, "digest", always),
                                   (zlib, "crc32", lambda data, *_rest: len(data) > 5 * 1024)):
        original = getattr(module, name)

        def spy(*args, _original=original, _name=name, _releases=releases):
            if recording[0] and _releases(*args):
                released.append(_name)
            return _original(*args)
        monkeypatch.setattr(module, name, spy)
    page = first_visit(app, s.url)
    recording[0] = False  # reading the page back (gzip) checks it whole
    assert page.status_code == 200 and token_of(page)
    assert released == []


def test_every_hook_runs_for_the_survey_page(settings, org):
    """Code that runs before or after every request (a maintenance switch, a header, a log line)
    sees the survey page as it sees every other page, from the cache too."""
    app = create_app(settings)
    seen = []
    app.before_request(lambda: seen.append("before"))
    app.after_request(lambda response: seen.append("after") or response)
    app.teardown_request(lambda exc: seen.append("teardown"))
    s = make_survey(app, org)
    for _visit in range(3):  # rendered, then twice from the cache
        seen.clear()
        assert first_visit(app, s.url).status_code == 200
        assert seen == ["before", "after", "teardown"]
    with app.app_context():
        db.engine.dispose()


def test_the_maintenance_switch_covers_survey_pages(settings, org):
    """A 503 answered before every view while the service is down for maintenance: cached survey
    pages get it as well, and the page comes back when the switch is off."""
    app = create_app(settings)
    maintenance = {"on": False}

    @app.before_request
    def down_for_maintenance():
        if maintenance["on"]:
            abort(503)

    s = make_survey(app, org)
    assert first_visit(app, s.url).status_code == 200
    assert first_visit(app, s.url).status_code == 200  # now in the page cache
    maintenance["on"] = True
    for url in (s.url, s.url + "?lang=en"):
        page = first_visit(app, url, **{"Accept-Language": "en"})
        assert page.status_code == 503 and "temporarily unavailable" in html_of(page)
        assert 'name="token"' not in html_of(page)
    maintenance["on"] = False
    assert first_visit(app, s.url).status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_the_token_of_a_first_visit_stores_the_answers_once(app, org):
    s = make_survey(app, org)
    first_visit(app, s.url)
    answer = {"token": token_of(first_visit(app, s.url)), f"q{s.single}": str(s.father)}
    phone = app.test_client()
    assert phone.post(s.url, data=answer).status_code == 302
    assert phone.post(s.url, data=answer).status_code == 302  # the double tap
    assert app.test_client().post(s.url, data=answer).status_code == 302  # the retry from elsewhere
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
    other = make_survey(app, org, slug="toinen")  # a token is for its own survey only
    refused = app.test_client().post(other.url + "?lang=en",
                                     data={"token": answer["token"], f"q{other.single}": str(other.mother)})
    assert refused.status_code == 400 and "Your answers are still here" in refused.get_data(as_text=True)


def test_a_form_opened_before_an_upgrade_can_still_be_sent(app, org):
    """The submission token is itsdangerous' timestamp signature, made by the app's own signer
    (its key derived once): a token signed by itsdangerous' stock signer, as a form opened
    before the upgrade carries, is accepted, and the app's tokens are that signer's, byte for byte."""
    s = make_survey(app, org)
    with app.app_context():
        stock = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=answering.TOKEN_PURPOSE).make_signer()
        ours = value_signer(answering.TOKEN_PURPOSE)
        value = f"{s.id}.Ab3-_noncenoncenonce"
        assert ours.get_signature(value) == stock.get_signature(value)
        assert stock.unsign(ours.sign(value), max_age=60) == value.encode()
        opened_before = stock.sign(value).decode()
    sent = app.test_client().post(s.url, data={"token": opened_before, f"q{s.single}": str(s.mother)})
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1


def test_a_change_to_the_survey_is_seen_by_the_next_visitor(app, org):
    s = make_survey(app, org)
    first_visit(app, s.url)
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        survey.title = {"fi": "Perhekeskuskysely", "se": "Bearašguovddášjearahallan"}
        services.changed(survey)
        db.session.commit()
    assert "Perhekeskuskysely" in html_of(first_visit(app, s.url))

    with app.app_context():
        services.change_status(db.session.get(Survey, s.id), SurveyStatus.CLOSED)
        db.session.commit()
    closed = html_of(first_visit(app, s.url))
    assert "Perhekeskuskysely" in closed and 'name="token"' not in closed

    with app.app_context():
        survey = db.session.get(Survey, s.id)
        services.change_status(survey, SurveyStatus.OPEN)
        survey.opens_at = utcnow() + timedelta(days=2)
        db.session.commit()
    assert 'name="token"' not in html_of(first_visit(app, s.url))


def test_a_survey_that_closes_or_stops_being_public_is_not_served_from_the_cache(app, org):
    """Nobody edits the survey (its cached page stays valid): the closing time simply passes, or
    its audience is changed behind the cache's back. The next family gets the page for that."""
    s = make_survey(app, org)
    first_visit(app, s.url)

    def quietly(**values):  # keep updated_at, which would otherwise move and miss the cache
        with app.app_context():
            db.session.execute(sa.update(Survey).where(Survey.id == s.id)
                               .values(updated_at=Survey.updated_at, **values))
            db.session.commit()

    quietly(closes_at=utcnow() - timedelta(minutes=1))
    closed = html_of(first_visit(app, s.url, **{"Accept-Language": "en"}))
    assert 'name="token"' not in closed and "Neuvolakysely" in closed
    quietly(closes_at=utcnow() + timedelta(days=1))
    assert token_of(first_visit(app, s.url))
    quietly(closes_at=None, opens_at=utcnow() + timedelta(days=1))
    assert 'name="token"' not in html_of(first_visit(app, s.url))
    quietly(opens_at=None)
    assert token_of(first_visit(app, s.url))
    quietly(audience=SurveyAudience.INVITATION)
    assert 'name="token"' not in html_of(first_visit(app, s.url))
    quietly(audience=SurveyAudience.PUBLIC, status=SurveyStatus.DRAFT)
    assert first_visit(app, s.url).status_code == 404


def test_behind_the_tls_proxy_the_page_is_sent_securely(settings, org):
    behind_proxy = create_app({**settings, "PROXY_FIX_HOPS": 1, "SESSION_COOKIE_SECURE": True})
    s = make_survey(behind_proxy, org)
    try:
        pages = [first_visit(behind_proxy, s.url, **{"X-Forwarded-Proto": "https"}) for _visit in range(2)]
        plain = first_visit(behind_proxy, s.url)
    finally:
        with behind_proxy.app_context():
            db.engine.dispose()  # its own connections, closed before the app goes
    for page in pages:
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Set-Cookie" not in page.headers
    assert "Strict-Transport-Security" not in plain.headers, "never on plain http"


def test_the_language_comes_from_the_address_the_browser_or_the_remembered_choice(app, org):
    s = make_survey(app, org)
    for cookie, headers, lang in ((None, {"Accept-Language": "se-FI, fi;q=0.5"}, "se"),
                                  ("smn", {"Accept-Language": "sv"}, "smn"),
                                  (None, {"Accept-Language": "de, sv-FI;q=0.8"}, "sv"), (None, {}, "fi")):
        for _visit in range(2):  # rendered, then from the cache
            assert f'<html lang="{lang}"' in html_of(first_visit(app, s.url, cookie, **headers))
    assert "Rávvehatjearahallan" in html_of(first_visit(app, s.url, "se"))
    chosen = first_visit(app, s.url + "?lang=en")
    assert '<html lang="en"' in html_of(chosen) and "lang=en" in chosen.headers["Set-Cookie"]


def test_every_other_visit_gets_its_own_page(app, org):
    from webapp.surveys.services import create_invitation

    s = make_survey(app, org)
    invited = make_survey(app, org, slug="paneeli", audience=SurveyAudience.INVITATION)
    draft = make_survey(app, org, slug="luonnos", status=SurveyStatus.DRAFT)
    with app.app_context():
        _invitation, personal = create_invitation(db.session.get(Survey, invited.id), "Testi")
        db.session.commit()
    for _visit in range(2):
        assert "personal invitation link" in html_of(first_visit(app, invited.url + "?lang=en"))
        assert token_of(first_visit(app, f"{invited.url}?i={personal}"))
        assert first_visit(app, draft.url).status_code == 404
        assert first_visit(app, "/kittila/surveys/ei-ole").status_code == 404
        assert first_visit(app, "/muu/surveys/" + s.slug).status_code == 404
        assert token_of(first_visit(app, s.url))


def test_the_database_down_gives_the_translated_503_page_after_one_try(settings):
    from tests.conftest import free_port

    down = create_app({**settings, "SQLALCHEMY_DATABASE_URI":
                       f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"})
    attempts = []
    with down.app_context():
        sa.event.listen(db.engine, "do_connect", lambda *args: attempts.append(1))
    page = down.test_client().get("/kittila/surveys/kysely", headers={**GZIP, "Accept-Language": "en"})
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "temporarily unavailable" in html_of(page)
    assert len(attempts) == 1


def test_a_lookup_connection_the_database_dropped_is_replaced(app, org):
    """After a database restart the survey page still opens: the lookup's own connection,
    dropped by the server, is replaced at once (as the pool's ping does for the others)."""
    s = make_survey(app, org)
    first_visit(app, s.url)
    assert first_visit(app, s.url).status_code == 200  # the lookup holds its connection now
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("a server that drops connections: PostgreSQL")
        db.session.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND datname = current_database() AND state = 'idle'"))
        db.session.commit()
    page = first_visit(app, s.url)
    assert page.status_code == 200 and token_of(page)


def test_the_assembled_gzip_reads_back_as_the_page_with_its_token():
    for text in (
        "<p>ʹǩǥʒǯõđŋ 👪</p>" * 50 + TOKEN_SLOT + "<i>välissä</i>" * 40 + TOKEN_SLOT + "loppu",
        TOKEN_SLOT + "x" * 70_000 + TOKEN_SLOT,  # slots at both ends, a part longer than a stored block
        "", TOKEN_SLOT,
    ):
        page = Page(text)
        expected = text.replace(TOKEN_SLOT, "t" * 70).encode()
        assert page.fill("t" * 70) == expected
        assert gzip.decompress(page.gzip("t" * 70)) == expected
    assert len(Page("<p>ʹǩǥʒǯõđŋ</p>" * 300 + TOKEN_SLOT).gzip("t" * 70)) < 1000
