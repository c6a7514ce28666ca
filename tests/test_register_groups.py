"""Groups in the register: members are added by search or as everyone a filtered search finds,
and the member list shows their languages."""

import sqlalchemy as sa

from tests.conftest import post_form
from tests.volunteer_factory import add_volunteer
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.volunteers import roster
from webapp.volunteers.models import VolunteerGroup


def new_group(app, org, name="Saamenkieliset perheet"):
    with app.test_request_context():
        group = roster.save_group(db.session.get(Organisation, org.id), None, name=name, description="")
        db.session.commit()
        return group.id


def members(app, group_id):
    with app.app_context():
        return sorted(v.name for v in db.session.get(VolunteerGroup, group_id).members)


def test_members_are_added_by_search_and_listed_with_their_languages(client, app, coordinator):
    add_volunteer(app, coordinator, name="Máret Saijets", email="maret@perhe.example", languages=("se", "fi"))
    add_volunteer(app, coordinator, name="Aino Virtanen", email="aino@perhe.example")
    group = new_group(app, coordinator)
    page = f"/staff/kittila/volunteers/groups/{group}"
    found = client.get(f"{page}?q=saijets").get_data(as_text=True)
    assert "Máret Saijets" in found and "Aino Virtanen" not in found
    with app.app_context():
        maret = db.session.scalar(sa.text("select id from volunteer where email = 'maret@perhe.example'"))
    assert post_form(client, f"{page}/members", {"add": [str(maret)]}, page=page).status_code == 302
    assert members(app, group) == ["Máret Saijets"]
    listing = client.get(page).get_data(as_text=True)
    assert '<span lang="se">davvisámegiella</span>' in listing.split('id="members-heading"')[1]
    assert "Máret Saijets" not in client.get(f"{page}?q=saijets").get_data(as_text=True).split(
        'id="add-heading"')[1], "a member is not offered again"
    post_form(client, f"{page}/members", {"remove": [str(maret)]}, page=page)
    assert members(app, group) == []


def test_everyone_a_filtered_search_finds_is_added_to_a_group(client, app, coordinator):
    for n in range(30):  # more than a page of the register
        add_volunteer(app, coordinator, name=f"Saamelainen {n:02}", email=f"s{n}@perhe.example", languages=("se",))
    add_volunteer(app, coordinator, name="Suomenkielinen", email="fi@perhe.example", languages=("fi",))
    group = new_group(app, coordinator)
    response = post_form(client, "/staff/kittila/volunteers/groups/add-found?language=se", {"group_id": str(group)},
                         page="/staff/kittila/volunteers?language=se")
    assert response.status_code == 302
    names = members(app, group)
    assert len(names) == 30 and "Suomenkielinen" not in names
