"""The services guide's search understands what families type: Finnish inflections and
compounds (Voikko), typos, the organisation's synonyms, and Sámi typed without Sámi letters.
The queries are real ones, kept in `bench/guide_queries.tsv` (`python -m bench.guide_search`
measures their hit rate)."""

import re
from pathlib import Path

import pytest

from tests.conftest import post_form
from webapp.core import words
from webapp.core.database import db
from webapp.guide.demo import load_demo_guide
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area

QUERIES = Path(__file__).resolve().parent.parent / "bench" / "guide_queries.tsv"


def queries() -> list[tuple[str, str, str, str]]:
    rows = [line.split("\t") for line in QUERIES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [tuple(row) for row in rows]


@pytest.fixture
def org(factory, app):
    org = factory.organisation("kittila", locales=("fi", "se", "smn", "sms", "sv", "en"))
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        for key, name in [("neuvola", "Neuvola"), ("perheneuvola", "Perheneuvola"), ("jarjestot", "Järjestöt"),
                          ("nuorisotyo", "Nuorisotyö")]:
            save_service_area(organisation, None, key=key, name={"fi": name})
        load_demo_guide(organisation)
        db.session.commit()
    return org


def slugs(client, query: str, **args) -> list[str]:
    html = client.get("/kittila/services", query_string={"q": query, **args}).get_data(as_text=True)
    return re.findall(r'<h2><a href="/kittila/services/([^"]+)">', html)


def test_voikko_gives_base_forms_and_compound_parts():
    assert {"neuvola"} <= words.finnish_terms("neuvolaan").bases
    found = words.finnish_terms("lastenneuvolasta")
    assert "lastenneuvola" in found.bases and found.parts == ("lapsi", "neuvola")
    assert "rokotus" in words.finnish_terms("rokotukset").bases
    assert "nuori" in words.finnish_terms("nuoret").bases


def test_a_language_gets_its_own_analyser(monkeypatch):
    monkeypatch.setitem(words.ANALYSERS, "sms", lambda word: words.Terms(frozenset({"plugged"})))
    assert words.text_terms("vuäʹpstempäiʹǩǩ", "sms") == {"plugged"}


def test_real_queries_find_the_service_they_mean(client, org):
    missed = [(query, slug) for query, slug, _language, _kind in queries() if slug not in slugs(client, query)]
    finnish = [row for row in queries() if row[2] == "fi"]
    sami = [row for row in queries() if row[2] in ("se", "smn", "sms")]
    assert len(finnish) >= 20 and len(sami) >= 5
    assert missed == []


@pytest.mark.parametrize("lang, examples", [
    ("fi", "neuvola, neuvonta, kerho"), ("se", "rávvehat, rávvehus, klubba"), ("smn", "ravviittâh, ravvim, kerho"),
    ("sms", "vuäʹpstempäiʹǩǩ, vuäʹpstõs, joukk"), ("sv", "rådgivning, samtalsstöd, klubb"),
    ("en", "neuvola, counselling, club"),
])
def test_the_search_boxs_own_examples_find_something(client, org, lang, examples):
    page = client.get(f"/kittila/services?lang={lang}").get_data(as_text=True)
    help_text = re.search(r'<p class="help" id="q-help">([^<]+)</p>', page).group(1)
    for example in examples.split(", "):
        assert example in help_text.replace("&#39;", "'")
        assert slugs(client, example), (lang, example)


def test_the_best_match_comes_first(client, org):
    assert slugs(client, "perheneuvola")[0] == "perheneuvola"
    assert slugs(client, "lastenneuvolasta")[0] == "lastenneuvola"  # before entries with "lapsen … neuvolan"
    assert slugs(client, "neuvola hammaslääkäri") == []  # every word must match


def test_the_script_asks_the_same_search(client, org, app):
    ids = client.get("/kittila/services/search.json?q=lastenneuvolasta").get_json()["ids"]
    page = client.get("/kittila/services?q=lastenneuvolasta").get_data(as_text=True)
    assert ids and [int(i) for i in re.findall(r'data-id="(\d+)"', page)] == ids


def test_nothing_found_offers_the_family_centre_and_crisis_numbers(client, org):
    page = client.get("/kittila/services?q=hammaslääkäri&lang=en").get_data(as_text=True)
    assert "No service matches" in page
    for href in ('href="tel:112"', 'href="tel:116111"', 'href="tel:+358925250111"'):
        assert href in page


def test_staff_edit_synonyms_and_help_numbers(client, org, auth, factory):
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")
    assert slugs(client, "hammaslääkäri") == []
    saved = post_form(client, "/staff/kittila/services/search", {
        "synonyms": "hammaslääkäri: lastenneuvola\nkerho: perhekahvila",
        "family_centre_phone": "016 000 1000",
        "help_numbers": "Hätänumero: 112\nMieli ry:n kriisipuhelin: 09 2525 0111"})
    assert saved.status_code == 302
    assert slugs(client, "hammaslääkärille") == ["lastenneuvola"]
    assert slugs(client, "nuoret") == []  # the defaults are replaced by what staff wrote
    page = client.get("/kittila/services?q=zzzz").get_data(as_text=True)
    assert 'href="tel:+358160001000"' in page and "Mieli ry:n kriisipuhelin: 09 2525 0111" in page
    assert 'href="tel:116111"' not in page
