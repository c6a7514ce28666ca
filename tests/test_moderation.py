"""Coordinators moderate: publish with redaction, reject, merge, hide, restore, bulk; the
author hears of it; the audit log names who did what without the text."""

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.idea_factory import make_board, published_idea
from webapp.audit.models import AuditEvent
from webapp.core.database import db
from webapp.ideas import services
from webapp.ideas.models import Board, Idea, IdeaContact, IdeaStatus, IdeaSupport
from webapp.outbox.models import OutboxMessage


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


@pytest.fixture
def coordinator(factory, auth, org):
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    return org


def pending_idea(app, board, title="Soita minulle", body="Numeroni on 040 123 4567.", email="", locale="fi"):
    with app.test_request_context():
        idea = services.post_idea(db.session.get(Board, board.id), title=title, body=body, locale=locale,
                                  email=email)
        db.session.commit()
        return idea.id


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("coordinator", 200), ("core_group", 403), ("steering_group", 403),
])
def test_only_coordinators_and_admins_moderate(client, auth, factory, app, org, role, status):
    board = make_board(app, org)
    idea_id = pending_idea(app, board, body="Iltavastaanotto olisi hyvä.")
    factory.user(f"{role}@kittila.example", organisation=org, role=role)
    auth.login(f"{role}@kittila.example")
    assert client.get("/staff/kittila/moderation").status_code == status
    assert client.get("/staff/kittila/boards").status_code == status
    response = post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/publish", {},
                         page="/staff/kittila/")  # every role sees this page and its token
    with app.app_context():
        published = db.session.get(Idea, idea_id).status is IdeaStatus.PUBLISHED
    assert published is (status == 200)
    assert response.status_code == (302 if status == 200 else 403)


def test_staff_of_another_organisation_cannot_moderate(client, auth, factory, app, org):
    board = make_board(app, org)
    idea_id = pending_idea(app, board)
    other = factory.organisation("sodankyla")
    factory.user("k@sodankyla.example", organisation=other, role="coordinator")
    auth.login("k@sodankyla.example")
    assert client.get("/staff/kittila/moderation").status_code == 403
    assert client.get(f"/staff/sodankyla/moderation/idea/{idea_id}").status_code == 404


def test_the_queue_highlights_personal_data(client, app, coordinator):
    board = make_board(app, coordinator)
    pending_idea(app, board)
    html = client.get("/staff/kittila/moderation").get_data(as_text=True)
    assert '<mark class="pd pd-phone">040 123 4567</mark>' in html


def test_redacting_and_publishing_says_so_publicly(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board, email="vanhempi@example.fi", locale="smn")
    page = f"/staff/kittila/moderation/idea/{idea_id}"
    response = post_form(client, page, {"title": "Soita minulle", "body": "Numeroni on [poistettu]."})
    assert response.status_code == 302
    public = client.get(f"{board.url}/{idea_id}?lang=en").get_data(as_text=True)
    assert "Numeroni on [poistettu]." in public and "040 123 4567" not in public
    assert "Edited by a moderator" in public and '<article lang="smn"' in public
    with app.app_context():
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert message.recipient == "vanhempi@example.fi" and message.locale == "smn"
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "moderation.idea_publish"))
        assert event.actor_id is not None and event.details == {"edited": True}
        assert "040" not in str(event.details) and "poistettu" not in str(event.details)


def test_rejecting_tells_the_author_and_erases_the_email(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board, email="vanhempi@example.fi")
    post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/reject", {"reason": "personal_data"},
              page="/staff/kittila/moderation")
    with app.app_context():
        idea = db.session.get(Idea, idea_id)
        assert idea.status is IdeaStatus.REJECTED and idea.reject_reason.value == "personal_data"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaContact)) == 0
        message = db.session.scalar(sa.select(OutboxMessage))
        assert "040" not in message.body


def test_merging_moves_the_supports_over(client, app, coordinator):
    board = make_board(app, coordinator)
    keep = published_idea(app, board, title="Iltavastaanotto")
    duplicate = published_idea(app, board, title="Iltaisin auki")
    for browser in range(3):
        visitor = app.test_client()
        post_form(visitor, f"{board.url}/{duplicate}/support", {}, page=f"{board.url}/{duplicate}")
        if browser == 0:  # this browser supported both: it counts once after the merge
            post_form(visitor, f"{board.url}/{keep}/support", {}, page=f"{board.url}/{keep}")
    post_form(client, f"/staff/kittila/moderation/idea/{duplicate}/merge", {"into": str(keep)},
              page="/staff/kittila/moderation")
    with app.app_context():
        assert db.session.get(Idea, keep).support_count == 3
        assert db.session.get(Idea, duplicate).status is IdeaStatus.MERGED
        assert db.session.scalar(sa.select(sa.func.count()).select_from(IdeaSupport)) == 3
    followed = client.get(f"{board.url}/{duplicate}")
    assert followed.status_code == 302 and followed.headers["Location"].endswith(f"/{keep}")


