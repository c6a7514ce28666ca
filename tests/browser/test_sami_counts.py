"""A Skolt Sámi reader narrows the services guide by typing: the count the script writes takes
the genitive singular for 2–6 and the partitive from 7 up, as the server's does."""

import pytest
from playwright.sync_api import expect

from tests.guide_factory import make_service

NAMES = ["Kerho", "Kerho alfa", "Kerho alfa", "Kerho alfa", "Kerho alfa beta", "Kerho alfa beta",
         "Kerho alfa beta gamma"]


@pytest.fixture
def seven_clubs(app, factory):
    org = factory.organisation("kittila")
    for i, name in enumerate(NAMES):
        make_service(app, org, slug=f"kerho-{i}", name={"fi": name}, description={"fi": "Kerho."})
    return org


def test_typing_in_skolt_counts_1_3_6_and_7_with_the_right_forms(page, seven_clubs):
    page.goto("/kittila/services?lang=sms")
    count = page.locator("#guide-count")
    expect(count).to_have_text("7 kääzzkõssâd")  # server-rendered
    for typed, shown in [("alfa", "6 kääzzkõõzz"), ("beta", "3 kääzzkõõzz"), ("gamma", "1 kääzzkõs"),
                         ("kerho", "7 kääzzkõssâd"), ("zzz", "0 kääzzkõssâd")]:
        page.fill("#q", typed)
        expect(count).to_have_text(shown)


def test_typing_a_skolt_word_without_a_sami_keyboard_finds_it(page, app, factory):
    org = factory.organisation("kittila")
    make_service(app, org, slug="saamkioll", name={"fi": "Saamenkielinen neuvonta", "sms": "Sääʹmǩiõll vueʹđđkääzzkõs"})
    make_service(app, org, slug="muu", name={"fi": "Kerho"})
    page.goto("/kittila/services?lang=sms")
    page.fill("#q", "vueddkaazzkos")
    expect(page.locator("#guide-list > li:visible")).to_have_count(1)
    page.fill("#q", "saa'mkioll")
    expect(page.locator("#guide-list > li:visible")).to_have_count(1)
    expect(page.locator("#guide-count")).to_have_text("1 kääzzkõs")
