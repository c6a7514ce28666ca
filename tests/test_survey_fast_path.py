"""A family's first visit to an open survey (the QR poster, no cookies yet) is answered from the
page cache before Flask's request machinery: the same page, the same headers and tokens that
work, changes seen at once, and every other visit left to Flask."""

import gzip
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import EnvironBuilder

from tests.survey_factory import make_survey
from webapp import create_app
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.surveys import services
from webapp.surveys.fast_path import SurveyFastPath
from webapp.surveys.models import Response, Survey, SurveyAudience, SurveyStatus
from webapp.surveys.page_cache import Page

GZIP = {"Accept-Encoding": "gzip, deflate"}
TOKENS = re.compile(r'(name="(?:csrf_token|token)" value=")[^"]+"')


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def first_visit(app, url, lang_cookie=None, **headers):
    """A GET from a phone that has never been here (a new client: no session), which may have
    chosen a language on another page (the `lang` cookie)."""
    client = app.test_client()
    if lang_cookie:
        client.set_cookie("lang", lang_cookie)
    return client.get(url, headers={**GZIP, **headers})


def fast_path_of(app) -> SurveyFastPath:
    wsgi_app = app.wsgi_app
    if isinstance(wsgi_app, ProxyFix):
        wsgi_app = wsgi_app.app
    assert isinstance(wsgi_app, SurveyFastPath)
    return wsgi_app


def served_before_flask(app, url, *, method="GET", headers=None, query_string=None) -> bool:
    environ = EnvironBuilder(path=url, method=method, headers={**GZIP, **(headers or {})},
                             query_string=query_string).get_environ()
    return fast_path_of(app).cached_page(environ) is not None


def session_of(app, response) -> dict:
    cookie = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie)


def both_ways(app, url, **headers):
    """The page as Flask gives it (which also puts it in the cache), then as the fast path does
    (Flask is taken away for that request, so it cannot have answered)."""
    fast_path = fast_path_of(app)
    fast_path.cached_page = lambda environ: None
    try:
        by_flask = first_visit(app, url, **headers)
    finally:
        del fast_path.cached_page
    flask_wsgi_app, fast_path.wsgi_app = fast_path.wsgi_app, None
    try:
        fast = first_visit(app, url, **headers)
    finally:
        fast_path.wsgi_app = flask_wsgi_app
    return by_flask, fast


def test_a_first_visit_gets_the_page_and_headers_flask_gives(app, org):
    s = make_survey(app, org)
    by_flask, fast = both_ways(app, s.url)

    assert fast.status_code == by_flask.status_code == 200
    assert TOKENS.sub(r'\1"', gzip.decompress(fast.data).decode()) == \
        TOKENS.sub(r'\1"', gzip.decompress(by_flask.data).decode())
    assert "Neuvolakysely" in gzip.decompress(fast.data).decode()
    varying = {"Set-Cookie", "Content-Length", "Vary"}
    assert {(k, v) for k, v in fast.headers if k not in varying} == \
        {(k, v) for k, v in by_flask.headers if k not in varying}
    assert set(fast.vary) == set(by_flask.vary) == {"Accept-Encoding", "Cookie", "Accept-Language"}
    assert fast.headers["Set-Cookie"].split(";")[1:] == by_flask.headers["Set-Cookie"].split(";")[1:]
    assert session_of(app, fast).keys() == session_of(app, by_flask).keys() == {"csrf_token"}
    assert session_of(app, fast) != session_of(app, by_flask)  # every visitor gets tokens of their own


def test_the_tokens_of_a_first_visit_store_the_answers_once(app, org):
    s = make_survey(app, org)
    first_visit(app, s.url)
    phone = app.test_client()
    html = gzip.decompress(phone.get(s.url, headers=GZIP).data).decode()
    assert served_before_flask(app, s.url)
    fields = {name: value for name, value in re.findall(r'name="(csrf_token|token)" value="([^"]+)"', html)}
    answer = {**fields, f"q{s.single}": str(s.father)}
    assert phone.post(s.url, data=answer).status_code == 302
    assert phone.post(s.url, data=answer).status_code == 302  # the double tap
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1
    stranger = app.test_client()  # the same form sent without the session cookie the page set
    stranger_answer = {**answer, "token": re.search(r'name="token" value="([^"]+)"',
                                                    gzip.decompress(first_visit(app, s.url).data).decode())[1]}
    refused = stranger.post(s.url, data=stranger_answer, headers={"Accept-Language": "en"})
    assert refused.status_code == 400 and "Your answers are still here" in refused.get_data(as_text=True)
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
    assert "Perhekeskuskysely" in gzip.decompress(first_visit(app, s.url).data).decode()
    assert served_before_flask(app, s.url)

    with app.app_context():
        services.change_status(db.session.get(Survey, s.id), SurveyStatus.CLOSED)
        db.session.commit()
    closed = first_visit(app, s.url + "?lang=en")
    assert not served_before_flask(app, s.url)
    assert "Perhekeskuskysely" in gzip.decompress(closed.data).decode()
    assert 'name="token"' not in gzip.decompress(closed.data).decode()

    with app.app_context():
        survey = db.session.get(Survey, s.id)
        services.change_status(survey, SurveyStatus.OPEN)
        survey.opens_at = utcnow() + timedelta(days=2)
        db.session.commit()
    assert not served_before_flask(app, s.url)
    assert 'name="token"' not in gzip.decompress(first_visit(app, s.url).data).decode()


