"""Staff pages stay flat as data grows: every staff list page asks the database the same number
of questions with a few ideas, responses, developer-clients and backlog items as with three
times as many. A count that grows with the data is a query per row (N+1)."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, SITE_ADMIN, load_demo_data
from webapp.demo.volume import Volume, load_volume
from webapp.orgs.services import find_organisation
from webapp.regions.models import RegionSurveyCopy

SMALL = Volume(ideas=4, responses=4, volunteers=4, backlog_items=4)
LARGE = Volume(ideas=12, responses=12, volunteers=12, backlog_items=12)
#: Staff pages that are not lists of the organisation's data (signing in, a new password, a file of
#: one language's missing texts, which needs the language).
NOT_LISTS = {"auth.login", "auth.request_reset", "staff.export_translations", "backlog_admin.choose"}


def list_pages(app, organisation) -> dict[str, str]:
    """Every GET page under /staff/ that takes no id, and the lists of one survey, board, group
    and workshop: {address: endpoint}."""
    from webapp.backlog.models import BacklogItem, Workshop
    from webapp.ideas.models import Board, Idea
    from webapp.surveys.models import Survey
    from webapp.volunteers.models import VolunteerGroup

    pages = {}
    for rule in app.url_map.iter_rules():
        arguments = set(rule.arguments) - {"org"}
        if (rule.rule.startswith("/staff") and "GET" in rule.methods and not arguments
                and rule.endpoint not in NOT_LISTS):
            pages[rule.rule.replace("<org>", organisation.slug)] = rule.endpoint
    with app.app_context():
        def first(model):
            return db.session.scalar(sa.select(model.id).where(model.organisation_id == organisation.id)
                                     .order_by(model.id))
        survey, board, group, workshop = first(Survey), first(Board), first(VolunteerGroup), first(Workshop)
        item, idea = first(BacklogItem), first(Idea)
    # A county's pages are walked at the demo county, whose members the volume fills.
    for url, endpoint in list(pages.items()):
        if endpoint in ("region_admin.index", "region_admin.report"):
            pages[url.replace(f"/staff/{organisation.slug}/", "/staff/lappi/")] = pages.pop(url)
    with app.app_context():
        county_survey = db.session.scalar(sa.select(RegionSurveyCopy.master_survey_id).order_by(RegionSurveyCopy.id))
    if county_survey is not None:
        pages[f"/staff/lappi/region/surveys/{county_survey}"] = "region_admin.compare"
    base = f"/staff/{organisation.slug}"
    pages.update({f"{base}/surveys/{survey}/results": "survey_admin.results",
                  f"{base}/surveys/{survey}/invitations": "survey_admin.invitations",
                  f"{base}/surveys/{survey}/paper/responses": "survey_admin.paper_responses",
                  f"{base}/surveys/{survey}": "survey_admin.edit",
                  f"{base}/boards/{board}": "idea_admin.edit_board",
                  f"{base}/volunteers/groups/{group}": "volunteer_admin.group",
                  f"{base}/backlog/choose?for=merge:{item}": "backlog_admin.choose"})
    # The working week's lists with their searches and filters, and the pages that list an item's
    # sources, an idea's merge candidates and history, and a workshop's agenda.
    pages.update({f"{base}/ideas?status=published&q=ilta": "idea_admin.ideas",
                  f"{base}/backlog?q=kokeilu": "backlog_admin.backlog",
                  f"{base}/moderation?kind=idea&flagged=1&all=1": "moderation.queue",
                  f"{base}/backlog/{item}": "backlog_admin.item",
                  f"{base}/moderation/idea/{idea}": "moderation.item"})
    if workshop is not None:
        pages.update({f"{base}/workshops/{workshop}": "backlog_admin.workshop",
                      f"{base}/workshops/{workshop}/agenda": "backlog_admin.agenda",
                      f"{base}/workshops/{workshop}/minutes": "backlog_admin.minutes"})
    return pages


def statements_per_page(app, client, pages) -> dict[str, int]:
    with app.app_context():
        engine = db.engine
    counts = {}
    for url in pages:
        seen = []

        def count(conn, cursor, statement, *args, seen=seen):
            seen.append(statement)
        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code in (200, 302), (url, response.status_code)  # /staff/ goes to the organisation
        counts[url] = len(seen)
    return counts


@pytest.fixture
def kittila(app):
    with app.app_context():
        load_demo_data()
        db.session.commit()
        organisation = find_organisation("kittila")
        return SimpleNamespace(id=organisation.id, slug=organisation.slug)


def test_every_staff_list_page_asks_as_much_of_a_large_organisation_as_of_a_small_one(app, client, kittila):
    def fill(volume):
        with app.app_context():
            load_volume(find_organisation(kittila.slug), volume)
            db.session.commit()

    fill(SMALL)
    post_form(client, "/staff/login", {"email": SITE_ADMIN, "password": DEMO_PASSWORD})  # every page is open
    pages = list_pages(app, kittila)
    assert len(pages) >= 25, sorted(pages)
    small = statements_per_page(app, client, pages)
    fill(LARGE)
    large = statements_per_page(app, client, pages)
    grown = {url: (small[url], large[url]) for url in pages if large[url] > small[url]}
    assert not grown, f"statements grow with the data (small, large): {grown}"

