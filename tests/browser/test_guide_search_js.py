"""Typing in the services guide's search box, with JavaScript on, finds what the server's search
finds: inflected and compound Finnish words, typos; and nothing found shows whom to call."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def demo(app):
    from webapp.core.database import db
    from webapp.demo import load_demo_data

    with app.test_request_context():
        load_demo_data()
        db.session.commit()


def shown(page) -> list[str]:
    return page.locator(".guide-card:not([hidden]) h2").all_inner_texts()


def test_typing_narrows_the_list_by_what_words_mean(page, demo):
    page.goto("/kittila/services")
    first = page.locator(".guide-card:not([hidden]) h2").first
    page.fill("#q", "lastenneuvolasta")
    expect(page.locator(".guide-card[hidden]").first).to_be_attached()
    expect(first).to_have_text("Lastenneuvola")
    page.fill("#q", "perheneuvla")  # Kittilä's own, or the county's shared into its guide
    expect(first).to_have_text(re.compile(r"^(Lapin p|P)erheneuvola$"))
    page.fill("#q", "hammaslääkäri")
    expect(page.locator("#guide-none")).to_be_visible()
    assert shown(page) == []
    assert page.locator('#guide-none a[href="tel:112"]').count() == 1
    assert page.locator('#guide-none a[href="tel:+358160001000"]').count() == 1  # the family centre