def test_a_survey_that_closes_or_stops_being_public_is_not_served_from_the_cache(app, org):
    """Nobody edits the survey (its cached page stays valid): the closing time simply passes, or
    its audience is changed behind the cache's back. The family gets Flask's page for it."""
    s = make_survey(app, org)
    first_visit(app, s.url)
    assert served_before_flask(app, s.url)

    def quietly(**values):  # keep updated_at, which would otherwise move and miss the cache
        with app.app_context():
            db.session.execute(sa.update(Survey).where(Survey.id == s.id)
                               .values(updated_at=Survey.updated_at, **values))
            db.session.commit()

    quietly(closes_at=utcnow() - timedelta(minutes=1))
    assert not served_before_flask(app, s.url)
    closed = gzip.decompress(first_visit(app, s.url, **{"Accept-Language": "en"}).data).decode()
    assert 'name="token"' not in closed and "Neuvolakysely" in closed
    quietly(closes_at=None, opens_at=utcnow() + timedelta(days=1))
    assert not served_before_flask(app, s.url)
    quietly(opens_at=None)
    assert served_before_flask(app, s.url)
    quietly(audience=SurveyAudience.INVITATION)
    assert not served_before_flask(app, s.url)
    assert 'name="token"' not in gzip.decompress(first_visit(app, s.url).data).decode()


def test_behind_the_tls_proxy_the_page_is_sent_as_securely_as_by_flask(settings, app, org):
    s = make_survey(app, org)
    behind_proxy = create_app({**settings, "PROXY_FIX_HOPS": 1, "SESSION_COOKIE_SECURE": True})
    try:
        by_flask, fast = both_ways(behind_proxy, s.url, **{"X-Forwarded-Proto": "https"})
        plain = first_visit(behind_proxy, s.url)
    finally:
        with behind_proxy.app_context():
            db.engine.dispose()  # its own connections, closed before the app goes
    for response in (by_flask, fast):
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {
            part.strip() for part in response.headers["Set-Cookie"].split(";")}
    assert "Strict-Transport-Security" not in plain.headers, "never on plain http"


def test_the_language_comes_from_the_browser_or_the_remembered_choice(app, org):
    s = make_survey(app, org)
    for cookie, headers, lang in ((None, {"Accept-Language": "se-FI, fi;q=0.5"}, "se"),
                                  ("smn", {"Accept-Language": "sv"}, "smn"),
                                  (None, {"Accept-Language": "de, sv-FI;q=0.8"}, "sv"), (None, {}, "fi")):
        first_visit(app, s.url, cookie, **headers)
        cookie_header = {"Cookie": f"lang={cookie}"} if cookie else {}
        assert served_before_flask(app, s.url, headers={**headers, **cookie_header})
        html = gzip.decompress(first_visit(app, s.url, cookie, **headers).data).decode()
        assert f'<html lang="{lang}"' in html
    assert "Rávvehatjearahallan" in gzip.decompress(first_visit(app, s.url, "se").data).decode()


def test_every_other_visit_is_left_to_flask(app, org):
    s = make_survey(app, org)
    invited = make_survey(app, org, slug="paneeli", audience=SurveyAudience.INVITATION)
    draft = make_survey(app, org, slug="luonnos", status=SurveyStatus.DRAFT)
    first_visit(app, s.url)
    assert served_before_flask(app, s.url)
    assert not served_before_flask(app, s.url, headers={"Cookie": "session=abc"})  # a returning visitor
    assert not served_before_flask(app, s.url, query_string="lang=se")  # not rendered for this address yet
    assert not served_before_flask(app, s.url, method="HEAD")
    assert not served_before_flask(app, s.url, headers={"Accept-Encoding": "identity"})
    assert not served_before_flask(app, "/kittila/surveys/ei-ole")
    assert not served_before_flask(app, "/muu/surveys/" + s.slug)
    for other in (invited, draft):
        first_visit(app, other.url)
        assert not served_before_flask(app, other.url)
    assert first_visit(app, invited.url).status_code == 200  # the page that asks for a personal link
    assert first_visit(app, draft.url).status_code == 404
    plain = app.test_client().get(s.url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers


def test_the_database_down_gives_the_translated_503_page_after_one_try(settings):
    """The fast path's failed connection is Flask's answer too: a family waits for one
    connection timeout, not two."""
    from tests.conftest import free_port

    down = create_app({**settings, "SQLALCHEMY_DATABASE_URI":
                       f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"})
    attempts = []
    with down.app_context():
        sa.event.listen(db.engine, "do_connect", lambda *args: attempts.append(1))
    page = down.test_client().get("/kittila/surveys/kysely", headers={**GZIP, "Accept-Language": "en"})
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "temporarily unavailable" in gzip.decompress(page.data).decode()
    assert len(attempts) == 1


def test_the_assembled_gzip_reads_back_as_the_page_with_its_tokens():
    csrf, token = "__yhessa_csrf_slot__", "__yhessa_token_slot__"
    for text in (
        "<p>ʹǩǥʒǯõđŋ 👪</p>" * 50 + csrf + "<i>välissä</i>" * 40 + token + csrf + "loppu",
        csrf + "x" * 70_000 + token,  # slots at both ends, a part longer than a stored block could hold
        "", csrf,
    ):
        page = Page(text)
        expected = text.replace(csrf, "c" * 90).replace(token, "t" * 70).encode()
        assert page.fill("c" * 90, "t" * 70) == expected
        assert gzip.decompress(page.gzip("c" * 90, "t" * 70)) == expected
    assert len(Page("<p>ʹǩǥʒǯõđŋ</p>" * 300 + token).gzip("c", "t" * 70)) < 1000
