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
