"""Counts follow each Sámi language's grammar: Skolt Sámi takes the genitive singular after
2–6 and the partitive from 7 up; Inari Sámi has four forms (1, 2, 3–6, 7 up); the services
guide's count, server-rendered and script-updated, uses the same rule."""

import json
import re
from html import unescape

import pytest
from babel.support import Translations
from flask_babel import force_locale, ngettext

from tests.guide_factory import make_service
from webapp.core import catalogs
from webapp.core.i18n import LOCALES, PLURAL_FORMS, plural_examples, plural_index

SKOLT_SERVICES = {1: "1 kääzzkõs", 2: "2 kääzzkõõzz", 3: "3 kääzzkõõzz", 4: "4 kääzzkõõzz",
                  5: "5 kääzzkõõzz", 6: "6 kääzzkõõzz", 7: "7 kääzzkõssâd", 12: "12 kääzzkõssâd"}


def test_skolt_counts_render_the_genitive_for_2_to_6_and_the_partitive_from_7(app):
    with app.test_request_context(), force_locale("sms"):
        rendered = {n: ngettext("%(num)d service", "%(num)d services", n) for n in SKOLT_SERVICES}
    assert rendered == SKOLT_SERVICES


def test_the_compiled_catalogs_carry_the_rules_of_the_grammar(app):
    catalogs.compile_catalogs()
    chosen = {locale: [Translations.load(str(catalogs.TRANSLATIONS), [locale]).plural(n)
                       for n in (0, 1, 2, 3, 6, 7, 21)] for locale in LOCALES}
    assert chosen["sms"] == [2, 0, 1, 1, 1, 2, 2]
    assert chosen["smn"] == [2, 0, 1, 2, 2, 3, 3]
    assert chosen["se"] == [2, 0, 1, 2, 2, 2, 2]
    assert chosen["fi"] == chosen["sv"] == chosen["en"] == [1, 0, 1, 1, 1, 1, 1]


def test_plural_examples_name_the_counts_of_each_form():
    assert plural_examples("sms") == [[1], [2, 3, 4, 5, 6], [7, 8, 9, 10, 0]]
    assert plural_examples("smn") == [[1], [2], [3, 4, 5, 6, 0], [7, 8, 9, 10]]
    assert [plural_index("sms", n) for n in (1, 3, 6, 7)] == [0, 1, 1, 2]


@pytest.mark.parametrize("locale", ["se", "smn", "sms"])
def test_every_sami_plural_entry_has_all_its_forms(locale):
    from babel.messages.pofile import read_po

    with catalogs.po_path(locale).open("rb") as f:
        catalog = read_po(f, locale=locale)
    nplurals = int(re.search(r"nplurals=(\d)", PLURAL_FORMS[locale]).group(1))
    plurals = [m for m in catalog if m.id and m.pluralizable]
    assert plurals and catalog.num_plurals == nplurals
    for message in plurals:
        assert len(message.string) == nplurals and all(form.strip() for form in message.string), message.id


@pytest.fixture
def catalog_copy(tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, copy)
    monkeypatch.setattr(catalogs, "TRANSLATIONS", copy)
    monkeypatch.setattr(catalogs, "TEMPLATE_FILE", copy / "messages.pot")
    return copy


def test_the_check_refuses_skolt_with_cldrs_dual_rule(catalog_copy):
    path = catalog_copy / "sms" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(PLURAL_FORMS["sms"], "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"),
                    encoding="utf-8")
    problems = catalogs.check()
    assert any(p.startswith("sms: Plural-Forms") for p in problems)
    assert not any(p.startswith(("se:", "smn:")) for p in problems)


def test_a_new_catalog_starts_with_our_rule_not_cldrs(catalog_copy):
    (catalog_copy / "sms" / "LC_MESSAGES" / "messages.po").unlink()
    catalogs.update()
    text = (catalog_copy / "sms" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert f'"Plural-Forms: {PLURAL_FORMS["sms"]}\\n"' in text


def _counter(html: str) -> tuple[str, list[str], str]:
    tag = re.search(r'<p id="guide-count"[^>]*>([^<]*)</p>', html)
    forms = json.loads(unescape(re.search(r'data-forms="([^"]*)"', tag.group(0)).group(1)))
    return tag.group(1), forms, re.search(r'data-plural="([0-9]*)"', tag.group(0)).group(1)


def test_the_guide_count_in_skolt_and_what_its_script_is_given(client, app, factory):
    org = factory.organisation("kittila")
    for i in range(3):
        make_service(app, org, slug=f"palvelu-{i}", name={"fi": f"Palvelu {i}"})
    text, forms, indices = _counter(client.get("/kittila/services?lang=sms").get_data(as_text=True))
    assert text == "3 kääzzkõõzz"
    assert forms == ["%(num)d kääzzkõs", "%(num)d kääzzkõõzz", "%(num)d kääzzkõssâd"]
    assert indices == "2011"  # 0, 1, 2, 3 shown services
    text, forms, indices = _counter(client.get("/kittila/services?lang=smn").get_data(as_text=True))
    assert len(forms) == 4 and indices == "2012"


@pytest.mark.parametrize("locale", ["fi", "se", "smn", "sms", "sv"])
def test_numbers_use_the_finnish_separators_in_every_language_of_finland(app, locale):
    from webapp.core.i18n import format_number

    assert format_number(3.5, locale) == "3,5"
    assert format_number(1234567.5, locale) == "1\u00a0234\u00a0567,5"