def test_merging_into_itself_is_refused(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = published_idea(app, board)
    response = post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/merge?lang=en", {"into": str(idea_id)},
                         page="/staff/kittila/moderation")
    assert response.status_code == 302
    assert "Choose another published idea" in client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)


def test_hide_and_restore(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = published_idea(app, board)
    post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/hide", {}, page="/staff/kittila/moderation")
    assert client.get(f"{board.url}/{idea_id}").status_code == 404
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.HIDDEN
    post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/restore", {}, page="/staff/kittila/moderation")
    assert client.get(f"{board.url}/{idea_id}").status_code == 200


def test_bulk_publish(client, app, coordinator):
    board = make_board(app, coordinator)
    first = pending_idea(app, board, title="Yksi", body="Ensimmäinen")
    second = pending_idea(app, board, title="Kaksi", body="Toinen")
    response = post_form(client, "/staff/kittila/moderation/bulk", {
        "action": "publish", "items": [f"idea:{first}", f"idea:{second}"]}, page="/staff/kittila/moderation")
    assert response.status_code == 302
    board_page = client.get(board.url).get_data(as_text=True)
    assert "Yksi" in board_page and "Kaksi" in board_page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "moderation.idea_publish")) == 2


def test_bulk_publish_skips_what_may_be_personal_and_says_how_many(client, app, coordinator):
    board = make_board(app, coordinator)
    clean = pending_idea(app, board, title="Yksi", body="Ensimmäinen")
    flagged = pending_idea(app, board, title="Kaksi")  # a phone number in the text
    post_form(client, "/staff/kittila/moderation/bulk?lang=en", {
        "action": "publish", "items": [f"idea:{clean}", f"idea:{flagged}"]}, page="/staff/kittila/moderation")
    queue = client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)
    assert "1 item published. 1 skipped: it may contain personal data. Check it on its own page." in queue
    board_page = client.get(board.url).get_data(as_text=True)
    assert "Yksi" in board_page and "040 123 4567" not in board_page
    post_form(client, f"/staff/kittila/moderation/idea/{flagged}/publish", {}, page="/staff/kittila/moderation")
    with app.app_context():
        assert db.session.get(Idea, flagged).status is IdeaStatus.PENDING  # nor with the quick button


def test_publishing_personal_data_needs_a_confirmation_that_is_audited(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board, body="Neuvolan yleinen numero on 016 123 456.")
    page = f"/staff/kittila/moderation/idea/{idea_id}"
    refused = post_form(client, f"{page}?lang=en", {"title": "Soita minulle",
                                                     "body": "Neuvolan yleinen numero on 016 123 456."})
    assert refused.status_code == 200 and "may still contain personal data" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PENDING
    post_form(client, page, {"title": "Soita minulle", "body": "Neuvolan yleinen numero on 016 123 456.",
                             "despite_personal_data": "y"})
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PUBLISHED
        assert db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.action == "moderation.idea_publish_despite_personal_data")) is not None


def test_one_click_redaction_shows_the_marker_in_the_language_of_the_text(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board, body="Kirjoita ANNA.V@EXAMPLE.FI tai 040-123-4567", locale="fi")
    page = f"/staff/kittila/moderation/idea/{idea_id}"
    shown = post_form(client, f"{page}?lang=en", {"title": "Soita minulle",
                                                   "body": "Kirjoita ANNA.V@EXAMPLE.FI tai 040-123-4567",
                                                   "redact": "1"}).get_data(as_text=True)
    assert "Kirjoita [poistettu] tai [poistettu]</textarea>" in shown
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PENDING  # nothing stored until Publish


def test_the_edit_page_publishes_one_way_only(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board)
    html = client.get(f"/staff/kittila/moderation/idea/{idea_id}").get_data(as_text=True)
    assert "/publish" not in html  # no second button publishing the stored text


def test_rejecting_needs_a_chosen_reason(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board)
    html = client.get("/staff/kittila/moderation").get_data(as_text=True)
    assert 'name="reason" required><option value="">' in html
    post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/reject", {}, page="/staff/kittila/moderation")
    post_form(client, "/staff/kittila/moderation/bulk", {"action": "reject", "items": [f"idea:{idea_id}"]},
              page="/staff/kittila/moderation")
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PENDING


def test_coordinator_creates_a_board(client, app, coordinator):
    response = post_form(client, "/staff/kittila/boards/new", {
        "title-fi": "Ideat nuorisotyöhön", "slug": "nuoret", "prompt-fi": "Mitä nuorille?",
        "moderation": "post", "is_open": "y", "has_supports": "y", "report_threshold": "3"})
    assert response.status_code == 302
    assert "Mitä nuorille?" in client.get("/kittila/ideas/nuoret").get_data(as_text=True)


