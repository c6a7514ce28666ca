"""Families post, support, comment on and report ideas; personal data is held back."""

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from tests.idea_factory import make_board, published_idea
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.ideas.models import Comment, Idea, IdeaContact, IdeaStatus, IdeaSupport, ModerationMode, Report


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def ideas(app):
    with app.app_context():
        return db.session.scalars(sa.select(Idea).order_by(Idea.id)).all()


def test_an_idea_waits_for_moderation_and_keeps_its_language(client, app, org):
    board = make_board(app, org)
    response = post_form(client, f"{board.url}/new?lang=smn", {
        "title": "Eehidvuástáváldám", "body": "Ihâstuvvii puáris ⛄ ʹǩ", "nickname": "Eeči",
        "email": "Eeci@Example.fi", "service_area": "0"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="smn">' in page
    [idea] = ideas(app)
    assert (idea.status, idea.locale, idea.body) == (IdeaStatus.PENDING, "smn", "Ihâstuvvii puáris ⛄ ʹǩ")
    assert "Eehidvuástáváldám" not in client.get(board.url).get_data(as_text=True)
    with app.app_context():
        contact = db.session.scalar(sa.select(IdeaContact))
        assert (contact.email, contact.locale) == ("eeci@example.fi", "smn")
    assert "eeci@example.fi" not in [getattr(idea, c.name) for c in Idea.__table__.columns]


def test_post_moderated_board_publishes_at_once_unless_personal_data(client, app, org):
    board = make_board(app, org, moderation=ModerationMode.POST)
    post_form(client, f"{board.url}/new", {"title": "Perhekahvila", "body": "Torstaisin olisi kiva."})
    post_form(client, f"{board.url}/new", {"title": "Soita", "body": "Numeroni on 040 123 4567"})
    post_form(client, f"{board.url}/new", {"title": "Minä", "body": "Tunnukseni 131052-308T"})
    first, phone, code = ideas(app)
    assert first.status is IdeaStatus.PUBLISHED
    assert phone.status is code.status is IdeaStatus.PENDING
    assert phone.has_personal_data and code.has_personal_data
    board_page = client.get(board.url).get_data(as_text=True)
    assert "Perhekahvila" in board_page and "040 123 4567" not in board_page


@pytest.mark.parametrize("fields, message", [
    ({"title": "   ", "body": "Teksti"}, "Write something here."),
    ({"title": "Otsikko", "body": " \n "}, "Write something here."),
    ({"title": "Otsikko", "body": "x" * 3001}, "Write at most 3000 characters."),
    ({"title": "Linkit", "body": " ".join(f"https://a{n}.fi" for n in range(4))}, "Use at most 3 links."),
    ({"title": "Otsikko", "body": "Teksti", "email": "ei-osoite"}, "Enter a valid email address"),
])
def test_bad_posts_get_a_clear_message_and_are_not_stored(client, app, org, fields, message):
    board = make_board(app, org)
    response = post_form(client, f"{board.url}/new?lang=en", fields)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert ideas(app) == []


def test_a_bot_filling_the_hidden_field_stores_nothing(client, app, org):
    board = make_board(app, org)
    response = post_form(client, f"{board.url}/new", {"title": "Halpaa", "body": "Osta", "website": "spam.example"})
    assert response.status_code == 302 and ideas(app) == []


def test_script_tags_render_as_text_and_links_are_marked(client, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board, title="<img src=x onerror=alert(1)>",
                             body="<script>alert(1)</script> katso https://example.fi/sivu")
    html = client.get(f"{board.url}/{idea_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert '<a href="https://example.fi/sivu" rel="nofollow ugc noopener">' in html


def test_support_counts_once_per_browser(client, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    page = f"{board.url}/{idea_id}"
    for _ in range(3):
        post_form(client, f"{page}/support", {}, page=page)
    other = app.test_client()
    post_form(other, f"{page}/support", {}, page=page)
    with app.app_context():
        assert db.session.get(Idea, idea_id).support_count == 2
        supporters = db.session.scalars(sa.select(IdeaSupport.supporter)).all()
    cookie = client.get_cookie("yhessa_browser").value
    assert cookie not in supporters and len(supporters[0]) == 64  # stored only as an HMAC
    assert "You support this idea" in client.get(page + "?lang=en").get_data(as_text=True)


def test_enough_reports_hide_an_idea_until_reviewed(app, org):
    board = make_board(app, org, report_threshold=2)
    idea_id = published_idea(app, board)
    page = f"{board.url}/{idea_id}"
    browsers = [app.test_client() for _ in range(3)]
    addresses = [{"REMOTE_ADDR": f"192.0.2.{n}"} for n in range(3)]
    post_form(browsers[0], f"{page}/report", {"reason": "offensive"}, page=page, environ_base=addresses[0])
    post_form(browsers[0], f"{page}/report", {"reason": "spam"}, page=page, environ_base=addresses[0])
    browsers[0].delete_cookie("yhessa_browser")  # clearing cookies does not make a new reporter
    post_form(browsers[0], f"{page}/report", {"reason": "spam"}, page=page, environ_base=addresses[0])
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PUBLISHED
    post_form(browsers[1], f"{page}/report", {"reason": "personal_data"}, page=page, environ_base=addresses[1])
    with app.app_context():
        idea = db.session.get(Idea, idea_id)
        assert (idea.status, idea.report_count) == (IdeaStatus.HIDDEN, 2)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 2
    assert browsers[2].get(page).status_code == 404


def test_comments_follow_the_boards_moderation(client, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    page = f"{board.url}/{idea_id}"
    post_form(client, f"{page}/comments", {"body": "Hyvä ajatus!"}, page=page)
    with app.app_context():
        assert db.session.scalar(sa.select(Comment.status)) is IdeaStatus.PENDING
    assert "Hyvä ajatus!" not in client.get(page).get_data(as_text=True)
    empty = post_form(client, f"{page}/comments?lang=en", {"body": "  "}, page=page)
    assert empty.status_code == 422 and "Write something here." in empty.get_data(as_text=True)


SERVICE_LINE = 'Service: <span lang="fi">Neuvola</span>'


def test_a_refused_comment_keeps_the_idea_page_as_it_was(client, app, org):
    """The page that says what was wrong with a comment is the idea's own page, with its
    service area still shown, not a shorter copy of it."""
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    with app.app_context():
        from webapp.orgs import services as orgs

        area = orgs.save_service_area(orgs.find_organisation("kittila"), None, key="neuvola", name={"fi": "Neuvola"})
        db.session.get(Idea, idea_id).service_area_id = area.id
        db.session.commit()
    page = f"{board.url}/{idea_id}"
    assert SERVICE_LINE in client.get(f"{page}?lang=en").get_data(as_text=True)
    refused = post_form(client, f"{page}/comments?lang=en", {"body": "  ", "nickname": "Äiti"}, page=page)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Write something here." in html
    assert SERVICE_LINE in html and 'value="Äiti"' in html


def test_closed_boards_and_unpublished_ideas(client, app, org):
    board = make_board(app, org, is_open=False)
    assert "no longer takes new ideas" in client.get(f"{board.url}/new?lang=en").get_data(as_text=True)
    with app.test_request_context():
        from webapp.ideas import services
        from webapp.ideas.models import Board

        pending = services.post_idea(db.session.get(Board, board.id), title="T", body="B", locale="fi")
        db.session.commit()
        pending_id = pending.id
    assert client.get(f"{board.url}/{pending_id}").status_code == 404
    assert client.get("/kittila/ideas/ei-ole").status_code == 404


def test_the_front_page_lists_open_boards(client, app, org):
    make_board(app, org)
    html = client.get("/kittila/").get_data(as_text=True)
    assert 'href="/kittila/ideas/neuvola"' in html


def test_contacts_are_erased_after_twelve_months(app, org, runner):
    from datetime import timedelta

    from webapp.core.clock import utcnow

    board = make_board(app, org)
    idea_id = published_idea(app, board)
    with app.app_context():
        db.session.add(IdeaContact(idea_id=idea_id, email="a@b.fi", locale="fi",
                                   created_at=utcnow() - timedelta(days=370)))
        db.session.commit()
    assert runner.invoke(args=["purge"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaContact)) == 0


def test_a_support_form_without_csrf_is_refused(client, app, org):
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    assert client.post(f"{board.url}/{idea_id}/support").status_code == 400
    assert csrf_from(client.get(f"{board.url}/{idea_id}").get_data(as_text=True))


def test_supports_from_one_address_are_capped_per_idea_per_day_whatever_the_browser(settings, app, org):
    """L4: dropping the browser cookie gave 51 supports from one client in seconds. The address
    is counted per idea and day under a salted hash: the limit storage never holds it."""
    app.config["SUPPORTS_PER_ADDRESS_PER_IDEA"] = 3
    board = make_board(app, org)
    first, second = published_idea(app, board), published_idea(app, board, title="Toinen")

    def support(idea_id, address="198.51.100.7"):
        browser = app.test_client()  # a fresh browser each time: no cookie to recognise it by
        page = f"{board.url}/{idea_id}"
        return post_form(browser, f"{page}/support?lang=en", {}, page=page, follow_redirects=True,
                         environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)

    for _ in range(3):
        assert "Thank you for your support!" in support(first)
    assert "many supports from this network today" in support(first)
    assert "Thank you for your support!" in support(second)
    assert "Thank you for your support!" in support(first, address="203.0.113.9")
    with app.app_context():
        assert [db.session.get(Idea, i).support_count for i in (first, second)] == [4, 1]
    with app.app_context():
        keys = " ".join(str(key) for key in limiter.limiter.storage.storage)
    assert "idea-supports" in keys and "198.51.100.7" not in keys and "203.0.113.9" not in keys
