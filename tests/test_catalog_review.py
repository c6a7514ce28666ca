"""The native review round trip: a reviewer gets a sheet of the Skolt Sámi strings marked
# tarkista, corrects and approves some in a spreadsheet, and the import changes exactly those,
clears their marks and keeps the catalogs complete; a broken sheet changes nothing."""

import shutil

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from webapp.core import catalog_review, catalogs
from webapp.core.catalog_review import HEADER, ReviewRefused, export_review, import_review


@pytest.fixture
def translations(tmp_path, monkeypatch):
    copy = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, copy)
    monkeypatch.setattr(catalogs, "TRANSLATIONS", copy)
    return copy


@pytest.fixture
def sheet(app, translations, tmp_path):
    path = tmp_path / "review-sms.xlsx"
    with app.app_context():
        export_review("sms", path, translations, app=app)
    return path


def entries(translations, locale="sms"):
    with (translations / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    return {m.id: (m.string, tuple(m.user_comments)) for m in catalog if m.id}


def rows_of(workbook):
    sheet = workbook.worksheets[0]
    return sheet, {(row[0].value, row[2].value): row for row in sheet.iter_rows(min_row=2)}


def edit(path, changes):
    """changes: {(key, form): (correction, approved)}; returns the row numbers edited."""
    workbook = load_workbook(path)
    sheet, rows = rows_of(workbook)
    numbers = {}
    for (key, form), (correction, approved) in changes.items():
        row = rows[(key, form)]
        row[HEADER.index("Correction")].value = correction
        row[HEADER.index("Approved")].value = approved
        numbers[(key, form)] = row[0].row
    workbook.save(path)
    return numbers


def test_the_sheet_has_what_a_reviewer_needs(sheet, translations):
    sheet_, rows = rows_of(load_workbook(sheet))
    assert sheet_.title == "sms"
    assert [cell.value for cell in next(sheet_.iter_rows(max_row=1))] == list(HEADER)
    marked = {key for key, (string, comments) in entries(translations).items() if "tarkista" in comments}
    keys = {key for key, _form in rows}
    assert len(keys) == len(marked) and "Logged in" in keys
    logged_in = [cell.value for cell in rows[("Logged in", None)]]
    assert logged_in[HEADER.index("Finnish")] == "Kirjautunut sisään"
    assert logged_in[HEADER.index("Current translation")] == "Ǩeeʹrjtõõđi sizz"
    assert logged_in[HEADER.index("Where")].startswith("webapp/audit/labels.py:")
    forms = {form: [cell.value for cell in rows[("%(num)d service", form)]] for form in (0, 1, 2)}
    assert [forms[f][HEADER.index("Numbers")] for f in (0, 1, 2)] == ["1", "2, 3, 4, 5, 6", "7, 8, 9, 10, 0"]
    assert forms[1][HEADER.index("Current translation")] == "%(num)d kääzzkõõzz"
    assert forms[1][HEADER.index("Finnish")] == "%(num)d palvelua"
    assert forms[0][HEADER.index("Pages")] == "/<org>/services"  # the page a reviewer can open
    assert "kääzzkõs" in forms[0][HEADER.index("Glossary")].lower()


def test_translators_notes_reach_the_reviewer(app, translations, tmp_path):
    """The Inari Sámi idea board's "support" is tuárjuđ, which the dictionary glosses as
    supporting with money: the catalog's note says so on the reviewer's row."""
    path = tmp_path / "review-smn.xlsx"
    with app.app_context():
        export_review("smn", path, translations)
    _sheet, rows = rows_of(load_workbook(path))
    notes = rows[("Support this idea", None)][HEADER.index("Notes")].value
    assert "tuárjuđ = tukea (rahall.)" in notes and "kyedittiđ" in notes


def test_export_then_import_changes_exactly_the_edited_strings(app, sheet, translations):
    before = entries(translations)
    edit(sheet, {
        ("Logged in", None): ("Ǩeeʹrjtõõđi sizz da ââʹnned", None),            # corrected
        ("Failed login", None): (None, "x"),                                     # approved as it is
        ("%(num)d service", 0): (None, "x"),                                     # a plural: every form decided
        ("%(num)d service", 1): (None, "x"),
        ("%(num)d service", 2): ("%(num)d kääzzkõõzzid", None),
        ("%(num)d report", 0): (None, "x"),                                      # one form only: stays marked
    })
    with app.app_context():
        report = import_review(str(sheet), translations)
    assert sorted(report.corrected) == ["%(num)d service", "Logged in"] and report.approved == ["Failed login"]
    after = entries(translations)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"Logged in", "Failed login", ("%(num)d service", "%(num)d services")}
    assert after["Logged in"] == ("Ǩeeʹrjtõõđi sizz da ââʹnned", ())
    assert after["Failed login"] == (before["Failed login"][0], ())
    service = after[("%(num)d service", "%(num)d services")]
    assert service == (("%(num)d kääzzkõs", "%(num)d kääzzkõõzz", "%(num)d kääzzkõõzzid"), ())
    assert "tarkista" in after[("%(num)d report", "%(num)d reports")][1]
    assert catalogs.check() == []
    other = {locale: entries(translations, locale) for locale in ("se", "smn", "fi")}
    assert other == {locale: entries(catalogs.TRANSLATIONS, locale) for locale in ("se", "smn", "fi")}