def test_daily_digest_goes_to_coordinators_of_organisations_that_want_it(app, factory, runner):
    kittila = factory.organisation("kittila", has_moderation_digest=True)
    quiet = factory.organisation("sodankyla")
    factory.user("k@kittila.example", organisation=kittila, role="coordinator", locale="se")
    factory.user("y@kittila.example", organisation=kittila, role="core_group")
    factory.user("k@sodankyla.example", organisation=quiet, role="coordinator")
    pending_idea(app, make_board(app, kittila))
    pending_idea(app, make_board(app, quiet))
    result = runner.invoke(args=["moderation-digest"])
    assert result.exit_code == 0 and "1 digest emails queued" in result.output
    with app.app_context():
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert message.recipient == "k@kittila.example" and message.locale == "se"
        assert "/staff/kittila/moderation" in message.body


def test_the_digest_counts_corrections_to_the_services_guide(app, factory, runner):
    from tests.guide_factory import make_service
    from webapp.guide import services as guide
    from webapp.guide.models import Service

    kittila = factory.organisation("kittila", has_moderation_digest=True)
    factory.user("k@kittila.example", organisation=kittila, role="coordinator", locale="en")
    entry = make_service(app, kittila)
    with app.app_context():
        guide.suggest_correction(db.session.get(Service, entry.id), "Numero on vaihtunut.", "fi")
        db.session.commit()
    assert "1 digest emails queued" in runner.invoke(args=["moderation-digest"]).output
    with app.app_context():
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert "1 correction to the services guide waits." in message.body


def test_the_queue_is_paged_filtered_and_can_select_a_whole_page(client, app, coordinator):
    """At volume the queue comes 25 to a page; "select all on this page" works without JavaScript
    (the page comes back with every box on it checked), and a bulk action returns to the same page."""
    board = make_board(app, coordinator)
    ids = [pending_idea(app, board, title=f"Idea {n}", body="Ilta-aukiolo") for n in range(27)]
    flagged = pending_idea(app, board, title="Soita")  # a phone number in the text
    first = client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)
    assert first.count('name="items"') == 25 and "Ideas (28)" in first
    assert f'value="idea:{ids[0]}"' in first and f'value="idea:{ids[25]}"' not in first
    assert 'rel="next" href="/staff/kittila/moderation?lang=en&amp;page=2"' in first
    assert 'name="items" value="idea:' in first and " checked>" not in first.split('id="bulk"')[1]

    second = client.get("/staff/kittila/moderation?page=2&all=1&lang=en").get_data(as_text=True)
    assert second.count('name="items"') == 3 and second.count('name="items" value') == 3
    # After the action the page comes back unchecked: what moves up was not looked at yet.
    assert 'name="back" value="/staff/kittila/moderation?page=2&amp;lang=en"' in second
    assert second.count(f'id="pick-idea-{ids[26]}" checked') == 1
    assert f'id="pick-idea-{flagged}" checked' in second

    only_flagged = client.get("/staff/kittila/moderation?flagged=1").get_data(as_text=True)
    assert only_flagged.count('name="items"') == 1 and f'value="idea:{flagged}"' in only_flagged

    response = post_form(client, "/staff/kittila/moderation/bulk", {
        "action": "hide", "items": [f"idea:{ids[25]}", f"idea:{ids[26]}"],
        "back": "/staff/kittila/moderation?page=2"}, page="/staff/kittila/moderation?page=2")
    assert response.status_code == 302 and response.location.endswith("/staff/kittila/moderation?page=2")
    shown = client.get(response.location + "&lang=en").get_data(as_text=True)
    assert "2 items hidden." in shown
    elsewhere = post_form(client, "/staff/kittila/moderation/bulk", {
        "action": "hide", "items": [f"idea:{ids[0]}"], "back": "https://example.com/"},
        page="/staff/kittila/moderation")
    assert elsewhere.location.endswith("/staff/kittila/moderation")


def test_bulk_reject_needs_a_reason_chosen_and_none_is_preselected(client, app, coordinator):
    board = make_board(app, coordinator)
    idea_id = pending_idea(app, board, title="Mainos", body="Osta nyt")
    page = client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)
    reasons = page.split('id="bulk-reason"')[1].split("</select>")[0]
    assert " selected" not in reasons and '<option value="">Choose a reason</option>' in reasons
    post_form(client, "/staff/kittila/moderation/bulk", {"action": "reject", "items": [f"idea:{idea_id}"]},
              page="/staff/kittila/moderation")
    assert "Choose a reason for rejecting." in client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Idea, idea_id).status is IdeaStatus.PENDING
    post_form(client, "/staff/kittila/moderation/bulk", {"action": "reject", "reason": "spam",
                                                         "items": [f"idea:{idea_id}"]},
              page="/staff/kittila/moderation")
    assert "1 item rejected." in client.get("/staff/kittila/moderation?lang=en").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Idea, idea_id).reject_reason.value == "spam"
