"""Locale choice, content fallback and formatting in the six languages."""

from datetime import UTC, date, datetime

import pytest

from webapp.core.database.types import Translations
from webapp.core.i18n import format_date, format_datetime, localize, localize_with_lang, match_tag
from webapp.core.skolt_calendar import SKOLT_MONTHS, SKOLT_WEEKDAYS


@pytest.mark.parametrize("tag, locale", [
    ("se-FI", "se"), ("sme", "se"), ("se", "se"), ("smn-FI", "smn"), ("sms", "sms"),
    ("fi-FI", "fi"), ("sv-FI", "sv"), ("sv_SE", "sv"), ("en-GB", "en"), ("de-DE", None),
])
def test_accept_language_tags_map_to_our_locales(tag, locale):
    assert match_tag(tag) == locale


def lang_of(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("header, expected", [
    ("sms-FI,fi;q=0.8", "sms"), ("de-DE,sv-FI;q=0.7", "sv"), ("de,ja", "fi"), ("", "fi"),
])
def test_page_language_follows_the_browser(client, factory, header, expected):
    factory.organisation("kittila")
    html = client.get("/kittila/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert lang_of(html) == expected


def test_chosen_language_is_remembered_over_the_browser_language(client, factory):
    factory.organisation("kittila")
    first = client.get("/kittila/?lang=se", headers={"Accept-Language": "sv-FI"})
    assert lang_of(first.get_data(as_text=True)) == "se"
    cookie = first.headers["Set-Cookie"]
    assert "lang=se" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    later = client.get("/kittila/privacy", headers={"Accept-Language": "sv-FI"})
    assert lang_of(later.get_data(as_text=True)) == "se"


def test_unknown_lang_parameter_is_ignored(client, factory):
    factory.organisation("kittila")
    response = client.get("/kittila/?lang=xx")
    assert lang_of(response.get_data(as_text=True)) == "fi"
    assert "Set-Cookie" not in response.headers


def test_the_switcher_names_each_language_in_itself(client, factory):
    factory.organisation("kittila")
    html = client.get("/kittila/?lang=en").get_data(as_text=True)
    for code, name in [("fi", "suomi"), ("se", "davvisámegiella"), ("smn", "anarâškielâ"),
                       ("sms", "sääʹmǩiõll"), ("sv", "svenska"), ("en", "English")]:
        assert f'lang="{code}" hreflang="{code}"' in html
        assert f">{name}</a>" in html
    assert 'aria-current="true">English</a>' in html


@pytest.mark.parametrize("reader, text, lang", [
    ("smn", "Suomi", "fi"), ("sms", "Suomi", "fi"), ("se", "Davvi", "se"),
    ("sv", "Suomi", "fi"), ("en", "Suomi", "fi"), ("fi", "Suomi", "fi"),
])
def test_content_falls_back_through_the_chain(reader, text, lang):
    """Inari and Skolt Sámi readers get Finnish, not Northern Sámi, a different language."""
    value = Translations(fi="Suomi", se="Davvi")
    assert localize_with_lang(value, reader) == (text, lang)


@pytest.mark.parametrize("chosen, expected", [("fi", ("Suomi", "fi")), ("se", ("Davvi", "se"))])
def test_an_organisation_chooses_where_inari_and_skolt_fall_back_to(app, chosen, expected):
    from types import SimpleNamespace

    from flask import g

    value = Translations(fi="Suomi", se="Davvi")
    with app.test_request_context():
        g.organisation = SimpleNamespace(sami_fallback=chosen)
        assert localize_with_lang(value, "sms") == expected
        assert localize_with_lang(value, "smn") == expected
        assert localize_with_lang(value, "sv") == ("Suomi", "fi")
        assert localize_with_lang(Translations(fi="Suomi", sms="Sääʹm"), "sms") == ("Sääʹm", "sms")


def test_content_without_the_chain_falls_back_to_any_language():
    assert localize(Translations(en="Only English"), "smn") == "Only English"
    assert localize(Translations(), "fi") == ""
    assert localize(None, "fi") == ""


def test_translations_drop_empty_languages_and_normalise_to_nfc():
    decomposed = "Sa\u0308a\u0308ʹmǩiõll"
    value = Translations(fi="  Teksti ", se="", sms=decomposed)
    assert value == {"fi": "Teksti", "sms": "Sääʹmǩiõll"}
    assert value.missing(["fi", "se", "sms"]) == ["se"]


def test_fallback_text_is_marked_with_its_language(client, factory):
    factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttel"})
    factory.organisation("utsjoki", name={"fi": "Utsjoen perhekeskus", "se": "Ohcejoga"}, sami_fallback="se")
    html = client.get("/kittila/?lang=smn").get_data(as_text=True)
    assert '<span lang="fi">Kittilän perhekeskus</span>' in html and "Gihttel" not in html
    html = client.get("/utsjoki/?lang=sms").get_data(as_text=True)
    assert '<span lang="se">Ohcejoga</span>' in html
    html = client.get("/kittila/?lang=se").get_data(as_text=True)
    assert '<span lang="se">' not in html and "Gihttel" in html


def test_dates_use_finnish_conventions_in_every_language(app):
    day = date(2026, 11, 23)  # a Monday
    with app.test_request_context():
        assert format_date(day, "medium", "fi") == "23.11.2026"
        assert "mánnodat" in format_date(day, "full", "se")  # se_FI, not Norway's vuossárga
        assert "vuossárga" not in format_date(day, "full", "se")
        assert format_date(day, "medium", "en") == "23 Nov 2026"  # en_FI: day before month
        assert format_date(day, "full", "sms") == (
            f"{SKOLT_WEEKDAYS[0]} 23. {SKOLT_MONTHS[10]} 2026")
        assert format_date(day, "medium", "sms") == "23.11.2026"


def test_times_are_shown_in_finnish_time(app):
    moment = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 12.00 in Helsinki
    with app.test_request_context():
        assert "12.00" in format_datetime(moment, "short", "fi")
        assert "12.00" in format_datetime(moment, "short", "sms")


def test_front_page_text_in_another_language_is_marked_with_it(client, factory, app):
    from webapp.core.database import db
    from webapp.orgs.models import Organisation

    org = factory.organisation("kittila")
    with app.app_context():
        db.session.get(Organisation, org.id).description = {"fi": "Tervetuloa perhekeskukseen."}
        db.session.commit()
    html = client.get("/kittila/?lang=sms").get_data(as_text=True)
    assert '<div class="lead" lang="fi"><p>Tervetuloa perhekeskukseen.</p></div>' in html
    assert '<div class="lead"><p>Tervetuloa' in client.get("/kittila/?lang=fi").get_data(as_text=True)


def test_an_admin_sets_the_sami_fallback_in_the_settings(client, app, factory, auth):
    import sqlalchemy as sa

    from tests.conftest import post_form
    from webapp.core.database import db
    from webapp.orgs.models import Organisation

    org = factory.organisation("utsjoki", name={"fi": "Utsjoen perhekeskus", "se": "Ohcejoga"})
    factory.user("admin@utsjoki.example", organisation=org, role="admin")
    auth.login("admin@utsjoki.example")
    assert 'name="sami_fallback"' in client.get("/staff/utsjoki/settings?lang=en").get_data(as_text=True)
    fields = {"name-fi": "Utsjoen perhekeskus", "name-se": "Ohcejoga", "contact_email": "info@utsjoki.example",
              "content_locales": ["fi", "se", "sv", "en"], "volunteer_retention_months": "24"}
    refused = post_form(client, "/staff/utsjoki/settings?lang=en", {**fields, "sami_fallback": "en"})
    assert refused.status_code == 200 and "Not a valid choice." in refused.get_data(as_text=True)
    assert post_form(client, "/staff/utsjoki/settings", {**fields, "sami_fallback": "se"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Organisation.sami_fallback)) == "se"
    assert '<span lang="se">Ohcejoga</span>' in client.get("/utsjoki/?lang=smn").get_data(as_text=True)


def test_short_sami_dates_and_times_take_one_finnish_form(app):
    moment = datetime(2026, 12, 7, 4, 18, tzinfo=UTC)  # 6.18 in Helsinki
    with app.test_request_context():
        for locale in ("se", "smn", "sms"):
            assert format_date(moment, "medium", locale) == "7.12.2026", locale
            assert format_datetime(moment, "short", locale) == "7.12.2026 6.18", locale
            assert format_datetime(moment, "medium", locale) == "7.12.2026 6.18", locale
        assert format_datetime(moment, "short", "fi") == "7.12.2026 6.18"
        assert format_date(moment, "long", "sms") == f"7. {SKOLT_MONTHS[11]} 2026"


def test_skolt_calendar_names_are_the_giellalt_lemmas():
    """N_sms2x.lexc in GiellaLT lang-sms: March with a hyphen, Thursday with one l."""
    assert SKOLT_MONTHS[2] == "pâʹzzlâšttam-mään" and SKOLT_MONTHS[10] == "skamm-mään"
    assert SKOLT_WEEKDAYS[3] == "neljdpeiʹvv" and SKOLT_WEEKDAYS[1] == "mââibargg"


def test_fallback_names_in_checkboxes_and_options_carry_their_language(client, app, factory):
    """The join page in Skolt Sámi: each language is named in itself and marked so, and a
    service area with only a Finnish name is marked Finnish; the guide's area filter too."""
    import re

    from webapp.core.database import db
    from webapp.orgs.models import Organisation
    from webapp.orgs.services import save_service_area

    org = factory.organisation("kittila")
    with app.app_context():
        save_service_area(db.session.get(Organisation, org.id), None, key="neuvola", name={"fi": "Neuvola"})
        db.session.commit()
    html = client.get("/kittila/join?lang=sms").get_data(as_text=True)
    assert re.search(r'<label for="languages-\d" lang="se">davvisámegiella</label>', html)
    assert re.search(r'<label for="languages-\d" lang="sms">sääʹmǩiõll</label>', html)
    assert re.search(r'<label for="service_area_ids-0" lang="fi">Neuvola</label>', html)
    from tests.guide_factory import make_service

    make_service(app, org, area_keys=["neuvola"])
    guide = client.get("/kittila/services?lang=sms").get_data(as_text=True)
    assert re.search(r'<option value="neuvola" lang="fi">Neuvola</option>', guide)
    assert '<option value="neuvola">Neuvola</option>' in client.get("/kittila/services?lang=fi").get_data(as_text=True)


def test_a_skolt_page_in_finnish_links_to_its_northern_sami_version(client, factory):
    """A Skolt Sámi reader gets Finnish where Skolt is missing, and a link to the Northern
    Sámi page when that text is written in Northern Sámi; not when nothing is."""
    factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttel"})
    factory.organisation("sodankyla", name={"fi": "Sodankylän perhekeskus"})
    html = client.get("/kittila/?lang=sms").get_data(as_text=True)
    assert '<a href="/kittila/?lang=se" lang="se" hreflang="se">davvisámegiella</a>' in html
    assert 'class="muted also-in"' not in client.get("/sodankyla/?lang=sms").get_data(as_text=True)
    assert 'class="muted also-in"' not in client.get("/kittila/?lang=fi").get_data(as_text=True)