def test_a_broken_placeholder_is_refused_with_its_row_number(app, sheet, translations):
    original = (translations / "sms" / "LC_MESSAGES" / "messages.po").read_bytes()
    numbers = edit(sheet, {
        ("Logged in", None): ("Ǩeeʹrjtõõđi sizz", None),
        ("%(num)d service", 0): ("%(num)s kääzzkõs", None),
        ("%(num)d service", 1): (None, "x"),
        ("%(num)d service", 2): ("kääzzkõssâd", None),
    })
    with app.app_context(), pytest.raises(ReviewRefused) as refused:
        import_review(str(sheet), translations)
    problems = refused.value.problems
    assert len(problems) == 2
    assert problems[0].startswith(f"row {numbers[('%(num)d service', 0)]}: placeholders")
    assert problems[1].startswith(f"row {numbers[('%(num)d service', 2)]}: placeholders")
    assert (translations / "sms" / "LC_MESSAGES" / "messages.po").read_bytes() == original


def test_a_plural_without_all_its_form_rows_or_with_a_lookalike_is_refused(app, sheet, translations):
    workbook = load_workbook(sheet)
    sheet_, rows = rows_of(workbook)
    form_two = rows[("%(num)d service", 2)][0].row
    missing_form = rows[("%(num)d service", 1)][0].row
    rows[("Logged in", None)][HEADER.index("Correction")].value = "Ǩee'rjtõõđi sizz"
    lookalike_row = rows[("Logged in", None)][0].row
    sheet_.delete_rows(missing_form)
    workbook.save(sheet)
    with app.app_context(), pytest.raises(ReviewRefused) as refused:
        import_review(str(sheet), translations)
    text = "\n".join(refused.value.problems)
    assert f"row {lookalike_row}: ' (U+0027) in place of ʹ" in text
    assert "lacks the rows of its plural forms [1]" in text
    assert form_two != missing_form


def test_the_commands_and_the_reviewed_share(app, translations, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "review-sms.xlsx"
    result = runner.invoke(args=["translate", "review-export", "--lang", "sms", "--output", str(path)])
    assert result.exit_code == 0, result.output
    edit(path, {("Logged in", None): (None, "x")})
    result = runner.invoke(args=["translate", "check", "--report"])
    assert result.exit_code == 0, result.output
    before = [line for line in result.output.splitlines() if line.startswith("sms:")][0]
    result = runner.invoke(args=["translate", "review-import", str(path)])
    assert result.exit_code == 0, result.output
    assert "sms: 0 messages corrected, 1 approved" in result.output
    after = [line for line in runner.invoke(args=["translate", "check", "--report"]).output.splitlines()
             if line.startswith("sms:")][0]
    reviewed = [int(line.split()[1]) for line in (before, after)]
    assert reviewed[1] == reviewed[0] + 1
    not_a_sheet = tmp_path / "notes.xlsx"
    not_a_sheet.write_text("hello")
    result = runner.invoke(args=["translate", "review-import", str(not_a_sheet)])
    assert result.exit_code != 0 and "not an XLSX workbook" in result.output
    assert catalog_review.reviewed_share(translations)[2][0] == "sms"
