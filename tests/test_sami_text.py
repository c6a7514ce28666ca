"""Sámi words typed without a Sámi keyboard fold to the same text as the words themselves."""

import pytest

from webapp.core.sami_text import fold_sami


@pytest.mark.parametrize("written, typed", [
    ("Sääʹmǩiõll", "saamkioll"),
    ("Sääʹmǩiõll", "Sää'mǩiõll"),            # an apostrophe for the softness sign
    ("Sääʹmǩiõll", "Sää´mkiõll"),
    ("pueʹrrvââjjamvuʹvdd", "puerrvaajjamvuvdd"),
    ("äʹššneǩ", "assnek"),
    ("Ǩiõʹǥǥ", "kiogg"),
    ("vuõđđkääzzkõs", "vuoddkaazzkos"),
    ("ǯiõʹmm ʒ", "ziomm z"),
    ("ŋ ŧ đ", "n t d"),
    ("käunnʼji", "kaunnji"),                  # ʼ (U+02BC) and a typed ’
    ("käunnʼji", "käunn’ji"),
    ("Ohcejohka ÄITI", "ohcejohka aiti"),
])
def test_what_is_typed_folds_like_what_is_written(written, typed):
    assert fold_sami(written) == fold_sami(typed)


def test_folding_keeps_the_words_apart():
    assert fold_sami("Sääʹmteʹǧǧ lomaakk") == "saamtegg lomaakk"
    assert fold_sami("Sääʹmteʹǧǧ") != fold_sami("Sääʹmǩiõll")


def test_the_services_guide_finds_a_skolt_word_typed_without_its_letters(client, app, factory):
    from tests.guide_factory import make_service

    org = factory.organisation("kittila")
    make_service(app, org, slug="saamkioll", name={"fi": "Saamenkielinen neuvonta", "sms": "Sääʹmǩiõll vueʹđđkääzzkõs"})
    make_service(app, org, slug="muu", name={"fi": "Kerho"})
    for typed in ("saamkioll", "vueddkaazzkos", "Sää'mkiõll vue'đđ"):
        page = client.get("/kittila/services", query_string={"q": typed, "lang": "sms"}).get_data(as_text=True)
        assert "/kittila/services/saamkioll" in page and "/kittila/services/muu" not in page, typed
