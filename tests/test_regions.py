"""A wellbeing services county above municipalities (issue 28): the county's entry shared into
its members' guides and kept in one place, one survey run in many municipalities and compared
side by side with the small-number rule per municipality, and each municipality's data its own."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from webapp.activities.models import Activity
from webapp.core.database import db
from webapp.demo import DEMO_PASSWORD, load_demo_data
from webapp.guide.models import Service, ServiceCorrection
from webapp.orgs.services import find_organisation
from webapp.regions import demo as region_demo
from webapp.regions import services
from webapp.regions.models import RegionSurveyCopy
from webapp.surveys import services as surveys
from webapp.surveys.models import Question, QuestionKind, Survey


@pytest.fixture
def county(app):
    """The demo data: `lappi` with `kittila` and `sodankyla`, the shared service and the survey."""
    with app.app_context():
        load_demo_data()
        db.session.commit()
        lappi = find_organisation("lappi")
        service = db.session.scalar(sa.select(Service).where(Service.organisation_id == lappi.id,
                                                             Service.slug == region_demo.SERVICE_SLUG))
        master = db.session.scalar(sa.select(Survey).where(Survey.organisation_id == lappi.id,
                                                           Survey.slug == region_demo.SURVEY_SLUG))
        copies = {find_organisation(slug).slug: db.session.scalar(sa.select(RegionSurveyCopy.survey_id).where(
            RegionSurveyCopy.master_survey_id == master.id,
            RegionSurveyCopy.organisation_id == find_organisation(slug).id)) for slug in ("kittila", "sodankyla")}
        return SimpleNamespace(service=service.id, master=master.id, copies=copies)


def login(client, email):
    return post_form(client, "/staff/login", {"email": email, "password": DEMO_PASSWORD})


def test_the_county_page_lists_its_municipalities_family_centres(client, county):
    page = client.get("/lappi/").get_data(as_text=True)
    assert 'href="/kittila/"' in page and 'href="/sodankyla/"' in page


def test_the_county_service_is_in_both_guides_with_the_county_as_provider(client, county):
    for slug in ("kittila", "sodankyla"):
        guide = client.get(f"/{slug}/services").get_data(as_text=True)
        assert "Lapin perheneuvola" in guide, slug
        page = client.get(f"/{slug}/services/{region_demo.SERVICE_SLUG}")
        assert page.status_code == 200
        assert "Lapin hyvinvointialue" in page.get_data(as_text=True)
    assert client.get("/kittila/services/search.json?q=perheneuvola").json["ids"].count(county.service) == 1
    assert county.service in client.get("/sodankyla/services/search.json?q=perheneuvolaan").json["ids"]


def test_the_county_edits_its_entry_once_and_both_guides_show_the_change(client, county):
    login(client, "koordinaattori@lappi.example")
    url = f"/staff/lappi/services/{county.service}"
    form = client.get(url).get_data(as_text=True)
    assert client.get(url).status_code == 200
    with client.application.app_context():
        service = db.session.get(Service, county.service)
        data = {"slug": service.slug, "name-fi": "Lapin perheneuvola ja parisuhdeapu",
                "name-se": "Lappi bearašrávvehat",
                "provider": service.provider, "sector": service.sector.value, "phone": "016 000 2001",
                "is_free": "y", "owner_id": "0", "csrf_token": csrf_from(form)}
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    for slug in ("kittila", "sodankyla"):
        page = client.get(f"/{slug}/services/{region_demo.SERVICE_SLUG}").get_data(as_text=True)
        assert "parisuhdeapu" in page and "016 000 2001" in page


def test_a_municipality_admin_cannot_edit_the_county_entry_but_can_suggest_a_correction(client, county):
    login(client, "admin@kittila.example")
    url = f"/staff/kittila/services/{county.service}"
    token = csrf_from(client.get("/staff/kittila/region/shared").get_data(as_text=True))
    assert client.get(url).status_code == 403
    assert client.post(url, data={"csrf_token": token, "slug": "x", "name-fi": "Muutettu"}).status_code == 403
    assert client.post(f"{url}/delete", data={"csrf_token": token}).status_code == 403
    shared = client.get("/staff/kittila/region/shared").get_data(as_text=True)
    assert "Lapin perheneuvola" in shared
    response = client.post(f"/staff/kittila/region/shared/{county.service}/suggest",
                           data={"csrf_token": token, "body": "Puhelinaika on nyt 9–11."})
    assert response.status_code == 302
    with client.application.app_context():
        correction = db.session.scalar(sa.select(ServiceCorrection).where(
            ServiceCorrection.service_id == county.service))
        assert correction.organisation_id == find_organisation("lappi").id  # into the county's queue
        assert db.session.get(Service, county.service).name["fi"] == "Lapin perheneuvola"


def test_county_staff_see_the_municipalities_side_by_side_and_three_answers_are_too_few(client, county):
    login(client, "ohjausryhma@lappi.example")
    page = client.get(f"/staff/lappi/region/surveys/{county.master}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kittilän perhekeskus" in html and "Sodankylän perhekeskus" in html
    assert ">12<" in html  # Kittilä's twelve responses
    sodankyla_row = html.split("Sodankylän perhekeskus</th>")[1].split("</tr>")[0]
    assert 'class="too-few"' in sodankyla_row and ">3<" not in sodankyla_row  # three responses: not shown
    kittila_row = html.split("Kittilän perhekeskus</th>")[1].split("</tr>")[0]
    assert ">12<" in kittila_row


def test_the_comparison_export_shows_too_few_for_the_small_municipality(client, county):
    login(client, "koordinaattori@lappi.example")
    response = client.get(f"/staff/lappi/region/surveys/{county.master}/compare.csv?lang=en")
    assert response.status_code == 200
    text = response.get_data().decode("utf-8-sig")
    header, responses = text.splitlines()[:2]
    assert "Kittilä family centre: answers" in header
    assert responses.split(";")[2:] == ["12", "", "too few answers", "", "12", ""]
    assert client.get(f"/staff/lappi/region/surveys/{county.master}/compare.xlsx").status_code == 200


def test_kittila_coordinator_sees_only_kittila_answers(client, county):
    login(client, "koordinaattori@kittila.example")
    own = client.get(f"/staff/kittila/surveys/{county.copies['kittila']}/results?lang=en")
    assert own.status_code == 200
    assert "12 answers" in own.get_data(as_text=True)
    assert client.get(f"/staff/kittila/surveys/{county.copies['sodankyla']}/results").status_code == 404
    assert client.get(f"/staff/sodankyla/surveys/{county.copies['sodankyla']}/results").status_code == 403
    assert client.get(f"/staff/lappi/region/surveys/{county.master}").status_code == 403
    assert client.get(f"/staff/kittila/surveys/{county.copies['kittila']}/poster").status_code == 200


def test_a_municipality_cannot_change_the_questions_of_the_county_survey(client, county):
    login(client, "koordinaattori@kittila.example")
    copy = county.copies["kittila"]
    token = csrf_from(client.get(f"/staff/kittila/surveys/{copy}").get_data(as_text=True))
    assert client.post(f"/staff/kittila/surveys/{copy}", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/staff/kittila/surveys/{copy}/questions/new",
                       data={"csrf_token": token, "kind": "yes_no", "text-fi": "Uusi?"}).status_code == 403
    assert client.post(f"/staff/kittila/surveys/{copy}/status",
                       data={"csrf_token": token, "status": "closed"}).status_code == 403


def test_the_county_starts_its_survey_in_a_municipality_with_its_own_link(app, client, county, factory):
    other = factory.organisation("kolari")
    with app.app_context():
        services.add_member(find_organisation("lappi"), find_organisation("kolari"))
        db.session.commit()
    login(client, "koordinaattori@lappi.example")
    page = f"/staff/lappi/region/surveys/{county.master}"
    response = post_form(client, f"{page}/run", {"member": str(other.id), "open": "1"}, page=page)
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalar(sa.select(Survey).where(Survey.organisation_id == other.id))
        assert copy.slug == region_demo.SURVEY_SLUG and copy.status.value == "open"
        code = copy.short_code
    assert client.get(f"/s/{code}").status_code in (301, 302)
    assert client.get(f"/kolari/surveys/{region_demo.SURVEY_SLUG}").status_code == 200
    # A municipality that is not a member cannot be chosen.
    stranger = factory.organisation("oulu")
    response = post_form(client, f"{page}/run", {"member": str(stranger.id)}, page=page)
    assert response.status_code == 400


def test_the_county_steering_report_counts_each_municipality(client, county):
    login(client, "ohjausryhma@lappi.example")
    page = client.get("/staff/lappi/region/report").get_data(as_text=True)
    assert "Kittilän perhekeskus" in page and "Sodankylän perhekeskus" in page
    assert "@" not in page.split("<main")[-1].split("</main>")[0]  # no email addresses, no names


def test_the_area_filter_of_a_municipal_guide_finds_the_county_entry_by_the_area_key(client, county):
    found = client.get("/kittila/services/search.json?area=perheneuvola").json["ids"]
    assert county.service in found
    page = client.get("/kittila/services").get_data(as_text=True)
    assert page.count('value="perheneuvola"') == 1  # the county's area and Kittilä's are one choice


def test_a_family_correction_to_a_shared_entry_reaches_the_county(client, county):
    page = f"/sodankyla/services/{region_demo.SERVICE_SLUG}"
    response = post_form(client, f"{page}/correction", {"body": "Numero on vaihtunut."}, page=page)
    assert response.status_code == 302
    with client.application.app_context():
        correction = db.session.scalar(sa.select(ServiceCorrection).where(
            ServiceCorrection.service_id == county.service))
        assert correction.organisation_id == find_organisation("lappi").id


def test_the_county_activity_is_in_both_calendars_and_kept_by_the_county(client, county):
    for slug in ("kittila", "sodankyla"):
        assert "Vauvaperheiden etäryhmä" in client.get(f"/{slug}/activities").get_data(as_text=True)
        assert client.get(f"/{slug}/activities/{region_demo.ACTIVITY_SLUG}").status_code == 200
        assert "Vauvaperheiden" in client.get(f"/{slug}/activities.ics").get_data(as_text=True)
    with client.application.app_context():
        activity_id = db.session.scalar(sa.select(Activity.id).where(Activity.slug == region_demo.ACTIVITY_SLUG))
    login(client, "koordinaattori@kittila.example")
    token = csrf_from(client.get("/staff/kittila/").get_data(as_text=True))
    assert client.get(f"/staff/kittila/activities/{activity_id}").status_code == 403
    assert client.post(f"/staff/kittila/activities/{activity_id}", data={"csrf_token": token}).status_code == 403


def test_a_follow_up_in_the_county_survey_follows_each_municipality_s_own_answers(app, county, factory):
    """The county's condition names its own question and option; each copy's names the copy's."""
    factory.organisation("kolari")
    with app.app_context():
        lappi, kolari = find_organisation("lappi"), find_organisation("kolari")
        services.add_member(lappi, kolari)
        master = db.session.get(Survey, county.master)
        choice = next(q for q in master.questions if q.kind.has_options and q.active_options)
        wanted = choice.active_options[0]
        surveys.save_question(master, None, kind=QuestionKind.SHORT_TEXT, text={"fi": "Kerro lisää"},
                              condition_question_id=choice.id, condition_values=[str(wanted.id)])
        copy = services.run_in(lappi, master, kolari)
        db.session.commit()
        follow_up = next(q for q in copy.questions if q.text["fi"] == "Kerro lisää")
        looked_at = db.session.get(Question, follow_up.condition_question_id)
        assert looked_at.survey_id == copy.id and looked_at.text == choice.text
        assert follow_up.condition_values == [str(next(o.id for o in looked_at.options if o.label == wanted.label))]
