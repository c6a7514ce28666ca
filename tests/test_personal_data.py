"""Personal data is recognised: identity codes with a valid check character (all century
signs, including those of 2023), Finnish phone numbers, email addresses."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.core.personal_data import CHECK_CHARACTERS, find

SIGNS = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


@st.composite
def identity_codes(draw, valid=True):
    born = draw(st.dates(min_value=date(1850, 1, 1), max_value=date(2029, 12, 31)))
    century = born.year // 100 * 100
    sign = draw(st.sampled_from(SIGNS[century]))
    serial = draw(st.integers(min_value=2, max_value=899))
    body = f"{born:%d%m}{born.year % 100:02d}"
    check = CHECK_CHARACTERS[int(f"{body}{serial:03d}") % 31]
    if not valid:
        check = draw(st.sampled_from([c for c in CHECK_CHARACTERS if c != check]))
    return f"{body}{sign}{serial:03d}{check}"


words = st.text(alphabet="abcdeåäöáčʹǩ ", max_size=30)


@settings(max_examples=300, deadline=None)
@given(identity_codes(), words, words)
def test_valid_identity_codes_are_always_found(code, before, after):
    text = f"{before} {code} {after}"
    assert [(text[m.start:m.end], m.kind) for m in find(text)] == [(code, "id_code")]


@settings(max_examples=300, deadline=None)
@given(identity_codes(valid=False))
def test_codes_with_a_wrong_check_character_are_not(code):
    assert [m for m in find(f"Koodi {code} tässä") if m.kind == "id_code"] == []


@settings(max_examples=100, deadline=None)
@given(identity_codes())
def test_lower_case_codes_are_found_too(code):
    assert find(code.lower())


@pytest.mark.parametrize("text", [
    "040 123 4567", "0401234567", "+358 40 123 4567", "+358401234567", "050-1234567", "09 123 4567",
    "(09) 1234 567", "+358 (0)40 123 4567", "00358 40 1234567", "016 123 456",
])
def test_finnish_phone_numbers_are_found(text):
    assert [m.kind for m in find(f"Soita {text}, kiitos")] == ["phone"]


@pytest.mark.parametrize("text", [
    "Vuonna 2024 oli 12 lasta", "klo 14.30–16", "01.02.2024", "Huone 203, kerros 2", "Tilaa 3–5 paikkaa",
    "Hinta 10 000 €", "Postinumero 99100 Kittilä",
])
def test_ordinary_numbers_are_not_flagged(text):
    assert find(text) == []


def test_email_addresses_are_found():
    assert [m.kind for m in find("Laita viestiä äiti.virtanen@example.fi tai sivulle")] == ["email"]


def test_matches_come_in_order():
    text = "Minä 131052-308T, puh 040 123 4567, a@b.fi"
    assert [m.kind for m in find(text)] == ["id_code", "phone", "email"]


def test_an_identity_code_is_not_also_a_phone_number():
    assert [m.kind for m in find("010101A0123")] in (["id_code"], [])


def test_every_day_of_a_century_gets_its_check_character():
    day = date(2000, 1, 1)
    for offset in range(0, 366 * 3, 7):
        born = day + timedelta(days=offset)
        body = f"{born:%d%m}{born.year % 100:02d}"
        code = f"{body}A123{CHECK_CHARACTERS[int(body + '123') % 31]}"
        assert find(code)[0].kind == "id_code"


def test_overlapping_matches_are_highlighted_once():
    from webapp.core.personal_data import Match
    from webapp.ideas.text import render

    html = str(render("abc 0401234567 def", [Match(4, 14, "phone"), Match(6, 14, "phone")]))
    assert html.count("0401234567") == 1 and html.count("<mark") == 1


def test_only_local_paths_are_redirect_targets():
    from webapp.core.http.urls import safe_local_path

    for bad in ("//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "", None):
        assert safe_local_path(bad, "/home") == "/home"
    assert safe_local_path("/kittila/ideas/x?order=new", "/home") == "/kittila/ideas/x?order=new"


@st.composite
def personal_data_written_oddly(draw):
    """Personal data as people type it: codes in lower case or with spaces around the sign,
    phone numbers with dashes, dots, spaces or +358, emails in capitals."""
    kind = draw(st.sampled_from(["code", "phone", "email"]))
    if kind == "code":
        code = draw(identity_codes())
        if draw(st.booleans()):
            code = code.lower()
        if draw(st.booleans()):
            code = f"{code[:6]} {code[6]} {code[7:]}"
        return code
    if kind == "phone":
        operator = draw(st.sampled_from(["40", "44", "45", "50", "9", "16"]))
        digits = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7)))
        separator = draw(st.sampled_from([" ", "-", ".", ""]))
        prefix = draw(st.sampled_from(["0", "+358 ", "+358", "00358 "]))
        return f"{prefix}{operator}{separator}{digits[:3]}{separator}{digits[3:]}"
    local = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10))
    domain = draw(st.sampled_from(["example.fi", "perhe.example", "kittila.fi"]))
    address = f"{local}.{local[::-1]}@{domain}"
    return address.upper() if draw(st.booleans()) else address


@st.composite
def harmless_numbers(draw):
    """Numbers that look alike but name nobody: counts, years, postcodes, ages, dates, times, prices."""
    n = draw(st.integers(min_value=0, max_value=99999))
    year = draw(st.integers(min_value=1990, max_value=2040))
    day, month = draw(st.integers(min_value=1, max_value=28)), draw(st.integers(min_value=1, max_value=12))
    return draw(st.sampled_from([
        f"{n} vastausta", f"vuonna {year}", f"{n:05d} Kittilä", f"{n % 18}–{n % 18 + 2} vuotta",
        f"{day:02d}.{month:02d}.{year}", f"{day}.{month}.{year} klo {n % 24}.{n % 60:02d}",
        f"hinta {n} €", f"{n % 100} %", f"huone {n % 500}, kerros {n % 9}", f"{year}–{year + 1}",
    ]))


@settings(max_examples=300, deadline=None)
@given(personal_data_written_oddly(), words, words)
def test_personal_data_written_oddly_is_still_found(value, before, after):
    text = f"{before} {value} {after}"
    assert any(text[m.start:m.end].strip() == value.strip() for m in find(text)), (text, find(text))


@settings(max_examples=300, deadline=None)
@given(harmless_numbers(), words)
def test_numbers_that_only_look_alike_are_not_flagged(value, before):
    assert find(f"{before} {value}") == []
